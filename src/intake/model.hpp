#pragma once
// Intake forms the practice defines as data — sections of typed fields, required ones and conditions, in the
// note templates' format — sent to a client or offered to every new one, filled in the client's own pages and
// saved as they go. A submitted form is kept in the chart as a PDF, shared with the client.
#include <array>
#include <string>
#include <vector>

#include "platform/clock.hpp"
#include "platform/names.hpp"
#include "records/model.hpp"

namespace duet::intake {

//! Answers that need a clinician now: when a sent form's choice field ("section.field") has one of these values,
//! the client's clinicians get a safety alert (as a PHQ-9 item 9 answer does).
struct AlertRule {
  std::string field;
  std::vector<std::string> values;
};

//! A versioned form definition. Built-in forms have no practice; a practice's versions carry its id and
//! replace the built-in of the same key in its lists. Responses keep the version they were written against.
struct Form {
  std::string key;
  int version = 1;
  std::string practice_id;  // empty: built in
  std::string name;
  std::string description;       // shown to the client above the form
  bool for_new_clients = false;  // offered in every client's pages without being sent
  bool active = true;            // a retired form is no longer offered or sent (responses stay)
  std::vector<records::SectionDef> sections;
  std::vector<AlertRule> alerts;
};

enum class ResponseStatus { kDraft, kSubmitted };
constexpr auto NamesOf(const ResponseStatus*) {
  using P = std::pair<ResponseStatus, std::string_view>;
  return std::array{P{ResponseStatus::kDraft, "draft"}, P{ResponseStatus::kSubmitted, "submitted"}};
}

//! One client's answers to one form.
struct Response {
  std::string id;
  std::string client_id;
  std::string form_key;
  int form_version = 1;
  std::string form_name;
  ResponseStatus status = ResponseStatus::kDraft;
  std::string content_json = "{}";  // "section.field" → value (sealed at rest)
  std::string sent_by;              // the staff member who sent it; empty: the client started an offered form
  EpochSeconds created_at = 0;
  EpochSeconds updated_at = 0;
  EpochSeconds submitted_at = 0;
  std::string document_id;  // submitted: the chart's PDF of it
};

//! One intake form as the client's forms list shows it.
struct ClientForm {
  std::string form_key;
  std::string form_name;
  std::string description;
  std::string response_id;  // empty: not started yet
  std::string status;       // new | draft | submitted
  EpochSeconds updated_at = 0;
  EpochSeconds submitted_at = 0;
};

}  // namespace duet::intake
