#pragma once
// Wiring: opens the database, builds services, registers every module's routes, and answers
// requests for the server. The request pipeline (authenticate → authorise → handle → headers,
// metrics, log) lives here, once, so no handler can forget a step.
#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>

#include "access/service.hpp"
#include "app/config.hpp"
#include "billing/service.hpp"
#include "care/service.hpp"
#include "documents/service.hpp"
#include "estimates/service.hpp"
#include "identity/service.hpp"
#include "intake/service.hpp"
#include "ledger/service.hpp"
#include "measures/service.hpp"
#include "messages/service.hpp"
#include "payments/service.hpp"
#include "payouts/service.hpp"
#include "plans/service.hpp"
#include "platform/bus.hpp"
#include "platform/clock.hpp"
#include "platform/crypto.hpp"
#include "platform/db/db.hpp"
#include "platform/jobs.hpp"
#include "platform/mail.hpp"
#include "platform/metrics.hpp"
#include "platform/router.hpp"
#include "platform/server.hpp"
#include "platform/static_files.hpp"
#include "portal/service.hpp"
#include "practice/service.hpp"
#include "records/service.hpp"
#include "scheduling/service.hpp"
#include "telehealth/live.hpp"
#include "telehealth/service.hpp"

namespace duet::app {

//! Everything a running Duet needs, built from a Config.
class App final : public server::Handler {
 public:
  //! Opens the database, runs migrations, loads keys and the web app.
  static Result<std::unique_ptr<App>> Create(const Config& config, const Clock& clock);
  ~App() override;

  http::Response Handle(http::Request& request) override;
  http::Response Problem(int status, std::string detail) override;
  std::optional<std::string> AuthorizeLive(const http::Request& request, http::Response& refusal) override;
  void OnLiveOpen(const std::shared_ptr<server::LiveConnection>& conn) override;
  void OnLiveMessage(const std::shared_ptr<server::LiveConnection>& conn, const std::string& text) override;
  void OnLiveClose(const std::shared_ptr<server::LiveConnection>& conn) override;
  void OnListening(int port, bool tls) override;
  void OnStopping() override;
  void OnQuiet() override;

  //! Adds POST /api/v1/test/clock, which sets or advances the fixed clock of a test server and wakes
  //! the background work (jobs, notices) to look at the new time. Only for `--clock fixed:`.
  void EnableTestClock(SettableClock& clock);

  //! Sends an event to every live connection of one user (any server thread).
  void PublishToUser(const std::string& practice_id, const std::string& user_id, const std::string& json_text);

  db::Database& database() { return *db_; }
  identity::Service& identity() { return *identity_; }
  practice::Service& practice() { return *practice_; }
  scheduling::Service& scheduling() { return *scheduling_; }
  plans::Service& plans() { return *plans_; }
  care::Service& care() { return *care_; }
  measures::Service& measures() { return *measures_; }
  messages::Service& messages() { return *messages_; }
  portal::Service& portal() { return *portal_; }
  billing::Service& billing() { return *billing_; }
  ledger::Service& ledger() { return *ledger_; }
  estimates::Service& estimates() { return *estimates_; }
  payouts::Service& payouts() { return *payouts_; }
  payments::Service& payments() { return *payments_; }
  records::Service& records() { return *records_; }
  const Router& router() const { return router_; }
  const crypto::Keyring& keys() const { return keys_; }

 private:
  //! The JSON reference data compiled into the binary (data/*.json).
  struct ReferenceData {
    std::string_view note_templates, instruments, consents, observation_types, federal_holidays, intake_forms;
  };
  App(const Config& config, const Clock& clock, std::unique_ptr<db::Database> db, crypto::Keyring keys,
      practice::CompactTable compacts, const ReferenceData& data);
  void RegisterRoutes();
  http::Response Dispatch(Context& ctx, http::Request& req, std::size_t& metric_slot);
  Result<Principal> Authenticate(const http::Request& req, bool& via_cookie);
  void AddCommonHeaders(http::Response& res, const http::Request& req, const Context& ctx) const;

  Config config_;
  const Clock& clock_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<audit::Appender> appender_;  // after db_: stops (writing what is queued) before it closes
  crypto::Keyring keys_;
  std::unique_ptr<identity::Service> identity_;
  std::unique_ptr<practice::Service> practice_;
  std::unique_ptr<scheduling::Service> scheduling_;
  std::unique_ptr<telehealth::Service> telehealth_;
  std::unique_ptr<documents::Service> documents_;
  std::unique_ptr<records::Service> records_;
  std::unique_ptr<measures::Service> measures_;
  std::unique_ptr<messages::Service> messages_;
  std::unique_ptr<plans::Service> plans_;
  std::unique_ptr<care::Service> care_;
  std::unique_ptr<access::Service> access_;
  std::unique_ptr<intake::Service> intake_;
  std::unique_ptr<portal::Service> portal_;
  std::unique_ptr<billing::Service> billing_;
  std::unique_ptr<ledger::Service> ledger_;
  std::unique_ptr<estimates::Service> estimates_;
  std::unique_ptr<payouts::Service> payouts_;
  std::unique_ptr<payments::Service> payments_;
  std::unique_ptr<bus::Bus> bus_;
  std::unique_ptr<telehealth::Live> rooms_;
  Router router_;
  std::unique_ptr<Metrics> metrics_;
  std::unique_ptr<StaticFiles> static_;
  std::mutex live_mutex_;
  std::unordered_map<std::string, std::set<std::shared_ptr<server::LiveConnection>>> live_;
  std::atomic<int> live_count_{0};
  std::unordered_map<std::string, telehealth::Caller> live_callers_;  // connection key → who, until it closes
  std::atomic<bool> ready_{false};
  std::unique_ptr<mail::Mailer> mailer_;
  std::unique_ptr<mail::WebhookTexter> texter_;
  std::unique_ptr<jobs::Runner> jobs_;
  // The job worker (reminders, license expiry e-mails, session sweeps), stopped on shutdown.
  std::thread background_;
  std::mutex background_mutex_;
  std::condition_variable background_wake_;
  bool stopping_ = false;
  bool wake_requested_ = false;  // work was queued that should not wait for the next poll
  void StartBackground();
  void StopBackground();
  //! Runs due jobs now rather than at the next poll (an alert e-mail was queued).
  void WakeBackground();
  void EnqueuePeriodic();
  //! Signs every audit chain's head into <var>/audit-checkpoint.json (and the log), so that `duet audit
  //! verify` notices when the newest events are cut: at start, every few minutes and at shutdown.
  void WriteAuditCheckpoint();
  //! Seals free clinical text that an older version stored in the clear (once, at start).
  Status SealLegacyText();
  EpochSeconds last_checkpoint_ = 0;
};

//! Where the signed audit checkpoint is kept, and the key that signs it and keys the chain.
std::string AuditCheckpointPath(const Config& config);
std::array<unsigned char, 32> AuditKey(const crypto::Keyring& keys);

//! "a, b,c" → {"a", "b", "c"} (empty parts dropped).
std::vector<std::string> SplitList(std::string_view text);
//! Reminder offsets such as "48h,2h" (or "30m") in minutes.
std::vector<int> ParseOffsets(std::string_view text);

//! The default web root: web/dist in the source tree the binary was built from.
std::string DefaultWebRoot();

}  // namespace duet::app
