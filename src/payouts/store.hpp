#pragma once
// The payouts' SQL: compensation plans, runs and their lines, and the visit facts a statement needs
// (status, minutes, the signed note, the latest claim, what was collected on its charges).
#include <optional>
#include <string>
#include <vector>

#include "payouts/model.hpp"
#include "platform/db/db.hpp"

namespace duet::payouts::store {

Result<std::vector<Plan>> Plans(db::Connection& c, const std::string& practice_id);
Result<std::optional<Plan>> FindPlan(db::Connection& c, const std::string& practice_id,
                                     const std::string& clinician_id);
Status PutPlan(db::Connection& c, const std::string& practice_id, const Plan& plan);

//! Visits that started in [from, to) (not cancelled with notice), dates in `zone`.
Result<std::vector<Visit>> Visits(db::Connection& c, const std::string& practice_id, EpochSeconds from, EpochSeconds to,
                                  const std::string& zone);
//! Visits on closed statements of weeks in [since, before): what was paid for each so far, whether it
//! was last held, its first week, and its facts now.
Result<std::vector<Prior>> Priors(db::Connection& c, const std::string& practice_id, Date since, Date before,
                                  const std::string& zone);

Result<std::optional<Run>> FindRun(db::Connection& c, const std::string& practice_id, const std::string& id);
Result<std::optional<Run>> RunOfWeek(db::Connection& c, const std::string& practice_id, Date week);
//! The latest week run so far, if any.
Result<std::optional<Date>> LatestWeek(db::Connection& c, const std::string& practice_id);
//! Runs newest first, without statements; questions still open counted.
Result<std::vector<Run>> Runs(db::Connection& c, const std::string& practice_id);
Status InsertRun(db::Connection& c, const std::string& practice_id, const Run& run);
Status UpdateRun(db::Connection& c, const std::string& practice_id, const Run& run);
Status DeleteLines(db::Connection& c, const std::string& practice_id, const std::string& run_id);
Status InsertLines(db::Connection& c, const std::string& practice_id, const std::vector<Line>& lines);
//! A run's lines (one clinician's when given), by clinician then date.
Result<std::vector<Line>> Lines(db::Connection& c, const std::string& practice_id, const std::string& run_id,
                                const std::string& clinician_id = {});
//! One clinician's lines on every run (or one week's), with their run.
struct RunLine {
  Run run;  // id, week, status
  Line line;
};
Result<std::vector<RunLine>> ClinicianLines(db::Connection& c, const std::string& practice_id,
                                            const std::string& clinician_id, std::optional<Date> week);
Result<std::optional<Line>> FindLine(db::Connection& c, const std::string& practice_id, const std::string& id);
Status SetQuestion(db::Connection& c, const std::string& practice_id, const Line& line);
Status SetAnswer(db::Connection& c, const std::string& practice_id, const Line& line);

}  // namespace duet::payouts::store
