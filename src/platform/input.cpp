#include "platform/input.hpp"

#include <algorithm>

namespace duet {
namespace {
std::string Trim(std::string s) {
  auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}
}  // namespace

Input::Input(std::string_view body, std::initializer_list<std::string_view> allowed) {
  owned_ = nlohmann::json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (owned_.is_discarded()) {
    owned_ = nlohmann::json::object();
    parsed_ = false;
    errors_.push_back({"", "The body is not valid JSON."});
    return;
  }
  if (!owned_.is_object()) {
    owned_ = nlohmann::json::object();
    parsed_ = false;
    errors_.push_back({"", "The body must be a JSON object."});
    return;
  }
  CheckAllowed(allowed);
}

Input::Input(const nlohmann::json& object, std::initializer_list<std::string_view> allowed, std::string prefix,
             Input& parent)
    : prefix_(std::move(prefix)), parent_(&parent) {
  if (!object.is_object()) {
    parsed_ = false;
    owned_ = nlohmann::json::object();
    std::string path = prefix_.empty() ? prefix_ : prefix_.substr(0, prefix_.size() - 1);
    AddError(path, "Must be an object.");
    return;
  }
  object_ = &object;
  CheckAllowed(allowed);
}

void Input::CheckAllowed(std::initializer_list<std::string_view> allowed) {
  for (auto it = object_->begin(); it != object_->end(); ++it)
    if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end())
      AddError(Path(it.key()), "Unknown field.");
}

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

void Input::AddError(std::string field, std::string message) {
  errors_ref().push_back({std::move(field), std::move(message)});
}

const nlohmann::json* Input::Field(std::string_view field) const {
  auto it = object_->find(std::string(field));
  if (it == object_->end() || it->is_null()) return nullptr;
  return &*it;
}

bool Input::Has(std::string_view field) const { return object_->contains(std::string(field)); }

std::string Input::RequiredString(std::string_view field, std::size_t max_len) {
  const auto* v = Field(field);
  if (!parsed_) return {};
  if (!v) {
    AddError(Path(field), "Required.");
    return {};
  }
  if (!v->is_string()) {
    AddError(Path(field), "Must be a string.");
    return {};
  }
  std::string s = Trim(v->get<std::string>());
  if (s.empty())
    AddError(Path(field), "Required.");
  else if (s.size() > max_len)
    AddError(Path(field), "At most " + std::to_string(max_len) + " characters.");
  return s;
}

std::optional<std::string> Input::OptionalString(std::string_view field, std::size_t max_len) {
  const auto* v = Field(field);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    AddError(Path(field), "Must be a string.");
    return std::nullopt;
  }
  std::string s = Trim(v->get<std::string>());
  if (s.size() > max_len) {
    AddError(Path(field), "At most " + std::to_string(max_len) + " characters.");
    return std::nullopt;
  }
  return s;
}

std::optional<bool> Input::OptionalBool(std::string_view field) {
  const auto* v = Field(field);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    AddError(Path(field), "Must be true or false.");
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<std::int64_t> Input::OptionalInt(std::string_view field, std::int64_t min, std::int64_t max) {
  const auto* v = Field(field);
  if (!v) return std::nullopt;
  if (!v->is_number_integer()) {
    AddError(Path(field), "Must be a whole number.");
    return std::nullopt;
  }
  auto n = v->get<std::int64_t>();
  if (n < min || n > max) {
    AddError(Path(field), "Must be between " + std::to_string(min) + " and " + std::to_string(max) + ".");
    return std::nullopt;
  }
  return n;
}

std::optional<double> Input::OptionalNumber(std::string_view field) {
  const auto* v = Field(field);
  if (!v) return std::nullopt;
  if (!v->is_number()) {
    AddError(Path(field), "Must be a number.");
    return std::nullopt;
  }
  return v->get<double>();
}

const nlohmann::json* Input::OptionalArray(std::string_view field) {
  const auto* v = Field(field);
  if (!v) return nullptr;
  if (!v->is_array()) {
    AddError(Path(field), "Must be a list.");
    return nullptr;
  }
  if (v->size() > 50) {
    AddError(Path(field), "At most 50 entries.");
    return nullptr;
  }
  return v;
}

const nlohmann::json* Input::OptionalObject(std::string_view field) {
  const auto* v = Field(field);
  if (!v) return nullptr;
  if (!v->is_object()) {
    AddError(Path(field), "Must be an object.");
    return nullptr;
  }
  return v;
}

}  // namespace duet
