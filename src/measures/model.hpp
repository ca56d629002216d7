#pragma once
// Measurement-based care: standardized questionnaires (PHQ-9, GAD-7) sent to a client or filled in a
// session, scored automatically with their severity band, graphed over time; a PHQ-9 item 9 answer
// above zero raises a safety alert for the client's clinicians at once.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "platform/clock.hpp"
#include "platform/dates.hpp"
#include "platform/names.hpp"

namespace duet::measures {

//! A severity band of an instrument's total score (inclusive bounds).
struct Band {
  int min = 0;
  int max = 0;
  std::string_view label;
};

//! How an instrument is scored (the wording lives in data/instruments.json).
struct Instrument {
  std::string_view key;
  std::string_view name;
  int items = 0;
  int max_per_item = 3;
  std::vector<Band> bands;
  int safety_item = 0;  // 1-based item whose answer above zero raises a safety alert (0: none)
};

//! A scored response.
struct Score {
  int total = 0;
  std::string band;
  bool safety_flag = false;
};

//! A completed questionnaire.
struct Response {
  std::string id;
  std::string client_id;
  std::string instrument;
  std::vector<int> answers;  // opened from its encryption when shown
  std::optional<int> functional;
  Score score;
  EpochSeconds completed_at = 0;
  std::string entered_by;  // staff who entered it in session; empty when the client filled it
};

//! A questionnaire sent to a client (the link's token is shown once; only its hash is kept).
struct Request {
  std::string id;
  std::string client_id;
  std::string instrument;
  EpochSeconds created_at = 0;
  EpochSeconds expires_at = 0;
  std::optional<EpochSeconds> completed_at;
  std::string token;  // only when just created
};

//! Something a clinician must look at now.
struct Alert {
  std::string id;
  std::string client_id;
  std::string client_name;
  std::string kind;  // "phq9_item9"
  std::string response_id;
  EpochSeconds created_at = 0;
  std::optional<EpochSeconds> acknowledged_at;
  std::string acknowledged_by;
};

// ---- objective measures (rehab): typed observations graphed against the plan's targets ----

//! What kind of thing an observation measures; decides which value it carries.
enum class ObservationKind { kRangeOfMotion, kStrength, kTimedTest, kStandardizedScore };
constexpr auto NamesOf(const ObservationKind*) {
  using P = std::pair<ObservationKind, std::string_view>;
  return std::array{P{ObservationKind::kRangeOfMotion, "range_of_motion"}, P{ObservationKind::kStrength, "strength"},
                    P{ObservationKind::kTimedTest, "timed_test"},
                    P{ObservationKind::kStandardizedScore, "standardized_score"}};
}

//! Which way is better for a measure (fewer seconds on a timed test; more degrees of motion).
enum class Better { kHigher, kLower };
constexpr auto NamesOf(const Better*) {
  using P = std::pair<Better, std::string_view>;
  return std::array{P{Better::kHigher, "higher"}, P{Better::kLower, "lower"}};
}

//! One entry of the catalogue in data/observation_types.json.
struct ObservationType {
  std::string code;  // "rom.shoulder.flexion", "mmt.hip.abduction", "tug", "berg"
  ObservationKind kind = ObservationKind::kRangeOfMotion;
  std::string name;
  std::string unit;  // "degrees", "grade" (manual muscle test 0-5 with +/-), "seconds", "meters", "points", "kg"
  double min = 0;    // plausible bounds of a value (a typo such as 1800 degrees is refused)
  double max = 0;
  bool sided = false;  // needs left/right
  Better better = Better::kHigher;
  std::vector<std::string> disciplines;  // who usually records it (for the picker); empty for all
};

//! An observation as entered (before validation).
struct ObservationInput {
  std::string code;
  std::string side;  // left | right | bilateral; required for sided types
  std::optional<double> value;
  std::string grade;  // manual muscle test grade for unit "grade"
  std::optional<Date> observed_on;
  std::string objective_id;  // the plan objective it measures, optional
  std::string comment;       // sealed at rest
};

//! A stored observation.
struct Observation {
  std::string id;
  std::string client_id;
  std::string code;
  std::string side;
  double value = 0;   // the number graphed (degrees, seconds, points; a grade as its number, 4+ = 4.33)
  std::string grade;  // as entered, for manual muscle tests
  Date observed_on;
  std::string objective_id;
  std::string comment;
  std::string entered_by;
  std::string entered_by_name;
  EpochSeconds created_at = 0;
  std::optional<EpochSeconds> voided_at;  // entered in error: kept, shown struck through, not graphed
  std::string void_reason;                // wrong_client | wrong_value | duplicate | other
};

//! Where an objective stands: its baseline and target read as numbers, the latest value, and the
//! share of the way from baseline to target (0 at baseline, 1 at target; may pass 1 or go below 0).
struct Progress {
  std::optional<double> baseline;
  std::optional<double> target;
  std::optional<double> latest;
  std::optional<double> fraction;
  bool met = false;
};

}  // namespace duet::measures
