#include "telehealth/rules.hpp"

#include <string>

namespace duet::telehealth {

Status MayJoinNow(std::string_view mode, std::string_view status, EpochSeconds now, EpochSeconds start, EpochSeconds end) {
  if (mode == "in_person") return FailRule("mode", "This visit is in person; it has no video room.");
  if (status == "cancelled" || status == "late_cancelled" || status == "no_show" || status == "completed")
    return FailRule("join_window", "This visit is " + std::string(status) + "; its room is closed.");
  if (now < start - kOpensMinutesBefore * 60)
    return FailRule("join_window", "The room opens " + std::to_string(kOpensMinutesBefore) + " minutes before the visit.");
  if (now > end + kClosesMinutesAfter * 60) return FailRule("join_window", "This visit has ended; its room is closed.");
  return {};
}

std::string TurnUsername(EpochSeconds expiry, std::string_view user) { return std::to_string(expiry) + ":" + std::string(user); }

}  // namespace duet::telehealth
