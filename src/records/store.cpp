#include "records/store.hpp"

#include "records/rules.hpp"

namespace duet::records::store {
namespace {

constexpr const char* kMetaColumns =
    "SELECT id, practice_id, client_id, appointment_id, author_user_id, author_name, kind, template_key, "
    "template_version, status, "
    "created_at, updated_at, version, signed_by, signed_name, signed_at, signature_hash, cosign_required, cosigned_by, "
    "cosigned_name, "
    "cosigned_at, cosignature_hash";

Note NoteOf(const db::Row& r, bool with_content) {
  Note n;
  n.id = r.Text(0);
  n.practice_id = r.Text(1);
  n.client_id = r.Text(2);
  n.appointment_id = r.Text(3);
  n.author_user_id = r.Text(4);
  n.author_name = r.Text(5);
  n.kind = ParseNoteKind(r.Text(6)).value_or(NoteKind::kProgress);
  n.template_key = r.Text(7);
  n.template_version = static_cast<int>(r.Int(8));
  n.status = r.Text(9) == "signed" ? NoteStatus::kSigned : NoteStatus::kDraft;
  n.created_at = r.Int(10);
  n.updated_at = r.Int(11);
  n.version = r.Int(12);
  if (auto at = r.OptInt(15)) n.signature = Signature{r.Text(13), r.Text(14), *at, r.Text(16)};
  n.cosign_required = r.Int(17) != 0;
  if (auto at = r.OptInt(20)) n.cosignature = Signature{r.Text(18), r.Text(19), *at, r.Text(21)};
  if (with_content) {
    n.content_json = r.Text(22);
    n.visit_json = r.Text(23);
  }
  return n;
}

}  // namespace

Result<Settings> GetSettings(db::Connection& c, const std::string& practice_id) {
  auto rows =
      c.Query("SELECT notes_due_hours, cosign_supervised FROM record_settings WHERE practice_id = ?", {practice_id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return Settings{};
  return Settings{static_cast<int>(rows->front().Int(0)), rows->front().Int(1) != 0};
}

Status PutSettings(db::Connection& c, const std::string& practice_id, const Settings& s) {
  return db::Done(
      c.Exec("INSERT INTO record_settings (practice_id, notes_due_hours, cosign_supervised) VALUES (?, ?, ?) "
             "ON CONFLICT (practice_id) DO UPDATE SET notes_due_hours = excluded.notes_due_hours, "
             "cosign_supervised = excluded.cosign_supervised",
             {practice_id, std::int64_t{s.notes_due_hours}, static_cast<std::int64_t>(s.cosign_supervised)}));
}

Result<std::vector<StoredTemplate>> ListTemplates(db::Connection& c, const std::string& practice_id) {
  auto rows = c.Query(
      "SELECT template_key, version, definition FROM note_templates WHERE practice_id = ? ORDER BY template_key, "
      "version",
      {practice_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<StoredTemplate> out;
  for (const auto& r : *rows) out.push_back({r.Text(0), static_cast<int>(r.Int(1)), r.Text(2)});
  return out;
}

Status InsertTemplate(db::Connection& c, const std::string& practice_id, const StoredTemplate& t,
                      const std::string& created_by, EpochSeconds now) {
  return db::Done(
      c.Exec("INSERT INTO note_templates (practice_id, template_key, version, definition, created_by, created_at) "
             "VALUES (?, ?, ?, ?, ?, ?)",
             {practice_id, t.key, std::int64_t{t.version}, t.definition, db::OrNull(created_by), now}));
}

Status InsertNote(db::Connection& c, const Note& n) {
  return db::Done(
      c.Exec("INSERT INTO notes (id, practice_id, client_id, appointment_id, author_user_id, author_name, kind, "
             "template_key, template_version, "
             "status, content_sealed, visit_sealed, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
             "?, 'draft', ?, ?, ?, ?, 1)",
             {n.id, n.practice_id, n.client_id, db::OrNull(n.appointment_id), n.author_user_id, n.author_name,
              std::string(NoteKindName(n.kind)), n.template_key, std::int64_t{n.template_version}, n.content_json,
              n.visit_json, n.created_at, n.updated_at}));
}

Result<std::optional<Note>> FindNote(db::Connection& c, const std::string& practice_id, const std::string& id) {
  auto rows =
      c.Query(std::string(kMetaColumns) + ", content_sealed, visit_sealed FROM notes WHERE practice_id = ? AND id = ?",
              {practice_id, id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Note>();
  return NoteOf(rows->front(), true);
}

Result<std::vector<Note>> ListNotes(db::Connection& c, const std::string& practice_id, const std::string& client_id) {
  auto rows = c.Query(std::string(kMetaColumns) +
                          " FROM notes WHERE practice_id = ? AND client_id = ? ORDER BY created_at DESC, id DESC",
                      {practice_id, client_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Note> out;
  for (const auto& r : *rows) out.push_back(NoteOf(r, false));
  return out;
}

namespace {
Result<std::vector<Note>> Notes(const Result<db::Rows>& rows) {
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Note> out;
  for (const auto& r : *rows) out.push_back(NoteOf(r, false));
  return out;
}
}  // namespace

Result<std::vector<Note>> DraftsBy(db::Connection& c, const std::string& practice_id, const std::string& user_id) {
  return Notes(c.Query(std::string(kMetaColumns) +
                           " FROM notes WHERE practice_id = ? AND author_user_id = ? AND status = 'draft' "
                           "ORDER BY created_at LIMIT 500",
                       {practice_id, user_id}));
}

Result<std::vector<Note>> AwaitingCosignBy(db::Connection& c, const std::string& practice_id,
                                           const std::string& supervisor_user_id) {
  return Notes(c.Query(
      std::string(kMetaColumns) +
          " FROM notes WHERE practice_id = ? AND kind = 'progress' AND status = 'signed' AND cosign_required = 1 "
          "AND cosigned_at IS NULL AND author_user_id IN (SELECT user_id FROM clinicians WHERE practice_id = ? "
          "AND supervisor_user_id = ? AND user_id IS NOT NULL) ORDER BY signed_at LIMIT 500",
      {practice_id, practice_id, supervisor_user_id}));
}

Result<std::vector<Note>> NotesForVisits(db::Connection& c, const std::string& practice_id,
                                         const std::vector<std::string>& appointment_ids) {
  std::vector<Note> out;
  if (appointment_ids.empty()) return out;
  std::string sql =
      std::string(kMetaColumns) + " FROM notes WHERE practice_id = ? AND kind = 'progress' AND appointment_id IN (";
  std::vector<db::Value> params = {practice_id};
  for (std::size_t i = 0; i < appointment_ids.size(); ++i) {
    sql += i ? ", ?" : "?";
    params.push_back(appointment_ids[i]);
  }
  auto rows = c.Query(sql + ")", params);
  if (!rows) return tl::unexpected(rows.error());
  for (const auto& r : *rows) out.push_back(NoteOf(r, false));
  return out;
}

Result<bool> UpdateDraft(db::Connection& c, const std::string& practice_id, const std::string& id,
                         const std::string& content_sealed, std::int64_t version, EpochSeconds now) {
  auto n = c.Exec(
      "UPDATE notes SET content_sealed = ?, updated_at = ?, version = version + 1 "
      "WHERE practice_id = ? AND id = ? AND version = ? AND status = 'draft'",
      {content_sealed, now, practice_id, id, version});
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

Result<bool> Sign(db::Connection& c, const std::string& practice_id, const std::string& id, std::int64_t version,
                  const Signature& s, bool cosign_required) {
  auto n = c.Exec(
      "UPDATE notes SET status = 'signed', signed_by = ?, signed_name = ?, signed_at = ?, signature_hash = ?, "
      "cosign_required = ?, updated_at = ?, version = version + 1 "
      "WHERE practice_id = ? AND id = ? AND version = ? AND status = 'draft'",
      {s.user_id, s.name, s.at, s.hash, static_cast<std::int64_t>(cosign_required), s.at, practice_id, id, version});
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

Result<bool> Cosign(db::Connection& c, const std::string& practice_id, const std::string& id, const Signature& s) {
  auto n = c.Exec(
      "UPDATE notes SET cosigned_by = ?, cosigned_name = ?, cosigned_at = ?, cosignature_hash = ?, version = version + "
      "1 "
      "WHERE practice_id = ? AND id = ? AND status = 'signed' AND cosign_required = 1 AND cosigned_at IS NULL",
      {s.user_id, s.name, s.at, s.hash, practice_id, id});
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

Status InsertAddendum(db::Connection& c, const std::string& practice_id, const Addendum& a) {
  return db::Done(c.Exec(
      "INSERT INTO note_addenda (id, practice_id, note_id, author_user_id, author_name, text_sealed, created_at, hash) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {a.id, practice_id, a.note_id, a.author_user_id, a.author_name, a.text, a.created_at, a.hash}));
}

Result<std::vector<Addendum>> ListAddenda(db::Connection& c, const std::string& practice_id,
                                          const std::string& note_id) {
  auto rows = c.Query(
      "SELECT id, note_id, author_user_id, author_name, text_sealed, created_at, hash FROM note_addenda "
      "WHERE practice_id = ? AND note_id = ? ORDER BY created_at, id",
      {practice_id, note_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Addendum> out;
  for (const auto& r : *rows)
    out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Int(5), r.Text(6)});
  return out;
}

}  // namespace duet::records::store
