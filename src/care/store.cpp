#include "care/store.hpp"

namespace duet::care::store {
namespace {

constexpr const char* kReleaseColumns =
    "SELECT id, client_id, scope, effective_on, expires_on, witnessed_by, signed_at, revoked_at, revoked_by, "
    "created_by, details_sealed, "
    "signed_name_sealed FROM releases ";

SealedRelease ReleaseOf(const db::Row& r) {
  SealedRelease out;
  Release& x = out.release;
  x.id = r.Text(0);
  x.client_id = r.Text(1);
  x.scope = db::SplitList(r.Text(2));
  x.effective_on = ParseDate(r.Text(3)).value_or(Date{});
  x.expires_on = ParseDate(r.Text(4)).value_or(Date{});
  x.witnessed_by = r.Text(5);
  x.signed_at = r.Int(6);
  x.revoked_at = r.OptInt(7);
  x.revoked_by = r.Text(8);
  x.created_by = r.Text(9);
  out.details_sealed = r.Text(10);
  out.signed_name_sealed = r.Text(11);
  return out;
}

}  // namespace

Status InsertRelease(db::Connection& c, const std::string& practice_id, const SealedRelease& s) {
  const Release& r = s.release;
  return db::Done(
      c.Exec("INSERT INTO releases (id, practice_id, client_id, details_sealed, scope, effective_on, expires_on, "
             "signed_name_sealed, "
             "witnessed_by, signed_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
             {r.id, practice_id, r.client_id, s.details_sealed, db::JoinList(r.scope), FormatDate(r.effective_on),
              FormatDate(r.expires_on), s.signed_name_sealed, r.witnessed_by, r.signed_at, r.created_by}));
}

Result<std::vector<SealedRelease>> ListReleases(db::Connection& c, const std::string& practice_id,
                                                const std::string& client_id) {
  auto rows =
      c.Query(std::string(kReleaseColumns) + "WHERE practice_id = ? AND client_id = ? ORDER BY signed_at DESC, id DESC",
              {practice_id, client_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<SealedRelease> out;
  for (const auto& r : *rows) out.push_back(ReleaseOf(r));
  return out;
}

Result<std::optional<SealedRelease>> FindRelease(db::Connection& c, const std::string& practice_id,
                                                 const std::string& client_id, const std::string& id) {
  auto rows = c.Query(std::string(kReleaseColumns) + "WHERE practice_id = ? AND client_id = ? AND id = ?",
                      {practice_id, client_id, id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<SealedRelease>();
  return ReleaseOf(rows->front());
}

Result<bool> Revoke(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                    const std::string& id, const std::string& user_id, EpochSeconds now) {
  auto n = c.Exec(
      "UPDATE releases SET revoked_at = ?, revoked_by = ? WHERE practice_id = ? AND client_id = ? AND id = ? AND "
      "revoked_at IS NULL",
      {now, user_id, practice_id, client_id, id});
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

Status InsertDisclosure(db::Connection& c, const std::string& practice_id, const SealedDisclosure& s,
                        const std::string& user_id) {
  const Disclosure& d = s.disclosure;
  return db::Done(
      c.Exec("INSERT INTO disclosures (id, practice_id, client_id, release_id, details_sealed, scope, disclosed_by, "
             "disclosed_by_name, "
             "disclosed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
             {d.id, practice_id, d.client_id, db::OrNull(d.release_id), s.details_sealed, db::JoinList(d.scope),
              user_id, d.disclosed_by_name, d.disclosed_at}));
}

Result<std::vector<SealedDisclosure>> ListDisclosures(db::Connection& c, const std::string& practice_id,
                                                      const std::string& client_id) {
  auto rows = c.Query(
      "SELECT id, client_id, release_id, scope, disclosed_by_name, disclosed_at, details_sealed FROM disclosures "
      "WHERE practice_id = ? AND client_id = ? ORDER BY disclosed_at DESC, id DESC",
      {practice_id, client_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<SealedDisclosure> out;
  for (const auto& r : *rows) {
    SealedDisclosure s;
    s.disclosure.id = r.Text(0);
    s.disclosure.client_id = r.Text(1);
    s.disclosure.release_id = r.Text(2);
    s.disclosure.scope = db::SplitList(r.Text(3));
    s.disclosure.disclosed_by_name = r.Text(4);
    s.disclosure.disclosed_at = r.Int(5);
    s.details_sealed = r.Text(6);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace duet::care::store
