#pragma once
// Releases of information and disclosures: wire types, declared once (platform/codec.hpp).
#include "care/model.hpp"
#include "care/rules.hpp"
#include "care/service.hpp"
#include "platform/codec.hpp"
#include "practice/codecs.hpp"

namespace duet::care {

using codec::Field;
using codec::Format;

struct Signed {
  std::string name;
  EpochSeconds at = 0;
  std::string witnessed_by;
};
constexpr auto CodecOf(const Signed*) {
  return codec::Object<Signed>("ReleaseSignature", Field("name", &Signed::name),
                               Field("at", &Signed::at, {.format = Format::kTimestamp}),
                               Field("witnessed_by", &Signed::witnessed_by));
}

//! A release as shown on a date (its state depends on the day).
struct ReleaseRow : Release {
  Date today{};
};
constexpr auto CodecOf(const ReleaseRow*) {
  using R = ReleaseRow;
  constexpr codec::Rules opt{.null_when_empty = true};
  return codec::Object<R>(
      "Release", Field("id", &R::id), Field("client_id", &R::client_id), Field("recipient_name", &R::recipient_name),
      Field("recipient_organization", &R::recipient_organization, opt),
      Field("recipient_contact", &R::recipient_contact, opt), Field("purpose", &R::purpose), Field("scope", &R::scope),
      Field("effective_on", &R::effective_on), Field("expires_on", &R::expires_on),
      codec::Computed<Signed>("signed",
                              [](const R& r) {
                                return Signed{r.signed_name, r.signed_at, r.witnessed_by};
                              }),
      Field("revoked_at", &R::revoked_at, {.format = Format::kTimestamp}),
      Field("partner_id", &R::partner_id,
            {.null_when_empty = true, .description = "The partner organization whose clinicians open it"}),
      codec::Computed<ReleaseState>("state", [](const R& r) { return StateOf(r, r.today); }));
}

//! A release the client signed in session.
struct ReleaseBody {
  std::string recipient_name;
  std::string recipient_organization;
  std::string recipient_contact;
  std::string purpose;
  std::vector<std::string> scope;
  std::optional<Date> effective_on;
  Date expires_on{};
  std::string signed_name;
  std::string partner_id;
};
inline constexpr std::string_view kScopeNames[] = {"demographics", "diagnoses", "visits",    "notes",
                                                   "plan",         "measures",  "documents", "part2"};
constexpr auto CodecOf(const ReleaseBody*) {
  using B = ReleaseBody;
  // Empty names and purpose are left to the rule, so that every gap is named at once.
  return codec::Object<B>(
      "NewRelease", Field("recipient_name", &B::recipient_name, {.max_len = 200}),
      Field("recipient_organization", &B::recipient_organization, {.max_len = 200}),
      Field("recipient_contact", &B::recipient_contact, {.max_len = 300, .description = "Fax, address or e-mail"}),
      Field("purpose", &B::purpose),
      Field("scope", &B::scope, {.max_len = 40, .description = "Parts of the record it covers"}),
      Field("effective_on", &B::effective_on, {.description = "Default: today"}),
      Field("expires_on", &B::expires_on, {.required = true}), Field("signed_name", &B::signed_name, {.max_len = 200}),
      Field("partner_id", &B::partner_id,
            {.max_len = 36,
             .description = "A connected partner organization: its clinicians open what the release covers while it "
                            "is in effect"}));
}

constexpr auto CodecOf(const Disclosure*) {
  using D = Disclosure;
  return codec::Object<D>("Disclosure", Field("id", &D::id), Field("release_id", &D::release_id),
                          Field("recipient", &D::recipient), Field("purpose", &D::purpose), Field("scope", &D::scope),
                          Field("disclosed_by", &D::disclosed_by_name),
                          Field("disclosed_at", &D::disclosed_at, {.format = Format::kTimestamp}),
                          Field("part2", &D::part2, {.description = "It included substance-use-disorder records"}));
}

// ---- the medication list ----
constexpr auto CodecOf(const MedicationEvent*) {
  using E = MedicationEvent;
  constexpr codec::Rules opt{.null_when_empty = true};
  return codec::Object<E>("MedicationEvent", Field("id", &E::id), Field("kind", &E::kind),
                          Field("at", &E::at, {.format = Format::kTimestamp}), Field("by", &E::by_name),
                          Field("why", &E::why, opt), Field("changes", &E::changes), Field("adherence", &E::adherence),
                          Field("side_effects", &E::side_effects), Field("note", &E::note, opt));
}

constexpr auto CodecOf(const Medication*) {
  using M = Medication;
  constexpr codec::Rules opt{.null_when_empty = true};
  return codec::Object<M>(
      "Medication", Field("id", &M::id), Field("client_id", &M::client_id), Field("name", &M::name),
      Field("rxnorm", &M::rxnorm, opt), Field("strength", &M::strength), Field("form", &M::form),
      Field("dose", &M::dose), Field("route", &M::route), Field("frequency", &M::frequency),
      Field("prescriber", &M::prescriber), Field("prescriber_clinician_id", &M::prescriber_clinician_id, opt),
      Field("sent_to", &M::sent_to, {.null_when_empty = true, .description = "Where prescriptions are sent"}),
      Field("reason", &M::reason), Field("notes", &M::notes), Field("started_on", &M::started_on),
      Field("stopped_on", &M::stopped_on), Field("stop_reason", &M::stop_reason, opt), Field("version", &M::version),
      Field("updated_at", &M::updated_at, {.format = Format::kTimestamp}),
      Field("history", &M::history, {.description = "Every change with who and why, oldest first"}));
}

//! A medication as entered (added, or changed with the version read and why).
struct MedicationBody {
  std::string name;
  std::string rxnorm;
  std::string strength;
  std::string form;
  std::string dose;
  std::string route;
  std::string frequency;
  std::string prescriber;
  std::string prescriber_clinician_id;
  std::string sent_to;
  std::string reason;
  std::string notes;
  std::optional<Date> started_on;
  std::int64_t version = 0;
  std::string why;
};
constexpr auto CodecOf(const MedicationBody*) {
  using B = MedicationBody;
  return codec::Object<B>(
      "MedicationEntry", Field("name", &B::name, {.max_len = 200}),
      Field("rxnorm", &B::rxnorm, {.max_len = 10, .description = "The RxCUI, when known"}),
      Field("strength", &B::strength, {.max_len = 60}), Field("form", &B::form, {.max_len = 60}),
      Field("dose", &B::dose, {.max_len = 120}), Field("route", &B::route, {.max_len = 60}),
      Field("frequency", &B::frequency, {.max_len = 120}), Field("prescriber", &B::prescriber, {.max_len = 200}),
      Field("prescriber_clinician_id", &B::prescriber_clinician_id, {.max_len = 36}),
      Field("sent_to", &B::sent_to, {.max_len = 200, .description = "Where prescriptions are sent (a pharmacy)"}),
      Field("reason", &B::reason, {.max_len = 500}), Field("notes", &B::notes, {.max_len = 2000}),
      Field("started_on", &B::started_on, {.description = "Default: today"}),
      Field("version", &B::version, {.min = 0, .description = "A change: the version read"}),
      Field("why", &B::why, {.max_len = 500, .description = "A change: why"}));
}
inline Medication FromBody(const MedicationBody& b) {
  Medication m;
  m.name = b.name;
  m.rxnorm = b.rxnorm;
  m.strength = b.strength;
  m.form = b.form;
  m.dose = b.dose;
  m.route = b.route;
  m.frequency = b.frequency;
  m.prescriber = b.prescriber;
  m.prescriber_clinician_id = b.prescriber_clinician_id;
  m.sent_to = b.sent_to;
  m.reason = b.reason;
  m.notes = b.notes;
  m.started_on = b.started_on.value_or(Date{});
  m.version = b.version;
  return m;
}

struct StopBody {
  std::int64_t version = 0;
  std::optional<Date> stopped_on;
  std::string reason;
};
constexpr auto CodecOf(const StopBody*) {
  using B = StopBody;
  return codec::Object<B>("MedicationStop", Field("version", &B::version, {.required = true, .min = 1}),
                          Field("stopped_on", &B::stopped_on, {.description = "Default: today"}),
                          Field("reason", &B::reason, {.max_len = 500}));
}

struct ObservationBody {
  std::optional<Adherence> adherence;
  std::vector<std::string> side_effects;
  std::string note;
};
constexpr auto CodecOf(const ObservationBody*) {
  using B = ObservationBody;
  return codec::Object<B>(
      "MedicationObservation",
      Field("adherence", &B::adherence,
            {.message = "Choose unknown, as_prescribed, misses_doses, stopped_on_own or takes_more."}),
      Field("side_effects", &B::side_effects, {.max_len = 40, .description = "From the list (nausea, headache…)"}),
      Field("note", &B::note, {.max_len = 2000}));
}

// ---- the care team ----
constexpr auto CodecOf(const TeamVisit*) {
  using V = TeamVisit;
  return codec::Object<V>("TeamVisit", Field("id", &V::id), Field("start", &V::start, {.format = Format::kTimestamp}),
                          Field("mode", &V::mode), Field("status", &V::status));
}
constexpr auto CodecOf(const TeamMember*) {
  using M = TeamMember;
  return codec::Object<M>("TeamMember", Field("member", &M::member),
                          Field("last_visit", &M::last_visit, {.description = "Their last visit with the client"}),
                          Field("next_visit", &M::next_visit, {.description = "Their next visit with the client"}));
}
constexpr auto CodecOf(const TeamSharing*) {
  using S = TeamSharing;
  return codec::Object<S>(
      "TeamSharing",
      Field("shares_notes", &S::shares_notes,
            {.description = "The client agreed that members read each other's signed progress notes (never "
                            "psychotherapy notes)"}),
      Field("shares_part2", &S::shares_part2,
            {.description = "The agreement names substance-use-disorder (42 CFR Part 2) records"}),
      Field("recorded_by", &S::recorded_by, {.null_when_empty = true}),
      Field("recorded_at", &S::recorded_at, {.format = Format::kTimestamp}));
}
constexpr auto CodecOf(const Attachment*) {
  return codec::Object<Attachment>("ReferralAttachment", Field("document_id", &Attachment::document_id),
                                   Field("title", &Attachment::title),
                                   Field("content_type", &Attachment::content_type));
}
constexpr auto CodecOf(const PartnerClinician*) {
  return codec::Object<PartnerClinician>("PartnerClinician", Field("id", &PartnerClinician::id),
                                         Field("name", &PartnerClinician::name),
                                         Field("discipline", &PartnerClinician::discipline));
}
constexpr auto CodecOf(const TeamPartner*) {
  using P = TeamPartner;
  return codec::Object<P>("TeamPartner", Field("partner_id", &P::partner_id), Field("name", &P::name),
                          Field("release_id", &P::release_id), Field("expires_on", &P::expires_on),
                          Field("scope", &P::scope), Field("clinicians", &P::clinicians));
}
constexpr auto CodecOf(const Partner*) {
  using P = Partner;
  constexpr codec::Rules ro{.read_only = true};
  constexpr codec::Rules ro_null{.read_only = true, .null_when_empty = true};
  return codec::Object<P>(
      "Partner", Field("id", &P::id, ro),
      Field("name", &P::name, {.required = true, .max_len = 200, .description = "The partner organization's name"}),
      Field("kind", &P::kind,
            {.max_len = 20, .one_of = kPartnerKinds, .message = "telepsychiatry, hospital, clinic or organization."}),
      Field("status", &P::status, ro), Field("direction", &P::direction, ro),
      Field("practice_name", &P::practice_name, ro_null),
      Field("connected_at", &P::connected_at, {.read_only = true, .format = Format::kTimestamp}),
      Field("invite_expires_at", &P::invite_expires_at, {.read_only = true, .format = Format::kTimestamp}),
      Field("created_at", &P::created_at, {.read_only = true, .format = Format::kTimestamp}),
      Field("invite_code", &P::invite_code,
            {.read_only = true,
             .omit_when_empty = true,
             .description = "Shown once: the partner's owner enters it (Settings → Partner organizations) to connect"}),
      Field("email", &P::email,
            {.write_only = true,
             .max_len = 254,
             .description = "On invitation: e-mail the code and a link to the partner's owner; one not yet on Duet "
                            "creates their practice from the link"}),
      Field("invite_emailed", &P::invite_emailed, {.read_only = true, .omit_when_empty = true}));
}
constexpr auto CodecOf(const PartnerInvitePreview*) {
  using V = PartnerInvitePreview;
  return codec::Object<V>("PartnerInvitePreview", Field("practice_name", &V::practice_name), Field("name", &V::name),
                          Field("kind", &V::kind), Field("expires_at", &V::expires_at, {.format = Format::kTimestamp}));
}
constexpr auto CodecOf(const PartnerJoin*) {
  using J = PartnerJoin;
  return codec::Object<J>("PartnerJoin",
                          Field("token", &J::token, {.required = true, .write_only = true, .max_len = 100}),
                          Field("practice_name", &J::practice_name,
                                {.required = true, .max_len = 200, .description = "The new practice's name"}),
                          Field("owner_name", &J::owner_name, {.required = true, .max_len = 200}),
                          Field("owner_email", &J::owner_email, {.required = true, .max_len = 254}),
                          Field("password", &J::password, {.required = true, .write_only = true, .max_len = 200}));
}
struct PartnerConnect {
  std::string token;
};
constexpr auto CodecOf(const PartnerConnect*) {
  return codec::Object<PartnerConnect>("PartnerConnect",
                                       Field("token", &PartnerConnect::token, {.required = true, .max_len = 100}));
}
constexpr auto CodecOf(const SharedClient*) {
  using S = SharedClient;
  return codec::Object<S>("SharedClient", Field("client_id", &S::client_id), Field("name", &S::name),
                          Field("release_id", &S::release_id), Field("purpose", &S::purpose), Field("scope", &S::scope),
                          Field("expires_on", &S::expires_on));
}

constexpr auto CodecOf(const PartnerVisit*) {
  using V = PartnerVisit;
  return codec::Object<V>(
      "PartnerVisit", Field("appointment_id", &V::appointment_id), Field("partner_id", &V::partner_id),
      Field("practice_name", &V::practice_name), Field("clinician_name", &V::clinician_name),
      Field("client_names", &V::client_names),
      codec::Computed<std::string>("start", [](const V& v) { return FormatTimestampIn(v.start, v.time_zone); },
                                   {.format = Format::kTimestamp}),
      codec::Computed<std::string>("end", [](const V& v) { return FormatTimestampIn(v.end, v.time_zone); },
                                   {.format = Format::kTimestamp}),
      Field("status", &V::status));
}
constexpr auto CodecOf(const PartnerVisitsQuery*) {
  using Q = PartnerVisitsQuery;
  return codec::Object<Q>(
      "PartnerVisitsQuery",
      Field("from", &Q::from, {.format = Format::kTimestamp, .description = "Default: a day ago"}),
      Field("to", &Q::to, {.format = Format::kTimestamp, .description = "Default and at most: 62 days after from"}));
}

constexpr auto CodecOf(const TeamView*) {
  using T = TeamView;
  return codec::Object<T>(
      "CareTeam", Field("client_id", &T::client_id), Field("members", &T::members), Field("sharing", &T::sharing),
      Field("version", &T::version, {.description = "The client record's version"}),
      Field("partners", &T::partners, {.description = "Partner organizations on the team under a release in effect"}));
}

//! The care team as saved: every member with their part and dates, and what the client agreed the team share.
struct CareTeamBody {
  std::int64_t version = 0;
  std::vector<practice::CareTeamMember> members;
  std::optional<bool> shares_notes;
  std::optional<bool> shares_part2;
};
constexpr auto CodecOf(const CareTeamBody*) {
  using B = CareTeamBody;
  return codec::Object<B>(
      "CareTeamChange", Field("version", &B::version, {.required = true, .min = 1, .description = "The version read"}),
      Field("members", &B::members, {.max_items = 30}),
      Field("shares_notes", &B::shares_notes,
            {.description = "Unset: as it was. The client agreed that members read each other's signed notes"}),
      Field("shares_part2", &B::shares_part2,
            {.description = "Unset: as it was. The agreement names substance-use-disorder (42 CFR Part 2) records"}));
}

// ---- referrals ----
//! A referral as shown at a time (when its next step is due, and whether that is past).
struct ReferralRow : Referral {
  EpochSeconds now = 0;
};
constexpr auto CodecOf(const ReferralRow*) {
  using R = ReferralRow;
  constexpr codec::Rules opt{.null_when_empty = true};
  return codec::Object<R>(
      "Referral", Field("id", &R::id), Field("client_id", &R::client_id), Field("client_name", &R::client_name),
      Field("from_clinician_id", &R::from_clinician_id), Field("from_name", &R::from_name),
      Field("to_clinician_id", &R::to_clinician_id), Field("to_name", &R::to_name), Field("urgency", &R::urgency),
      Field("state", &R::state), Field("reason", &R::reason, opt), Field("question", &R::question, opt),
      Field("answer", &R::answer, {.null_when_empty = true, .description = "The answer, or why it was declined"}),
      Field("answer_note_id", &R::answer_note_id, opt), Field("first_visit_id", &R::first_visit_id, opt),
      Field("sent_at", &R::sent_at, {.format = Format::kTimestamp}),
      Field("accepted_at", &R::accepted_at, {.format = Format::kTimestamp}),
      Field("booked_at", &R::booked_at, {.format = Format::kTimestamp}),
      Field("held_at", &R::held_at, {.format = Format::kTimestamp}),
      Field("closed_at", &R::closed_at, {.format = Format::kTimestamp}), Field("version", &R::version),
      codec::Computed<std::optional<EpochSeconds>>(
          "due_at", [](const R& r) { return DueAt(r); },
          {.format = Format::kTimestamp, .description = "When the next step is due (target times)"}),
      codec::Computed<bool>("overdue", [](const R& r) { return IsOverdue(r, r.now); }),
      Field("attachments", &R::attachments, {.description = "Chart documents sent with it"}));
}

struct ReferralBody {
  std::string client_id;
  std::string from_clinician_id;
  std::string to_clinician_id;
  Urgency urgency = Urgency::kRoutine;
  std::string reason;
  std::string question;
  std::vector<std::string> attachment_ids;
};
constexpr auto CodecOf(const ReferralBody*) {
  using B = ReferralBody;
  return codec::Object<B>(
      "NewReferral", Field("client_id", &B::client_id, {.max_len = 36}),
      Field("from_clinician_id", &B::from_clinician_id,
            {.max_len = 36, .description = "Who refers, when you have no clinician profile (the owner, a supervisor)"}),
      Field("to_clinician_id", &B::to_clinician_id, {.max_len = 36}),
      Field("urgency", &B::urgency, {.message = "Choose routine, soon or urgent."}),
      Field("reason", &B::reason, {.max_len = 2000}),
      Field("question", &B::question, {.max_len = 2000, .description = "What you ask the clinician"}),
      Field("attachment_ids", &B::attachment_ids,
            {.max_len = 36, .max_items = 10, .description = "Documents of the client's chart to send with it"}));
}

struct ReferralsQuery {
  std::optional<ReferralState> state;
  std::optional<std::string> to_clinician_id;
  std::optional<std::string> client_id;
  bool open = false;
};
constexpr auto CodecOf(const ReferralsQuery*) {
  using Q = ReferralsQuery;
  return codec::Object<Q>(
      "ReferralsQuery",
      Field("state", &Q::state, {.message = "Choose sent, accepted, booked, held, answered or declined."}),
      Field("to_clinician_id", &Q::to_clinician_id, {.max_len = 36}),
      Field("client_id", &Q::client_id, {.max_len = 36}),
      Field("open", &Q::open, {.description = "Only those not yet answered or declined"}));
}

struct ReferralReply {
  std::string reason;   // decline
  std::string answer;   // answer
  std::string note_id;  // answer: the note that answers
};
constexpr auto CodecOf(const ReferralReply*) {
  using B = ReferralReply;
  return codec::Object<B>(
      "ReferralReply", Field("reason", &B::reason, {.max_len = 2000, .description = "Declining: why"}),
      Field("answer", &B::answer, {.max_len = 4000, .description = "Answering: what you tell the referrer"}),
      Field("note_id", &B::note_id, {.max_len = 36, .description = "Answering: the signed note that answers"}));
}

}  // namespace duet::care
