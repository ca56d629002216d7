#include "identity/rules.hpp"

#include <gtest/gtest.h>

namespace duet::identity {
namespace {

TEST(Session, IdleAndAbsoluteLimitsEndASessionAtTheEdgeSecond) {
  SessionLimits limits{900, 43200};
  struct Case {
    const char* name;
    EpochSeconds created, last_seen, now;
    SessionVerdict want;
  } cases[] = {
      {"fresh", 1000, 1000, 1000, SessionVerdict::kValid},
      {"one second before idle", 1000, 1000, 1899, SessionVerdict::kValid},
      {"idle limit reached", 1000, 1000, 1900, SessionVerdict::kIdleExpired},
      {"active but absolute reached", 1000, 44100, 44200, SessionVerdict::kAbsoluteExpired},
      {"active before absolute", 1000, 44100, 44199, SessionVerdict::kValid},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(CheckSession(c.created, c.last_seen, c.now, limits), c.want);
  }
}

TEST(Mfa, StaffMustEnrolUnlessDemoOrPracticeTurnedItOff) {
  struct Case {
    const char* name;
    Role role;
    bool practice_requires, demo, enabled;
    MfaStep want;
  } cases[] = {
      {"clinician, required", Role::kClinician, true, false, false, MfaStep::kEnroll},
      {"owner, required", Role::kOwner, true, false, false, MfaStep::kEnroll},
      {"front desk, practice off", Role::kFrontDesk, false, false, false, MfaStep::kNone},
      {"demo user exempt", Role::kBiller, true, true, false, MfaStep::kNone},
      {"client never forced", Role::kClient, true, false, false, MfaStep::kNone},
      {"enrolled always verifies", Role::kClient, false, false, true, MfaStep::kVerify},
      {"enrolled demo still verifies", Role::kOwner, true, true, true, MfaStep::kVerify},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(RequiredMfa(c.role, c.practice_requires, c.demo, c.enabled), c.want);
  }
}

TEST(Lockout, FifthFailureLocksForTheConfiguredTime) {
  LockoutPolicy policy{5, 900};
  for (int attempt = 1; attempt <= 4; ++attempt) {
    auto out = OnFailedAttempt(attempt, 100, policy);
    EXPECT_FALSE(out.just_locked);
    EXPECT_EQ(out.locked_until, 0);
    EXPECT_EQ(out.failed_logins, attempt);
  }
  auto locked = OnFailedAttempt(5, 100, policy);
  EXPECT_TRUE(locked.just_locked);
  EXPECT_EQ(locked.locked_until, 1000);
  EXPECT_EQ(locked.failed_logins, 0);
  EXPECT_TRUE(IsLocked(locked.locked_until, 999));
  EXPECT_FALSE(IsLocked(locked.locked_until, 1000));
}

TEST(Lockout, RacingAttemptsBeyondTheLimitAreNotChecked) {
  LockoutPolicy policy{5, 900};
  for (int attempt = 1; attempt <= 5; ++attempt) EXPECT_TRUE(MayCheckAttempt(attempt, policy)) << attempt;
  EXPECT_FALSE(MayCheckAttempt(6, policy));
  EXPECT_FALSE(MayCheckAttempt(40, policy));
  EXPECT_FALSE(MayCheckAttempt(0, policy));
}

TEST(Email, NormalisesAndRejectsMalformedAddresses) {
  EXPECT_EQ(NormalizeEmail("  Owner@Demo.Example.COM ").value(), "owner@demo.example.com");
  for (const char* bad : {"", "no-at", "@example.com", "a@b", "a@@b.com", "a@b.com.", "a@.com"}) {
    SCOPED_TRACE(bad);
    auto r = NormalizeEmail(bad);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, "email");
  }
}

TEST(Password, NeedsTwelveToTwoHundredCharacters) {
  EXPECT_FALSE(CheckPasswordStrength("short-pass1"));
  EXPECT_TRUE(CheckPasswordStrength("long-enough-1"));
  EXPECT_FALSE(CheckPasswordStrength(std::string(201, 'x')));
}

}  // namespace
}  // namespace duet::identity

namespace duet::identity {
namespace {

TEST(ApiTokens, ValidUntilRevokedOrExpiredScopedAndTouchedHourly) {
  ApiToken t;
  t.expires_at = 1000;
  EXPECT_TRUE(TokenValid(t, 999));
  EXPECT_FALSE(TokenValid(t, 1000));
  t.expires_at = 0;  // made before expiry existed
  EXPECT_TRUE(TokenValid(t, 1'000'000));
  t.revoked_at = 5;
  EXPECT_FALSE(TokenValid(t, 6));
  EXPECT_TRUE(TokenAllowsMethod(TokenScope::kReadOnly, "GET"));
  EXPECT_TRUE(TokenAllowsMethod(TokenScope::kReadOnly, "HEAD"));
  for (auto m : {"POST", "PATCH", "PUT", "DELETE"}) {
    EXPECT_FALSE(TokenAllowsMethod(TokenScope::kReadOnly, m)) << m;
    EXPECT_TRUE(TokenAllowsMethod(TokenScope::kReadWrite, m)) << m;
  }
  EXPECT_EQ(ParseTokenScope(TokenScopeName(TokenScope::kReadOnly)), TokenScope::kReadOnly);
  EXPECT_FALSE(ParseTokenScope("admin"));
  EXPECT_TRUE(ShouldRecordTokenUse(0, 4000));
  EXPECT_FALSE(ShouldRecordTokenUse(1000, 4599));
  EXPECT_TRUE(ShouldRecordTokenUse(1000, 4600));
}

}  // namespace
}  // namespace duet::identity
