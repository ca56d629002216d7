#include "plans/rules.hpp"

#include <algorithm>
#include <iterator>
#include <set>

#include "practice/rules.hpp"

namespace duet::plans {

std::vector<practice::FieldIssue> ValidatePlan(const Plan& plan, Date today) {
  std::vector<practice::FieldIssue> out;
  if (plan.problems.empty()) out.push_back({"problems", "List at least one problem."});
  if (plan.goals.empty()) out.push_back({"goals", "Set at least one goal."});
  std::set<std::string> problems;
  for (std::size_t i = 0; i < plan.problems.size(); ++i) {
    const auto& p = plan.problems[i];
    const std::string at = "problems[" + std::to_string(i) + "]";
    if (p.id.empty() || !problems.insert(p.id).second) out.push_back({at + ".id", "Each problem needs its own id."});
    if (p.text.empty()) out.push_back({at + ".text", "Describe the problem."});
    if (!p.diagnosis.empty() && !practice::IsIcd10Shape(p.diagnosis))
      out.push_back({at + ".diagnosis", "Not an ICD-10-CM code."});
  }
  std::set<std::string> goals, objectives;
  for (std::size_t i = 0; i < plan.goals.size(); ++i) {
    const auto& g = plan.goals[i];
    const std::string at = "goals[" + std::to_string(i) + "]";
    if (g.id.empty() || !goals.insert(g.id).second) out.push_back({at + ".id", "Each goal needs its own id."});
    if (g.text.empty()) out.push_back({at + ".text", "Describe the goal."});
    if (!problems.count(g.problem_id))
      out.push_back({at + ".problem_id", "A goal addresses one of the listed problems."});
    if (g.objectives.empty()) out.push_back({at + ".objectives", "Give the goal at least one measurable objective."});
    for (std::size_t j = 0; j < g.objectives.size(); ++j) {
      const auto& o = g.objectives[j];
      const std::string oat = at + ".objectives[" + std::to_string(j) + "]";
      if (o.id.empty() || !objectives.insert(o.id).second)
        out.push_back({oat + ".id", "Each objective needs its own id."});
      if (o.text.empty()) out.push_back({oat + ".text", "Describe the objective."});
      if (o.measure.empty()) out.push_back({oat + ".measure", "Say how it is measured."});
      if (o.baseline.empty()) out.push_back({oat + ".baseline", "Give the baseline."});
      if (o.target.empty()) out.push_back({oat + ".target", "Give the target."});
      if (!o.target_date)
        out.push_back({oat + ".target_date", "Give a target date."});
      else if (o.status == "active" && *o.target_date < today)
        out.push_back({oat + ".target_date", "An active objective's target date is not in the past."});
      // The questionnaires Duet scores (measures/rules.cpp); a total measures the objective.
      static const std::set<std::string> kInstruments = {"", "phq9", "gad7"};
      if (!kInstruments.count(o.instrument)) out.push_back({oat + ".instrument", "phq9, gad7, or none."});
      static const std::set<std::string> kStatuses = {"active", "met", "revised", "discontinued"};
      if (!kStatuses.count(o.status)) out.push_back({oat + ".status", "active, met, revised or discontinued."});
    }
  }
  for (std::size_t i = 0; i < plan.interventions.size(); ++i) {
    const auto& iv = plan.interventions[i];
    const std::string at = "interventions[" + std::to_string(i) + "]";
    if (iv.text.empty()) out.push_back({at + ".text", "Describe the intervention."});
    for (const auto& gid : iv.goal_ids)
      if (!goals.count(gid)) out.push_back({at + ".goal_ids", "An intervention serves listed goals."});
  }
  if (plan.frequency.empty()) out.push_back({"frequency", "Say how often (e.g. weekly)."});
  if (!plan.review_due)
    out.push_back({"review_due", "Set a review date."});
  else if (*plan.review_due < today)
    out.push_back({"review_due", "The review date is not in the past."});
  if (plan.reevaluation_due && *plan.reevaluation_due < today)
    out.push_back({"reevaluation_due", "The re-evaluation date is not in the past."});
  return out;
}

std::optional<int> DaysUntilDue(Date due, Date today, int window_days) {
  int days = static_cast<int>((due - today).count());
  if (days > window_days) return std::nullopt;
  return days;
}

Status MaySignPlan(PlanSigner signer, const SignFacts& f) {
  if (!f.version_exists) return Fail(ErrorCode::kNotFound, "There is no such plan version.");
  switch (signer) {
    case PlanSigner::kClinician:
      if (!f.signer_is_assigned_clinician)
        return FailRule(
            "plan_signer",
            "Only the client's own clinician signs the plan as clinician. A supervisor co-signs as supervisor.");
      if (f.clinician_signed) return Fail(ErrorCode::kConflict, "This version already has the clinician's signature.");
      return {};
    case PlanSigner::kSupervisor:
      if (!f.signer_supervises_clinician)
        return FailRule("plan_signer", "Only a supervisor of the client's clinician co-signs the plan.");
      if (!f.clinician_signed)
        return FailRule("plan_cosign", "The clinician signs this version first; then the supervisor co-signs it.");
      if (f.supervisor_signed)
        return Fail(ErrorCode::kConflict, "This version already has a supervisor's co-signature.");
      return {};
    case PlanSigner::kClient:
      if (!f.is_latest) return FailRule("plan_current", "The client signs the current version of the plan only.");
      if (f.client_signed) return Fail(ErrorCode::kConflict, "This version already has the client's signature.");
      return {};
    case PlanSigner::kPart:
      if (!f.signer_owns_part)
        return FailRule("plan_signer", "A member signs the part of the plan whose goals are theirs; none are yours.");
      if (f.part_signed) return Fail(ErrorCode::kConflict, "You have signed your part of this version already.");
      return {};
  }
  return {};
}

std::vector<PlanPart> PartsOf(const Plan& plan, const std::vector<PartSignature>& signed_parts) {
  std::vector<PlanPart> out;
  for (const auto& g : plan.goals) {
    if (g.owner_clinician_id.empty()) continue;
    auto part =
        std::find_if(out.begin(), out.end(), [&](const PlanPart& p) { return p.clinician_id == g.owner_clinician_id; });
    if (part == out.end()) {
      out.push_back({g.owner_clinician_id, {}, std::nullopt});
      part = std::prev(out.end());
      for (const auto& s : signed_parts)
        if (s.clinician_id == g.owner_clinician_id) part->signature = s.signature;
    }
    part->goal_ids.push_back(g.id);
  }
  return out;
}

std::vector<practice::FieldIssue> ValidateOwners(const Plan& plan, const std::vector<std::string>& members) {
  std::vector<practice::FieldIssue> out;
  for (std::size_t i = 0; i < plan.goals.size(); ++i) {
    const auto& owner = plan.goals[i].owner_clinician_id;
    if (!owner.empty() && std::find(members.begin(), members.end(), owner) == members.end())
      out.push_back({"goals[" + std::to_string(i) + "].owner_clinician_id",
                     "A goal belongs to a member of the client's care team."});
  }
  return out;
}

}  // namespace duet::plans
