// The medication list's rules: what an entry needs, what a change says in the history, and what an
// observation (side effects, adherence) may hold.
#include <gtest/gtest.h>

#include "care/rules.hpp"

namespace duet::care {
namespace {

using namespace date::literals;
const Date kToday = date::sys_days(2026_y / 12 / 1);

Medication Sertraline() {
  Medication m;
  m.name = "sertraline";
  m.rxnorm = "312938";
  m.strength = "50 mg";
  m.form = "tablet";
  m.dose = "1 tablet";
  m.route = "by mouth";
  m.frequency = "once daily";
  m.prescriber = "Priya Shah, PMHNP";
  m.reason = "depression";
  m.started_on = kToday;
  return m;
}

std::vector<std::string> Fields(const std::vector<practice::FieldIssue>& issues) {
  std::vector<std::string> out;
  for (const auto& i : issues) out.push_back(i.field);
  return out;
}

TEST(Medication, ValidationNamesEachGap) {
  struct Case {
    const char* what;
    void (*change)(Medication&);
    std::vector<std::string> fields;
  };
  const Case cases[] = {
      {"a complete entry", [](Medication&) {}, {}},
      {"only a name (the rest is free to leave out)",
       [](Medication& m) { m = Medication{.name = "lithium carbonate", .started_on = kToday}; },
       {}},
      {"no name", [](Medication& m) { m.name = "  "; }, {"name"}},
      {"an RxNorm code with letters", [](Medication& m) { m.rxnorm = "RX312938"; }, {"rxnorm"}},
      {"an RxNorm code too long", [](Medication& m) { m.rxnorm = "12345678901"; }, {"rxnorm"}},
      {"a start more than a year ahead",
       [](Medication& m) { m.started_on = kToday + date::days{400}; },
       {"started_on"}},
      {"a stop before the start",
       [](Medication& m) {
         m.stopped_on = kToday - date::days{1};
         m.stop_reason = "side effects";
       },
       {"stopped_on"}},
      {"a stop without a reason", [](Medication& m) { m.stopped_on = kToday; }, {"stop_reason"}},
      {"everything at once",
       [](Medication& m) {
         m.name.clear();
         m.rxnorm = "x";
         m.stopped_on = kToday;
       },
       {"name", "rxnorm", "stop_reason"}},
  };
  for (const auto& c : cases) {
    Medication m = Sertraline();
    c.change(m);
    EXPECT_EQ(Fields(ValidateMedication(m, kToday)), c.fields) << c.what;
  }
}

TEST(Medication, ChangeSaysWhatChangedFieldByField) {
  Medication before = Sertraline();
  Medication after = before;
  EXPECT_TRUE(DescribeChange(before, after).empty());
  after.dose = "2 tablets";
  after.frequency = "once daily, in the morning";
  after.notes = "take with food";
  EXPECT_EQ(
      DescribeChange(before, after),
      (std::vector<std::string>{"dose: 1 tablet → 2 tablets", "frequency: once daily → once daily, in the morning",
                                "notes: — → take with food"}));
  after = before;
  after.rxnorm.clear();
  after.started_on = kToday - date::days{30};
  EXPECT_EQ(DescribeChange(before, after),
            (std::vector<std::string>{"RxNorm: 312938 → —", "started: 2026-12-01 → 2026-11-01"}));
}

TEST(Medication, FillsANoteTableRowByItsColumns) {
  const Medication m = Sertraline();
  EXPECT_EQ(MedicationRow(m, {"Medication", "Dose", "Frequency", "Change"}),
            (std::vector<std::string>{"sertraline 50 mg", "1 tablet", "once daily", ""}));
  EXPECT_EQ(MedicationRow(m, {"name", "Strength", "Route", "How often", "Prescriber", "For", "Notes"}),
            (std::vector<std::string>{"sertraline 50 mg", "50 mg", "by mouth", "once daily", "Priya Shah, PMHNP",
                                      "depression", ""}));
  EXPECT_TRUE(MedicationRow(m, {}).empty());
}

TEST(Medication, ObservationsHoldKnownSideEffectsOnceAndSomething) {
  EXPECT_TRUE(ValidateObservation(Adherence::kAsPrescribed, {}, "").empty());
  EXPECT_TRUE(ValidateObservation(std::nullopt, {"nausea", "insomnia"}, "").empty());
  EXPECT_TRUE(ValidateObservation(std::nullopt, {}, "feels calmer").empty());
  EXPECT_EQ(Fields(ValidateObservation(std::nullopt, {}, "  ")), std::vector<std::string>{"note"});
  EXPECT_EQ(Fields(ValidateObservation(std::nullopt, {"hair_loss"}, "")), std::vector<std::string>{"side_effects"});
  EXPECT_EQ(Fields(ValidateObservation(std::nullopt, {"nausea", "nausea"}, "")),
            std::vector<std::string>{"side_effects"});
}

}  // namespace
}  // namespace duet::care
