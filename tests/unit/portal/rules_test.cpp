// The client's own booking rules: what they may do with a visit now, and what they may book.
#include <gtest/gtest.h>

#include "portal/rules.hpp"
#include "scheduling/rules.hpp"

namespace duet::portal {
namespace {

constexpr EpochSeconds kHour = 3600;
constexpr EpochSeconds kStart = 1'800'000'000;

PortalVisit Visit(std::string status, std::optional<std::int64_t> fee = 7500) {
  PortalVisit v;
  v.status = std::move(status);
  v.start = kStart;
  v.end = kStart + 50 * 60;
  v.late_cancel_fee = fee;
  return v;
}

TEST(PortalTerms, WhatAClientMayDoWithAVisitNow) {
  struct Case {
    const char* name;
    std::string status;
    EpochSeconds now;
    bool cancel, move;
  };
  const Case cases[] = {
      {"booked, two days ahead", "booked", kStart - 48 * kHour, true, true},
      {"booked, just before the window", "booked", kStart - 24 * kHour - 1, true, true},
      {"booked, the window has opened", "booked", kStart - 24 * kHour, true, false},
      {"booked, an hour ahead", "booked", kStart - kHour, true, false},
      {"booked, started", "booked", kStart, false, false},
      {"checked in", "checked_in", kStart - kHour, false, false},
      {"cancelled", "cancelled", kStart - 48 * kHour, false, false},
      {"late cancelled", "late_cancelled", kStart - 2 * kHour, false, false},
      {"completed", "completed", kStart + 2 * kHour, false, false},
      {"requested, two days ahead", "requested", kStart - 48 * kHour, true, true},
      {"requested, an hour ahead: still the client's to withdraw or move", "requested", kStart - kHour, true, true},
      {"requested, started", "requested", kStart, false, false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    PortalVisit v = Visit(c.status);
    TermsOf(v, c.now);
    EXPECT_EQ(v.late_from, kStart - 24 * kHour);
    EXPECT_EQ(v.may_cancel, c.cancel);
    EXPECT_EQ(v.may_reschedule, c.move);
    EXPECT_EQ(static_cast<bool>(MayReschedule(v)), c.move);
    if (!c.move) {
      EXPECT_EQ(MayReschedule(v).error().rule, "reschedule_window");
    }
  }
}

TEST(PortalTerms, ALateCancellationWithAFeeNeedsTheClientsYes) {
  PortalVisit v = Visit("booked");
  TermsOf(v, kStart - 2 * kHour);
  auto refused = MayCancel(v, kStart - 2 * kHour, false);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().rule, "late_fee_not_accepted");
  EXPECT_TRUE(MayCancel(v, kStart - 2 * kHour, true));
  // Early: no fee, nothing to accept.
  PortalVisit early = Visit("booked");
  TermsOf(early, kStart - 48 * kHour);
  EXPECT_TRUE(MayCancel(early, kStart - 48 * kHour, false));
  // Late without a fee (or a zero fee): nothing to accept.
  for (auto fee : {std::optional<std::int64_t>{}, std::optional<std::int64_t>{0}}) {
    PortalVisit free = Visit("booked", fee);
    TermsOf(free, kStart - 2 * kHour);
    EXPECT_TRUE(MayCancel(free, kStart - 2 * kHour, false));
  }
  // Over: nothing to cancel.
  PortalVisit over = Visit("completed");
  TermsOf(over, kStart + kHour);
  EXPECT_EQ(MayCancel(over, kStart + kHour, true).error().rule, "cancel_window");
}

TEST(PortalBooking, OnlyServicesThePracticeOpenedInTheirModes) {
  scheduling::ClinicalService s;
  s.modes = {scheduling::VisitMode::kInPerson, scheduling::VisitMode::kVideo};
  EXPECT_EQ(MayBookOnline(s, scheduling::VisitMode::kVideo).error().rule, "client_booking");
  s.client_bookable = true;
  EXPECT_TRUE(MayBookOnline(s, scheduling::VisitMode::kVideo));
  EXPECT_TRUE(MayBookOnline(s, scheduling::VisitMode::kInPerson));
  EXPECT_EQ(MayBookOnline(s, scheduling::VisitMode::kAudio).error().rule, "client_booking");
}

TEST(PortalBooking, AClientTakesNoVisitOfAnotherModeInsideABlock) {
  scheduling::BookingDecision fits;
  EXPECT_TRUE(scheduling::ClientMayTake(fits));
  scheduling::BookingDecision sprinkle;
  sprinkle.warnings.push_back({"sprinkle", "A telehealth visit inside an in-person block."});
  EXPECT_EQ(scheduling::ClientMayTake(sprinkle).error().rule, "client_block");
  scheduling::BookingDecision advised;
  advised.warnings.push_back({"out_of_network", "advice"});
  EXPECT_TRUE(scheduling::ClientMayTake(advised));
}

TEST(PublicPage, Addresses) {
  for (const char* good : {"harbor-light", "abc", "clinic-2027"}) EXPECT_TRUE(CheckSlug(good)) << good;
  for (const char* bad : {"ab", "Harbor", "harbor light", "-harbor", "harbor-", "harbor--light", "h\xc3\xa9llo"})
    EXPECT_EQ(CheckSlug(bad).error().field, "slug") << bad;
  EXPECT_FALSE(CheckSlug(std::string(41, 'a')));
}

TEST(PublicPage, TheSpamGuard) {
  const std::int64_t now = 1'800'000'000'000;
  IntakeGuard ok{"", now - 60'000, now, 0, 0};
  EXPECT_TRUE(CheckIntakeGuard(ok));
  IntakeGuard g = ok;
  g.website = "http://spam.example";
  EXPECT_EQ(CheckIntakeGuard(g).error().code, ErrorCode::kInvalid) << "the hidden field";
  g = ok;
  g.form_opened_ms = now - 2'999;
  EXPECT_EQ(CheckIntakeGuard(g).error().field, "form_opened_ms") << "faster than a person";
  g.form_opened_ms = now - 3'000;
  EXPECT_TRUE(CheckIntakeGuard(g));
  g.form_opened_ms = now - 25LL * 3600 * 1000;
  EXPECT_EQ(CheckIntakeGuard(g).error().field, "form_opened_ms") << "a day-old form";
  g = ok;
  g.form_opened_ms = 0;
  EXPECT_FALSE(CheckIntakeGuard(g));
  g = ok;
  g.from_source_last_hour = kMaxPerSourcePerHour - 1;
  EXPECT_TRUE(CheckIntakeGuard(g));
  g.from_source_last_hour = kMaxPerSourcePerHour;
  EXPECT_EQ(CheckIntakeGuard(g).error().code, ErrorCode::kTooMany);
  g = ok;
  g.on_page_last_hour = kMaxPerPageHour;
  EXPECT_EQ(CheckIntakeGuard(g).error().code, ErrorCode::kTooMany);
}

TEST(PortalBooking, TheSearchWindow) {
  EpochSeconds from = kStart - 3600;
  EXPECT_TRUE(ClampSearch(from, kStart + 86400, kStart));
  EXPECT_EQ(from, kStart) << "nothing before now";
  from = kStart;
  EXPECT_EQ(ClampSearch(from, kStart, kStart).error().field, "to");
  from = kStart;
  EXPECT_TRUE(ClampSearch(from, kStart + 31 * 86400, kStart));
  EXPECT_EQ(ClampSearch(from, kStart + 31 * 86400 + 1, kStart).error().field, "to");
}

}  // namespace
}  // namespace duet::portal
