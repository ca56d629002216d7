// Good Faith Estimate rules: federal holidays from data (observed on the nearest weekday), business
// days over the practice's calendar, due dates by how far ahead a visit is booked (table), requests,
// open obligations, the 12-month period and the $400 dispute threshold.
#include <gtest/gtest.h>

#include "estimates/rules.hpp"
#include "platform/embedded.hpp"

namespace duet::estimates {
namespace {

Date D(const char* s) { return *ParseDate(s); }

std::vector<HolidayRule> Holidays() {
  for (const auto& f : EmbeddedData())
    if (f.name == "federal_holidays.csv") return *ParseHolidayRules(f.text);
  ADD_FAILURE() << "federal_holidays.csv is not embedded";
  return {};
}

TEST(Holidays, ObservedDatesFromTheData) {
  const auto h = Holidays();
  ASSERT_EQ(h.size(), 11u);
  auto days = ObservedHolidays(h, 2026);
  std::vector<std::string> got;
  for (auto d : days) got.push_back(FormatDate(d));
  // 2026: July 4 is a Saturday (observed Friday July 3).
  EXPECT_EQ(
      got, (std::vector<std::string>{"2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25", "2026-06-19", "2026-07-03",
                                     "2026-09-07", "2026-10-12", "2026-11-11", "2026-11-26", "2026-12-25"}));
  // 2027: Juneteenth on a Saturday → Friday 18; Christmas on a Saturday → Friday 24; 2028's New Year's
  // Day on a Saturday → Friday December 31, 2027.
  const BusinessCalendar cal;
  EXPECT_FALSE(IsBusinessDay(cal, h, D("2027-06-18")));
  EXPECT_FALSE(IsBusinessDay(cal, h, D("2027-12-24")));
  EXPECT_FALSE(IsBusinessDay(cal, h, D("2027-12-31")));
  // 2023: New Year's Day on a Sunday → Monday January 2.
  EXPECT_FALSE(IsBusinessDay(cal, h, D("2023-01-02")));
  EXPECT_TRUE(IsBusinessDay(cal, h, D("2023-01-03")));
}

TEST(Holidays, BadDataIsRefused) {
  EXPECT_FALSE(ParseHolidayRules("name,month,day,weekday,nth\nX,13,1,,\n"));
  EXPECT_FALSE(ParseHolidayRules("name,month,day,weekday,nth\nX,1,,8,1\n"));
  EXPECT_FALSE(ParseHolidayRules("name,month,day,weekday,nth\nX,1,,1,0\n"));
  EXPECT_FALSE(ParseHolidayRules("name,month,day,weekday,nth\nX,1\n"));
  EXPECT_TRUE(ParseHolidayRules("name,month,day,weekday,nth\n"));
}

TEST(BusinessDays, CalendarOfThePractice) {
  const auto h = Holidays();
  BusinessCalendar cal;
  // Friday 2026-12-04 + 1 business day = Monday 12-07.
  EXPECT_EQ(AddBusinessDays(cal, h, D("2026-12-04"), 1), D("2026-12-07"));
  // Over Christmas (Friday 12-25) and the weekend.
  EXPECT_EQ(AddBusinessDays(cal, h, D("2026-12-23"), 2), D("2026-12-28"));
  // Over Thanksgiving (Thursday 11-26).
  EXPECT_EQ(AddBusinessDays(cal, h, D("2026-11-25"), 1), D("2026-11-27"));
  // A practice open on Saturdays, closed on its own day, and one that works federal holidays.
  cal.open_weekdays = {1, 2, 3, 4, 5, 6};
  EXPECT_EQ(AddBusinessDays(cal, h, D("2026-12-04"), 1), D("2026-12-05"));
  cal.closed_dates = {D("2026-12-05")};
  EXPECT_EQ(AddBusinessDays(cal, h, D("2026-12-04"), 1), D("2026-12-07"));
  BusinessCalendar open_holidays;
  open_holidays.federal_holidays = false;
  EXPECT_EQ(AddBusinessDays(open_holidays, h, D("2026-12-24"), 1), D("2026-12-25"));
  // No open weekday at all: calendar days, never a loop without end.
  BusinessCalendar closed;
  closed.open_weekdays.clear();
  EXPECT_EQ(AddBusinessDays(closed, h, D("2026-12-24"), 3), D("2026-12-27"));
}

struct DueCase {
  const char* scheduled;
  const char* visit;
  const char* due;  // "" when no estimate is required (under 3 business days ahead)
};

TEST(DueDates, ByHowFarAheadTheVisitIsBooked) {
  const auto h = Holidays();
  const BusinessCalendar cal;
  const DueCase cases[] = {
      // Booked Monday 2026-12-07.
      {"2026-12-07", "2026-12-08", ""},            // 1 business day ahead
      {"2026-12-07", "2026-12-09", ""},            // 2
      {"2026-12-07", "2026-12-10", "2026-12-08"},  // 3 → 1 business day
      {"2026-12-07", "2026-12-18", "2026-12-08"},  // 9
      {"2026-12-07", "2026-12-21", "2026-12-10"},  // 10 → 3 business days
      {"2026-12-07", "2027-03-01", "2026-12-10"},
      // Booked Friday 2026-12-18: Christmas Friday 12-25 is not a business day.
      {"2026-12-18", "2026-12-23", "2026-12-21"},  // Mon, Tue, Wed = 3 → Monday
      {"2026-12-18", "2026-12-22", ""},            // 2
      {"2026-12-18", "2027-01-04", "2026-12-21"},  // 12-21..24, 12-28..31, 01-04: 9 (two holidays)
      {"2026-12-18", "2027-01-05", "2026-12-23"},  // 10 → 3 business days
      // Booked on a Saturday: the count starts at Monday.
      {"2026-12-05", "2026-12-09", "2026-12-07"},
      // Booked the day before Thanksgiving.
      {"2026-11-25", "2026-11-30", ""},  // Fri, Mon: 2
      {"2026-11-25", "2026-12-01", "2026-11-27"},
  };
  for (const auto& c : cases) {
    auto due = DueForVisit(cal, h, D(c.scheduled), D(c.visit));
    if (std::string(c.due).empty()) {
      EXPECT_FALSE(due) << c.scheduled << " → " << c.visit;
    } else {
      ASSERT_TRUE(due) << c.scheduled << " → " << c.visit;
      EXPECT_EQ(FormatDate(*due), c.due) << c.scheduled << " → " << c.visit;
    }
  }
  // A request: 3 business days, over the New Year.
  EXPECT_EQ(DueForRequest(cal, h, D("2026-12-30")), D("2027-01-05"));
}

TEST(Owed, OpenObligationsAndWhatCoversThem) {
  const auto h = Holidays();
  const BusinessCalendar cal;
  std::vector<BookedVisit> visits{
      {"k1", "Ana", D("2026-12-07"), D("2026-12-21")},  // due 12-10
      {"k1", "Ana", D("2026-12-07"), D("2026-12-10")},  // due 12-08 (the earlier one wins)
      {"k2", "Ben", D("2026-12-07"), D("2026-12-08")},  // too near: none
      {"k3", "Cy", D("2026-12-01"), D("2026-12-14")},   // covered below
  };
  Estimate e;
  e.client_id = "k3";
  e.period_from = D("2026-12-01");
  e.period_to = D("2027-11-30");
  e.issued_at = 1796136000;
  std::vector<EstimateRequest> requests{{"r1", "k4", 1796688000 /* 2026-12-08 */, "Front desk"},
                                        {"r2", "k3", 1796036000 /* before the estimate */, "Front desk"}};
  auto owed = Owed(cal, h, visits, requests, {e}, D("2026-12-09"));
  ASSERT_EQ(owed.size(), 2u);
  EXPECT_EQ(owed[0].client_id, "k1");
  EXPECT_EQ(FormatDate(owed[0].due_on), "2026-12-08");
  EXPECT_TRUE(owed[0].overdue);
  EXPECT_EQ(FormatDate(*owed[0].first_visit), "2026-12-10");
  EXPECT_EQ(owed[1].client_id, "k4");
  EXPECT_EQ(owed[1].trigger, Trigger::kRequested);
  EXPECT_EQ(FormatDate(owed[1].due_on), "2026-12-11");
  EXPECT_FALSE(owed[1].overdue);
}

TEST(Estimate, PeriodAndContents) {
  EXPECT_EQ(PeriodEnd(D("2026-12-03"), 12), D("2027-12-02"));
  EXPECT_EQ(PeriodEnd(D("2028-02-29"), 12), D("2029-02-28"));
  EXPECT_EQ(PeriodEnd(D("2026-01-31"), 1), D("2026-02-28"));
  Estimate e;
  e.period_from = D("2026-12-03");
  e.period_to = D("2027-12-02");
  e.provider_npi = "1234567893";
  e.provider_tax_id = "12-3456789";
  EXPECT_EQ(CheckEstimate(e), "Add at least one expected service.");
  Item i;
  i.clinician_id = "c1";
  i.provider_name = "Dr. A";
  i.npi = "1234567893";
  i.description = "Psychotherapy, 53 minutes (90837), by video";
  i.quantity = 52;
  i.unit_fee = 15000;
  i.total = 52 * 15000;
  e.items.push_back(i);
  EXPECT_EQ(CheckEstimate(e), std::nullopt);
  e.period_to = D("2027-12-03");
  EXPECT_EQ(CheckEstimate(e), "One estimate covers at most 12 months.");
  e.period_to = D("2027-12-02");
  e.items[0].npi.clear();
  EXPECT_NE(CheckEstimate(e), std::nullopt);
  e.items[0].npi = "1234567893";
  e.provider_tax_id.clear();
  EXPECT_NE(CheckEstimate(e), std::nullopt);
  EXPECT_EQ(Notices().size(), 7u);
}

TEST(Estimate, DisputeThresholdPerProvider) {
  Estimate e;
  e.id = "g";
  Item a;
  a.clinician_id = "c1";
  a.total = 100000;
  Item b;
  b.clinician_id = "c2";
  b.total = 50000;
  e.items = {a, b};
  auto v = Variances(e, {{"c1", 139999}, {"c2", 90000}, {"c3", 40000}});
  ASSERT_EQ(v.size(), 3u);
  EXPECT_FALSE(v[0].dispute_eligible);  // $399.99 over
  EXPECT_TRUE(v[1].dispute_eligible);   // $400 over
  EXPECT_TRUE(v[2].dispute_eligible);   // a provider not on the estimate at all
}

}  // namespace
}  // namespace duet::estimates
