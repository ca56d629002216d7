#include "scheduling/rules.hpp"

#include <date/tz.h>

#include <algorithm>
#include <array>

namespace duet::scheduling {
namespace {

constexpr std::array<std::pair<VisitMode, std::string_view>, 3> kVisitModes = {{
    {VisitMode::kInPerson, "in_person"}, {VisitMode::kVideo, "video"}, {VisitMode::kAudio, "audio"}}};
constexpr std::array<std::pair<BlockMode, std::string_view>, 2> kBlockModes = {{
    {BlockMode::kInPerson, "in_person"}, {BlockMode::kTelehealth, "telehealth"}}};

const date::time_zone* Zone(std::string_view name) {
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    return date::locate_zone("UTC");
  }
}

std::string ModeWords(VisitMode m) {
  switch (m) {
    case VisitMode::kInPerson: return "in person";
    case VisitMode::kVideo: return "by video";
    case VisitMode::kAudio: return "by phone (audio only)";
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
std::vector<Block> BlocksOn(const std::vector<Block>& blocks, const std::vector<BlockException>& exceptions, const LocalTime& day) {
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
      if (b.start_minute < e.start_minute) next.push_back({b.weekday, b.start_minute, e.start_minute, b.mode, b.location_id});
      if (e.end_minute < b.end_minute) next.push_back({b.weekday, e.end_minute, b.end_minute, b.mode, b.location_id});
    }
    out = std::move(next);
  }
  return out;
}

bool ModeFits(BlockMode block, VisitMode visit) { return (block == BlockMode::kTelehealth) == IsTelehealth(visit); }

}  // namespace

std::optional<VisitMode> ParseVisitMode(std::string_view name) {
  for (const auto& [m, n] : kVisitModes)
    if (n == name) return m;
  return std::nullopt;
}
std::string_view VisitModeName(VisitMode m) {
  for (const auto& [x, n] : kVisitModes)
    if (x == m) return n;
  return "";
}
std::optional<BlockMode> ParseBlockMode(std::string_view name) {
  for (const auto& [m, n] : kBlockModes)
    if (n == name) return m;
  return std::nullopt;
}
std::string_view BlockModeName(BlockMode m) {
  for (const auto& [x, n] : kBlockModes)
    if (x == m) return n;
  return "";
}

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
  const ClinicalService& s = r.service;
  // 1. The service offers the mode.
  if (s.in_person_required && IsTelehealth(r.mode))
    return FailRule("in_person_required", s.name + " must be in person. Book it in person or choose another service.");
  if (std::find(s.modes.begin(), s.modes.end(), r.mode) == s.modes.end())
    return FailRule("mode", s.name + " is not offered " + ModeWords(r.mode) + ".");
  // 2. Telehealth is lawful only where the clinician may practise in the client's state that day.
  if (IsTelehealth(r.mode)) {
    if (!f.licensure) return FailRule("licensure", "The client's location is unknown, so telehealth licensure cannot be checked.");
    if (!f.licensure->allowed)
      return FailRule("licensure", "Telehealth to " + f.licensure->state + ": " + f.licensure->message +
                                       " Book in person, choose another clinician, or change the client's location.");
  }
  // 3. Nobody is in two places at once.
  for (const auto& b : f.clinician_busy)
    if (Overlaps(r.start, r.end, b.start, b.end)) return Fail(ErrorCode::kConflict, "The clinician already has a visit at that time.");
  for (const auto& b : f.client_busy)
    if (Overlaps(r.start, r.end, b.start, b.end)) return Fail(ErrorCode::kConflict, "The client already has a visit at that time.");

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
      return FailRule("working_hours", "Outside working hours (" + Clock(from.minute) + "–" + Clock(to.minute + 1) +
                                           " local time is in no block). Give an override reason to book it anyway.");
    d.after_hours_override = true;
    d.warnings.push_back({"after_hours", "Booked outside working hours: " + *r.override_reason});
  }
  // 5. The visit's mode against its block's.
  if (block && !ModeFits(block->mode, r.mode)) {
    d.block = block;
    d.warnings.push_back({"sprinkle", IsTelehealth(r.mode) ? "A telehealth visit inside an in-person block."
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
      d.warnings.push_back({"block_conversion", "This is the first visit that changes the " + Clock(block->start_minute) + "–" +
                                                    Clock(block->end_minute) + " " + std::string(BlockModeName(block->mode)) +
                                                    " block's mode today."});
    }
  } else {
    d.block = block;
  }
  // 6. Travel between places.
  if (r.mode == VisitMode::kInPerson && f.travel_buffer_minutes > 0) {
    for (const auto& b : f.clinician_busy) {
      if (b.mode != VisitMode::kInPerson || b.location_id == r.location_id) continue;
      EpochSeconds gap = b.start >= r.end ? b.start - r.end : r.start - b.end;
      if (gap >= 0 && gap < f.travel_buffer_minutes * 60) {
        if (r.override_reason && !r.override_reason->empty()) {
          d.warnings.push_back({"travel_buffer", "Less than " + std::to_string(f.travel_buffer_minutes) +
                                                      " minutes to travel between places: " + *r.override_reason});
        } else {
          return FailRule("travel_buffer", "Less than " + std::to_string(f.travel_buffer_minutes) +
                                               " minutes to travel from another place. Move the visit or give an override reason.");
        }
      }
    }
  }
  return d;
}

std::vector<Slot> FindSlots(const ClinicalService& service, VisitMode mode, EpochSeconds from, EpochSeconds to,
                            const std::vector<ClinicianCalendar>& calendars, const std::vector<Busy>& client_busy, int step_minutes,
                            std::size_t limit) {
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
      if (it->start + 24 * 3600 < s) break;  // no visit lasts a day
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
        EpochSeconds block_start = FromLocal(local.date, b.start_minute, cal.zone);
        EpochSeconds block_end = block_start + static_cast<EpochSeconds>(b.end_minute - b.start_minute) * 60;
        for (EpochSeconds s = block_start; s + length <= block_end; s += step) {
          if (s < from || s + length > to) continue;
          if (!clear(cal.busy, s, s + length) || !clear(client_busy, s, s + length)) continue;
          (keeps ? fitting : sprinkles).push_back({cal.clinician_id, s, s + length, mode, keeps});
        }
      }
    }
  }
  auto sooner = [](const Slot& a, const Slot& b) { return a.start != b.start ? a.start < b.start : a.clinician_id < b.clinician_id; };
  std::sort(fitting.begin(), fitting.end(), sooner);
  std::sort(sprinkles.begin(), sprinkles.end(), sooner);
  if (fitting.size() > limit) fitting.resize(limit);
  for (std::size_t i = 0; fitting.size() < limit && i < sprinkles.size(); ++i) fitting.push_back(sprinkles[i]);
  return fitting;
}

bool IsClosed(std::string_view status) {
  return status == "cancelled" || status == "late_cancelled" || status == "no_show" || status == "completed";
}

Result<std::string> NextStatus(std::string_view current, StatusAction action, EpochSeconds now, EpochSeconds start, EpochSeconds end,
                               int late_cancel_hours) {
  auto refuse = [&](std::string why) { return FailRule("status", std::move(why)); };
  if (IsClosed(current)) return refuse("This visit is already " + std::string(current) + ".");
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
      if (current != "checked_in" && current != "confirmed" && current != "booked") return refuse("The visit has already started.");
      return std::string("in_session");
    case StatusAction::kComplete:
      if (current != "in_session" && current != "checked_in") return refuse("Only a visit that took place can be completed.");
      return std::string("completed");
    case StatusAction::kCancel:
      if (current == "in_session" || current == "checked_in") return refuse("The client is here; end the visit instead of cancelling it.");
      return std::string(now >= start - static_cast<EpochSeconds>(late_cancel_hours) * 3600 ? "late_cancelled" : "cancelled");
    case StatusAction::kNoShow:
      if (current == "in_session" || current == "checked_in") return refuse("The client checked in, so this is not a no-show.");
      if (now < start) return refuse("A no-show can be marked once the visit's start time has passed.");
      return std::string("no_show");
  }
  return refuse("Unknown action.");
}

}  // namespace duet::scheduling
