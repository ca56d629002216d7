#include "measures/rules.hpp"

#include <array>
#include <string>

namespace duet::measures {
namespace {

// PHQ-9: 0-4 minimal, 5-9 mild, 10-14 moderate, 15-19 moderately severe, 20-27 severe; item 9 is safety.
// GAD-7: 0-4 minimal, 5-9 mild, 10-14 moderate, 15-21 severe.
const std::array<Instrument, 2> kInstruments = {
    Instrument{"phq9", "PHQ-9", 9, 3,
               {{0, 4, "minimal"}, {5, 9, "mild"}, {10, 14, "moderate"}, {15, 19, "moderately severe"}, {20, 27, "severe"}}, 9},
    Instrument{"gad7", "GAD-7", 7, 3, {{0, 4, "minimal"}, {5, 9, "mild"}, {10, 14, "moderate"}, {15, 21, "severe"}}, 0},
};

}  // namespace

const Instrument* FindInstrument(std::string_view key) {
  for (const auto& i : kInstruments)
    if (i.key == key) return &i;
  return nullptr;
}

std::string_view BandOf(const Instrument& instrument, int total) {
  for (const auto& b : instrument.bands)
    if (total >= b.min && total <= b.max) return b.label;
  return "";
}

Result<Score> ScoreAnswers(const Instrument& instrument, std::span<const int> answers) {
  if (static_cast<int>(answers.size()) != instrument.items)
    return FailRule("incomplete", "Answer all " + std::to_string(instrument.items) + " questions.");
  Score s;
  for (std::size_t i = 0; i < answers.size(); ++i) {
    if (answers[i] < 0 || answers[i] > instrument.max_per_item)
      return FailRule("incomplete", "Question " + std::to_string(i + 1) + " needs one of the answers offered.");
    s.total += answers[i];
  }
  s.band = std::string(BandOf(instrument, s.total));
  s.safety_flag = instrument.safety_item > 0 && answers[instrument.safety_item - 1] > 0;
  return s;
}

}  // namespace duet::measures
