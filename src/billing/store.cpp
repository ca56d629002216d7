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
    Col("telehealth_windows", &Payer::telehealth_windows), Col("filing_indicator", &Payer::filing_indicator),
    Col("therapy_threshold", &Payer::therapy_threshold), Col("fee_schedule", &Payer::fee_schedule),
    Col("active", &Payer::active), Col("created_at", &Payer::created_at, {.editable = false}),
    Col("updated_at", &Payer::updated_at), db::Version(&Payer::version));

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
    Col("problems", &Charge::problems), Col("notes", &Charge::notes, {.json_list = true}), Col("fee", &Charge::fee),
    Col("client_share", &Charge::client_share), Col("history", &Charge::history),
    Col("diagnoses", &Charge::diagnoses_sealed), Col("payer_paid", &Charge::payer_paid),
    Col("created_at", &Charge::created_at, {.editable = false}), Col("updated_at", &Charge::updated_at),
    db::Version(&Charge::version));
// With the client's name for lists (names are not clinical text: they are stored in the clear).
const std::string kChargeSelect = "SELECT " + kCharges.Select("h.") +
                                  ", k.given_name, k.family_name FROM charges h JOIN clients k ON k.id = h.client_id ";

template <class R>  // a db::Row or db::Cells
Charge ChargeOf(const R& r) {
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
    Col("phone", &BillingProvider::phone, kNullable), Col("submitter_id", &BillingProvider::submitter_id, kNullable),
    Col("receiver_id", &BillingProvider::receiver_id, kNullable),
    Col("receiver_name", &BillingProvider::receiver_name, kNullable), Col("test_files", &BillingProvider::test_files),
    Col("updated_at", &BillingProvider::updated_at, kNullable));

const auto kClaims = db::Table<Claim>(
    "claims", Col("id", &Claim::id, {.editable = false}), Col("number", &Claim::number, {.editable = false}),
    Col("batch_id", &Claim::batch_id, kNullable), Col("charge_id", &Claim::charge_id, {.editable = false}),
    Col("appointment_id", &Claim::appointment_id, {.editable = false}),
    Col("client_id", &Claim::client_id, {.editable = false}),
    Col("clinician_id", &Claim::clinician_id, {.editable = false}),
    Col("payer_ref", &Claim::payer_ref, {.editable = false}), Col("payer_name", &Claim::payer_name),
    Col("status", &Claim::status), Col("frequency", &Claim::frequency, {.editable = false}),
    Col("original_claim_id", &Claim::original_claim_id, {.null_when_empty = true, .editable = false}),
    Col("payer_claim_number", &Claim::payer_claim_number, kNullable),
    Col("date_of_service", &Claim::date_of_service, {.editable = false}), Col("total", &Claim::total),
    Col("paid", &Claim::paid), Col("patient_responsibility", &Claim::patient_responsibility),
    Col("lines", &Claim::lines), Col("adjustments", &Claim::adjustments),
    Col("denial_reasons", &Claim::denial_reasons, {.json_list = true}), Col("history", &Claim::history),
    Col("detail", &Claim::detail_sealed), Col("created_at", &Claim::created_at, {.editable = false}),
    Col("updated_at", &Claim::updated_at), db::Version(&Claim::version));
const std::string kClaimSelect = "SELECT " + kClaims.Select("m.") +
                                 ", k.given_name, k.family_name FROM claims m JOIN clients k ON k.id = m.client_id ";

template <class R>  // a db::Row or db::Cells
Claim ClaimOf(const R& r) {
  Claim out = kClaims.Read(r);
  out.client_name = r.Text(kClaims.size()) + " " + r.Text(kClaims.size() + 1);
  return out;
}

const auto kBatches =
    db::Table<ClaimBatch>("claim_batches", Col("id", &ClaimBatch::id),
                          Col("control_number", &ClaimBatch::control_number), Col("claim_ids", &ClaimBatch::claim_ids),
                          Col("total", &ClaimBatch::total), Col("created_by_name", &ClaimBatch::created_by_name),
                          Col("created_at", &ClaimBatch::created_at), Col("sent_at", &ClaimBatch::sent_at));

const auto kRemittances = db::Table<RemittanceResult>(
    "remittances", Col("id", &RemittanceResult::id), Col("payer_name", &RemittanceResult::payer_name),
    Col("trace_number", &RemittanceResult::trace_number), Col("paid_on", &RemittanceResult::paid_on),
    Col("total_paid", &RemittanceResult::total_paid),
    Col("provider_adjustments", &RemittanceResult::provider_adjustments), Col("posted", &RemittanceResult::posted),
    Col("unmatched", &RemittanceResult::unmatched), Col("claims", &RemittanceResult::claims),
    Col("created_at", &RemittanceResult::created_at));

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
  auto n = c.Exec(kCharges.Insert({"practice_id"}) +
                      " ON CONFLICT (practice_id, appointment_id, client_id, clinician_id) DO NOTHING",
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

Result<std::vector<Charge>> ClientCharges(db::Connection& c, const std::string& practice_id,
                                          const std::string& client_id, const std::string& payer_ref, Date from) {
  auto rows = c.Query(
      kChargeSelect + "WHERE h.practice_id = ? AND h.client_id = ? AND h.payer_ref = ? AND h.date_of_service >= ?",
      {practice_id, client_id, payer_ref, FormatDate(from)});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Charge> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(ChargeOf(r));
  return out;
}

Result<std::vector<Charge>> ChargesBetween(db::Connection& c, const std::string& practice_id, Date from, Date to,
                                           const std::string& client_id) {
  std::string sql = kChargeSelect + "WHERE h.practice_id = ? AND h.date_of_service >= ? AND h.date_of_service <= ?";
  std::vector<db::Value> params = {practice_id, FormatDate(from), FormatDate(to)};
  if (!client_id.empty()) {
    sql += " AND h.client_id = ?";
    params.emplace_back(client_id);
  }
  auto rows = c.Query(sql, params);
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Charge> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(ChargeOf(r));
  return out;
}

Result<std::vector<std::string>> ChargedVisits(db::Connection& c, const std::string& practice_id, Date from) {
  auto rows = c.Query("SELECT DISTINCT appointment_id FROM charges WHERE practice_id = ? AND date_of_service >= ?",
                      {practice_id, FormatDate(from)});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<std::string> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(r.Text(0));
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

Result<ChargeTiming> GetChargeTiming(db::Connection& c, const std::string& practice_id) {
  auto rows = c.Query("SELECT charge_at FROM billing_settings WHERE practice_id = ?", {practice_id});
  if (!rows) return tl::unexpected(rows.error());
  ChargeTiming out;
  if (!rows->empty()) out.charge_at = ParseName<ChargeAt>(rows->front().Text(0)).value_or(ChargeAt::kNoteSigned);
  return out;
}

Status PutChargeTiming(db::Connection& c, const std::string& practice_id, const ChargeTiming& timing) {
  auto n = c.Exec("UPDATE billing_settings SET charge_at = ? WHERE practice_id = ?",
                  {std::string(NameOf(timing.charge_at)), practice_id});
  if (!n) return tl::unexpected(n.error());
  if (*n == 0) return Fail(ErrorCode::kNotFound, "This practice has no billing settings yet.");
  return {};
}

Result<VisitFeePolicy> GetVisitFees(db::Connection& c, const std::string& practice_id) {
  auto rows = c.Query("SELECT visit_fees FROM billing_settings WHERE practice_id = ?", {practice_id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return VisitFeePolicy{};
  return codec::FromColumn<VisitFeePolicy>(rows->front().Text(0));
}

Status PutVisitFees(db::Connection& c, const std::string& practice_id, const VisitFeePolicy& policy) {
  auto n = c.Exec("UPDATE billing_settings SET visit_fees = ? WHERE practice_id = ?",
                  {codec::ToColumn(policy), practice_id});
  if (!n) return tl::unexpected(n.error());
  if (*n == 0) return Fail(ErrorCode::kNotFound, "This practice has no billing settings yet.");
  return {};
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

Result<std::pair<std::int64_t, std::int64_t>> TakeNumbers(db::Connection& c, const std::string& practice_id,
                                                          std::size_t claims) {
  // One row per practice: the UPDATE locks it on PostgreSQL, so two batches never share numbers.
  auto rows = c.Query(
      "UPDATE billing_settings SET last_claim_number = last_claim_number + ?, "
      "last_control_number = last_control_number + 1 WHERE practice_id = ? "
      "RETURNING last_claim_number, last_control_number",
      {static_cast<std::int64_t>(claims), practice_id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return Fail(ErrorCode::kNotFound, "This practice has no billing settings yet.");
  const auto last = rows->front().Int(0);
  return std::make_pair(last - static_cast<std::int64_t>(claims) + 1, rows->front().Int(1));
}

Status InsertClaim(db::Connection& c, const std::string& practice_id, const Claim& claim) {
  return db::Done(c.Exec(kClaims.Insert({"practice_id"}), kClaims.InsertValues(claim, {practice_id})));
}

Result<bool> UpdateClaim(db::Connection& c, const std::string& practice_id, const Claim& claim) {
  auto n = c.Exec(kClaims.Update("practice_id = ? AND id = ? AND version = ?"),
                  kClaims.UpdateValues(claim, {practice_id, claim.id, claim.version}));
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

Result<std::optional<Claim>> FindClaim(db::Connection& c, const std::string& practice_id, const std::string& id) {
  auto rows = c.Query(kClaimSelect + "WHERE m.practice_id = ? AND m.id = ?", {practice_id, id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Claim>();
  return ClaimOf(rows->front());
}

Result<std::optional<Claim>> FindClaimByNumber(db::Connection& c, const std::string& practice_id,
                                               const std::string& number) {
  auto rows = c.Query(kClaimSelect + "WHERE m.practice_id = ? AND m.number = ?", {practice_id, number});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Claim>();
  return ClaimOf(rows->front());
}

Result<std::vector<Claim>> ListClaims(db::Connection& c, const std::string& practice_id,
                                      std::optional<ClaimStatus> status, std::size_t limit) {
  std::string sql = kClaimSelect + "WHERE m.practice_id = ?";
  std::vector<db::Value> params = {practice_id};
  if (status) {
    sql += " AND m.status = ?";
    params.emplace_back(std::string(NameOf(*status)));
  }
  sql += " ORDER BY m.created_at DESC, m.number DESC LIMIT " + std::to_string(limit);
  auto rows = c.Query(sql, params);
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Claim> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(ClaimOf(r));
  return out;
}

Result<std::vector<Claim>> ClaimsForCharge(db::Connection& c, const std::string& practice_id,
                                           const std::string& charge_id) {
  auto rows =
      c.Query(kClaimSelect + "WHERE m.practice_id = ? AND m.charge_id = ? ORDER BY m.number", {practice_id, charge_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Claim> out;
  for (const auto& r : *rows) out.push_back(ClaimOf(r));
  return out;
}

Status InsertBatch(db::Connection& c, const std::string& practice_id, const ClaimBatch& b, const std::string& x12) {
  return db::Done(c.Exec(kBatches.Insert({"practice_id", "x12"}), kBatches.InsertValues(b, {practice_id, x12})));
}

Result<std::optional<std::pair<ClaimBatch, std::string>>> FindBatch(db::Connection& c, const std::string& practice_id,
                                                                    const std::string& id) {
  auto rows = c.Query("SELECT " + kBatches.Select() + ", x12 FROM claim_batches WHERE practice_id = ? AND id = ?",
                      {practice_id, id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<std::pair<ClaimBatch, std::string>>();
  return std::make_optional(std::make_pair(kBatches.Read(rows->front()), rows->front().Text(kBatches.size())));
}

Result<std::vector<ClaimBatch>> ListBatches(db::Connection& c, const std::string& practice_id, std::size_t limit) {
  auto rows = c.Query("SELECT " + kBatches.Select() +
                          " FROM claim_batches WHERE practice_id = ? ORDER BY control_number DESC LIMIT " +
                          std::to_string(limit),
                      {practice_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<ClaimBatch> out;
  for (const auto& r : *rows) out.push_back(kBatches.Read(r));
  return out;
}

Result<bool> MarkBatchSent(db::Connection& c, const std::string& practice_id, const std::string& id, EpochSeconds now) {
  auto n = c.Exec("UPDATE claim_batches SET sent_at = ? WHERE practice_id = ? AND id = ? AND sent_at IS NULL",
                  {now, practice_id, id});
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

Result<bool> InsertRemittance(db::Connection& c, const std::string& practice_id, const RemittanceResult& r,
                              const std::string& file_hash, const std::string& by_name) {
  auto n = c.Exec(kRemittances.Insert({"practice_id", "file_hash", "created_by_name"}) +
                      " ON CONFLICT (practice_id, file_hash) DO NOTHING",
                  kRemittances.InsertValues(r, {practice_id, file_hash, by_name}));
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

Result<std::optional<RemittanceResult>> FindRemittanceByHash(db::Connection& c, const std::string& practice_id,
                                                             const std::string& file_hash) {
  auto rows = c.Query("SELECT " + kRemittances.Select() + " FROM remittances WHERE practice_id = ? AND file_hash = ?",
                      {practice_id, file_hash});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<RemittanceResult>();
  return kRemittances.Read(rows->front());
}

Result<std::vector<RemittanceResult>> ListRemittances(db::Connection& c, const std::string& practice_id,
                                                      std::size_t limit) {
  auto rows = c.Query("SELECT " + kRemittances.Select() +
                          " FROM remittances WHERE practice_id = ? ORDER BY created_at DESC, id DESC LIMIT " +
                          std::to_string(limit),
                      {practice_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<RemittanceResult> out;
  for (const auto& r : *rows) out.push_back(kRemittances.Read(r));
  return out;
}

Result<bool> UpdateClaims(db::Connection& c, const std::string& practice_id, const std::vector<const Claim*>& claims) {
  static const std::string sql = kClaims.Update("practice_id = ? AND id = ? AND version = ?");
  std::vector<std::vector<db::Value>> rows;
  rows.reserve(claims.size());
  for (const Claim* m : claims) rows.push_back(kClaims.UpdateValues(*m, {practice_id, m->id, m->version}));
  auto n = c.ExecMany(sql, rows);
  if (!n) return tl::unexpected(n.error());
  return std::all_of(n->begin(), n->end(), [](std::int64_t k) { return k == 1; });
}

Result<bool> UpdateCharges(db::Connection& c, const std::string& practice_id,
                           const std::vector<const Charge*>& charges) {
  static const std::string sql = kCharges.Update("practice_id = ? AND id = ? AND version = ?");
  std::vector<std::vector<db::Value>> rows;
  rows.reserve(charges.size());
  for (const Charge* h : charges) rows.push_back(kCharges.UpdateValues(*h, {practice_id, h->id, h->version}));
  auto n = c.ExecMany(sql, rows);
  if (!n) return tl::unexpected(n.error());
  return std::all_of(n->begin(), n->end(), [](std::int64_t k) { return k == 1; });
}

Result<std::vector<Claim>> FindClaimsByNumbers(db::Connection& c, const std::string& practice_id,
                                               const std::vector<std::string>& numbers) {
  std::vector<Claim> out;
  auto st = db::EachIn(c, kClaimSelect + "WHERE m.practice_id = ? AND m.number ", "", {practice_id}, numbers,
                       [&out](const db::Cells& r) { out.push_back(ClaimOf(r)); });
  if (!st) return tl::unexpected(st.error());
  return out;
}

Result<std::vector<Charge>> FindChargesByIds(db::Connection& c, const std::string& practice_id,
                                             const std::vector<std::string>& ids) {
  std::vector<Charge> out;
  auto st = db::EachIn(c, kChargeSelect + "WHERE h.practice_id = ? AND h.id ", "", {practice_id}, ids,
                       [&out](const db::Cells& r) { out.push_back(ChargeOf(r)); });
  if (!st) return tl::unexpected(st.error());
  return out;
}

Result<std::vector<std::pair<std::string, std::string>>> PostedPayments(db::Connection& c,
                                                                        const std::string& practice_id,
                                                                        const std::string& trace) {
  auto rows = c.Query(
      "SELECT claim_number, payer_claim_number FROM remittance_claims WHERE practice_id = ? AND trace_number = ?",
      {practice_id, trace});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.emplace_back(r.Text(0), r.Text(1));
  return out;
}

Status MarkPaymentsPosted(db::Connection& c, const std::string& practice_id, const std::string& trace,
                          const std::string& remittance_id, const std::vector<std::array<std::string, 3>>& payments) {
  constexpr std::size_t kRows = 200;  // six parameters a row
  for (std::size_t i = 0; i < payments.size(); i += kRows) {
    const auto n = std::min(kRows, payments.size() - i);
    std::string sql =
        "INSERT INTO remittance_claims (practice_id, trace_number, claim_number, payer_claim_number, remittance_id, "
        "claim_id) VALUES ";
    std::vector<db::Value> params;
    params.reserve(n * 6);
    for (std::size_t j = 0; j < n; ++j) {
      sql += j == 0 ? "(?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?)";
      const auto& p = payments[i + j];
      params.insert(params.end(), {practice_id, trace, p[0], p[1], remittance_id, p[2]});
    }
    if (auto st = db::Done(c.Exec(sql, params)); !st) return st;
  }
  return {};
}

Result<std::vector<Collected>> CollectedBetween(db::Connection& c, const std::string& practice_id, Date from, Date to) {
  auto rows = c.Query(
      "SELECT e.entry_date, COALESCE(a.mode, ''), CAST(-SUM(e.amount) AS BIGINT) FROM ledger_entries e "
      "LEFT JOIN charges h ON h.practice_id = e.practice_id AND h.id = e.charge_id "
      "LEFT JOIN appointments a ON a.practice_id = h.practice_id AND a.id = h.appointment_id "
      "WHERE e.practice_id = ? AND e.kind IN ('payment', 'refund') AND e.entry_date >= ? AND e.entry_date <= ? "
      "GROUP BY e.entry_date, a.mode",
      {practice_id, FormatDate(from), FormatDate(to)});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Collected> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back({ParseDate(r.Text(0)).value_or(Date{}), r.Text(1), r.Int(2)});
  return out;
}

}  // namespace duet::billing::store
