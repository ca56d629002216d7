// Who on the staff sees a conversation, what may be sent, and the response clock.
#include <gtest/gtest.h>

#include "messages/rules.hpp"

namespace duet::messages {
namespace {

TEST(MessageThreads, EachRoleSeesItsOwnKind) {
  const ThreadRelation none{}, own{true, false, false}, supervises{false, true, false}, assigned{false, false, true};
  struct Case {
    const char* name;
    Role role;
    std::string_view audience;
    ThreadRelation r;
    bool sees;
  };
  const Case cases[] = {
      {"owner, any", Role::kOwner, "clinician", none, true},
      {"front desk, the desk's", Role::kFrontDesk, "front_desk", none, true},
      {"front desk, a clinician's", Role::kFrontDesk, "clinician", none, false},
      {"front desk, billing's", Role::kFrontDesk, "billing", none, false},
      {"biller, billing's", Role::kBiller, "billing", none, true},
      {"biller, the desk's", Role::kBiller, "front_desk", none, false},
      {"clinician, their own", Role::kClinician, "clinician", own, true},
      {"clinician, another's", Role::kClinician, "clinician", none, false},
      {"clinician, the desk's", Role::kClinician, "front_desk", own, false},
      {"clinician, supervision is not theirs", Role::kClinician, "clinician", supervises, false},
      {"supervisor, a supervisee's", Role::kSupervisor, "clinician", supervises, true},
      {"supervisor, anyone else's", Role::kSupervisor, "clinician", none, false},
      {"anyone it is assigned to", Role::kClinician, "front_desk", assigned, true},
      {"a client is never staff", Role::kClient, "clinician", own, false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto may = MaySeeThread(c.role, c.audience, c.r);
    EXPECT_EQ(static_cast<bool>(may), c.sees);
    if (!may) {
      EXPECT_EQ(may.error().code, ErrorCode::kNotFound);
    }
  }
}

TEST(MessageThreads, WhatMayBeSent) {
  EXPECT_TRUE(CheckMessage("Hello", false));
  EXPECT_TRUE(CheckMessage("", true)) << "a file alone is a message";
  EXPECT_EQ(CheckMessage(" \n\t", false).error().field, "body");
  EXPECT_EQ(CheckMessage(std::string(kMaxBody + 1, 'a'), false).error().field, "body");
  EXPECT_TRUE(CheckSubject("New insurance card"));
  EXPECT_EQ(CheckSubject(" ").error().field, "subject");
  EXPECT_EQ(CheckSubject("two\nlines").error().field, "subject");
  EXPECT_EQ(CheckSubject(std::string(kMaxSubject + 1, 'a')).error().field, "subject");
  Thread closed;
  closed.status = "closed";
  EXPECT_EQ(MayAddTo(closed).error().rule, "thread_closed");
  EXPECT_TRUE(MayAddTo(Thread{}));
  EXPECT_TRUE(IsAudience("billing"));
  EXPECT_FALSE(IsAudience("owner"));
}

TEST(MessageThreads, TheResponseClock) {
  EXPECT_EQ(WaitingSinceAfter(0, true, 100), 100) << "a client's message starts it";
  EXPECT_EQ(WaitingSinceAfter(100, true, 500), 100) << "a second one does not restart it";
  EXPECT_EQ(WaitingSinceAfter(100, false, 600), 0) << "the practice's answer stops it";
  const EpochSeconds two_days = 48 * 3600;
  EXPECT_FALSE(IsOverdue(0, 1'000'000, kDefaultResponseTargetHours));
  EXPECT_FALSE(IsOverdue(1000, 1000 + two_days, kDefaultResponseTargetHours));
  EXPECT_TRUE(IsOverdue(1000, 1001 + two_days, kDefaultResponseTargetHours));
  EXPECT_TRUE(IsOverdue(1000, 1001 + 4 * 3600, 4)) << "the practice's own target";
  EXPECT_FALSE(IsOverdue(1000, 1000 + 4 * 3600, 4));
}

TEST(MessageThreads, AClientSideAccountSeesOnlyConversationsWithIt) {
  Thread with_client;  // no party: the client's own
  Thread with_parent;
  with_parent.party_user_id = "parent";
  EXPECT_TRUE(ClientSideSees(with_client, "teen", true)) << "the client's own account, the client's thread";
  EXPECT_FALSE(ClientSideSees(with_client, "parent", false)) << "a guardian, the adolescent's thread";
  EXPECT_TRUE(ClientSideSees(with_parent, "parent", false)) << "a guardian, their own thread";
  EXPECT_FALSE(ClientSideSees(with_parent, "teen", true)) << "the adolescent, the parent's thread";
  EXPECT_FALSE(ClientSideSees(with_parent, "other-parent", false)) << "another guardian, not theirs";
}

TEST(MessageSettings, ATargetFromAnHourToTwoWeeksAndShortCrisisWording) {
  EXPECT_TRUE(CheckSettings({48, ""}).has_value());
  EXPECT_TRUE(CheckSettings({1, "Call our on-call line at (555) 555-0100 after hours."}).has_value());
  EXPECT_TRUE(CheckSettings({336, ""}).has_value());
  EXPECT_EQ(CheckSettings({0, ""}).error().field, "response_target_hours");
  EXPECT_EQ(CheckSettings({337, ""}).error().field, "response_target_hours");
  EXPECT_EQ(CheckSettings({48, std::string(501, 'x')}).error().field, "crisis_message");
}

}  // namespace
}  // namespace duet::messages
