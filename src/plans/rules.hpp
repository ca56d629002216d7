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
Status MaySignPlan(PlanSigner signer, const SignFacts& facts);

}  // namespace duet::plans
