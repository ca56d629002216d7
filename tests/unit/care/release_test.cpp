// Releases of information: what a valid authorization needs (HIPAA 45 CFR 164.508(c)), and when it
// allows a disclosure — revocation wins, the expiry day still counts, nothing before it begins.
#include <gtest/gtest.h>

#include "care/rules.hpp"

namespace duet::care {
namespace {

using namespace date::literals;
const Date kToday = date::sys_days(2026_y / 12 / 1);

Release Good() {
  Release r;
  r.recipient_name = "Dr. Sam Patel";
  r.purpose = "Coordination of care with the client's physician";
  r.scope = {"diagnoses", "plan", "measures"};
  r.signed_name = "Alex Morgan";
  r.effective_on = kToday;
  r.expires_on = kToday + date::days{365};
  return r;
}

std::vector<std::string> Fields(const Release& r) {
  std::vector<std::string> out;
  for (const auto& i : ValidateRelease(r, kToday)) out.push_back(i.field);
  return out;
}

TEST(Release, ValidationNamesEachGap) {
  struct Case {
    const char* name;
    void (*change)(Release&);
    std::vector<std::string> want;
  };
  const std::vector<Case> cases = {
      {"a complete release", [](Release&) {}, {}},
      {"no recipient", [](Release& r) { r.recipient_name.clear(); }, {"recipient_name"}},
      {"no purpose", [](Release& r) { r.purpose.clear(); }, {"purpose"}},
      {"nobody signed", [](Release& r) { r.signed_name.clear(); }, {"signed_name"}},
      {"nothing to share", [](Release& r) { r.scope.clear(); }, {"scope"}},
      {"psychotherapy notes are not a part one can release",
       [](Release& r) { r.scope = {"psychotherapy_notes"}; },
       {"scope"}},
      {"a part twice",
       [](Release& r) {
         r.scope = {"plan", "plan"};
       },
       {"scope"}},
      {"ends before it begins", [](Release& r) { r.expires_on = r.effective_on - date::days{1}; }, {"expires_on"}},
      {"ended already",
       [](Release& r) {
         r.effective_on = kToday - date::days{30};
         r.expires_on = kToday - date::days{1};
       },
       {"expires_on"}},
      {"ends today", [](Release& r) { r.expires_on = kToday; }, {}},
      {"more than five years", [](Release& r) { r.expires_on = kToday + date::days{5 * 366 + 1}; }, {"expires_on"}},
      {"begins later", [](Release& r) { r.effective_on = kToday + date::days{7}; }, {}},
      {"Part 2 with the notes it covers",
       [](Release& r) {
         r.scope = {"notes", "part2"};
       },
       {}},
      {"Part 2 naming no records",
       [](Release& r) {
         r.scope = {"plan", "part2"};
       },
       {"scope"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Release r = Good();
    c.change(r);
    EXPECT_EQ(Fields(r), c.want);
  }
}

TEST(Release, StateOnADay) {
  Release r = Good();
  r.effective_on = kToday + date::days{1};
  r.expires_on = kToday + date::days{10};
  EXPECT_EQ(StateOf(r, kToday), ReleaseState::kNotYetEffective);
  EXPECT_EQ(StateOf(r, kToday + date::days{1}), ReleaseState::kActive);
  EXPECT_EQ(StateOf(r, kToday + date::days{10}), ReleaseState::kActive) << "the expiry day counts";
  EXPECT_EQ(StateOf(r, kToday + date::days{11}), ReleaseState::kExpired);
  r.revoked_at = 1;
  EXPECT_EQ(StateOf(r, kToday + date::days{5}), ReleaseState::kRevoked) << "revocation wins";
}

TEST(Release, DisclosesOnlyWhileActive) {
  Release r = Good();
  EXPECT_TRUE(MayDisclose(r, kToday));
  auto late = MayDisclose(r, r.expires_on + date::days{1});
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().rule, "release_inactive");
  r.revoked_at = 1;
  auto revoked = MayDisclose(r, kToday);
  ASSERT_FALSE(revoked);
  EXPECT_NE(revoked.error().public_message.find("revoked"), std::string::npos);
}

// 42 CFR Part 2: substance-use-disorder records leave only under a consent that names them, while it is in
// effect; the care team sees a member's Part 2 records only when the client's agreement names Part 2.
TEST(Part2, ConsentRule) {
  struct Row {
    const char* why;
    std::vector<std::string> scope;
    bool revoked;
    int days_after_expiry;  // <= 0: in effect
    bool names;
    bool discloses;
  };
  for (const Row& row : std::vector<Row>{
           {"a release naming Part 2 and notes", {"notes", "part2"}, false, 0, true, true},
           {"a general authorization (no Part 2)", {"notes", "documents", "diagnoses"}, false, 0, false, false},
           {"naming Part 2, revoked", {"notes", "part2"}, true, 0, true, false},
           {"naming Part 2, expired", {"documents", "part2"}, false, 1, true, false},
           {"naming Part 2, its last day", {"diagnoses", "part2"}, false, 0, true, true},
       }) {
    SCOPED_TRACE(row.why);
    Release r = Good();
    r.scope = row.scope;
    if (row.revoked) r.revoked_at = 1;
    const Date on = row.days_after_expiry > 0 ? r.expires_on + date::days{row.days_after_expiry} : r.expires_on;
    EXPECT_EQ(NamesPart2(r), row.names);
    EXPECT_EQ(MayDisclosePart2(r, on), row.discloses);
  }
  EXPECT_FALSE(TeamSeesPart2(TeamSharing{true, false}));
  EXPECT_TRUE(TeamSeesPart2(TeamSharing{true, true}));
}

}  // namespace
}  // namespace duet::care
