#pragma once
// SQL for chart documents; bytes arrive sealed.
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "documents/model.hpp"
#include "platform/db/db.hpp"

namespace duet::documents::store {

Status Insert(db::Connection& c, const std::string& practice_id, const Document& d, const std::string& content_sealed);
//! A client's documents (metadata only), newest first.
//! Clients of the practice with a signed consent of this kind on file (one query for a whole list).
Result<std::unordered_set<std::string>> ClientsWithConsent(db::Connection& c, const std::string& practice_id,
                                                           Kind kind);
Result<std::vector<Document>> List(db::Connection& c, const std::string& practice_id, const std::string& client_id);
//! Shares a document with its client in the portal (or stops); false when there is no such document.
//! A document's yes-or-no marks: shared with the client; a Part 2 record.
enum class Flag { kShared, kPart2 };
Result<bool> SetFlag(db::Connection& c, const std::string& practice_id, const std::string& id, Flag flag, bool on);
//! One document with its sealed content.
Result<std::optional<std::pair<Document, std::string>>> Find(db::Connection& c, const std::string& practice_id,
                                                             const std::string& id);

}  // namespace duet::documents::store
