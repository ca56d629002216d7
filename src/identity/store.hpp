#pragma once
// SQL for practices, users, sessions and API tokens. Nothing else in identity runs SQL.
#include <optional>
#include <string>
#include <vector>

#include "identity/model.hpp"
#include "platform/db/db.hpp"

namespace duet::identity::store {

Status InsertPractice(db::Connection& c, const Practice& p);
Result<std::optional<Practice>> FindPractice(db::Connection& c, const std::string& id);
Status SetPracticeMfaRequired(db::Connection& c, const std::string& id, bool required);
Result<std::int64_t> CountPractices(db::Connection& c);

Status InsertUser(db::Connection& c, const User& u);
Result<std::optional<User>> FindUserByEmail(db::Connection& c, const std::string& email);
Result<std::optional<User>> FindUser(db::Connection& c, const std::string& practice_id, const std::string& id);
Result<std::vector<User>> ListUsers(db::Connection& c, const std::string& practice_id);
Status RecordFailure(db::Connection& c, const std::string& user_id, int failed_logins, EpochSeconds locked_until);
Status ClearFailures(db::Connection& c, const std::string& user_id);
Status SetPendingTotp(db::Connection& c, const std::string& user_id, const std::string& sealed_secret);
Status EnableTotp(db::Connection& c, const std::string& user_id, std::int64_t step);
Status SetTotpLastStep(db::Connection& c, const std::string& user_id, std::int64_t step);

Status InsertSession(db::Connection& c, const Session& s, const std::string& ip);
//! The session with its user and practice, by session id (hash).
struct SessionRow {
  Session session;
  User user;
  std::string practice_name;
};
Result<std::optional<SessionRow>> FindSession(db::Connection& c, const std::string& id);
Status TouchSession(db::Connection& c, const std::string& id, EpochSeconds now);
Status SetSessionStage(db::Connection& c, const std::string& id, const std::string& stage);
Status DeleteSession(db::Connection& c, const std::string& id);

Status InsertToken(db::Connection& c, const std::string& id, const std::string& practice_id, const std::string& user_id,
                   const std::string& token_hash, EpochSeconds now);
//! The token's user and practice name, by token hash, if not revoked.
Result<std::optional<std::pair<User, std::string>>> FindToken(db::Connection& c, const std::string& token_hash);

}  // namespace duet::identity::store
