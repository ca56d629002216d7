#include "platform/api.hpp"

#include <charconv>

namespace duet::api_detail {

nlohmann::json QueryValue(const std::string& text, bool integral, bool boolean) {
  if (integral) {
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec == std::errc() && end == text.data() + text.size()) return n;
  }
  if (boolean && (text == "true" || text == "false")) return text == "true";
  return text;
}

}  // namespace duet::api_detail
