#include "plans/store.hpp"

namespace duet::plans::store {
namespace {

constexpr const char* kColumns =
    "SELECT client_id, version, author_user_id, author_name, created_at, plan_sealed, clinician_signed_name, "
    "clinician_signed_at, "
    "clinician_signed_by, client_signed_name, client_signed_at, client_signed_by, review_due, reevaluation_due, "
    "supervisor_signed_name, "
    "supervisor_signed_at, supervisor_signed_by FROM plan_versions ";

PlanVersion VersionOf(const db::Row& r) {
  PlanVersion v;
  v.client_id = r.Text(0);
  v.version = static_cast<int>(r.Int(1));
  v.author_user_id = r.Text(2);
  v.author_name = r.Text(3);
  v.created_at = r.Int(4);
  v.plan_json = r.Text(5);
  if (auto at = r.OptInt(7)) v.clinician_signature = PlanSignature{r.Text(6), *at, r.Text(8)};
  if (auto at = r.OptInt(10)) v.client_signature = PlanSignature{r.Text(9), *at, r.Text(11)};
  v.review_due = ParseDate(r.Text(12));
  v.reevaluation_due = ParseDate(r.Text(13));
  if (auto at = r.OptInt(15)) v.supervisor_signature = PlanSignature{r.Text(14), *at, r.Text(16)};
  return v;
}

db::Value DateOrNull(const std::optional<Date>& d) { return d ? db::Value(FormatDate(*d)) : db::Value(); }

}  // namespace

Status InsertVersion(db::Connection& c, const std::string& practice_id, const PlanVersion& v) {
  return db::Done(
      c.Exec("INSERT INTO plan_versions (practice_id, client_id, version, author_user_id, author_name, plan_sealed, "
             "review_due, "
             "reevaluation_due, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
             {practice_id, v.client_id, std::int64_t{v.version}, v.author_user_id, v.author_name, v.plan_json,
              DateOrNull(v.review_due), DateOrNull(v.reevaluation_due), v.created_at}));
}

Result<std::vector<PlanVersion>> ListVersions(db::Connection& c, const std::string& practice_id,
                                              const std::string& client_id) {
  auto rows = c.Query(std::string(kColumns) + "WHERE practice_id = ? AND client_id = ? ORDER BY version DESC",
                      {practice_id, client_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<PlanVersion> out;
  for (const auto& r : *rows) out.push_back(VersionOf(r));
  return out;
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
  }
  auto n = c.Exec(sql, {s.name, s.at, s.by_user_id, practice_id, client_id, std::int64_t{version}});
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

Result<std::vector<PlanVersion>> LatestDueBy(db::Connection& c, const std::string& practice_id, const std::string& by) {
  auto rows = c.Query(std::string(kColumns) +
                          "p WHERE practice_id = ? AND version = (SELECT MAX(version) FROM plan_versions q WHERE "
                          "q.practice_id = p.practice_id "
                          "AND q.client_id = p.client_id) AND ((review_due IS NOT NULL AND review_due <= ?) OR "
                          "(reevaluation_due IS NOT NULL AND reevaluation_due <= ?))",
                      {practice_id, by, by});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<PlanVersion> out;
  for (const auto& r : *rows) out.push_back(VersionOf(r));
  return out;
}

}  // namespace duet::plans::store
