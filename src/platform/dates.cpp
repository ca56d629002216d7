#include "platform/dates.hpp"
#include <cctype>

#include <array>
#include <charconv>
#include <sstream>

#include <date/tz.h>

namespace duet {
namespace {
constexpr std::array<Jurisdiction, 56> kJurisdictions = {{
    {"AK", "Alaska", true},         {"AL", "Alabama", true},
    {"AR", "Arkansas", true},       {"AZ", "Arizona", true},
    {"CA", "California", true},     {"CO", "Colorado", true},
    {"CT", "Connecticut", true},    {"DC", "District of Columbia", true},
    {"DE", "Delaware", true},       {"FL", "Florida", true},
    {"GA", "Georgia", true},        {"HI", "Hawaii", true},
    {"IA", "Iowa", true},           {"ID", "Idaho", true},
    {"IL", "Illinois", true},       {"IN", "Indiana", true},
    {"KS", "Kansas", true},         {"KY", "Kentucky", true},
    {"LA", "Louisiana", true},      {"MA", "Massachusetts", true},
    {"MD", "Maryland", true},       {"ME", "Maine", true},
    {"MI", "Michigan", true},       {"MN", "Minnesota", true},
    {"MO", "Missouri", true},       {"MS", "Mississippi", true},
    {"MT", "Montana", true},        {"NC", "North Carolina", true},
    {"ND", "North Dakota", true},   {"NE", "Nebraska", true},
    {"NH", "New Hampshire", true},  {"NJ", "New Jersey", true},
    {"NM", "New Mexico", true},     {"NV", "Nevada", true},
    {"NY", "New York", true},       {"OH", "Ohio", true},
    {"OK", "Oklahoma", true},       {"OR", "Oregon", true},
    {"PA", "Pennsylvania", true},   {"RI", "Rhode Island", true},
    {"SC", "South Carolina", true}, {"SD", "South Dakota", true},
    {"TN", "Tennessee", true},      {"TX", "Texas", true},
    {"UT", "Utah", true},           {"VA", "Virginia", true},
    {"VT", "Vermont", true},        {"WA", "Washington", true},
    {"WI", "Wisconsin", true},      {"WV", "West Virginia", true},
    {"WY", "Wyoming", true},        {"AS", "American Samoa", false},
    {"GU", "Guam", false},          {"MP", "Northern Mariana Islands", false},
    {"PR", "Puerto Rico", false},   {"VI", "U.S. Virgin Islands", false},
}};

bool Digits(std::string_view s, int& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}
}  // namespace

std::optional<Date> ParseDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0;
  if (!Digits(text.substr(0, 4), y) || !Digits(text.substr(5, 2), m) || !Digits(text.substr(8, 2), d))
    return std::nullopt;
  date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(m)}, date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || y < 1900 || y > 2200) return std::nullopt;
  return Date{ymd};
}

std::string FormatDate(Date d) { return date::format("%F", d); }

std::string FormatTimestamp(std::int64_t epoch_seconds) {
  return date::format("%FT%TZ", date::sys_seconds{std::chrono::seconds{epoch_seconds}});
}

std::optional<std::int64_t> ParseTimestamp(std::string_view text) {
  if (text.size() < 20 || text.size() > 40) return std::nullopt;
  std::string s(text);
  // Fractions of a second (RFC 3339 "time-secfrac", as JavaScript's toISOString writes) are dropped.
  if (s.size() > 20 && s[19] == '.') {
    std::size_t end = 20;
    while (end < s.size() && std::isdigit(static_cast<unsigned char>(s[end]))) ++end;
    if (end == 20) return std::nullopt;
    s.erase(19, end - 19);
  }
  date::sys_seconds t;
  std::istringstream in(s);
  if (s.back() == 'Z' || s.back() == 'z') {
    in >> date::parse("%FT%T", t);
  } else {
    std::chrono::minutes offset{};
    in >> date::parse("%FT%T%Ez", t, offset);
  }
  if (in.fail()) return std::nullopt;
  // Anything left but the Z is not RFC 3339.
  std::string rest;
  in >> rest;
  if (!(rest.empty() || rest == "Z" || rest == "z")) return std::nullopt;
  return t.time_since_epoch().count();
}

std::string FormatTimestampIn(std::int64_t epoch_seconds, std::string_view zone) {
  try {
    auto zt = date::make_zoned(date::locate_zone(zone), date::sys_seconds{std::chrono::seconds{epoch_seconds}});
    return date::format("%FT%T%Ez", zt);
  } catch (const std::exception&) {
    return FormatTimestamp(epoch_seconds);
  }
}

std::span<const Jurisdiction> StatesAndDc() { return std::span<const Jurisdiction>(kJurisdictions.data(), 51); }
std::span<const Jurisdiction> AllJurisdictions() { return kJurisdictions; }

const Jurisdiction* FindJurisdiction(std::string_view code) {
  for (const auto& j : kJurisdictions)
    if (j.code == code) return &j;
  return nullptr;
}

}  // namespace duet
