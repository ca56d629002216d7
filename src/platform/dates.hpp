#pragma once
// Calendar dates and US jurisdictions: pure helpers shared by the rules (part of duet_core).
#include <date/date.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace duet {

using Date = date::sys_days;

//! Parses an ISO 8601 calendar date (YYYY-MM-DD); nullopt for anything else or an impossible date.
std::optional<Date> ParseDate(std::string_view text);
//! Formats a date as YYYY-MM-DD.
std::string FormatDate(Date d);
//! Whole days from a to b (negative when b is earlier).
inline int DaysBetween(Date a, Date b) { return static_cast<int>((b - a).count()); }
//! The UTC calendar date of an epoch time.
inline Date DateOf(std::int64_t epoch_seconds) {
  return date::floor<date::days>(date::sys_seconds{std::chrono::seconds{epoch_seconds}});
}

//! An epoch time as RFC 3339 in UTC ("2026-11-22T17:04:05Z").
std::string FormatTimestamp(std::int64_t epoch_seconds);

//! Parses an RFC 3339 time with an offset or Z ("2026-12-01T09:00:00-07:00"); nullopt otherwise.
std::optional<std::int64_t> ParseTimestamp(std::string_view text);
//! An epoch time as RFC 3339 in an IANA zone, with its offset ("2026-12-01T09:00:00-07:00").
std::string FormatTimestampIn(std::int64_t epoch_seconds, std::string_view zone);

//! A US jurisdiction where a clinician may be licensed.
struct Jurisdiction {
  std::string_view code;
  std::string_view name;
  bool is_state_or_dc;  // false for territories
};

//! The 50 states and DC, in alphabetical order of code.
std::span<const Jurisdiction> StatesAndDc();
//! The 50 states, DC and the five inhabited territories.
std::span<const Jurisdiction> AllJurisdictions();
//! The jurisdiction with this two-letter code (upper case), if any.
const Jurisdiction* FindJurisdiction(std::string_view code);

}  // namespace duet
