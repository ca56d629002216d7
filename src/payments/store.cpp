#include "payments/store.hpp"

#include <cstdio>

#include "platform/db/columns.hpp"

namespace duet::payments::store {
namespace {
using db::Col;

const auto kInvoices = db::Table<Invoice>(
    "invoices", Col("id", &Invoice::id), Col("client_id", &Invoice::client_id), Col("number", &Invoice::number),
    Col("issued_on", &Invoice::issued_on), Col("due_on", &Invoice::due_on), Col("period_from", &Invoice::period_from),
    Col("period_to", &Invoice::period_to), Col("charged", &Invoice::charged), Col("paid", &Invoice::paid),
    Col("owed", &Invoice::owed), Col("sent_at", &Invoice::sent_at, {.null_when_empty = true}),
    Col("created_at", &Invoice::created_at), Col("created_by", &Invoice::created_by));
const std::string kInvoiceSelect = kInvoices.Select() + ", lines";

InvoiceRow InvoiceFrom(const db::Row& r) { return {kInvoices.Read(r), r.Text(kInvoices.size())}; }

const auto kCheckouts = db::Table<Checkout>(
    "checkouts", Col("id", &Checkout::id), Col("client_id", &Checkout::client_id), Col("amount", &Checkout::amount),
    Col("url", &Checkout::url), Col("created_at", &Checkout::created_at), Col("created_by", &Checkout::created_by),
    Col("payment_id", &Checkout::payment_id, {.null_when_empty = true}), Col("purpose", &Checkout::purpose));

}  // namespace

Result<Settings> GetSettings(db::Connection& c, const std::string& practice_id) {
  auto rows = c.Query(
      "SELECT processor, secret_key, webhook_secret, key_hint, new_client_deposit, updated_at FROM payment_settings "
      "WHERE practice_id = ?",
      {practice_id});
  if (!rows) return tl::unexpected(rows.error());
  Settings s;
  if (rows->empty()) return s;
  const auto& r = rows->front();
  s.processor = r.Text(0);
  s.secret_key = r.Text(1);
  s.webhook_secret = r.Text(2);
  s.key_hint = r.Text(3);
  s.new_client_deposit = r.Int(4);
  s.updated_at = r.Int(5);
  return s;
}

Status PutSettings(db::Connection& c, const std::string& practice_id, const Settings& s) {
  return db::Done(c.Exec(
      "INSERT INTO payment_settings (practice_id, processor, secret_key, webhook_secret, key_hint, "
      "new_client_deposit, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (practice_id) DO UPDATE SET "
      "processor = excluded.processor, secret_key = excluded.secret_key, webhook_secret = excluded.webhook_secret, "
      "key_hint = excluded.key_hint, new_client_deposit = excluded.new_client_deposit, updated_at = "
      "excluded.updated_at",
      {practice_id, s.processor, s.secret_key, s.webhook_secret, s.key_hint, s.new_client_deposit, s.updated_at}));
}

Result<std::string> NextInvoiceNumber(db::Connection& c, const std::string& practice_id, EpochSeconds now) {
  auto made = c.Exec(
      "INSERT INTO payment_settings (practice_id, processor, secret_key, webhook_secret, key_hint, "
      "last_invoice_number, updated_at) VALUES (?, '', '', '', '', 1, ?) ON CONFLICT (practice_id) DO UPDATE SET "
      "last_invoice_number = payment_settings.last_invoice_number + 1",
      {practice_id, now});
  if (!made) return tl::unexpected(made.error());
  auto row = c.QueryOne("SELECT last_invoice_number FROM payment_settings WHERE practice_id = ?", {practice_id});
  if (!row) return tl::unexpected(row.error());
  char buf[32];
  std::snprintf(buf, sizeof buf, "INV-%06lld", static_cast<long long>(row->Int(0)));
  return std::string(buf);
}

Status InsertCheckout(db::Connection& c, const std::string& practice_id, const Checkout& k) {
  return db::Done(c.Exec(kCheckouts.Insert({"practice_id"}), kCheckouts.InsertValues(k, {practice_id})));
}

Result<std::optional<Checkout>> FindCheckout(db::Connection& c, const std::string& practice_id, const std::string& id) {
  auto rows =
      c.Query("SELECT " + kCheckouts.Select() + " FROM checkouts WHERE practice_id = ? AND id = ?", {practice_id, id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Checkout>();
  return kCheckouts.Read(rows->front());
}

Status SetCheckoutPaid(db::Connection& c, const std::string& practice_id, const std::string& id,
                       const std::string& payment_id) {
  return db::Done(
      c.Exec("UPDATE checkouts SET payment_id = ? WHERE practice_id = ? AND id = ?", {payment_id, practice_id, id}));
}

Result<std::string> PracticeName(db::Connection& c, const std::string& practice_id) {
  auto row = c.QueryOne("SELECT name FROM practices WHERE id = ?", {practice_id});
  if (!row) return tl::unexpected(row.error());
  return row->Text(0);
}

Result<std::optional<CardOnFile>> FindCard(db::Connection& c, const std::string& practice_id,
                                           const std::string& client_id) {
  auto rows = c.Query(
      "SELECT customer, payment_method, consent_text, consented_at, consented_by FROM saved_cards WHERE "
      "practice_id = ? AND client_id = ?",
      {practice_id, client_id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<CardOnFile>();
  const auto& r = rows->front();
  CardOnFile k;
  k.client_id = client_id;
  k.on_file = true;
  k.customer = r.Text(0);
  k.payment_method = r.Text(1);
  k.consent_text = r.Text(2);
  k.consented_at = r.Int(3);
  k.consented_by = r.Text(4);
  return k;
}

Status PutCard(db::Connection& c, const std::string& practice_id, const CardOnFile& k) {
  return db::Done(
      c.Exec("INSERT INTO saved_cards (practice_id, client_id, customer, payment_method, consent_text, consented_at, "
             "consented_by) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (practice_id, client_id) DO UPDATE SET customer = "
             "excluded.customer, payment_method = excluded.payment_method, consent_text = excluded.consent_text, "
             "consented_at = excluded.consented_at, consented_by = excluded.consented_by",
             {practice_id, k.client_id, k.customer, k.payment_method, k.consent_text, k.consented_at, k.consented_by}));
}

Status DeleteCard(db::Connection& c, const std::string& practice_id, const std::string& client_id) {
  return db::Done(c.Exec("DELETE FROM saved_cards WHERE practice_id = ? AND client_id = ?", {practice_id, client_id}));
}

Result<std::string> VisitCharge(db::Connection& c, const std::string& practice_id, const std::string& appointment_id,
                                const std::string& client_id) {
  auto rows = c.Query(
      "SELECT id FROM charges WHERE practice_id = ? AND appointment_id = ? AND client_id = ? AND status <> 'void'",
      {practice_id, appointment_id, client_id});
  if (!rows) return tl::unexpected(rows.error());
  return rows->empty() ? std::string() : rows->front().Text(0);
}

Result<bool> FirstTimeEvent(db::Connection& c, const std::string& practice_id, const std::string& event_id,
                            const std::string& kind, EpochSeconds now) {
  auto n = c.Exec(
      "INSERT INTO processor_events (practice_id, event_id, kind, received_at) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (practice_id, event_id) DO NOTHING",
      {practice_id, event_id, kind, now});
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

Status InsertInvoice(db::Connection& c, const std::string& practice_id, const InvoiceRow& row) {
  static const std::string sql = kInvoices.Insert({"practice_id", "lines"});
  return db::Done(c.Exec(sql, kInvoices.InsertValues(row.head, {practice_id, row.lines})));
}

Result<std::vector<InvoiceRow>> ClientInvoices(db::Connection& c, const std::string& practice_id,
                                               const std::string& client_id) {
  auto rows = c.Query("SELECT " + kInvoiceSelect +
                          " FROM invoices WHERE practice_id = ? AND client_id = ? ORDER BY issued_on DESC, number DESC",
                      {practice_id, client_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<InvoiceRow> out;
  for (const auto& r : *rows) out.push_back(InvoiceFrom(r));
  return out;
}

Result<std::optional<InvoiceRow>> FindInvoice(db::Connection& c, const std::string& practice_id,
                                              const std::string& id) {
  auto rows =
      c.Query("SELECT " + kInvoiceSelect + " FROM invoices WHERE practice_id = ? AND id = ?", {practice_id, id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<InvoiceRow>();
  return InvoiceFrom(rows->front());
}

Status MarkInvoiceSent(db::Connection& c, const std::string& practice_id, const std::string& id, EpochSeconds at) {
  return db::Done(c.Exec("UPDATE invoices SET sent_at = ? WHERE practice_id = ? AND id = ?", {at, practice_id, id}));
}

}  // namespace duet::payments::store
