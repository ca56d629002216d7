#include "plans/store.hpp"

#include "platform/db/columns.hpp"

namespace duet::plans::store {
namespace {
using db::Col;
using db::Group;

// The plan is sealed by the service (plan_sealed); each signature is three columns, absent until signed.
const auto kVersions = db::Table<PlanVersion>(
    "plan_versions", Col("client_id", &PlanVersion::client_id), Col("version", &PlanVersion::version),
    Col("author_user_id", &PlanVersion::author_user_id), Col("author_name", &PlanVersion::author_name),
    Col("created_at", &PlanVersion::created_at), Col("plan_sealed", &PlanVersion::plan_json),
    Group(&PlanVersion::clinician_signature, Col("clinician_signed_at", &PlanSignature::at),
          Col("clinician_signed_name", &PlanSignature::name), Col("clinician_signed_by", &PlanSignature::by_user_id)),
    Group(&PlanVersion::client_signature, Col("client_signed_at", &PlanSignature::at),
          Col("client_signed_name", &PlanSignature::name), Col("client_signed_by", &PlanSignature::by_user_id)),
    Col("review_due", &PlanVersion::review_due), Col("reevaluation_due", &PlanVersion::reevaluation_due),
    Group(&PlanVersion::supervisor_signature, Col("supervisor_signed_at", &PlanSignature::at),
          Col("supervisor_signed_name", &PlanSignature::name),
          Col("supervisor_signed_by", &PlanSignature::by_user_id)));

const std::string kSelect = "SELECT " + kVersions.Select() + " FROM plan_versions ";
}  // namespace

Status InsertVersion(db::Connection& c, const std::string& practice_id, const PlanVersion& v) {
  // A new version is unsigned, whatever the row passed says.
  PlanVersion fresh = v;
  fresh.clinician_signature.reset();
  fresh.client_signature.reset();
  fresh.supervisor_signature.reset();
  return db::Done(c.Exec(kVersions.Insert({"practice_id"}), kVersions.InsertValues(fresh, {practice_id})));
}

Result<std::vector<PlanVersion>> ListVersions(db::Connection& c, const std::string& practice_id,
                                              const std::string& client_id) {
  auto rows =
      c.Query(kSelect + "WHERE practice_id = ? AND client_id = ? ORDER BY version DESC", {practice_id, client_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<PlanVersion> out;
  for (const auto& r : *rows) out.push_back(kVersions.Read(r));
  if (out.empty()) return out;
  // Every version's part signatures in one query.
  auto parts = c.Query(
      "SELECT version, clinician_id, signed_name, signed_at, signed_by FROM plan_part_signatures WHERE practice_id = ? "
      "AND client_id = ? ORDER BY signed_at",
      {practice_id, client_id});
  if (!parts) return tl::unexpected(parts.error());
  for (const auto& p : *parts)
    for (auto& v : out)
      if (v.version == p.Int(0)) v.part_signatures.push_back({p.Text(1), {p.Text(2), p.Int(3), p.Text(4)}});
  return out;
}

Result<bool> SignPart(db::Connection& c, const std::string& practice_id, const std::string& client_id, int version,
                      const std::string& clinician_id, const PlanSignature& s) {
  auto n = c.Exec(
      "INSERT INTO plan_part_signatures (practice_id, client_id, version, clinician_id, signed_name, signed_by, "
      "signed_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
      {practice_id, client_id, std::int64_t{version}, clinician_id, s.name, s.by_user_id, s.at});
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

Result<bool> Sign(db::Connection& c, const std::string& practice_id, const std::string& client_id, int version,
                  PlanSigner who, const PlanSignature& s) {
  const char* sql = nullptr;
  switch (who) {
    case PlanSigner::kClinician:
      sql =
          "UPDATE plan_versions SET clinician_signed_name = ?, clinician_signed_at = ?, clinician_signed_by = ? "
          "WHERE practice_id = ? AND client_id = ? AND version = ? AND clinician_signed_at IS NULL";
      break;
    case PlanSigner::kSupervisor:
      sql =
          "UPDATE plan_versions SET supervisor_signed_name = ?, supervisor_signed_at = ?, supervisor_signed_by = ? "
          "WHERE practice_id = ? AND client_id = ? AND version = ? AND supervisor_signed_at IS NULL";
      break;
    case PlanSigner::kClient:
      sql =
          "UPDATE plan_versions SET client_signed_name = ?, client_signed_at = ?, client_signed_by = ? "
          "WHERE practice_id = ? AND client_id = ? AND version = ? AND client_signed_at IS NULL";
      break;
    case PlanSigner::kPart:
      return Fail(ErrorCode::kInternal, "", "a part is signed with SignPart");
  }
  auto n = c.Exec(sql, {s.name, s.at, s.by_user_id, practice_id, client_id, std::int64_t{version}});
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

Result<std::vector<PlanVersion>> LatestDueBy(db::Connection& c, const std::string& practice_id, const std::string& by) {
  auto rows = c.Query(kSelect +
                          "p WHERE practice_id = ? AND version = (SELECT MAX(version) FROM plan_versions q WHERE "
                          "q.practice_id = p.practice_id "
                          "AND q.client_id = p.client_id) AND ((review_due IS NOT NULL AND review_due <= ?) OR "
                          "(reevaluation_due IS NOT NULL AND reevaluation_due <= ?))",
                      {practice_id, by, by});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<PlanVersion> out;
  for (const auto& r : *rows) out.push_back(kVersions.Read(r));
  return out;
}

}  // namespace duet::plans::store
