#pragma once
// What makes a plan of care complete enough to save and sign, and when it is due for review.
#include <optional>

#include <vector>
#include "platform/result.hpp"

#include "plans/model.hpp"
#include "practice/model.hpp"

namespace duet::plans {

//! Every problem with a plan: at least one problem and goal; goals point at a listed problem; each
//! objective has its own id and is measurable (text, measure, baseline and target, a target date not before `today`
//! for active objectives); frequency and review date present; diagnosis codes shaped like ICD-10-CM.
std::vector<practice::FieldIssue> ValidatePlan(const Plan& plan, Date today);

//! Days until `due` from `today` if it falls within `window_days` ahead or is past; nullopt otherwise.
std::optional<int> DaysUntilDue(Date due, Date today, int window_days);

//! Who may put which signature on a plan version. The clinician's signature is given by one of the
//! client's clinicians, in their own name; a supervisor of one of them co-signs as supervisor (a
//! separate signature, once the clinician has signed); the client signs, in session, only the
//! current version. A version that does not exist is not_found; a signature already given is a conflict.
//! A member signs their part only when they own goals on the version, once.
Status MaySignPlan(PlanSigner signer, const SignFacts& facts);

//! The members' parts of a version: each goal owner (in the order their goals come) with their goals and
//! signature. A version without owned goals has no parts (its clinician's signature covers it).
std::vector<PlanPart> PartsOf(const Plan& plan, const std::vector<PartSignature>& signed_parts);

//! Goal owners who are not on the client's care team (`members`, today): field issues naming each goal.
std::vector<practice::FieldIssue> ValidateOwners(const Plan& plan, const std::vector<std::string>& members);

}  // namespace duet::plans
