#pragma once
// Shapes of text shared by the rules and the codecs (pure; part of duet_core).
#include <cstdint>
#include <string>
#include <string_view>

namespace duet {

//! True for a plausible e-mail address: one @, a dot in the domain, no spaces, at most 254 characters.
bool IsEmailShape(std::string_view email);

//! Cents as dollars for people to read: "$1,234.56", "-$12.00".
std::string FormatDollars(std::int64_t cents);

}  // namespace duet
