#include "portal/rules.hpp"

#include <algorithm>

namespace duet::portal {

Status MayActOn(const std::vector<std::string>& visit_client_ids, std::string_view client_id) {
  if (!client_id.empty() &&
      std::find(visit_client_ids.begin(), visit_client_ids.end(), client_id) != visit_client_ids.end())
    return {};
  return Fail(ErrorCode::kNotFound, "No such appointment.", "rule own_visit");
}

bool IsUpcoming(const PortalVisit& v, EpochSeconds now) { return v.end > now || v.room == "open"; }

void TermsOf(PortalVisit& v, EpochSeconds now) {
  v.late_from = v.start - static_cast<EpochSeconds>(kLateCancelHours) * 3600;
  v.may_cancel = v.status == "booked" && now < v.start;
  v.may_reschedule = v.may_cancel && now < v.late_from;
}

Status MayReschedule(const PortalVisit& v) {
  if (v.may_reschedule) return {};
  if (v.may_cancel)
    return FailRule("reschedule_window",
                    "This visit is less than " + std::to_string(kLateCancelHours) +
                        " hours away and can no longer be moved here. Cancel it, or call the practice.");
  return FailRule("reschedule_window", "This visit can no longer be moved.");
}

Status MayCancel(const PortalVisit& v, EpochSeconds now, bool fee_accepted) {
  if (!v.may_cancel) return FailRule("cancel_window", "This visit can no longer be cancelled here.");
  if (now >= v.late_from && v.late_cancel_fee && *v.late_cancel_fee > 0 && !fee_accepted)
    return FailRule(
        "late_fee_not_accepted",
        "Cancelling now is late and costs the practice's late-cancellation fee. Confirm that you accept it.");
  return {};
}

Status MayBookOnline(const scheduling::ClinicalService& s, scheduling::VisitMode mode) {
  if (!s.client_bookable) return FailRule("client_booking", "This service is booked with the practice, not online.");
  if (std::find(s.modes.begin(), s.modes.end(), mode) == s.modes.end())
    return FailRule("client_booking", "This service is not offered " +
                                          std::string(mode == scheduling::VisitMode::kInPerson ? "in person."
                                                      : mode == scheduling::VisitMode::kVideo  ? "by video."
                                                                                               : "by phone."));
  return {};
}

}  // namespace duet::portal
