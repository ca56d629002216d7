// The network module (platform/module.hpp): HTTP requests and SMTP over libcurl, opened on the first
// message or request. https://curl.se/libcurl/c/libcurl-tutorial.html
#include <curl/curl.h>

#include <algorithm>
#include <cstring>

#include "platform/module.hpp"

namespace duet::net {
namespace {

constexpr std::size_t kMaxAnswer = 1u << 20;  // an answer over 1 MiB is refused

// One handle with what every transfer sets; nullptr when libcurl cannot make one.
CURL* NewHandle(const std::string& url) {
  static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  if (!initialised) return nullptr;
  CURL* curl = curl_easy_init();
  if (!curl) return nullptr;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  return curl;
}

Result<module::HttpAnswer> Http(const std::string& url, bool post, const std::string& body,
                                const std::vector<std::string>& headers) {
  CURL* curl = NewHandle(url);
  if (!curl) return Fail(ErrorCode::kUnavailable, "The service could not be reached.", "curl_easy_init failed");
  curl_slist* list = nullptr;
  for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
  module::HttpAnswer answer;
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  if (post) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer.body);
  curl_easy_setopt(
      curl, CURLOPT_WRITEFUNCTION, +[](char* data, std::size_t size, std::size_t n, void* out) {
        auto* s = static_cast<std::string*>(out);
        if (s->size() + size * n > kMaxAnswer) return std::size_t{0};
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

struct Payload {
  const std::string* data;
  std::size_t offset = 0;
};

Status Smtp(const std::string& url, const std::string& from_address, const std::string& to_address,
            const std::string& username, const std::string& password, const std::string& payload) {
  CURL* curl = NewHandle(url);
  if (!curl) return Fail(ErrorCode::kUnavailable, "Mail could not be sent.", "curl_easy_init failed");
  Payload reader{&payload};
  curl_slist* rcpt = curl_slist_append(nullptr, ("<" + to_address + ">").c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, ("<" + from_address + ">").c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(
      curl, CURLOPT_READFUNCTION, +[](char* buffer, std::size_t size, std::size_t count, void* user) {
        auto* p = static_cast<Payload*>(user);
        std::size_t n = std::min(size * count, p->data->size() - p->offset);
        std::memcpy(buffer, p->data->data() + p->offset, n);
        p->offset += n;
        return n;
      });
  curl_easy_setopt(curl, CURLOPT_READDATA, &reader);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
  if (!username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, password.c_str());
  }
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) return Fail(ErrorCode::kUnavailable, "Mail could not be sent.", curl_easy_strerror(rc));
  return {};
}

}  // namespace
}  // namespace duet::net

DUET_MODULE_EXPORT const duet::module::NetApi* duet_net_api() {
  static const duet::module::NetApi api{duet::net::Http, duet::net::Smtp};
  return &api;
}
