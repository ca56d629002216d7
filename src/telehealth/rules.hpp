#pragma once
// The rules of joining a video visit.
#include <span>
#include <string_view>

#include "platform/clock.hpp"
#include "platform/result.hpp"
#include "telehealth/model.hpp"

namespace duet::telehealth {

//! Minutes before the start a room opens, and after the end it closes.
inline constexpr int kOpensMinutesBefore = 30;
inline constexpr int kClosesMinutesAfter = 120;

//! Whether a room may be entered now: telehealth visits that are not closed, from 30 minutes before
//! the start to two hours after the end (rule `join_window`, or `mode` for in-person visits).
Status MayJoinNow(std::string_view mode, std::string_view status, EpochSeconds now, EpochSeconds start,
                  EpochSeconds end);

//! What a video visit's room is to someone looking at it now: "open" (may be entered), "early" (not
//! yet: it opens 30 minutes before), "closed" (ended, cancelled or done), "none" (in person).
std::string_view RoomState(std::string_view mode, std::string_view status, EpochSeconds now, EpochSeconds start,
                           EpochSeconds end);

//! coturn's shared-secret REST scheme: the username is "<expiry>:<user>".
std::string TurnUsername(EpochSeconds expiry, std::string_view user);

//! The visit record from what happened in the room (events in time order), as of `now`:
//! - it starts when staff and a client are both connected (a client is connected once admitted);
//! - it ends when the clinician ends it, or when the last person leaves (a later rejoin reopens it);
//! - a gap is time after the start when they were not both connected, up to the last time they were;
//! - minutes are the connected time rounded to the nearest minute;
//! - the delivered mode is "audio" when the call was audio-only for more than half its connected time.
VisitSummary SummarizeVisit(std::span<const VisitEvent> events, EpochSeconds now);

//! A token bucket for messages on a live connection: `rate` per second, bursts up to `burst`.
struct RateLimit {
  double tokens = 0;
  double last = 0;  // seconds, any monotonic origin
  //! Takes one token at time `t` (seconds); false when the bucket is empty.
  bool Take(double t, double rate, double burst);
};

std::string_view ParticipantStateName(ParticipantState s);
std::string_view ParticipantKindName(ParticipantKind k);

//! People in one video visit at most (full mesh: each sends its video to every other).
inline constexpr int kMaxInRoom = 4;
//! Whether one more person may be admitted (rule `room_full`).
Status MayAdmitOneMore(int admitted_now);
std::string_view VisitEventName(VisitEventKind k);
std::optional<VisitEventKind> ParseVisitEvent(std::string_view name);

}  // namespace duet::telehealth
