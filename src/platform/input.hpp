#pragma once
// Reading a JSON request body strictly: unknown fields, wrong types and missing fields are all
// reported together as field errors (nested fields as "address.city", "guardians[0].name");
// nothing here throws.
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "platform/problem.hpp"

namespace duet {

//! True when text holds a C0 control character other than tab, line feed and carriage return (NUL
//! among them): no stored text may carry one (PostgreSQL cuts text at NUL; logs and PDFs garble).
bool HasControlCharacter(std::string_view text);
//! The path of the first string (key or value) in a JSON body that has a control character, e.g.
//! "client.name" or "sections[0].id"; nullopt when there is none (or the body is not JSON: the
//! route's own reading reports that).
std::optional<std::string> ControlCharacterField(std::string_view json_body);

//! A JSON object being read field by field; collects every problem.
class Input {
 public:
  //! Parses body; `allowed` lists the only field names accepted.
  Input(std::string_view body, std::initializer_list<std::string_view> allowed);
  //! Reads a nested object; problems go to `parent` with `prefix` before each field name.
  Input(const nlohmann::json& object, std::initializer_list<std::string_view> allowed, std::string prefix,
        Input& parent);

  //! True when the body parsed and every field read so far was valid.
  bool ok() const { return errors_ref().empty(); }
  const std::vector<FieldError>& errors() const { return errors_ref(); }

  //! A required non-empty string of at most max_len characters (trimmed).
  std::string RequiredString(std::string_view field, std::size_t max_len = 500);
  //! An optional string; nullopt when absent or null.
  std::optional<std::string> OptionalString(std::string_view field, std::size_t max_len = 500);
  //! An optional boolean.
  std::optional<bool> OptionalBool(std::string_view field);
  //! An optional integer within [min, max].
  std::optional<std::int64_t> OptionalInt(std::string_view field, std::int64_t min, std::int64_t max);
  //! An optional number (whole or not; range checks are the caller's rule).
  std::optional<double> OptionalNumber(std::string_view field);
  //! An optional array (nullptr when absent or null; a field error when not an array).
  const nlohmann::json* OptionalArray(std::string_view field);
  //! An optional object (nullptr when absent or null; a field error when not an object).
  const nlohmann::json* OptionalObject(std::string_view field);
  //! True if the field is present (even if null).
  bool Has(std::string_view field) const;
  //! Adds a problem found by the caller's own validation.
  void AddError(std::string field, std::string message);
  //! The field name as reported (with the nesting prefix).
  std::string Path(std::string_view field) const { return prefix_ + std::string(field); }
  //! The parsed object (empty object when parsing failed).
  const nlohmann::json& json() const { return *object_; }

 private:
  const nlohmann::json* Field(std::string_view field) const;
  std::vector<FieldError>& errors_ref() { return parent_ ? parent_->errors_ref() : errors_; }
  const std::vector<FieldError>& errors_ref() const { return parent_ ? parent_->errors_ref() : errors_; }
  void CheckAllowed(std::initializer_list<std::string_view> allowed);

  nlohmann::json owned_;
  const nlohmann::json* object_ = &owned_;
  bool parsed_ = true;  // false when the body is not a JSON object: field checks then add nothing
  std::string prefix_;
  Input* parent_ = nullptr;
  std::vector<FieldError> errors_;
};

}  // namespace duet
