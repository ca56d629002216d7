#include "access/store.hpp"

namespace duet::access::store {
namespace {

constexpr const char* kColumns =
    "id, client_id, requested_at, due_at, status, COALESCE(document_id, ''), COALESCE(delivered_at, 0)";

RecordRequest From(const db::Row& r) {
  return {r.Text(0), r.Text(1), {}, r.Int(2), r.Int(3), r.Text(4), r.Text(5), r.Int(6), false};
}

}  // namespace

Result<bool> InsertRequest(db::Connection& c, const std::string& practice_id, const RecordRequest& r,
                           const std::string& requested_by) {
  auto n = c.Exec(
      "INSERT INTO record_requests (id, practice_id, client_id, requested_by, requested_at, due_at, status) VALUES "
      "(?, ?, ?, ?, ?, ?, 'open') ON CONFLICT DO NOTHING",
      {r.id, practice_id, r.client_id, requested_by, r.requested_at, r.due_at});
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

Result<std::vector<RecordRequest>> ListRequests(db::Connection& c, const std::string& practice_id,
                                                const std::string& client_id) {
  auto rows = client_id.empty()
                  ? c.Query(std::string("SELECT ") + kColumns +
                                " FROM record_requests WHERE practice_id = ? AND status = 'open' ORDER BY due_at, id",
                            {practice_id})
                  : c.Query(std::string("SELECT ") + kColumns +
                                " FROM record_requests WHERE practice_id = ? AND client_id = ? ORDER BY requested_at "
                                "DESC, id DESC",
                            {practice_id, client_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<RecordRequest> out;
  for (const auto& r : *rows) out.push_back(From(r));
  return out;
}

Result<std::optional<RecordRequest>> FindRequest(db::Connection& c, const std::string& practice_id,
                                                 const std::string& id) {
  auto rows = c.Query(std::string("SELECT ") + kColumns + " FROM record_requests WHERE practice_id = ? AND id = ?",
                      {practice_id, id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<RecordRequest>{};
  return std::optional(From(rows->front()));
}

Result<bool> MarkDelivered(db::Connection& c, const std::string& practice_id, const std::string& id,
                           const std::string& document_id, const std::string& by, EpochSeconds at) {
  auto n = c.Exec(
      "UPDATE record_requests SET status = 'delivered', document_id = ?, delivered_at = ?, delivered_by = ? WHERE "
      "practice_id = ? AND id = ? AND status = 'open'",
      {document_id, at, by, practice_id, id});
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

}  // namespace duet::access::store
