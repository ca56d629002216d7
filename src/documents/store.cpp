#include "documents/store.hpp"

#include "documents/rules.hpp"
#include "platform/db/columns.hpp"

namespace duet::documents::store {
namespace {
using db::Col;
constexpr db::ColumnRules kNullable{.null_when_empty = true};

// The content is sealed by the service and stored beside these (content_sealed); lists leave it out.
const auto kDocuments = db::Table<Document>(
    "documents", Col("id", &Document::id), Col("client_id", &Document::client_id), Col("kind", &Document::kind),
    Col("title", &Document::title), Col("content_type", &Document::content_type), Col("size", &Document::size),
    Col("document_date", &Document::document_date), Col("uploaded_by", &Document::uploaded_by),
    Col("created_at", &Document::created_at), Col("signed_name", &Document::signed_name, kNullable),
    Col("witnessed_by", &Document::witnessed_by, kNullable), Col("signed_at", &Document::signed_at),
    Col("category", &Document::category, kNullable), Col("shared_with_client", &Document::shared_with_client),
    Col("part2", &Document::part2));

const std::string kSelect = "SELECT " + kDocuments.Select();
}  // namespace

Status Insert(db::Connection& c, const std::string& practice_id, const Document& d, const std::string& content_sealed) {
  return db::Done(c.Exec(kDocuments.Insert({"practice_id", "content_sealed"}),
                         kDocuments.InsertValues(d, {practice_id, content_sealed})));
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
  auto rows =
      c.Query(kSelect + " FROM documents WHERE practice_id = ? AND client_id = ? ORDER BY created_at DESC, id DESC",
              {practice_id, client_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Document> out;
  for (const auto& r : *rows) out.push_back(kDocuments.Read(r));
  return out;
}

Result<bool> SetFlag(db::Connection& c, const std::string& practice_id, const std::string& id, Flag flag, bool on) {
  auto n = c.Exec(std::string("UPDATE documents SET ") + (flag == Flag::kShared ? "shared_with_client" : "part2") +
                      " = ? WHERE practice_id = ? AND id = ?",
                  {std::int64_t{on ? 1 : 0}, practice_id, id});
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

Result<std::optional<std::pair<Document, std::string>>> Find(db::Connection& c, const std::string& practice_id,
                                                             const std::string& id) {
  auto rows = c.Query(kSelect + ", content_sealed FROM documents WHERE practice_id = ? AND id = ?", {practice_id, id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<std::pair<Document, std::string>>();
  return std::make_pair(kDocuments.Read(rows->front()), rows->front().Text(kDocuments.size()));
}

}  // namespace duet::documents::store
