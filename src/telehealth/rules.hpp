#pragma once
// The rules of joining a video visit.
#include <string_view>

#include "platform/clock.hpp"
#include "platform/result.hpp"

namespace duet::telehealth {

//! Minutes before the start a room opens, and after the end it closes.
inline constexpr int kOpensMinutesBefore = 30;
inline constexpr int kClosesMinutesAfter = 120;

//! Whether a room may be entered now: telehealth visits that are not closed, from 30 minutes before
//! the start to two hours after the end (rule `join_window`, or `mode` for in-person visits).
Status MayJoinNow(std::string_view mode, std::string_view status, EpochSeconds now, EpochSeconds start, EpochSeconds end);

//! coturn's shared-secret REST scheme: the username is "<expiry>:<user>".
std::string TurnUsername(EpochSeconds expiry, std::string_view user);

}  // namespace duet::telehealth
