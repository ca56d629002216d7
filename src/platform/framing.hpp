#pragma once
// Request framing (RFC 9112 section 6), decided on the parsed header before the body is read. Header
// only: the server's Beast translation unit and the parser's fuzz target share it.
#include <algorithm>
#include <cctype>
#include <string>

#include <boost/beast/http/fields.hpp>

namespace duet::http {

//! Why a request's framing is ambiguous (RFC 9112 section 6), or nullptr: a proxy in front could read
//! its body differently, so a second request hidden in it would be served (request smuggling).
//! Only "chunked" alone is accepted as a transfer coding, never together with Content-Length.
inline const char* AmbiguousFraming(const boost::beast::http::fields& f) {
  std::size_t codings = 0, lengths = 0;
  std::string te, cl;
  for (const auto& h : f) {
    if (h.name() == boost::beast::http::field::transfer_encoding) {
      ++codings;
      te = std::string(h.value());
    } else if (h.name() == boost::beast::http::field::content_length) {
      if (lengths++ > 0 && std::string(h.value()) != cl) return "Conflicting Content-Length headers.";
      cl = std::string(h.value());
    }
  }
  if (codings == 0) return nullptr;
  if (lengths > 0) return "Content-Length and Transfer-Encoding together.";
  while (!te.empty() && (te.back() == ' ' || te.back() == '\t')) te.pop_back();
  while (!te.empty() && (te.front() == ' ' || te.front() == '\t')) te.erase(te.begin());
  std::transform(te.begin(), te.end(), te.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (codings > 1 || te != "chunked") return "Only Transfer-Encoding: chunked is accepted.";
  return nullptr;
}

}  // namespace duet::http
