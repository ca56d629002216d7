// libFuzzer target: Beast's HTTP/1.1 request parser with Duet's framing rule (RFC 9112 section 6) and
// percent-decoding of the target, over arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "platform/framing.hpp"
#include "platform/http.hpp"
#include "platform/input.hpp"

namespace bhttp = boost::beast::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  bhttp::request_parser<bhttp::string_body> parser;
  parser.body_limit(1 << 20);
  parser.header_limit(16 * 1024);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (parser.is_header_done()) {
    (void)duet::http::AmbiguousFraming(parser.get().base());
    std::string target(parser.get().target());
    (void)duet::http::PercentDecode(target, true);
    if (auto decoded = duet::http::PercentDecode(target, false)) (void)duet::HasControlCharacter(*decoded);
  }
  return 0;
}
