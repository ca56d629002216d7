#pragma once
// Payout use cases: compensation plans per clinician, the weekly run (a draft run again until it is
// closed; a closed week never changes — corrections are the next week's adjustments), statements
// (a clinician sees their own closed ones), questions on a line and the owner's answers, and the
// payroll CSV of a closed run.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "estimates/service.hpp"
#include "payouts/codecs.hpp"
#include "payouts/model.hpp"
#include "platform/api.hpp"
#include "platform/db/db.hpp"
#include "platform/origin.hpp"
#include "platform/policy.hpp"
#include "practice/service.hpp"

namespace duet::payouts {

class Service {
 public:
  Service(db::Database& db, const Clock& clock, practice::Service& directory, estimates::Service& calendar);

  //! A clinician's plan (the clinician their own); not found when none is set.
  Result<Plan> GetPlan(const Principal& who, const std::string& clinician_id);
  Result<Plan> PutPlan(const Principal& who, const std::string& clinician_id, Plan plan, const Origin& origin);

  //! Runs a week: 201 for a new run, 200 for a draft run again or a closed run (unchanged).
  Result<Reply<Run>> RunWeek(const Principal& who, const RunRequest& request, const Origin& origin);
  Result<Run> Close(const Principal& who, const std::string& id, const Origin& origin);
  Result<std::vector<Run>> Runs(const Principal& who);
  Result<Run> GetRun(const Principal& who, const std::string& id, const Origin& origin);
  //! The payroll file of a closed run: one row per clinician, no client data.
  Result<std::string> PayrollCsv(const Principal& who, const std::string& id, const Origin& origin);

  //! Statements: a clinician's own (closed runs only) or, for the owner and biller, one clinician's or
  //! one week's.
  Result<std::vector<Statement>> Statements(const Principal& who, const StatementQuery& query, const Origin& origin);
  //! The clinician asks about a line of their own closed statement.
  Result<Line> Ask(const Principal& who, const std::string& line_id, const LineNote& note, const Origin& origin);
  //! The owner (or biller) answers a line's question.
  Result<Line> Answer(const Principal& who, const std::string& line_id, const LineNote& note, const Origin& origin);

 private:
  struct Person {
    std::string name;
    std::string npi;
  };
  Result<std::map<std::string, Person>> People(const std::string& practice_id);
  Result<Run> WithStatements(const std::string& practice_id, Run run);
  //! The run's statements from its lines, one per clinician, named.
  static Run Grouped(Run run, const std::vector<Line>& lines, const std::map<std::string, Person>& people);
  //! The signed-in clinician's record id, or "" for the owner and the biller.
  Result<std::string> OwnClinician(const Principal& who);

  db::Database& db_;
  const Clock& clock_;
  practice::Service& directory_;
  estimates::Service& calendar_;
};

}  // namespace duet::payouts
