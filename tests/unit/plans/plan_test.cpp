// Plans of care: measurable objectives, goals tied to problems, review dates, and the due list.
#include <gtest/gtest.h>

#include "plans/rules.hpp"

namespace duet::plans {
namespace {

using namespace date::literals;
const Date kToday = date::sys_days(2026_y / 11 / 23);

Plan Good() {
  Plan p;
  p.problems = {{"p1", "Generalized anxiety limits work attendance", "F41.1"}};
  Objective o{"o1",       "Reduce anxiety symptoms",       "GAD-7 total", "15",
              "below 10", date::sys_days(2027_y / 2 / 28), "active"};
  p.goals = {{"g1", "p1", "Return to full-time work", {o}}};
  p.interventions = {{"CBT, weekly", {"g1"}}};
  p.frequency = "weekly";
  p.mode_mix = "alternating in person and video";
  p.review_due = date::sys_days(2027_y / 2 / 23);
  return p;
}

bool Has(const std::vector<practice::FieldIssue>& issues, const std::string& field) {
  for (const auto& i : issues)
    if (i.field == field) return true;
  return false;
}

TEST(Plans, AGoodPlanIsMeasurable) { EXPECT_TRUE(ValidatePlan(Good(), kToday).empty()); }

TEST(Plans, ObjectivesHaveTheirOwnIds) {  // observations point at an objective by its id
  Plan p = Good();
  p.goals[0].objectives.push_back(p.goals[0].objectives[0]);
  EXPECT_TRUE(Has(ValidatePlan(p, kToday), "goals[0].objectives[1].id"));
  p.goals[0].objectives[1].id.clear();
  EXPECT_TRUE(Has(ValidatePlan(p, kToday), "goals[0].objectives[1].id"));
  p.goals[0].objectives[1].id = "o2";
  EXPECT_TRUE(ValidatePlan(p, kToday).empty());
}

TEST(Plans, AQuestionnaireObjectiveNamesAScoredInstrument) {
  Plan p = Good();
  p.goals[0].objectives[0].instrument = "gad7";
  EXPECT_TRUE(ValidatePlan(p, kToday).empty());
  p.goals[0].objectives[0].instrument = "beck";
  EXPECT_TRUE(Has(ValidatePlan(p, kToday), "goals[0].objectives[0].instrument"));
}

TEST(Plans, ObjectivesNeedMeasureBaselineTargetAndDate) {
  Plan p = Good();
  p.goals[0].objectives[0].baseline.clear();
  p.goals[0].objectives[0].target_date = date::sys_days(2026_y / 1 / 1);
  p.goals[0].problem_id = "nope";
  p.interventions[0].goal_ids = {"g9"};
  p.problems[0].diagnosis = "anxiety";
  p.review_due.reset();
  auto issues = ValidatePlan(p, kToday);
  for (const char* f : {"goals[0].objectives[0].baseline", "goals[0].objectives[0].target_date", "goals[0].problem_id",
                        "interventions[0].goal_ids", "problems[0].diagnosis", "review_due"})
    EXPECT_TRUE(Has(issues, f)) << f;
  // A met objective may have a past target date.
  Plan met = Good();
  met.goals[0].objectives[0].status = "met";
  met.goals[0].objectives[0].target_date = date::sys_days(2026_y / 10 / 1);
  EXPECT_TRUE(ValidatePlan(met, kToday).empty());
}

TEST(Plans, DueWithinTheWindowOrOverdue) {
  EXPECT_EQ(DaysUntilDue(kToday + date::days(10), kToday, 14), 10);
  EXPECT_EQ(DaysUntilDue(kToday - date::days(3), kToday, 14), -3);
  EXPECT_FALSE(DaysUntilDue(kToday + date::days(30), kToday, 14));
}

}  // namespace
}  // namespace duet::plans

namespace duet::plans {
namespace {

TEST(SharedPlan, EachOwnerHasAPartWithTheirGoalsAndSignature) {
  Plan p = Good();
  Objective o = p.goals[0].objectives[0];
  o.id = "o2";
  p.goals.push_back({"g2", "p1", "Sleep through the night", {o}, "np"});
  o.id = "o3";
  p.goals.push_back({"g3", "p1", "Fewer worry days at work", {o}, "therapist"});
  o.id = "o4";
  p.goals.push_back({"g4", "p1", "Medication taken as prescribed", {o}, "np"});
  EXPECT_TRUE(ValidatePlan(p, kToday).empty());
  PlanSignature s{"Priya Shah", 1'800'000'000, "u-np"};
  auto parts = PartsOf(p, {{"np", s}});
  ASSERT_EQ(parts.size(), 2u) << "g1 has no owner: the plan's clinician's, no part";
  EXPECT_EQ(parts[0].clinician_id, "np");
  EXPECT_EQ(parts[0].goal_ids, (std::vector<std::string>{"g2", "g4"}));
  ASSERT_TRUE(parts[0].signature);
  EXPECT_EQ(parts[0].signature->name, "Priya Shah");
  EXPECT_EQ(parts[1].clinician_id, "therapist");
  EXPECT_FALSE(parts[1].signature);
  EXPECT_TRUE(PartsOf(Good(), {}).empty());
  // Owners are members of the client's care team.
  EXPECT_TRUE(ValidateOwners(p, {"np", "therapist"}).empty());
  auto issues = ValidateOwners(p, {"therapist"});
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(issues[0].field, "goals[1].owner_clinician_id");
  EXPECT_EQ(issues[1].field, "goals[3].owner_clinician_id");
}

TEST(PlanSignature, EachSignerSignsOnlyWhatIsTheirs) {
  struct Case {
    const char* name;
    PlanSigner signer;
    SignFacts facts;
    ErrorCode code;  // kInternal: allowed
    const char* rule;
  };
  SignFacts base;
  base.version_exists = true;
  base.is_latest = true;
  auto with = [&](auto change) {
    SignFacts f = base;
    change(f);
    return f;
  };
  const Case cases[] = {
      {"the client's clinician signs", PlanSigner::kClinician,
       with([](SignFacts& f) { f.signer_is_assigned_clinician = true; }), ErrorCode::kInternal, ""},
      {"an older version too", PlanSigner::kClinician, with([](SignFacts& f) {
         f.signer_is_assigned_clinician = true;
         f.is_latest = false;
       }),
       ErrorCode::kInternal, ""},
      {"owner or other clinician is not the clinician", PlanSigner::kClinician, base, ErrorCode::kRule, "plan_signer"},
      {"a supervisor is not the clinician", PlanSigner::kClinician,
       with([](SignFacts& f) { f.signer_supervises_clinician = true; }), ErrorCode::kRule, "plan_signer"},
      {"signed twice", PlanSigner::kClinician, with([](SignFacts& f) {
         f.signer_is_assigned_clinician = true;
         f.clinician_signed = true;
       }),
       ErrorCode::kConflict, ""},
      {"supervisor co-signs after the clinician", PlanSigner::kSupervisor, with([](SignFacts& f) {
         f.signer_supervises_clinician = true;
         f.clinician_signed = true;
       }),
       ErrorCode::kInternal, ""},
      {"supervisor before the clinician", PlanSigner::kSupervisor,
       with([](SignFacts& f) { f.signer_supervises_clinician = true; }), ErrorCode::kRule, "plan_cosign"},
      {"not their supervisee", PlanSigner::kSupervisor, with([](SignFacts& f) { f.clinician_signed = true; }),
       ErrorCode::kRule, "plan_signer"},
      {"co-signed twice", PlanSigner::kSupervisor, with([](SignFacts& f) {
         f.signer_supervises_clinician = true;
         f.clinician_signed = true;
         f.supervisor_signed = true;
       }),
       ErrorCode::kConflict, ""},
      {"client signs the current version", PlanSigner::kClient, base, ErrorCode::kInternal, ""},
      {"a member signs the part whose goals are theirs", PlanSigner::kPart,
       with([](SignFacts& f) { f.signer_owns_part = true; }), ErrorCode::kInternal, ""},
      {"on an older version too", PlanSigner::kPart, with([](SignFacts& f) {
         f.signer_owns_part = true;
         f.is_latest = false;
       }),
       ErrorCode::kInternal, ""},
      {"a clinician of the client who owns no goal has no part", PlanSigner::kPart,
       with([](SignFacts& f) { f.signer_is_assigned_clinician = true; }), ErrorCode::kRule, "plan_signer"},
      {"a part signed twice", PlanSigner::kPart, with([](SignFacts& f) {
         f.signer_owns_part = true;
         f.part_signed = true;
       }),
       ErrorCode::kConflict, ""},
      {"client on an old version", PlanSigner::kClient, with([](SignFacts& f) { f.is_latest = false; }),
       ErrorCode::kRule, "plan_current"},
      {"client twice", PlanSigner::kClient, with([](SignFacts& f) { f.client_signed = true; }), ErrorCode::kConflict,
       ""},
      {"no such version", PlanSigner::kClient, SignFacts{}, ErrorCode::kNotFound, ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto st = MaySignPlan(c.signer, c.facts);
    if (c.code == ErrorCode::kInternal)
      EXPECT_TRUE(st.has_value());
    else {
      ASSERT_FALSE(st.has_value());
      EXPECT_EQ(st.error().code, c.code);
      EXPECT_EQ(st.error().rule, c.rule);
    }
  }
}

}  // namespace
}  // namespace duet::plans
