// Whose pages a client-side account sees, and what a guardian sees of them.
#include <gtest/gtest.h>

#include "practice/rules.hpp"

namespace duet::practice {
namespace {

PortalLink Own(std::string id) { return PortalLink{.client_id = std::move(id), .guardian = false}; }
PortalLink Guardian(std::string id, GuardianSees sees = {}) {
  return PortalLink{.client_id = std::move(id), .guardian = true, .sees = sees};
}

TEST(GuardianMaySee, TheClientSeesEverythingAGuardianWhatThePracticeAllows) {
  const GuardianSees defaults{};
  const GuardianSees visits_only{true, false, false, false, false};
  const GuardianSees nothing{false, false, false, false, false};
  struct Case {
    const char* name;
    PortalLink link;
    PortalArea area;
    bool sees;
  };
  const Case cases[] = {
      {"own account, records", Own("c"), PortalArea::kRecords, true},
      {"own account, messages", Own("c"), PortalArea::kMessages, true},
      {"guardian by default, visits", Guardian("c", defaults), PortalArea::kAppointments, true},
      {"guardian by default, bills", Guardian("c", defaults), PortalArea::kBills, true},
      {"guardian by default, forms", Guardian("c", defaults), PortalArea::kForms, true},
      {"guardian by default, messages", Guardian("c", defaults), PortalArea::kMessages, true},
      {"guardian by default, not records", Guardian("c", defaults), PortalArea::kRecords, false},
      {"adolescent's parent, visits", Guardian("c", visits_only), PortalArea::kAppointments, true},
      {"adolescent's parent, not messages", Guardian("c", visits_only), PortalArea::kMessages, false},
      {"adolescent's parent, not forms", Guardian("c", visits_only), PortalArea::kForms, false},
      {"adolescent's parent, not bills", Guardian("c", visits_only), PortalArea::kBills, false},
      {"nothing shared, still the home page", Guardian("c", nothing), PortalArea::kHome, true},
      {"nothing shared, no visits", Guardian("c", nothing), PortalArea::kAppointments, false},
  };
  for (const auto& c : cases) EXPECT_EQ(GuardianMaySee(c.link, c.area), c.sees) << c.name;
}

TEST(ChoosePortalLink, TheSessionsChoiceWhileItStandsElseTheOwnRecordElseTheFirstChild) {
  const std::vector<PortalLink> parent_and_client = {Own("me"), Guardian("mia"), Guardian("sam")};
  const std::vector<PortalLink> parent_only = {Guardian("mia"), Guardian("sam")};
  EXPECT_EQ(ChoosePortalLink({}, ""), std::nullopt) << "no links: no client";
  EXPECT_EQ(ChoosePortalLink({}, "mia"), std::nullopt) << "a choice alone links nothing";
  EXPECT_EQ(ChoosePortalLink(parent_and_client, ""), 0u) << "the account's own record by default";
  EXPECT_EQ(ChoosePortalLink(parent_and_client, "sam"), 2u);
  EXPECT_EQ(ChoosePortalLink(parent_only, ""), 0u) << "a guardian alone: the first child";
  EXPECT_EQ(ChoosePortalLink(parent_only, "sam"), 1u);
  EXPECT_EQ(ChoosePortalLink(parent_only, "jordan"), 0u) << "a client not linked (or no longer) is never chosen";
  EXPECT_EQ(ChoosePortalLink(parent_and_client, "jordan"), 0u);
}

}  // namespace
}  // namespace duet::practice
