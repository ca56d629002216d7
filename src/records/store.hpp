#pragma once
// SQL for the record. Note content, visit facts and addenda arrive here already sealed: the store
// never sees clinical text in the clear.
#include <optional>
#include <string>
#include <vector>

#include "platform/db/db.hpp"
#include "records/model.hpp"

namespace duet::records::store {

//! The practice's record settings (defaults when never set).
struct Settings {
  int notes_due_hours = 48;
  bool cosign_supervised = false;
};
Result<Settings> GetSettings(db::Connection& c, const std::string& practice_id);
Status PutSettings(db::Connection& c, const std::string& practice_id, const Settings& s);

//! A practice's template copies, every version (definition JSON text).
struct StoredTemplate {
  std::string key;
  int version = 1;
  std::string definition;
};
Result<std::vector<StoredTemplate>> ListTemplates(db::Connection& c, const std::string& practice_id);
Status InsertTemplate(db::Connection& c, const std::string& practice_id, const StoredTemplate& t,
                      const std::string& created_by, EpochSeconds now);

//! `note.content_json` and `note.visit_json` hold sealed text.
Status InsertNote(db::Connection& c, const Note& note);
Result<std::optional<Note>> FindNote(db::Connection& c, const std::string& practice_id, const std::string& id);
//! A client's notes without their content (for the chart's timeline), newest first.
Result<std::vector<Note>> ListNotes(db::Connection& c, const std::string& practice_id, const std::string& client_id);
//! The notes started for these visits (without content).
//! The user's own drafts (progress and psychotherapy notes), oldest first.
Result<std::vector<Note>> DraftsBy(db::Connection& c, const std::string& practice_id, const std::string& user_id);
//! Signed progress notes waiting for this supervisor's co-signature (their supervisees' notes).
Result<std::vector<Note>> AwaitingCosignBy(db::Connection& c, const std::string& practice_id,
                                           const std::string& supervisor_user_id);
Result<std::vector<Note>> NotesForVisits(db::Connection& c, const std::string& practice_id,
                                         const std::vector<std::string>& appointment_ids);
//! Saves a draft's sealed content if it is still a draft at `version`; false otherwise.
Result<bool> UpdateDraft(db::Connection& c, const std::string& practice_id, const std::string& id,
                         const std::string& content_sealed, std::int64_t version, EpochSeconds now);
//! Signs a draft at `version`; false if it changed meanwhile.
Result<bool> Sign(db::Connection& c, const std::string& practice_id, const std::string& id, std::int64_t version,
                  const Signature& s, bool cosign_required);
Result<bool> Cosign(db::Connection& c, const std::string& practice_id, const std::string& id, const Signature& s);
//! Sets a note's Part 2 mark; false when there is no such note.
Result<bool> SetPart2(db::Connection& c, const std::string& practice_id, const std::string& id, bool part2);

Status InsertAddendum(db::Connection& c, const std::string& practice_id,
                      const Addendum& a);  // a.text holds sealed text
Result<std::vector<Addendum>> ListAddenda(db::Connection& c, const std::string& practice_id,
                                          const std::string& note_id);

}  // namespace duet::records::store
