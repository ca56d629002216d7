#pragma once
// Reading a JSON request body strictly: unknown fields, wrong types and missing fields are all
// reported together as field errors; nothing here throws.
#include <nlohmann/json.hpp>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "platform/problem.hpp"

namespace duet {

//! A JSON object being read field by field; collects every problem.
class Input {
 public:
  //! Parses body; `allowed` lists the only field names accepted.
  Input(std::string_view body, std::initializer_list<std::string_view> allowed);

  //! True when the body parsed and every field read so far was valid.
  bool ok() const { return errors_.empty(); }
  const std::vector<FieldError>& errors() const { return errors_; }

  //! A required non-empty string of at most max_len characters (trimmed).
  std::string RequiredString(std::string_view field, std::size_t max_len = 500);
  //! An optional string; empty when absent or null.
  std::optional<std::string> OptionalString(std::string_view field, std::size_t max_len = 500);
  //! An optional boolean.
  std::optional<bool> OptionalBool(std::string_view field);
  //! An optional integer within [min, max].
  std::optional<std::int64_t> OptionalInt(std::string_view field, std::int64_t min, std::int64_t max);
  //! True if the field is present (even if null).
  bool Has(std::string_view field) const;
  //! Adds a problem found by the caller's own validation.
  void AddError(std::string field, std::string message) { errors_.push_back({std::move(field), std::move(message)}); }
  //! The parsed object (empty object when parsing failed).
  const nlohmann::json& json() const { return json_; }

 private:
  const nlohmann::json* Field(std::string_view field) const;
  nlohmann::json json_;
  bool parsed_ = true;  // false when the body is not a JSON object: field checks then add nothing
  std::vector<FieldError> errors_;
};

}  // namespace duet
