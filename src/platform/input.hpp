#pragma once
// What no request may carry in any text: C0 control characters (checked for every body before a
// route reads it; the route's codec then reads the body strictly, platform/codec.hpp).
#include <optional>
#include <string>
#include <string_view>

namespace duet {

//! True when text holds a C0 control character other than tab, line feed and carriage return (NUL
//! among them): no stored text may carry one (PostgreSQL cuts text at NUL; logs and PDFs garble).
bool HasControlCharacter(std::string_view text);
//! The path of the first string (key or value) in a JSON body that has a control character, e.g.
//! "client.name" or "sections[0].id"; nullopt when there is none (or the body is not JSON: the
//! route's own reading reports that).
std::optional<std::string> ControlCharacterField(std::string_view json_body);

}  // namespace duet
