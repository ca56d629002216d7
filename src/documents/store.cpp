#include "documents/store.hpp"

#include "documents/rules.hpp"

namespace duet::documents::store {
namespace {
constexpr const char* kColumns =
    "SELECT id, client_id, kind, title, content_type, size, document_date, uploaded_by, created_at, signed_name, "
    "witnessed_by, signed_at, "
    "category";
constexpr std::size_t kColumnCount = 13;  // the column after kColumns is the sealed content

Document DocumentOf(const db::Row& r) {
  Document d;
  d.id = r.Text(0);
  d.client_id = r.Text(1);
  d.kind = ParseKind(r.Text(2)).value_or(Kind::kDocument);
  d.title = r.Text(3);
  d.content_type = r.Text(4);
  d.size = r.Int(5);
  d.document_date = ParseDate(r.Text(6));
  d.uploaded_by = r.Text(7);
  d.created_at = r.Int(8);
  d.signed_name = r.Text(9);
  d.witnessed_by = r.Text(10);
  d.signed_at = r.OptInt(11);
  d.category = r.Text(12);
  return d;
}
}  // namespace

Status Insert(db::Connection& c, const std::string& practice_id, const Document& d, const std::string& content_sealed) {
  return db::Done(
      c.Exec("INSERT INTO documents (id, practice_id, client_id, kind, title, content_type, size, content_sealed, "
             "document_date, uploaded_by, "
             "created_at, signed_name, witnessed_by, signed_at, category) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
             "?, ?, ?)",
             {d.id, practice_id, d.client_id, std::string(KindName(d.kind)), d.title, d.content_type, d.size,
              content_sealed, d.document_date ? db::Value(FormatDate(*d.document_date)) : db::Value(), d.uploaded_by,
              d.created_at, db::OrNull(d.signed_name), db::OrNull(d.witnessed_by),
              d.signed_at ? db::Value(*d.signed_at) : db::Value(), db::OrNull(d.category)}));
}

Result<std::unordered_set<std::string>> ClientsWithConsent(db::Connection& c, const std::string& practice_id,
                                                           Kind kind) {
  auto rows =
      c.Query("SELECT DISTINCT client_id FROM documents WHERE practice_id = ? AND kind = ? AND signed_at IS NOT NULL",
              {practice_id, std::string(KindName(kind))});
  if (!rows) return tl::unexpected(rows.error());
  std::unordered_set<std::string> out;
  for (const auto& r : *rows) out.insert(r.Text(0));
  return out;
}

Result<std::vector<Document>> List(db::Connection& c, const std::string& practice_id, const std::string& client_id) {
  auto rows = c.Query(std::string(kColumns) +
                          " FROM documents WHERE practice_id = ? AND client_id = ? ORDER BY created_at DESC, id DESC",
                      {practice_id, client_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Document> out;
  for (const auto& r : *rows) out.push_back(DocumentOf(r));
  return out;
}

Result<std::optional<std::pair<Document, std::string>>> Find(db::Connection& c, const std::string& practice_id,
                                                             const std::string& id) {
  auto rows = c.Query(std::string(kColumns) + ", content_sealed FROM documents WHERE practice_id = ? AND id = ?",
                      {practice_id, id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<std::pair<Document, std::string>>();
  return std::make_pair(DocumentOf(rows->front()), rows->front().Text(kColumnCount));
}

}  // namespace duet::documents::store
