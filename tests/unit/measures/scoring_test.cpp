// PHQ-9 and GAD-7 scoring: totals, severity bands at every boundary, the PHQ-9 item 9 safety flag,
// and no score for an incomplete form.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "measures/rules.hpp"

namespace duet::measures {
namespace {

std::vector<int> Answers(int n, int total) {  // n answers summing to total (each 0..3)
  std::vector<int> out(n, 0);
  for (int i = 0; i < n && total > 0; ++i) {
    out[i] = std::min(3, total);
    total -= out[i];
  }
  return out;
}

TEST(Phq9, BandsAtEveryBoundary) {
  const Instrument* phq9 = FindInstrument("phq9");
  ASSERT_NE(phq9, nullptr);
  struct Case {
    int total;
    const char* band;
  };
  for (auto c : {Case{0, "minimal"},
                 {4, "minimal"},
                 {5, "mild"},
                 {9, "mild"},
                 {10, "moderate"},
                 {14, "moderate"},
                 {15, "moderately severe"},
                 {19, "moderately severe"},
                 {20, "severe"},
                 {27, "severe"}}) {
    auto s = ScoreAnswers(*phq9, Answers(9, c.total));
    ASSERT_TRUE(s) << c.total;
    EXPECT_EQ(s->total, c.total);
    EXPECT_EQ(s->band, c.band) << c.total;
  }
}

TEST(Phq9, AnyAnswerAboveZeroOnItemNineRaisesTheSafetyFlag) {
  const Instrument* phq9 = FindInstrument("phq9");
  std::vector<int> a(9, 0);
  EXPECT_FALSE(ScoreAnswers(*phq9, a)->safety_flag);
  a[8] = 1;
  auto s = ScoreAnswers(*phq9, a);
  EXPECT_TRUE(s->safety_flag) << "whatever the total";
  EXPECT_EQ(s->band, "minimal");
}

TEST(Gad7, BandsAndNoSafetyItem) {
  const Instrument* gad7 = FindInstrument("gad7");
  ASSERT_NE(gad7, nullptr);
  EXPECT_EQ(ScoreAnswers(*gad7, Answers(7, 4))->band, "minimal");
  EXPECT_EQ(ScoreAnswers(*gad7, Answers(7, 10))->band, "moderate");
  EXPECT_EQ(ScoreAnswers(*gad7, Answers(7, 15))->band, "severe");
  EXPECT_EQ(ScoreAnswers(*gad7, Answers(7, 21))->total, 21);
  EXPECT_FALSE(ScoreAnswers(*gad7, std::vector<int>(7, 3))->safety_flag);
}

TEST(Scoring, AnIncompleteFormIsNotScored) {
  const Instrument* phq9 = FindInstrument("phq9");
  EXPECT_EQ(ScoreAnswers(*phq9, std::vector<int>(8, 1)).error().rule, "incomplete");
  // An answer outside the scale is invalid input (400), naming the answer.
  EXPECT_EQ(ScoreAnswers(*phq9, std::vector<int>{0, 0, 0, 4, 0, 0, 0, 0, 0}).error().code, ErrorCode::kInvalid);
  EXPECT_EQ(ScoreAnswers(*phq9, std::vector<int>{0, 0, 0, 4, 0, 0, 0, 0, 0}).error().field, "answers[3]");
  EXPECT_EQ(ScoreAnswers(*phq9, std::vector<int>{0, -1, 0, 0, 0, 0, 0, 0, 0}).error().code, ErrorCode::kInvalid);
  EXPECT_EQ(FindInstrument("beck"), nullptr);
}

}  // namespace
}  // namespace duet::measures
