#include "platform/mail.hpp"

#include <curl/curl.h>

#include <chrono>
#include <cstring>
#include <ctime>

#include <nlohmann/json.hpp>

#include "platform/crypto.hpp"
#include "platform/outbound.hpp"

namespace duet::mail {
namespace {

struct Payload {
  std::string data;
  std::size_t offset = 0;
};

std::size_t ReadPayload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* p = static_cast<Payload*>(user);
  std::size_t n = std::min(size * count, p->data.size() - p->offset);
  std::memcpy(buffer, p->data.data() + p->offset, n);
  p->offset += n;
  return n;
}

// The address inside "Name <addr>", or the whole string.
std::string Address(const std::string& s) {
  auto lt = s.find('<');
  auto gt = s.find('>');
  if (lt != std::string::npos && gt != std::string::npos && gt > lt) return s.substr(lt + 1, gt - lt - 1);
  return s;
}

bool SafeHeader(const std::string& s) { return s.find('\r') == std::string::npos && s.find('\n') == std::string::npos; }

}  // namespace

SmtpMailer::SmtpMailer(std::string url, std::string from, std::string username, std::string password)
    : url_(std::move(url)), from_(std::move(from)), username_(std::move(username)), password_(std::move(password)) {
  static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  (void)initialised;
}

Status SmtpMailer::Send(const Message& m) {
  if (url_.empty()) return Fail(ErrorCode::kUnavailable, "No mail server is configured.");
  if (!SafeHeader(m.to) || !SafeHeader(m.subject)) return Fail(ErrorCode::kInvalid, "Header injection refused.");
  char date[64];
  std::time_t now = std::time(nullptr);
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", std::gmtime(&now));
  Payload payload;
  payload.data = "Date: " + std::string(date) + "\r\nTo: <" + Address(m.to) + ">\r\nFrom: " + from_ +
                 "\r\nMessage-ID: <" + crypto::NewId() + "@duet>\r\nSubject: " + m.subject +
                 "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n";
  // SMTP transparency (RFC 5321 §4.5.2): a line starting with "." gets a second one.
  std::string body = m.body;
  std::string out;
  bool line_start = true;
  for (char ch : body) {
    if (ch == '\n' && (out.empty() || out.back() != '\r')) out += '\r';
    if (line_start && ch == '.') out += '.';
    out += ch;
    line_start = ch == '\n';
  }
  payload.data += out + "\r\n";

  CURL* curl = curl_easy_init();
  if (!curl) return Fail(ErrorCode::kUnavailable, "Mail could not be sent.", "curl_easy_init failed");
  curl_slist* rcpt = curl_slist_append(nullptr, ("<" + Address(m.to) + ">").c_str());
  curl_easy_setopt(curl, CURLOPT_URL, url_.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, ("<" + Address(from_) + ">").c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadPayload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &payload);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  if (!username_.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, username_.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, password_.c_str());
  }
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) return Fail(ErrorCode::kUnavailable, "Mail could not be sent.", curl_easy_strerror(rc));
  return {};
}

WebhookTexter::WebhookTexter(std::string url, std::string token) : url_(std::move(url)), token_(std::move(token)) {
  static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  (void)initialised;
}

Status WebhookTexter::Send(const Text& t) {
  if (url_.empty()) return Fail(ErrorCode::kUnavailable, "No text message provider is configured.");
  auto answer = outbound::Post(url_, "application/json", nlohmann::json{{"to", t.to}, {"body", t.body}}.dump(), token_);
  if (!answer) return Fail(ErrorCode::kUnavailable, "The text could not be sent.", answer.error().internal_detail);
  if (answer->status < 200 || answer->status >= 300)
    return Fail(ErrorCode::kUnavailable, "The text could not be sent.",
                "provider answered " + std::to_string(answer->status));
  return {};
}

}  // namespace duet::mail
