#pragma once
// The coding rule: from what happened at a visit and the payer's settings, the charge lines — each
// code, unit and modifier with its reason in plain words — and the problems that stop a claim.
// Pure: table-tested in tests/unit/billing/coding_test.cpp against ../shared/reference/billing.md.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <map>

#include "billing/model.hpp"
#include "billing/rules_x12.hpp"
#include "practice/model.hpp"

namespace duet::billing {

//! Codes the visit as the payer wants it. Never fails: what cannot be coded is a problem on the result.
Coding CodeVisit(const VisitFacts& visit, const PayerRules& payer);

//! Individual psychotherapy by minutes: 16–37 → 90832, 38–52 → 90834, 53+ → 90837; under 16 none.
std::optional<std::string> PsychotherapyCode(int minutes);
//! The add-on with an E/M by psychotherapy minutes: 90833, 90836, 90838; under 16 none.
std::optional<std::string> PsychotherapyAddOn(int minutes);
//! 90840 units after 90839 (first 74 minutes): one per further 30 minutes begun at 16 or more.
int CrisisAddOnUnits(int minutes);
//! The E/M office level by total time (CPT 2024 minimums); none for a new patient under 15 minutes.
std::optional<std::string> EmByTime(bool new_patient, int minutes);
//! The E/M office level by medical decision making.
std::string EmByMdm(bool new_patient, Mdm mdm);
//! Medicare's pooled 8-minute rule: units for the total of timed minutes.
int PooledUnits(int total_minutes);

//! Timed rehab codes' units. Pooled: the total decides the units, each code gets its full units and
//! the rest go to the codes with the most minutes left over. Per code: each on its own at 8 minutes.
struct TimedUnits {
  std::string cpt;
  int minutes = 0;
  int units = 0;
};
std::vector<TimedUnits> UnitsForTimedCodes(const std::map<std::string, int>& minutes, UnitMethod method);

//! Whether a code is a timed 15-minute rehab code (97110, 97112, 97140, 97530, 97535, 97129 …).
bool IsTimedRehabCode(std::string_view cpt);
//! Whether a code is an untimed rehab or SLP code (evaluations, 92507, 92521–92526 …).
bool IsUntimedRehabCode(std::string_view cpt);
//! The primaries 90785 may go with.
bool AllowsInteractiveComplexity(std::string_view cpt);

//! The place of service for the visit under the payer's style.
std::string PlaceOfService(Delivery delivered, ClientLocation where, PosStyle style);

//! Whether the clinician is in network with the payer on a date: nullopt when they are, else the
//! warning's words (pending, out of network, or outside the enrollment's dates). `enrollment` is
//! nullopt when nothing was recorded (out of network).
std::optional<std::string> NotInNetwork(const std::optional<Enrollment>& enrollment, const std::string& payer_name,
                                        Date on);

//! The client's share of a fee: what is left of the deductible first, then the coinsurance of the
//! rest, plus the copay; never more than the fee. No policy: the whole fee.
std::int64_t ClientShare(std::int64_t fee, const std::optional<PolicyShare>& policy);

//! What is wrong with charge lines a biller corrected (codes, units, modifiers, place, pointers).
std::vector<practice::FieldIssue> ValidateChargeLines(const std::vector<ChargeLine>& lines, std::size_t diagnoses);

//! What is wrong with the practice's billing provider details (an empty field is allowed until claims
//! are made; what is given must have its shape: the NPI's check digit, 9 digits of tax id …).
std::vector<practice::FieldIssue> ValidateBillingProvider(const BillingProvider& p);

//! What is wrong with a payer's settings before they are saved (empty: nothing).
std::vector<practice::FieldIssue> ValidatePayer(const Payer& p);

//! Prices the lines: the line of the visit's own code (or the first) gets the service's fee; the others
//! the practice's fee for their code times their units, or a problem (no_line_fee) for the biller.
void PriceLines(std::vector<ChargeLine>& lines, std::string_view service_cpt, std::int64_t fee,
                const std::map<std::string, std::int64_t>& fee_by_code, std::vector<CodingProblem>& problems);

//! The client's therapy spend this year that counts toward a payer's threshold for `therapy`: PT and
//! SLP together (GP, GN lines), OT apart (GO lines); void charges left out.
std::int64_t TherapySpend(const std::vector<Charge>& charges, Therapy therapy);

//! How a charge's visit was delivered, from its lines: 93/FQ audio, 95/GT or POS 02/10 video.
Delivery DeliveryOfLines(const std::vector<ChargeLine>& lines);
//! Charges (void left out) by week from `first_week` (a Monday) for `weeks` weeks, and by payer.
BillingSummary SummarizeCharges(const std::vector<Charge>& charges, Date first_week, int weeks);
//! Adds what was collected each week, by the mode of the visit it paid, to the summary's weeks.
void AddCollections(BillingSummary& summary, const std::vector<Collected>& collected);

//! Whether a claim may move from one status to another (draft → ready → sent → accepted / rejected →
//! paid / partly paid / denied → resubmitted).
bool MayMove(ClaimStatus from, ClaimStatus to);

//! What one claim payment of an 835 does to its claim: the lines' payments and adjustments (matched by
//! the line number we sent, else by code), the new status, the client's part and the denials in words.
struct Posting {
  ClaimStatus status = ClaimStatus::kPaid;
  std::vector<ClaimLine> lines;
  std::vector<Adjustment> adjustments;
  std::int64_t paid = 0;
  std::int64_t patient_responsibility = 0;
  std::vector<std::string> denial_reasons;
  std::vector<std::string> problems;  // lines that matched nothing, a reversal …
};
Posting PostingFor(const Claim& claim, const ClaimPayment& payment);

}  // namespace duet::billing
