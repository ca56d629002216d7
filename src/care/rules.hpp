#pragma once
// What makes a release valid, and whether it allows a disclosure today.
#include <string_view>
#include <vector>

#include "care/model.hpp"
#include "platform/result.hpp"
#include "practice/model.hpp"

namespace duet::care {

//! Every problem with a release before it is signed: a recipient and a purpose; a scope of known
//! categories, each once; an expiry date (164.508(c)(1)(v)) not before the effective date nor
//! before `today`, and at most five years ahead; the name of whoever signed.
std::vector<practice::FieldIssue> ValidateRelease(const Release& r, Date today);

//! A release's state on `today` (revocation wins; the expiry day still counts).
ReleaseState StateOf(const Release& r, Date today);
std::string_view StateName(ReleaseState s);

//! Allows a disclosure under `r` today, or says why not (rule `release_inactive`).
Status MayDisclose(const Release& r, Date today);
//! True when the release names substance-use-disorder records (42 CFR 2.31: a consent must describe the SUD
//! information specifically; a general authorization is not enough).
bool NamesPart2(const Release& r);
//! Whether a disclosure under `r` today may include Part 2 records: in effect and naming them.
bool MayDisclosePart2(const Release& r, Date today);
//! Whether other members of the care team see a member's Part 2 records: the agreement names Part 2.
bool TeamSeesPart2(const TeamSharing& s);

//! Every problem with a medication as entered: a name; an RxNorm code of digits; a start date not more
//! than a year ahead; a stop date not before the start; a stop without a reason.
std::vector<practice::FieldIssue> ValidateMedication(const Medication& m, Date today);

//! What a change did, field by field, for the history: "dose: 1 tablet → 2 tablets" (empty: nothing).
std::vector<std::string> DescribeChange(const Medication& before, const Medication& after);

//! A medication as one row of a note's table, cell by cell for the table's columns by their names
//! (Medication, Strength, Dose, Route, Frequency or How often, Prescriber, Reason or For; others empty).
std::vector<std::string> MedicationRow(const Medication& m, const std::vector<std::string>& columns);

//! Every problem with an observation: side effects from the list, each once; something recorded.
std::vector<practice::FieldIssue> ValidateObservation(std::optional<Adherence> adherence,
                                                      const std::vector<std::string>& side_effects,
                                                      const std::string& note);

// ---- referrals ----

//! The state a step moves a referral to, or why it cannot (rule `referral_state`): accept from sent; decline
//! before the first visit is held; booking (the calendar) from sent or accepted — booking accepts; holding from
//! booked; answering once accepted and not yet answered; unbooking (the first visit cancelled or missed) from booked.
Result<ReferralState> NextReferralState(ReferralState from, ReferralStep step);
//! True once answered or declined.
bool IsClosed(ReferralState s);
//! The practice's target days by urgency: urgent 1/3/7, soon 2/7/21, routine 3/14/30 (accept/book/hold), answered
//! within 7 days of the visit (urgent 2).
ReferralTargets TargetsFor(Urgency u);
//! When the referral's next step is due (none once closed).
std::optional<EpochSeconds> DueAt(const Referral& r);
//! True when the next step is past due at `now`.
bool IsOverdue(const Referral& r, EpochSeconds now);
//! Every problem with a new referral: a client, someone else to refer to, a reason; text within bounds.
std::vector<practice::FieldIssue> ValidateReferral(const Referral& r);

//! The part a referred clinician takes on the team when they accept, by discipline: a prescriber prescribes,
//! OT/PT/SLP rehabilitate, anyone else consults.
practice::TeamRole ReferredRole(practice::Discipline d);

}  // namespace duet::care
