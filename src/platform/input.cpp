#include "platform/input.hpp"

#include <nlohmann/json.hpp>

namespace duet {

bool HasControlCharacter(std::string_view text) {
  for (unsigned char c : text)
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return true;
  return false;
}

namespace {
std::optional<std::string> FindControl(const nlohmann::json& j, const std::string& path) {
  if (j.is_string())
    return HasControlCharacter(j.get_ref<const std::string&>()) ? std::optional<std::string>(path) : std::nullopt;
  if (j.is_array()) {
    std::size_t i = 0;
    for (const auto& v : j) {
      if (auto p = FindControl(v, path + "[" + std::to_string(i) + "]")) return p;
      ++i;
    }
  } else if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      const std::string at = path.empty() ? it.key() : path + "." + it.key();
      if (HasControlCharacter(it.key())) return at;
      if (auto p = FindControl(it.value(), at)) return p;
    }
  }
  return std::nullopt;
}
}  // namespace

std::optional<std::string> ControlCharacterField(std::string_view json_body) {
  // JSON carries a control character only as a backslash-u escape: most bodies have none,
  // and are not parsed twice.
  if (json_body.find("\\u00") == std::string_view::npos) return std::nullopt;
  auto j = nlohmann::json::parse(json_body, nullptr, false);
  if (j.is_discarded()) return std::nullopt;
  return FindControl(j, "");
}

}  // namespace duet
