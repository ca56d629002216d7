// Staff accounts: when an invitation may be used, who may change whom, and two-step sign-in resets.
#include <gtest/gtest.h>

#include "identity/rules.hpp"

namespace duet::identity {
namespace {

Invitation Pending() {
  Invitation i;
  i.id = "inv";
  i.created_at = 1000;
  i.expires_at = 1000 + 7 * 86400;
  return i;
}

TEST(Invitation, IsUsableUntilItExpiresAndOnlyOnce) {
  struct Case {
    const char* name;
    Invitation inv;
    EpochSeconds now;
    const char* rule;  // "" when it may be accepted
  };
  Invitation used = Pending();
  used.accepted_at = 2000;
  Invitation revoked = Pending();
  revoked.revoked_at = 2000;
  const Case cases[] = {
      {"fresh", Pending(), 1000, ""},
      {"last second", Pending(), 1000 + 7 * 86400 - 1, ""},
      {"at expiry", Pending(), 1000 + 7 * 86400, "invitation_expired"},
      {"used", used, 3000, "invitation_used"},
      {"used wins over expiry", used, 1000 + 30 * 86400, "invitation_used"},
      {"withdrawn", revoked, 3000, "invitation_revoked"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto st = MayAccept(c.inv, c.now);
    if (*c.rule == '\0')
      EXPECT_TRUE(st.has_value());
    else {
      ASSERT_FALSE(st.has_value());
      EXPECT_EQ(st.error().rule, c.rule);
    }
  }
}

TEST(Invitation, InvitesStaffOnlyAndLinksClinicianRecordsToClinicalRoles) {
  EXPECT_FALSE(InvitableRole(Role::kClient));
  for (Role r : {Role::kOwner, Role::kClinician, Role::kSupervisor, Role::kBiller, Role::kFrontDesk})
    EXPECT_TRUE(InvitableRole(r));
  EXPECT_TRUE(MayLinkClinician(Role::kClinician));
  EXPECT_TRUE(MayLinkClinician(Role::kSupervisor));
  EXPECT_TRUE(MayLinkClinician(Role::kOwner));  // a solo practice's owner sees clients too
  EXPECT_FALSE(MayLinkClinician(Role::kBiller));
  EXPECT_FALSE(MayLinkClinician(Role::kFrontDesk));
}

User Someone(std::string id, Role role, bool disabled = false) {
  User u;
  u.id = std::move(id);
  u.role = role;
  u.disabled = disabled;
  return u;
}

TEST(UserChange, KeepsAnActiveOwnerAndStopsSelfLockout) {
  struct Case {
    const char* name;
    User target;
    UserChange change;
    int owners;
    ErrorCode code;  // kInternal stands for "allowed"
    const char* rule;
  };
  const Case cases[] = {
      {"promote a clinician",
       Someone("u2", Role::kClinician),
       {Role::kOwner, std::nullopt},
       1,
       ErrorCode::kInternal,
       ""},
      {"deactivate front desk", Someone("u2", Role::kFrontDesk), {std::nullopt, false}, 1, ErrorCode::kInternal, ""},
      {"demote one of two owners",
       Someone("u2", Role::kOwner),
       {Role::kBiller, std::nullopt},
       2,
       ErrorCode::kInternal,
       ""},
      {"demote the last owner",
       Someone("u2", Role::kOwner),
       {Role::kBiller, std::nullopt},
       1,
       ErrorCode::kRule,
       "last_owner"},
      {"deactivate the last owner",
       Someone("u2", Role::kOwner),
       {std::nullopt, false},
       1,
       ErrorCode::kRule,
       "last_owner"},
      {"deactivated owner is not counted",
       Someone("u2", Role::kOwner, true),
       {Role::kBiller, std::nullopt},
       1,
       ErrorCode::kInternal,
       ""},
      {"own role", Someone("me", Role::kOwner), {Role::kClinician, std::nullopt}, 3, ErrorCode::kRule, "self"},
      {"own deactivation", Someone("me", Role::kOwner), {std::nullopt, false}, 3, ErrorCode::kRule, "self"},
      {"own role unchanged", Someone("me", Role::kOwner), {Role::kOwner, true}, 1, ErrorCode::kInternal, ""},
      {"staff to client", Someone("u2", Role::kBiller), {Role::kClient, std::nullopt}, 1, ErrorCode::kInvalid, ""},
      {"client to staff", Someone("u2", Role::kClient), {Role::kBiller, std::nullopt}, 1, ErrorCode::kInvalid, ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto st = MayChangeUser(c.target, c.change, {"me", c.owners});
    if (c.code == ErrorCode::kInternal)
      EXPECT_TRUE(st.has_value());
    else {
      ASSERT_FALSE(st.has_value());
      EXPECT_EQ(st.error().code, c.code);
      EXPECT_EQ(st.error().rule, c.rule);
    }
  }
}

TEST(MfaReset, NeedsAReasonAndAnotherOwner) {
  EXPECT_TRUE(MayResetMfa(Someone("u2", Role::kClinician), "me", "Phone lost, identity checked").has_value());
  EXPECT_EQ(MayResetMfa(Someone("u2", Role::kClinician), "me", "   lost   ").error().field, "reason");
  EXPECT_EQ(MayResetMfa(Someone("me", Role::kOwner), "me", "Phone lost, identity checked").error().rule, "self");
  EXPECT_EQ(MayResetMfa(Someone("u2", Role::kClient), "me", "Phone lost, identity checked").error().rule, "not_staff");
}

}  // namespace
}  // namespace duet::identity
