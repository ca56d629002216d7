#pragma once
// Scoring the standardized measures (../shared/reference/measures.md): sums, severity bands, the
// PHQ-9 item 9 safety flag. A form with a missing or out-of-range answer is not scored (no prorating).
#include <optional>
#include <span>
#include <string_view>

#include "measures/model.hpp"
#include "platform/result.hpp"
#include "practice/model.hpp"

namespace duet::measures {

//! The instrument with this key ("phq9", "gad7"), or nullptr.
const Instrument* FindInstrument(std::string_view key);

//! Scores a complete set of answers (one per item, each 0..max_per_item); rule `incomplete` names
//! the first item missing or out of range.
Result<Score> ScoreAnswers(const Instrument& instrument, std::span<const int> answers);

//! The band a total falls in.
std::string_view BandOf(const Instrument& instrument, int total);

// ---- objective measures ----

//! A manual muscle test grade as a number: "0".."5", with "+" adding and "-" taking a third
//! (so "4+" is 4.33 and "3-" is 2.67); nullopt for anything else ("5+", "6", "strong").
std::optional<double> GradeValue(std::string_view grade);

//! Everything wrong with an observation, fields named under `at` (e.g. "observations[2].value"):
//! a known type; a side where the type is sided; a valid grade for manual muscle tests, otherwise a
//! value within the type's bounds; not observed after `today`.
std::vector<practice::FieldIssue> ValidateObservation(const ObservationType* type, const ObservationInput& in,
                                                      Date today, const std::string& at);

//! The number graphed for a valid observation (the value, or the grade as a number).
double GraphedValue(const ObservationType& type, const ObservationInput& in);

//! The first number in free text such as "95 degrees", "under 12 s" or "4+/5" (a grade's +/- counts).
std::optional<double> ReadQuantity(std::string_view text);

//! Progress of `values` (oldest first) from a plan objective's baseline to its target, both given as
//! text. Which way is better comes from baseline → target; when they are equal or unreadable, `better`.
Progress ObjectiveProgress(std::string_view baseline, std::string_view target, std::span<const double> values,
                           Better better);

}  // namespace duet::measures
