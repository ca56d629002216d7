#pragma once
// SQL for intake forms and the answers to them (content_json sealed by the caller).
#include <optional>
#include <string>
#include <vector>

#include "intake/model.hpp"
#include "platform/db/db.hpp"

namespace duet::intake::store {

struct StoredForm {
  std::string key;
  int version = 0;
  std::string definition;  // the Form as JSON
};
//! The practice's form versions, by key and version.
Result<std::vector<StoredForm>> ListForms(db::Connection& c, const std::string& practice_id);
//! Conflict when the version exists (two owners saving at once).
Status InsertForm(db::Connection& c, const std::string& practice_id, const StoredForm& form,
                  const std::string& created_by, EpochSeconds now);

Status InsertResponse(db::Connection& c, const std::string& practice_id, const Response& r);
//! The client's responses, newest first.
Result<std::vector<Response>> ListResponses(db::Connection& c, const std::string& practice_id,
                                            const std::string& client_id);
Result<std::optional<Response>> FindResponse(db::Connection& c, const std::string& practice_id, const std::string& id);
//! The client's draft of a form, if one is open.
Result<std::optional<Response>> OpenDraft(db::Connection& c, const std::string& practice_id,
                                          const std::string& client_id, const std::string& form_key);
//! Saves a draft's answers (0 rows: submitted meanwhile).
Result<std::int64_t> SaveDraft(db::Connection& c, const std::string& practice_id, const std::string& id,
                               const std::string& content_sealed, EpochSeconds now);
//! Locks a draft with its final answers (0 rows: submitted meanwhile).
Result<std::int64_t> Submit(db::Connection& c, const std::string& practice_id, const std::string& id,
                            const std::string& content_sealed, EpochSeconds now);
//! The chart document made of a submitted form.
Status SetDocument(db::Connection& c, const std::string& practice_id, const std::string& id,
                   const std::string& document_id);
//! Opens a submitted form again as a draft (its chart copy could not be made).
Status Reopen(db::Connection& c, const std::string& practice_id, const std::string& id);

}  // namespace duet::intake::store
