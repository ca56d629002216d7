#pragma once
// Sign-in rules: pure functions, no I/O, no clock.
#include <string>
#include <string_view>

#include "identity/model.hpp"
#include "platform/result.hpp"

namespace duet::identity {

//! Whether a session is still valid at `now` (idle and absolute limits, inclusive of the edge second).
SessionVerdict CheckSession(EpochSeconds created_at, EpochSeconds last_seen_at, EpochSeconds now,
                            const SessionLimits& limits);
//! True when last_seen is stale enough to be worth a write (keeps the hot path read-only).
bool ShouldTouchSession(EpochSeconds last_seen_at, EpochSeconds now);
//! The second-factor step for this user at sign-in.
MfaStep RequiredMfa(Role role, bool practice_requires_mfa, bool user_is_demo, bool totp_enabled);
//! True while the account is locked.
bool IsLocked(EpochSeconds locked_until, EpochSeconds now);
//! Sign-in attempts are counted before the password is checked, atomically, so racing attempts each
//! get their own number (`attempt`, 1 for the first since the last success or lock). Only the first
//! `max_failures` are checked; any beyond are refused unchecked.
bool MayCheckAttempt(int attempt, const LockoutPolicy& policy);
//! The account state after attempt number `attempt` failed: the one that reaches the limit (or any
//! beyond it) locks the account for the policy's time and starts the count again.
FailureOutcome OnFailedAttempt(int attempt, EpochSeconds now, const LockoutPolicy& policy);
//! A lower-cased, trimmed e-mail address, or a field error.
Result<std::string> NormalizeEmail(std::string_view email);
//! Where an invitation stands at `now` (it lasts until its expiry second, exclusive).
InvitationState StateOf(const Invitation& invitation, EpochSeconds now);
//! An invitation may be accepted while pending (rules `invitation_used`, `invitation_revoked`, `invitation_expired`).
Status MayAccept(const Invitation& invitation, EpochSeconds now);
//! The roles staff can be invited as: every staff role (clients join through the portal).
bool InvitableRole(Role role);
//! A clinician record can be linked to an account that acts as a clinician: clinician, supervisor or owner.
bool MayLinkClinician(Role role);
//! Tokens: "read_only" | "read_write".
std::string_view TokenScopeName(TokenScope scope);
std::optional<TokenScope> ParseTokenScope(std::string_view name);
//! A token signs in while neither revoked nor expired (at its expiry second it no longer does).
bool TokenValid(const ApiToken& token, EpochSeconds now);
//! A read-only token may only read (GET and HEAD).
bool TokenAllowsMethod(TokenScope scope, std::string_view method);
//! The last use is written at most once an hour, so authenticating stays a read.
bool ShouldRecordTokenUse(EpochSeconds last_used_at, EpochSeconds now);

//! What an invitation may name: staff roles may name a clinician record (clinician, supervisor,
//! owner only); a client's account must name its client record and nothing else (invalid `role`).
Status MayInvite(Role role, bool names_clinician, bool names_client);
//! Whether an owner may make this change to a user: nobody changes their own role or deactivates
//! themself (rule `self`); the last active owner stays an active owner (rule `last_owner`); client
//! accounts are not staff and staff do not become clients (invalid `role`).
Status MayChangeUser(const User& target, const UserChange& change, const UserChangeFacts& facts);
//! A reset of someone's two-step sign-in needs a reason (at least 10 characters) and is not done
//! to oneself (rule `self`): another owner resets an owner's.
Status MayResetMfa(const User& target, const std::string& actor_user_id, std::string_view reason);

//! Passwords need at least 12 characters and at most 200 (NIST SP 800-63B §5.1.1.2).
Status CheckPasswordStrength(std::string_view password);

}  // namespace duet::identity
