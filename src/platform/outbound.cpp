#include "platform/outbound.hpp"

#include <curl/curl.h>

#include <cctype>

namespace duet::outbound {

namespace {
//! One request: a POST with `body` (when `post`), or a GET.
Result<Answer> Send(const std::string& url, bool post, const std::string& content_type, const std::string& body,
                    const std::string& bearer, const std::vector<http::Header>& headers) {
  static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  (void)initialised;
  CURL* curl = curl_easy_init();
  if (!curl) return Fail(ErrorCode::kUnavailable, "The service could not be reached.", "curl_easy_init failed");
  curl_slist* list = post ? curl_slist_append(nullptr, ("Content-Type: " + content_type).c_str()) : nullptr;
  if (!bearer.empty()) list = curl_slist_append(list, ("Authorization: Bearer " + bearer).c_str());
  for (const auto& h : headers) list = curl_slist_append(list, (h.name + ": " + h.value).c_str());
  Answer answer;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  if (post) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer.body);
  curl_easy_setopt(
      curl, CURLOPT_WRITEFUNCTION, +[](char* data, std::size_t size, std::size_t n, void* out) {
        auto* s = static_cast<std::string*>(out);
        if (s->size() + size * n > (1u << 20)) return std::size_t{0};  // an answer over 1 MiB is refused
        s->append(data, size * n);
        return size * n;
      });
  const CURLcode rc = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer.status);
  curl_slist_free_all(list);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) return Fail(ErrorCode::kUnavailable, "The service could not be reached.", curl_easy_strerror(rc));
  return answer;
}
}  // namespace

Result<Answer> Post(const std::string& url, const std::string& content_type, const std::string& body,
                    const std::string& bearer, const std::vector<http::Header>& headers) {
  return Send(url, true, content_type, body, bearer, headers);
}

Result<Answer> Get(const std::string& url, const std::string& bearer) { return Send(url, false, {}, {}, bearer, {}); }

std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields) {
  auto escape = [](const std::string& s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
        out += static_cast<char>(c);
      } else {
        out += '%';
        out += kHex[c >> 4];
        out += kHex[c & 15];
      }
    }
    return out;
  };
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '&';
    out += escape(name) + "=" + escape(value);
  }
  return out;
}

}  // namespace duet::outbound
