#pragma once
// SQL for measures and alerts. Answers arrive sealed.
#include <optional>
#include <string>
#include <vector>

#include "measures/model.hpp"
#include "platform/db/db.hpp"

namespace duet::measures::store {

struct StoredRequest {
  Request request;
  std::string practice_id;
};
Status InsertRequest(db::Connection& c, const std::string& practice_id, const Request& r, const std::string& token_hash,
                     const std::string& requested_by);
Result<std::optional<StoredRequest>> FindRequestByToken(db::Connection& c, const std::string& token_hash);
//! A client's questionnaires sent and still open (not completed, not expired), oldest first.
Result<std::vector<Request>> OpenRequests(db::Connection& c, const std::string& practice_id,
                                          const std::string& client_id, EpochSeconds now);
//! Gives an open request a new link (the old one stops working); false when it is not open.
Result<bool> ReplaceToken(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                          const std::string& id, const std::string& token_hash, EpochSeconds now);
//! Marks a request completed unless it already was; false when someone completed it first.
Result<bool> CompleteRequest(db::Connection& c, const std::string& practice_id, const std::string& id,
                             const std::string& response_id, EpochSeconds now);

//! `r.answers` travel as `answers_sealed`.
Status InsertResponse(db::Connection& c, const std::string& practice_id, const Response& r,
                      const std::string& answers_sealed);
//! A client's responses, oldest first, with their sealed answers.
Result<std::vector<std::pair<Response, std::string>>> ListResponses(db::Connection& c, const std::string& practice_id,
                                                                    const std::string& client_id);

Status InsertAlert(db::Connection& c, const std::string& practice_id, const Alert& a);
//! The practice's open alerts, newest first (the service keeps those the principal may see).
Result<std::vector<Alert>> OpenAlerts(db::Connection& c, const std::string& practice_id);
Result<std::optional<Alert>> FindAlert(db::Connection& c, const std::string& practice_id, const std::string& id);
Result<bool> Acknowledge(db::Connection& c, const std::string& practice_id, const std::string& id,
                         const std::string& user_id, EpochSeconds now);

//! `o.comment` travels as `comment_sealed` (empty: NULL).
Status InsertObservation(db::Connection& c, const std::string& practice_id, const Observation& o,
                         const std::string& comment_sealed);
//! A client's observations, oldest first (by the day observed, then entry), with their sealed comments.
Result<std::vector<std::pair<Observation, std::string>>> ListObservations(db::Connection& c,
                                                                          const std::string& practice_id,
                                                                          const std::string& client_id);
//! Marks an observation entered in error unless it already was; false when it was (or is not this client's).
Result<bool> VoidObservation(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                             const std::string& id, const std::string& user_id, const std::string& reason,
                             EpochSeconds now);

}  // namespace duet::measures::store
