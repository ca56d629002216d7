#pragma once
// Insurance billing's plain types: payers and their claim settings (data, not code), and the coding
// rule's input and output — what happened at a visit in, charge lines with a reason for every code,
// unit and modifier out. Facts and sources: ../shared/reference/billing.md.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/clock.hpp"
#include "platform/dates.hpp"
#include "platform/names.hpp"

namespace duet::billing {

//! How the visit was delivered, in the end (a video visit that dropped to audio is audio).
enum class Delivery { kInPerson, kVideo, kAudio };
constexpr auto NamesOf(const Delivery*) {
  using P = std::pair<Delivery, std::string_view>;
  return std::array{P{Delivery::kInPerson, "in_person"}, P{Delivery::kVideo, "video"}, P{Delivery::kAudio, "audio"}};
}

//! Where the client was during the visit: decides the place of service.
enum class ClientLocation { kHome, kElsewhere, kOffice, kClientHome };
constexpr auto NamesOf(const ClientLocation*) {
  using P = std::pair<ClientLocation, std::string_view>;
  return std::array{P{ClientLocation::kHome, "home"}, P{ClientLocation::kElsewhere, "elsewhere"},
                    P{ClientLocation::kOffice, "office"}, P{ClientLocation::kClientHome, "client_home"}};
}

//! How a payer wants telehealth's place of service: POS 02/10 by where the client was, or the POS the
//! visit would have had in person (11) with the telehealth modifier.
enum class PosStyle { kTelehealthPos, kInPersonPos };
constexpr auto NamesOf(const PosStyle*) {
  using P = std::pair<PosStyle, std::string_view>;
  return std::array{P{PosStyle::kTelehealthPos, "telehealth_pos"}, P{PosStyle::kInPersonPos, "in_person_pos"}};
}

//! The modifier a payer wants on video visits.
enum class VideoModifier { k95, kGT, kNone };
constexpr auto NamesOf(const VideoModifier*) {
  using P = std::pair<VideoModifier, std::string_view>;
  return std::array{P{VideoModifier::k95, "95"}, P{VideoModifier::kGT, "GT"}, P{VideoModifier::kNone, "none"}};
}

//! The modifier a payer wants on audio-only visits (FQ: rural health clinics and FQHCs).
enum class AudioModifier { k93, kFQ };
constexpr auto NamesOf(const AudioModifier*) {
  using P = std::pair<AudioModifier, std::string_view>;
  return std::array{P{AudioModifier::k93, "93"}, P{AudioModifier::kFQ, "FQ"}};
}

//! How timed 15-minute rehab codes become units: Medicare's pooled 8-minute rule, or each code on its
//! own at the midpoint (some commercial payers).
enum class UnitMethod { kPooled, kPerCode };
constexpr auto NamesOf(const UnitMethod*) {
  using P = std::pair<UnitMethod, std::string_view>;
  return std::array{P{UnitMethod::kPooled, "pooled_8_minute"}, P{UnitMethod::kPerCode, "per_code_midpoint"}};
}

//! What picks an E/M level: total time on the date, or medical decision making.
enum class EmBasis { kTime, kMdm };
constexpr auto NamesOf(const EmBasis*) {
  using P = std::pair<EmBasis, std::string_view>;
  return std::array{P{EmBasis::kTime, "time"}, P{EmBasis::kMdm, "mdm"}};
}

//! Medical decision making, for an E/M level chosen by it.
enum class Mdm { kStraightforward, kLow, kModerate, kHigh };
constexpr auto NamesOf(const Mdm*) {
  using P = std::pair<Mdm, std::string_view>;
  return std::array{P{Mdm::kStraightforward, "straightforward"}, P{Mdm::kLow, "low"}, P{Mdm::kModerate, "moderate"},
                    P{Mdm::kHigh, "high"}};
}

//! The therapy discipline of a rehab line (GP, GO, GN on every line).
enum class Therapy { kNone, kPhysical, kOccupational, kSpeech };
constexpr auto NamesOf(const Therapy*) {
  using P = std::pair<Therapy, std::string_view>;
  return std::array{P{Therapy::kNone, "none"}, P{Therapy::kPhysical, "pt"}, P{Therapy::kOccupational, "ot"},
                    P{Therapy::kSpeech, "slp"}};
}

//! A dated rule of one payer: services whose code starts with `code_prefix` are payable by telehealth
//! only for dates of service in [from, until] (either end open). E.g. Medicare pays PT/OT/SLP by
//! telehealth through 2027-12-31.
struct TelehealthWindow {
  std::string code_prefix;  // "97" (PT/OT), "92" (SLP), "" for every code
  std::optional<Date> from;
  std::optional<Date> until;
  std::string note;  // why, in words (the law or policy), shown when it refuses
};

//! One row of a payer's fee schedule: what the practice charges that payer for a code, by mode (cents;
//! none: the service's own fee). Audio-only visits take the video fee.
struct FeeRow {
  std::string cpt;
  std::optional<std::int64_t> in_person;
  std::optional<std::int64_t> video;
};

//! A payer and the claim settings that differ between payers.
struct Payer {
  std::string id;
  std::string name;
  std::string payer_id;  // electronic payer id for the 837P (NM109 of the payer loop)
  std::string address_line;
  std::string city;
  std::string state;
  std::string postal_code;
  PosStyle pos_style = PosStyle::kTelehealthPos;
  VideoModifier video_modifier = VideoModifier::k95;
  AudioModifier audio_modifier = AudioModifier::k93;
  UnitMethod unit_method = UnitMethod::kPooled;
  EmBasis em_basis = EmBasis::kTime;
  int timely_filing_days = 365;
  std::vector<TelehealthWindow> telehealth_windows;
  std::string filing_indicator = "CI";  // the 837P's SBR09: CI commercial, MB Medicare Part B, MC Medicaid …
  std::int64_t therapy_threshold = 0;   // cents a year of PT+SLP (and of OT apart) before KX; 0: none
  std::vector<FeeRow> fee_schedule;     // the payer's fees by code and mode, in place of the services' own
  bool active = true;
  std::int64_t version = 1;
  EpochSeconds created_at = 0;
  EpochSeconds updated_at = 0;
};

//! The practice as the billing provider on its claims (837P loop 2010AA, CMS-1500 box 33).
struct BillingProvider {
  std::string name;      // legal name
  std::string npi;       // type 2 (organization) NPI, or the solo clinician's
  std::string tax_id;    // EIN, 9 digits
  std::string taxonomy;  // the provider taxonomy code, 10 characters (e.g. 101YP2500X)
  std::string address_line;
  std::string city;
  std::string state;
  std::string postal_code;  // 5 or 9 digits (9 on claims)
  std::string phone;        // the billing contact's phone (the 837P's PER)
  // The clearinghouse that receives the practice's claim files (ISA/GS sender and receiver).
  std::string submitter_id;  // the practice's id at the clearinghouse (ETIN); the tax id when empty
  std::string receiver_id;
  std::string receiver_name;
  bool test_files = false;  // ISA15 T: files for the clearinghouse's testing, not production
  EpochSeconds updated_at = 0;
};

//! A service's own late-cancellation and no-show fees (cents), in place of the practice's defaults.
struct ServiceVisitFee {
  std::string service_id;
  std::optional<std::int64_t> late_cancel;
  std::optional<std::int64_t> no_show;
};

//! The practice's policy for visits that did not happen: what the client pays for a late cancellation
//! (scheduling decides what is late) and for a no-show; none: no fee.
struct VisitFeePolicy {
  std::optional<std::int64_t> late_cancel;
  std::optional<std::int64_t> no_show;
  std::vector<ServiceVisitFee> by_service;
};

//! The fee a visit that ended `status` (late_cancelled, no_show) costs under the policy; none: no fee.
std::optional<std::int64_t> VisitFee(const VisitFeePolicy& policy, const std::string& service_id,
                                     std::string_view status);

//! When a visit's charge is made: when its progress note is signed (coded from the note's facts), or
//! when the visit ends (from the visit clock; the signed note codes it again while it is not claimed).
enum class ChargeAt { kNoteSigned, kVisitEnd };
constexpr auto NamesOf(const ChargeAt*) {
  using P = std::pair<ChargeAt, std::string_view>;
  return std::array{P{ChargeAt::kNoteSigned, "note_signed"}, P{ChargeAt::kVisitEnd, "visit_end"}};
}
struct ChargeTiming {
  ChargeAt charge_at = ChargeAt::kNoteSigned;
};

//! A clinician's standing with a payer (credentialing).
enum class Network { kInNetwork, kPending, kOutOfNetwork };
constexpr auto NamesOf(const Network*) {
  using P = std::pair<Network, std::string_view>;
  return std::array{P{Network::kInNetwork, "in_network"}, P{Network::kPending, "pending"},
                    P{Network::kOutOfNetwork, "out_of_network"}};
}
struct Enrollment {
  std::string clinician_id;
  std::string payer_ref;
  std::string payer_name;  // read with it, for lists
  Network status = Network::kOutOfNetwork;
  std::optional<Date> from;
  std::optional<Date> until;
  EpochSeconds updated_at = 0;
};

//! The claim settings the coding rule reads (a payer's, or the defaults for a visit with no payer).
struct PayerRules {
  PosStyle pos_style = PosStyle::kTelehealthPos;
  VideoModifier video_modifier = VideoModifier::k95;
  AudioModifier audio_modifier = AudioModifier::k93;
  UnitMethod unit_method = UnitMethod::kPooled;
  EmBasis em_basis = EmBasis::kTime;
  std::vector<TelehealthWindow> telehealth_windows;
  std::string name;  // for explanations ("Medicare pays …")
};

//! What happened at one visit, as billing needs it.
struct VisitFacts {
  std::string cpt;  // the service's code: decides the family (psychotherapy, E/M, crisis, rehab …)
  Delivery booked = Delivery::kInPerson;
  Delivery delivered = Delivery::kInPerson;
  int minutes = 0;        // face-to-face minutes (the visit clock for video; the note in person)
  int video_minutes = 0;  // for the explanation of a visit that dropped to audio
  int audio_minutes = 0;
  ClientLocation where = ClientLocation::kOffice;
  Date date_of_service{};
  // The note's coding facts.
  std::string complexity_factor;             // 90785: the factor the note names (empty: none)
  bool new_patient = false;                  // E/M: new or established
  std::optional<int> em_minutes;             // E/M: total time on the date (not counting psychotherapy)
  std::optional<Mdm> mdm;                    // E/M: level by medical decision making
  int psychotherapy_minutes = 0;             // with an E/M: the psychotherapy part (add-on)
  std::map<std::string, int> timed_minutes;  // rehab: minutes per timed 15-minute code
  std::vector<std::string> untimed_codes;    // rehab: evaluations and untimed treatment (1 unit each)
  Therapy therapy = Therapy::kNone;
  bool assistant = false;                         // a PTA/OTA furnished part of it (CQ/CO)
  bool over_therapy_threshold = false;            // the client's yearly therapy spend passed the threshold (KX)
  std::vector<std::string> diagnoses;             // ICD-10-CM, primary first
  bool diagnoses_known = true;                    // false for a preview that gives none: not checked
  std::optional<bool> licensed_where_client_was;  // telehealth: recorded when the client joined
};

//! One charge line: a code, its units and modifiers, the place of service, and why.
struct ChargeLine {
  std::string cpt;
  int units = 1;
  std::vector<std::string> modifiers;
  std::string pos;
  std::vector<int> diagnosis_pointers;  // 1-based, into the claim's diagnoses
  std::string explanation;
  std::int64_t amount = 0;  // cents charged for the line (all its units)
};

//! Something that stops the visit from being claimed as it is, with the reason in words.
struct CodingProblem {
  std::string code;  // too_short, no_diagnosis, not_licensed, not_payable_by_telehealth, unknown_code …
  std::string message;
};

struct Coding {
  std::vector<ChargeLine> lines;
  std::vector<CodingProblem> problems;  // any problem blocks the claim
  std::vector<std::string> notes;       // what was considered and left out, in words
};

//! Where a charge stands: problems to resolve first, ready to claim, or the client pays it all.
enum class ChargeStatus { kReview, kReady, kSelfPay, kVoid, kClaimed };
constexpr auto NamesOf(const ChargeStatus*) {
  using P = std::pair<ChargeStatus, std::string_view>;
  return std::array{P{ChargeStatus::kReview, "review"}, P{ChargeStatus::kReady, "ready"},
                    P{ChargeStatus::kSelfPay, "self_pay"}, P{ChargeStatus::kVoid, "void"},
                    P{ChargeStatus::kClaimed, "claimed"}};
}

//! A change the biller made to a charge before it was claimed.
struct ChargeChange {
  EpochSeconds at = 0;
  std::string by_user_id;
  std::string by_name;
  std::string what;    // "lines", "status: ready" …
  std::string reason;  // in the biller's words
};

//! A visit's charge for one client, made when the visit's progress note is signed.
struct Charge {
  std::string id;
  std::string appointment_id;
  std::string client_id;
  std::string client_name;  // read with it, for lists
  std::string clinician_id;
  std::string note_id;
  std::string payer_ref;  // the client's primary payer; empty when the client pays
  std::string payer_name;
  Date date_of_service{};
  ChargeStatus status = ChargeStatus::kReview;
  std::vector<ChargeLine> lines;
  std::vector<CodingProblem> problems;
  std::vector<std::string> notes;
  std::vector<std::string> diagnoses;  // ICD-10-CM as on the chart when the note was signed (sealed at rest)
  std::string diagnoses_sealed;        // at rest only (between the store and the service)
  std::int64_t fee = 0;                // cents: the sum of the lines' amounts
  std::int64_t client_share = 0;       // cents the client owes: the policy's estimate, then the payer's word
  std::int64_t payer_paid = 0;         // cents the payers paid (posted from remittances)
  std::vector<ChargeChange> history;
  EpochSeconds created_at = 0;
  EpochSeconds updated_at = 0;
  std::int64_t version = 1;
};

//! The client's part of a fee under their policy.
struct PolicyShare {
  std::optional<std::int64_t> copay;
  std::optional<int> coinsurance_percent;
  std::optional<std::int64_t> deductible_remaining;
};

//! A held visit that has no charge yet, and why (the biller's "not yet billable").
struct UnbilledVisit {
  std::string appointment_id;
  EpochSeconds start = 0;
  std::string client_name;
  std::string clinician_id;
  std::string clinician_name;
  std::string status;  // the visit's
  std::string reason;  // note_unsigned | not_marked_held
  std::string message;
  int days_waiting = 0;
};

//! A week of charges: what was charged, what payers paid and what clients owe, and the charges by
//! how the visits were delivered.
struct BillingWeek {
  Date week_start{};
  std::int64_t charged = 0;
  std::int64_t payer_paid = 0;
  std::int64_t client_share = 0;
  std::int64_t in_person = 0;
  std::int64_t video = 0;
  std::int64_t audio = 0;
  // Money received that week (clients' and payers' payments, less refunds), by how the visit it paid was
  // delivered; paid on account (not yet applied to a visit) apart.
  std::int64_t collected_in_person = 0;
  std::int64_t collected_video = 0;
  std::int64_t collected_audio = 0;
  std::int64_t collected_on_account = 0;
};
//! Money received on a day, and the mode of the visit it paid ("" when on account).
struct Collected {
  Date on{};
  std::string mode;
  std::int64_t amount = 0;
};
struct PayerTotal {
  std::string payer_name;  // "Self-pay" for charges without a payer
  std::int64_t charged = 0;
  std::int64_t payer_paid = 0;
  int charges = 0;
};
struct BillingSummary {
  std::vector<BillingWeek> weeks;  // oldest first, every week of the window (empty weeks too)
  std::vector<PayerTotal> payers;  // largest first
};

//! An adjustment on a remittance: group (CO contractual, PR patient responsibility, OA other, PI payer
//! initiated) and reason code (CARC), with the amount in cents.
struct Adjustment {
  std::string group;
  std::string reason;
  std::int64_t amount = 0;
};

//! A person on a claim: the subscriber, or the patient when they are a dependant.
struct ClaimPerson {
  std::string given_name;
  std::string family_name;
  std::string birth_date;  // YYYY-MM-DD
  std::string sex = "U";   // F, M or U
  std::string member_id;   // the subscriber's
  std::string address_line;
  std::string city;
  std::string state;
  std::string postal_code;
};

//! What a claim says about who and where, taken when it is made (sealed at rest: it names diagnoses).
struct ClaimDetail {
  std::string payer_name;
  std::string payer_id;  // electronic
  std::string filing_indicator = "CI";
  std::string priority = "P";         // P primary, S secondary, T tertiary (SBR01)
  std::string relationship = "self";  // self | spouse | child | other
  std::string group_number;
  ClaimPerson subscriber;
  std::optional<ClaimPerson> patient;  // when the client is not the subscriber
  std::string rendering_given_name;
  std::string rendering_family_name;
  std::string rendering_npi;
  std::string rendering_taxonomy;
  std::vector<std::string> diagnoses;  // ICD-10-CM, principal first
  std::string pos;                     // the claim's place of service (CLM05-1)
};

//! A service line as claimed, and what the payer did with it.
struct ClaimLine {
  std::string cpt;
  std::vector<std::string> modifiers;
  int units = 1;
  std::int64_t amount = 0;  // cents
  std::string pos;
  std::vector<int> diagnosis_pointers;
  std::int64_t paid = 0;
  std::vector<Adjustment> adjustments;
  std::string explanation;  // the coding rule's reasons, from the charge
};

//! draft → ready (in a batch) → sent → accepted / rejected → paid / partly paid / denied → resubmitted.
enum class ClaimStatus { kDraft, kReady, kSent, kAccepted, kRejected, kPaid, kPartlyPaid, kDenied, kResubmitted };
constexpr auto NamesOf(const ClaimStatus*) {
  using P = std::pair<ClaimStatus, std::string_view>;
  return std::array{P{ClaimStatus::kDraft, "draft"},
                    P{ClaimStatus::kReady, "ready"},
                    P{ClaimStatus::kSent, "sent"},
                    P{ClaimStatus::kAccepted, "accepted"},
                    P{ClaimStatus::kRejected, "rejected"},
                    P{ClaimStatus::kPaid, "paid"},
                    P{ClaimStatus::kPartlyPaid, "partly_paid"},
                    P{ClaimStatus::kDenied, "denied"},
                    P{ClaimStatus::kResubmitted, "resubmitted"}};
}

//! One step of a claim's life: who moved it, when, to what, and why.
struct ClaimEvent {
  EpochSeconds at = 0;
  std::string by_name;
  ClaimStatus status = ClaimStatus::kDraft;
  std::string note;
};

//! A claim of one charge to one payer. `number` is CLM01, echoed back by the payer's 835 (CLP01).
struct Claim {
  std::string id;
  std::string number;
  std::string batch_id;
  std::string charge_id;
  std::string appointment_id;
  std::string client_id;
  std::string client_name;  // read with it, for lists
  std::string clinician_id;
  std::string payer_ref;
  std::string payer_name;
  ClaimStatus status = ClaimStatus::kDraft;
  std::string frequency = "1";  // 1 original, 7 replacement, 8 void
  std::string original_claim_id;
  std::string payer_claim_number;  // the payer's (CLP07): REF*F8 of a replacement or void
  Date date_of_service{};
  std::int64_t total = 0;
  std::int64_t paid = 0;
  std::int64_t patient_responsibility = 0;
  std::vector<ClaimLine> lines;
  std::vector<Adjustment> adjustments;      // claim-level, from the 835
  std::vector<std::string> denial_reasons;  // in words, from the 835's adjustments
  std::vector<ClaimEvent> history;
  ClaimDetail detail;
  std::string detail_sealed;  // at rest only
  EpochSeconds created_at = 0;
  EpochSeconds updated_at = 0;
  std::int64_t version = 1;
};

//! A file of claims for the clearinghouse (one 837P interchange).
struct ClaimBatch {
  std::string id;
  std::int64_t control_number = 0;  // ISA13 / GS06
  std::vector<std::string> claim_ids;
  std::int64_t total = 0;
  std::string created_by_name;
  EpochSeconds created_at = 0;
  std::optional<EpochSeconds> sent_at;  // when the biller marked it sent
};

//! A payment on one line, from the 835 (SVC).
struct LinePayment {
  std::string cpt;
  std::vector<std::string> modifiers;
  std::int64_t charged = 0;
  std::int64_t paid = 0;
  int units = 1;
  std::string line_ref;  // REF*6R: the line's number on our claim
  std::vector<Adjustment> adjustments;
};

//! A payment on one claim, from the 835 (CLP).
struct ClaimPayment {
  int segment = 0;           // where it starts in the file (1-based)
  std::string claim_number;  // CLP01 = our CLM01
  std::string status_code;   // CLP02
  std::int64_t charged = 0;
  std::int64_t paid = 0;
  std::int64_t patient_responsibility = 0;
  std::string payer_claim_number;  // CLP07
  std::vector<Adjustment> adjustments;
  std::vector<LinePayment> lines;
};

//! An electronic remittance advice (835): the payment and what it paid on each claim.
struct Remittance {
  std::string payer_name;
  std::string trace_number;  // TRN02: the check or EFT number
  std::string method;        // BPR04: ACH, CHK, NON …
  std::optional<Date> paid_on;
  std::int64_t total_paid = 0;
  std::int64_t provider_adjustments = 0;  // PLB
  std::vector<ClaimPayment> claims;
};

}  // namespace duet::billing
