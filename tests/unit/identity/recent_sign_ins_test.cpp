// The sessions and tokens a server checked a moment ago (identity::RecentSignIns): what is kept, for how
// long, and that a change forgets it — also one read before the change and kept after it.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "identity/service.hpp"

namespace duet::identity {
namespace {

using namespace std::chrono_literals;

RecentSignIns::Entry EntryFor(const std::string& user_id, EpochSeconds last_seen = 100) {
  RecentSignIns::Entry e;
  e.principal.user_id = user_id;
  e.principal.practice_id = "practice-1";
  e.principal.role = Role::kClinician;
  e.since = 50;
  e.last_seen = last_seen;
  return e;
}

TEST(RecentSignIns, GivesBackWhatWasKeptForThatCredentialOnly) {
  RecentSignIns recent(1000ms);
  recent.Keep("s-one", EntryFor("u1"), recent.Generation());
  auto found = recent.Find("s-one");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->principal.user_id, "u1");
  EXPECT_EQ(found->principal.role, Role::kClinician);
  EXPECT_EQ(found->since, 50);
  EXPECT_FALSE(recent.Find("s-two"));
  EXPECT_FALSE(recent.Find("t-one")) << "a session's entry is not a token's";
}

TEST(RecentSignIns, AChangeForgetsEverythingKept) {
  RecentSignIns recent(1000ms);
  recent.Keep("s-one", EntryFor("u1"), recent.Generation());
  recent.Keep("t-two", EntryFor("u2"), recent.Generation());
  recent.Forget();
  EXPECT_FALSE(recent.Find("s-one"));
  EXPECT_FALSE(recent.Find("t-two"));
}

TEST(RecentSignIns, WhatWasReadBeforeAChangeIsNotKeptAfterIt) {
  RecentSignIns recent(1000ms);
  // A request reads a session (taking the generation first); meanwhile another signs it out.
  const std::uint64_t read_at = recent.Generation();
  recent.Forget();
  recent.Keep("s-one", EntryFor("u1"), read_at);
  EXPECT_FALSE(recent.Find("s-one")) << "the read may predate the sign-out";
  // Read after the change: kept.
  recent.Keep("s-one", EntryFor("u1"), recent.Generation());
  EXPECT_TRUE(recent.Find("s-one"));
}

TEST(RecentSignIns, KeepsOnlyForItsMoment) {
  RecentSignIns recent(30ms);
  recent.Keep("s-one", EntryFor("u1"), recent.Generation());
  EXPECT_TRUE(recent.Find("s-one"));
  std::this_thread::sleep_for(60ms);
  EXPECT_FALSE(recent.Find("s-one"));
}

TEST(RecentSignIns, ZeroKeepsNothing) {
  RecentSignIns recent(0ms);
  recent.Keep("s-one", EntryFor("u1"), recent.Generation());
  EXPECT_FALSE(recent.Find("s-one"));
}

TEST(RecentSignIns, ATouchOnlyMovesTheLastUseForward) {
  RecentSignIns recent(1000ms);
  recent.Keep("s-one", EntryFor("u1", 100), recent.Generation());
  recent.Touch("s-one", 160);
  EXPECT_EQ(recent.Find("s-one")->last_seen, 160);
  recent.Touch("s-one", 120);
  EXPECT_EQ(recent.Find("s-one")->last_seen, 160);
  recent.Touch("s-unknown", 200);  // nothing kept: nothing to do
  EXPECT_FALSE(recent.Find("s-unknown"));
}

TEST(RecentSignIns, StaysBoundedWhateverTheNumberOfCredentials) {
  RecentSignIns recent(1000ms);
  for (int i = 0; i < 50000; ++i) recent.Keep("t-" + std::to_string(i), EntryFor("u"), recent.Generation());
  int found = 0;
  for (int i = 0; i < 50000; ++i) found += recent.Find("t-" + std::to_string(i)) ? 1 : 0;
  EXPECT_LE(found, 20000);
  EXPECT_TRUE(recent.Find("t-49999")) << "the newest is kept";
}

}  // namespace
}  // namespace duet::identity
