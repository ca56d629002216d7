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
  json_ = nlohmann::json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (json_.is_discarded()) {
    json_ = nlohmann::json::object();
    parsed_ = false;
    errors_.push_back({"", "The body is not valid JSON."});
    return;
  }
  if (!json_.is_object()) {
    json_ = nlohmann::json::object();
    parsed_ = false;
    errors_.push_back({"", "The body must be a JSON object."});
    return;
  }
  for (auto it = json_.begin(); it != json_.end(); ++it) {
    if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end())
      errors_.push_back({it.key(), "Unknown field."});
  }
}

const nlohmann::json* Input::Field(std::string_view field) const {
  auto it = json_.find(std::string(field));
  if (it == json_.end() || it->is_null()) return nullptr;
  return &*it;
}

bool Input::Has(std::string_view field) const { return json_.contains(std::string(field)); }

std::string Input::RequiredString(std::string_view field, std::size_t max_len) {
  const auto* v = Field(field);
  if (!parsed_) return {};
  if (!v) {
    AddError(std::string(field), "Required.");
    return {};
  }
  if (!v->is_string()) {
    AddError(std::string(field), "Must be a string.");
    return {};
  }
  std::string s = Trim(v->get<std::string>());
  if (s.empty()) AddError(std::string(field), "Required.");
  else if (s.size() > max_len) AddError(std::string(field), "At most " + std::to_string(max_len) + " characters.");
  return s;
}

std::optional<std::string> Input::OptionalString(std::string_view field, std::size_t max_len) {
  const auto* v = Field(field);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    AddError(std::string(field), "Must be a string.");
    return std::nullopt;
  }
  std::string s = Trim(v->get<std::string>());
  if (s.size() > max_len) {
    AddError(std::string(field), "At most " + std::to_string(max_len) + " characters.");
    return std::nullopt;
  }
  return s;
}

std::optional<bool> Input::OptionalBool(std::string_view field) {
  const auto* v = Field(field);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    AddError(std::string(field), "Must be true or false.");
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<std::int64_t> Input::OptionalInt(std::string_view field, std::int64_t min, std::int64_t max) {
  const auto* v = Field(field);
  if (!v) return std::nullopt;
  if (!v->is_number_integer()) {
    AddError(std::string(field), "Must be a whole number.");
    return std::nullopt;
  }
  auto n = v->get<std::int64_t>();
  if (n < min || n > max) {
    AddError(std::string(field), "Must be between " + std::to_string(min) + " and " + std::to_string(max) + ".");
    return std::nullopt;
  }
  return n;
}

}  // namespace duet
