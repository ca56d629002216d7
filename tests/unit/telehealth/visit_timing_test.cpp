// The visit clock: when a video visit starts and ends, its gaps, minutes and delivered mode.
#include <gtest/gtest.h>

#include <vector>

#include "telehealth/rules.hpp"

namespace duet::telehealth {
namespace {

using K = VisitEventKind;
constexpr EpochSeconds T = 1'800'000'000;
constexpr EpochSeconds M = 60;

VisitSummary Summarize(std::vector<VisitEvent> events, EpochSeconds now = T + 1000 * M) {
  return SummarizeVisit(events, now);
}

TEST(VisitTiming, StartsWhenClinicianAndClientAreBothConnected) {
  auto s =
      Summarize({{T, K::kStaffIn}, {T + 4 * M, K::kClientIn}, {T + 49 * M, K::kClientOut}, {T + 51 * M, K::kStaffOut}});
  ASSERT_TRUE(s.started_at);
  EXPECT_EQ(*s.started_at, T + 4 * M);
  ASSERT_TRUE(s.ended_at);
  EXPECT_EQ(*s.ended_at, T + 51 * M) << "ends when the last person leaves";
  EXPECT_EQ(s.minutes, 45) << "only time together counts";
  EXPECT_TRUE(s.gaps.empty());
  EXPECT_EQ(s.delivered_mode, "video");
  EXPECT_FALSE(s.in_progress);
}

TEST(VisitTiming, AClientWaitingAloneNeverStartsIt) {
  auto s = Summarize({{T, K::kClientIn}, {T + 10 * M, K::kClientOut}});
  EXPECT_FALSE(s.started_at);
  EXPECT_FALSE(s.ended_at);
  EXPECT_EQ(s.minutes, 0);
  EXPECT_EQ(s.delivered_mode, "");
}

TEST(VisitTiming, ANetworkDropIsAGapNotTheEnd) {
  auto s = Summarize({{T, K::kStaffIn},
                      {T, K::kClientIn},
                      {T + 20 * M, K::kClientOut},
                      {T + 22 * M, K::kClientIn},
                      {T + 50 * M, K::kEnd},
                      {T + 51 * M, K::kClientOut}});
  ASSERT_EQ(s.gaps.size(), 1u);
  EXPECT_EQ(s.gaps[0].from, T + 20 * M);
  EXPECT_EQ(s.gaps[0].to, T + 22 * M);
  EXPECT_EQ(*s.ended_at, T + 50 * M) << "the clinician ended it; later events do not count";
  EXPECT_EQ(s.minutes, 48);
}

TEST(VisitTiming, EveryoneLeavingThenRejoiningReopensTheVisit) {
  auto s = Summarize({{T, K::kStaffIn},
                      {T, K::kClientIn},
                      {T + 10 * M, K::kClientOut},
                      {T + 10 * M, K::kStaffOut},
                      {T + 12 * M, K::kStaffIn},
                      {T + 13 * M, K::kClientIn},
                      {T + 30 * M, K::kClientOut},
                      {T + 30 * M, K::kStaffOut}});
  EXPECT_EQ(*s.ended_at, T + 30 * M);
  ASSERT_EQ(s.gaps.size(), 1u);
  EXPECT_EQ(s.gaps[0].from, T + 10 * M);
  EXPECT_EQ(s.gaps[0].to, T + 13 * M);
  EXPECT_EQ(s.minutes, 27);
}

TEST(VisitTiming, AVisitUnderWayCountsUpToNowAndHasNoEnd) {
  auto s = Summarize({{T, K::kStaffIn}, {T + M, K::kClientIn}}, T + 31 * M + 29);
  EXPECT_TRUE(s.in_progress);
  EXPECT_FALSE(s.ended_at);
  EXPECT_EQ(s.minutes, 30) << "30 min 29 s rounds down";
  EXPECT_EQ(Summarize({{T, K::kStaffIn}, {T + M, K::kClientIn}}, T + 31 * M + 30).minutes, 31)
      << "30 min 30 s rounds up";
}

TEST(VisitTiming, TheDeliveredModeIsAudioWhenMostOfTheCallWasAudioOnly) {
  auto mostly_audio =
      Summarize({{T, K::kStaffIn}, {T, K::kClientIn}, {T + 10 * M, K::kAudioOn}, {T + 45 * M, K::kEnd}});
  EXPECT_EQ(mostly_audio.audio_only_seconds, 35 * M);
  EXPECT_EQ(mostly_audio.delivered_mode, "audio");
  auto mostly_video = Summarize({{T, K::kStaffIn},
                                 {T, K::kClientIn},
                                 {T + 5 * M, K::kAudioOn},
                                 {T + 10 * M, K::kAudioOff},
                                 {T + 45 * M, K::kEnd}});
  EXPECT_EQ(mostly_video.audio_only_seconds, 5 * M);
  EXPECT_EQ(mostly_video.delivered_mode, "video");
  // Audio-only time while the client was gone does not count.
  auto gap = Summarize({{T, K::kStaffIn},
                        {T, K::kClientIn},
                        {T + 10 * M, K::kClientOut},
                        {T + 11 * M, K::kAudioOn},
                        {T + 20 * M, K::kClientIn},
                        {T + 22 * M, K::kEnd}});
  EXPECT_EQ(gap.audio_only_seconds, 2 * M);
  EXPECT_EQ(gap.connected_seconds, 12 * M);
}

TEST(VisitTiming, TwoStaffAndTwoClientsCountAsOneConnection) {
  auto s = Summarize({{T, K::kStaffIn},
                      {T, K::kClientIn},
                      {T + 5 * M, K::kStaffIn},
                      {T + 6 * M, K::kClientIn},
                      {T + 10 * M, K::kStaffOut},
                      {T + 20 * M, K::kClientOut},
                      {T + 40 * M, K::kEnd}});
  EXPECT_TRUE(s.gaps.empty());
  EXPECT_EQ(s.minutes, 40);
}

TEST(RateLimits, ABucketRefillsAtItsRate) {
  RateLimit r;
  int taken = 0;
  for (int i = 0; i < 100; ++i) taken += r.Take(1.0, 10, 20);
  EXPECT_EQ(taken, 20) << "a burst up to the bucket size";
  EXPECT_FALSE(r.Take(1.05, 10, 20));
  EXPECT_TRUE(r.Take(1.2, 10, 20)) << "refilled after a tenth of a second";
}

TEST(VisitEvents, NamesRoundTrip) {
  for (auto k : {K::kStaffIn, K::kStaffOut, K::kClientIn, K::kClientOut, K::kAudioOn, K::kAudioOff, K::kEnd})
    EXPECT_EQ(ParseVisitEvent(VisitEventName(k)), k);
  EXPECT_FALSE(ParseVisitEvent("nope"));
}

}  // namespace
}  // namespace duet::telehealth
