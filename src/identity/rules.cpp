#include "identity/rules.hpp"

#include "platform/names.hpp"

#include <algorithm>
#include <cctype>

namespace duet::identity {

SessionVerdict CheckSession(EpochSeconds created_at, EpochSeconds last_seen_at, EpochSeconds now,
                            const SessionLimits& limits) {
  if (now - created_at >= limits.absolute_seconds) return SessionVerdict::kAbsoluteExpired;
  if (now - last_seen_at >= limits.idle_seconds) return SessionVerdict::kIdleExpired;
  return SessionVerdict::kValid;
}

bool ShouldTouchSession(EpochSeconds last_seen_at, EpochSeconds now) { return now - last_seen_at >= 15; }

MfaStep RequiredMfa(Role role, bool practice_requires_mfa, bool user_is_demo, bool totp_enabled) {
  if (totp_enabled) return MfaStep::kVerify;
  if (!IsStaff(role) || user_is_demo || !practice_requires_mfa) return MfaStep::kNone;
  return MfaStep::kEnroll;
}

bool IsLocked(EpochSeconds locked_until, EpochSeconds now) { return locked_until > now; }

bool MayCheckAttempt(int attempt, const LockoutPolicy& policy) {
  return attempt >= 1 && attempt <= policy.max_failures;
}

FailureOutcome OnFailedAttempt(int attempt, EpochSeconds now, const LockoutPolicy& policy) {
  FailureOutcome out;
  out.failed_logins = attempt;
  if (out.failed_logins >= policy.max_failures) {
    out.locked_until = now + policy.lock_seconds;
    out.just_locked = true;
    out.failed_logins = 0;
  }
  return out;
}

Result<std::string> NormalizeEmail(std::string_view email) {
  std::string out;
  for (char c : email)
    if (!std::isspace(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto at = out.find('@');
  bool ok = out.size() <= 254 && at != std::string::npos && at > 0 && out.find('@', at + 1) == std::string::npos &&
            out.find('.', at) != std::string::npos && out.back() != '.' && out[at + 1] != '.';
  if (!ok) return Fail(ErrorCode::kInvalid, "Enter an e-mail address like name@example.com.", {}, "email");
  return out;
}

Status CheckPasswordStrength(std::string_view password) {
  if (password.size() < 12) return Fail(ErrorCode::kInvalid, "Use at least 12 characters.", {}, "password");
  if (password.size() > 200) return Fail(ErrorCode::kInvalid, "Use at most 200 characters.", {}, "password");
  return {};
}

InvitationState StateOf(const Invitation& invitation, EpochSeconds now) {
  if (invitation.accepted_at > 0) return InvitationState::kAccepted;
  if (invitation.revoked_at > 0) return InvitationState::kRevoked;
  if (now >= invitation.expires_at) return InvitationState::kExpired;
  return InvitationState::kPending;
}

Status MayAccept(const Invitation& invitation, EpochSeconds now) {
  switch (StateOf(invitation, now)) {
    case InvitationState::kPending:
      return {};
    case InvitationState::kAccepted:
      return FailRule("invitation_used",
                      "This invitation has already been used. Sign in with your e-mail and password.");
    case InvitationState::kRevoked:
      return FailRule("invitation_revoked", "This invitation was withdrawn. Ask the practice for a new one.");
    case InvitationState::kExpired:
      return FailRule("invitation_expired", "This invitation has expired. Ask the practice for a new one.");
  }
  return FailRule("invitation_expired", "This invitation has expired.");
}

bool InvitableRole(Role role) { return IsStaff(role); }

Status MayInvite(Role role, bool names_clinician, bool names_client) {
  if (role == Role::kClient) {
    if (!names_client)
      return Fail(ErrorCode::kInvalid, "A client's account belongs to their client record.", {}, "role");
    return {};
  }
  if (!InvitableRole(role))
    return Fail(ErrorCode::kInvalid, "Invite staff as owner, clinician, supervisor, biller or front desk.", {}, "role");
  if (names_client)
    return Fail(ErrorCode::kInvalid, "Only a client's own account belongs to a client record.", {}, "role");
  if (names_clinician && !MayLinkClinician(role))
    return Fail(ErrorCode::kInvalid, "Only a clinician, supervisor or owner signs in for a clinician record.", {},
                "role");
  return {};
}

bool MayLinkClinician(Role role) {
  return role == Role::kClinician || role == Role::kSupervisor || role == Role::kOwner;
}

Status MayChangeUser(const User& target, const UserChange& change, const UserChangeFacts& facts) {
  if (change.role && !IsStaff(*change.role))
    return Fail(ErrorCode::kInvalid, "A staff account cannot become a client account.", {}, "role");
  if (!IsStaff(target.role) && change.role)
    return Fail(ErrorCode::kInvalid, "A client's account has no staff role.", {}, "role");
  const bool self = target.id == facts.actor_user_id;
  if (self && change.role && *change.role != target.role)
    return FailRule("self", "You cannot change your own role. Another owner can.");
  if (self && change.active && !*change.active)
    return FailRule("self", "You cannot deactivate your own account. Another owner can.");
  const bool is_active_owner = target.role == Role::kOwner && !target.disabled;
  const bool stops_being_owner = (change.role && *change.role != Role::kOwner) || (change.active && !*change.active);
  if (is_active_owner && stops_being_owner && facts.active_owners <= 1)
    return FailRule("last_owner", "A practice always has an active owner. Make someone else an owner first.");
  return {};
}

Status MayResetMfa(const User& target, const std::string& actor_user_id, std::string_view reason) {
  std::size_t letters = 0;
  for (char c : reason)
    if (!std::isspace(static_cast<unsigned char>(c))) ++letters;
  if (letters < 10)
    return Fail(ErrorCode::kInvalid, "Say why (at least 10 characters): it is kept in the audit record.", {}, "reason");
  if (target.id == actor_user_id)
    return FailRule("self", "You cannot reset your own two-step sign-in. Another owner can.");
  if (!IsStaff(target.role)) return FailRule("not_staff", "Only staff accounts use two-step sign-in.");
  return {};
}

std::string_view TokenScopeName(TokenScope scope) { return NameOf(scope); }

std::optional<TokenScope> ParseTokenScope(std::string_view name) { return ParseName<TokenScope>(name); }

bool TokenValid(const ApiToken& t, EpochSeconds now) {
  return t.revoked_at == 0 && (t.expires_at == 0 || now < t.expires_at);
}

bool TokenAllowsMethod(TokenScope scope, std::string_view method) {
  return scope == TokenScope::kReadWrite || method == "GET" || method == "HEAD";
}

bool ShouldRecordTokenUse(EpochSeconds last_used_at, EpochSeconds now) { return now - last_used_at >= 3600; }

}  // namespace duet::identity
