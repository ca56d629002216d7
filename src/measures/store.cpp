#include "measures/store.hpp"

#include "platform/dates.hpp"

namespace duet::measures::store {

Status InsertRequest(db::Connection& c, const std::string& practice_id, const Request& r, const std::string& token_hash,
                     const std::string& requested_by) {
  return db::Done(
      c.Exec("INSERT INTO measure_requests (id, practice_id, client_id, instrument, token_hash, requested_by, "
             "created_at, expires_at) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
             {r.id, practice_id, r.client_id, r.instrument, token_hash, db::OrNull(requested_by), r.created_at,
              r.expires_at}));
}

Result<std::optional<StoredRequest>> FindRequestByToken(db::Connection& c, const std::string& token_hash) {
  auto rows = c.Query(
      "SELECT id, client_id, instrument, created_at, expires_at, completed_at, practice_id FROM measure_requests "
      "WHERE token_hash = ?",
      {token_hash});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<StoredRequest>();
  const auto& r = rows->front();
  StoredRequest out;
  out.request = Request{r.Text(0), r.Text(1), r.Text(2), r.Int(3), r.Int(4), r.OptInt(5), ""};
  out.practice_id = r.Text(6);
  return out;
}

Result<bool> CompleteRequest(db::Connection& c, const std::string& practice_id, const std::string& id,
                             const std::string& response_id, EpochSeconds now) {
  auto n = c.Exec(
      "UPDATE measure_requests SET completed_at = ?, response_id = ? WHERE practice_id = ? AND id = ? AND completed_at "
      "IS NULL",
      {now, response_id, practice_id, id});
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

Status InsertResponse(db::Connection& c, const std::string& practice_id, const Response& r,
                      const std::string& answers_sealed) {
  return db::Done(
      c.Exec("INSERT INTO measure_responses (id, practice_id, client_id, instrument, answers_sealed, total, band, "
             "safety_flag, "
             "entered_by, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
             {r.id, practice_id, r.client_id, r.instrument, answers_sealed, std::int64_t{r.score.total}, r.score.band,
              static_cast<std::int64_t>(r.score.safety_flag), db::OrNull(r.entered_by), r.completed_at}));
}

Result<std::vector<std::pair<Response, std::string>>> ListResponses(db::Connection& c, const std::string& practice_id,
                                                                    const std::string& client_id) {
  auto rows = c.Query(
      "SELECT id, client_id, instrument, total, band, safety_flag, entered_by, completed_at, answers_sealed "
      "FROM measure_responses WHERE practice_id = ? AND client_id = ? ORDER BY completed_at, id",
      {practice_id, client_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<std::pair<Response, std::string>> out;
  for (const auto& r : *rows) {
    Response x;
    x.id = r.Text(0);
    x.client_id = r.Text(1);
    x.instrument = r.Text(2);
    x.score = Score{static_cast<int>(r.Int(3)), r.Text(4), r.Int(5) != 0};
    x.entered_by = r.Text(6);
    x.completed_at = r.Int(7);
    out.emplace_back(std::move(x), r.Text(8));
  }
  return out;
}

Status InsertAlert(db::Connection& c, const std::string& practice_id, const Alert& a) {
  return db::Done(
      c.Exec("INSERT INTO alerts (id, practice_id, client_id, kind, resource_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
             {a.id, practice_id, a.client_id, a.kind, a.response_id, a.created_at}));
}

namespace {
Alert AlertOf(const db::Row& r) {
  Alert a;
  a.id = r.Text(0);
  a.client_id = r.Text(1);
  a.kind = r.Text(2);
  a.response_id = r.Text(3);
  a.created_at = r.Int(4);
  a.acknowledged_by = r.Text(5);
  a.acknowledged_at = r.OptInt(6);
  return a;
}
constexpr const char* kAlertColumns =
    "SELECT id, client_id, kind, resource_id, created_at, acknowledged_by, acknowledged_at FROM alerts ";
}  // namespace

Result<std::vector<Alert>> OpenAlerts(db::Connection& c, const std::string& practice_id) {
  auto rows =
      c.Query(std::string(kAlertColumns) + "WHERE practice_id = ? AND acknowledged_at IS NULL ORDER BY created_at DESC",
              {practice_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Alert> out;
  for (const auto& r : *rows) out.push_back(AlertOf(r));
  return out;
}

Result<std::optional<Alert>> FindAlert(db::Connection& c, const std::string& practice_id, const std::string& id) {
  auto rows = c.Query(std::string(kAlertColumns) + "WHERE practice_id = ? AND id = ?", {practice_id, id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Alert>();
  return AlertOf(rows->front());
}

Result<bool> Acknowledge(db::Connection& c, const std::string& practice_id, const std::string& id,
                         const std::string& user_id, EpochSeconds now) {
  auto n = c.Exec(
      "UPDATE alerts SET acknowledged_by = ?, acknowledged_at = ? WHERE practice_id = ? AND id = ? AND acknowledged_at "
      "IS NULL",
      {user_id, now, practice_id, id});
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

Status InsertObservation(db::Connection& c, const std::string& practice_id, const Observation& o,
                         const std::string& comment_sealed) {
  return db::Done(c.Exec(
      "INSERT INTO observations (id, practice_id, client_id, code, side, value, grade, observed_on, objective_id, "
      "comment_sealed, entered_by, entered_by_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {o.id, practice_id, o.client_id, o.code, db::OrNull(o.side), o.value, db::OrNull(o.grade),
       FormatDate(o.observed_on), db::OrNull(o.objective_id), db::OrNull(comment_sealed), o.entered_by,
       o.entered_by_name, o.created_at}));
}

Result<std::vector<std::pair<Observation, std::string>>> ListObservations(db::Connection& c,
                                                                          const std::string& practice_id,
                                                                          const std::string& client_id) {
  auto rows = c.Query(
      "SELECT id, client_id, code, side, value, grade, observed_on, objective_id, entered_by, "
      "entered_by_name, created_at, voided_at, void_reason, comment_sealed FROM observations "
      "WHERE practice_id = ? AND client_id = ? ORDER BY observed_on, created_at, id",
      {practice_id, client_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<std::pair<Observation, std::string>> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) {
    Observation o;
    o.id = r.Text(0);
    o.client_id = r.Text(1);
    o.code = r.Text(2);
    o.side = r.Text(3);
    o.value = r.Real(4);
    o.grade = r.Text(5);
    o.observed_on = ParseDate(r.Text(6)).value_or(Date{});
    o.objective_id = r.Text(7);
    o.entered_by = r.Text(8);
    o.entered_by_name = r.Text(9);
    o.created_at = r.Int(10);
    o.voided_at = r.OptInt(11);
    o.void_reason = r.Text(12);
    out.emplace_back(std::move(o), r.Text(13));
  }
  return out;
}

Result<bool> VoidObservation(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                             const std::string& id, const std::string& user_id, const std::string& reason,
                             EpochSeconds now) {
  auto n = c.Exec(
      "UPDATE observations SET voided_at = ?, voided_by = ?, void_reason = ? "
      "WHERE practice_id = ? AND client_id = ? AND id = ? AND voided_at IS NULL",
      {now, user_id, reason, practice_id, client_id, id});
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

}  // namespace duet::measures::store
