#include "identity/rules.hpp"

#include <algorithm>
#include <cctype>

namespace duet::identity {

SessionVerdict CheckSession(EpochSeconds created_at, EpochSeconds last_seen_at, EpochSeconds now, const SessionLimits& limits) {
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

FailureOutcome OnFailedAttempt(int failed_logins, EpochSeconds now, const LockoutPolicy& policy) {
  FailureOutcome out;
  out.failed_logins = failed_logins + 1;
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
    if (!std::isspace(static_cast<unsigned char>(c))) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
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

}  // namespace duet::identity
