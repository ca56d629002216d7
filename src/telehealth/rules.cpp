#include "telehealth/rules.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace duet::telehealth {

Status MayJoinNow(std::string_view mode, std::string_view status, EpochSeconds now, EpochSeconds start,
                  EpochSeconds end) {
  if (mode == "in_person") return FailRule("mode", "This visit is in person; it has no video room.");
  if (status == "cancelled" || status == "late_cancelled" || status == "no_show" || status == "completed")
    return FailRule("join_window", "This visit is " + std::string(status) + "; its room is closed.");
  if (now < start - kOpensMinutesBefore * 60)
    return FailRule("join_window",
                    "The room opens " + std::to_string(kOpensMinutesBefore) + " minutes before the visit.");
  if (now > end + kClosesMinutesAfter * 60) return FailRule("join_window", "This visit has ended; its room is closed.");
  return {};
}

std::string_view RoomState(std::string_view mode, std::string_view status, EpochSeconds now, EpochSeconds start,
                           EpochSeconds end) {
  if (mode == "in_person") return "none";
  if (MayJoinNow(mode, status, now, start, end)) return "open";
  const bool closed =
      status == "cancelled" || status == "late_cancelled" || status == "no_show" || status == "completed";
  return !closed && now < start ? "early" : "closed";
}

std::string TurnUsername(EpochSeconds expiry, std::string_view user) {
  return std::to_string(expiry) + ":" + std::string(user);
}

VisitSummary SummarizeVisit(std::span<const VisitEvent> events, EpochSeconds now) {
  VisitSummary s;
  int staff = 0, clients = 0;
  bool audio = false;
  bool together = false;
  EpochSeconds since = 0;        // when the current together/apart stretch began
  EpochSeconds apart_from = -1;  // start of the current apart stretch after the start (-1: none)
  auto close_together = [&](EpochSeconds t) {
    s.connected_seconds += t - since;
    if (audio) s.audio_only_seconds += t - since;
  };
  for (const auto& e : events) {
    EpochSeconds t = e.at;
    if (e.kind == VisitEventKind::kEnd) {
      if (together) close_together(t);
      together = false;
      s.ended_at = t;
      break;
    }
    if (together && (e.kind == VisitEventKind::kAudioOn || e.kind == VisitEventKind::kAudioOff)) {
      close_together(t);  // split the stretch so audio-only time is counted exactly
      since = t;
    }
    switch (e.kind) {
      case VisitEventKind::kStaffIn:
        ++staff;
        break;
      case VisitEventKind::kStaffOut:
        staff = std::max(0, staff - 1);
        break;
      case VisitEventKind::kClientIn:
        ++clients;
        break;
      case VisitEventKind::kClientOut:
        clients = std::max(0, clients - 1);
        break;
      case VisitEventKind::kAudioOn:
        audio = true;
        break;
      case VisitEventKind::kAudioOff:
        audio = false;
        break;
      case VisitEventKind::kEnd:
        break;
    }
    bool now_together = staff > 0 && clients > 0;
    if (now_together && !together) {
      if (!s.started_at) s.started_at = t;
      if (apart_from >= 0 && apart_from < t) s.gaps.push_back({apart_from, t});
      apart_from = -1;
      s.ended_at.reset();  // a rejoin reopens a visit that had emptied
      since = t;
    } else if (!now_together && together) {
      close_together(t);
      apart_from = t;
    }
    together = now_together;
    if (s.started_at && staff == 0 && clients == 0) s.ended_at = t;
  }
  if (together && !s.ended_at) {
    close_together(now);
    s.in_progress = true;
  }
  if (s.started_at) {
    s.minutes = static_cast<int>((s.connected_seconds + 30) / 60);
    s.delivered_mode = s.audio_only_seconds * 2 > s.connected_seconds ? "audio" : "video";
  }
  return s;
}

bool RateLimit::Take(double t, double rate, double burst) {
  if (last == 0) {
    tokens = burst;
  } else {
    tokens = std::min(burst, tokens + (t - last) * rate);
  }
  last = t;
  if (tokens < 1) return false;
  tokens -= 1;
  return true;
}

std::string_view ParticipantStateName(ParticipantState s) { return NameOf(s); }

std::string_view ParticipantKindName(ParticipantKind k) { return NameOf(k); }

Status MayAdmitOneMore(int admitted_now) {
  if (admitted_now >= kMaxInRoom)
    return FailRule("room_full", "Up to " + std::to_string(kMaxInRoom) +
                                     " people can be in a video visit; someone has to leave first.");
  return {};
}

namespace {
constexpr std::array<std::string_view, 7> kEventNames = {"staff_in", "staff_out", "client_in", "client_out",
                                                         "audio_on", "audio_off", "end"};
}

std::string_view VisitEventName(VisitEventKind k) { return kEventNames[static_cast<std::size_t>(k)]; }

std::optional<VisitEventKind> ParseVisitEvent(std::string_view name) {
  for (std::size_t i = 0; i < kEventNames.size(); ++i)
    if (kEventNames[i] == name) return static_cast<VisitEventKind>(i);
  return std::nullopt;
}

}  // namespace duet::telehealth
