#pragma once
// Billing's wire types, declared once (platform/codec.hpp).
#include "billing/model.hpp"
#include "platform/codec.hpp"

namespace duet::billing {

using codec::Field;

constexpr auto CodecOf(const TelehealthWindow*) {
  using W = TelehealthWindow;
  return codec::Object<W>(
      "TelehealthWindow",
      Field(
          "code_prefix", &W::code_prefix,
          {.max_len = 5, .description = "The start of the CPT codes it covers (97 for PT/OT, 92 for SLP; empty: all)"}),
      Field("from", &W::from, {.description = "First date of service paid by telehealth (none: no first date)"}),
      Field("until", &W::until, {.description = "Last date of service paid by telehealth (none: no last date)"}),
      Field("note", &W::note, {.max_len = 300, .description = "Why, in words (the law or policy)"}));
}

constexpr auto CodecOf(const FeeRow*) {
  using F = FeeRow;
  return codec::Object<F>(
      "FeeRow", Field("cpt", &F::cpt, {.required = true, .max_len = 5, .description = "The CPT or HCPCS code"}),
      Field("in_person", &F::in_person,
            {.min = 0, .max = 100000000, .description = "Cents in person (none: the service's)"}),
      Field("video", &F::video,
            {.min = 0, .max = 100000000, .description = "Cents by video or audio (none: the service's)"}));
}

constexpr auto CodecOf(const Payer*) {
  return codec::Object<Payer>(
      "Payer", Field("id", &Payer::id, {.read_only = true}),
      Field("name", &Payer::name, {.required = true, .max_len = 200}),
      Field(
          "payer_id", &Payer::payer_id,
          {.required = true, .max_len = 20, .description = "The payer's electronic id, as the clearinghouse lists it"}),
      Field("address_line", &Payer::address_line, {.max_len = 200}), Field("city", &Payer::city, {.max_len = 100}),
      Field("state", &Payer::state, {.max_len = 2}), Field("postal_code", &Payer::postal_code, {.max_len = 10}),
      Field("pos_style", &Payer::pos_style,
            {.description = "telehealth_pos: POS 10 (client at home) or 02; in_person_pos: POS 11 with the modifier"}),
      Field("video_modifier", &Payer::video_modifier), Field("audio_modifier", &Payer::audio_modifier),
      Field("unit_method", &Payer::unit_method,
            {.description = "Timed rehab codes: Medicare's pooled 8-minute rule, or each code at its midpoint"}),
      Field("em_basis", &Payer::em_basis, {.description = "What picks the E/M level when the note has both"}),
      Field("timely_filing_days", &Payer::timely_filing_days, {.min = 1, .max = 3650}),
      Field("telehealth_windows", &Payer::telehealth_windows, {.max_items = 20}),
      Field("filing_indicator", &Payer::filing_indicator,
            {.max_len = 2,
             .description = "The claim filing indicator (SBR09): CI commercial, MB Medicare Part B, MC "
                            "Medicaid, BL Blue Cross, HM HMO …"}),
      Field("therapy_threshold", &Payer::therapy_threshold,
            {.min = 0,
             .max = 100000000,
             .description = "Cents of therapy a year (PT and SLP together, OT apart) after which every rehab line "
                            "carries KX; 0 for none. Medicare's amount changes each January."}),
      Field("fee_schedule", &Payer::fee_schedule,
            {.max_items = 500,
             .description = "What the practice charges this payer per code and mode, in place of the "
                            "service's own fee"}),
      Field("active", &Payer::active),
      Field("version", &Payer::version, {.min = 1, .description = "Send it back when changing the payer"}),
      Field("updated_at", &Payer::updated_at, {.read_only = true, .format = codec::Format::kTimestamp}));
}

constexpr auto CodecOf(const BillingProvider*) {
  using B = BillingProvider;
  return codec::Object<B>(
      "BillingProvider", Field("name", &B::name, {.max_len = 60, .description = "The practice's legal name on claims"}),
      Field("npi", &B::npi, {.max_len = 10, .description = "Type 2 NPI (or the solo clinician's)"}),
      Field("tax_id", &B::tax_id, {.max_len = 10, .description = "EIN, 12-3456789"}),
      Field("taxonomy", &B::taxonomy, {.max_len = 10, .description = "Provider taxonomy code, e.g. 101YP2500X"}),
      Field("address_line", &B::address_line, {.max_len = 55, .description = "Where payments go (no PO box)"}),
      Field("city", &B::city, {.max_len = 30}), Field("state", &B::state, {.max_len = 2}),
      Field("postal_code", &B::postal_code, {.max_len = 10, .description = "ZIP+4 on claims"}),
      Field("phone", &B::phone, {.max_len = 20, .description = "The billing contact's phone, on claim files"}),
      Field("submitter_id", &B::submitter_id,
            {.max_len = 15, .description = "The practice's id at the clearinghouse (ETIN); the tax id when empty"}),
      Field("receiver_id", &B::receiver_id, {.max_len = 15, .description = "The clearinghouse's receiver id"}),
      Field("receiver_name", &B::receiver_name, {.max_len = 60, .description = "The clearinghouse's name"}),
      Field("test_files", &B::test_files, {.description = "Mark claim files as tests (ISA15 T)"}),
      Field("updated_at", &B::updated_at, {.read_only = true, .format = codec::Format::kTimestamp}));
}

constexpr auto CodecOf(const ServiceVisitFee*) {
  using F = ServiceVisitFee;
  constexpr codec::Rules cents{.min = 0, .max = 10'000'000, .description = "Cents; none: the practice's default"};
  return codec::Object<F>("ServiceVisitFee", Field("service_id", &F::service_id, {.required = true, .max_len = 36}),
                          Field("late_cancel", &F::late_cancel, cents), Field("no_show", &F::no_show, cents));
}

constexpr auto CodecOf(const VisitFeePolicy*) {
  using P = VisitFeePolicy;
  constexpr codec::Rules cents{.min = 0, .max = 10'000'000, .description = "Cents; none: no fee"};
  return codec::Object<P>(
      "VisitFeePolicy",
      Field("late_cancel", &P::late_cancel,
            {.min = 0, .max = 10'000'000, .description = "Cents for a late cancellation (inside the notice window)"}),
      Field("no_show", &P::no_show, cents),
      Field("by_service", &P::by_service, {.max_items = 200, .description = "A service's own amounts"}));
}

constexpr auto CodecOf(const ChargeTiming*) {
  return codec::Object<ChargeTiming>(
      "ChargeTiming", Field("charge_at", &ChargeTiming::charge_at,
                            {.required = true,
                             .description = "note_signed (default): when the visit's progress note is signed; "
                                            "visit_end: when the visit ends, coded again from the signed note"}));
}

constexpr auto CodecOf(const Enrollment*) {
  using E = Enrollment;
  return codec::Object<E>(
      "PayerEnrollment", Field("payer_id", &E::payer_ref, {.read_only = true}),
      Field("payer_name", &E::payer_name, {.read_only = true}),
      Field("status", &E::status, {.required = true, .description = "in_network, pending or out_of_network"}),
      Field("from", &E::from, {.description = "In network from this date"}),
      Field("until", &E::until, {.description = "In network through this date"}),
      Field("updated_at", &E::updated_at, {.read_only = true, .format = codec::Format::kTimestamp}));
}

//! `POST /api/v1/coding/preview`: the coding rule on facts given by hand, nothing saved.
struct PreviewRequest {
  std::string service_id;
  std::string cpt;
  int minutes = 0;
  Delivery mode = Delivery::kInPerson;
  std::optional<Delivery> delivered_mode;
  ClientLocation client_location = ClientLocation::kOffice;
  std::string payer_id;
  Therapy discipline = Therapy::kNone;
  std::map<std::string, int> timed_minutes;
  std::vector<std::string> untimed_codes;
  bool assistant = false;
  int video_minutes = 0;
  int audio_minutes = 0;
  std::string interactive_complexity;
  bool new_patient = false;
  std::optional<int> em_minutes;
  std::optional<Mdm> mdm;
  int psychotherapy_minutes = 0;
  bool over_therapy_threshold = false;
  std::vector<std::string> diagnoses;
  std::optional<Date> date_of_service;
};

constexpr auto CodecOf(const PreviewRequest*) {
  using P = PreviewRequest;
  return codec::Object<P>(
      "CodingPreviewRequest",
      Field("service_id", &P::service_id, {.max_len = 36, .description = "A service of the practice (its CPT code)"}),
      Field("cpt", &P::cpt, {.max_len = 5, .description = "Or the code itself"}),
      Field("minutes", &P::minutes, {.min = 0, .max = 1440, .description = "Face-to-face minutes"}),
      Field("mode", &P::mode, {.description = "How the visit was booked"}),
      Field("delivered_mode", &P::delivered_mode, {.description = "How it was delivered in the end (default: mode)"}),
      Field("client_location", &P::client_location, {.description = "Where the client was during the visit"}),
      Field("payer_id", &P::payer_id, {.max_len = 36, .description = "A payer of the practice (its settings apply)"}),
      Field("discipline", &P::discipline, {.description = "Rehab: pt, ot or slp (GP, GO, GN)"}),
      Field("timed_minutes", &P::timed_minutes,
            {.min = 0, .max = 1440, .max_items = 20, .description = "Rehab: minutes per timed 15-minute code"}),
      Field("untimed_codes", &P::untimed_codes, {.max_len = 5, .max_items = 20}),
      Field("assistant", &P::assistant, {.description = "A PTA or OTA furnished part of it (CQ/CO)"}),
      Field("video_minutes", &P::video_minutes, {.min = 0, .max = 1440}),
      Field("audio_minutes", &P::audio_minutes, {.min = 0, .max = 1440}),
      Field("interactive_complexity", &P::interactive_complexity,
            {.max_len = 200, .description = "The factor the note names (90785); empty for none"}),
      Field("new_patient", &P::new_patient), Field("em_minutes", &P::em_minutes, {.min = 0, .max = 1440}),
      Field("mdm", &P::mdm), Field("psychotherapy_minutes", &P::psychotherapy_minutes, {.min = 0, .max = 1440}),
      Field("over_therapy_threshold", &P::over_therapy_threshold),
      Field("diagnoses", &P::diagnoses,
            {.max_len = 8, .max_items = 12, .description = "ICD-10-CM codes, primary first (none given: not checked)"}),
      Field("date_of_service", &P::date_of_service));
}

constexpr auto CodecOf(const ChargeLine*) {
  return codec::Object<ChargeLine>(
      "ChargeLine", Field("cpt", &ChargeLine::cpt), Field("units", &ChargeLine::units),
      Field("modifiers", &ChargeLine::modifiers), Field("pos", &ChargeLine::pos),
      Field("diagnosis_pointers", &ChargeLine::diagnosis_pointers),
      Field("explanation", &ChargeLine::explanation, {.max_len = 2000}),
      Field("amount", &ChargeLine::amount, {.min = 0, .max = 100000000, .description = "Cents for the line"}));
}

constexpr auto CodecOf(const CodingProblem*) {
  return codec::Object<CodingProblem>("CodingProblem", Field("code", &CodingProblem::code),
                                      Field("message", &CodingProblem::message, {.max_len = 2000}));
}

constexpr auto CodecOf(const Coding*) {
  return codec::Object<Coding>("Coding", Field("lines", &Coding::lines), Field("problems", &Coding::problems),
                               Field("notes", &Coding::notes, {.max_len = 2000}));
}

constexpr auto CodecOf(const ChargeChange*) {
  using H = ChargeChange;
  return codec::Object<H>("ChargeChange", Field("at", &H::at, {.format = codec::Format::kTimestamp}),
                          Field("by_user_id", &H::by_user_id), Field("by_name", &H::by_name),
                          Field("what", &H::what, {.max_len = 200}), Field("reason", &H::reason, {.max_len = 1000}));
}

constexpr auto CodecOf(const Charge*) {
  using C = Charge;
  return codec::Object<C>(
      "Charge", Field("id", &C::id), Field("appointment_id", &C::appointment_id), Field("client_id", &C::client_id),
      Field("client_name", &C::client_name), Field("clinician_id", &C::clinician_id), Field("note_id", &C::note_id),
      Field("payer_id", &C::payer_ref, {.null_when_empty = true}),
      Field("payer_name", &C::payer_name, {.null_when_empty = true}), Field("date_of_service", &C::date_of_service),
      Field("status", &C::status,
            {.description = "review (problems first), ready (to claim), self_pay, void, claimed"}),
      Field("lines", &C::lines), Field("problems", &C::problems), Field("notes", &C::notes, {.max_len = 2000}),
      Field("diagnoses", &C::diagnoses, {.description = "ICD-10-CM on the chart when the note was signed"}),
      Field("fee", &C::fee, {.description = "Cents: the sum of the lines"}),
      Field("client_share", &C::client_share,
            {.description = "Cents the client owes: the policy's estimate, then what the payer's remittance says"}),
      Field("payer_paid", &C::payer_paid, {.description = "Cents the payers paid"}),
      Field("history", &C::history, {.max_items = 1000}),
      Field("created_at", &C::created_at, {.format = codec::Format::kTimestamp}),
      Field("updated_at", &C::updated_at, {.format = codec::Format::kTimestamp}), Field("version", &C::version));
}

//! `PATCH /api/v1/charges/{id}`: the biller corrects a charge before it is claimed.
struct ChargeUpdate {
  std::int64_t version = 0;
  std::optional<std::vector<ChargeLine>> lines;
  std::optional<ChargeStatus> status;
  std::string reason;
};
constexpr auto CodecOf(const ChargeUpdate*) {
  using U = ChargeUpdate;
  return codec::Object<U>(
      "ChargeUpdate", Field("version", &U::version, {.required = true, .min = 1}),
      Field("lines", &U::lines,
            {.max_items = 20,
             .description = "The corrected lines (cpt, units, modifiers, pos, "
                            "diagnosis_pointers, explanation)"}),
      Field("status", &U::status, {.description = "ready once corrected, void to drop it"}),
      Field("reason", &U::reason, {.required = true, .max_len = 1000, .description = "Why, kept with the charge"}));
}

struct ChargeQuery {
  std::optional<ChargeStatus> status;
};
constexpr auto CodecOf(const ChargeQuery*) {
  return codec::Object<ChargeQuery>("ChargeQuery", Field("status", &ChargeQuery::status));
}

//! Whose charge of a visit: a joint visit has one per rendering clinician.
struct VisitChargeQuery {
  std::string clinician_id;
};
constexpr auto CodecOf(const VisitChargeQuery*) {
  return codec::Object<VisitChargeQuery>(
      "VisitChargeQuery",
      Field("clinician_id", &VisitChargeQuery::clinician_id,
            {.max_len = 36, .description = "A joint visit's rendering clinician (default: the visit's own)"}));
}

constexpr auto CodecOf(const UnbilledVisit*) {
  using U = UnbilledVisit;
  return codec::Object<U>(
      "UnbilledVisit", Field("appointment_id", &U::appointment_id),
      Field("start", &U::start, {.format = codec::Format::kTimestamp}), Field("client_name", &U::client_name),
      Field("clinician_id", &U::clinician_id), Field("clinician_name", &U::clinician_name), Field("status", &U::status),
      Field("reason", &U::reason, {.description = "note_unsigned, or not_marked_held (still booked after it ended)"}),
      Field("message", &U::message), Field("days_waiting", &U::days_waiting));
}

constexpr auto CodecOf(const BillingWeek*) {
  using W = BillingWeek;
  return codec::Object<W>(
      "BillingWeek", Field("week_start", &W::week_start), Field("charged", &W::charged, {.description = "Cents"}),
      Field("payer_paid", &W::payer_paid), Field("client_share", &W::client_share), Field("in_person", &W::in_person),
      Field("video", &W::video), Field("audio", &W::audio),
      Field("collected_in_person", &W::collected_in_person,
            {.description = "Cents received that week for in-person visits (payments less refunds)"}),
      Field("collected_video", &W::collected_video), Field("collected_audio", &W::collected_audio),
      Field("collected_on_account", &W::collected_on_account,
            {.description = "Cents received on account, not yet applied to a visit"}));
}
constexpr auto CodecOf(const PayerTotal*) {
  using P = PayerTotal;
  return codec::Object<P>("PayerTotal", Field("payer_name", &P::payer_name), Field("charged", &P::charged),
                          Field("payer_paid", &P::payer_paid), Field("charges", &P::charges));
}
constexpr auto CodecOf(const BillingSummary*) {
  return codec::Object<BillingSummary>("BillingSummary", Field("weeks", &BillingSummary::weeks),
                                       Field("payers", &BillingSummary::payers));
}

struct SummaryQuery {
  int weeks = 12;
};
constexpr auto CodecOf(const SummaryQuery*) {
  return codec::Object<SummaryQuery>("BillingSummaryQuery",
                                     Field("weeks", &SummaryQuery::weeks, {.min = 1, .max = 104}));
}

constexpr auto CodecOf(const Adjustment*) {
  using A = Adjustment;
  return codec::Object<A>("Adjustment", Field("group", &A::group, {.description = "CO, PR, OA or PI"}),
                          Field("reason", &A::reason, {.description = "The claim adjustment reason code (CARC)"}),
                          Field("amount", &A::amount, {.description = "Cents"}));
}

constexpr auto CodecOf(const ClaimPerson*) {
  using P = ClaimPerson;
  return codec::Object<P>("ClaimPerson", Field("given_name", &P::given_name), Field("family_name", &P::family_name),
                          Field("birth_date", &P::birth_date), Field("sex", &P::sex), Field("member_id", &P::member_id),
                          Field("address_line", &P::address_line), Field("city", &P::city), Field("state", &P::state),
                          Field("postal_code", &P::postal_code));
}

constexpr auto CodecOf(const ClaimDetail*) {
  using D = ClaimDetail;
  return codec::Object<D>(
      "ClaimDetail", Field("payer_name", &D::payer_name), Field("payer_id", &D::payer_id),
      Field("filing_indicator", &D::filing_indicator), Field("priority", &D::priority),
      Field("relationship", &D::relationship), Field("group_number", &D::group_number),
      Field("subscriber", &D::subscriber), Field("patient", &D::patient),
      Field("rendering_given_name", &D::rendering_given_name),
      Field("rendering_family_name", &D::rendering_family_name), Field("rendering_npi", &D::rendering_npi),
      Field("rendering_taxonomy", &D::rendering_taxonomy), Field("diagnoses", &D::diagnoses), Field("pos", &D::pos));
}

constexpr auto CodecOf(const ClaimLine*) {
  using L = ClaimLine;
  return codec::Object<L>("ClaimLine", Field("cpt", &L::cpt), Field("modifiers", &L::modifiers),
                          Field("units", &L::units), Field("amount", &L::amount, {.description = "Cents"}),
                          Field("pos", &L::pos), Field("diagnosis_pointers", &L::diagnosis_pointers),
                          Field("paid", &L::paid, {.description = "Cents the payer paid on the line"}),
                          Field("adjustments", &L::adjustments),
                          Field("explanation", &L::explanation, {.max_len = 2000}));
}

constexpr auto CodecOf(const ClaimEvent*) {
  using E = ClaimEvent;
  return codec::Object<E>("ClaimEvent", Field("at", &E::at, {.format = codec::Format::kTimestamp}),
                          Field("by_name", &E::by_name), Field("status", &E::status),
                          Field("note", &E::note, {.max_len = 2000}));
}

constexpr auto CodecOf(const Claim*) {
  using C = Claim;
  return codec::Object<C>(
      "Claim", Field("id", &C::id),
      Field("number", &C::number, {.description = "The claim's number on the 837P (CLM01), echoed by the 835"}),
      Field("batch_id", &C::batch_id, {.null_when_empty = true}), Field("charge_id", &C::charge_id),
      Field("appointment_id", &C::appointment_id), Field("client_id", &C::client_id),
      Field("client_name", &C::client_name), Field("clinician_id", &C::clinician_id), Field("payer_id", &C::payer_ref),
      Field("payer_name", &C::payer_name),
      Field("status", &C::status,
            {.description = "draft, ready, sent, accepted, rejected, paid, partly_paid, denied, resubmitted"}),
      Field("frequency", &C::frequency, {.description = "1 original, 7 replacement, 8 void"}),
      Field("original_claim_id", &C::original_claim_id, {.null_when_empty = true}),
      Field("payer_claim_number", &C::payer_claim_number, {.null_when_empty = true}),
      Field("date_of_service", &C::date_of_service), Field("total", &C::total, {.description = "Cents"}),
      Field("paid", &C::paid, {.description = "Cents the payer paid"}),
      Field("patient_responsibility", &C::patient_responsibility,
            {.description = "Cents the payer says the client owes"}),
      Field("lines", &C::lines), Field("adjustments", &C::adjustments),
      Field("denial_reasons", &C::denial_reasons, {.description = "The payer's reasons in words"}),
      Field("history", &C::history), Field("detail", &C::detail),
      Field("created_at", &C::created_at, {.format = codec::Format::kTimestamp}),
      Field("updated_at", &C::updated_at, {.format = codec::Format::kTimestamp}), Field("version", &C::version));
}

constexpr auto CodecOf(const ClaimBatch*) {
  using B = ClaimBatch;
  return codec::Object<B>(
      "ClaimBatch", Field("id", &B::id),
      Field("control_number", &B::control_number, {.description = "The interchange control number (ISA13)"}),
      Field("claims", &B::claim_ids), Field("total", &B::total, {.description = "Cents"}),
      Field("created_by_name", &B::created_by_name),
      Field("created_at", &B::created_at, {.format = codec::Format::kTimestamp}),
      Field("sent_at", &B::sent_at, {.format = codec::Format::kTimestamp}));
}

//! `POST /api/v1/claims/batches`: charges ready to claim (and drafts of replacements or voids).
struct BatchRequest {
  std::vector<std::string> charge_ids;
  std::vector<std::string> claim_ids;
};
constexpr auto CodecOf(const BatchRequest*) {
  using R = BatchRequest;
  return codec::Object<R>(
      "ClaimBatchRequest",
      Field("charge_ids", &R::charge_ids, {.max_len = 36, .max_items = 1000, .description = "Charges ready to claim"}),
      Field("claim_ids", &R::claim_ids,
            {.max_len = 36, .max_items = 1000, .description = "Draft replacement or void claims"}));
}

//! `POST /api/v1/claims/{id}/status`: the clearinghouse's or payer's answer entered by hand.
struct ClaimStatusChange {
  ClaimStatus status = ClaimStatus::kAccepted;
  std::string reason;
  std::int64_t version = 0;
};
constexpr auto CodecOf(const ClaimStatusChange*) {
  using S = ClaimStatusChange;
  return codec::Object<S>("ClaimStatusChange",
                          Field("status", &S::status, {.required = true, .description = "accepted or rejected"}),
                          Field("reason", &S::reason, {.max_len = 1000, .description = "Why (a rejection's reason)"}),
                          Field("version", &S::version, {.required = true, .min = 1}));
}

//! `POST /api/v1/claims/{id}/replace` and `/void`: a corrected claim (frequency 7) or a void (8).
struct ClaimCorrection {
  std::optional<std::vector<ChargeLine>> lines;
  std::string reason;
};
constexpr auto CodecOf(const ClaimCorrection*) {
  using C = ClaimCorrection;
  return codec::Object<C>(
      "ClaimCorrection",
      Field("lines", &C::lines, {.max_items = 50, .description = "The corrected lines (replacement only)"}),
      Field("reason", &C::reason, {.required = true, .max_len = 1000}));
}

struct SuperbillQuery {
  std::optional<Date> from;
  std::optional<Date> to;
};
constexpr auto CodecOf(const SuperbillQuery*) {
  return codec::Object<SuperbillQuery>(
      "SuperbillQuery", Field("from", &SuperbillQuery::from, {.description = "First date of service (default: Jan 1)"}),
      Field("to", &SuperbillQuery::to, {.description = "Last date of service (default: today)"}));
}

struct ClaimQuery {
  std::optional<ClaimStatus> status;
};
constexpr auto CodecOf(const ClaimQuery*) {
  return codec::Object<ClaimQuery>("ClaimQuery", Field("status", &ClaimQuery::status));
}

//! One claim payment of an 835 as it was (or would be) posted.
struct PostedClaim {
  std::string claim_number;
  std::string claim_id;  // empty when it matched no claim
  std::string client_name;
  std::string status;  // the claim's status after posting; "unmatched", "already_posted", "review"
  std::int64_t charged = 0;
  std::int64_t paid = 0;
  std::int64_t patient_responsibility = 0;
  std::vector<std::string> adjustments;  // in words
  std::vector<std::string> problems;
};
constexpr auto CodecOf(const PostedClaim*) {
  using P = PostedClaim;
  return codec::Object<P>(
      "PostedClaim", Field("claim_number", &P::claim_number),
      Field("claim_id", &P::claim_id, {.null_when_empty = true}),
      Field("client_name", &P::client_name, {.null_when_empty = true}),
      Field("status", &P::status,
            {.description = "The claim's status after posting, or unmatched, already_posted, review"}),
      Field("charged", &P::charged), Field("paid", &P::paid),
      Field("patient_responsibility", &P::patient_responsibility), Field("adjustments", &P::adjustments),
      Field("problems", &P::problems));
}

//! An imported 835 (or its preview with `dry_run`).
struct RemittanceResult {
  std::string id;  // empty for a preview
  bool dry_run = false;
  bool duplicate = false;  // the same file was imported before: nothing posted
  std::string payer_name;
  std::string trace_number;
  std::optional<Date> paid_on;
  std::int64_t total_paid = 0;
  std::int64_t provider_adjustments = 0;
  int posted = 0;
  int unmatched = 0;
  std::vector<PostedClaim> claims;
  EpochSeconds created_at = 0;
};
constexpr auto CodecOf(const RemittanceResult*) {
  using R = RemittanceResult;
  return codec::Object<R>(
      "Remittance", Field("id", &R::id, {.null_when_empty = true}), Field("dry_run", &R::dry_run),
      Field("duplicate", &R::duplicate, {.description = "The same file was imported before: nothing was posted"}),
      Field("payer_name", &R::payer_name), Field("trace_number", &R::trace_number), Field("paid_on", &R::paid_on),
      Field("total_paid", &R::total_paid), Field("provider_adjustments", &R::provider_adjustments),
      Field("posted", &R::posted), Field("unmatched", &R::unmatched), Field("claims", &R::claims),
      Field("created_at", &R::created_at, {.format = codec::Format::kTimestamp}));
}

struct RemittanceQuery {
  bool dry_run = false;
};
constexpr auto CodecOf(const RemittanceQuery*) {
  return codec::Object<RemittanceQuery>("RemittanceQuery", Field("dry_run", &RemittanceQuery::dry_run));
}

}  // namespace duet::billing
