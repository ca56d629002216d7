#include "records/store.hpp"

#include "platform/db/columns.hpp"
#include "records/rules.hpp"

namespace duet::records::store {
namespace {

using db::Col;
constexpr db::ColumnRules kNullable{.null_when_empty = true};

// The note's content and the visit facts are sealed by the service and stored beside these
// (content_sealed, visit_sealed); lists read the metadata only.
const auto kNotes = db::Table<Note>(
    "notes", Col("id", &Note::id), Col("practice_id", &Note::practice_id), Col("client_id", &Note::client_id),
    Col("appointment_id", &Note::appointment_id, kNullable), Col("author_user_id", &Note::author_user_id),
    Col("author_name", &Note::author_name), Col("kind", &Note::kind), Col("template_key", &Note::template_key),
    Col("template_version", &Note::template_version), Col("status", &Note::status),
    Col("created_at", &Note::created_at), Col("updated_at", &Note::updated_at), db::Version(&Note::version),
    db::Group(&Note::signature, Col("signed_at", &Signature::at), Col("signed_by", &Signature::user_id),
              Col("signed_name", &Signature::name), Col("signature_hash", &Signature::hash)),
    Col("cosign_required", &Note::cosign_required),
    db::Group(&Note::cosignature, Col("cosigned_at", &Signature::at), Col("cosigned_by", &Signature::user_id),
              Col("cosigned_name", &Signature::name), Col("cosignature_hash", &Signature::hash)),
    Col("part2", &Note::part2), Col("joint", &Note::joint));

const std::string kNoteSelect = "SELECT " + kNotes.Select();

template <class R>  // a db::Row or db::Cells
Note NoteOf(const R& r, bool with_content) {
  Note n = kNotes.Read(r);
  if (with_content) {
    n.content_json = r.Text(kNotes.size());
    n.visit_json = r.Text(kNotes.size() + 1);
  }
  return n;
}

const auto kAddenda = db::Table<Addendum>(
    "note_addenda", Col("id", &Addendum::id), Col("note_id", &Addendum::note_id),
    Col("author_user_id", &Addendum::author_user_id), Col("author_name", &Addendum::author_name),
    Col("text_sealed", &Addendum::text), Col("created_at", &Addendum::created_at), Col("hash", &Addendum::hash));

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
  // A note starts as a draft, unsigned, at version 1, whatever the row passed says.
  Note draft = n;
  draft.status = NoteStatus::kDraft;
  draft.signature.reset();
  draft.cosign_required = false;
  draft.cosignature.reset();
  return db::Done(c.Exec(kNotes.Insert({"content_sealed", "visit_sealed"}),
                         kNotes.InsertValues(draft, {n.content_json, n.visit_json})));
}

Result<std::optional<Note>> FindNote(db::Connection& c, const std::string& practice_id, const std::string& id) {
  auto rows = c.Query(kNoteSelect + ", content_sealed, visit_sealed FROM notes WHERE practice_id = ? AND id = ?",
                      {practice_id, id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Note>();
  return NoteOf(rows->front(), true);
}

Result<std::vector<Note>> ListNotes(db::Connection& c, const std::string& practice_id, const std::string& client_id) {
  auto rows =
      c.Query(kNoteSelect + " FROM notes WHERE practice_id = ? AND client_id = ? ORDER BY created_at DESC, id DESC",
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
  return Notes(c.Query(kNoteSelect + " FROM notes WHERE practice_id = ? AND author_user_id = ? AND status = 'draft' "
                                     "ORDER BY created_at LIMIT 500",
                       {practice_id, user_id}));
}

Result<std::vector<Note>> AwaitingCosignBy(db::Connection& c, const std::string& practice_id,
                                           const std::string& supervisor_user_id) {
  return Notes(c.Query(
      kNoteSelect +
          " FROM notes WHERE practice_id = ? AND kind = 'progress' AND status = 'signed' AND cosign_required = 1 "
          "AND cosigned_at IS NULL AND author_user_id IN (SELECT user_id FROM clinicians WHERE practice_id = ? "
          "AND supervisor_user_id = ? AND user_id IS NOT NULL) ORDER BY signed_at LIMIT 500",
      {practice_id, practice_id, supervisor_user_id}));
}

Result<std::vector<Note>> NotesForVisits(db::Connection& c, const std::string& practice_id,
                                         const std::vector<std::string>& appointment_ids) {
  std::vector<Note> out;
  if (appointment_ids.empty()) return out;
  auto st =
      db::EachIn(c, kNoteSelect + " FROM notes WHERE practice_id = ? AND kind = 'progress' AND appointment_id ", "",
                 {practice_id}, appointment_ids, [&out](const db::Cells& r) { out.push_back(NoteOf(r, false)); });
  if (!st) return tl::unexpected(st.error());
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
  return db::Done(c.Exec(kAddenda.Insert({"practice_id"}), kAddenda.InsertValues(a, {practice_id})));
}

Result<std::vector<Addendum>> ListAddenda(db::Connection& c, const std::string& practice_id,
                                          const std::string& note_id) {
  auto rows = c.Query("SELECT " + kAddenda.Select() +
                          " FROM note_addenda WHERE practice_id = ? AND note_id = ? ORDER BY created_at, id",
                      {practice_id, note_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Addendum> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(kAddenda.Read(r));
  return out;
}

Result<bool> SetPart2(db::Connection& c, const std::string& practice_id, const std::string& id, bool part2) {
  auto n = c.Exec("UPDATE notes SET part2 = ? WHERE practice_id = ? AND id = ?",
                  {std::int64_t{part2 ? 1 : 0}, practice_id, id});
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

}  // namespace duet::records::store
