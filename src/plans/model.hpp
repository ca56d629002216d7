#pragma once
// Plans of care (treatment plans): problems, goals with measurable objectives (baseline, target,
// target date), interventions, frequency and mode mix, review and re-evaluation dates, the
// clinician's and the client's signatures; every change is a new version, old versions stay.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "platform/clock.hpp"
#include "platform/dates.hpp"

namespace duet::plans {

struct Objective {
  std::string id;
  std::string text;
  std::string measure;   // how it is measured (e.g. "PHQ-9 total", "shoulder flexion, degrees")
  std::string baseline;  // as measured at the start
  std::string target;
  std::optional<Date> target_date;
  std::string status = "active";  // active | met | revised | discontinued
  std::string instrument;         // "phq9" | "gad7" when a questionnaire's total measures it, graphed with its target
};

struct Goal {
  std::string id;
  std::string problem_id;
  std::string text;
  std::vector<Objective> objectives;
  //! The care-team member whose goal it is (their discipline's part of a shared plan); empty: the plan's clinician's.
  std::string owner_clinician_id;
};

struct Problem {
  std::string id;
  std::string text;
  std::string diagnosis;  // ICD-10-CM code, optional
};

struct Intervention {
  std::string text;
  std::vector<std::string> goal_ids;
};

//! One version of a client's plan.
struct Plan {
  std::vector<Problem> problems;
  std::vector<Goal> goals;
  std::vector<Intervention> interventions;
  std::string frequency;  // "weekly"
  std::string mode_mix;   // "alternating in person and video"
  std::optional<Date> review_due;
  std::optional<Date> reevaluation_due;
};

struct PlanSignature {
  std::string name;
  EpochSeconds at = 0;
  std::string by_user_id;  // for the client's signature: the staff member who witnessed it in session
};

//! Who signs a plan version: the client's clinician, a supervisor of that clinician (co-signature),
//! the client in session, or a care-team member their own part (the goals they own).
enum class PlanSigner { kClinician, kSupervisor, kClient, kPart };
constexpr auto NamesOf(const PlanSigner*) {
  using P = std::pair<PlanSigner, std::string_view>;
  return std::array{P{PlanSigner::kClinician, "clinician"}, P{PlanSigner::kSupervisor, "supervisor"},
                    P{PlanSigner::kClient, "client"}, P{PlanSigner::kPart, "part"}};
}

//! A care-team member's signature on their part of a version.
struct PartSignature {
  std::string clinician_id;
  PlanSignature signature;
};

//! One member's part of a version: the goals they own, and their signature once given.
struct PlanPart {
  std::string clinician_id;
  std::vector<std::string> goal_ids;
  std::optional<PlanSignature> signature;
};

//! What the signing rule needs to know.
struct SignFacts {
  bool signer_is_assigned_clinician = false;  // the signing user is one of the client's clinicians
  bool signer_supervises_clinician = false;   // the signing user supervises one of the client's clinicians
  bool version_exists = false;
  bool is_latest = false;
  bool clinician_signed = false;
  bool supervisor_signed = false;
  bool client_signed = false;
  bool signer_owns_part = false;  // the signing user's clinician owns goals on this version
  bool part_signed = false;       // … and has signed their part already
};

//! A stored version with its signatures.
struct PlanVersion {
  std::string client_id;
  int version = 1;
  std::string author_user_id;
  std::string author_name;
  EpochSeconds created_at = 0;
  std::string plan_json;  // the Plan as JSON (opened from its encryption)
  std::optional<PlanSignature> clinician_signature;
  std::optional<PlanSignature> client_signature;
  std::optional<PlanSignature> supervisor_signature;  // a supervisor's co-signature, after the clinician's
  std::vector<PartSignature> part_signatures;         // members who signed their part
  std::optional<Date> review_due;                     // kept in the clear for the "due" list
  std::optional<Date> reevaluation_due;
};

//! A plan whose review or re-evaluation is due soon or overdue.
struct DuePlan {
  std::string client_id;
  std::string client_name;
  int version = 1;
  std::string what;  // "review" | "re-evaluation"
  Date due;
  int days_left = 0;  // negative when overdue
};

}  // namespace duet::plans
