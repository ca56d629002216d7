#pragma once
// Payout rules, pure: what a plan pays for one visit (or why it holds it), a clinician's statement
// for a week (this week's visits, and what changed for earlier weeks' visits: held ones now paid,
// clawbacks, more or less collected), a plan's problems, and the payroll CSV. Table-tested in
// tests/unit/payouts/payouts_test.cpp.
#include <optional>
#include <string>
#include <vector>

#include "payouts/model.hpp"

namespace duet::payouts {

//! What the plan pays for a visit: an amount with the rule in words, or held with why.
struct Decision {
  std::int64_t amount = 0;
  std::string rule;
  bool held = false;
  std::string why;
  bool listed = true;  // false: not a paid visit at all (cancelled with notice)
};
Decision PayFor(const Plan& plan, const Visit& visit);

//! The lines of a clinician's statement for the week: one per visit of the week, and one per earlier
//! visit whose pay changed (or that is still held), in date order.
std::vector<Line> StatementLines(const Plan& plan, const std::vector<Visit>& week, const std::vector<Prior>& earlier);

//! What is wrong with a plan (empty: nothing): amounts and percentages within reason, rates not repeated.
std::optional<std::string> CheckPlan(const Plan& plan);

//! The Monday of the week `d` is in.
Date WeekOf(Date d);

//! The payroll file: one row per clinician (id, name, NPI, week, visits paid, visits held, adjustments,
//! total in dollars) — no client data.
struct PayrollRow {
  std::string clinician_id;
  std::string clinician_name;
  std::string npi;
  Date week{};
  int visits_paid = 0;
  int visits_held = 0;
  std::int64_t adjustments = 0;
  std::int64_t total = 0;
};
std::string PayrollCsv(const std::vector<PayrollRow>& rows);

}  // namespace duet::payouts
