// Who sees a visit and who may act on it, decided once for lists, reads and actions.
#include <gtest/gtest.h>

#include "scheduling/rules.hpp"

namespace duet::scheduling {
namespace {

struct Case {
  const char* name;
  Role role;
  VisitRelationship r;
  VisitView view;
  bool acts;
};

TEST(VisitAccess, EachRoleAndRelationship) {
  const VisitRelationship none{}, own{true, false, false, false}, supervises{false, true, false, false},
      chart{false, false, true, false}, self{false, false, false, true};
  const Case cases[] = {
      {"owner, any visit", Role::kOwner, none, VisitView::kFull, true},
      {"front desk, any visit", Role::kFrontDesk, none, VisitView::kFull, true},
      {"biller sees, never acts", Role::kBiller, none, VisitView::kFull, false},
      {"clinician, own visit", Role::kClinician, own, VisitView::kFull, true},
      {"clinician, another's visit", Role::kClinician, none, VisitView::kBusy, false},
      {"clinician, a shared client's visit: sees, does not act", Role::kClinician, chart, VisitView::kFull, false},
      {"clinician, supervision is not theirs", Role::kClinician, supervises, VisitView::kBusy, false},
      {"supervisor, own visit", Role::kSupervisor, own, VisitView::kFull, true},
      {"supervisor, supervisee's visit", Role::kSupervisor, supervises, VisitView::kFull, true},
      {"supervisor, anyone else's", Role::kSupervisor, none, VisitView::kBusy, false},
      {"client, own visit: sees, and cancels or moves it (the portal)", Role::kClient, self, VisitView::kFull, true},
      {"client, another's visit", Role::kClient, none, VisitView::kBusy, false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(DecideVisitView(c.role, c.r), c.view);
    auto act = MayActOnVisit(c.role, c.r);
    EXPECT_EQ(static_cast<bool>(act), c.acts);
    if (!act) {
      EXPECT_EQ(act.error().code, ErrorCode::kNotFound);
    }
  }
}

}  // namespace
}  // namespace duet::scheduling
