#pragma once
// Outbound HTTP requests to services the practice uses (a text-message provider, a payment processor),
// over libcurl: one POST with a body, an optional bearer token and headers, and the answer.
#include <string>
#include <vector>

#include "platform/http.hpp"
#include "platform/result.hpp"

namespace duet::outbound {

struct Answer {
  long status = 0;
  std::string body;
};

//! POSTs `body` to an http(s) URL; an error only when no answer came (any HTTP status is an answer).
Result<Answer> Post(const std::string& url, const std::string& content_type, const std::string& body,
                    const std::string& bearer = {}, const std::vector<http::Header>& headers = {});

//! GETs an http(s) URL with an optional bearer token; an error only when no answer came.
Result<Answer> Get(const std::string& url, const std::string& bearer = {});

//! `application/x-www-form-urlencoded` of name/value pairs (names may carry brackets: `metadata[key]`).
std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace duet::outbound
