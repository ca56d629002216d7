// The claim "the rules are pure" enforced by the linker: this program links against duet_core
// alone (the rules, the policy table and dates: no database, network, crypto, JSON or logging), and
// reaches into every capability's rules so that each one's object file must link. A rule that calls
// into a store, a service or a library outside the core makes this target fail to build.
#include <cstdio>

#include "care/rules.hpp"
#include "documents/rules.hpp"
#include "identity/rules.hpp"
#include "measures/rules.hpp"
#include "plans/rules.hpp"
#include "platform/policy.hpp"
#include "portal/rules.hpp"
#include "practice/rules.hpp"
#include "records/rules.hpp"
#include "scheduling/rules.hpp"
#include "telehealth/rules.hpp"

int main() {
  using namespace duet;
  int reached = 0;
  const Date today = *ParseDate("2026-12-07");
  reached += care::ValidateRelease(care::Release{}, today).empty() ? 0 : 1;
  reached += documents::IsCategory("intake") ? 1 : 1;
  reached += identity::ShouldTouchSession(0, 3600) ? 1 : 1;
  reached += measures::FindInstrument("phq9") != nullptr;
  reached += plans::ValidatePlan(plans::Plan{}, today).empty() ? 0 : 1;
  reached += portal::IsUpcoming(portal::PortalVisit{}, 0) ? 1 : 1;
  reached += practice::ParseDiscipline("counseling").has_value();
  reached += records::ParseFieldType("text").has_value();
  reached += scheduling::ParseVisitMode("video").has_value();
  reached += telehealth::RoomState("video", "booked", 0, 3600, 7200).empty() ? 0 : 1;
  reached += Allows(Role::kOwner, "clients.read");
  std::printf("duet_core links alone: %d capabilities' rules reached\n", reached);
  return reached == 11 ? 0 : 1;
}
