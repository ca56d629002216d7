#include "ledger/store.hpp"

#include "ledger/codecs.hpp"
#include "platform/db/columns.hpp"

namespace duet::ledger::store {
namespace {
using db::Col;
constexpr db::ColumnRules kNullable{.null_when_empty = true};

const auto kEntries = db::Table<Entry>("ledger_entries", Col("id", &Entry::id), Col("client_id", &Entry::client_id),
                                       Col("charge_id", &Entry::charge_id, kNullable), Col("party", &Entry::party),
                                       Col("payer_ref", &Entry::payer_ref, kNullable), Col("kind", &Entry::kind),
                                       Col("amount", &Entry::amount), Col("payment_id", &Entry::payment_id, kNullable),
                                       Col("reverses", &Entry::reverses, kNullable),
                                       Col("reason", &Entry::reason, kNullable), Col("entry_date", &Entry::on),
                                       Col("created_at", &Entry::created_at), Col("by_name", &Entry::by_name));

const auto kPayments = db::Table<Payment>(
    "payments", Col("id", &Payment::id), Col("client_id", &Payment::client_id), Col("amount", &Payment::amount),
    Col("method", &Payment::method), Col("reference", &Payment::reference, kNullable),
    Col("received_on", &Payment::received_on), Col("refunded", &Payment::refunded),
    Col("created_at", &Payment::created_at), Col("by_name", &Payment::by_name));
}  // namespace

Status LockClient(db::Connection& c, const std::string& practice_id, const std::string& client_id) {
  return db::Done(
      c.Exec("INSERT INTO ledger_heads (practice_id, client_id, changes) VALUES (?, ?, 1) "
             "ON CONFLICT (practice_id, client_id) DO UPDATE SET changes = ledger_heads.changes + 1",
             {practice_id, client_id}));
}

Result<std::vector<Entry>> ClientEntries(db::Connection& c, const std::string& practice_id,
                                         const std::string& client_id) {
  auto rows = c.Query("SELECT " + kEntries.Select() +
                          " FROM ledger_entries WHERE practice_id = ? AND client_id = ? ORDER BY created_at, id",
                      {practice_id, client_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Entry> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(kEntries.Read(r));
  return out;
}

Status InsertEntries(db::Connection& c, const std::string& practice_id, const std::vector<Entry>& entries) {
  if (entries.empty()) return {};
  static const std::string sql = kEntries.Insert({"practice_id"});
  std::vector<std::vector<db::Value>> rows;
  rows.reserve(entries.size());
  for (const auto& e : entries) rows.push_back(kEntries.InsertValues(e, {practice_id}));
  auto n = c.ExecMany(sql, rows);
  if (!n) return tl::unexpected(n.error());
  return {};
}

Result<std::vector<ClientCharge>> PracticeBalances(db::Connection& c, const std::string& practice_id) {
  auto rows = c.Query(
      "SELECT e.client_id, k.given_name, k.family_name, COALESCE(e.charge_id, ''), "
      "MIN(CASE WHEN e.kind = 'charge' THEN e.entry_date END), "
      "SUM(CASE WHEN e.party = 'client' THEN e.amount ELSE 0 END), "
      "SUM(CASE WHEN e.party = 'payer' THEN e.amount ELSE 0 END) "
      "FROM ledger_entries e JOIN clients k ON k.id = e.client_id WHERE e.practice_id = ? "
      "GROUP BY e.client_id, k.given_name, k.family_name, e.charge_id",
      {practice_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<ClientCharge> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) {
    ClientCharge x;
    x.client_id = r.Text(0);
    x.client_name = r.Text(1) + " " + r.Text(2);
    x.balance.charge_id = r.Text(3);
    if (auto on = r.OptText(4)) x.balance.on = ParseDate(*on).value_or(Date{});
    x.balance.client = r.Int(5);
    x.balance.payer = r.Int(6);
    out.push_back(std::move(x));
  }
  return out;
}

Status InsertPayment(db::Connection& c, const std::string& practice_id, const Payment& p) {
  return db::Done(c.Exec(kPayments.Insert({"practice_id", "version"}), kPayments.InsertValues(p, {practice_id, 1})));
}

Result<std::optional<Payment>> FindPayment(db::Connection& c, const std::string& practice_id, const std::string& id) {
  auto rows =
      c.Query("SELECT " + kPayments.Select() + " FROM payments WHERE practice_id = ? AND id = ?", {practice_id, id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Payment>();
  return kPayments.Read(rows->front());
}

Status SetRefunded(db::Connection& c, const std::string& practice_id, const std::string& id, std::int64_t refunded) {
  return db::Done(c.Exec("UPDATE payments SET refunded = ?, version = version + 1 WHERE practice_id = ? AND id = ?",
                         {refunded, practice_id, id}));
}

Result<std::vector<Payment>> ClientPayments(db::Connection& c, const std::string& practice_id,
                                            const std::string& client_id) {
  auto rows = c.Query("SELECT " + kPayments.Select() +
                          " FROM payments WHERE practice_id = ? AND client_id = ? ORDER BY received_on DESC, "
                          "created_at DESC",
                      {practice_id, client_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Payment> out;
  for (const auto& r : *rows) out.push_back(kPayments.Read(r));
  return out;
}

}  // namespace duet::ledger::store
