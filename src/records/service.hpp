#pragma once
// Record use cases: templates, starting a note for a visit (pre-filled with the visit's facts, for
// both modes), autosaving a draft, signing (who, when, hash of the content), co-signing, addenda,
// the overdue list. Note text is sealed with the practice's data key before it reaches the store.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "documents/service.hpp"
#include "identity/service.hpp"
#include "measures/service.hpp"
#include "platform/crypto.hpp"
#include "platform/db/db.hpp"
#include "practice/service.hpp"
#include "records/model.hpp"
#include "records/store.hpp"
#include "scheduling/service.hpp"
#include "telehealth/service.hpp"

namespace duet::records {

using practice::Origin;

//! A note as shown: content opened, addenda, and what the principal may do with it.
struct NoteView {
  Note note;
  std::vector<Addendum> addenda;
  NoteAccess access;
};

//! What starting a note needs.
struct NewNote {
  std::string client_id;
  std::string appointment_id;  // optional
  std::string template_key;
};

class Service {
 public:
  //! What else happens when a progress note is signed (billing makes the visit's charge): the hook reads
  //! what it needs before the signing transaction and returns the write to run inside it, so the note
  //! and what follows from it are saved together.
  using SignedWrite = std::function<Status(db::Connection&)>;
  using SignedHook = std::function<Result<SignedWrite>(const Principal&, const Note&, EpochSeconds)>;
  void OnNoteSigned(SignedHook hook) { signed_hooks_.push_back(std::move(hook)); }
  //! The rows a new note's table field named `field_id` starts with, given the field's columns (care/ fills
  //! "medications" from the client's medication list, so a medication-management note opens with it).
  using TablePrefill = std::function<Result<std::vector<std::vector<std::string>>>(
      const Principal&, const std::string& client_id, const std::vector<std::string>& columns, const Origin&)>;
  void PrefillTable(std::string field_id, TablePrefill fill) {
    table_prefills_.emplace_back(std::move(field_id), std::move(fill));
  }
  //! Whether the client agreed that their care team read each other's signed notes (care/ keeps the
  //! agreement). Without it no member reads another's note.
  using NoteSharing = std::function<Result<TeamConsent>(const std::string& practice_id, const std::string& client_id)>;
  void SetNoteSharing(NoteSharing sharing) { note_sharing_ = std::move(sharing); }

  //! `built_in_json` is data/note_templates.json (compiled into the binary).
  Service(db::Database& db, const Clock& clock, identity::Service& identity, practice::Service& directory,
          scheduling::Service& scheduling, telehealth::Service& telehealth, documents::Service& documents,
          measures::Service& measures, std::string_view built_in_json);

  //! Built-in templates with the practice's own versions (the newest of each key first in use).
  Result<std::vector<Template>> Templates(const Principal& who);
  //! One template: a version of it (as notes written with it keep), or the newest in use.
  Result<Template> GetTemplate(const Principal& who, const std::string& key, std::optional<int> version);
  //! A practice's copy or adaptation of a template: stored as the next version of its key.
  Result<Template> SaveTemplate(const Principal& who, Template t, const Origin& origin);

  Result<NoteView> StartNote(const Principal& who, const NewNote& request, const Origin& origin);
  Result<NoteView> GetNote(const Principal& who, const std::string& id, const Origin& origin);
  //! A client's notes the principal may read, without content (the chart timeline; an author also
  //! sees their own psychotherapy notes here).
  Result<std::vector<Note>> ListNotes(const Principal& who, const std::string& client_id, const Origin& origin);
  //! The notes that are part of the record: progress notes only, never psychotherapy notes, whoever
  //! asks. Everything that lets the record leave the practice (exports, releases) reads these.
  Result<std::vector<Note>> RecordNotes(const Principal& who, const std::string& client_id, const Origin& origin);
  //! Autosave: replaces a draft's content (JSON object) if `version` is current (409 otherwise).
  Result<NoteView> SaveDraft(const Principal& who, const std::string& id, const std::string& content_json,
                             std::int64_t version, const Origin& origin);
  Result<NoteView> Sign(const Principal& who, const std::string& id, std::int64_t version, const Origin& origin);
  Result<NoteView> Cosign(const Principal& who, const std::string& id, const Origin& origin);
  //! Marks a note as a substance-use-disorder record (42 CFR Part 2), or unmarks it, drafts and signed notes alike
  //! (a classification, not a change of what was written): its author or the owner.
  Result<NoteView> MarkPart2(const Principal& who, const std::string& id, bool part2, const Origin& origin);
  Result<NoteView> AddAddendum(const Principal& who, const std::string& id, const std::string& text,
                               const Origin& origin);
  //! Visits of the last 30 days that ended without a signed note past the practice's allowance: the
  //! principal's own, or a clinician's (owner, supervisor).
  //! The caller's note work: their visits of the last 30 days with no note yet, their drafts, and
  //! their supervisees' signed notes waiting for a co-signature; each with the client's name.
  Result<std::vector<NoteTask>> Work(const Principal& who, const Origin& origin);
  //! The facts a note of this visit would start with (billing's charge made when the visit ends).
  Result<std::string> FactsOfVisit(const Principal& who, const std::string& client_id,
                                   const std::string& appointment_id) {
    return VisitFacts(who, {client_id, appointment_id, ""}, Origin{});
  }
  Result<std::vector<OverdueVisit>> Overdue(const Principal& who, const std::optional<std::string>& clinician_id,
                                            const Origin& origin);

  Result<store::Settings> GetSettings(const Principal& who);
  Result<store::Settings> PutSettings(const Principal& who, store::Settings settings, const Origin& origin);

 private:
  std::vector<SignedHook> signed_hooks_;
  std::vector<std::pair<std::string, TablePrefill>> table_prefills_;
  NoteSharing note_sharing_;
  //! Whether the team shares notes for this client (false without the hook).
  Result<TeamConsent> TeamSharesNotes(const std::string& practice_id, const std::string& client_id);
  Result<Template> FindTemplate(const std::string& practice_id, const std::string& key, std::optional<int> version);
  std::map<std::string, NoteKind> KindsByKey(const std::vector<store::StoredTemplate>& stored) const;
  std::optional<Template> StoredToTemplate(const store::StoredTemplate& s, const std::string& practice_id,
                                           const std::map<std::string, NoteKind>& kinds) const;
  Result<std::string> SealFor(const std::string& practice_id, const std::string& text, const std::string& context);
  Result<std::string> OpenFor(const std::string& practice_id, const std::string& sealed, const std::string& context);
  //! Loads a note with its access for the principal; not found if they may not read it.
  Result<NoteView> Load(const Principal& who, const std::string& id, bool with_content);
  //! Every measure embed names results of this note's client.
  Status CheckMeasureEmbeds(const Template& t, const Content& content, const Note& note);
  //! `joint`: the facts of the joint clinician's part of a joint visit (by video into the in-person visit).
  Result<std::string> VisitFacts(const Principal& who, const NewNote& request, const Origin& origin,
                                 bool joint = false);

  db::Database& db_;
  const Clock& clock_;
  identity::Service& identity_;
  practice::Service& directory_;
  scheduling::Service& scheduling_;
  telehealth::Service& telehealth_;
  documents::Service& documents_;
  measures::Service& measures_;
  std::vector<Template> built_in_;
};

//! Parses a template definition (the JSON shape of data/note_templates.json).
Result<Template> TemplateFromJson(std::string_view text);
std::string TemplateToJson(const Template& t);
//! Reads note content JSON ({"section.field": value}) against a template: shapes that cannot be
//! read are field errors (bad values in the right shape are left to ValidateContent).
Result<Content> ContentFromJson(const Template& t, std::string_view text);

}  // namespace duet::records
