#pragma once
// Practices, users, sessions and sign-in: the plain types.
#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "platform/clock.hpp"
#include "platform/policy.hpp"

namespace duet::identity {

struct Practice {
  std::string id;
  std::string name;
  bool mfa_required = true;
  std::string wrapped_key;
  bool is_demo = false;
  EpochSeconds created_at = 0;
};

struct User {
  std::string id;
  std::string practice_id;
  std::string email;
  std::string display_name;
  Role role = Role::kClient;
  std::string password_hash;
  std::optional<std::string> totp_secret;  // sealed with the master key
  bool totp_enabled = false;
  std::int64_t totp_last_step = 0;
  bool is_demo = false;
  int failed_logins = 0;
  EpochSeconds locked_until = 0;
  bool disabled = false;
  EpochSeconds created_at = 0;
  EpochSeconds deactivated_at = 0;
  std::string clinician_id;     // the clinician record this account signs in for, if any (read with lists)
  std::string language = "en";  // a client-side account's pages and e-mails (its own client record's, kept alike)
};

//! An invitation to join a practice as staff. Only the hash of its token is kept.
struct Invitation {
  std::string id;
  std::string practice_id;
  std::string email;
  std::string display_name;
  Role role = Role::kClinician;
  std::string clinician_id;
  std::string client_id;  // a client's own account: the client record it belongs to
  bool guardian = false;  // with client_id: the account will be a guardian of that client, not the client
  std::string invited_by;
  EpochSeconds created_at = 0;
  EpochSeconds expires_at = 0;
  EpochSeconds accepted_at = 0;
  EpochSeconds revoked_at = 0;
  std::string user_id;
};

enum class InvitationState { kPending, kAccepted, kRevoked, kExpired };
constexpr auto NamesOf(const InvitationState*) {
  using P = std::pair<InvitationState, std::string_view>;
  return std::array{P{InvitationState::kPending, "pending"}, P{InvitationState::kAccepted, "accepted"},
                    P{InvitationState::kRevoked, "revoked"}, P{InvitationState::kExpired, "expired"}};
}

//! A change an owner asks for on a staff account.
struct UserChange {
  std::optional<Role> role;
  std::optional<bool> active;
};

//! What the rule needs to know about the practice when a user changes.
struct UserChangeFacts {
  std::string actor_user_id;
  int active_owners = 0;  // active owner accounts in the practice, the target included
};

//! An API token as the practice sees it (the secret is shown once; only its hash is kept).
enum class TokenScope { kReadOnly, kReadWrite };
constexpr auto NamesOf(const TokenScope*) {
  using P = std::pair<TokenScope, std::string_view>;
  return std::array{P{TokenScope::kReadOnly, "read_only"}, P{TokenScope::kReadWrite, "read_write"}};
}
//! New tokens expire after this many days unless asked otherwise (1 to 730).
inline constexpr int kDefaultTokenDays = 90;
struct ApiToken {
  std::string id;
  std::string practice_id;
  std::string user_id;
  std::string user_email;
  std::string name;
  TokenScope scope = TokenScope::kReadWrite;
  EpochSeconds created_at = 0;
  EpochSeconds last_used_at = 0;  // 0: never; written at most hourly
  EpochSeconds expires_at = 0;    // 0: never (tokens made before expiry existed)
  EpochSeconds revoked_at = 0;
};

//! A server-side session. `id` is the BLAKE2b hash of the cookie secret, never the secret.
struct Session {
  std::string id;
  std::string practice_id;
  std::string user_id;
  std::string csrf_token;
  std::string stage;  // "full" | "mfa_enroll"
  EpochSeconds created_at = 0;
  EpochSeconds last_seen_at = 0;
  std::string acting_client_id;  // client-side sessions: whose pages the account chose to look at
};

//! Idle and absolute session lifetimes (HIPAA §164.312(a)(2)(iii), automatic logoff).
struct SessionLimits {
  EpochSeconds idle_seconds = 15 * 60;
  EpochSeconds absolute_seconds = 12 * 60 * 60;
};

//! How many wrong passwords or codes lock an account, and for how long.
struct LockoutPolicy {
  int max_failures = 5;
  EpochSeconds lock_seconds = 15 * 60;
};

enum class SessionVerdict { kValid, kIdleExpired, kAbsoluteExpired };

//! What the second factor requires at sign-in.
enum class MfaStep {
  kNone,    // no second factor (clients, demo users, practices that turned it off)
  kVerify,  // the user has TOTP: a code is required
  kEnroll,  // staff must enrol before doing anything else
};

//! The account state after one more failed attempt.
struct FailureOutcome {
  int failed_logins = 0;
  EpochSeconds locked_until = 0;
  bool just_locked = false;
};

}  // namespace duet::identity
