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

Status ClampSearch(EpochSeconds& from, EpochSeconds to, EpochSeconds now) {
  constexpr EpochSeconds kMostSearched = 31 * 86400;
  from = std::max(from, now);
  if (to <= from) return Fail(ErrorCode::kInvalid, "Search a range that ends after it starts.", {}, "to");
  if (to - from > kMostSearched) return Fail(ErrorCode::kInvalid, "Search at most 31 days at a time.", {}, "to");
  return {};
}

void TermsOf(PortalVisit& v, EpochSeconds now) {
  v.late_from = v.start - static_cast<EpochSeconds>(kLateCancelHours) * 3600;
  // A request not yet approved may be withdrawn at any time before it, never late and without a fee.
  const bool requested = v.status == "requested";
  v.may_cancel = (v.status == "booked" || requested) && now < v.start;
  v.may_reschedule = v.may_cancel && (requested || now < v.late_from);
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

Status CheckSlug(std::string_view slug) {
  bool ok = slug.size() >= 3 && slug.size() <= 40 && slug.front() != '-' && slug.back() != '-';
  for (std::size_t i = 0; ok && i < slug.size(); ++i) {
    const char c = slug[i];
    ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && slug[i - 1] != '-');
  }
  if (ok) return {};
  return Fail(ErrorCode::kInvalid, "Use 3 to 40 lower-case letters, digits and hyphens, such as harbor-light.", {},
              "slug");
}

Status CheckIntakeGuard(const IntakeGuard& g) {
  if (!g.website.empty()) return Fail(ErrorCode::kInvalid, "The request could not be taken.", "honeypot filled");
  const std::int64_t open_ms = g.now_ms - g.form_opened_ms;
  if (g.form_opened_ms <= 0 || open_ms < kMinFormSeconds * 1000)
    return Fail(ErrorCode::kInvalid, "Take a moment to check your details, then send again.", "time trap: too fast",
                "form_opened_ms");
  if (open_ms > 24 * 3600 * 1000)
    return Fail(ErrorCode::kInvalid, "This page was open too long. Reload it and send again.", "time trap: stale",
                "form_opened_ms");
  if (g.from_source_last_hour >= kMaxPerSourcePerHour || g.on_page_last_hour >= kMaxPerPageHour)
    return Fail(ErrorCode::kTooMany, "Too many requests were sent. Try again in an hour, or call the practice.");
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
