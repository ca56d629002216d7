#include "platform/dates.hpp"
#include <cctype>

#include <array>
#include <charconv>
#include <sstream>
#include <utility>
#include <vector>

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

namespace {
// Formatting without streams: these run for every visit of a listed week (date::format builds an
// ostringstream and its locale each time).
void Digits(char* at, int value, int width) {
  for (int i = width - 1; i >= 0; --i, value /= 10) at[i] = static_cast<char>('0' + value % 10);
}

// "YYYY-MM-DD" into at[0..10).
void PutDate(char* at, Date d) {
  const date::year_month_day ymd{d};
  Digits(at, static_cast<int>(ymd.year()), 4);
  at[4] = '-';
  Digits(at + 5, static_cast<int>(static_cast<unsigned>(ymd.month())), 2);
  at[7] = '-';
  Digits(at + 8, static_cast<int>(static_cast<unsigned>(ymd.day())), 2);
}

// "YYYY-MM-DDTHH:MM:SS" of a count of seconds from 1970-01-01T00:00 (UTC or local) into at[0..19).
void PutDateTime(char* at, std::int64_t seconds) {
  const auto day = date::floor<date::days>(date::sys_seconds{std::chrono::seconds{seconds}});
  const auto of_day =
      static_cast<int>(seconds - std::chrono::duration_cast<std::chrono::seconds>(day.time_since_epoch()).count());
  PutDate(at, day);
  at[10] = 'T';
  Digits(at + 11, of_day / 3600, 2);
  at[13] = ':';
  Digits(at + 14, of_day / 60 % 60, 2);
  at[16] = ':';
  Digits(at + 17, of_day % 60, 2);
}

// Zones by name, looked up in the time-zone database once per name and thread.
const date::time_zone* Zone(std::string_view name) {
  thread_local std::vector<std::pair<std::string, const date::time_zone*>> seen;
  for (const auto& [n, z] : seen)
    if (n == name) return z;
  const date::time_zone* z = date::locate_zone(name);  // throws for an unknown zone
  if (seen.size() < 64) seen.emplace_back(std::string(name), z);
  return z;
}
}  // namespace

std::string FormatDate(Date d) {
  const auto y = static_cast<int>(date::year_month_day{d}.year());
  if (y < 1000 || y > 9999) return date::format("%F", d);
  std::string out(10, ' ');
  PutDate(out.data(), d);
  return out;
}

// Four-digit years only (1000–9999); anything else goes through date::format.
constexpr std::int64_t kFirstFast = -30610224000;  // 1000-01-01T00:00:00Z
constexpr std::int64_t kLastFast = 253402214400;   // 9999-12-31T00:00:00Z

std::string FormatTimestamp(std::int64_t epoch_seconds) {
  if (epoch_seconds < kFirstFast || epoch_seconds > kLastFast)
    return date::format("%FT%TZ", date::sys_seconds{std::chrono::seconds{epoch_seconds}});
  std::string out(20, 'Z');
  PutDateTime(out.data(), epoch_seconds);
  return out;
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
  const date::time_zone* z = nullptr;
  try {
    z = Zone(zone);
    if (epoch_seconds < kFirstFast || epoch_seconds > kLastFast)
      return date::format("%FT%T%Ez", date::make_zoned(z, date::sys_seconds{std::chrono::seconds{epoch_seconds}}));
  } catch (const std::exception&) {
    return FormatTimestamp(epoch_seconds);
  }
  const auto offset =
      static_cast<int>(z->get_info(date::sys_seconds{std::chrono::seconds{epoch_seconds}}).offset.count());
  std::string out(25, ' ');  // YYYY-MM-DDTHH:MM:SS±HH:MM
  PutDateTime(out.data(), epoch_seconds + offset);
  const int minutes = (offset < 0 ? -offset : offset) / 60;
  out[19] = offset < 0 ? '-' : '+';
  Digits(out.data() + 20, minutes / 60, 2);
  out[22] = ':';
  Digits(out.data() + 23, minutes % 60, 2);
  return out;
}

std::span<const Jurisdiction> StatesAndDc() { return std::span<const Jurisdiction>(kJurisdictions.data(), 51); }
std::span<const Jurisdiction> AllJurisdictions() { return kJurisdictions; }

const Jurisdiction* FindJurisdiction(std::string_view code) {
  for (const auto& j : kJurisdictions)
    if (j.code == code) return &j;
  return nullptr;
}

}  // namespace duet
