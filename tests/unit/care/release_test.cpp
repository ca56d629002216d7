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

}  // namespace
}  // namespace duet::care
