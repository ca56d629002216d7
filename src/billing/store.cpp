#include "billing/store.hpp"

#include "billing/codecs.hpp"
#include "platform/db/columns.hpp"

namespace duet::billing::store {
namespace {
using db::Col;
constexpr db::ColumnRules kNullable{.null_when_empty = true};

const auto kPayers = db::Table<Payer>(
    "payers", Col("id", &Payer::id, {.editable = false}), Col("name", &Payer::name), Col("payer_id", &Payer::payer_id),
    Col("address_line", &Payer::address_line, kNullable), Col("city", &Payer::city, kNullable),
    Col("state", &Payer::state, kNullable), Col("postal_code", &Payer::postal_code, kNullable),
    Col("pos_style", &Payer::pos_style), Col("video_modifier", &Payer::video_modifier),
    Col("audio_modifier", &Payer::audio_modifier), Col("unit_method", &Payer::unit_method),
    Col("em_basis", &Payer::em_basis), Col("timely_filing_days", &Payer::timely_filing_days),
    Col("telehealth_windows", &Payer::telehealth_windows), Col("active", &Payer::active),
    Col("created_at", &Payer::created_at, {.editable = false}), Col("updated_at", &Payer::updated_at),
    db::Version(&Payer::version));

const std::string kSelect = "SELECT " + kPayers.Select() + " FROM payers ";

const auto kEnrollments = db::Table<Enrollment>(
    "payer_enrollments", Col("clinician_id", &Enrollment::clinician_id), Col("payer_ref", &Enrollment::payer_ref),
    Col("status", &Enrollment::status), Col("effective_from", &Enrollment::from),
    Col("effective_until", &Enrollment::until), Col("updated_at", &Enrollment::updated_at));
const std::string kEnrollmentSelect =
    "SELECT " + kEnrollments.Select("e.") + ", p.name FROM payer_enrollments e JOIN payers p ON p.id = e.payer_ref ";

const auto kCharges = db::Table<Charge>(
    "charges", Col("id", &Charge::id, {.editable = false}), Col("appointment_id", &Charge::appointment_id),
    Col("client_id", &Charge::client_id), Col("clinician_id", &Charge::clinician_id), Col("note_id", &Charge::note_id),
    Col("payer_ref", &Charge::payer_ref, kNullable), Col("payer_name", &Charge::payer_name, kNullable),
    Col("date_of_service", &Charge::date_of_service), Col("status", &Charge::status), Col("lines", &Charge::lines),
    Col("problems", &Charge::problems), Col("notes", &Charge::notes), Col("fee", &Charge::fee),
    Col("client_share", &Charge::client_share), Col("history", &Charge::history),
    Col("created_at", &Charge::created_at, {.editable = false}), Col("updated_at", &Charge::updated_at),
    db::Version(&Charge::version));
// With the client's name for lists (names are not clinical text: they are stored in the clear).
const std::string kChargeSelect = "SELECT " + kCharges.Select("h.") +
                                  ", k.given_name, k.family_name FROM charges h JOIN clients k ON k.id = h.client_id ";

Charge ChargeOf(const db::Row& r) {
  Charge out = kCharges.Read(r);
  out.client_name = r.Text(kCharges.size()) + " " + r.Text(kCharges.size() + 1);
  return out;
}

const auto kProvider = db::Table<BillingProvider>(
    "billing_settings", Col("provider_name", &BillingProvider::name, kNullable),
    Col("npi", &BillingProvider::npi, kNullable), Col("tax_id", &BillingProvider::tax_id, kNullable),
    Col("taxonomy", &BillingProvider::taxonomy, kNullable),
    Col("address_line", &BillingProvider::address_line, kNullable), Col("city", &BillingProvider::city, kNullable),
    Col("state", &BillingProvider::state, kNullable), Col("postal_code", &BillingProvider::postal_code, kNullable),
    Col("updated_at", &BillingProvider::updated_at, kNullable));

Enrollment EnrollmentOf(const db::Row& r) {
  Enrollment e = kEnrollments.Read(r);
  e.payer_name = r.Text(kEnrollments.size());
  return e;
}
}  // namespace

Result<std::vector<Payer>> ListPayers(db::Connection& c, const std::string& practice_id) {
  auto rows = c.Query(kSelect + "WHERE practice_id = ? ORDER BY active DESC, name", {practice_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Payer> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(kPayers.Read(r));
  return out;
}

Result<std::optional<Payer>> FindPayer(db::Connection& c, const std::string& practice_id, const std::string& id) {
  auto rows = c.Query(kSelect + "WHERE practice_id = ? AND id = ?", {practice_id, id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Payer>();
  return kPayers.Read(rows->front());
}

Status InsertPayer(db::Connection& c, const std::string& practice_id, const Payer& p) {
  return db::Done(c.Exec(kPayers.Insert({"practice_id"}), kPayers.InsertValues(p, {practice_id})));
}

Result<bool> UpdatePayer(db::Connection& c, const std::string& practice_id, const Payer& p) {
  auto n = c.Exec(kPayers.Update("practice_id = ? AND id = ? AND version = ?"),
                  kPayers.UpdateValues(p, {practice_id, p.id, p.version}));
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

Result<std::vector<Enrollment>> ListEnrollments(db::Connection& c, const std::string& practice_id,
                                                const std::string& clinician_id) {
  auto rows = c.Query(kEnrollmentSelect + "WHERE e.practice_id = ? AND e.clinician_id = ? ORDER BY p.name",
                      {practice_id, clinician_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Enrollment> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(EnrollmentOf(r));
  return out;
}

Result<std::optional<Enrollment>> FindEnrollment(db::Connection& c, const std::string& practice_id,
                                                 const std::string& clinician_id, const std::string& payer_ref) {
  auto rows = c.Query(kEnrollmentSelect + "WHERE e.practice_id = ? AND e.clinician_id = ? AND e.payer_ref = ?",
                      {practice_id, clinician_id, payer_ref});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Enrollment>();
  return EnrollmentOf(rows->front());
}

Status PutEnrollment(db::Connection& c, const std::string& practice_id, const Enrollment& e) {
  return db::Done(
      c.Exec(kEnrollments.Insert({"practice_id"}) +
                 " ON CONFLICT (practice_id, clinician_id, payer_ref) DO UPDATE SET status = excluded.status, "
                 "effective_from = excluded.effective_from, effective_until = excluded.effective_until, "
                 "updated_at = excluded.updated_at",
             kEnrollments.InsertValues(e, {practice_id})));
}

Result<bool> InsertCharge(db::Connection& c, const std::string& practice_id, const Charge& charge) {
  auto n = c.Exec(kCharges.Insert({"practice_id"}) + " ON CONFLICT (practice_id, appointment_id, client_id) DO NOTHING",
                  kCharges.InsertValues(charge, {practice_id}));
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

Result<std::vector<Charge>> ListCharges(db::Connection& c, const std::string& practice_id,
                                        std::optional<ChargeStatus> status, std::size_t limit) {
  std::string sql = kChargeSelect + "WHERE h.practice_id = ?";
  std::vector<db::Value> params = {practice_id};
  if (status) {
    sql += " AND h.status = ?";
    params.emplace_back(std::string(NameOf(*status)));
  }
  sql += " ORDER BY h.date_of_service DESC, h.id DESC LIMIT " + std::to_string(limit);
  auto rows = c.Query(sql, params);
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Charge> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(ChargeOf(r));
  return out;
}

Result<std::optional<Charge>> FindCharge(db::Connection& c, const std::string& practice_id, const std::string& id) {
  auto rows = c.Query(kChargeSelect + "WHERE h.practice_id = ? AND h.id = ?", {practice_id, id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Charge>();
  return ChargeOf(rows->front());
}

Result<bool> UpdateCharge(db::Connection& c, const std::string& practice_id, const Charge& charge) {
  auto n = c.Exec(kCharges.Update("practice_id = ? AND id = ? AND version = ?"),
                  kCharges.UpdateValues(charge, {practice_id, charge.id, charge.version}));
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

Result<std::vector<Charge>> ChargesForVisit(db::Connection& c, const std::string& practice_id,
                                            const std::string& appointment_id) {
  auto rows = c.Query(kChargeSelect + "WHERE h.practice_id = ? AND h.appointment_id = ? ORDER BY h.id",
                      {practice_id, appointment_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Charge> out;
  for (const auto& r : *rows) out.push_back(ChargeOf(r));
  return out;
}

Result<BillingProvider> GetProvider(db::Connection& c, const std::string& practice_id) {
  auto rows = c.Query("SELECT " + kProvider.Select() + " FROM billing_settings WHERE practice_id = ?", {practice_id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return BillingProvider{};
  return kProvider.Read(rows->front());
}

Status PutProvider(db::Connection& c, const std::string& practice_id, const BillingProvider& p) {
  // The row exists once the practice's default payers were added (always, for a practice in use).
  auto n = c.Exec(kProvider.Update("practice_id = ?"), kProvider.UpdateValues(p, {practice_id}));
  if (!n) return tl::unexpected(n.error());
  if (*n == 0) return Fail(ErrorCode::kNotFound, "This practice has no billing settings yet.");
  return {};
}

Result<bool> MarkDefaultsAdded(db::Connection& c, const std::string& practice_id, EpochSeconds now) {
  auto n = c.Exec(
      "INSERT INTO billing_settings (practice_id, default_payers_added_at) VALUES (?, ?) "
      "ON CONFLICT (practice_id) DO NOTHING",
      {practice_id, now});
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

Result<std::vector<std::string>> PracticesWithoutDefaults(db::Connection& c) {
  auto rows =
      c.Query("SELECT id FROM practices WHERE id NOT IN (SELECT practice_id FROM billing_settings) ORDER BY id", {});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<std::string> out;
  for (const auto& r : *rows) out.push_back(r.Text(0));
  return out;
}

}  // namespace duet::billing::store
