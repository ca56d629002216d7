#pragma once
// SQL for record requests (the right of access).
#include <optional>
#include <string>
#include <vector>

#include "access/model.hpp"
#include "platform/db/db.hpp"

namespace duet::access::store {

//! False when the client already has an open request (one at a time).
Result<bool> InsertRequest(db::Connection& c, const std::string& practice_id, const RecordRequest& r,
                           const std::string& requested_by);
//! A client's requests (newest first), or the practice's open ones (soonest due first) when client_id is empty.
Result<std::vector<RecordRequest>> ListRequests(db::Connection& c, const std::string& practice_id,
                                                const std::string& client_id);
Result<std::optional<RecordRequest>> FindRequest(db::Connection& c, const std::string& practice_id,
                                                 const std::string& id);
//! Marks an open request delivered with its document; false when it was not open.
Result<bool> MarkDelivered(db::Connection& c, const std::string& practice_id, const std::string& id,
                           const std::string& document_id, const std::string& by, EpochSeconds at);

}  // namespace duet::access::store
