// Objective measures: manual muscle test grades, what makes an observation valid, reading a plan
// objective's baseline and target from its text, and progress toward the target in either direction.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "measures/rules.hpp"

namespace duet::measures {
namespace {

const Date kToday = date::sys_days{date::year{2026} / 12 / 1};

ObservationType Rom() {
  return {"rom.shoulder.flexion",
          ObservationKind::kRangeOfMotion,
          "Shoulder flexion",
          "degrees",
          -30,
          200,
          true,
          Better::kHigher,
          {}};
}
ObservationType Mmt() {
  return {"mmt.hip.abduction", ObservationKind::kStrength, "Hip abduction", "grade", 0, 5, true, Better::kHigher, {}};
}
ObservationType Tug() {
  return {"tug", ObservationKind::kTimedTest, "Timed Up and Go", "seconds", 0, 600, false, Better::kLower, {}};
}

TEST(MuscleGrade, ThirdsForPlusAndMinus) {
  struct Case {
    const char* grade;
    std::optional<double> want;
  };
  for (auto c : {Case{"0", 0.0},
                 {"1", 1.0},
                 {"1+", 1 + 1.0 / 3},
                 {"2-", 2 - 1.0 / 3},
                 {"3", 3.0},
                 {"3+", 3 + 1.0 / 3},
                 {"4-", 4 - 1.0 / 3},
                 {"4+", 4 + 1.0 / 3},
                 {"5-", 5 - 1.0 / 3},
                 {"5", 5.0},
                 {"5+", std::nullopt},
                 {"0+", std::nullopt},
                 {"0-", std::nullopt},
                 {"1-", std::nullopt},
                 {"6", std::nullopt},
                 {"", std::nullopt},
                 {"44", std::nullopt},
                 {"strong", std::nullopt},
                 {"4+/5", std::nullopt}}) {
    SCOPED_TRACE(c.grade);
    auto got = GradeValue(c.grade);
    ASSERT_EQ(got.has_value(), c.want.has_value());
    if (got) EXPECT_NEAR(*got, *c.want, 1e-9);
  }
}

TEST(Observation, ValidationNamesEachProblem) {
  const ObservationType rom = Rom(), mmt = Mmt(), tug = Tug();
  auto in = [](std::string side, std::optional<double> v, std::string grade = "",
               std::optional<Date> on = std::nullopt) {
    ObservationInput i;
    i.side = std::move(side);
    i.value = v;
    i.grade = std::move(grade);
    i.observed_on = on;
    return i;
  };
  struct Case {
    const char* name;
    const ObservationType* type;
    ObservationInput input;
    std::vector<std::string> fields;
  };
  std::vector<Case> cases = {
      {"range of motion within bounds", &rom, in("right", 120), {}},
      {"negative range (an extension lag) is allowed", &rom, in("left", -10), {}},
      {"unknown measure", nullptr, in("", 1), {"o.code"}},
      {"sided without a side", &rom, in("", 120), {"o.side"}},
      {"unknown side", &rom, in("top", 120), {"o.side"}},
      {"a typo past the bounds", &rom, in("right", 1800), {"o.value"}},
      {"no value", &rom, in("right", std::nullopt), {"o.value"}},
      {"not a number", &rom, in("right", std::nan("")), {"o.value"}},
      {"a grade", &mmt, in("left", std::nullopt, "4+"), {}},
      {"a grade out of the scale", &mmt, in("left", std::nullopt, "5+"), {"o.grade"}},
      {"a muscle test with a number", &mmt, in("left", 4, ""), {"o.value", "o.grade"}},
      {"a grade on a timed test", &tug, in("", 12.4, "4"), {"o.grade"}},
      {"timed test, no side needed", &tug, in("", 12.4), {}},
      {"observed today", &tug, in("", 12.4, "", kToday), {}},
      {"observed tomorrow", &tug, in("", 12.4, "", kToday + date::days{1}), {"o.observed_on"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    std::vector<std::string> got;
    for (const auto& issue : ValidateObservation(c.type, c.input, kToday, "o")) got.push_back(issue.field);
    EXPECT_EQ(got, c.fields);
  }
}

TEST(Observation, GradesAreGraphedAsNumbers) {
  ObservationInput i;
  i.grade = "3-";
  EXPECT_NEAR(GraphedValue(Mmt(), i), 2 + 2.0 / 3, 1e-9);
  i.grade.clear();
  i.value = 14.5;
  EXPECT_DOUBLE_EQ(GraphedValue(Tug(), i), 14.5);
}

TEST(ReadQuantity, FirstNumberOfFreeText) {
  struct Case {
    const char* text;
    std::optional<double> want;
  };
  for (auto c : {Case{"95 degrees", 95.0},
                 {"under 12 s", 12.0},
                 {"12.5 seconds or less", 12.5},
                 {"4+/5", 4 + 1.0 / 3},
                 {"grade 3-", 3 - 1.0 / 3},
                 {"-10 degrees (lag)", -10.0},
                 {"2-3 times a day", 2.0},
                 {"10-12 seconds", 10.0},
                 {"PHQ-9 below 5", 5.0},
                 {"GAD7 12", 12.0},
                 {"PHQ-12 4", 4.0},
                 {"none yet", std::nullopt},
                 {"", std::nullopt}}) {
    SCOPED_TRACE(c.text);
    auto got = ReadQuantity(c.text);
    ASSERT_EQ(got.has_value(), c.want.has_value());
    if (got) EXPECT_NEAR(*got, *c.want, 1e-9);
  }
}

TEST(ObjectiveProgress, EitherDirectionFromBaselineToTarget) {
  struct Case {
    const char* name;
    const char* baseline;
    const char* target;
    std::vector<double> values;
    Better better;
    std::optional<double> fraction;
    bool met;
  };
  for (const auto& c : std::vector<Case>{
           {"more degrees, half way", "90 degrees", "150 degrees", {90, 105, 120}, Better::kHigher, 0.5, false},
           {"more degrees, reached", "90", "150", {150}, Better::kHigher, 1.0, true},
           {"fewer seconds, half way", "20 s", "12 s", {16}, Better::kHigher, 0.5, false},  // direction from
                                                                                            // baseline→target
           {"fewer seconds, beaten", "20 s", "12 s", {11}, Better::kHigher, 1.125, true},
           {"got worse", "90", "150", {80}, Better::kHigher, -1.0 / 6, false},
           {"grade target reached by a grade", "3/5", "4+/5", {4 + 1.0 / 3}, Better::kHigher, 1.0, true},
           {"no baseline number: the type's direction", "not tested", "12 s", {11}, Better::kLower, std::nullopt, true},
           {"no baseline number, not yet", "not tested", "12 s", {13}, Better::kLower, std::nullopt, false},
           {"no values yet", "90", "150", {}, Better::kHigher, std::nullopt, false},
       }) {
    SCOPED_TRACE(c.name);
    auto p = ObjectiveProgress(c.baseline, c.target, c.values, c.better);
    EXPECT_EQ(p.met, c.met);
    ASSERT_EQ(p.fraction.has_value(), c.fraction.has_value());
    if (p.fraction) EXPECT_NEAR(*p.fraction, *c.fraction, 1e-9);
  }
}

}  // namespace
}  // namespace duet::measures
