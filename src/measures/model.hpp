#pragma once
// Measurement-based care: standardized questionnaires (PHQ-9, GAD-7) sent to a client or filled in a
// session, scored automatically with their severity band, graphed over time; a PHQ-9 item 9 answer
// above zero raises a safety alert for the client's clinicians at once.
#include <optional>
#include <string>
#include <vector>

#include "platform/clock.hpp"

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

}  // namespace duet::measures
