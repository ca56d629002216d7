#include "care/rules.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <set>

namespace duet::care {

bool NamesPart2(const Release& r) { return std::find(r.scope.begin(), r.scope.end(), "part2") != r.scope.end(); }

bool MayDisclosePart2(const Release& r, Date today) { return NamesPart2(r) && MayDisclose(r, today).has_value(); }

bool TeamSeesPart2(const TeamSharing& s) { return s.shares_part2; }

std::vector<practice::FieldIssue> ValidateRelease(const Release& r, Date today) {
  std::vector<practice::FieldIssue> out;
  if (r.recipient_name.empty()) out.push_back({"recipient_name", "Name who receives the information."});
  if (r.purpose.empty()) out.push_back({"purpose", "Say why it is shared (for example: coordination of care)."});
  if (r.signed_name.empty())
    out.push_back({"signed_name", "Name who signed: the client, or a guardian who may consent."});
  if (r.scope.empty()) out.push_back({"scope", "Choose what may be shared."});
  std::set<std::string> seen;
  for (const auto& c : r.scope) {
    bool known = std::find(std::begin(kCategories), std::end(kCategories), c) != std::end(kCategories);
    if (!known)
      out.push_back({"scope", "Unknown part of the record: " + c + "."});
    else if (!seen.insert(c).second)
      out.push_back({"scope", "Each part once: " + c + "."});
  }
  if (NamesPart2(r) && !std::any_of(r.scope.begin(), r.scope.end(), [](const std::string& c) {
        return c == "notes" || c == "documents" || c == "diagnoses";
      }))
    out.push_back({"scope", "Part 2 names records: add the notes, documents or diagnoses it covers."});
  if (r.expires_on < r.effective_on)
    out.push_back({"expires_on", "It cannot end before it begins."});
  else if (r.expires_on < today)
    out.push_back({"expires_on", "The end date is in the past."});
  else if (r.expires_on > today + date::days{5 * 366})
    out.push_back({"expires_on", "At most five years ahead."});
  return out;
}

ReleaseState StateOf(const Release& r, Date today) {
  if (r.revoked_at) return ReleaseState::kRevoked;
  if (today < r.effective_on) return ReleaseState::kNotYetEffective;
  if (today > r.expires_on) return ReleaseState::kExpired;
  return ReleaseState::kActive;
}

std::string_view StateName(ReleaseState s) { return NameOf(s); }

Status MayDisclose(const Release& r, Date today) {
  switch (StateOf(r, today)) {
    case ReleaseState::kActive:
      return {};
    case ReleaseState::kRevoked:
      return FailRule("release_inactive", "The client revoked this release; nothing more may be shared under it.");
    case ReleaseState::kExpired:
      return FailRule("release_inactive", "This release has expired. Ask the client to sign a new one.");
    case ReleaseState::kNotYetEffective:
      return FailRule("release_inactive", "This release is not in effect yet.");
  }
  return FailRule("release_inactive", "This release does not allow sharing now.");
}

}  // namespace duet::care

namespace duet::care {

std::vector<practice::FieldIssue> ValidateMedication(const Medication& m, Date today) {
  std::vector<practice::FieldIssue> out;
  auto blank = [](const std::string& s) { return s.find_first_not_of(" \t") == std::string::npos; };
  if (blank(m.name)) out.push_back({"name", "Name the medication (for example: sertraline)."});
  if (!m.rxnorm.empty() && (m.rxnorm.size() > 10 || !std::all_of(m.rxnorm.begin(), m.rxnorm.end(),
                                                                 [](char c) { return c >= '0' && c <= '9'; })))
    out.push_back({"rxnorm", "An RxNorm code is the RxCUI's digits (for example: 312938)."});
  if (m.started_on > today + date::days{366})
    out.push_back({"started_on", "A start more than a year ahead: check the date."});
  if (m.stopped_on && *m.stopped_on < m.started_on) out.push_back({"stopped_on", "It cannot stop before it started."});
  if (m.stopped_on && blank(m.stop_reason)) out.push_back({"stop_reason", "Say why it was stopped."});
  return out;
}

std::vector<std::string> DescribeChange(const Medication& before, const Medication& after) {
  std::vector<std::string> out;
  auto field = [&](std::string_view label, const std::string& a, const std::string& b) {
    if (a == b) return;
    out.push_back(std::string(label) + ": " + (a.empty() ? "—" : a) + " → " + (b.empty() ? "—" : b));
  };
  field("name", before.name, after.name);
  field("RxNorm", before.rxnorm, after.rxnorm);
  field("strength", before.strength, after.strength);
  field("form", before.form, after.form);
  field("dose", before.dose, after.dose);
  field("route", before.route, after.route);
  field("frequency", before.frequency, after.frequency);
  field("prescriber", before.prescriber, after.prescriber);
  field("sent to", before.sent_to, after.sent_to);
  field("reason", before.reason, after.reason);
  field("notes", before.notes, after.notes);
  field("started", FormatDate(before.started_on), FormatDate(after.started_on));
  return out;
}

std::vector<practice::FieldIssue> ValidateObservation(std::optional<Adherence> adherence,
                                                      const std::vector<std::string>& side_effects,
                                                      const std::string& note) {
  std::vector<practice::FieldIssue> out;
  std::set<std::string> seen;
  for (const auto& s : side_effects) {
    if (std::find(std::begin(kSideEffects), std::end(kSideEffects), s) == std::end(kSideEffects))
      out.push_back({"side_effects", "Unknown side effect: " + s + "."});
    else if (!seen.insert(s).second)
      out.push_back({"side_effects", "Each side effect once: " + s + "."});
  }
  if (!adherence && side_effects.empty() && note.find_first_not_of(" \t") == std::string::npos)
    out.push_back({"note", "Record how it is taken, a side effect, or a note."});
  return out;
}

std::vector<std::string> MedicationRow(const Medication& m, const std::vector<std::string>& columns) {
  std::vector<std::string> row;
  row.reserve(columns.size());
  for (std::string c : columns) {
    for (auto& ch : c) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (c == "medication" || c == "name")
      row.push_back(m.strength.empty() ? m.name : m.name + " " + m.strength);
    else if (c == "strength")
      row.push_back(m.strength);
    else if (c == "dose")
      row.push_back(m.dose);
    else if (c == "route")
      row.push_back(m.route);
    else if (c == "frequency" || c == "how often")
      row.push_back(m.frequency);
    else if (c == "prescriber")
      row.push_back(m.prescriber);
    else if (c == "reason" || c == "for")
      row.push_back(m.reason);
    else
      row.emplace_back();
  }
  return row;
}

}  // namespace duet::care

namespace duet::care {

Result<ReferralState> NextReferralState(ReferralState from, ReferralStep step) {
  using S = ReferralState;
  auto refuse = [](const char* why) -> Result<ReferralState> { return FailRule("referral_state", why); };
  if (IsClosed(from)) return refuse("This referral is closed.");
  switch (step) {
    case ReferralStep::kAccept:
      if (from == S::kSent) return S::kAccepted;
      return refuse("This referral was already accepted.");
    case ReferralStep::kDecline:
      if (from == S::kSent || from == S::kAccepted || from == S::kBooked) return S::kDeclined;
      return refuse("The client was already seen: answer the referral instead.");
    case ReferralStep::kBook:
      if (from == S::kSent || from == S::kAccepted) return S::kBooked;
      return refuse("The first visit is already booked.");
    case ReferralStep::kHold:
      if (from == S::kBooked) return S::kHeld;
      return refuse("No first visit is booked.");
    case ReferralStep::kAnswer:
      if (from == S::kAccepted || from == S::kBooked || from == S::kHeld) return S::kAnswered;
      return refuse("Accept the referral before answering it.");
    case ReferralStep::kUnbook:
      if (from == S::kBooked) return S::kAccepted;
      return refuse("No first visit is booked.");
  }
  return refuse("Unknown step.");
}

bool IsClosed(ReferralState s) { return s == ReferralState::kAnswered || s == ReferralState::kDeclined; }

ReferralTargets TargetsFor(Urgency u) {
  switch (u) {
    case Urgency::kUrgent:
      return {1, 3, 7, 2};
    case Urgency::kSoon:
      return {2, 7, 21, 7};
    case Urgency::kRoutine:
      break;
  }
  return {3, 14, 30, 7};
}

std::optional<EpochSeconds> DueAt(const Referral& r) {
  constexpr EpochSeconds kDay = 86400;
  const auto t = TargetsFor(r.urgency);
  switch (r.state) {
    case ReferralState::kSent:
      return r.sent_at + t.accept * kDay;
    case ReferralState::kAccepted:
      return r.sent_at + t.book * kDay;
    case ReferralState::kBooked:
      return r.sent_at + t.hold * kDay;
    case ReferralState::kHeld:
      return r.held_at.value_or(r.sent_at) + t.answer * kDay;
    case ReferralState::kAnswered:
    case ReferralState::kDeclined:
      break;
  }
  return std::nullopt;
}

bool IsOverdue(const Referral& r, EpochSeconds now) {
  auto due = DueAt(r);
  return due && now > *due;
}

std::vector<practice::FieldIssue> ValidateReferral(const Referral& r) {
  std::vector<practice::FieldIssue> out;
  if (r.client_id.empty()) out.push_back({"client_id", "Choose the client."});
  if (r.to_clinician_id.empty())
    out.push_back({"to_clinician_id", "Choose whom to refer to."});
  else if (r.to_clinician_id == r.from_clinician_id)
    out.push_back({"to_clinician_id", "Refer to another clinician."});
  if (r.reason.find_first_not_of(" \t\r\n") == std::string::npos)
    out.push_back({"reason", "Say why you refer."});
  else if (r.reason.size() > 2000)
    out.push_back({"reason", "At most 2000 characters."});
  if (r.question.size() > 2000) out.push_back({"question", "At most 2000 characters."});
  return out;
}

practice::TeamRole ReferredRole(practice::Discipline d) {
  using practice::Discipline;
  switch (d) {
    case Discipline::kPsychiatry:
    case Discipline::kPsychiatricNp:
      return practice::TeamRole::kPrescriber;
    case Discipline::kOccupationalTherapy:
    case Discipline::kPhysicalTherapy:
    case Discipline::kSpeechLanguagePathology:
      return practice::TeamRole::kRehabilitation;
    default:
      return practice::TeamRole::kConsultant;
  }
}

}  // namespace duet::care
