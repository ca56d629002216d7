#include "platform/outbound.hpp"

#include <cctype>

#include "platform/db/db.hpp"
#include "platform/module.hpp"

namespace duet::outbound {

namespace {
//! One request: a POST with `body` (when `post`), or a GET, through the network module.
Result<Answer> Send(const std::string& url, bool post, const std::string& content_type, const std::string& body,
                    const std::string& bearer, const std::vector<http::Header>& headers) {
  if (auto st = db::LeaveForNetwork(); !st) return tl::unexpected(st.error());
  auto api = module::Net();
  if (!api) return tl::unexpected(api.error());
  std::vector<std::string> lines;
  if (post) lines.push_back("Content-Type: " + content_type);
  if (!bearer.empty()) lines.push_back("Authorization: Bearer " + bearer);
  for (const auto& h : headers) lines.push_back(h.name + ": " + h.value);
  auto answer = (*api)->http(url, post, body, lines);
  if (!answer) return tl::unexpected(answer.error());
  return Answer{answer->status, std::move(answer->body)};
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
