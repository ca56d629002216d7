#include "payouts/service.hpp"

#include <algorithm>
#include <map>

#include "payouts/rules.hpp"
#include "payouts/store.hpp"
#include "platform/audit.hpp"
#include "platform/crypto.hpp"
#include "practice/store.hpp"
#include "scheduling/rules.hpp"

namespace duet::payouts {
namespace {

bool SeesAll(const Principal& who) { return who.role == Role::kOwner || who.role == Role::kBiller; }

//! Groups lines into one statement per clinician, in name order.
std::vector<Statement> Group(const Run& run, const std::vector<Line>& lines,
                             const std::map<std::string, std::string>& names) {
  std::map<std::string, Statement> by;
  for (const auto& l : lines) {
    auto& s = by[l.clinician_id];
    s.run_id = run.id;
    s.week = run.week;
    s.run_status = std::string(NameOf(run.status));
    s.clinician_id = l.clinician_id;
    s.total += l.amount;
    s.visits_paid += l.kind == LineKind::kVisit && l.amount > 0;
    s.visits_held += l.kind == LineKind::kHeld;
    s.lines.push_back(l);
  }
  std::vector<Statement> out;
  for (auto& [id, s] : by) {
    auto n = names.find(id);
    s.clinician_name = n != names.end() ? n->second : "A former clinician";
    out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(),
            [](const Statement& a, const Statement& b) { return a.clinician_name < b.clinician_name; });
  return out;
}

}  // namespace

Service::Service(db::Database& db, const Clock& clock, practice::Service& directory, estimates::Service& calendar)
    : db_(db), clock_(clock), directory_(directory), calendar_(calendar) {}

Result<std::map<std::string, Service::Person>> Service::People(const std::string& practice_id) {
  auto all = db_.Read([&](db::Connection& c) { return practice::store::ListClinicians(c, practice_id); });
  if (!all) return tl::unexpected(all.error());
  std::map<std::string, Person> out;
  for (const auto& k : *all)
    out[k.id] = {k.given_name + " " + k.family_name + (k.credentials.empty() ? "" : ", " + k.credentials), k.npi};
  return out;
}

Result<std::string> Service::OwnClinician(const Principal& who) {
  if (SeesAll(who)) return std::string();
  auto k = directory_.ClinicianOfUser(who.practice_id, who.user_id);
  if (!k) return tl::unexpected(k.error());
  if (!*k) return Fail(ErrorCode::kNotFound, "Your account is not linked to a clinician record.");
  return (*k)->id;
}

Result<Plan> Service::GetPlan(const Principal& who, const std::string& clinician_id) {
  auto own = OwnClinician(who);
  if (!own) return tl::unexpected(own.error());
  if (!own->empty() && *own != clinician_id) return Fail(ErrorCode::kNotFound, "There is no such plan.");
  auto plan = db_.Read([&](db::Connection& c) { return store::FindPlan(c, who.practice_id, clinician_id); });
  if (!plan) return tl::unexpected(plan.error());
  if (!*plan) return Fail(ErrorCode::kNotFound, "This clinician has no compensation plan yet.");
  return std::move(**plan);
}

Result<Plan> Service::PutPlan(const Principal& who, const std::string& clinician_id, Plan plan, const Origin& origin) {
  if (auto k = directory_.ClinicianById(who.practice_id, clinician_id); !k) return tl::unexpected(k.error());
  if (auto why = CheckPlan(plan)) return Fail(ErrorCode::kInvalid, *why, {}, "rates");
  const EpochSeconds now = clock_.Now();
  plan.clinician_id = clinician_id;
  plan.updated_at = now;
  plan.updated_by = who.display_name;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto put = store::PutPlan(c, who.practice_id, plan); !put) return put;
    return audit::Append(
        c, audit::ByPrincipal(who, "payouts.plan", "clinician", clinician_id, origin.ip, origin.request_id, {}), now);
  });
  if (!st) return tl::unexpected(st.error());
  return plan;
}

Result<Run> Service::WithStatements(const std::string& practice_id, Run run) {
  auto lines = db_.Read([&](db::Connection& c) { return store::Lines(c, practice_id, run.id); });
  if (!lines) return tl::unexpected(lines.error());
  auto people = People(practice_id);
  if (!people) return tl::unexpected(people.error());
  return Grouped(std::move(run), *lines, *people);
}

Run Service::Grouped(Run run, const std::vector<Line>& lines, const std::map<std::string, Person>& people) {
  std::map<std::string, std::string> names;
  for (const auto& [id, p] : people) names[id] = p.name;
  run.statements = Group(run, lines, names);
  run.clinicians = static_cast<int>(run.statements.size());
  run.questions_open = 0;
  for (const auto& l : lines) run.questions_open += !l.question.empty() && l.answer.empty();
  return run;
}

Result<Reply<Run>> Service::RunWeek(const Principal& who, const RunRequest& request, const Origin& origin) {
  auto cal = calendar_.CalendarOf(who.practice_id);
  if (!cal) return tl::unexpected(cal.error());
  const EpochSeconds now = clock_.Now();
  const Date week = WeekOf(request.week);
  const Date next = week + date::days{7};
  if (scheduling::ToLocal(now, cal->time_zone).date < next)
    return FailRule("week_not_over", "The week of " + FormatDate(week) + " ends on " +
                                         FormatDate(next - date::days{1}) + ": run it from " + FormatDate(next) +
                                         " on.");
  auto people = People(who.practice_id);
  if (!people) return tl::unexpected(people.error());
  Run run;
  int status = 201;
  bool computed = false;  // the lines below are the run's (not a closed run returned as it was)
  std::vector<Line> lines;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto existing = store::RunOfWeek(c, who.practice_id, week);
    if (!existing) return tl::unexpected(existing.error());
    if (*existing && (*existing)->status == RunStatus::kClosed) {
      run = std::move(**existing);  // a closed week never changes
      status = 200;
      return {};
    }
    auto latest = store::LatestWeek(c, who.practice_id);
    if (!latest) return tl::unexpected(latest.error());
    if (*latest && **latest > week)
      return FailRule("later_week_run",
                      "A later week has been run: corrections of this week are made as the next "
                      "open week's adjustments.");
    auto plans = store::Plans(c, who.practice_id);
    if (!plans) return tl::unexpected(plans.error());
    auto visits = store::Visits(c, who.practice_id, scheduling::FromLocal(week, 0, cal->time_zone),
                                scheduling::FromLocal(next, 0, cal->time_zone), cal->time_zone);
    if (!visits) return tl::unexpected(visits.error());
    auto priors = store::Priors(c, who.practice_id, week - date::days{7 * 8}, week, cal->time_zone);
    if (!priors) return tl::unexpected(priors.error());
    std::map<std::string, std::vector<Visit>> week_of;
    for (auto& v : *visits) week_of[v.clinician_id].push_back(std::move(v));
    std::map<std::string, std::vector<Prior>> prior_of;
    for (auto& p : *priors) prior_of[p.visit.clinician_id].push_back(std::move(p));

    if (*existing) {
      run = std::move(**existing);
      status = 200;
      if (auto d = store::DeleteLines(c, who.practice_id, run.id); !d) return d;
    } else {
      run.id = crypto::NewId();
      run.week = week;
      run.created_at = now;
      run.created_by = who.display_name;
    }
    run.total = 0;
    run.without_plan.clear();
    computed = true;
    for (const auto& plan : *plans) {
      auto w = week_of.find(plan.clinician_id);
      auto p = prior_of.find(plan.clinician_id);
      auto mine = StatementLines(plan, w != week_of.end() ? w->second : std::vector<Visit>{},
                                 p != prior_of.end() ? p->second : std::vector<Prior>{});
      for (auto& l : mine) {
        l.id = crypto::NewId();
        l.run_id = run.id;
        run.total += l.amount;
        lines.push_back(std::move(l));
      }
      week_of.erase(plan.clinician_id);
    }
    for (const auto& [id, _] : week_of) {
      auto n = people->find(id);
      run.without_plan.push_back(n != people->end() ? n->second.name : id);
    }
    if (auto saved =
            status == 201 ? store::InsertRun(c, who.practice_id, run) : store::UpdateRun(c, who.practice_id, run);
        !saved)
      return saved;
    if (auto in = store::InsertLines(c, who.practice_id, lines); !in) return in;
    auto event = audit::ByPrincipal(who, "payouts.run", "payout_run", run.id, origin.ip, origin.request_id, {});
    event.detail = FormatDate(week);
    return audit::Append(c, event, now);
  });
  if (!st) return tl::unexpected(st.error());
  // The lines just written are grouped as they are; a closed run is read as it was.
  if (computed) return Reply<Run>{status, Grouped(std::move(run), lines, *people)};
  auto full = WithStatements(who.practice_id, std::move(run));
  if (!full) return tl::unexpected(full.error());
  return Reply<Run>{status, std::move(*full)};
}

Result<Run> Service::Close(const Principal& who, const std::string& id, const Origin& origin) {
  const EpochSeconds now = clock_.Now();
  Run run;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto found = store::FindRun(c, who.practice_id, id);
    if (!found) return tl::unexpected(found.error());
    if (!*found) return Fail(ErrorCode::kNotFound, "There is no such payout run.");
    run = std::move(**found);
    if (run.status == RunStatus::kClosed) return {};
    auto runs = store::Runs(c, who.practice_id);
    if (!runs) return tl::unexpected(runs.error());
    for (const auto& r : *runs)
      if (r.week < run.week && r.status == RunStatus::kDraft)
        return FailRule("earlier_run_open", "Close the week of " + FormatDate(r.week) + " first.");
    run.status = RunStatus::kClosed;
    run.closed_at = now;
    run.closed_by = who.display_name;
    if (auto u = store::UpdateRun(c, who.practice_id, run); !u) return u;
    return audit::Append(
        c, audit::ByPrincipal(who, "payouts.close", "payout_run", run.id, origin.ip, origin.request_id, {}), now);
  });
  if (!st) return tl::unexpected(st.error());
  return WithStatements(who.practice_id, std::move(run));
}

Result<std::vector<Run>> Service::Runs(const Principal& who) {
  return db_.Read([&](db::Connection& c) { return store::Runs(c, who.practice_id); });
}

Result<Run> Service::GetRun(const Principal& who, const std::string& id, const Origin& origin) {
  auto found = db_.Read([&](db::Connection& c) { return store::FindRun(c, who.practice_id, id); });
  if (!found) return tl::unexpected(found.error());
  if (!*found) return Fail(ErrorCode::kNotFound, "There is no such payout run.");
  auto run = WithStatements(who.practice_id, std::move(**found));
  if (!run) return run;
  if (auto a = audit::AppendNow(
          db_, audit::ByPrincipal(who, "payouts.read", "payout_run", id, origin.ip, origin.request_id, {}),
          clock_.Now());
      !a)
    return tl::unexpected(a.error());
  return run;
}

Result<std::string> Service::PayrollCsv(const Principal& who, const std::string& id, const Origin& origin) {
  auto run = GetRun(who, id, origin);
  if (!run) return tl::unexpected(run.error());
  if (run->status != RunStatus::kClosed)
    return FailRule("run_open", "Close the run first: the payroll file is made from a closed week.");
  auto people = People(who.practice_id);
  if (!people) return tl::unexpected(people.error());
  std::vector<PayrollRow> rows;
  for (const auto& s : run->statements) {
    PayrollRow r{s.clinician_id, s.clinician_name, "", run->week, s.visits_paid, s.visits_held, 0, s.total};
    if (auto p = people->find(s.clinician_id); p != people->end()) r.npi = p->second.npi;
    for (const auto& l : s.lines)
      if (l.kind == LineKind::kAdjustment) r.adjustments += l.amount;
    rows.push_back(std::move(r));
  }
  return payouts::PayrollCsv(rows);
}

Result<std::vector<Statement>> Service::Statements(const Principal& who, const StatementQuery& q,
                                                   const Origin& origin) {
  auto own = OwnClinician(who);
  if (!own) return tl::unexpected(own.error());
  std::string clinician_id = q.clinician_id;
  if (!own->empty()) {
    if (!clinician_id.empty() && clinician_id != *own)
      return Fail(ErrorCode::kNotFound, "There are no such statements.");
    clinician_id = *own;
  }
  const std::optional<Date> week = q.week ? std::optional<Date>(WeekOf(*q.week)) : std::nullopt;
  if (clinician_id.empty() && !week)
    return Fail(ErrorCode::kInvalid, "Name a clinician or a week.", {}, "clinician_id");
  auto people = People(who.practice_id);
  if (!people) return tl::unexpected(people.error());
  std::map<std::string, std::string> names;
  for (const auto& [id, p] : *people) names[id] = p.name;
  std::vector<Statement> out;
  if (!clinician_id.empty()) {
    auto rows =
        db_.Read([&](db::Connection& c) { return store::ClinicianLines(c, who.practice_id, clinician_id, week); });
    if (!rows) return tl::unexpected(rows.error());
    // One statement per run, newest week first; a clinician sees closed runs only.
    std::vector<std::pair<Run, std::vector<Line>>> runs;
    for (auto& rl : *rows) {
      if (!own->empty() && rl.run.status != RunStatus::kClosed) continue;
      if (runs.empty() || runs.back().first.id != rl.run.id) runs.emplace_back(rl.run, std::vector<Line>{});
      runs.back().second.push_back(std::move(rl.line));
    }
    for (auto& [run, lines] : runs)
      for (auto& s : Group(run, lines, names)) out.push_back(std::move(s));
  } else {
    auto run = db_.Read([&](db::Connection& c) { return store::RunOfWeek(c, who.practice_id, *week); });
    if (!run) return tl::unexpected(run.error());
    if (*run) {
      auto full = WithStatements(who.practice_id, std::move(**run));
      if (!full) return tl::unexpected(full.error());
      out = std::move(full->statements);
    }
  }
  if (auto a = audit::AppendNow(
          db_,
          audit::ByPrincipal(who, "payouts.statements", "clinician",
                             clinician_id.empty() ? FormatDate(*week) : clinician_id, origin.ip, origin.request_id, {}),
          clock_.Now());
      !a)
    return tl::unexpected(a.error());
  return out;
}

Result<Line> Service::Ask(const Principal& who, const std::string& line_id, const LineNote& note,
                          const Origin& origin) {
  auto own = OwnClinician(who);
  if (!own) return tl::unexpected(own.error());
  const EpochSeconds now = clock_.Now();
  Line line;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto found = store::FindLine(c, who.practice_id, line_id);
    if (!found) return tl::unexpected(found.error());
    if (!*found || (*found)->clinician_id != *own) return Fail(ErrorCode::kNotFound, "There is no such line.");
    auto run = store::FindRun(c, who.practice_id, (*found)->run_id);
    if (!run) return tl::unexpected(run.error());
    if (!*run || (*run)->status != RunStatus::kClosed) return Fail(ErrorCode::kNotFound, "There is no such line.");
    line = std::move(**found);
    line.question = note.text;
    line.asked_at = now;
    line.asked_by = who.display_name;
    line.answer.clear();
    line.answered_at = 0;
    line.answered_by.clear();
    if (auto s = store::SetQuestion(c, who.practice_id, line); !s) return s;
    return audit::Append(
        c, audit::ByPrincipal(who, "payouts.ask", "payout_line", line.id, origin.ip, origin.request_id, {}), now);
  });
  if (!st) return tl::unexpected(st.error());
  return line;
}

Result<Line> Service::Answer(const Principal& who, const std::string& line_id, const LineNote& note,
                             const Origin& origin) {
  const EpochSeconds now = clock_.Now();
  Line line;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto found = store::FindLine(c, who.practice_id, line_id);
    if (!found) return tl::unexpected(found.error());
    if (!*found) return Fail(ErrorCode::kNotFound, "There is no such line.");
    line = std::move(**found);
    if (line.question.empty()) return FailRule("no_question", "There is no question on this line to answer.");
    line.answer = note.text;
    line.answered_at = now;
    line.answered_by = who.display_name;
    if (auto s = store::SetAnswer(c, who.practice_id, line); !s) return s;
    return audit::Append(
        c, audit::ByPrincipal(who, "payouts.answer", "payout_line", line.id, origin.ip, origin.request_id, {}), now);
  });
  if (!st) return tl::unexpected(st.error());
  return line;
}

}  // namespace duet::payouts
