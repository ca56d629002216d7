#pragma once
// What makes a plan of care complete enough to save and sign, and when it is due for review.
#include <optional>
#include <vector>

#include "plans/model.hpp"
#include "practice/model.hpp"

namespace duet::plans {

//! Every problem with a plan: at least one problem and goal; goals point at a listed problem; each
//! objective has its own id and is measurable (text, measure, baseline and target, a target date not before `today`
//! for active objectives); frequency and review date present; diagnosis codes shaped like ICD-10-CM.
std::vector<practice::FieldIssue> ValidatePlan(const Plan& plan, Date today);

//! Days until `due` from `today` if it falls within `window_days` ahead or is past; nullopt otherwise.
std::optional<int> DaysUntilDue(Date due, Date today, int window_days);

}  // namespace duet::plans
