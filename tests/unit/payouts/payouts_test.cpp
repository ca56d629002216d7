// Payout rules: what each kind of plan pays for each kind of visit (table), what holds a visit back,
// how earlier weeks' visits come back as adjustments and clawbacks, plan checks and the payroll file.
#include <gtest/gtest.h>

#include "payouts/rules.hpp"

namespace duet::payouts {
namespace {

Visit V(std::string status, std::string mode = "video", bool signed_note = true, std::int64_t collected = 15000) {
  Visit v;
  v.appointment_id = "a-" + status + mode;
  v.clinician_id = "c1";
  v.client_label = "R. V.";
  v.service_id = "s90834";
  v.service_name = "Psychotherapy 45";
  v.mode = std::move(mode);
  v.on = *ParseDate("2026-11-30");
  v.minutes = 53;
  v.status = std::move(status);
  v.note_signed = signed_note;
  v.collected = collected;
  return v;
}

Plan PerVisit() {
  Plan p;
  p.basis = Basis::kPerVisit;
  p.rates = {{"s90834", "in_person", 7000}, {"s90834", "", 6500}, {"", "video", 6000}};
  p.default_rate = 5000;
  p.late_cancel = {MissedPay::kFixed, 2500, 0};
  p.no_show = {MissedPay::kNone, 0, 0};
  return p;
}

struct PayCase {
  const char* name;
  Plan plan;
  Visit visit;
  std::int64_t amount;
  bool held;
  const char* rule_or_why;  // a part of the rule (paid) or of why (held)
};

TEST(PayFor, EveryPlanAndVisit) {
  Plan same = PerVisit();
  same.rates = {{"", "", 6800}};  // identical pay whatever the session type
  Plan share;
  share.basis = Basis::kShare;
  share.share_percent = 60;
  share.late_cancel = {MissedPay::kShareOfFee, 0, 50};
  share.no_show = {MissedPay::kShareOfFee, 0, 50};
  Plan hourly;
  hourly.basis = Basis::kHourly;
  hourly.hourly_rate = 9000;
  Plan no_wait = PerVisit();
  no_wait.requires_signed_note = false;
  Visit denied = V("completed");
  denied.claim_status = "denied";
  Visit other_service = V("completed", "audio");
  other_service.service_id = "s90791";
  Visit cancel_fee = V("late_cancelled", "video", false, 5000);
  const PayCase cases[] = {
      {"service and mode", PerVisit(), V("completed", "in_person"), 7000, false,
       "$70.00 per visit of Psychotherapy 45 in person"},
      {"service, any mode", PerVisit(), V("completed", "audio"), 6500, false, "(every mode)"},
      {"mode, any service (service beats mode)", PerVisit(), V("completed", "video"), 6500, false, "$65.00"},
      {"mode of another service", PerVisit(),
       [] {
         Visit v = V("completed", "video");
         v.service_id = "x";
         return v;
       }(),
       6000, false, "video"},
      {"the default", PerVisit(), other_service, 5000, false, "default"},
      {"same pay in every mode, video", same, V("completed", "video"), 6800, false, "(every mode)"},
      {"same pay in every mode, in person", same, V("completed", "in_person"), 6800, false, "(every mode)"},
      {"share of collected", share, V("completed", "video", true, 15000), 9000, false, "60% of $150.00 collected"},
      {"share, nothing collected yet", share, V("completed", "video", true, 0), 0, false, "60% of $0.00"},
      {"hourly", hourly, V("completed"), 7950, false, "$90.00 an hour × 53 minutes"},
      {"note unsigned", PerVisit(), V("completed", "video", false), 0, true, "not signed"},
      {"note unsigned, plan does not wait", no_wait, V("completed", "video", false), 6500, false, "per visit"},
      {"claim denied", PerVisit(), denied, 0, true, "denied"},
      {"never marked held", PerVisit(), V("booked"), 0, true, "never marked held"},
      {"late cancellation, fixed", PerVisit(), cancel_fee, 2500, false, "Late cancellation: $25.00"},
      {"no-show, unpaid", PerVisit(), V("no_show"), 0, false, "not paid under the plan"},
      {"late cancellation, share of the fee", share, cancel_fee, 2500, false, "50% of the $50.00 fee collected"},
  };
  for (const auto& c : cases) {
    const Decision d = PayFor(c.plan, c.visit);
    EXPECT_EQ(d.amount, c.amount) << c.name;
    EXPECT_EQ(d.held, c.held) << c.name;
    const std::string text = c.held ? d.why : d.rule;
    EXPECT_NE(text.find(c.rule_or_why), std::string::npos) << c.name << ": " << text;
  }
  EXPECT_FALSE(PayFor(PerVisit(), V("cancelled")).listed);
}

TEST(Statement, ThisWeekAndWhatChangedForEarlierWeeks) {
  const Plan plan = PerVisit();
  const Date earlier_week = *ParseDate("2026-11-23");
  // Earlier: one held for its note, now signed; one paid whose claim is now denied; one still held; one
  // paid and unchanged (no line); a paid visit whose plan rate changed since (no line: plans do not reach back).
  Prior signed_now{V("completed", "in_person"), 0, true, earlier_week};
  Prior clawback{V("completed", "video"), 6500, false, earlier_week};
  clawback.visit.appointment_id = "claw";
  clawback.visit.claim_status = "denied";
  Prior still{V("completed", "audio", false), 0, true, earlier_week};
  Prior unchanged{V("completed", "video"), 6500, false, earlier_week};
  unchanged.visit.appointment_id = "same";
  Prior rate_changed{V("completed", "video"), 4000, false, earlier_week};
  rate_changed.visit.appointment_id = "rate";
  const auto lines = StatementLines(plan, {V("completed", "video"), V("cancelled"), V("no_show")},
                                    {signed_now, clawback, still, unchanged, rate_changed});
  ASSERT_EQ(lines.size(), 5u);
  std::int64_t total = 0;
  int adjustments = 0, held = 0;
  for (const auto& l : lines) {
    total += l.amount;
    adjustments += l.kind == LineKind::kAdjustment;
    held += l.kind == LineKind::kHeld;
  }
  EXPECT_EQ(total, 6500 + 0 + 7000 - 6500);
  EXPECT_EQ(adjustments, 2);
  EXPECT_EQ(held, 1);
  auto find = [&](const std::string& why) {
    return std::find_if(lines.begin(), lines.end(),
                        [&](const Line& l) { return l.why.find(why) != std::string::npos; });
  };
  ASSERT_NE(find("Held before, paid now"), lines.end());
  EXPECT_EQ(find("Held before, paid now")->amount, 7000);
  ASSERT_NE(find("Clawback: The claim was denied."), lines.end());
  EXPECT_EQ(find("Clawback")->amount, -6500);
  ASSERT_NE(find("Still held (from the week of 2026-11-23)"), lines.end());
}

TEST(Statement, AClawedBackVisitIsPaidWhenItsClaimIsPaidAfterAll) {
  Prior clawed{V("completed", "video"), 0, false, *ParseDate("2026-11-23")};
  clawed.visit.claim_status = "paid";
  const auto lines = StatementLines(PerVisit(), {}, {clawed});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].amount, 6500);
  EXPECT_NE(lines[0].why.find("Held before, paid now"), std::string::npos);
  // A late cancellation the plan does not pay stays off the statement.
  Prior unpaid_cancel{V("no_show"), 0, false, *ParseDate("2026-11-23")};
  EXPECT_TRUE(StatementLines(PerVisit(), {}, {unpaid_cancel}).empty());
}

TEST(Statement, ShareFollowsCollections) {
  Plan share;
  share.basis = Basis::kShare;
  share.share_percent = 50;
  Prior more{V("completed", "video", true, 20000), 5000, false, *ParseDate("2026-11-23")};
  Prior refunded{V("completed", "video", true, 4000), 5000, false, *ParseDate("2026-11-23")};
  refunded.visit.appointment_id = "r";
  const auto lines = StatementLines(share, {}, {more, refunded});
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].amount + lines[1].amount, 5000 + -3000);
}

TEST(PayPlans, Checks) {
  EXPECT_EQ(CheckPlan(PerVisit()), std::nullopt);
  Plan p = PerVisit();
  p.rates.push_back({"s90834", "in_person", 1});
  EXPECT_EQ(CheckPlan(p), "Each service and mode has one rate.");
  p = PerVisit();
  p.rates[0].mode = "teleport";
  EXPECT_NE(CheckPlan(p), std::nullopt);
  p = PerVisit();
  p.rates[0].amount = -1;
  EXPECT_NE(CheckPlan(p), std::nullopt);
  Plan s;
  s.basis = Basis::kShare;
  EXPECT_NE(CheckPlan(s), std::nullopt);
  s.share_percent = 101;
  EXPECT_NE(CheckPlan(s), std::nullopt);
  Plan h;
  h.basis = Basis::kHourly;
  EXPECT_NE(CheckPlan(h), std::nullopt);
  Plan empty;
  EXPECT_NE(CheckPlan(empty), std::nullopt);
}

TEST(Weeks, MondayOfTheWeek) {
  EXPECT_EQ(WeekOf(*ParseDate("2026-12-06")), *ParseDate("2026-11-30"));  // Sunday
  EXPECT_EQ(WeekOf(*ParseDate("2026-11-30")), *ParseDate("2026-11-30"));  // Monday
  EXPECT_EQ(WeekOf(*ParseDate("2027-01-01")), *ParseDate("2026-12-28"));
}

TEST(Payroll, CsvWithoutClientData) {
  const std::string csv =
      PayrollCsv({{"c1", "Rowan Stone, LPC", "1234567893", *ParseDate("2026-11-30"), 12, 1, -6500, 71000},
                  {"c2", "Sam \"Q\" Lee", "1234567893", *ParseDate("2026-11-30"), 0, 0, 0, 5}});
  EXPECT_EQ(csv,
            "clinician_id,clinician_name,npi,week,visits_paid,visits_held,adjustments,total\r\n"
            "c1,\"Rowan Stone, LPC\",1234567893,2026-11-30,12,1,-65.00,710.00\r\n"
            "c2,\"Sam \"\"Q\"\" Lee\",1234567893,2026-11-30,0,0,0.00,0.05\r\n");
}

}  // namespace
}  // namespace duet::payouts
