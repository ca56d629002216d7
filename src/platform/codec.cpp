#include "platform/codec.hpp"

#include <charconv>

#include <algorithm>
#include <cctype>

#include "platform/text.hpp"

namespace duet::codec::detail {
namespace {
// Code points in UTF-8 text: every byte that does not continue a sequence starts one.
std::size_t Characters(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}
}  // namespace

std::string Trim(std::string_view s) {
  auto not_space = [](unsigned char c) { return !std::isspace(c); };
  auto b = std::find_if(s.begin(), s.end(), not_space);
  auto e = std::find_if(s.rbegin(), s.rend(), not_space).base();
  return b < e ? std::string(b, e) : std::string();
}

std::string Index(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

std::string Child(const std::string& prefix, std::string_view name) {
  return prefix.empty() ? std::string(name) : prefix + "." + std::string(name);
}

std::optional<int> ParseTimeOfDay(std::string_view s) {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  for (int i : {0, 1, 3, 4})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
  int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
  if (h > 24 || m > 59 || (h == 24 && m != 0)) return std::nullopt;
  return h * 60 + m;
}

std::string FormatTimeOfDay(int minute) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", (minute / 60) % 100, minute % 60);
  return buf;
}

std::string_view FormatMessage(Format f) {
  switch (f) {
    case Format::kDate:
      return "Use a date like 2026-12-24.";
    case Format::kTimestamp:
      return "Use an RFC 3339 time with offset, e.g. 2026-12-01T09:00:00-07:00.";
    case Format::kTimeOfDay:
      return "Use HH:MM, e.g. 09:00.";
    case Format::kEmail:
      return "Enter an e-mail address like name@example.com.";
    case Format::kUsState:
      return "Use a two-letter US state code such as CO.";
    case Format::kNone:
      break;
  }
  return "Not a valid value.";
}

std::string OneOfMessage(std::span<const std::string_view> names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out + ".";
}

void AppendInteger(std::string& out, std::int64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

void AppendJson(std::string& out, const json& v) { out += v.dump(-1, ' ', false, json::error_handler_t::replace); }

void AppendString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t i = 0;
  while (i < s.size()) {
    // Runs of plain ASCII in one append.
    std::size_t run = i;
    while (run < s.size()) {
      const auto b = static_cast<unsigned char>(s[run]);
      if (b < 0x20 || b == '"' || b == '\\' || b >= 0x80) break;
      ++run;
    }
    out.append(s.data() + i, run - i);
    i = run;
    if (i == s.size()) break;
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      switch (b) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        default:
          out += "\\u00";
          out += kHex[b >> 4];
          out += kHex[b & 0xF];
      }
      ++i;
      continue;
    }
    // A UTF-8 sequence: copied when well formed (no overlong forms, surrogates or values past U+10FFFF).
    std::size_t len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0;
    bool ok = len != 0 && b <= 0xF4 && b != 0xC0 && b != 0xC1 && i + len <= s.size();
    for (std::size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (ok && len >= 3) {
      const auto b1 = static_cast<unsigned char>(s[i + 1]);
      if (b == 0xE0 && b1 < 0xA0) ok = false;   // overlong
      if (b == 0xED && b1 >= 0xA0) ok = false;  // a surrogate
      if (b == 0xF0 && b1 < 0x90) ok = false;   // overlong
      if (b == 0xF4 && b1 >= 0x90) ok = false;  // past U+10FFFF
    }
    if (ok) {
      out.append(s.data() + i, len);
      i += len;
    } else {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
    }
  }
  out += '"';
}

void CheckString(const std::string& value, const Rules& r, const std::string& path, Problems& p) {
  if (value.empty()) {
    if (r.required) p.push_back({path, "Required."});
    return;  // an empty optional string is "no value": no format applies
  }
  if (Characters(value) > r.max_len)
    return p.push_back({path, "At most " + std::to_string(r.max_len) + " characters."});
  if (!r.one_of.empty() && std::find(r.one_of.begin(), r.one_of.end(), value) == r.one_of.end())
    return p.push_back({path, r.message.empty() ? OneOfMessage(r.one_of) : std::string(r.message)});
  bool ok = true;
  switch (r.format) {
    case Format::kDate:
      ok = ParseDate(value).has_value();
      break;
    case Format::kTimestamp:
      ok = ParseTimestamp(value).has_value();
      break;
    case Format::kTimeOfDay:
      ok = ParseTimeOfDay(value).has_value();
      break;
    case Format::kEmail:
      ok = IsEmailShape(value);
      break;
    case Format::kUsState:
      ok = FindJurisdiction(value) != nullptr;
      break;
    case Format::kNone:
      break;
  }
  if (!ok) return p.push_back({path, std::string(FormatMessage(r.format))});
  if (r.check && !r.check(value))
    p.push_back({path, r.message.empty() ? std::string("Not a valid value.") : std::string(r.message)});
}

json ScalarSchema(std::string_view type, const Rules& r) {
  json s = {{"type", type}};
  if (type == "string") {
    switch (r.format) {
      case Format::kDate:
        s["format"] = "date";
        break;
      case Format::kTimestamp:
        s["format"] = "date-time";
        break;
      case Format::kTimeOfDay:
        s["pattern"] = "^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$";
        break;
      case Format::kEmail:
        s["format"] = "email";
        break;
      case Format::kUsState:
        s["pattern"] = "^[A-Z]{2}$";
        break;
      case Format::kNone:
        break;
    }
    if (r.format == Format::kNone || r.format == Format::kEmail) s["maxLength"] = r.max_len;
    if (!r.one_of.empty()) {
      s["enum"] = json::array();
      for (auto v : r.one_of) s["enum"].push_back(v);
    }
  } else if (type == "integer" || type == "number") {
    if (r.min != std::numeric_limits<std::int64_t>::min() && r.min != std::numeric_limits<int>::min())
      s["minimum"] = r.min;
    if (r.max != std::numeric_limits<std::int64_t>::max() && r.max != std::numeric_limits<int>::max())
      s["maximum"] = r.max;
  }
  if (!r.description.empty()) s["description"] = r.description;
  return s;
}

json Nullable(json s) {
  if (s.contains("type") && s["type"].is_array()) return s;  // already nullable
  if (s.contains("type") && s["type"].is_string()) {
    s["type"] = json::array({s["type"], "null"});
    if (s.contains("enum")) s["enum"].push_back(nullptr);
    return s;
  }
  return {{"anyOf", json::array({std::move(s), {{"type", "null"}}})}};
}

}  // namespace duet::codec::detail

namespace duet::codec {

Error Invalid(Problems problems, std::string message) {
  if (message.empty())
    message =
        problems.size() == 1 ? problems.front().message : std::to_string(problems.size()) + " fields need attention.";
  Error e{ErrorCode::kInvalid, std::move(message)};
  if (problems.size() == 1) e.field = problems.front().field;
  for (auto& p : problems) e.field_errors.emplace_back(std::move(p.field), std::move(p.message));
  return e;
}

}  // namespace duet::codec
