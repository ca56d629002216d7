#pragma once
// Scoring the standardized measures (../shared/reference/measures.md): sums, severity bands, the
// PHQ-9 item 9 safety flag. A form with a missing or out-of-range answer is not scored (no prorating).
#include <optional>
#include <span>
#include <string_view>

#include "measures/model.hpp"
#include "platform/result.hpp"

namespace duet::measures {

//! The instrument with this key ("phq9", "gad7"), or nullptr.
const Instrument* FindInstrument(std::string_view key);

//! Scores a complete set of answers (one per item, each 0..max_per_item); rule `incomplete` names
//! the first item missing or out of range.
Result<Score> ScoreAnswers(const Instrument& instrument, std::span<const int> answers);

//! The band a total falls in.
std::string_view BandOf(const Instrument& instrument, int total);

}  // namespace duet::measures
