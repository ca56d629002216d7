#include "platform/mail.hpp"

#include <algorithm>
#include <ctime>

#include <nlohmann/json.hpp>

#include "platform/crypto.hpp"
#include "platform/db/db.hpp"
#include "platform/module.hpp"
#include "platform/outbound.hpp"

namespace duet::mail {
namespace {

// The address inside "Name <addr>", or the whole string.
std::string Address(const std::string& s) {
  auto lt = s.find('<');
  auto gt = s.find('>');
  if (lt != std::string::npos && gt != std::string::npos && gt > lt) return s.substr(lt + 1, gt - lt - 1);
  return s;
}

bool SafeHeader(const std::string& s) { return s.find('\r') == std::string::npos && s.find('\n') == std::string::npos; }

bool Ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// A header value with letters outside ASCII ("Únase a…") as RFC 2047 encoded words, each under 76
// characters and split between whole UTF-8 characters.
std::string HeaderText(const std::string& s) {
  if (Ascii(s)) return s;
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t n = std::min<std::size_t>(45, s.size() - i);
    while (i + n < s.size() && (static_cast<unsigned char>(s[i + n]) & 0xC0) == 0x80) --n;  // not mid-character
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + crypto::Base64Encode(std::string_view(s).substr(i, n)) + "?=";
    i += n;
  }
  return out;
}

}  // namespace

SmtpMailer::SmtpMailer(std::string url, std::string from, std::string username, std::string password)
    : url_(std::move(url)), from_(std::move(from)), username_(std::move(username)), password_(std::move(password)) {}

Status SmtpMailer::Send(const Message& m) {
  if (url_.empty()) return Fail(ErrorCode::kUnavailable, "No mail server is configured.");
  if (!SafeHeader(m.to) || !SafeHeader(m.subject)) return Fail(ErrorCode::kInvalid, "Header injection refused.");
  if (auto st = db::LeaveForNetwork(); !st) return tl::unexpected(st.error());
  char date[64];
  std::time_t now = std::time(nullptr);
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", std::gmtime(&now));
  std::string payload = "Date: " + std::string(date) + "\r\nTo: <" + Address(m.to) + ">\r\nFrom: " + from_ +
                        "\r\nMessage-ID: <" + crypto::NewId() + "@duet>\r\nSubject: " + HeaderText(m.subject) +
                        "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n";
  // A body in a language beyond ASCII travels as base64 (any server takes it; no 8BITMIME needed).
  std::string body = m.body;
  if (Ascii(body)) {
    payload += "\r\n";
  } else {
    payload += "Content-Transfer-Encoding: base64\r\n\r\n";
    const std::string encoded = crypto::Base64Encode(body);
    body.clear();
    for (std::size_t i = 0; i < encoded.size(); i += 76) body += encoded.substr(i, 76) + "\n";
  }
  // SMTP transparency (RFC 5321 §4.5.2): a line starting with "." gets a second one.
  std::string out;
  bool line_start = true;
  for (char ch : body) {
    if (ch == '\n' && (out.empty() || out.back() != '\r')) out += '\r';
    if (line_start && ch == '.') out += '.';
    out += ch;
    line_start = ch == '\n';
  }
  payload += out + "\r\n";
  auto api = module::Net();
  if (!api) return tl::unexpected(api.error());
  return (*api)->smtp(url_, Address(from_), Address(m.to), username_, password_, payload);
}

WebhookTexter::WebhookTexter(std::string url, std::string token) : url_(std::move(url)), token_(std::move(token)) {}

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
