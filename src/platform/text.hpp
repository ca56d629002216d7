#pragma once
// Shapes of text shared by the rules and the codecs (pure; part of duet_core).
#include <string_view>

namespace duet {

//! True for a plausible e-mail address: one @, a dot in the domain, no spaces, at most 254 characters.
bool IsEmailShape(std::string_view email);

}  // namespace duet
