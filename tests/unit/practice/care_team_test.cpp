// Care team rules: who is a member today (the access policy follows it), the part a clinician added without
// one takes, and what a team as saved may hold.
#include <gtest/gtest.h>

#include <initializer_list>

#include "practice/rules.hpp"

namespace duet::practice {
namespace {

using namespace date::literals;
const Date kToday = date::sys_days(2026_y / 12 / 4);

CareTeamMember Member(std::string id, TeamRole role, std::optional<Date> starts = {}, std::optional<Date> ends = {}) {
  CareTeamMember m;
  m.clinician_id = std::move(id);
  m.role = role;
  m.starts_on = starts;
  m.ends_on = ends;
  return m;
}

TEST(CareTeam, AMemberIsActiveOnTheDaysBetweenTheirDates) {
  const Date yesterday = kToday - date::days{1}, tomorrow = kToday + date::days{1};
  struct Row {
    std::optional<Date> starts, ends;
    bool active;
    const char* why;
  };
  for (const Row& r : std::initializer_list<Row>{
           {{}, {}, true, "no dates: always"},
           {kToday, {}, true, "joined today"},
           {tomorrow, {}, false, "joins tomorrow"},
           {{}, kToday, true, "the last day still counts"},
           {{}, yesterday, false, "left yesterday: no access today"},
           {yesterday, tomorrow, true, "within"},
       })
    EXPECT_EQ(IsActiveMember(Member("k", TeamRole::kTherapist, r.starts, r.ends), kToday), r.active) << r.why;
}

TEST(CareTeam, DefaultPartByDiscipline) {
  EXPECT_EQ(DefaultTeamRole(Discipline::kCounseling, false), TeamRole::kPrimary);
  EXPECT_EQ(DefaultTeamRole(Discipline::kSocialWork, true), TeamRole::kTherapist) << "one primary at a time";
  EXPECT_EQ(DefaultTeamRole(Discipline::kPsychiatricNp, false), TeamRole::kPrescriber);
  EXPECT_EQ(DefaultTeamRole(Discipline::kPsychiatry, true), TeamRole::kPrescriber);
  EXPECT_EQ(DefaultTeamRole(Discipline::kOccupationalTherapy, false), TeamRole::kRehabilitation);
  EXPECT_EQ(DefaultTeamRole(Discipline::kPhysicalTherapy, false), TeamRole::kRehabilitation);
}

TEST(CareTeam, ValidationNamesEachProblem) {
  auto fields = [](const std::vector<CareTeamMember>& team) {
    std::vector<std::string> out;
    for (const auto& i : ValidateCareTeam(team, kToday)) out.push_back(i.field);
    return out;
  };
  EXPECT_TRUE(fields({Member("a", TeamRole::kPrimary), Member("b", TeamRole::kPrescriber)}).empty());
  EXPECT_TRUE(fields({}).empty()) << "a client may have no team yet";
  EXPECT_EQ(fields({Member("a", TeamRole::kPrimary), Member("a", TeamRole::kPrescriber)}),
            (std::vector<std::string>{"members[1].clinician_id"}));
  EXPECT_EQ(fields({Member("", TeamRole::kTherapist)}), (std::vector<std::string>{"members[0].clinician_id"}));
  EXPECT_EQ(fields({Member("a", TeamRole::kTherapist, kToday, kToday - date::days{3})}),
            (std::vector<std::string>{"members[0].ends_on"}));
  EXPECT_EQ(fields({Member("a", TeamRole::kPrimary), Member("b", TeamRole::kPrimary)}),
            (std::vector<std::string>{"members[1].role"}));
  EXPECT_TRUE(
      fields({Member("a", TeamRole::kPrimary, {}, kToday - date::days{1}), Member("b", TeamRole::kPrimary)}).empty())
      << "a former primary and today's";
}

}  // namespace
}  // namespace duet::practice
