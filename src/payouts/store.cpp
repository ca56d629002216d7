#include "payouts/store.hpp"

#include <map>

#include "payouts/codecs.hpp"
#include "platform/db/columns.hpp"
#include "scheduling/rules.hpp"

namespace duet::payouts::store {
namespace {
using db::Col;
constexpr db::ColumnRules kNullable{.null_when_empty = true};

const auto kLines = db::Table<Line>(
    "payout_lines", Col("id", &Line::id), Col("run_id", &Line::run_id), Col("clinician_id", &Line::clinician_id),
    Col("appointment_id", &Line::appointment_id), Col("kind", &Line::kind), Col("on_date", &Line::on),
    Col("client_label", &Line::client_label), Col("service_name", &Line::service_name), Col("mode", &Line::mode),
    Col("minutes", &Line::minutes), Col("visit_status", &Line::status), Col("rule", &Line::rule),
    Col("amount", &Line::amount), Col("why", &Line::why), Col("question", &Line::question, kNullable),
    Col("asked_at", &Line::asked_at, kNullable), Col("asked_by", &Line::asked_by, kNullable),
    Col("answer", &Line::answer, kNullable), Col("answered_at", &Line::answered_at, kNullable),
    Col("answered_by", &Line::answered_by, kNullable));

const auto kRuns =
    db::Table<Run>("payout_runs", Col("id", &Run::id), Col("week_start", &Run::week), Col("status", &Run::status),
                   Col("total", &Run::total), Col("without_plan", &Run::without_plan, {.json_list = true}),
                   Col("created_at", &Run::created_at), Col("created_by", &Run::created_by),
                   Col("closed_at", &Run::closed_at, kNullable), Col("closed_by", &Run::closed_by, kNullable));

// The facts of a visit: its first client's initials, the signed progress note, the latest claim's
// status, and what was collected on its charges (payments net of refunds, credit applied).
constexpr std::string_view kVisitColumns =
    "a.id, a.clinician_id, a.service_id, COALESCE(s.name, ''), a.mode, a.start_at, a.end_at, a.status, "
    "COALESCE(k.given_name, ''), COALESCE(k.family_name, ''), "
    "CASE WHEN EXISTS (SELECT 1 FROM notes n WHERE n.practice_id = a.practice_id AND n.appointment_id = a.id "
    "AND n.kind = 'progress' AND n.status = 'signed') THEN 1 ELSE 0 END, "
    "COALESCE((SELECT m.status FROM claims m WHERE m.practice_id = a.practice_id AND m.appointment_id = a.id "
    "ORDER BY m.created_at DESC LIMIT 1), ''), "
    "CAST(COALESCE((SELECT -SUM(e.amount) FROM charges h JOIN ledger_entries e ON e.practice_id = h.practice_id "
    "AND e.charge_id = h.id WHERE h.practice_id = a.practice_id AND h.appointment_id = a.id AND (e.kind IN "
    "('payment', 'refund') OR (e.kind = 'transfer' AND e.party = 'client' AND e.reason = 'Credit applied'))), 0) "
    "AS BIGINT)";
constexpr std::string_view kVisitJoins =
    " FROM appointments a LEFT JOIN services s ON s.id = a.service_id "
    "LEFT JOIN clients k ON k.id = (SELECT MIN(ac.client_id) FROM appointment_clients ac WHERE ac.practice_id = "
    "a.practice_id AND ac.appointment_id = a.id)";
constexpr std::size_t kVisitWidth = 13;

std::string Initials(const std::string& given, const std::string& family) {
  std::string out;
  if (!given.empty()) out += given.substr(0, 1) + ". ";
  if (!family.empty()) out += family.substr(0, 1) + ".";
  return out;
}

Visit VisitFrom(const db::Row& r, const std::string& zone) {
  Visit v;
  v.appointment_id = r.Text(0);
  v.clinician_id = r.Text(1);
  v.service_id = r.Text(2);
  v.service_name = r.Text(3);
  v.mode = r.Text(4);
  const EpochSeconds start = r.Int(5);
  v.minutes = static_cast<int>((r.Int(6) - start) / 60);
  v.on = scheduling::ToLocal(start, zone).date;
  v.status = r.Text(7);
  v.client_label = Initials(r.Text(8), r.Text(9));
  v.note_signed = r.Int(10) != 0;
  v.claim_status = r.Text(11);
  v.collected = r.Int(12);
  return v;
}

}  // namespace

Result<std::vector<Plan>> Plans(db::Connection& c, const std::string& practice_id) {
  auto rows = c.Query(
      "SELECT clinician_id, plan, updated_at, updated_by FROM compensation_plans WHERE practice_id = ? "
      "ORDER BY clinician_id",
      {practice_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Plan> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) {
    Plan p = codec::FromColumn<Plan>(r.Text(1));
    p.clinician_id = r.Text(0);
    p.updated_at = r.Int(2);
    p.updated_by = r.Text(3);
    out.push_back(std::move(p));
  }
  return out;
}

Result<std::optional<Plan>> FindPlan(db::Connection& c, const std::string& practice_id,
                                     const std::string& clinician_id) {
  auto rows =
      c.Query("SELECT plan, updated_at, updated_by FROM compensation_plans WHERE practice_id = ? AND clinician_id = ?",
              {practice_id, clinician_id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Plan>();
  Plan p = codec::FromColumn<Plan>(rows->front().Text(0));
  p.clinician_id = clinician_id;
  p.updated_at = rows->front().Int(1);
  p.updated_by = rows->front().Text(2);
  return p;
}

Status PutPlan(db::Connection& c, const std::string& practice_id, const Plan& plan) {
  return db::Done(
      c.Exec("INSERT INTO compensation_plans (practice_id, clinician_id, plan, updated_at, updated_by) "
             "VALUES (?, ?, ?, ?, ?) ON CONFLICT (practice_id, clinician_id) DO UPDATE SET plan = excluded.plan, "
             "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
             {practice_id, plan.clinician_id, codec::ToColumn(plan), plan.updated_at, plan.updated_by}));
}

Result<std::vector<Visit>> Visits(db::Connection& c, const std::string& practice_id, EpochSeconds from, EpochSeconds to,
                                  const std::string& zone) {
  auto rows = c.Query("SELECT " + std::string(kVisitColumns) + std::string(kVisitJoins) +
                          " WHERE a.practice_id = ? AND a.start_at >= ? AND a.start_at < ? AND a.status <> "
                          "'cancelled' ORDER BY a.clinician_id, a.start_at",
                      {practice_id, from, to});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Visit> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(VisitFrom(r, zone));
  return out;
}

Result<std::vector<Prior>> Priors(db::Connection& c, const std::string& practice_id, Date since, Date before,
                                  const std::string& zone) {
  // What each earlier visit was paid, and how its latest line left it.
  auto paid = c.Query(
      "SELECT l.appointment_id, SUM(l.amount), MIN(r.week_start), "
      "MAX(CASE WHEN l.kind = 'held' THEN r.week_start ELSE '' END), MAX(CASE WHEN l.kind <> 'held' THEN "
      "r.week_start ELSE '' END) FROM payout_lines l JOIN payout_runs r ON r.id = l.run_id "
      "WHERE l.practice_id = ? AND r.status = 'closed' AND r.week_start >= ? AND r.week_start < ? "
      "GROUP BY l.appointment_id",
      {practice_id, FormatDate(since), FormatDate(before)});
  if (!paid) return tl::unexpected(paid.error());
  if (paid->empty()) return std::vector<Prior>();
  std::map<std::string, Prior> by_visit;
  for (const auto& r : *paid) {
    Prior p;
    p.paid = r.Int(1);
    p.week = ParseDate(r.Text(2)).value_or(Date{});
    p.held = r.Text(3) > r.Text(4);  // the latest line of the visit held it
    by_visit.emplace(r.Text(0), std::move(p));
  }
  auto rows = c.Query("SELECT " + std::string(kVisitColumns) + std::string(kVisitJoins) +
                          " WHERE a.practice_id = ? AND a.id IN (SELECT l.appointment_id FROM payout_lines l JOIN "
                          "payout_runs r ON r.id = l.run_id WHERE l.practice_id = ? AND r.status = 'closed' AND "
                          "r.week_start >= ? AND r.week_start < ?)",
                      {practice_id, practice_id, FormatDate(since), FormatDate(before)});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Prior> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) {
    auto it = by_visit.find(r.Text(0));
    if (it == by_visit.end()) continue;
    it->second.visit = VisitFrom(r, zone);
    out.push_back(std::move(it->second));
  }
  return out;
}

Result<std::optional<Run>> FindRun(db::Connection& c, const std::string& practice_id, const std::string& id) {
  auto rows =
      c.Query("SELECT " + kRuns.Select() + " FROM payout_runs WHERE practice_id = ? AND id = ?", {practice_id, id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Run>();
  return kRuns.Read(rows->front());
}

Result<std::optional<Run>> RunOfWeek(db::Connection& c, const std::string& practice_id, Date week) {
  auto rows = c.Query("SELECT " + kRuns.Select() + " FROM payout_runs WHERE practice_id = ? AND week_start = ?",
                      {practice_id, FormatDate(week)});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Run>();
  return kRuns.Read(rows->front());
}

Result<std::optional<Date>> LatestWeek(db::Connection& c, const std::string& practice_id) {
  auto rows = c.Query("SELECT MAX(week_start) FROM payout_runs WHERE practice_id = ?", {practice_id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty() || rows->front().IsNull(0)) return std::optional<Date>();
  return ParseDate(rows->front().Text(0));
}

Result<std::vector<Run>> Runs(db::Connection& c, const std::string& practice_id) {
  auto rows = c.Query("SELECT " + kRuns.Select("r.") +
                          ", (SELECT COUNT(DISTINCT l.clinician_id) FROM payout_lines l WHERE l.practice_id = "
                          "r.practice_id AND l.run_id = r.id), (SELECT COUNT(*) FROM payout_lines l WHERE "
                          "l.practice_id = r.practice_id AND l.run_id = r.id AND l.question IS NOT NULL AND l.answer "
                          "IS NULL) FROM payout_runs r WHERE r.practice_id = ? ORDER BY r.week_start DESC",
                      {practice_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Run> out;
  for (const auto& r : *rows) {
    Run run = kRuns.Read(r);
    run.clinicians = static_cast<int>(r.Int(kRuns.size()));
    run.questions_open = static_cast<int>(r.Int(kRuns.size() + 1));
    out.push_back(std::move(run));
  }
  return out;
}

Status InsertRun(db::Connection& c, const std::string& practice_id, const Run& run) {
  return db::Done(c.Exec(kRuns.Insert({"practice_id"}), kRuns.InsertValues(run, {practice_id})));
}

Status UpdateRun(db::Connection& c, const std::string& practice_id, const Run& run) {
  return db::Done(
      c.Exec("UPDATE payout_runs SET status = ?, total = ?, without_plan = ?, closed_at = ?, closed_by = ? "
             "WHERE practice_id = ? AND id = ?",
             {std::string(NameOf(run.status)), run.total, codec::ToColumn(run.without_plan),
              run.closed_at ? db::Value(run.closed_at) : db::Value(), db::OrNull(run.closed_by), practice_id, run.id}));
}

Status DeleteLines(db::Connection& c, const std::string& practice_id, const std::string& run_id) {
  return db::Done(c.Exec("DELETE FROM payout_lines WHERE practice_id = ? AND run_id = ?", {practice_id, run_id}));
}

Status InsertLines(db::Connection& c, const std::string& practice_id, const std::vector<Line>& lines) {
  if (lines.empty()) return {};
  static const std::string sql = kLines.Insert({"practice_id"});
  std::vector<std::vector<db::Value>> rows;
  rows.reserve(lines.size());
  for (const auto& l : lines) rows.push_back(kLines.InsertValues(l, {practice_id}));
  auto n = c.ExecMany(sql, rows);
  if (!n) return tl::unexpected(n.error());
  return {};
}

Result<std::vector<Line>> Lines(db::Connection& c, const std::string& practice_id, const std::string& run_id,
                                const std::string& clinician_id) {
  auto rows = clinician_id.empty()
                  ? c.Query("SELECT " + kLines.Select() +
                                " FROM payout_lines WHERE practice_id = ? AND run_id = ? ORDER BY clinician_id, "
                                "on_date, id",
                            {practice_id, run_id})
                  : c.Query("SELECT " + kLines.Select() +
                                " FROM payout_lines WHERE practice_id = ? AND run_id = ? AND clinician_id = ? "
                                "ORDER BY on_date, id",
                            {practice_id, run_id, clinician_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Line> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(kLines.Read(r));
  return out;
}

Result<std::vector<RunLine>> ClinicianLines(db::Connection& c, const std::string& practice_id,
                                            const std::string& clinician_id, std::optional<Date> week) {
  std::string sql = "SELECT " + kRuns.Select("r.") + ", " + kLines.Select("l.") +
                    " FROM payout_lines l JOIN payout_runs r ON r.id = l.run_id WHERE l.practice_id = ? AND "
                    "l.clinician_id = ?";
  std::vector<db::Value> params{practice_id, clinician_id};
  if (week) {
    sql += " AND r.week_start = ?";
    params.emplace_back(FormatDate(*week));
  }
  sql += " ORDER BY r.week_start DESC, l.on_date, l.id";
  auto rows = c.Query(sql, params);
  if (!rows) return tl::unexpected(rows.error());
  std::vector<RunLine> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back({kRuns.Read(r), kLines.Read(r, kRuns.size())});
  return out;
}

Result<std::optional<Line>> FindLine(db::Connection& c, const std::string& practice_id, const std::string& id) {
  auto rows =
      c.Query("SELECT " + kLines.Select() + " FROM payout_lines WHERE practice_id = ? AND id = ?", {practice_id, id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Line>();
  return kLines.Read(rows->front());
}

Status SetQuestion(db::Connection& c, const std::string& practice_id, const Line& l) {
  return db::Done(
      c.Exec("UPDATE payout_lines SET question = ?, asked_at = ?, asked_by = ?, answer = NULL, answered_at = NULL, "
             "answered_by = NULL WHERE practice_id = ? AND id = ?",
             {l.question, l.asked_at, l.asked_by, practice_id, l.id}));
}

Status SetAnswer(db::Connection& c, const std::string& practice_id, const Line& l) {
  return db::Done(
      c.Exec("UPDATE payout_lines SET answer = ?, answered_at = ?, answered_by = ? WHERE practice_id = ? AND id = ?",
             {l.answer, l.answered_at, l.answered_by, practice_id, l.id}));
}

}  // namespace duet::payouts::store
