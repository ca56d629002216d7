#include "portal/store.hpp"

namespace duet::portal::store {

Result<std::optional<PortalSettings>> SettingsOf(db::Connection& c, const std::string& practice_id) {
  auto rows = c.Query("SELECT booking_approval FROM portal_settings WHERE practice_id = ?", {practice_id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<PortalSettings>{};
  return std::optional(PortalSettings{rows->front().Int(0) != 0});
}

Status SaveSettings(db::Connection& c, const std::string& practice_id, const PortalSettings& s, EpochSeconds now) {
  return db::Done(c.Exec(
      "INSERT INTO portal_settings (practice_id, booking_approval, updated_at) VALUES (?, ?, ?) ON CONFLICT "
      "(practice_id) DO UPDATE SET booking_approval = excluded.booking_approval, updated_at = excluded.updated_at",
      {practice_id, std::int64_t{s.booking_approval ? 1 : 0}, now}));
}

Result<std::optional<PublicPageSettings>> PageOf(db::Connection& c, const std::string& practice_id) {
  auto rows = c.Query("SELECT slug, intake_open FROM public_pages WHERE practice_id = ?", {practice_id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<PublicPageSettings>{};
  return std::optional(PublicPageSettings{rows->front().Text(0), rows->front().Int(1) != 0});
}

Result<std::optional<std::pair<std::string, PublicPageSettings>>> PageBySlug(db::Connection& c,
                                                                             const std::string& slug) {
  auto rows = c.Query("SELECT practice_id, slug, intake_open FROM public_pages WHERE slug = ?", {slug});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<std::pair<std::string, PublicPageSettings>>{};
  const auto& r = rows->front();
  return std::optional(std::make_pair(r.Text(0), PublicPageSettings{r.Text(1), r.Int(2) != 0}));
}

Result<bool> SavePage(db::Connection& c, const std::string& practice_id, const PublicPageSettings& page,
                      EpochSeconds now) {
  auto taken = c.Query("SELECT 1 FROM public_pages WHERE slug = ? AND practice_id <> ?", {page.slug, practice_id});
  if (!taken) return tl::unexpected(taken.error());
  if (!taken->empty()) return false;
  auto n = c.Exec(
      "INSERT INTO public_pages (practice_id, slug, intake_open, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT "
      "(practice_id) DO UPDATE SET slug = excluded.slug, intake_open = excluded.intake_open, updated_at = "
      "excluded.updated_at",
      {practice_id, page.slug, std::int64_t{page.intake_open ? 1 : 0}, now});
  if (!n) return tl::unexpected(n.error());
  return true;
}

Result<std::pair<int, int>> RecentIntake(db::Connection& c, const std::string& practice_id,
                                         const std::string& source_hash, EpochSeconds since) {
  auto rows = c.Query(
      "SELECT COALESCE(SUM(CASE WHEN source_hash = ? THEN 1 ELSE 0 END), 0), COUNT(*) FROM intake_requests WHERE "
      "practice_id = ? AND created_at >= ?",
      {source_hash, practice_id, since});
  if (!rows) return tl::unexpected(rows.error());
  return std::make_pair(static_cast<int>(rows->front().Int(0)), static_cast<int>(rows->front().Int(1)));
}

Result<std::optional<std::string>> UnbookedClient(db::Connection& c, const std::string& practice_id,
                                                  const std::string& identity_hash, EpochSeconds since) {
  auto rows = c.Query(
      "SELECT client_id FROM intake_requests WHERE practice_id = ? AND identity_hash = ? AND created_at >= ? AND "
      "appointment_id IS NULL ORDER BY created_at DESC LIMIT 1",
      {practice_id, identity_hash, since});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<std::string>{};
  return std::optional(rows->front().Text(0));
}

Status InsertIntake(db::Connection& c, const std::string& practice_id, const std::string& id,
                    const std::string& client_id, const std::string& source_hash, const std::string& identity_hash,
                    EpochSeconds now) {
  return db::Done(c.Exec(
      "INSERT INTO intake_requests (id, practice_id, client_id, source_hash, identity_hash, created_at) VALUES (?, ?, "
      "?, ?, ?, ?)",
      {id, practice_id, client_id, source_hash, identity_hash, now}));
}

Status SetIntakeBooked(db::Connection& c, const std::string& practice_id, const std::string& id,
                       const std::string& appointment_id) {
  return db::Done(c.Exec("UPDATE intake_requests SET appointment_id = ? WHERE practice_id = ? AND id = ?",
                         {appointment_id, practice_id, id}));
}

}  // namespace duet::portal::store
