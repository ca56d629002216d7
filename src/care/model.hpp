#pragma once
// Releases of information: the client's written permission (HIPAA 45 CFR 164.508) to share named
// parts of their record with a named recipient for a stated purpose until a date, revocable; and
// the disclosures made under them, which are the client's accounting of disclosures (164.528).
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "platform/clock.hpp"
#include "platform/dates.hpp"
#include "platform/names.hpp"
#include "practice/model.hpp"

namespace duet::care {

//! What a release may cover. Psychotherapy notes are not a category: they are never released.
//! "part2" names substance-use-disorder records (42 CFR Part 2): without it, Part 2 notes, documents and diagnoses
//! stay out of whatever the other categories cover.
inline constexpr const char* kCategories[] = {"demographics", "diagnoses", "visits",    "notes",
                                              "plan",         "measures",  "documents", "part2"};

//! A release of information as the client signed it.
struct Release {
  std::string id;
  std::string client_id;
  std::string recipient_name;          // "Dr. Sam Patel" (sealed at rest with the other details)
  std::string recipient_organization;  // optional
  std::string recipient_contact;       // fax, address or e-mail, optional
  std::string purpose;                 // "coordination of care with the client's physician"
  std::vector<std::string> scope;      // a subset of kCategories
  Date effective_on;
  Date expires_on;
  std::string signed_name;   // the client, or a guardian who may consent
  std::string witnessed_by;  // the staff member who took the signature
  EpochSeconds signed_at = 0;
  std::optional<EpochSeconds> revoked_at;
  std::string revoked_by;
  std::string created_by;
  std::string partner_id;  // a connected partner organization whose clinicians open what it covers
};

// ---- partner organizations ----

//! Another practice of this deployment that a practice works with (a telepsychiatry group, a hospital clinic),
//! connected when its owner accepts the invitation. Its clinicians' licensure and credentialing stay its own.
struct Partner {
  std::string id;
  std::string practice_id;            // the practice that invited
  std::string name;                   // as the inviting practice calls the partner
  std::string kind = "organization";  // telepsychiatry | hospital | clinic | organization
  std::string partner_practice_id;    // once connected
  std::string status = "invited";     // invited | connected | ended
  std::string created_by;
  EpochSeconds created_at = 0;
  std::optional<EpochSeconds> connected_at;
  std::optional<EpochSeconds> invite_expires_at;
  // As shown to the caller:
  std::string direction = "ours";  // ours: we invited them; theirs: they invited us (we are their partner)
  std::string practice_name;       // theirs: the practice that invited us
  std::string invite_code;         // once, when created: the code the partner's owner enters to connect
  std::string email;               // on invitation: e-mail the code to the partner's owner (who may not be on Duet)
  bool invite_emailed = false;     // as answered: the code was e-mailed
};

//! What a partner invitation's code is for, shown before the partner's owner creates or connects their practice.
struct PartnerInvitePreview {
  std::string practice_name;  // the practice that invites
  std::string name;           // the organization, as that practice calls it
  std::string kind;
  EpochSeconds expires_at = 0;
};

//! A partner organization not yet on this server joins it with the invitation's code: its practice and owner are
//! created and connected in one step.
struct PartnerJoin {
  std::string token;  // the invitation's code
  std::string practice_name;
  std::string owner_name;
  std::string owner_email;
  std::string password;
};
inline constexpr std::string_view kPartnerKinds[] = {"telepsychiatry", "hospital", "clinic", "organization"};

//! A clinician of a partner organization, as the practice's care team shows them.
struct PartnerClinician {
  std::string id;  // chosen to join a visit by video (a joint visit with the partner)
  std::string name;
  std::string discipline;
};
//! A partner organization on a client's care team, under the release that names it.
struct TeamPartner {
  std::string partner_id;
  std::string name;
  std::string release_id;
  Date expires_on{};
  std::vector<std::string> scope;
  std::vector<PartnerClinician> clinicians;
};

//! A partner organization's part in a client's care under the release in effect that names it (a conversation
//! with the care team rests on it; it ends with the release).
struct PartnerGrant {
  std::string practice_id;   // the disclosing practice
  std::string partner_id;    // the partner as that practice knows it
  std::string partner_name;  // as that practice calls it
  std::string partner_practice_id;
  std::string release_id;  // none: no release in effect names the partner for the client (now)
  std::string purpose;
  std::optional<Date> expires_on;
};

//! A visit of a practice the partner organization works with that one of the partner's clinicians joins by video
//! (a joint visit), as that clinician's calendar shows it while the client's release names the organization.
struct PartnerVisit {
  std::string appointment_id;
  std::string partner_id;      // the connection, as the partner's side knows it
  std::string practice_name;   // whose visit it is
  std::string clinician_name;  // that practice's clinician, with the client at the clinic
  std::vector<std::string> client_names;
  EpochSeconds start = 0;
  EpochSeconds end = 0;
  std::string time_zone;
  std::string status;
};
struct PartnerVisitsQuery {
  std::optional<EpochSeconds> from;
  std::optional<EpochSeconds> to;
};

//! A client whose release names the partner, as the partner's clinicians see the list.
struct SharedClient {
  std::string client_id;
  std::string name;
  std::string release_id;
  std::string purpose;
  std::vector<std::string> scope;
  Date expires_on{};
};

enum class ReleaseState { kActive, kNotYetEffective, kExpired, kRevoked };
constexpr auto NamesOf(const ReleaseState*) {
  using P = std::pair<ReleaseState, std::string_view>;
  return std::array{P{ReleaseState::kActive, "active"}, P{ReleaseState::kNotYetEffective, "not_yet_effective"},
                    P{ReleaseState::kExpired, "expired"}, P{ReleaseState::kRevoked, "revoked"}};
}

//! One disclosure of a client's information outside the practice.
struct Disclosure {
  std::string id;
  std::string client_id;
  std::string release_id;
  std::string recipient;  // as released (sealed at rest)
  std::string purpose;
  std::vector<std::string> scope;
  std::string disclosed_by_name;
  EpochSeconds disclosed_at = 0;
  bool part2 = false;  // it included substance-use-disorder records (counted apart in the accounting)
};

//! How a client takes a medication, as the prescriber or the therapist hears it.
enum class Adherence { kUnknown, kAsPrescribed, kMissesDoses, kStoppedOnOwn, kTakesMore };
constexpr auto NamesOf(const Adherence*) {
  using P = std::pair<Adherence, std::string_view>;
  return std::array{P{Adherence::kUnknown, "unknown"}, P{Adherence::kAsPrescribed, "as_prescribed"},
                    P{Adherence::kMissesDoses, "misses_doses"}, P{Adherence::kStoppedOnOwn, "stopped_on_own"},
                    P{Adherence::kTakesMore, "takes_more"}};
}
//! Side effects recorded as structured answers (plus free text in the note).
inline constexpr std::string_view kSideEffects[] = {"nausea",    "headache",      "sleepiness",      "insomnia",
                                                    "dizziness", "weight_change", "dry_mouth",       "sexual_function",
                                                    "agitation", "restlessness",  "appetite_change", "other"};

//! What happened to a medication: it was started (added to the list), changed, stopped, or observed (side
//! effects and adherence, by anyone on the client's care).
enum class MedicationEventKind { kStarted, kChanged, kStopped, kObserved };
constexpr auto NamesOf(const MedicationEventKind*) {
  using P = std::pair<MedicationEventKind, std::string_view>;
  return std::array{P{MedicationEventKind::kStarted, "started"}, P{MedicationEventKind::kChanged, "changed"},
                    P{MedicationEventKind::kStopped, "stopped"}, P{MedicationEventKind::kObserved, "observed"}};
}

//! One event in a medication's history: who, when, why, and what changed.
struct MedicationEvent {
  std::string id;
  MedicationEventKind kind = MedicationEventKind::kStarted;
  EpochSeconds at = 0;
  std::string by_name;
  std::string why;                   // the reason given (a change, a stop)
  std::vector<std::string> changes;  // "dose: 1 tablet → 2 tablets"
  std::optional<Adherence> adherence;
  std::vector<std::string> side_effects;  // from kSideEffects
  std::string note;
};

//! A medication on the client's list. Free text where the prescriber writes it; an RxNorm code when known.
struct Medication {
  std::string id;
  std::string client_id;
  std::string name;                     // "sertraline"
  std::string rxnorm;                   // RxCUI digits, when known
  std::string strength;                 // "50 mg"
  std::string form;                     // "tablet"
  std::string dose;                     // "1 tablet"
  std::string route;                    // "by mouth"
  std::string frequency;                // "once daily"
  std::string prescriber;               // a name, in the practice or outside it
  std::string prescriber_clinician_id;  // when the prescriber is one of the practice's clinicians
  std::string sent_to;                  // where prescriptions are sent (a pharmacy): Duet does not e-prescribe
  std::string reason;                   // what it is for
  std::string notes;
  Date started_on{};
  std::optional<Date> stopped_on;
  std::string stop_reason;
  std::int64_t version = 1;
  EpochSeconds created_at = 0;
  EpochSeconds updated_at = 0;
  std::vector<MedicationEvent> history;  // oldest first
};

// ---- the care team ----

//! A visit as the care team sees another member's: when, how, and how it went (no reason, no notes).
struct TeamVisit {
  std::string id;
  EpochSeconds start = 0;
  std::string mode;    // in_person | video | audio
  std::string status;  // booked, completed, cancelled…
};

//! One member of the care team with their last and next visit with the client.
struct TeamMember {
  practice::CareTeamMember member;
  std::optional<TeamVisit> last_visit;
  std::optional<TeamVisit> next_visit;
};

//! What the client agreed the team share: each other's signed progress notes (never psychotherapy notes).
struct TeamSharing {
  bool shares_notes = false;
  bool shares_part2 = false;  // the agreement names substance-use-disorder (42 CFR Part 2) records
  std::string recorded_by;    // the staff member's name
  std::optional<EpochSeconds> recorded_at;
};

//! A client's care team as a member sees it.
struct TeamView {
  std::string client_id;
  std::vector<TeamMember> members;
  TeamSharing sharing;
  std::int64_t version = 1;           // the client record's: the team is part of it
  std::vector<TeamPartner> partners;  // partner organizations under a release in effect
};

// ---- referrals ----

//! How soon the referred clinician should see the client.
enum class Urgency { kRoutine, kSoon, kUrgent };
constexpr auto NamesOf(const Urgency*) {
  using P = std::pair<Urgency, std::string_view>;
  return std::array{P{Urgency::kRoutine, "routine"}, P{Urgency::kSoon, "soon"}, P{Urgency::kUrgent, "urgent"}};
}

//! Where a referral stands: sent → accepted → first visit booked → first visit held → answered; or declined.
enum class ReferralState { kSent, kAccepted, kBooked, kHeld, kAnswered, kDeclined };
constexpr auto NamesOf(const ReferralState*) {
  using P = std::pair<ReferralState, std::string_view>;
  return std::array{P{ReferralState::kSent, "sent"},         P{ReferralState::kAccepted, "accepted"},
                    P{ReferralState::kBooked, "booked"},     P{ReferralState::kHeld, "held"},
                    P{ReferralState::kAnswered, "answered"}, P{ReferralState::kDeclined, "declined"}};
}

//! What moves a referral: the referred clinician accepts, declines or answers; the calendar books and holds.
//! What moves a referral: the referred clinician accepts, declines or answers; the calendar books and holds, and
//! unbooks when the first visit is cancelled or missed (back to accepted: a visit is to book again).
enum class ReferralStep { kAccept, kDecline, kBook, kHold, kAnswer, kUnbook };

//! A referral from one clinician of the practice to another about a client.
//! A chart document a referral carries, as shown with it.
struct Attachment {
  std::string document_id;
  std::string title;
  std::string content_type;
  bool part2 = false;
};

struct Referral {
  std::string id;
  std::string client_id;
  std::string client_name;  // as read
  std::string from_clinician_id;
  std::string from_name;  // as read
  std::string to_clinician_id;
  std::string to_name;  // as read
  Urgency urgency = Urgency::kRoutine;
  ReferralState state = ReferralState::kSent;
  std::string reason;    // why (sealed at rest)
  std::string question;  // what the referrer asks (sealed)
  std::string answer;    // the referred clinician's answer, or why they declined (sealed)
  std::string answer_note_id;
  std::string first_visit_id;
  std::string sent_by;
  EpochSeconds sent_at = 0;
  std::optional<EpochSeconds> accepted_at;
  std::optional<EpochSeconds> booked_at;
  std::optional<EpochSeconds> held_at;
  std::optional<EpochSeconds> closed_at;
  std::int64_t version = 1;
  std::vector<std::string> attachment_ids;  // documents of the client's chart sent with it
  std::vector<Attachment> attachments;      // as read: their titles
};

//! Which referrals a list asks for.
struct ReferralFilter {
  std::optional<ReferralState> state;
  std::optional<std::string> to_clinician_id;
  std::optional<std::string> client_id;
  bool open_only = false;
};

//! Days allowed from sending to each step, by urgency (a held visit is answered within `answer` days of it).
struct ReferralTargets {
  int accept = 0;
  int book = 0;
  int hold = 0;
  int answer = 0;
};

}  // namespace duet::care
