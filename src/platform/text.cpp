#include "platform/text.hpp"

namespace duet {

bool IsEmailShape(std::string_view email) {
  auto at = email.find('@');
  return email.size() <= 254 && at != std::string_view::npos && at > 0 &&
         email.find('@', at + 1) == std::string_view::npos && email.find('.', at) != std::string_view::npos &&
         email.back() != '.' && at + 1 < email.size() && email[at + 1] != '.' &&
         email.find(' ') == std::string_view::npos;
}

}  // namespace duet
