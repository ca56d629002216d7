#include "intake/store.hpp"

#include "platform/names.hpp"

namespace duet::intake::store {
namespace {

constexpr const char* kResponseColumns =
    "id, client_id, form_key, form_version, form_name, status, content_sealed, COALESCE(sent_by, ''), created_at, "
    "updated_at, COALESCE(submitted_at, 0), COALESCE(document_id, '')";

Response ResponseFrom(const db::Row& r) {
  Response x;
  x.id = r.Text(0);
  x.client_id = r.Text(1);
  x.form_key = r.Text(2);
  x.form_version = static_cast<int>(r.Int(3));
  x.form_name = r.Text(4);
  x.status = ParseName<ResponseStatus>(r.Text(5)).value_or(ResponseStatus::kDraft);
  x.content_json = r.Text(6);
  x.sent_by = r.Text(7);
  x.created_at = r.Int(8);
  x.updated_at = r.Int(9);
  x.submitted_at = r.Int(10);
  x.document_id = r.Text(11);
  return x;
}

Result<std::vector<Response>> Responses(Result<std::vector<db::Row>> rows) {
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Response> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(ResponseFrom(r));
  return out;
}

}  // namespace

Result<std::vector<StoredForm>> ListForms(db::Connection& c, const std::string& practice_id) {
  auto rows =
      c.Query("SELECT form_key, version, definition FROM intake_forms WHERE practice_id = ? ORDER BY form_key, version",
              {practice_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<StoredForm> out;
  for (const auto& r : *rows) out.push_back({r.Text(0), static_cast<int>(r.Int(1)), r.Text(2)});
  return out;
}

Status InsertForm(db::Connection& c, const std::string& practice_id, const StoredForm& form,
                  const std::string& created_by, EpochSeconds now) {
  return db::Done(c.Exec(
      "INSERT INTO intake_forms (practice_id, form_key, version, definition, created_by, created_at) VALUES (?, ?, ?, "
      "?, ?, ?)",
      {practice_id, form.key, std::int64_t{form.version}, form.definition, db::OrNull(created_by), now}));
}

Status InsertResponse(db::Connection& c, const std::string& practice_id, const Response& r) {
  return db::Done(
      c.Exec("INSERT INTO intake_responses (id, practice_id, client_id, form_key, form_version, form_name, status, "
             "content_sealed, sent_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?)",
             {r.id, practice_id, r.client_id, r.form_key, std::int64_t{r.form_version}, r.form_name, r.content_json,
              db::OrNull(r.sent_by), r.created_at, r.updated_at}));
}

Result<std::vector<Response>> ListResponses(db::Connection& c, const std::string& practice_id,
                                            const std::string& client_id) {
  return Responses(c.Query(std::string("SELECT ") + kResponseColumns +
                               " FROM intake_responses WHERE practice_id = ? AND client_id = ? ORDER BY created_at "
                               "DESC, id DESC LIMIT 500",
                           {practice_id, client_id}));
}

Result<std::optional<Response>> FindResponse(db::Connection& c, const std::string& practice_id, const std::string& id) {
  auto found = Responses(
      c.Query(std::string("SELECT ") + kResponseColumns + " FROM intake_responses WHERE practice_id = ? AND id = ?",
              {practice_id, id}));
  if (!found) return tl::unexpected(found.error());
  if (found->empty()) return std::optional<Response>{};
  return std::optional(std::move(found->front()));
}

Result<std::optional<Response>> OpenDraft(db::Connection& c, const std::string& practice_id,
                                          const std::string& client_id, const std::string& form_key) {
  auto found = Responses(c.Query(std::string("SELECT ") + kResponseColumns +
                                     " FROM intake_responses WHERE practice_id = ? AND client_id = ? AND form_key = ? "
                                     "AND status = 'draft' ORDER BY created_at DESC LIMIT 1",
                                 {practice_id, client_id, form_key}));
  if (!found) return tl::unexpected(found.error());
  if (found->empty()) return std::optional<Response>{};
  return std::optional(std::move(found->front()));
}

Result<std::int64_t> SaveDraft(db::Connection& c, const std::string& practice_id, const std::string& id,
                               const std::string& content_sealed, EpochSeconds now) {
  return c.Exec(
      "UPDATE intake_responses SET content_sealed = ?, updated_at = ? WHERE practice_id = ? AND id = ? AND status = "
      "'draft'",
      {content_sealed, now, practice_id, id});
}

Result<std::int64_t> Submit(db::Connection& c, const std::string& practice_id, const std::string& id,
                            const std::string& content_sealed, EpochSeconds now) {
  return c.Exec(
      "UPDATE intake_responses SET content_sealed = ?, updated_at = ?, submitted_at = ?, status = 'submitted' WHERE "
      "practice_id = ? AND id = ? AND status = 'draft'",
      {content_sealed, now, now, practice_id, id});
}

Status SetDocument(db::Connection& c, const std::string& practice_id, const std::string& id,
                   const std::string& document_id) {
  return db::Done(c.Exec("UPDATE intake_responses SET document_id = ? WHERE practice_id = ? AND id = ?",
                         {document_id, practice_id, id}));
}

Status Reopen(db::Connection& c, const std::string& practice_id, const std::string& id) {
  return db::Done(
      c.Exec("UPDATE intake_responses SET status = 'draft', submitted_at = NULL WHERE practice_id = ? AND id = ?",
             {practice_id, id}));
}

}  // namespace duet::intake::store
