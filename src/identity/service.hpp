#pragma once
// Sign-in, sessions, MFA, API tokens, practices and their users: the use cases.
#include <memory>
#include <mutex>
#include <optional>
#include <semaphore>
#include <string>
#include <unordered_map>
#include <vector>

#include "identity/model.hpp"
#include "platform/audit.hpp"
#include "platform/clock.hpp"
#include "platform/crypto.hpp"
#include "platform/db/db.hpp"
#include "platform/policy.hpp"

namespace duet::identity {

//! Where a request came from, for audit and throttling.
struct Origin {
  std::string ip;
  std::string request_id;
};

struct LoginRequest {
  std::string email;
  std::string password;
  std::optional<std::string> totp;
};

struct LoginResult {
  Principal principal;
  std::string session_token;  // the cookie value; only its hash is stored
};

struct MfaEnrollment {
  std::string secret;
  std::string otpauth_uri;
  std::string qr_svg;
};

struct NewPractice {
  std::string name;
  std::string owner_email;
  std::string owner_name;
  std::string owner_password;
  bool is_demo = false;
};

struct NewUser {
  std::string email;
  std::string display_name;
  Role role = Role::kClient;
  std::string password;
  bool is_demo = false;
};

//! Options the operator can set.
struct Options {
  SessionLimits limits;
  LockoutPolicy lockout;
  int login_attempts_per_ip_per_minute = 60;
};

class Service {
 public:
  Service(db::Database& db, const crypto::Keyring& keys, const Clock& clock, Options options);

  //! Checks the password (and TOTP when enrolled); creates a session. Failed attempts count towards lockout.
  Result<LoginResult> Login(const LoginRequest& request, const Origin& origin);
  //! Ends the principal's session.
  Status Logout(const Principal& who, const Origin& origin);
  //! The principal for a session cookie value; idle and absolute timeouts end the session.
  Result<Principal> AuthenticateSession(const std::string& token);
  //! The principal for a Bearer API token.
  Result<Principal> AuthenticateToken(const std::string& token);

  //! A fresh TOTP secret for the principal (replacing any not yet confirmed).
  Result<MfaEnrollment> BeginMfaEnrollment(const Principal& who, const Origin& origin);
  //! Confirms enrolment with a code from the app; the session becomes a full session.
  Status ConfirmMfa(const Principal& who, const std::string& code, const Origin& origin);

  //! Creates a practice with its owner (CLI and demo seeding). Returns the practice id.
  Result<std::string> CreatePractice(const NewPractice& request);
  //! Adds a user to a practice (CLI and demo seeding). Returns the user id.
  Result<std::string> CreateUser(const std::string& practice_id, const NewUser& request);
  //! Creates an API token for the user with that e-mail; returns the token (shown once).
  Result<std::string> CreateApiToken(const std::string& email);
  //! The session limits in force (the web app warns before the idle limit).
  const SessionLimits& limits() const { return options_.limits; }
  //! Number of practices (to decide whether to seed the demo).
  Result<std::int64_t> CountPractices();

  //! The principal's practice.
  Result<Practice> GetPractice(const Principal& who);
  //! A practice without a principal (its name for public pages, its key for sealing).
  Result<Practice> PracticeById(const std::string& practice_id);
  //! The practice's data key, for modules that seal and open its clinical text.
  Result<crypto::DataKey> DataKeyFor(const std::string& practice_id);
  //! Changes practice settings (owner only; checked by policy).
  Result<Practice> UpdatePractice(const Principal& who, std::optional<bool> mfa_required, const Origin& origin);
  //! Users of the principal's practice.
  Result<std::vector<User>> ListUsers(const Principal& who);
  //! Audit events of the principal's practice, newest first.
  Result<std::vector<audit::Stored>> ListAudit(const Principal& who, const std::optional<std::string>& client_id,
                                               std::int64_t before_seq, int limit, const Origin& origin);

  //! Deletes sessions past their idle or absolute limit (a background job); how many went.
  Result<std::int64_t> SweepSessions();

 private:
  Status ThrottleIp(const std::string& ip);
  bool CheckPassword(const std::string& stored_hash, const std::string& password);
  Status RecordFailedAttempt(const User& user, const Origin& origin, std::string_view action);
  Principal PrincipalFor(const User& user, const std::string& practice_name) const;

  db::Database& db_;
  const crypto::Keyring& keys_;
  const Clock& clock_;
  Options options_;
  // Argon2id uses 64 MiB and ~75 ms per hash: at most two at once so a burst cannot exhaust memory.
  std::counting_semaphore<2> hashing_{2};
  std::mutex throttle_mutex_;
  std::unordered_map<std::string, std::pair<EpochSeconds, int>> attempts_by_ip_;
};

}  // namespace duet::identity
