#include "measures/store.hpp"

#include "platform/db/columns.hpp"

namespace duet::measures::store {

namespace {
using db::Col;
constexpr db::ColumnRules kNullable{.null_when_empty = true};

// The token's hash and the practice are written beside these; the practice is read back with a request
// found by its token (the link carries no practice).
const auto kRequests =
    db::Table<Request>("measure_requests", Col("id", &Request::id), Col("client_id", &Request::client_id),
                       Col("instrument", &Request::instrument), Col("created_at", &Request::created_at),
                       Col("expires_at", &Request::expires_at), Col("completed_at", &Request::completed_at));

// The answers are sealed by the service and stored beside the score.
const auto kResponses = db::Table<Response>(
    "measure_responses", Col("id", &Response::id), Col("client_id", &Response::client_id),
    Col("instrument", &Response::instrument), Col("total", &Response::score, &Score::total),
    Col("band", &Response::score, &Score::band), Col("safety_flag", &Response::score, &Score::safety_flag),
    Col("entered_by", &Response::entered_by, kNullable), Col("completed_at", &Response::completed_at));

const auto kAlerts = db::Table<Alert>(
    "alerts", Col("id", &Alert::id), Col("client_id", &Alert::client_id), Col("kind", &Alert::kind),
    Col("resource_id", &Alert::response_id), Col("created_at", &Alert::created_at),
    Col("acknowledged_by", &Alert::acknowledged_by, kNullable), Col("acknowledged_at", &Alert::acknowledged_at));

// The comment is sealed by the service and stored beside these.
const auto kObservations = db::Table<Observation>(
    "observations", Col("id", &Observation::id), Col("client_id", &Observation::client_id),
    Col("code", &Observation::code), Col("side", &Observation::side, kNullable), Col("value", &Observation::value),
    Col("grade", &Observation::grade, kNullable), Col("observed_on", &Observation::observed_on),
    Col("objective_id", &Observation::objective_id, kNullable), Col("entered_by", &Observation::entered_by),
    Col("entered_by_name", &Observation::entered_by_name), Col("created_at", &Observation::created_at),
    Col("voided_at", &Observation::voided_at), Col("void_reason", &Observation::void_reason, kNullable));
}  // namespace

Status InsertRequest(db::Connection& c, const std::string& practice_id, const Request& r, const std::string& token_hash,
                     const std::string& requested_by) {
  return db::Done(c.Exec(kRequests.Insert({"practice_id", "token_hash", "requested_by"}),
                         kRequests.InsertValues(r, {practice_id, token_hash, db::OrNull(requested_by)})));
}

Result<std::optional<StoredRequest>> FindRequestByToken(db::Connection& c, const std::string& token_hash) {
  auto rows = c.Query("SELECT " + kRequests.Select() + ", practice_id FROM measure_requests WHERE token_hash = ?",
                      {token_hash});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<StoredRequest>();
  const auto& r = rows->front();
  StoredRequest out;
  out.request = kRequests.Read(r);
  out.practice_id = r.Text(kRequests.size());
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
  return db::Done(c.Exec(kResponses.Insert({"practice_id", "answers_sealed"}),
                         kResponses.InsertValues(r, {practice_id, answers_sealed})));
}

Result<std::vector<std::pair<Response, std::string>>> ListResponses(db::Connection& c, const std::string& practice_id,
                                                                    const std::string& client_id) {
  auto rows = c.Query("SELECT " + kResponses.Select() +
                          ", answers_sealed FROM measure_responses WHERE practice_id = ? AND client_id = ? "
                          "ORDER BY completed_at, id",
                      {practice_id, client_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<std::pair<Response, std::string>> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.emplace_back(kResponses.Read(r), r.Text(kResponses.size()));
  return out;
}

Status InsertAlert(db::Connection& c, const std::string& practice_id, const Alert& a) {
  return db::Done(c.Exec(kAlerts.Insert({"practice_id"}), kAlerts.InsertValues(a, {practice_id})));
}

Result<std::vector<Alert>> OpenAlerts(db::Connection& c, const std::string& practice_id) {
  auto rows = c.Query("SELECT " + kAlerts.Select() +
                          " FROM alerts WHERE practice_id = ? AND acknowledged_at IS NULL ORDER BY created_at DESC",
                      {practice_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Alert> out;
  for (const auto& r : *rows) out.push_back(kAlerts.Read(r));
  return out;
}

Result<std::optional<Alert>> FindAlert(db::Connection& c, const std::string& practice_id, const std::string& id) {
  auto rows =
      c.Query("SELECT " + kAlerts.Select() + " FROM alerts WHERE practice_id = ? AND id = ?", {practice_id, id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Alert>();
  return kAlerts.Read(rows->front());
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
  return db::Done(c.Exec(kObservations.Insert({"practice_id", "comment_sealed"}),
                         kObservations.InsertValues(o, {practice_id, db::OrNull(comment_sealed)})));
}

Result<std::vector<std::pair<Observation, std::string>>> ListObservations(db::Connection& c,
                                                                          const std::string& practice_id,
                                                                          const std::string& client_id) {
  auto rows = c.Query("SELECT " + kObservations.Select() +
                          ", comment_sealed FROM observations WHERE practice_id = ? AND client_id = ? "
                          "ORDER BY observed_on, created_at, id",
                      {practice_id, client_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<std::pair<Observation, std::string>> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.emplace_back(kObservations.Read(r), r.Text(kObservations.size()));
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

Result<std::vector<Request>> OpenRequests(db::Connection& c, const std::string& practice_id,
                                          const std::string& client_id, EpochSeconds now) {
  auto rows = c.Query(
      "SELECT id, instrument, created_at, expires_at FROM measure_requests WHERE practice_id = ? AND client_id = ? AND "
      "completed_at IS NULL AND created_at <= ? AND expires_at > ? ORDER BY created_at",
      {practice_id, client_id, now, now});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Request> out;
  for (const auto& r : *rows) out.push_back({r.Text(0), client_id, r.Text(1), r.Int(2), r.Int(3), std::nullopt, {}});
  return out;
}

Result<bool> ReplaceToken(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                          const std::string& id, const std::string& token_hash, EpochSeconds now) {
  auto n = c.Exec(
      "UPDATE measure_requests SET token_hash = ? WHERE practice_id = ? AND client_id = ? AND id = ? AND completed_at "
      "IS NULL AND created_at <= ? AND expires_at > ?",
      {token_hash, practice_id, client_id, id, now, now});
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

}  // namespace duet::measures::store
