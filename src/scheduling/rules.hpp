#pragma once
// The booking rules: one function serves booking, rescheduling and slot search.
#include <string>
#include <vector>

#include "platform/policy.hpp"
#include "platform/result.hpp"
#include "platform/words.hpp"
#include "scheduling/model.hpp"

namespace duet::scheduling {

std::optional<VisitMode> ParseVisitMode(std::string_view name);
std::string_view VisitModeName(VisitMode m);
std::optional<BlockMode> ParseBlockMode(std::string_view name);
std::string_view BlockModeName(BlockMode m);

//! Local calendar facts of an instant in a zone.
struct LocalTime {
  Date date{};
  int weekday = 1;  // 1 = Monday … 7 = Sunday (ISO 8601)
  int minute = 0;   // minutes since local midnight
};
//! The local date, weekday and minute of an epoch time in an IANA zone (throws nothing; UTC if unknown).
LocalTime ToLocal(EpochSeconds t, std::string_view zone);
//! The epoch time of a local date and minute in a zone. In the autumn overlap the earlier instant
//! is chosen; a time skipped in spring becomes the moment the clocks change.
EpochSeconds FromLocal(Date date, int minute, std::string_view zone);
//! Occurrences of a weekly series at the same local time: every `every_weeks` weeks from the first
//! date, `count` times or until `until` (inclusive), whichever comes first (at most 520).
std::vector<EpochSeconds> WeeklySeries(Date first, int minute, std::string_view zone, int every_weeks, int count,
                                       std::optional<Date> until);

//! Checks a booking against the rules (shared brief issue: scheduling):
//!  1 the service offers the mode; in-person-required services are never telehealth  → rule mode
//!  2 telehealth needs licensure where the client is on that date; in person, where the
//!    clinic is (when its state is recorded; PSYPACT TAP days count)                 → rule licensure
//!  3 no overlap with the clinician's or the client's other visits                  → conflict
//!  4 working hours are a wall unless an override reason is given                   → rule working_hours
//!  5 a visit whose mode differs from its block is a sprinkle (warning); the first one in that
//!    block on that day is also a block conversion
//!  6 in-person visits at different places need the travel buffer between them, unless overridden → rule travel_buffer
//!  8 a case conference (staff only) meets by video, needs no client licensure or client time, and every
//!    attendee is free then                                                       → rule conference, conflict
//!  7 a joint visit is in person; the joint clinician is free then and licensed for telehealth where the
//!    clinic is (they join by video)                                               → rule joint / licensure, conflict
Result<BookingDecision> CheckBooking(const BookingRequest& request, const BookingFacts& facts);

//! The part of the clinician's calendar the rules read for a booking: the visit's local day in the clinician's zone
//! (rule 5 looks at the visits starting in the visit's block that day), widened to the travel buffer around the
//! visit (rule 6) and to the visit itself (rule 3, a visit across midnight). Every visit of the clinician the rules
//! need overlaps it.
struct TimeWindow {
  EpochSeconds from = 0;
  EpochSeconds to = 0;
};
TimeWindow ClinicianWindow(const BookingRequest& request, int travel_buffer_minutes);

//! Rule 7 alone (booking, and joining an existing visit).
Status CheckJoint(VisitMode mode, EpochSeconds start, EpochSeconds end, const JointFacts& joint);

//! True for a case conference (staff only) rather than a visit with the client.
inline bool IsConference(const Appointment& a) { return a.kind == "conference"; }
//! True when a second clinician joins the visit by video.
inline bool IsJoint(const Appointment& a) { return !a.joint_clinician_id.empty(); }
//! True when a partner organization's clinician joins the visit by video.
inline bool IsPartnerJoint(const Appointment& a) { return !a.partner_clinician_id.empty(); }
//! The joint clinician's part of a joint visit, as their own visit: their clinician id and service, by video
//! (where the client is, at the clinic, not at home). Their note, charge and calendar read it so.
Appointment JointPart(const Appointment& a);
//! The part of the visit that is this clinician's: the joint part for the joint clinician, else the visit.
Appointment PartOf(const Appointment& a, std::string_view clinician_id);
//! The visit's video room mode: "video" for a joint visit (in person with a clinician, ours or a partner's, by
//! video), else its mode.
std::string_view RoomMode(const Appointment& a);

//! Rule 6 alone, shared by booking and slot search: the clinician's in-person visit at another place
//! that leaves less than `buffer_minutes` to travel to or from an in-person visit here, if any.
std::optional<Busy> TooCloseToTravel(VisitMode mode, std::string_view location_id, EpochSeconds start, EpochSeconds end,
                                     const std::vector<Busy>& clinician_busy, int buffer_minutes);

//! Open slots for a service in a mode between two times across clinicians, by the booking rules a
//! slot can know beforehand: inside their blocks, clear of their visits and of the client's,
//! licensed where the client is for telehealth and where the block's place is in person, and with
//! the travel buffer from an in-person visit at another place (the same TooCloseToTravel booking
//! applies). Slots that keep a block's mode come first, then sooner before later; the search stops
//! after the first day that yields `limit` such slots. Starts are on a `step_minutes` grid from
//! each block's start.
std::vector<Slot> FindSlots(const ClinicalService& service, VisitMode mode, EpochSeconds from, EpochSeconds to,
                            const std::vector<ClinicianCalendar>& calendars, const std::vector<Busy>& client_busy,
                            int step_minutes = 15, std::size_t limit = 50, int travel_buffer_minutes = 0);

//! What a person does to an appointment's status.
enum class StatusAction { kConfirm, kCheckIn, kStart, kComplete, kCancel, kNoShow, kApprove, kDecline };

//! The status an action leads to, or the rule it breaks (rule `status`). Cancelling within
//! `late_cancel_hours` of the start is a late cancellation; a no-show can only be marked once the
//! visit has started; check-in opens on the day of the visit. A client's booking request ("requested") is approved
//! (booked) or declined (cancelled) first; cancelling it is never late.
Result<std::string> NextStatus(std::string_view current, StatusAction action, EpochSeconds now, EpochSeconds start,
                               EpochSeconds end, int late_cancel_hours = 24);
//! Weekly schedule health from `weeks` ISO weeks starting on the Monday of `first_week` (the
//! clinician's zone): minutes by mode of visits that held their time, sprinkles, block conversions,
//! after-hours overrides, cancellations by kind, and reschedules (one start time per move of a visit,
//! counted in the week the visit now falls in).
std::vector<HealthWeek> ScheduleHealth(const std::vector<Appointment>& visits,
                                       const std::vector<EpochSeconds>& reschedules, std::string_view zone,
                                       Date first_week, int weeks);

//! The reminder a client receives: date and time in their zone, "video" (with the join link) or the
//! clinic address; nothing about the service, the clinician's discipline or the client. In the client's
//! words (data/words.<code>.json).
ReminderMessage ComposeReminder(const ReminderFacts& facts, const words::Words& words);

//! An RFC 5545 calendar (CRLF lines folded at 75 octets, text escaped) with times in UTC.
std::string CalendarFeed(std::string_view name, const std::vector<FeedEvent>& events, EpochSeconds now);
//! "A.R.": the initials of a name, for feeds and compact views.
std::string Initials(std::string_view given, std::string_view family);

//! True when a freed time (a clinician, service, mode and start in the clinician's zone) suits a
//! waitlist entry.
bool MatchesWaitlist(const WaitlistEntry& entry, const std::string& clinician_id, const std::string& service_id,
                     VisitMode mode, const LocalTime& start);

//! Moves a series occurrence as its edited sibling moved: the same number of days and the same new
//! local time of day, so "this and following" keeps 09:00 across a DST change.
EpochSeconds ShiftLikeSibling(EpochSeconds occurrence, EpochSeconds sibling_before, EpochSeconds sibling_after,
                              std::string_view zone);

//! True for statuses that no longer hold the time (cancelled, late-cancelled, no-show, completed).
bool IsClosed(std::string_view status);

//! How the viewer stands to one visit.
struct VisitRelationship {
  bool own_visit = false;             // the visit's clinician record is the viewer's
  bool supervises_clinician = false;  // the viewer supervises the visit's clinician
  bool sees_the_chart = false;        // the viewer may read the whole chart of the visit's client(s)
  bool is_the_client = false;         // the viewer is a client of the visit
};
//! What a visit shows: everything, or only that the time is taken (no client, no reasons).
enum class VisitView { kFull, kBusy };
//! The owner, the front desk and billers see every visit; a clinician their own, a supervisor their
//! own and their supervisees', anyone the visits of a chart they may read, a client their own; to
//! everyone else a visit is busy time on the calendar.
VisitView DecideVisitView(Role role, const VisitRelationship& r);
//! Who may act on a visit (check in, cancel, move): the owner and the front desk; a clinician on
//! their own; a supervisor on their own and their supervisees'; a client on their own (the portal lets them
//! cancel and move, the service nothing else). To anyone else it is not found
//! (rule `visit_relationship`), as a chart they may not read is.
Status MayActOnVisit(Role role, const VisitRelationship& r);
//! A client booking for themselves takes only what the calendar offers them: a visit in a block of its
//! own mode (a video visit inside an in-person block is the clinician's call, not theirs; rule `client_block`).
Status ClientMayTake(const BookingDecision& decision);

}  // namespace duet::scheduling
