#include "scheduling/rules.hpp"

#include <date/tz.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace duet::scheduling {
namespace {

const date::time_zone* Zone(std::string_view name) {
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    return date::locate_zone("UTC");
  }
}

std::string ModeWords(VisitMode m) {
  switch (m) {
    case VisitMode::kInPerson:
      return "in person";
    case VisitMode::kVideo:
      return "by video";
    case VisitMode::kAudio:
      return "by phone (audio only)";
  }
  return "";
}

std::string Clock(int minute) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minute / 60, minute % 60);
  return buf;
}

bool Overlaps(EpochSeconds a_start, EpochSeconds a_end, EpochSeconds b_start, EpochSeconds b_end) {
  return a_start < b_end && b_start < a_end;
}

// The blocks in force on a local date: the weekly pattern, less time off, with one-day mode changes.
std::vector<Block> BlocksOn(const std::vector<Block>& blocks, const std::vector<BlockException>& exceptions,
                            const LocalTime& day) {
  std::vector<Block> out;
  for (const auto& b : blocks)
    if (b.weekday == day.weekday) out.push_back(b);
  for (const auto& e : exceptions) {
    if (e.date != day.date) continue;
    std::vector<Block> next;
    for (auto b : out) {
      bool overlap = b.start_minute < e.end_minute && e.start_minute < b.end_minute;
      if (!overlap) {
        next.push_back(b);
        continue;
      }
      if (e.kind == BlockException::Kind::kModeChange) {
        b.mode = e.mode;
        b.location_id = e.location_id;
        next.push_back(b);
        continue;
      }
      // Time off cuts the block; what remains on either side stays.
      if (b.start_minute < e.start_minute)
        next.push_back({b.weekday, b.start_minute, e.start_minute, b.mode, b.location_id});
      if (e.end_minute < b.end_minute) next.push_back({b.weekday, e.end_minute, b.end_minute, b.mode, b.location_id});
    }
    out = std::move(next);
  }
  return out;
}

bool ModeFits(BlockMode block, VisitMode visit) { return (block == BlockMode::kTelehealth) == IsTelehealth(visit); }

}  // namespace

std::optional<VisitMode> ParseVisitMode(std::string_view name) { return ParseName<VisitMode>(name); }
std::string_view VisitModeName(VisitMode m) { return NameOf(m); }
std::optional<BlockMode> ParseBlockMode(std::string_view name) { return ParseName<BlockMode>(name); }
std::string_view BlockModeName(BlockMode m) { return NameOf(m); }

LocalTime ToLocal(EpochSeconds t, std::string_view zone) {
  auto local = date::make_zoned(Zone(zone), date::sys_seconds{std::chrono::seconds{t}}).get_local_time();
  auto day = date::floor<date::days>(local);
  LocalTime out;
  out.date = Date{day.time_since_epoch()};
  out.weekday = static_cast<int>(date::weekday{day}.iso_encoding());
  out.minute = static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(local - day).count());
  return out;
}

EpochSeconds FromLocal(Date day, int minute, std::string_view zone) {
  date::local_seconds local{date::local_days{day.time_since_epoch()}.time_since_epoch() + std::chrono::minutes{minute}};
  const date::time_zone* tz = Zone(zone);
  auto info = tz->get_info(local);
  if (info.result == date::local_info::nonexistent) {
    return info.first.end.time_since_epoch().count();  // the instant the clocks jump
  }
  return date::make_zoned(tz, local, date::choose::earliest).get_sys_time().time_since_epoch().count();
}

Status CheckJoint(VisitMode mode, EpochSeconds start, EpochSeconds end, const JointFacts& joint) {
  if (mode != VisitMode::kInPerson)
    return FailRule("joint", "A joint visit is in person, with the second clinician joining by video.");
  if (!joint.licensure)
    return FailRule("licensure",
                    "Where the client will be is unknown, so the joint clinician's licensure cannot be "
                    "checked. Record the clinic's state.");
  if (!joint.licensure->allowed)
    return FailRule("licensure", "The joint clinician by video to " + joint.licensure->state + ": " +
                                     joint.licensure->message + " Choose another clinician to join.");
  for (const auto& b : joint.busy)
    if (Overlaps(start, end, b.start, b.end))
      return Fail(ErrorCode::kConflict, "The joint clinician already has a visit at that time.");
  return {};
}

Appointment JointPart(const Appointment& a) {
  Appointment p = a;
  p.clinician_id = a.joint_clinician_id;
  p.service_id = a.joint_service_id;
  p.mode = VisitMode::kVideo;
  p.location_id.clear();
  p.joint_clinician_id.clear();
  p.joint_service_id.clear();
  p.partner_id.clear();
  p.partner_clinician_id.clear();
  return p;
}

Appointment PartOf(const Appointment& a, std::string_view clinician_id) {
  return IsJoint(a) && a.joint_clinician_id == clinician_id ? JointPart(a) : a;
}

std::string_view RoomMode(const Appointment& a) {
  return IsJoint(a) || IsPartnerJoint(a) ? "video" : VisitModeName(a.mode);
}

std::vector<EpochSeconds> WeeklySeries(Date first, int minute, std::string_view zone, int every_weeks, int count,
                                       std::optional<Date> until) {
  std::vector<EpochSeconds> out;
  every_weeks = std::max(1, every_weeks);
  for (int i = 0; i < std::min(count, 520); ++i) {
    Date day = first + date::days{7 * every_weeks * i};
    if (until && day > *until) break;
    out.push_back(FromLocal(day, minute, zone));
  }
  return out;
}

Result<BookingDecision> CheckBooking(const BookingRequest& r, const BookingFacts& f) {
  if (r.end <= r.start) return Fail(ErrorCode::kInvalid, "The visit must end after it starts.", {}, "end");
  if (r.end - r.start > kLongestVisitSeconds)
    return Fail(ErrorCode::kInvalid, "A visit lasts at most 24 hours.", {}, "end");
  const ClinicalService& s = r.service;
  // 1. The service offers the mode.
  if (s.in_person_required && IsTelehealth(r.mode))
    return FailRule("in_person_required", s.name + " must be in person. Book it in person or choose another service.");
  if (std::find(s.modes.begin(), s.modes.end(), r.mode) == s.modes.end())
    return FailRule("mode", s.name + " is not offered " + ModeWords(r.mode) + ".");
  // 8. A case conference is among staff, by video: no client is treated, so no client licensure or client time.
  if (f.conference && r.mode != VisitMode::kVideo)
    return FailRule("conference", "A case conference meets by video, with staff only.");
  if (f.conference) {
    for (const auto& b : f.attendee_busy)
      if (Overlaps(r.start, r.end, b.start, b.end))
        return Fail(ErrorCode::kConflict, "An attendee already has a visit at that time.");
  }
  // 2. Telehealth is lawful only where the clinician may practise in the client's state that day.
  if (IsTelehealth(r.mode) && !f.conference) {
    if (!f.licensure)
      return FailRule("licensure", "The client's location is unknown, so telehealth licensure cannot be checked.");
    if (!f.licensure->allowed)
      return FailRule("licensure", "Telehealth to " + f.licensure->state + ": " + f.licensure->message +
                                       " Book in person, choose another clinician, or change the client's location.");
  } else if (!IsTelehealth(r.mode) && f.licensure && !f.licensure->allowed) {
    // In person the client is where the clinic is: the clinician must be able to practise there.
    return FailRule("licensure",
                    "In person in " + f.licensure->state + ": " + f.licensure->message +
                        " Book by video where licensed, choose another clinic, or choose another clinician.");
  }
  // 3. Nobody is in two places at once.
  for (const auto& b : f.clinician_busy)
    if (Overlaps(r.start, r.end, b.start, b.end))
      return Fail(ErrorCode::kConflict, "The clinician already has a visit at that time.");
  for (const auto& b : f.client_busy)
    if (!f.conference && Overlaps(r.start, r.end, b.start, b.end))
      return Fail(ErrorCode::kConflict, "The client already has a visit at that time.");

  // 7. A joint visit's second clinician.
  if (f.joint)
    if (auto j = CheckJoint(r.mode, r.start, r.end, *f.joint); !j) return tl::unexpected(j.error());

  BookingDecision d;
  // 4. Working hours are a wall.
  LocalTime from = ToLocal(r.start, r.clinician_zone);
  LocalTime to = ToLocal(r.end - 1, r.clinician_zone);
  std::optional<Block> block;
  if (from.date == to.date) {
    for (const auto& b : BlocksOn(f.blocks, f.exceptions, from))
      if (b.start_minute <= from.minute && to.minute < b.end_minute) block = b;
  }
  if (!block) {
    bool has_reason = r.override_reason && !r.override_reason->empty();
    if (!has_reason)
      return FailRule("working_hours",
                      "Outside working hours (" + Clock(from.minute) + "–" + Clock(to.minute + 1) +
                          " local time is in no block). Give an override reason to book it anyway.",
                      /*overridable=*/true);
    d.after_hours_override = true;
    // The reason itself is the visit's override_reason (sealed at rest); the warning only says what happened.
    d.warnings.push_back({"after_hours", "Booked outside working hours, with a reason on the visit."});
  }
  // 5. The visit's mode against its block's.
  if (block && !ModeFits(block->mode, r.mode)) {
    d.block = block;
    d.warnings.push_back({"sprinkle", IsTelehealth(r.mode)
                                          ? "A telehealth visit inside an in-person block."
                                          : "An in-person visit inside a telehealth block: a trip to the office."});
    bool already = false;
    for (const auto& b : f.clinician_busy) {
      LocalTime other = ToLocal(b.start, r.clinician_zone);
      if (other.date == from.date && block->start_minute <= other.minute && other.minute < block->end_minute &&
          !ModeFits(block->mode, b.mode))
        already = true;
    }
    if (!already) {
      d.block_conversion = true;
      d.warnings.push_back(
          {"block_conversion",
           "This is the first visit that changes the " + Clock(block->start_minute) + "–" + Clock(block->end_minute) +
               (block->mode == BlockMode::kInPerson ? " in-person" : " telehealth") + " block's mode today."});
    }
  } else {
    d.block = block;
  }
  // 6. Travel between places.
  if (TooCloseToTravel(r.mode, r.location_id, r.start, r.end, f.clinician_busy, f.travel_buffer_minutes)) {
    if (!r.override_reason || r.override_reason->empty())
      return FailRule("travel_buffer",
                      "Less than " + std::to_string(f.travel_buffer_minutes) +
                          " minutes to travel from another place. Move the visit or give an override reason.",
                      /*overridable=*/true);
    d.warnings.push_back({"travel_buffer", "Less than " + std::to_string(f.travel_buffer_minutes) +
                                               " minutes to travel between places: " + *r.override_reason});
  }
  d.warnings.insert(d.warnings.end(), f.advisories.begin(), f.advisories.end());
  return d;
}

TimeWindow ClinicianWindow(const BookingRequest& r, int travel_buffer_minutes) {
  const EpochSeconds buffer = static_cast<EpochSeconds>(std::max(0, travel_buffer_minutes)) * 60;
  const Date day = ToLocal(r.start, r.clinician_zone).date;
  return {std::min(FromLocal(day, 0, r.clinician_zone), r.start - buffer),
          std::max(FromLocal(day + date::days{1}, 0, r.clinician_zone), r.end + buffer)};
}

std::optional<Busy> TooCloseToTravel(VisitMode mode, std::string_view location_id, EpochSeconds start, EpochSeconds end,
                                     const std::vector<Busy>& clinician_busy, int buffer_minutes) {
  if (mode != VisitMode::kInPerson || buffer_minutes <= 0) return std::nullopt;
  for (const auto& b : clinician_busy) {
    if (b.mode != VisitMode::kInPerson || b.location_id == location_id) continue;
    EpochSeconds gap = b.start >= end ? b.start - end : start - b.end;
    if (gap >= 0 && gap < static_cast<EpochSeconds>(buffer_minutes) * 60) return b;
  }
  return std::nullopt;
}

std::vector<Slot> FindSlots(const ClinicalService& service, VisitMode mode, EpochSeconds from, EpochSeconds to,
                            const std::vector<ClinicianCalendar>& calendars, const std::vector<Busy>& client_busy,
                            int step_minutes, std::size_t limit, int travel_buffer_minutes) {
  std::vector<Slot> fitting, sprinkles;
  if (std::find(service.modes.begin(), service.modes.end(), mode) == service.modes.end()) return {};
  if (service.in_person_required && IsTelehealth(mode)) return {};
  const EpochSeconds length = static_cast<EpochSeconds>(service.duration_minutes) * 60;
  const EpochSeconds step = static_cast<EpochSeconds>(std::max(5, step_minutes)) * 60;
  auto clear = [](const std::vector<Busy>& busy, EpochSeconds s, EpochSeconds e) {
    // busy is sorted by start: find the first that starts before e and check the few around it.
    auto it = std::lower_bound(busy.begin(), busy.end(), e, [](const Busy& b, EpochSeconds t) { return b.start < t; });
    while (it != busy.begin()) {
      --it;
      if (it->end > s) return false;
      if (it->start + kLongestVisitSeconds < s) break;  // no visit lasts longer
    }
    return true;
  };
  // Walk day by day (in UTC days offset by a day either side, so every zone's local day is covered).
  for (EpochSeconds day = from - 86400; day < to + 86400 && fitting.size() < limit; day += 86400) {
    for (const auto& cal : calendars) {
      LocalTime local = ToLocal(day + 43200, cal.zone);  // noon UTC of that day, in the clinician's zone
      if (IsTelehealth(mode)) {
        if (!cal.licensed_through || local.date > *cal.licensed_through) continue;
        if (cal.licensed_from && local.date < *cal.licensed_from) continue;
      }
      for (const auto& b : BlocksOn(cal.blocks, cal.exceptions, local)) {
        bool keeps = ModeFits(b.mode, mode);
        // In person the visit is at the block's place: the clinician must be licensed in its state.
        const std::string place = mode == VisitMode::kInPerson ? b.location_id : std::string();
        if (auto p = cal.place_licensed_through.find(place); !place.empty() && p != cal.place_licensed_through.end())
          if (!p->second || local.date > *p->second) continue;
        EpochSeconds block_start = FromLocal(local.date, b.start_minute, cal.zone);
        EpochSeconds block_end = block_start + static_cast<EpochSeconds>(b.end_minute - b.start_minute) * 60;
        for (EpochSeconds s = block_start; s + length <= block_end; s += step) {
          if (s < from || s + length > to) continue;
          if (!clear(cal.busy, s, s + length) || !clear(client_busy, s, s + length)) continue;
          if (TooCloseToTravel(mode, place, s, s + length, cal.busy, travel_buffer_minutes)) continue;
          (keeps ? fitting : sprinkles).push_back({cal.clinician_id, s, s + length, mode, keeps, place});
        }
      }
    }
  }
  auto sooner = [](const Slot& a, const Slot& b) {
    return a.start != b.start ? a.start < b.start : a.clinician_id < b.clinician_id;
  };
  std::sort(fitting.begin(), fitting.end(), sooner);
  std::sort(sprinkles.begin(), sprinkles.end(), sooner);
  if (fitting.size() > limit) fitting.resize(limit);
  for (std::size_t i = 0; fitting.size() < limit && i < sprinkles.size(); ++i) fitting.push_back(sprinkles[i]);
  return fitting;
}

std::vector<HealthWeek> ScheduleHealth(const std::vector<Appointment>& visits,
                                       const std::vector<EpochSeconds>& reschedules, std::string_view zone,
                                       Date first_week, int weeks) {
  weeks = std::clamp(weeks, 1, 104);
  // The Monday on or before first_week.
  int weekday = ToLocal(FromLocal(first_week, 12 * 60, zone), zone).weekday;
  Date monday = first_week - date::days{weekday - 1};
  std::vector<HealthWeek> out(static_cast<std::size_t>(weeks));
  for (int i = 0; i < weeks; ++i) out[static_cast<std::size_t>(i)].week_start = monday + date::days{7 * i};
  auto week_of = [&](EpochSeconds t) -> HealthWeek* {
    int days = DaysBetween(monday, ToLocal(t, zone).date);
    if (days < 0 || days >= 7 * weeks) return nullptr;
    return &out[static_cast<std::size_t>(days / 7)];
  };
  for (const auto& v : visits) {
    HealthWeek* w = week_of(v.start);
    if (!w) continue;
    if (v.status == "cancelled") {
      ++w->cancellations;
      continue;
    }
    if (v.status == "late_cancelled") {
      ++w->late_cancellations;
      continue;
    }
    if (v.status == "no_show") ++w->no_shows;
    int minutes = static_cast<int>((v.end - v.start) / 60);
    (v.mode == VisitMode::kInPerson ? w->minutes_in_person
     : v.mode == VisitMode::kVideo  ? w->minutes_video
                                    : w->minutes_audio) += minutes;
    ++w->visits;
    for (const auto& warning : v.warnings) {
      if (warning.code == "sprinkle") ++w->sprinkles;
      if (warning.code == "after_hours") ++w->after_hours;
    }
    if (v.block_conversion) ++w->block_conversions;
  }
  for (EpochSeconds t : reschedules)
    if (HealthWeek* w = week_of(t)) ++w->reschedules;
  return out;
}

ReminderMessage ComposeReminder(const ReminderFacts& f, const words::Words& w) {
  LocalTime at = ToLocal(f.start, f.client_zone);
  date::year_month_day ymd{at.date};
  const std::string when =
      w.Say("reminder.when", {{"weekday", w.Say("day." + std::to_string(at.weekday))},
                              {"day", std::to_string(static_cast<unsigned>(ymd.day()))},
                              {"month", w.Say("month." + std::to_string(static_cast<unsigned>(ymd.month())))},
                              {"year", std::to_string(static_cast<int>(ymd.year()))},
                              {"time", Clock(at.minute)}});
  const std::string zone = w.Say("reminder.zone", {{"zone", f.client_zone}});
  const std::string from = f.practice_name.empty() ? w.Say("reminder.care_team") : f.practice_name;
  const words::Values values = {
      {"practice", from}, {"when", when}, {"zone", zone}, {"link", f.join_url}, {"address", f.address}};
  ReminderMessage m;
  m.subject = w.Say("reminder.subject");
  const std::string kind = IsTelehealth(f.mode) ? "reminder.video." : "reminder.in_person.";
  m.body = w.Say(kind + "body", values);
  m.text = w.Say(kind + "text", values);
  return m;
}

namespace {
// RFC 5545 §3.3.11 TEXT escaping.
std::string IcsText(std::string_view s) {
  std::string out;
  for (char ch : s) {
    if (ch == '\\' || ch == ';' || ch == ',') out += '\\';
    if (ch == '\n') {
      out += "\\n";
      continue;
    }
    if (ch == '\r') continue;
    out += ch;
  }
  return out;
}
// RFC 5545 §3.1: lines longer than 75 octets are folded with CRLF + space, never inside a UTF-8 sequence.
void IcsLine(std::string& out, std::string_view line) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    auto ch = static_cast<unsigned char>(line[i]);
    bool continuation = (ch & 0xC0) == 0x80;
    if (!continuation && width >= 74) {
      out += "\r\n ";
      width = 1;
    }
    out += static_cast<char>(ch);
    ++width;
  }
  out += "\r\n";
}
std::string IcsTime(EpochSeconds t) {
  std::string iso = FormatTimestamp(t);  // 2026-11-22T14:05:00Z
  std::string out;
  for (char ch : iso)
    if (ch != '-' && ch != ':') out += ch;
  return out;
}
}  // namespace

std::string CalendarFeed(std::string_view name, const std::vector<FeedEvent>& events, EpochSeconds now) {
  std::string out;
  out.reserve(256 + events.size() * 256);
  IcsLine(out, "BEGIN:VCALENDAR");
  IcsLine(out, "VERSION:2.0");
  IcsLine(out, "PRODID:-//Duet//Practice calendar//EN");
  IcsLine(out, "CALSCALE:GREGORIAN");
  IcsLine(out, "METHOD:PUBLISH");
  IcsLine(out, "X-WR-CALNAME:" + IcsText(name));
  for (const auto& e : events) {
    IcsLine(out, "BEGIN:VEVENT");
    IcsLine(out, "UID:" + e.uid + "@duet");
    IcsLine(out, "DTSTAMP:" + IcsTime(now));
    IcsLine(out, "DTSTART:" + IcsTime(e.start));
    IcsLine(out, "DTEND:" + IcsTime(e.end));
    IcsLine(out, "SEQUENCE:" + std::to_string(e.sequence));
    IcsLine(out, "SUMMARY:" + IcsText(e.summary));
    if (!e.location.empty()) IcsLine(out, "LOCATION:" + IcsText(e.location));
    IcsLine(out, "STATUS:" + e.status);
    IcsLine(out, "CLASS:CONFIDENTIAL");
    IcsLine(out, "END:VEVENT");
  }
  IcsLine(out, "END:VCALENDAR");
  return out;
}

std::string Initials(std::string_view given, std::string_view family) {
  std::string out;
  // The first character of each name, kept whole when it is a UTF-8 sequence.
  auto first = [&](std::string_view n) {
    if (n.empty()) return;
    std::size_t len = 1;
    auto ch = static_cast<unsigned char>(n[0]);
    if (ch >= 0xF0)
      len = 4;
    else if (ch >= 0xE0)
      len = 3;
    else if (ch >= 0xC0)
      len = 2;
    std::string part(n.substr(0, std::min(len, n.size())));
    if (part.size() == 1) part[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(part[0])));
    out += part + ".";
  };
  first(given);
  first(family);
  return out;
}

bool MatchesWaitlist(const WaitlistEntry& e, const std::string& clinician_id, const std::string& service_id,
                     VisitMode mode, const LocalTime& start) {
  if (e.status != "waiting" || e.service_id != service_id) return false;
  if (!e.clinician_id.empty() && e.clinician_id != clinician_id) return false;
  if (e.mode && *e.mode != mode) return false;
  if (!e.weekdays.empty() && std::find(e.weekdays.begin(), e.weekdays.end(), start.weekday) == e.weekdays.end())
    return false;
  if (e.times_of_day.empty()) return true;
  std::string_view part = start.minute < 12 * 60 ? "morning" : start.minute < 17 * 60 ? "afternoon" : "evening";
  return std::find(e.times_of_day.begin(), e.times_of_day.end(), part) != e.times_of_day.end() ||
         std::find(e.times_of_day.begin(), e.times_of_day.end(), "any") != e.times_of_day.end();
}

EpochSeconds ShiftLikeSibling(EpochSeconds occurrence, EpochSeconds sibling_before, EpochSeconds sibling_after,
                              std::string_view zone) {
  LocalTime before = ToLocal(sibling_before, zone), after = ToLocal(sibling_after, zone),
            here = ToLocal(occurrence, zone);
  int day_shift = DaysBetween(before.date, after.date);
  return FromLocal(here.date + date::days{day_shift}, after.minute, zone);
}

bool IsClosed(std::string_view status) {
  return status == "cancelled" || status == "late_cancelled" || status == "no_show" || status == "completed";
}

Result<std::string> NextStatus(std::string_view current, StatusAction action, EpochSeconds now, EpochSeconds start,
                               EpochSeconds end, int late_cancel_hours) {
  auto refuse = [&](std::string why) { return FailRule("status", std::move(why)); };
  if (IsClosed(current)) return refuse("This visit is already " + std::string(current) + ".");
  const bool requested = current == "requested";
  if (action == StatusAction::kApprove || action == StatusAction::kDecline) {
    if (!requested) return refuse("Only a client's booking request can be approved or declined.");
    return std::string(action == StatusAction::kApprove ? "booked" : "cancelled");
  }
  if (requested && action == StatusAction::kCancel) return std::string("cancelled");  // never late: not yet agreed
  if (requested) return refuse("Approve or decline this booking request first.");
  switch (action) {
    case StatusAction::kConfirm:
      if (current != "booked") return refuse("Only a booked visit can be confirmed.");
      return std::string("confirmed");
    case StatusAction::kCheckIn:
      if (current != "booked" && current != "confirmed") return refuse("The client is already checked in.");
      if (now < start - 12 * 3600) return refuse("Check-in opens on the day of the visit.");
      if (now > end) return refuse("The visit is over; mark it completed or a no-show.");
      return std::string("checked_in");
    case StatusAction::kStart:
      if (current != "checked_in" && current != "confirmed" && current != "booked")
        return refuse("The visit has already started.");
      return std::string("in_session");
    case StatusAction::kComplete:
      if (current != "in_session" && current != "checked_in")
        return refuse("Only a visit that took place can be completed.");
      return std::string("completed");
    case StatusAction::kCancel:
      if (current == "in_session" || current == "checked_in")
        return refuse("The client is here; end the visit instead of cancelling it.");
      return std::string(now >= start - static_cast<EpochSeconds>(late_cancel_hours) * 3600 ? "late_cancelled"
                                                                                            : "cancelled");
    case StatusAction::kNoShow:
      if (current == "in_session" || current == "checked_in")
        return refuse("The client checked in, so this is not a no-show.");
      if (now < start) return refuse("A no-show can be marked once the visit's start time has passed.");
      return std::string("no_show");
    case StatusAction::kApprove:
    case StatusAction::kDecline:
      break;  // decided above
  }
  return refuse("Unknown action.");
}

VisitView DecideVisitView(Role role, const VisitRelationship& r) {
  switch (role) {
    case Role::kOwner:
    case Role::kFrontDesk:
    case Role::kBiller:
      return VisitView::kFull;
    case Role::kClinician:
      return r.own_visit || r.sees_the_chart ? VisitView::kFull : VisitView::kBusy;
    case Role::kSupervisor:
      return r.own_visit || r.supervises_clinician || r.sees_the_chart ? VisitView::kFull : VisitView::kBusy;
    case Role::kClient:
      return r.is_the_client ? VisitView::kFull : VisitView::kBusy;
  }
  return VisitView::kBusy;
}

Status MayActOnVisit(Role role, const VisitRelationship& r) {
  const bool may = role == Role::kOwner || role == Role::kFrontDesk || (role == Role::kClinician && r.own_visit) ||
                   (role == Role::kSupervisor && (r.own_visit || r.supervises_clinician)) ||
                   (role == Role::kClient && r.is_the_client);
  if (may) return {};
  return Fail(ErrorCode::kNotFound, "No such appointment.", "rule visit_relationship");
}

Status ClientMayTake(const BookingDecision& d) {
  for (const auto& w : d.warnings)
    if (w.code == "sprinkle")
      return FailRule("client_block", "This time is not open for this kind of visit. Choose one of the open times.");
  return {};
}

}  // namespace duet::scheduling
