#pragma once
// Pure rules of the client's own pages.
#include <string_view>
#include <vector>

#include "platform/clock.hpp"
#include "platform/result.hpp"
#include "portal/model.hpp"

namespace duet::portal {

//! A visit is the client's own when they are one of its clients; anything else is not found to
//! them (rule `own_visit`), so ids of other people's visits reveal nothing.
Status MayActOn(const std::vector<std::string>& visit_client_ids, std::string_view client_id);

//! Whether a visit belongs on the upcoming list: not yet over, or its room still open.
bool IsUpcoming(const PortalVisit& v, EpochSeconds now);

//! A search for open times: from now on (an earlier `from` moves up to now), ending after it starts, at most
//! 31 days long (400 naming `to`).
Status ClampSearch(EpochSeconds& from, EpochSeconds to, EpochSeconds now);

//! Within this many hours of its start, cancelling a visit is late (scheduling's NextStatus agrees).
inline constexpr int kLateCancelHours = 24;

//! What the client may do with a visit now: cancel while it is booked and has not started (late inside
//! the window), and move it only before the window opens. Fills may_cancel, may_reschedule, late_from.
void TermsOf(PortalVisit& v, EpochSeconds now);
//! A move of a visit (rule `reschedule_window`): only while may_reschedule says so.
Status MayReschedule(const PortalVisit& v);
//! A cancellation (rule `cancel_window`); a late one with a fee needs the client's yes to that fee first
//! (rule `late_fee_not_accepted`), so nobody is charged for what they were not shown.
Status MayCancel(const PortalVisit& v, EpochSeconds now, bool fee_accepted);
//! A public page's address: 3 to 40 lower-case letters, digits and single hyphens (rule shown on the field).
Status CheckSlug(std::string_view slug);

//! The spam guard of the public page, without a captcha: the hidden field must stay empty, the form must
//! have been open at least kMinFormSeconds and at most a day (a time trap), and one address may send at
//! most kMaxPerSourcePerHour requests an hour, the page kMaxPerPageHour (429).
inline constexpr EpochSeconds kMinFormSeconds = 3;
inline constexpr int kMaxPerSourcePerHour = 3;
inline constexpr int kMaxPerPageHour = 60;
struct IntakeGuard {
  std::string_view website;
  std::int64_t form_opened_ms = 0;
  std::int64_t now_ms = 0;
  int from_source_last_hour = 0;
  int on_page_last_hour = 0;
};
Status CheckIntakeGuard(const IntakeGuard& g);

//! Whether clients book this service in this mode themselves (rule `client_booking`): the practice
//! opened it to clients, and the service is offered in that mode.
Status MayBookOnline(const scheduling::ClinicalService& s, scheduling::VisitMode mode);

}  // namespace duet::portal
