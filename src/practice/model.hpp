#pragma once
// Clinicians, their licenses and compact privileges, compact reference data, and clients.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "platform/clock.hpp"
#include "platform/dates.hpp"
#include "platform/names.hpp"

namespace duet::practice {

//! API.md's discipline codes.
enum class Discipline {
  kCounseling,
  kSocialWork,
  kMft,
  kPsychology,
  kPsychiatry,
  kPsychiatricNp,
  kOccupationalTherapy,
  kPhysicalTherapy,
  kSpeechLanguagePathology,
};

//! Where a visit happens, for licensure: by video/audio, or in the room.
enum class Mode { kTelehealth, kInPerson };

enum class LicenseKind { kLicense, kCompactPrivilege };
enum class LicenseStatus { kActive, kSuspended, kRevoked };

//! A state license, or a compact privilege / multistate license / authorization.
//! For a privilege-model compact `state` is the remote state the privilege is for; for a
//! multistate license it is the issuing home state; for PSYPACT it is the home state and
//! `license_type` says APIT (telepsychology) or TAP (temporary in-person).
struct License {
  std::string id;
  std::string clinician_id;
  LicenseKind kind = LicenseKind::kLicense;
  std::string state;
  std::string compact;  // empty for a license
  std::string license_type;
  std::string number;
  Date issued_on{};
  Date expires_on{};
  LicenseStatus status = LicenseStatus::kActive;
};

//! How a compact lets a clinician practise across state lines (shared reference compacts.md §1.4).
enum class CompactModel {
  kPrivilege,      // one privilege per remote state (PT, OT, Counseling, ASLP-IC)
  kMultistate,     // one license from the home state covers every operational member (NLC, APRN, Social Work)
  kAuthorization,  // PSYPACT: APIT for telepsychology, TAP for temporary in-person
  kExpedited,      // IMLC: issues ordinary state licenses, no privilege
};

struct CompactDefinition {
  std::string code;
  std::string name;
  CompactModel model = CompactModel::kPrivilege;
  std::vector<Discipline> disciplines;
  std::string source;
};

//! One compact × state row: the date privileges became available there (empty: not operational).
struct CompactState {
  std::string compact;
  std::string state;
  std::string status;
  std::optional<Date> operational_on;
  std::string source;
  std::string as_of;
};

//! The reference data the rule reads.
struct CompactTable {
  std::vector<CompactDefinition> definitions;
  std::vector<CompactState> states;
  const CompactDefinition* Find(std::string_view code) const;
  //! True if the compact operates in that state on that date.
  bool Operational(std::string_view compact, std::string_view state, Date on) const;
};

//! What the licensure rule needs to know about a clinician.
struct LicensureFacts {
  Discipline discipline = Discipline::kCounseling;
  std::string home_state;
  std::vector<License> licenses;
  //! PSYPACT TAP: in-person days already used in the visit's calendar year (limit 30).
  int tap_days_used = 0;
};

enum class Basis { kNone, kLicense, kCompactPrivilege };

//! Why practice is not allowed (or "allowed").
enum class Reason {
  kAllowed,
  kNotAJurisdiction,
  kNoLicense,
  kExpired,
  kNotYetValid,
  kSuspended,
  kRevoked,
  kPrivilegeNotActive,
  kCompactNotOperational,
  kHomeLicenseInactive,
  kProfessionMismatch,
  kWrongMode,
  kTapLimitReached,
  kExpeditedIsNotAPrivilege,
};

//! The answer for one state.
struct Coverage {
  std::string state;
  bool allowed = false;
  Basis basis = Basis::kNone;
  Reason reason = Reason::kNoLicense;
  std::string message;     // a sentence for people, naming no client
  std::string license_id;  // the record that allows it (or that failed most specifically)
  std::string compact;     // for a compact basis
  std::optional<Date> expires_on;
};

struct Clinician {
  std::string id;
  std::string practice_id;
  std::string user_id;  // the staff account, if the clinician signs in
  std::string given_name;
  std::string family_name;
  Discipline discipline = Discipline::kCounseling;
  std::string credentials;  // e.g. "LPC", "PMHNP-BC"
  std::string npi;
  std::string taxonomy_code;
  std::string home_state;
  std::string time_zone;
  std::string email;
  std::string supervisor_user_id;
  bool active = true;
  EpochSeconds created_at = 0;
  EpochSeconds updated_at = 0;
  std::int64_t version = 1;
};

//! In-person credentialing at a facility (hospital, school, clinic site).
struct FacilityCredential {
  std::string id;
  std::string clinician_id;
  std::string facility;
  Date valid_from{};
  Date valid_to{};
};

enum class ClientStatus { kWaitlist, kActive, kDischarged };

//! How the client pays, asked when booking (No Surprises Act): through insurance, self-pay though
//! insured (no claim is sent), or uninsured. Self-pay and uninsured clients are owed Good Faith Estimates.
enum class InsuranceStatus { kUnknown, kInsurance, kSelfPay, kUninsured };

//! Which parts of a client record a principal may see.
enum class ClientView {
  kNone,
  kDemographics,  // front desk: names, contacts, address, location, guardians, emergency contact, insurance
  kBilling,       // biller: demographics + insurance + diagnoses
  kFull,          // assigned clinician, their supervisor, owner
};

//! A clinician's part on a client's care team.
enum class TeamRole { kPrimary, kTherapist, kPrescriber, kRehabilitation, kConsultant };
constexpr auto NamesOf(const TeamRole*) {
  using P = std::pair<TeamRole, std::string_view>;
  return std::array{P{TeamRole::kPrimary, "primary"}, P{TeamRole::kTherapist, "therapist"},
                    P{TeamRole::kPrescriber, "prescriber"}, P{TeamRole::kRehabilitation, "rehabilitation"},
                    P{TeamRole::kConsultant, "consultant"}};
}

//! A clinician on a client's care team from a date until a date (open when unset). Only members whose
//! dates include today are the client's clinicians: they see the chart, the client books and writes to them.
struct CareTeamMember {
  std::string clinician_id;
  TeamRole role = TeamRole::kPrimary;
  std::optional<Date> starts_on;  // unset: since the client came
  std::optional<Date> ends_on;    // unset: open-ended
  // as read: who the member is, and whether today is within their dates
  std::string name;
  Discipline discipline = Discipline::kCounseling;
  bool active = false;
};

//! A client's care team as stored: its members and the version of the client record it belongs to.
struct CareTeam {
  std::vector<CareTeamMember> members;
  std::int64_t version = 1;
};

//! How the principal relates to a client.
struct ClientRelationship {
  bool assigned_clinician = false;
  bool supervises_assigned = false;
  bool is_self = false;
};

struct Address {
  std::string line1;
  std::string line2;
  std::string city;
  std::string state;
  std::string postal_code;
};

//! A parent or guardian, with their own contact details and what they may decide.
struct Guardian {
  std::string name;
  std::string relationship;  // parent | legal_guardian | caregiver | other
  std::string phone;
  std::string email;
  bool can_consent = false;  // has authority to consent to treatment
};

struct EmergencyContact {
  std::string name;
  std::string relationship;
  std::string phone;
};

struct InsurancePolicy {
  std::string payer;      // the payer's name (from the payer record when payer_ref is set)
  std::string payer_ref;  // the practice's payer (billing's payers); empty for a payer typed by hand
  std::string member_id;
  std::string group_number;
  std::string subscriber_name;
  std::string subscriber_relationship;  // self | spouse | child | other
  std::string subscriber_birth_date;    // YYYY-MM-DD; required when the client is a dependant
  std::string subscriber_sex;           // F | M | U (the 837P's DMG03), optional
  std::string priority;                 // primary | secondary | tertiary
  // The client's share as the plan states it (what the client pays, billing's charge reads these).
  std::optional<std::int64_t> copay;                 // cents per visit
  std::optional<int> coinsurance_percent;            // 0–100
  std::optional<std::int64_t> deductible_remaining;  // cents still to meet this plan year
};

//! An ICD-10-CM diagnosis on the chart.
struct Diagnosis {
  std::string code;
  std::string description;
  bool primary = false;
  bool part2 =
      false;  // a substance-use-disorder diagnosis under 42 CFR Part 2: released only under a consent naming it
};

struct Client {
  std::string id;
  std::string practice_id;
  std::string user_id;  // the client's portal account, if any
  std::string given_name;
  std::string family_name;
  std::string preferred_name;
  std::string pronouns;
  std::string birth_date;  // YYYY-MM-DD
  std::string email;
  std::string phone;
  std::string preferred_channel = "email";  // email | sms | phone
  std::string language = "en";              // e-mails, texts and the portal: a code with words (data/words.*.json)
  Address address;
  std::string location_state;  // where the client usually is (telehealth licensure)
  std::string time_zone;       // IANA zone
  std::vector<Guardian> guardians;
  std::optional<EmergencyContact> emergency_contact;
  std::vector<InsurancePolicy> insurance;
  InsuranceStatus insurance_status = InsuranceStatus::kUnknown;
  std::optional<int> sliding_fee_percent;  // self-pay fees at this share of the practice's fee (1–100)
  std::vector<Diagnosis> diagnoses;
  std::string diagnoses_sealed;  // at rest only: the diagnoses sealed (between the store and the service)
  ClientStatus status = ClientStatus::kActive;
  std::vector<std::string> clinician_ids;
  EpochSeconds created_at = 0;
  EpochSeconds updated_at = 0;
  std::int64_t version = 1;
};

//! A problem with one field of a record, found by a rule.
struct FieldIssue {
  std::string field;
  std::string message;
};

// Wire names of the enums above (platform/names.hpp).
constexpr auto NamesOf(const Discipline*) {
  using P = std::pair<Discipline, std::string_view>;
  return std::array{P{Discipline::kCounseling, "counseling"},
                    P{Discipline::kSocialWork, "social_work"},
                    P{Discipline::kMft, "mft"},
                    P{Discipline::kPsychology, "psychology"},
                    P{Discipline::kPsychiatry, "psychiatry"},
                    P{Discipline::kPsychiatricNp, "psychiatric_np"},
                    P{Discipline::kOccupationalTherapy, "occupational_therapy"},
                    P{Discipline::kPhysicalTherapy, "physical_therapy"},
                    P{Discipline::kSpeechLanguagePathology, "speech_language_pathology"}};
}
constexpr auto NamesOf(const LicenseKind*) {
  using P = std::pair<LicenseKind, std::string_view>;
  return std::array{P{LicenseKind::kLicense, "license"}, P{LicenseKind::kCompactPrivilege, "compact_privilege"}};
}
constexpr auto NamesOf(const LicenseStatus*) {
  using P = std::pair<LicenseStatus, std::string_view>;
  return std::array{P{LicenseStatus::kActive, "active"}, P{LicenseStatus::kSuspended, "suspended"},
                    P{LicenseStatus::kRevoked, "revoked"}};
}
constexpr auto NamesOf(const ClientStatus*) {
  using P = std::pair<ClientStatus, std::string_view>;
  return std::array{P{ClientStatus::kWaitlist, "waitlist"}, P{ClientStatus::kActive, "active"},
                    P{ClientStatus::kDischarged, "discharged"}};
}
constexpr auto NamesOf(const InsuranceStatus*) {
  using P = std::pair<InsuranceStatus, std::string_view>;
  return std::array{P{InsuranceStatus::kUnknown, "unknown"}, P{InsuranceStatus::kInsurance, "insurance"},
                    P{InsuranceStatus::kSelfPay, "self_pay"}, P{InsuranceStatus::kUninsured, "uninsured"}};
}
//! True when the client pays for themselves (no claim goes to a payer) and is owed Good Faith Estimates.
inline bool PaysSelf(const Client& c) {
  return c.insurance_status == InsuranceStatus::kSelfPay || c.insurance_status == InsuranceStatus::kUninsured;
}
constexpr auto NamesOf(const Mode*) {
  using P = std::pair<Mode, std::string_view>;
  return std::array{P{Mode::kTelehealth, "telehealth"}, P{Mode::kInPerson, "in_person"}};
}
constexpr auto NamesOf(const CompactModel*) {
  using P = std::pair<CompactModel, std::string_view>;
  return std::array{P{CompactModel::kPrivilege, "privilege"}, P{CompactModel::kMultistate, "multistate"},
                    P{CompactModel::kAuthorization, "authorization"}, P{CompactModel::kExpedited, "expedited"}};
}
constexpr auto NamesOf(const Basis*) {
  using P = std::pair<Basis, std::string_view>;
  return std::array{P{Basis::kNone, ""}, P{Basis::kLicense, "license"},
                    P{Basis::kCompactPrivilege, "compact_privilege"}};
}
constexpr auto NamesOf(const Reason*) {
  using P = std::pair<Reason, std::string_view>;
  return std::array{P{Reason::kAllowed, "allowed"},
                    P{Reason::kNotAJurisdiction, "not_a_jurisdiction"},
                    P{Reason::kNoLicense, "no_license"},
                    P{Reason::kExpired, "expired"},
                    P{Reason::kNotYetValid, "not_yet_valid"},
                    P{Reason::kSuspended, "suspended"},
                    P{Reason::kRevoked, "revoked"},
                    P{Reason::kPrivilegeNotActive, "privilege_not_active"},
                    P{Reason::kCompactNotOperational, "compact_not_operational"},
                    P{Reason::kHomeLicenseInactive, "home_license_inactive"},
                    P{Reason::kProfessionMismatch, "profession_mismatch"},
                    P{Reason::kWrongMode, "wrong_mode"},
                    P{Reason::kTapLimitReached, "tap_limit_reached"},
                    P{Reason::kExpeditedIsNotAPrivilege, "expedited_is_not_a_privilege"}};
}

constexpr auto NamesOf(const ClientView*) {
  using P = std::pair<ClientView, std::string_view>;
  return std::array{P{ClientView::kFull, "full"}, P{ClientView::kBilling, "billing"},
                    P{ClientView::kDemographics, "demographics"}, P{ClientView::kNone, "none"}};
}

// ---- Client-side accounts: the client's own, and guardians' ----

//! What a guardian's account sees of one client's pages; the practice decides per client (an adolescent's
//! practice may show a parent only visits and bills). Therapy notes are never on these pages.
struct GuardianSees {
  bool appointments = true;  // visits: see, book, move, cancel, join
  bool bills = true;         // bills, estimates, paying
  bool forms = true;         // consents and questionnaires
  bool messages = true;      // their own conversations with the practice about the client
  bool records = false;      // shared documents, results, the whole record: off unless the practice allows
};

//! The parts of a client's own pages (what GuardianMaySee decides for a guardian).
enum class PortalArea { kHome, kAppointments, kBills, kForms, kMessages, kRecords };

//! A client-side account's tie to one client: their own record, or a client in their care.
struct PortalLink {
  std::string client_id;
  std::string client_name;   // the name the client goes by
  std::string user_id;       // the account
  bool guardian = false;     // false: the account is the client's own
  GuardianSees sees;         // a guardian's; the client's own account sees everything
  std::string account_name;  // staff views: who the account is
  std::string email;
  EpochSeconds since = 0;
};

//! Whose pages a client-side request is about, and what the account may see of them.
struct PortalSelf {
  Client client;
  PortalLink link;
  std::vector<PortalLink> people;  // every client the account may choose (its own record first)
};

}  // namespace duet::practice
