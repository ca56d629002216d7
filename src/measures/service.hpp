#pragma once
// Measures use cases: send a questionnaire (now or weekly), the client fills it from a link without
// signing in, it is scored at once; a PHQ-9 item 9 answer above zero alerts the client's clinicians
// immediately (home page, live event, e-mail without clinical detail). Answers are sealed at rest.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "identity/service.hpp"
#include "measures/model.hpp"
#include "plans/service.hpp"
#include "platform/audit.hpp"
#include "platform/crypto.hpp"
#include "platform/db/db.hpp"
#include "platform/jobs.hpp"
#include "platform/mail.hpp"
#include "practice/service.hpp"

namespace duet::measures {

using practice::Origin;

//! The public form a client fills: the instrument's wording and the practice's name.
struct Form {
  std::string practice_name;
  std::string instrument_json;  // wording from data/instruments.json
  bool completed = false;
  bool expired = false;
};

//! A client's observations and where each objective of the current plan that they measure stands.
struct ObservationsView {
  std::vector<Observation> observations;
  std::vector<std::pair<std::string, Progress>> progress;  // objective id → progress (objectives with observations)
};

//! A client's questionnaire results and the plan objectives they measure.
struct ResultsView {
  std::vector<Response> results;
  std::vector<std::pair<plans::Objective, Progress>> objectives;
};

//! Tells a signed-in user's open pages about something (practice id, user id, JSON event).
using UserNotifier = std::function<void(const std::string&, const std::string&, const std::string&)>;

class Service {
 public:
  //! `instruments_json` is data/instruments.json, `observation_types_json` data/observation_types.json.
  Service(db::Database& db, const Clock& clock, identity::Service& identity, practice::Service& directory,
          plans::Service& plans, std::string_view instruments_json, std::string_view observation_types_json);
  //! Where mail goes and links point, who hears about alerts live, and how to wake the job runner
  //! so that queued alert e-mails go out at once (set once at start).
  void Connect(mail::Mailer* mailer, std::string public_url, UserNotifier notify, std::function<void()> wake_jobs);

  //! Sends a questionnaire to a client now, and (with `every_weeks`) again on a schedule, `count`
  //! times in all. Returns the first request with its link token (shown once).
  Result<Request> Send(const Principal& who, const std::string& client_id, const std::string& instrument,
                       std::optional<int> every_weeks, int count, const Origin& origin);
  //! A questionnaire filled in during a session, entered by the clinician.
  Result<Response> Enter(const Principal& who, const std::string& client_id, const std::string& instrument,
                         const std::vector<int>& answers, std::optional<int> functional, const Origin& origin);
  //! A client's results over time (answers included), oldest first.
  Result<std::vector<Response>> Results(const Principal& who, const std::string& client_id, const Origin& origin);
  //! The results, and where each objective of the current plan that a questionnaire measures stands
  //! (lower totals are better), for the chart's graphs.
  Result<ResultsView> ResultsWithTargets(const Principal& who, const std::string& client_id, const Origin& origin);

  Result<Form> FormFor(const std::string& token);
  //! A client's questionnaire scores over time, oldest first, without the answers (the portal shows the
  //! client their own; no principal).
  Result<std::vector<Response>> ScoresOf(const std::string& practice_id, const std::string& client_id);
  //! The client's questionnaires still to fill (no principal: the portal asks for the client's own).
  Result<std::vector<Request>> OpenFor(const std::string& practice_id, const std::string& client_id);
  //! A new link for one of them, for the client signed in to their portal (the e-mailed link stops working).
  Result<std::string> LinkFor(const std::string& practice_id, const std::string& client_id, const std::string& id);
  //! The client submits; scored and stored; an alert is raised when the safety item is positive.
  Status Submit(const std::string& token, const std::vector<int>& answers, std::optional<int> functional,
                const Origin& origin);

  //! Queues a safety alert about a client inside the caller's transaction (another module's answer that needs
  //! a clinician now, e.g. an intake form's safety question): the alert row and one e-mail job per clinician of
  //! the client. Returns the alert's id; call RaiseAlert with it once the transaction committed.
  Result<std::string> QueueAlert(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                                 const std::string& kind, const std::string& resource_id, EpochSeconds now);
  //! Tells the client's clinicians now (live event) and wakes the job runner for the queued e-mails.
  void RaiseAlert(const std::string& practice_id, const std::string& client_id, const std::string& alert_id);
  //! Open alerts about clients whose full chart the principal may see.
  Result<std::vector<Alert>> Alerts(const Principal& who);
  Status Acknowledge(const Principal& who, const std::string& alert_id, const Origin& origin);

  //! Checks that each id is one of the client's questionnaire responses (a note's measure embed).
  Status CheckResponses(const std::string& practice_id, const std::string& client_id,
                        const std::vector<std::string>& ids);

  // ---- objective measures ----
  //! The catalogue of objective measures (range of motion, strength, timed tests, standardized scores).
  const std::vector<ObservationType>& ObservationTypes() const { return types_; }
  //! Records observations taken together (all or none); each may point at an objective of the
  //! client's current plan. 400 names every field of every observation that is wrong.
  Result<std::vector<Observation>> Observe(const Principal& who, const std::string& client_id,
                                           const std::vector<ObservationInput>& items, const Origin& origin);
  //! A client's observations, oldest first, comments opened (voided ones included, marked), and the
  //! progress of each plan objective they point at (voided ones not counted).
  Result<ObservationsView> Observations(const Principal& who, const std::string& client_id, const Origin& origin);
  //! Marks an observation entered in error (kept, no longer graphed). `reason`: wrong_client |
  //! wrong_value | duplicate | other.
  Status VoidObservation(const Principal& who, const std::string& client_id, const std::string& id,
                         const std::string& reason, const Origin& origin);

  //! The job handler for scheduled questionnaires.
  Result<std::string> SendScheduled(const jobs::Job& job);
  //! The job handler for a safety alert's e-mail to one clinician (retried until the server takes it).
  Result<std::string> SendAlertMail(const jobs::Job& job);

 private:
  Result<Request> Issue(const std::string& practice_id, const std::string& client_id, const std::string& instrument,
                        const std::string& requested_by, EpochSeconds now);
  Result<Response> Record(const std::string& practice_id, const std::string& client_id, const std::string& instrument,
                          const std::vector<int>& answers, std::optional<int> functional, const std::string& entered_by,
                          const std::string& request_id, const audit::Event& event);

  db::Database& db_;
  const Clock& clock_;
  identity::Service& identity_;
  practice::Service& directory_;
  plans::Service& plans_;
  std::unordered_map<std::string, std::string> wording_;  // instrument key → JSON
  std::vector<ObservationType> types_;
  mail::Mailer* mailer_ = nullptr;
  std::string public_url_;
  UserNotifier notify_;
  std::function<void()> wake_jobs_;
};

}  // namespace duet::measures
