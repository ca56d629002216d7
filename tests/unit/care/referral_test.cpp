// Referrals' rules: the state machine (every state × every step), target times by urgency, when the next
// step is due, what a new referral needs, and the part a referred clinician takes on the team.
#include <gtest/gtest.h>

#include <initializer_list>
#include <map>

#include "care/rules.hpp"

namespace duet::care {
namespace {

using S = ReferralState;
using Step = ReferralStep;

TEST(Referral, EveryStateAndStep) {
  // Expected next state for each (state, step); absent: refused with rule referral_state.
  const std::map<std::pair<S, Step>, S> allowed = {
      {{S::kSent, Step::kAccept}, S::kAccepted},    {{S::kSent, Step::kDecline}, S::kDeclined},
      {{S::kSent, Step::kBook}, S::kBooked},        {{S::kAccepted, Step::kDecline}, S::kDeclined},
      {{S::kAccepted, Step::kBook}, S::kBooked},    {{S::kAccepted, Step::kAnswer}, S::kAnswered},
      {{S::kBooked, Step::kDecline}, S::kDeclined}, {{S::kBooked, Step::kHold}, S::kHeld},
      {{S::kBooked, Step::kAnswer}, S::kAnswered},  {{S::kHeld, Step::kAnswer}, S::kAnswered},
      {{S::kBooked, Step::kUnbook}, S::kAccepted},
  };
  for (S from : {S::kSent, S::kAccepted, S::kBooked, S::kHeld, S::kAnswered, S::kDeclined})
    for (Step step : {Step::kAccept, Step::kDecline, Step::kBook, Step::kHold, Step::kAnswer, Step::kUnbook}) {
      auto next = NextReferralState(from, step);
      auto it = allowed.find({from, step});
      if (it == allowed.end()) {
        ASSERT_FALSE(next) << NameOf(from) << " step " << static_cast<int>(step);
        EXPECT_EQ(next.error().rule, "referral_state");
      } else {
        ASSERT_TRUE(next) << NameOf(from) << " step " << static_cast<int>(step);
        EXPECT_EQ(*next, it->second);
      }
    }
}

TEST(Referral, ClosedOnceAnsweredOrDeclined) {
  for (S s : {S::kSent, S::kAccepted, S::kBooked, S::kHeld}) EXPECT_FALSE(IsClosed(s)) << NameOf(s);
  EXPECT_TRUE(IsClosed(S::kAnswered));
  EXPECT_TRUE(IsClosed(S::kDeclined));
}

TEST(Referral, TargetsByUrgency) {
  struct Row {
    Urgency u;
    int accept, book, hold, answer;
  };
  for (const Row& r : std::initializer_list<Row>{
           {Urgency::kUrgent, 1, 3, 7, 2}, {Urgency::kSoon, 2, 7, 21, 7}, {Urgency::kRoutine, 3, 14, 30, 7}}) {
    auto t = TargetsFor(r.u);
    EXPECT_EQ(t.accept, r.accept) << NameOf(r.u);
    EXPECT_EQ(t.book, r.book) << NameOf(r.u);
    EXPECT_EQ(t.hold, r.hold) << NameOf(r.u);
    EXPECT_EQ(t.answer, r.answer) << NameOf(r.u);
    EXPECT_LT(t.accept, t.book);
    EXPECT_LT(t.book, t.hold);
  }
}

TEST(Referral, TheNextStepIsDueFromTheTargets) {
  constexpr EpochSeconds kDay = 86400, kSent = 1'800'000'000;
  Referral r;
  r.urgency = Urgency::kRoutine;
  r.sent_at = kSent;
  struct Row {
    S state;
    std::optional<EpochSeconds> due;
  };
  for (const Row& row : std::initializer_list<Row>{{S::kSent, kSent + 3 * kDay},
                                                   {S::kAccepted, kSent + 14 * kDay},
                                                   {S::kBooked, kSent + 30 * kDay},
                                                   {S::kHeld, kSent + 20 * kDay + 7 * kDay},
                                                   {S::kAnswered, std::nullopt},
                                                   {S::kDeclined, std::nullopt}}) {
    r.state = row.state;
    r.held_at = kSent + 20 * kDay;
    EXPECT_EQ(DueAt(r), row.due) << NameOf(row.state);
  }
  r.state = S::kSent;
  EXPECT_FALSE(IsOverdue(r, kSent + 3 * kDay)) << "due on the day: not yet overdue";
  EXPECT_TRUE(IsOverdue(r, kSent + 3 * kDay + 1));
  r.urgency = Urgency::kUrgent;
  EXPECT_TRUE(IsOverdue(r, kSent + kDay + 1)) << "an urgent referral is accepted within a day";
  r.state = S::kAnswered;
  EXPECT_FALSE(IsOverdue(r, kSent + 365 * kDay)) << "a closed referral is never overdue";
}

TEST(Referral, ANewReferralNamesEachGap) {
  Referral r;
  r.from_clinician_id = "k1";
  auto fields = [](const std::vector<practice::FieldIssue>& issues) {
    std::vector<std::string> out;
    for (const auto& i : issues) out.push_back(i.field);
    return out;
  };
  EXPECT_EQ(fields(ValidateReferral(r)), (std::vector<std::string>{"client_id", "to_clinician_id", "reason"}));
  r.client_id = "c1";
  r.to_clinician_id = "k1";
  r.reason = "  \n";
  EXPECT_EQ(fields(ValidateReferral(r)), (std::vector<std::string>{"to_clinician_id", "reason"}))
      << "not to oneself; a blank reason is no reason";
  r.to_clinician_id = "k2";
  r.reason = "Persistent low mood despite 12 weeks of CBT; medication evaluation.";
  EXPECT_TRUE(ValidateReferral(r).empty());
  r.question = std::string(2001, 'x');
  EXPECT_EQ(fields(ValidateReferral(r)), (std::vector<std::string>{"question"}));
}

TEST(Referral, TheReferredClinicianJoinsInTheirDisciplinesPart) {
  using practice::Discipline;
  using practice::TeamRole;
  EXPECT_EQ(ReferredRole(Discipline::kPsychiatricNp), TeamRole::kPrescriber);
  EXPECT_EQ(ReferredRole(Discipline::kPsychiatry), TeamRole::kPrescriber);
  EXPECT_EQ(ReferredRole(Discipline::kOccupationalTherapy), TeamRole::kRehabilitation);
  EXPECT_EQ(ReferredRole(Discipline::kSpeechLanguagePathology), TeamRole::kRehabilitation);
  EXPECT_EQ(ReferredRole(Discipline::kPsychology), TeamRole::kConsultant);
}

}  // namespace
}  // namespace duet::care
