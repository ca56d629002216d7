#pragma once
// The directory's wire types, declared once (platform/codec.hpp): decoding, encoding and OpenAPI schemas.
#include "platform/codec.hpp"
#include "practice/model.hpp"
#include "practice/rules.hpp"
#include "practice/service.hpp"

namespace duet::practice {

using codec::Field;
using codec::Format;

constexpr auto CodecOf(const Clinician*) {
  using K = Clinician;
  return codec::Object<K>(
      "Clinician", Field("id", &K::id, {.read_only = true}), Field("given_name", &K::given_name, {.max_len = 100}),
      Field("family_name", &K::family_name, {.max_len = 100}),
      Field("discipline", &K::discipline,
            {.required = true,
             .message = "Choose one of counseling, social_work, mft, psychology, psychiatry, psychiatric_np, "
                        "occupational_therapy, "
                        "physical_therapy, speech_language_pathology."}),
      Field("credentials", &K::credentials, {.max_len = 60}),
      Field("npi", &K::npi, {.null_when_empty = true, .max_len = 10}),
      Field("taxonomy_code", &K::taxonomy_code, {.null_when_empty = true, .max_len = 10}),
      Field("home_state", &K::home_state, {.max_len = 2}), Field("time_zone", &K::time_zone, {.max_len = 64}),
      Field("email", &K::email, {.null_when_empty = true, .max_len = 254}),
      Field("user_id", &K::user_id, {.null_when_empty = true, .max_len = 36}),
      Field("supervisor_user_id", &K::supervisor_user_id, {.null_when_empty = true, .max_len = 36}),
      Field("active", &K::active), Field("version", &K::version, {.min = 1}));
}

constexpr auto CodecOf(const License*) {
  using L = License;
  return codec::Object<L>(
      "License", Field("id", &L::id, {.read_only = true}), Field("clinician_id", &L::clinician_id, {.read_only = true}),
      Field("kind", &L::kind, {.required = true, .message = "Choose license or compact_privilege."}),
      Field("state", &L::state, {.required = true, .max_len = 2}),
      Field("compact", &L::compact, {.null_when_empty = true, .max_len = 20}),
      Field("license_type", &L::license_type, {.max_len = 60}), Field("number", &L::number, {.max_len = 60}),
      Field("issued_on", &L::issued_on, {.required = true}), Field("expires_on", &L::expires_on, {.required = true}),
      Field("status", &L::status, {.message = "Choose active, suspended or revoked."}));
}

inline constexpr std::string_view kBases[] = {"license", "compact_privilege"};

//! A state's licensure answer on a date, for the coverage list.
struct CoverageRow : Coverage {
  Date on{};
};
constexpr auto CodecOf(const CoverageRow*) {
  using C = CoverageRow;
  return codec::Object<C>(
      "Coverage", Field("state", &C::state), Field("allowed", &C::allowed),
      codec::Computed<std::optional<std::string>>("basis",
                                                  [](const C& c) {
                                                    return c.basis == Basis::kNone
                                                               ? std::nullopt
                                                               : std::optional<std::string>(NameOf(c.basis));
                                                  },
                                                  {.one_of = kBases}),
      Field("reason", &C::reason), Field("message", &C::message),
      Field("license_id", &C::license_id, {.null_when_empty = true}),
      Field("compact", &C::compact, {.null_when_empty = true}), Field("expires_on", &C::expires_on),
      codec::Computed<bool>(
          "expiring_soon",
          [](const C& c) { return c.allowed && c.expires_on && DaysBetween(c.on, *c.expires_on) <= 90; },
          {.description = "Allowed, and the record ends within 90 days"}));
}

struct CoverageQuery {
  std::optional<Date> date;
  Mode mode = Mode::kTelehealth;
};
constexpr auto CodecOf(const CoverageQuery*) {
  return codec::Object<CoverageQuery>(
      "CoverageQuery", Field("date", &CoverageQuery::date, {.description = "Default: today"}),
      Field("mode", &CoverageQuery::mode, {.message = "Mode is telehealth or in_person."}));
}

struct CoverageAnswer {
  Date date{};
  Mode mode = Mode::kTelehealth;
  std::vector<CoverageRow> items;
  std::optional<std::string> next;
};
constexpr auto CodecOf(const CoverageAnswer*) {
  using A = CoverageAnswer;
  return codec::Object<A>("CoverageList", Field("date", &A::date), Field("mode", &A::mode), Field("items", &A::items),
                          Field("next", &A::next));
}

constexpr auto CodecOf(const FacilityCredential*) {
  using F = FacilityCredential;
  return codec::Object<F>("FacilityCredential", Field("id", &F::id, {.read_only = true}),
                          Field("clinician_id", &F::clinician_id, {.read_only = true}),
                          Field("facility", &F::facility, {.required = true, .max_len = 200}),
                          Field("valid_from", &F::valid_from, {.required = true}),
                          Field("valid_to", &F::valid_to, {.required = true}));
}

constexpr auto CodecOf(const CompactDefinition*) {
  using D = CompactDefinition;
  return codec::Object<D>("Compact", Field("code", &D::code), Field("name", &D::name), Field("model", &D::model),
                          Field("disciplines", &D::disciplines), Field("source", &D::source));
}

constexpr auto CodecOf(const CompactState*) {
  using S = CompactState;
  return codec::Object<S>(
      "CompactState", Field("compact", &S::compact, {.read_only = true}),
      Field("state", &S::state, {.read_only = true}), Field("status", &S::status, {.max_len = 200}),
      Field("operational_on", &S::operational_on, {.description = "null when not operational there"}),
      Field("source", &S::source, {.required = true}), Field("as_of", &S::as_of, {.required = true, .max_len = 10}));
}

struct CompactsAnswer {
  std::vector<CompactDefinition> compacts;
  std::vector<CompactState> items;
  std::optional<std::string> next;
};
constexpr auto CodecOf(const CompactsAnswer*) {
  using A = CompactsAnswer;
  return codec::Object<A>("CompactList", Field("compacts", &A::compacts), Field("items", &A::items),
                          Field("next", &A::next));
}

//! A person named by id, in lists that point at someone.
struct PersonRef {
  std::string id;
  std::string given_name;
  std::string family_name;
};
constexpr auto CodecOf(const PersonRef*) {
  return codec::Object<PersonRef>("PersonRef", Field("id", &PersonRef::id), Field("given_name", &PersonRef::given_name),
                                  Field("family_name", &PersonRef::family_name));
}
struct NamedRef {
  std::string id;
  std::string name;
};
constexpr auto CodecOf(const NamedRef*) {
  return codec::Object<NamedRef>("NamedRef", Field("id", &NamedRef::id), Field("name", &NamedRef::name));
}

//! An expiring license with whose care it affects.
struct ExpiringRow : License {
  PersonRef clinician;
  int days_left = 0;
  int warning = 90;
  std::vector<NamedRef> affected_clients;
};
constexpr auto CodecOf(const ExpiringRow*) {
  using E = ExpiringRow;
  return codec::Extend<E, License>("ExpiringLicense", Field("clinician", &E::clinician),
                                   Field("days_left", &E::days_left),
                                   Field("warning", &E::warning, {.description = "90, 60 or 30"}),
                                   Field("affected_clients", &E::affected_clients,
                                         {.description = "The clinician's active clients usually in that state"}));
}

constexpr auto CodecOf(const Address*) {
  using A = Address;
  return codec::Object<A>("Address", Field("line1", &A::line1, {.max_len = 200}),
                          Field("line2", &A::line2, {.max_len = 200}), Field("city", &A::city, {.max_len = 100}),
                          Field("state", &A::state, {.max_len = 2}),
                          Field("postal_code", &A::postal_code, {.max_len = 10}));
}
constexpr auto CodecOf(const Guardian*) {
  using G = Guardian;
  return codec::Object<G>("Guardian", Field("name", &G::name, {.max_len = 100}),
                          Field("relationship", &G::relationship, {.max_len = 20}),
                          Field("phone", &G::phone, {.max_len = 30}), Field("email", &G::email, {.max_len = 254}),
                          Field("can_consent", &G::can_consent));
}
constexpr auto CodecOf(const EmergencyContact*) {
  using E = EmergencyContact;
  return codec::Object<E>("EmergencyContact", Field("name", &E::name, {.max_len = 100}),
                          Field("relationship", &E::relationship, {.max_len = 40}),
                          Field("phone", &E::phone, {.max_len = 30}));
}
constexpr auto CodecOf(const InsurancePolicy*) {
  using I = InsurancePolicy;
  return codec::Object<I>(
      "InsurancePolicy", Field("payer", &I::payer, {.max_len = 100, .description = "The payer's name"}),
      Field("payer_ref", &I::payer_ref,
            {.max_len = 36,
             .description = "One of the practice's payers (GET /api/v1/payers); its name then fills payer"}),
      Field("member_id", &I::member_id, {.max_len = 40}), Field("group_number", &I::group_number, {.max_len = 40}),
      Field("subscriber_name", &I::subscriber_name, {.max_len = 100}),
      Field("subscriber_relationship", &I::subscriber_relationship,
            {.max_len = 10, .description = "self (default), spouse, child, other"}),
      Field("subscriber_birth_date", &I::subscriber_birth_date,
            {.max_len = 10, .description = "YYYY-MM-DD; required when the subscriber is not the client"}),
      Field("subscriber_sex", &I::subscriber_sex, {.max_len = 1, .description = "F, M or U, as the plan has it"}),
      Field("priority", &I::priority,
            {.max_len = 10, .description = "primary, secondary, tertiary (default: by position)"}),
      Field("copay", &I::copay, {.min = 0, .max = 10'000'000, .description = "The client's copay per visit, in cents"}),
      Field("coinsurance_percent", &I::coinsurance_percent, {.min = 0, .max = 100}),
      Field("deductible_remaining", &I::deductible_remaining,
            {.min = 0, .max = 100'000'000, .description = "Cents of the deductible still to meet"}));
}
constexpr auto CodecOf(const Diagnosis*) {
  using D = Diagnosis;
  return codec::Object<D>("Diagnosis", Field("code", &D::code, {.max_len = 8}),
                          Field("description", &D::description, {.max_len = 200}), Field("primary", &D::primary),
                          Field("part2", &D::part2, {.description = "Substance-use-disorder (42 CFR Part 2)"}));
}

constexpr auto CodecOf(const Client*) {
  using C = Client;
  return codec::Object<C>(
      "ClientFields", Field("id", &C::id, {.read_only = true}), Field("given_name", &C::given_name, {.max_len = 100}),
      Field("family_name", &C::family_name, {.max_len = 100}),
      Field("preferred_name", &C::preferred_name, {.max_len = 100}), Field("pronouns", &C::pronouns, {.max_len = 40}),
      Field("birth_date", &C::birth_date, {.max_len = 10, .description = "YYYY-MM-DD"}),
      Field("email", &C::email, {.max_len = 254}), Field("phone", &C::phone, {.max_len = 30}),
      Field("preferred_channel", &C::preferred_channel, {.max_len = 10, .description = "email, sms or phone"}),
      Field(
          "language", &C::language,
          {.max_len = 8, .description = "The client's e-mails, texts and portal pages: en or es (data/words.*.json)"}),
      Field("address", &C::address),
      Field("location_state", &C::location_state,
            {.max_len = 2, .description = "Where the client usually is (telehealth licensure)"}),
      Field("time_zone", &C::time_zone, {.max_len = 64}), Field("guardians", &C::guardians),
      Field("emergency_contact", &C::emergency_contact), Field("insurance", &C::insurance),
      Field("insurance_status", &C::insurance_status,
            {.description = "How the client pays, asked when booking: unknown, insurance, self_pay (insured, no "
                            "claim), uninsured. Self-pay and uninsured clients are owed Good Faith Estimates."}),
      Field("sliding_fee_percent", &C::sliding_fee_percent,
            {.min = 1, .max = 100, .description = "Self-pay visits at this share of the practice's fee"}),
      Field("diagnoses", &C::diagnoses),
      Field("status", &C::status, {.message = "Choose waitlist, active or discharged."}),
      Field("clinician_ids", &C::clinician_ids, {.max_len = 36}), Field("version", &C::version, {.min = 1}),
      Field("created_at", &C::created_at, {.read_only = true, .format = Format::kTimestamp}),
      Field("updated_at", &C::updated_at, {.read_only = true, .format = Format::kTimestamp}));
}

//! A client record as the reader may see it: diagnoses only in the full and billing views.
struct ClientRecord : Client {
  ClientView view = ClientView::kNone;
  ClientRecord() = default;
  ClientRecord(Client c, ClientView v) : Client(std::move(c)), view(v) {}
  explicit ClientRecord(VisibleClient v) : Client(std::move(v.client)), view(v.view) {}
};
constexpr auto CodecOf(const ClientRecord*) {
  using R = ClientRecord;
  return codec::Extend<R, Client>("Client",
                                  codec::Computed<bool>("has_account", [](const R& r) { return !r.user_id.empty(); }),
                                  codec::Computed<std::optional<std::vector<Diagnosis>>>(
                                      "diagnoses",
                                      [](const R& r) {
                                        return r.view == ClientView::kFull || r.view == ClientView::kBilling
                                                   ? std::optional<std::vector<Diagnosis>>(r.diagnoses)
                                                   : std::nullopt;
                                      },
                                      {.omit_when_empty = true, .description = "Only in the full and billing views"}),
                                  Field("view", &R::view, {.read_only = true, .omit_when_empty = false}));
}

//! A member of a client's care team (their name, discipline and whether today is within their dates: as read).
constexpr auto CodecOf(const CareTeamMember*) {
  using M = CareTeamMember;
  return codec::Object<M>(
      "CareTeamMember", Field("clinician_id", &M::clinician_id, {.required = true, .max_len = 36}),
      Field("role", &M::role,
            {.message = "Choose primary, therapist, prescriber, rehabilitation or consultant.",
             .description = "Their part on the team"}),
      Field("starts_on", &M::starts_on, {.description = "First day on the team (unset: since the client came)"}),
      Field("ends_on", &M::ends_on, {.description = "Last day on the team (unset: open-ended)"}),
      Field("name", &M::name, {.read_only = true}), Field("discipline", &M::discipline, {.read_only = true}),
      Field("active", &M::active, {.read_only = true, .description = "Today is within their dates"}));
}

struct ClientsQuery {
  std::string q;
  std::optional<std::string> status;
  std::optional<std::string> cursor;
  int limit = 50;
};
constexpr auto CodecOf(const ClientsQuery*) {
  using Q = ClientsQuery;
  return codec::Object<Q>("ClientsQuery",
                          Field("q", &Q::q, {.max_len = 200, .description = "Name, date of birth or phone"}),
                          Field("status", &Q::status, {.max_len = 20}), Field("cursor", &Q::cursor, {.max_len = 200}),
                          Field("limit", &Q::limit, {.min = 1, .max = 200}));
}

// ---- Client-side accounts (the portal's people) ----
constexpr auto CodecOf(const GuardianSees*) {
  using G = GuardianSees;
  return codec::Object<G>(
      "GuardianSees", Field("appointments", &G::appointments, {.description = "Visits: see, book, move, cancel, join"}),
      Field("bills", &G::bills, {.description = "Bills, estimates, paying"}),
      Field("forms", &G::forms, {.description = "Consents and questionnaires"}),
      Field("messages", &G::messages, {.description = "Their own conversations with the practice about the client"}),
      Field("records", &G::records,
            {.description = "Shared documents, results, the whole record (off unless the practice allows)"}));
}
constexpr auto CodecOf(const PortalLink*) {
  using L = PortalLink;
  constexpr codec::Rules null_empty{.null_when_empty = true};
  return codec::Object<L>(
      "PortalPerson", Field("client_id", &L::client_id), Field("client_name", &L::client_name),
      Field("user_id", &L::user_id),
      codec::Computed<std::string>("relationship",
                                   [](const L& l) { return std::string(l.guardian ? "guardian" : "self"); }),
      Field("sees", &L::sees, {.description = "What the account sees of the client's pages (all, for the client)"}),
      Field("account_name", &L::account_name, null_empty), Field("email", &L::email, null_empty),
      Field("since", &L::since, {.null_when_empty = true, .format = Format::kTimestamp}));
}

}  // namespace duet::practice
