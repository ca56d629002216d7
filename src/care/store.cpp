#include "care/store.hpp"

#include "platform/db/columns.hpp"

namespace duet::care::store {
namespace {
using db::Col;
using R = SealedRelease;
using D = SealedDisclosure;
constexpr db::ColumnRules kNullable{.null_when_empty = true};

// Who the release is to, why, and the signer's name are sealed by the service (details_sealed,
// signed_name_sealed); the rest is what the access rules read.
const auto kReleases = db::Table<R>(
    "releases", Col("id", &R::release, &Release::id), Col("client_id", &R::release, &Release::client_id),
    Col("scope", &R::release, &Release::scope), Col("effective_on", &R::release, &Release::effective_on),
    Col("expires_on", &R::release, &Release::expires_on), Col("witnessed_by", &R::release, &Release::witnessed_by),
    Col("signed_at", &R::release, &Release::signed_at), Col("revoked_at", &R::release, &Release::revoked_at),
    Col("revoked_by", &R::release, &Release::revoked_by, kNullable),
    Col("created_by", &R::release, &Release::created_by), Col("details_sealed", &R::details_sealed),
    Col("signed_name_sealed", &R::signed_name_sealed), Col("partner_id", &R::release, &Release::partner_id, kNullable));

// A partner's invitation is kept as a hash of its token (invite_hash, written by InsertPartner only).
const auto kPartners = db::Table<Partner>(
    "partners", Col("id", &Partner::id), Col("practice_id", &Partner::practice_id), Col("name", &Partner::name),
    Col("kind", &Partner::kind), Col("partner_practice_id", &Partner::partner_practice_id, kNullable),
    Col("status", &Partner::status), Col("created_by", &Partner::created_by), Col("created_at", &Partner::created_at),
    Col("connected_at", &Partner::connected_at), Col("invite_expires_at", &Partner::invite_expires_at));
const std::string kPartnerSelect = "SELECT " + kPartners.Select("p.");

// Who disclosed (their user id) is written beside these; the accounting shows their name.
const auto kDisclosures = db::Table<D>(
    "disclosures", Col("id", &D::disclosure, &Disclosure::id), Col("client_id", &D::disclosure, &Disclosure::client_id),
    Col("release_id", &D::disclosure, &Disclosure::release_id, kNullable),
    Col("scope", &D::disclosure, &Disclosure::scope),
    Col("disclosed_by_name", &D::disclosure, &Disclosure::disclosed_by_name),
    Col("disclosed_at", &D::disclosure, &Disclosure::disclosed_at), Col("details_sealed", &D::details_sealed),
    Col("part2", &D::disclosure, &Disclosure::part2));

const std::string kReleaseSelect = "SELECT " + kReleases.Select() + " FROM releases ";

using M = SealedMedication;
const auto kMedications =
    db::Table<M>("medications", Col("id", &M::id), Col("client_id", &M::client_id), Col("status", &M::status),
                 Col("version", &M::version), Col("created_by", &M::created_by), Col("created_at", &M::created_at),
                 Col("updated_at", &M::updated_at), Col("details_sealed", &M::details_sealed));
using E = SealedMedicationEvent;
const auto kMedicationEvents = db::Table<E>("medication_events", Col("id", &E::id), Col("client_id", &E::client_id),
                                            Col("medication_id", &E::medication_id), Col("kind", &E::kind),
                                            Col("at", &E::at), Col("by_user_id", &E::by_user_id),
                                            Col("by_name", &E::by_name), Col("details_sealed", &E::details_sealed));

using F = SealedReferral;
const auto kReferrals = db::Table<F>(
    "referrals", Col("id", &F::referral, &Referral::id), Col("client_id", &F::referral, &Referral::client_id),
    Col("from_clinician_id", &F::referral, &Referral::from_clinician_id),
    Col("to_clinician_id", &F::referral, &Referral::to_clinician_id), Col("urgency", &F::referral, &Referral::urgency),
    Col("state", &F::referral, &Referral::state), Col("details_sealed", &F::details_sealed),
    Col("answer_sealed", &F::answer_sealed), Col("answer_note_id", &F::referral, &Referral::answer_note_id),
    Col("first_visit_id", &F::referral, &Referral::first_visit_id), Col("sent_by", &F::referral, &Referral::sent_by),
    Col("sent_at", &F::referral, &Referral::sent_at), Col("accepted_at", &F::referral, &Referral::accepted_at),
    Col("booked_at", &F::referral, &Referral::booked_at), Col("held_at", &F::referral, &Referral::held_at),
    Col("closed_at", &F::referral, &Referral::closed_at), Col("version", &F::referral, &Referral::version),
    Col("attachments", &F::referral, &Referral::attachment_ids));
const std::string kReferralSelect = "SELECT " + kReferrals.Select() + " FROM referrals ";

}  // namespace

Status InsertRelease(db::Connection& c, const std::string& practice_id, const SealedRelease& s) {
  return db::Done(c.Exec(kReleases.Insert({"practice_id"}), kReleases.InsertValues(s, {practice_id})));
}

Result<std::vector<SealedRelease>> ListReleases(db::Connection& c, const std::string& practice_id,
                                                const std::string& client_id) {
  auto rows = c.Query(kReleaseSelect + "WHERE practice_id = ? AND client_id = ? ORDER BY signed_at DESC, id DESC",
                      {practice_id, client_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<SealedRelease> out;
  for (const auto& r : *rows) out.push_back(kReleases.Read(r));
  return out;
}

Result<std::optional<SealedRelease>> FindRelease(db::Connection& c, const std::string& practice_id,
                                                 const std::string& client_id, const std::string& id) {
  auto rows =
      c.Query(kReleaseSelect + "WHERE practice_id = ? AND client_id = ? AND id = ?", {practice_id, client_id, id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<SealedRelease>();
  return kReleases.Read(rows->front());
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
  return db::Done(c.Exec(kDisclosures.Insert({"practice_id", "disclosed_by"}),
                         kDisclosures.InsertValues(s, {practice_id, user_id})));
}

Result<std::vector<SealedDisclosure>> ListDisclosures(db::Connection& c, const std::string& practice_id,
                                                      const std::string& client_id) {
  auto rows =
      c.Query("SELECT " + kDisclosures.Select() +
                  " FROM disclosures WHERE practice_id = ? AND client_id = ? ORDER BY disclosed_at DESC, id DESC",
              {practice_id, client_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<SealedDisclosure> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(kDisclosures.Read(r));
  return out;
}

Status InsertMedication(db::Connection& c, const std::string& practice_id, const SealedMedication& m) {
  return db::Done(c.Exec(kMedications.Insert({"practice_id"}), kMedications.InsertValues(m, {practice_id})));
}

Result<bool> UpdateMedication(db::Connection& c, const std::string& practice_id, const SealedMedication& m,
                              std::int64_t expected) {
  auto n = c.Exec(
      "UPDATE medications SET status = ?, version = ?, updated_at = ?, details_sealed = ? WHERE practice_id = ? AND "
      "client_id = ? AND id = ? AND version = ?",
      {m.status, m.version, m.updated_at, m.details_sealed, practice_id, m.client_id, m.id, expected});
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

Result<std::vector<SealedMedication>> ListMedications(db::Connection& c, const std::string& practice_id,
                                                      const std::string& client_id) {
  static const std::string sql = "SELECT " + kMedications.Select() +
                                 " FROM medications WHERE practice_id = ? AND client_id = ? ORDER BY "
                                 "CASE status WHEN 'active' THEN 0 ELSE 1 END, created_at DESC, id";
  auto rows = c.Query(sql, {practice_id, client_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<SealedMedication> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(kMedications.Read(r));
  return out;
}

Result<std::optional<SealedMedication>> FindMedication(db::Connection& c, const std::string& practice_id,
                                                       const std::string& client_id, const std::string& id) {
  static const std::string sql =
      "SELECT " + kMedications.Select() + " FROM medications WHERE practice_id = ? AND client_id = ? AND id = ?";
  auto rows = c.Query(sql, {practice_id, client_id, id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<SealedMedication>();
  return kMedications.Read(rows->front());
}

Status InsertMedicationEvent(db::Connection& c, const std::string& practice_id, const SealedMedicationEvent& e) {
  return db::Done(c.Exec(kMedicationEvents.Insert({"practice_id"}), kMedicationEvents.InsertValues(e, {practice_id})));
}

Result<std::vector<SealedMedicationEvent>> ListMedicationEvents(db::Connection& c, const std::string& practice_id,
                                                                const std::string& client_id) {
  static const std::string sql = "SELECT " + kMedicationEvents.Select() +
                                 " FROM medication_events WHERE practice_id = ? AND client_id = ? ORDER BY at, id";
  auto rows = c.Query(sql, {practice_id, client_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<SealedMedicationEvent> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(kMedicationEvents.Read(r));
  return out;
}

// ---- the care team ----
Result<TeamSharing> FindSharing(db::Connection& c, const std::string& practice_id, const std::string& client_id) {
  auto rows = c.Query(
      "SELECT s.shares_notes, s.recorded_at, u.display_name, s.shares_part2 FROM care_team_consents s LEFT JOIN users "
      "u "
      "ON u.id = s.recorded_by WHERE s.practice_id = ? AND s.client_id = ?",
      {practice_id, client_id});
  if (!rows) return tl::unexpected(rows.error());
  TeamSharing out;
  if (rows->empty()) return out;
  const auto& r = rows->front();
  out.shares_notes = r.Int(0) != 0;
  out.recorded_at = r.Int(1);
  out.recorded_by = r.Text(2);
  out.shares_part2 = r.Int(3) != 0;
  return out;
}

Status PutSharing(db::Connection& c, const std::string& practice_id, const std::string& client_id, const TeamSharing& s,
                  const std::string& user_id, EpochSeconds now) {
  return db::Done(c.Exec(
      "INSERT INTO care_team_consents (practice_id, client_id, shares_notes, shares_part2, recorded_by, recorded_at) "
      "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (practice_id, client_id) DO UPDATE SET shares_notes = "
      "excluded.shares_notes, shares_part2 = excluded.shares_part2, recorded_by = excluded.recorded_by, recorded_at = "
      "excluded.recorded_at",
      {practice_id, client_id, std::int64_t{s.shares_notes ? 1 : 0}, std::int64_t{s.shares_part2 ? 1 : 0}, user_id,
       now}));
}

// ---- referrals ----
Status InsertReferral(db::Connection& c, const std::string& practice_id, const SealedReferral& r) {
  return db::Done(c.Exec(kReferrals.Insert({"practice_id"}), kReferrals.InsertValues(r, {practice_id})));
}

Result<bool> UpdateReferral(db::Connection& c, const std::string& practice_id, const SealedReferral& r,
                            std::int64_t expected) {
  auto n = c.Exec(kReferrals.Update("practice_id = ? AND id = ? AND version = ?"),
                  kReferrals.UpdateValues(r, {practice_id, r.referral.id, expected}));
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

Result<std::optional<SealedReferral>> FindReferral(db::Connection& c, const std::string& practice_id,
                                                   const std::string& id) {
  auto rows = c.Query(kReferralSelect + "WHERE practice_id = ? AND id = ?", {practice_id, id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<SealedReferral>();
  return std::optional<SealedReferral>(kReferrals.Read(rows->front()));
}

Result<std::vector<SealedReferral>> ListReferrals(db::Connection& c, const std::string& practice_id,
                                                  const ReferralQuery& q) {
  std::string sql = kReferralSelect + "WHERE practice_id = ?";
  std::vector<db::Value> params{practice_id};
  if (q.state) {
    sql += " AND state = ?";
    params.emplace_back(std::string(NameOf(*q.state)));
  }
  if (q.open_only) sql += " AND state NOT IN ('answered', 'declined')";
  if (q.to_clinician_id) {
    sql += " AND to_clinician_id = ?";
    params.emplace_back(*q.to_clinician_id);
  }
  if (q.involving_clinician_id) {
    sql += " AND (to_clinician_id = ? OR from_clinician_id = ?)";
    params.insert(params.end(), {*q.involving_clinician_id, *q.involving_clinician_id});
  }
  if (q.client_id) {
    sql += " AND client_id = ?";
    params.emplace_back(*q.client_id);
  }
  sql += " ORDER BY sent_at DESC, id DESC LIMIT ?";
  params.emplace_back(static_cast<std::int64_t>(q.limit));
  auto rows = c.Query(sql, std::span<const db::Value>(params));
  if (!rows) return tl::unexpected(rows.error());
  std::vector<SealedReferral> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(kReferrals.Read(r));
  return out;
}

db::Read ReadOpenReferralsTo(const std::string& practice_id, const std::string& client_id,
                             const std::string& clinician_id, std::vector<SealedReferral>& out) {
  static const std::string sql = kReferralSelect +
                                 "WHERE practice_id = ? AND client_id = ? AND to_clinician_id = ? AND state NOT IN "
                                 "('answered', 'declined') ORDER BY sent_at";
  return {
      sql, {practice_id, client_id, clinician_id}, [&out](const db::Cells& r) { out.push_back(kReferrals.Read(r)); }};
}

Result<std::vector<SealedReferral>> OpenReferralsTo(db::Connection& c, const std::string& practice_id,
                                                    const std::string& client_id, const std::string& clinician_id) {
  std::vector<SealedReferral> out;
  const db::Read read[] = {ReadOpenReferralsTo(practice_id, client_id, clinician_id, out)};
  if (auto st = c.EachOf(read); !st) return tl::unexpected(st.error());
  return out;
}

}  // namespace duet::care::store

namespace duet::care::store {

Status InsertPartner(db::Connection& c, const Partner& p, const std::string& invite_hash) {
  return db::Done(c.Exec(kPartners.Insert({"invite_hash"}), kPartners.InsertValues(p, {invite_hash})));
}

Result<std::vector<Partner>> ListPartners(db::Connection& c, const std::string& practice_id) {
  auto rows = c.Query(kPartnerSelect +
                          ", q.name FROM partners p JOIN practices q ON q.id = p.practice_id WHERE p.practice_id = ? "
                          "OR (p.partner_practice_id = ? AND p.status = 'connected') ORDER BY p.created_at DESC",
                      {practice_id, practice_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Partner> out;
  for (const auto& r : *rows) {
    Partner p = kPartners.Read(r);
    if (p.practice_id != practice_id) {
      p.direction = "theirs";
      p.practice_name = r.Text(kPartners.size());
    }
    out.push_back(std::move(p));
  }
  return out;
}

Result<std::optional<Partner>> FindPartner(db::Connection& c, const std::string& id) {
  auto rows = c.Query(
      kPartnerSelect + ", q.name FROM partners p JOIN practices q ON q.id = p.practice_id WHERE p.id = ?", {id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Partner>();
  Partner p = kPartners.Read(rows->front());
  p.practice_name = rows->front().Text(kPartners.size());
  return p;
}

Result<std::optional<Partner>> FindPartnerByInvite(db::Connection& c, const std::string& invite_hash) {
  auto rows = c.Query(kPartnerSelect +
                          ", q.name FROM partners p JOIN practices q ON q.id = p.practice_id WHERE "
                          "p.invite_hash = ?",
                      {invite_hash});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Partner>();
  Partner p = kPartners.Read(rows->front());
  p.practice_name = rows->front().Text(kPartners.size());
  return p;
}

Result<bool> ConnectPartner(db::Connection& c, const std::string& id, const std::string& partner_practice_id,
                            const std::string& user_id, EpochSeconds now) {
  // The invitation is used once: its hash goes with the connection.
  auto n = c.Exec(
      "UPDATE partners SET partner_practice_id = ?, status = 'connected', connected_by = ?, connected_at = ?, "
      "invite_hash = NULL WHERE id = ? AND status = 'invited'",
      {partner_practice_id, user_id, now, id});
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

namespace {
Result<std::vector<SealedRelease>> Releases(const Result<db::Rows>& rows) {
  if (!rows) return tl::unexpected(rows.error());
  std::vector<SealedRelease> out;
  for (const auto& r : *rows) out.push_back(kReleases.Read(r));
  return out;
}
}  // namespace

Result<std::vector<SealedRelease>> ReleasesToPartner(db::Connection& c, const std::string& practice_id,
                                                     const std::string& partner_id) {
  return Releases(c.Query(kReleaseSelect + "WHERE practice_id = ? AND partner_id = ? ORDER BY signed_at DESC",
                          {practice_id, partner_id}));
}

Result<std::vector<SealedRelease>> PartnerReleasesOf(db::Connection& c, const std::string& practice_id,
                                                     const std::string& client_id) {
  return Releases(c.Query(kReleaseSelect +
                              "WHERE practice_id = ? AND client_id = ? AND partner_id IS NOT NULL ORDER BY signed_at "
                              "DESC",
                          {practice_id, client_id}));
}

Result<std::vector<PartnerClinician>> ClinicianNames(db::Connection& c, const std::string& practice_id) {
  auto rows = c.Query(
      "SELECT given_name, family_name, credentials, discipline, id FROM clinicians WHERE practice_id = ? AND active = "
      "1 ORDER BY family_name, given_name",
      {practice_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<PartnerClinician> out;
  for (const auto& r : *rows) {
    std::string name = r.Text(0) + " " + r.Text(1);
    if (!r.Text(2).empty()) name += ", " + r.Text(2);
    out.push_back({r.Text(4), std::move(name), r.Text(3)});
  }
  return out;
}

}  // namespace duet::care::store
