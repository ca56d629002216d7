#include "platform/text.hpp"

namespace duet {

bool IsEmailShape(std::string_view email) {
  auto at = email.find('@');
  return email.size() <= 254 && at != std::string_view::npos && at > 0 &&
         email.find('@', at + 1) == std::string_view::npos && email.find('.', at) != std::string_view::npos &&
         email.back() != '.' && at + 1 < email.size() && email[at + 1] != '.' &&
         email.find(' ') == std::string_view::npos;
}

std::string FormatDollars(std::int64_t cents) {
  const bool negative = cents < 0;
  const std::uint64_t abs = negative ? 0 - static_cast<std::uint64_t>(cents) : static_cast<std::uint64_t>(cents);
  std::string whole = std::to_string(abs / 100);
  for (int i = static_cast<int>(whole.size()) - 3; i > 0; i -= 3) whole.insert(static_cast<std::size_t>(i), ",");
  const auto part = abs % 100;
  return (negative ? "-$" : "$") + whole + (part < 10 ? ".0" : ".") + std::to_string(part);
}

}  // namespace duet
