#include "app/app.hpp"

#include <charconv>
#include <chrono>
#include <filesystem>

#include "access/routes.hpp"
#include "billing/routes.hpp"
#include "care/routes.hpp"
#include "care/rules.hpp"
#include "documents/routes.hpp"
#include "estimates/routes.hpp"
#include "estimates/rules.hpp"
#include "identity/routes.hpp"
#include "identity/rules.hpp"
#include "intake/routes.hpp"
#include "ledger/routes.hpp"
#include "measures/routes.hpp"
#include "messages/routes.hpp"
#include "payments/routes.hpp"
#include "payouts/routes.hpp"
#include "plans/routes.hpp"
#include "platform/api.hpp"
#include "platform/embedded.hpp"
#include "platform/input.hpp"
#include "platform/log.hpp"
#include "platform/memory.hpp"
#include "platform/openapi.hpp"
#include "platform/problem.hpp"
#include "portal/routes.hpp"
#include "practice/routes.hpp"
#include "practice/rules.hpp"
#include "records/routes.hpp"
#include "scheduling/routes.hpp"
#include "telehealth/routes.hpp"

namespace duet::app {
namespace {
using nlohmann::json;

bool IsUnsafe(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

// A live connection's key is "practice/user#nonce" (one per connection, so what is kept about the
// connection goes with it); events for a user are addressed by the part before '#'.
std::string UserKey(const std::string& key) { return key.substr(0, key.find('#')); }

bool IsApiPath(std::string_view path) {
  return path.starts_with("/api/") || path.starts_with("/fhir/") || path == "/healthz" || path == "/readyz" ||
         path == "/metrics";
}
}  // namespace

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i <= text.size()) {
    std::size_t comma = std::min(text.find(',', i), text.size());
    std::string_view part = text.substr(i, comma - i);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (!part.empty()) out.emplace_back(part);
    i = comma + 1;
  }
  return out;
}

std::vector<int> ParseOffsets(std::string_view text) {
  // "48h,2h,30m": minutes before a visit; anything unreadable is left out (and logged).
  std::vector<int> out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t comma = text.find(',', i);
    std::string_view part = text.substr(i, comma == std::string_view::npos ? std::string_view::npos : comma - i);
    i = comma == std::string_view::npos ? text.size() : comma + 1;
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (part.size() < 2) continue;
    char unit = part.back();
    int n = 0;
    auto [p, ec] = std::from_chars(part.data(), part.data() + part.size() - 1, n);
    if (ec != std::errc() || p != part.data() + part.size() - 1 || n <= 0 || (unit != 'h' && unit != 'm')) {
      log::Event(log::Level::kWarn, "reminder_offset_ignored", {{"value", std::string(part)}});
      continue;
    }
    out.push_back(unit == 'h' ? n * 60 : n);
  }
  return out;
}

std::string DefaultWebRoot() { return std::string(DUET_SOURCE_DIR) + "/web/dist"; }

App::App(const Config& config, const Clock& clock, std::unique_ptr<db::Database> db, crypto::Keyring keys,
         practice::CompactTable compacts, const ReferenceData& data)
    : config_(config),
      clock_(clock),
      db_(std::move(db)),
      appender_(std::make_unique<audit::Appender>(*db_)),
      keys_(std::move(keys)) {
  practice_ = std::make_unique<practice::Service>(*db_, clock_, std::move(compacts));
  scheduling_ = std::make_unique<scheduling::Service>(*db_, clock_, *practice_);
  telehealth_ = std::make_unique<telehealth::Service>(
      *db_, clock_, *practice_, *scheduling_,
      telehealth::IceConfig{SplitList(config.stun_urls), SplitList(config.turn_urls), config.turn_secret,
                            config.turn_ttl_seconds, config.ice_relay_only});
  bus_ = db_->engine() == db::Engine::kPostgres ? bus::MakePostgres(config.database, *db_) : bus::MakeLocal();
  rooms_ =
      std::make_unique<telehealth::Live>(*telehealth_, *bus_, [this](const std::string& key, const std::string& text) {
        auto slash = key.find('/');
        if (slash != std::string::npos) PublishToUser(key.substr(0, slash), key.substr(slash + 1), text);
      });
  mailer_ =
      std::make_unique<mail::SmtpMailer>(config.smtp_url, config.mail_from, config.smtp_username, config.smtp_password);
  texter_ = std::make_unique<mail::WebhookTexter>(config.sms_webhook_url, config.sms_token);
  scheduling::ReminderSettings reminders;
  reminders.offsets_minutes = ParseOffsets(config.reminder_offsets);
  reminders.public_url = config.public_url;
  reminders.join_link = [this](const std::string& practice_id, const std::string& appointment_id,
                               const std::string& client_id) -> Result<std::string> {
    auto link = telehealth_->LinkForReminder(practice_id, appointment_id, client_id);
    if (!link) return tl::unexpected(link.error());
    return link->path;
  };
  scheduling_->SetReminders(reminders, mailer_.get(), texter_.get());
  jobs_ = std::make_unique<jobs::Runner>(*db_, clock_, crypto::NewId());
  jobs_->On("appointment.reminder", [this](const jobs::Job& job) { return scheduling_->SendReminder(job); });
  jobs_->On("appointment.request_answer", [this](const jobs::Job& job) { return scheduling_->SendRequestAnswer(job); });
  jobs_->On(
      "license.expiry_scan",
      [this](const jobs::Job&) -> Result<std::string> {
        auto sent = practice_->SendExpiryNotices(*mailer_);
        if (!sent) return tl::unexpected(sent.error());
        if (*sent > 0) log::Event(log::Level::kInfo, "expiry_notices_sent", {{"count", *sent}});
        return "sent " + std::to_string(*sent);
      },
      1);  // the next window's scan retries what failed
  jobs_->On(
      "sessions.sweep",
      [this](const jobs::Job&) -> Result<std::string> {
        auto gone = identity_->SweepSessions();
        if (!gone) return tl::unexpected(gone.error());
        // Finished jobs are kept 30 days for inspection, then removed.
        auto old = db_->Write([&](db::Connection& c) {
          return c.Exec("DELETE FROM jobs WHERE status <> 'pending' AND finished_at < ?", {clock_.Now() - 30 * 86400});
        });
        if (!old) return tl::unexpected(old.error());
        return "removed " + std::to_string(*gone) + " sessions, " + std::to_string(*old) + " old jobs";
      },
      1);
  identity::Options options;
  options.limits = {config.session_idle_seconds, config.session_absolute_seconds};
  options.login_attempts_per_ip_per_minute = config.login_attempts_per_ip_per_minute;
  options.sign_in_memory = std::chrono::milliseconds(config.sign_in_memory_ms);
  identity_ = std::make_unique<identity::Service>(*db_, keys_, clock_, options);
  identity_->SetMailer(mailer_.get(), config.public_url);
  identity_->SetJobs([this] { WakeBackground(); });
  // Services made before identity get the practice keys that seal their clinical text at rest.
  crypto::KeyFor practice_keys = [this](const std::string& practice_id) { return identity_->DataKeyFor(practice_id); };
  practice_->SetKeys(practice_keys);
  scheduling_->SetKeys(practice_keys);
  documents_ = std::make_unique<documents::Service>(*db_, clock_, *identity_, *practice_, *scheduling_, data.consents);
  plans_ = std::make_unique<plans::Service>(*db_, clock_, *identity_, *practice_);
  measures_ = std::make_unique<measures::Service>(*db_, clock_, *identity_, *practice_, *plans_, data.instruments,
                                                  data.observation_types);
  records_ = std::make_unique<records::Service>(*db_, clock_, *identity_, *practice_, *scheduling_, *telehealth_,
                                                *documents_, *measures_, data.note_templates);
  measures_->Connect(
      mailer_.get(), config.public_url,
      [this](const std::string& practice_id, const std::string& user_id, const std::string& text) {
        PublishToUser(practice_id, user_id, text);
      },
      [this] { WakeBackground(); });
  access_ = std::make_unique<access::Service>(*db_, clock_, *practice_, *scheduling_, *records_, *plans_, *measures_,
                                              *documents_);
  care_ = std::make_unique<care::Service>(*db_, clock_, *identity_, *practice_, *scheduling_, *access_);
  // A referral sent, accepted, declined or answered shows on the other clinician's home page as it happens.
  care_->SetNotifier([this](const std::string& practice_id, const std::string& user_id, const std::string& text) {
    PublishToUser(practice_id, user_id, text);
  });
  care_->SetMailer(mailer_.get(), config.public_url);
  // A partner organization's clinician joins a visit by video under the client's release naming the partner:
  // care/ decides at booking and at every entry to the room (and records each entry as a disclosure).
  scheduling_->SetPartnerJoiner([this](const std::string& practice_id, const std::string& partner_id,
                                       const std::string& clinician_id, const std::vector<std::string>& client_ids) {
    return care_->PartnerJoiner(practice_id, partner_id, clinician_id, client_ids);
  });
  telehealth_->SetPartnerEntrance(
      [this](const Principal& who, const std::string& appointment_id) -> Result<telehealth::Service::PartnerEntry> {
        auto v = care_->PartnerVisitFor(who, appointment_id);
        if (!v) return tl::unexpected(v.error());
        telehealth::Service::PartnerEntry entry;
        entry.organization = v->second.front().partner_name;
        entry.clinician_id = v->first.partner_clinician_id;
        // The grants just decided name the release each disclosure is under (no second lookup).
        entry.record = [this, who, grants = std::move(v->second), clients = v->first.client_ids](
                           const std::string& what, const practice::Origin& origin) -> Status {
          for (std::size_t i = 0; i < grants.size(); ++i)
            if (auto r = care_->RecordPartnerAccess(who, grants[i], clients[i], what, origin); !r) return r;
          return {};
        };
        entry.visit = std::move(v->first);
        return entry;
      });
  // Members of a care team read each other's signed notes when the client agreed (care/ keeps the agreement).
  records_->SetNoteSharing(
      [this](const std::string& practice_id, const std::string& client_id) -> Result<records::TeamConsent> {
        auto s = care_->Sharing(practice_id, client_id);
        if (!s) return tl::unexpected(s.error());
        return records::TeamConsent{s->shares_notes, care::TeamSeesPart2(*s)};
      });
  // Part 2 documents reach the team under an agreement naming Part 2.
  documents_->SetPart2Sharing([this](const std::string& practice_id, const std::string& client_id) -> Result<bool> {
    auto s = care_->Sharing(practice_id, client_id);
    if (!s) return tl::unexpected(s.error());
    return care::TeamSeesPart2(*s);
  });
  // Referrals advance from the calendar: a visit with the referred clinician books the first visit (a request
  // when approved), the client arriving holds it; a progress note the referred clinician signs then answers it.
  scheduling_->OnBooked([this](const scheduling::Appointment& visit, std::vector<db::Read>& reads) {
    return care_->VisitBooked(visit, reads);
  });
  scheduling_->OnStatusChanged([this](const Principal&, const scheduling::Appointment& visit, const std::string& status,
                                      EpochSeconds now) -> Result<std::function<Status(db::Connection&)>> {
    const bool held = status == "checked_in" || status == "in_session" || status == "completed";
    const bool dropped = status == "cancelled" || status == "no_show";
    if (!held && !dropped && status != "booked") return std::function<Status(db::Connection&)>{};
    return std::function<Status(db::Connection&)>([this, visit, held, dropped, now](db::Connection& c) -> Status {
      // A joint visit advances the joint clinician's referral too (their part of the visit).
      std::vector<scheduling::Appointment> parts = {visit};
      if (scheduling::IsJoint(visit)) parts.push_back(scheduling::JointPart(visit));
      for (const auto& part : parts) {
        auto w = held      ? care_->VisitHeld(c, part, now)
                 : dropped ? care_->VisitDropped(c, part, now)
                           : care_->VisitBooked(c, part, now);
        if (!w) return w;
      }
      return {};
    });
  });
  // A joint clinician taken off a visit: their first visit from a referral is no longer booked.
  scheduling_->OnUnjoined([this](db::Connection& c, const scheduling::Appointment& part, EpochSeconds now) {
    return care_->VisitDropped(c, part, now);
  });
  records_->OnNoteSigned([this](const Principal& who, const records::Note& note,
                                EpochSeconds now) -> Result<records::Service::SignedWrite> {
    if (note.kind != records::NoteKind::kProgress) return records::Service::SignedWrite{};
    auto me = practice_->ClinicianOfUser(who.practice_id, who.user_id);
    if (!me) return tl::unexpected(me.error());
    if (!*me) return records::Service::SignedWrite{};
    return records::Service::SignedWrite(
        [this, who, clinician_id = (*me)->id, client_id = note.client_id, note_id = note.id, now](db::Connection& c) {
          return care_->NoteSigned(c, who, clinician_id, client_id, note_id, now);
        });
  });
  // A referral carries documents of the client's chart; care/ decides who opens them and audits it.
  auto attachment = [](const documents::Document& d) {
    return care::Attachment{d.id, d.title, d.content_type, d.part2};
  };
  care_->SetAttachments(
      [this, attachment](const std::string& practice_id, const std::string& client_id,
                         const std::vector<std::string>& ids) -> Result<std::vector<care::Attachment>> {
        auto docs = documents_->ChartDocuments(practice_id, client_id, ids, false);
        if (!docs) return tl::unexpected(docs.error());
        std::vector<care::Attachment> out;
        for (const auto& [d, _] : *docs) out.push_back(attachment(d));
        return out;
      },
      [this, attachment](const std::string& practice_id, const std::string& client_id,
                         const std::string& id) -> Result<std::pair<care::Attachment, std::string>> {
        auto docs = documents_->ChartDocuments(practice_id, client_id, {id}, true);
        if (!docs) return tl::unexpected(docs.error());
        if (docs->empty()) return Fail(ErrorCode::kNotFound, "No such attachment.");
        return std::make_pair(attachment(docs->front().first), std::move(docs->front().second));
      });
  // A medication-management note opens with the client's active medications as they stand.
  records_->PrefillTable(
      "medications",
      [this](const Principal& who, const std::string& client_id, const std::vector<std::string>& columns,
             const Origin& origin) -> Result<std::vector<std::vector<std::string>>> {
        auto list = care_->Medications(who, client_id, origin);
        if (!list) return tl::unexpected(list.error());
        std::vector<std::vector<std::string>> rows;
        for (const auto& m : *list)
          if (!m.stopped_on) rows.push_back(care::MedicationRow(m, columns));
        return rows;
      });
  intake_ = std::make_unique<intake::Service>(*db_, clock_, *identity_, *practice_, *documents_, *measures_,
                                              data.intake_forms);
  intake_->Connect(mailer_.get(), config.public_url, [this] { WakeBackground(); });
  portal_ = std::make_unique<portal::Service>(*db_, clock_, *identity_, *practice_, *scheduling_, *telehealth_,
                                              *documents_, *measures_, *access_, *intake_);
  messages_ = std::make_unique<messages::Service>(*db_, clock_, *identity_, *practice_, *documents_);
  messages_->Connect(
      mailer_.get(), config.public_url,
      [this](const std::string& practice_id, const std::string& user_id, const std::string& text) {
        PublishToUser(practice_id, user_id, text);
      },
      [this] { WakeBackground(); });
  // A partner organization on the care team's conversations: care/ decides from the client's releases and
  // records each reading as a disclosure.
  auto grant = [](const care::PartnerGrant& g) {
    return messages::Service::PartnerGrant{g.practice_id, g.partner_id, g.partner_name, g.partner_practice_id,
                                           g.expires_on,  g.release_id, g.purpose};
  };
  messages_->SetPartners(
      [this, grant](const Principal& who, const std::string& partner_id,
                    const std::string& client_id) -> Result<messages::Service::PartnerGrant> {
        return care_->PartnerGrantFor(who, partner_id, client_id).map(grant);
      },
      [this, grant](const std::string& practice_id, const std::string& client_id,
                    const std::string& partner_id) -> Result<messages::Service::PartnerGrant> {
        return care_->PartnerInCare(practice_id, client_id, partner_id).map(grant);
      },
      // The grant just decided (no second lookup of the release) names the release each disclosure is under.
      [this](const Principal& who, const messages::Service::PartnerGrant& g, const std::string& client_id,
             const std::string& what, const practice::Origin& origin) -> Status {
        const care::PartnerGrant grant{g.practice_id, g.partner_id, g.partner_name, g.partner_practice_id,
                                       g.release_id,  g.purpose,    g.until};
        return care_->RecordPartnerAccess(who, grant, client_id, what, origin);
      });
  ledger_ = std::make_unique<ledger::Service>(*db_, clock_, *practice_);
  billing_ = std::make_unique<billing::Service>(*db_, clock_, *practice_, *scheduling_, practice_keys);
  portal_->SetLateFee(
      [this](const Principal& who, const std::string& service_id) -> Result<std::optional<std::int64_t>> {
        auto policy = billing_->GetVisitFees(who);
        if (!policy) return tl::unexpected(policy.error());
        return billing::VisitFee(*policy, service_id, "late_cancelled");
      });
  auto holidays = estimates::ParseHolidayRules(data.federal_holidays);
  if (!holidays) throw std::runtime_error("federal_holidays.csv: " + holidays.error().internal_detail);
  estimates_ = std::make_unique<estimates::Service>(*db_, clock_, *practice_, practice_keys, std::move(*holidays));
  payouts_ = std::make_unique<payouts::Service>(*db_, clock_, *practice_, *estimates_);
  payments_ = std::make_unique<payments::Service>(*db_, clock_, *practice_, practice_keys, config.stripe_api,
                                                  config.public_url);
  payments_->SetMailer(mailer_.get());
  // A missed visit's fee goes on the card the client keeps on file (a job, after the status change).
  scheduling_->OnStatusChanged(
      [this](const Principal&, const scheduling::Appointment& visit, const std::string& status, EpochSeconds now) {
        return payments_->OnMissedVisit(visit.client_ids, visit.practice_id, visit.id, status, now);
      });
  jobs_->On("card.charge_fee", [this](const jobs::Job& job) { return payments_->ChargeFeeJob(job); });
  ledger_->SetRefunder([this](const std::string& practice_id, const ledger::Payment& p, std::int64_t amount) {
    return payments_->RefundThroughProcessor(practice_id, p, amount);
  });
  scheduling_->SetAdvisor([this](const std::string& practice_id, const practice::Clinician& k,
                                 const std::vector<practice::Client>& clients,
                                 Date on) { return billing_->NetworkAdvice(practice_id, k, clients, on); });
  identity_->OnPracticeCreated(&billing::Service::AddDefaultPayers);
  practice_->SetPolicyCheck(&billing::Service::CheckPolicies);
  billing_->SetVisitFacts(
      [this](const Principal& who, const std::string& client_id, const std::string& appointment_id) {
        return records_->FactsOfVisit(who, client_id, appointment_id);
      });
  scheduling_->OnStatusChanged(
      [this](const Principal& who, const scheduling::Appointment& visit, const std::string& status, EpochSeconds now) {
        return billing_->ChargeForMissedVisit(who, visit, status, now);
      });
  records_->OnNoteSigned([this](const Principal& who, const records::Note& note, EpochSeconds now) {
    return billing_->ChargeForSignedNote(who, note, now);
  });
  // Practices made before billing existed get the default payers once.
  if (auto st = billing_->AddMissingDefaults(); !st)
    throw std::runtime_error("Could not add the default payers: " + st.error().internal_detail);
  jobs_->On("measure.request", [this](const jobs::Job& job) { return measures_->SendScheduled(job); });
  jobs_->On("message.notice", [this](const jobs::Job& job) { return messages_->SendNotice(job); });
  jobs_->On("intake.notice", [this](const jobs::Job& job) { return intake_->SendNotice(job); });
  jobs_->On("auth.sign_in_link", [this](const jobs::Job& job) { return identity_->SendSignInLink(job.payload); });
  // A safety alert's e-mail is urgent: retried after 10 s, 20 s, 40 s … for about three hours.
  jobs_->On(
      "alert.mail", [this](const jobs::Job& job) { return measures_->SendAlertMail(job); }, 12, 5);
  RegisterRoutes();
  metrics_ = std::make_unique<Metrics>(router_.routes().size());
  static_ = std::make_unique<StaticFiles>(config.web_root.empty() ? DefaultWebRoot() : config.web_root);
}

App::~App() {
  StopBackground();
  if (bus_) bus_->Stop();
}

void App::EnqueuePeriodic() {
  // One job per time window, keyed by the window: however many servers share the database, the
  // first to insert the key wins and the job runs once.
  EpochSeconds now = clock_.Now();
  auto st = db_->WithWrite([&](db::Connection& c) -> Status {
    if (mailer_->enabled()) {
      EpochSeconds window = now / config_.notice_interval_seconds;
      if (auto r = jobs::Enqueue(c, "license.expiry_scan", "license.expiry_scan:" + std::to_string(window), "", "{}",
                                 now, now);
          !r)
        return tl::unexpected(r.error());
    }
    if (auto r = jobs::Enqueue(c, "sessions.sweep", "sessions.sweep:" + std::to_string(now / 3600), "", "{}", now, now);
        !r)
      return tl::unexpected(r.error());
    return {};
  });
  if (!st) log::Event(log::Level::kWarn, "jobs_enqueue_failed", {{"detail", st.error().internal_detail}});
}

Status App::SealLegacyText() {
  // Free text that older versions stored in the clear, sealed once with its practice's key (the same
  // contexts the services use). Idempotent: sealed values carry the "s1:" mark and are skipped.
  int sealed = 0;
  // `query` selects (practice_id, id, text, ...) of unsealed rows; `context` names the sealed value's row.
  auto sweep = [&](const std::string& query, const std::string& table, const std::string& column,
                   const std::function<std::string(const db::Row&)>& context) -> Status {
    for (;;) {
      auto rows = db_->Read([&](db::Connection& c) { return c.Query(query + " LIMIT 200", {}); });
      if (!rows) return tl::unexpected(rows.error());
      if (rows->empty()) return {};
      auto st = db_->WithWrite([&](db::Connection& c) -> Status {
        for (const auto& r : *rows) {
          auto key = identity_->DataKeyFor(r.Text(0));
          if (!key) return tl::unexpected(key.error());
          auto text = crypto::SealField(*key, r.Text(2), context(r));
          if (!text) return tl::unexpected(text.error());
          auto u = c.Exec("UPDATE " + table + " SET " + column + " = ? WHERE id = ?", {*text, r.Text(1)});
          if (!u) return tl::unexpected(u.error());
          ++sealed;
        }
        return {};
      });
      if (!st) return st;
    }
  };
  struct Column {
    const char* table;
    const char* column;
    const char* context;  // prefix; the row id follows
    const char* also;     // more of the WHERE clause
  };
  static constexpr Column kColumns[] = {
      {"clients", "diagnoses", "diagnoses:", " AND diagnoses <> '[]'"},
      {"appointments", "override_reason", "override:", ""},
      {"waitlist_entries", "note", "waitlist-note:", ""},
      {"documents", "title", "document-title:", ""},
  };
  for (const auto& col : kColumns) {
    const std::string c = col.column;
    auto st = sweep("SELECT practice_id, id, " + c + " FROM " + col.table + " WHERE " + c + " IS NOT NULL AND " + c +
                        " <> '' AND " + c + " NOT LIKE 's1:%'" + col.also,
                    col.table, c, [&](const db::Row& r) { return col.context + r.Text(1); });
    if (!st) return st;
  }
  // Cancellation reasons in visit events ("rescheduled" is a marker the schedule-health count reads, not text).
  auto events = sweep(
      "SELECT practice_id, id, reason, appointment_id, at FROM appointment_events WHERE reason IS NOT NULL AND reason "
      "<> '' "
      "AND reason <> 'rescheduled' AND reason NOT LIKE 's1:%'",
      "appointment_events", "reason",
      [](const db::Row& r) { return "status-reason:" + r.Text(3) + ":" + std::to_string(r.Int(4)); });
  if (!events) return events;
  // Older warnings repeated the override reason in their message: it now lives only in the sealed reason.
  for (;;) {
    auto rows = db_->Read([&](db::Connection& c) {
      return c.Query(
          "SELECT id, warnings FROM appointments WHERE warnings LIKE '%Booked outside working hours: %' LIMIT 200");
    });
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) break;
    auto st = db_->WithWrite([&](db::Connection& c) -> Status {
      for (const auto& r : *rows) {
        auto warnings = nlohmann::json::parse(r.Text(1), nullptr, false);
        if (!warnings.is_array()) warnings = nlohmann::json::array();
        for (auto& w : warnings)
          if (w.is_object() && w.value("code", "") == "after_hours")
            w["message"] = "Booked outside working hours, with a reason on the visit.";
        auto u = c.Exec("UPDATE appointments SET warnings = ? WHERE id = ?", {warnings.dump(), r.Text(0)});
        if (!u) return tl::unexpected(u.error());
        ++sealed;
      }
      return {};
    });
    if (!st) return st;
  }
  if (sealed > 0) {
    // The plain values were overwritten (zeroed on SQLite, secure_delete); fold the WAL into the file now.
    (void)db_->Checkpoint();
    log::Event(log::Level::kInfo, "legacy_text_sealed", {{"count", sealed}});
  }
  return {};
}

std::string AuditCheckpointPath(const Config& config) { return config.var_dir + "/audit-checkpoint.json"; }

std::array<unsigned char, 32> AuditKey(const crypto::Keyring& keys) { return keys.DeriveKey("duet:audit-chain"); }

void App::WriteAuditCheckpoint() {
  EpochSeconds now = clock_.Now();
  auto cp = audit::ReadHeads(*db_, now);
  if (!cp) {
    log::Event(log::Level::kWarn, "audit_checkpoint_failed", {{"detail", cp.error().internal_detail}});
    return;
  }
  const std::string text = audit::SignCheckpoint(*cp, AuditKey(keys_));
  const std::string path = AuditCheckpointPath(config_), tmp = path + ".tmp";
  bool ok = false;
  if (std::FILE* f = std::fopen(tmp.c_str(), "w")) {
    ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
    ok = std::fclose(f) == 0 && ok;
  }
  std::error_code ec;
  if (ok) std::filesystem::rename(tmp, path, ec);
  if (!ok || ec) {
    log::Event(log::Level::kWarn, "audit_checkpoint_failed", {{"path", path}});
    return;
  }
  last_checkpoint_ = now;
  // The log (shipped elsewhere) carries the same signed heads: a second copy outside the database.
  log::Event(log::Level::kInfo, "audit_checkpoint",
             {{"practices", cp->heads.size()}, {"signed", text.substr(0, text.size() - 1)}});
}

void App::StartBackground() {
  background_ = std::thread([this] {
    int pause = std::max(1, std::min(config_.job_poll_seconds, config_.notice_interval_seconds));
    std::unique_lock lock(background_mutex_);
    while (!stopping_) {
      lock.unlock();
      EnqueuePeriodic();
      if (clock_.Now() - last_checkpoint_ >= 300) WriteAuditCheckpoint();
      auto ran = jobs_->RunDue();
      if (!ran) log::Event(log::Level::kWarn, "jobs_failed", {{"detail", ran.error().internal_detail}});
      lock.lock();
      background_wake_.wait_for(lock, std::chrono::seconds(pause), [this] { return stopping_ || wake_requested_; });
      wake_requested_ = false;
    }
  });
}

namespace {
struct ClockChange {
  std::optional<EpochSeconds> set;
  std::optional<std::int64_t> advance_seconds;
};
constexpr auto CodecOf(const ClockChange*) {
  return codec::Object<ClockChange>(
      "TestClockChange", codec::Field("set", &ClockChange::set, {.format = codec::Format::kTimestamp}),
      codec::Field("advance_seconds", &ClockChange::advance_seconds, {.min = 0, .max = 366LL * 86400}));
}
struct ClockNow {
  EpochSeconds now = 0;
};
constexpr auto CodecOf(const ClockNow*) {
  return codec::Object<ClockNow>("TestClock",
                                 codec::Field("now", &ClockNow::now, {.format = codec::Format::kTimestamp}));
}
}  // namespace

void App::EnableTestClock(SettableClock& clock) {
  Api api(router_, "operations");
  api.Get("/api/v1/test/clock", std::string(kPublicAction), "A test server's fixed time (only with --clock fixed:)",
          [&clock](Context&) -> Result<ClockNow> { return ClockNow{clock.Now()}; });
  api.Post("/api/v1/test/clock", std::string(kPublicAction),
           "Set or advance a test server's fixed time and let background work see it (only with --clock fixed:)",
           [this, &clock](Context&, const ClockChange& change) -> Result<ClockNow> {
             if (change.set) clock.Set(*change.set);
             if (change.advance_seconds) clock.Advance(*change.advance_seconds);
             WakeBackground();
             return ClockNow{clock.Now()};
           });
}

void App::WakeBackground() {
  {
    std::lock_guard lock(background_mutex_);
    wake_requested_ = true;
  }
  background_wake_.notify_all();
}

void App::StopBackground() {
  {
    std::lock_guard lock(background_mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  background_wake_.notify_all();
  if (background_.joinable()) {
    background_.join();
    WriteAuditCheckpoint();  // the last events of this run are signed too
  }
}

Result<std::unique_ptr<App>> App::Create(const Config& config, const Clock& clock) {
  if (!crypto::Init()) return Fail(ErrorCode::kInternal, "libsodium failed to start.");
  if (config.database.starts_with("sqlite:")) {
    std::filesystem::path file(config.database.substr(7));
    std::error_code ec;
    if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ec);
  }
  std::error_code ec;
  std::filesystem::create_directories(config.var_dir, ec);
  auto keys = crypto::Keyring::Load(
      config.master_key_file.empty() ? config.var_dir + "/master.key" : config.master_key_file, config.master_key);
  if (!keys) return tl::unexpected(keys.error());
  // SQLite: readers beside the one writer. PostgreSQL: a connection for every worker thread, so that writes (each
  // holding its connection to its commit) run side by side and their commits group in the server's log.
  const int pool = config.db_pool > 0                       ? config.db_pool
                   : config.database.starts_with("sqlite:") ? 4
                                                            : config.workers + WriteWorkers(config);
  auto db = db::Open(config.database, db::OpenOptions{pool, config.max_database_mb * 1024 * 1024});
  if (!db) return tl::unexpected(db.error());
  auto ran = db::Migrate(**db);
  if (!ran) return tl::unexpected(ran.error());
  if (*ran > 0) log::Event(log::Level::kInfo, "migrations_applied", {{"count", *ran}});
  std::string_view definitions, states;
  ReferenceData data;
  for (const auto& f : EmbeddedData()) {
    if (f.name == "compact_definitions.csv") definitions = f.text;
    if (f.name == "compacts.csv") states = f.text;
    if (f.name == "note_templates.json") data.note_templates = f.text;
    if (f.name == "intake_forms.json") data.intake_forms = f.text;
    if (f.name == "instruments.json") data.instruments = f.text;
    if (f.name == "consents.json") data.consents = f.text;
    if (f.name == "observation_types.json") data.observation_types = f.text;
    if (f.name == "federal_holidays.csv") data.federal_holidays = f.text;
  }
  auto compacts = practice::ParseCompactData(definitions, states);
  if (!compacts) return tl::unexpected(compacts.error());
  audit::SetChainKey(AuditKey(*keys));
  std::unique_ptr<App> app;
  try {
    app.reset(new App(config, clock, std::move(*db), std::move(*keys), std::move(*compacts), data));
  } catch (const std::exception& e) {
    // Shipped data that does not read (a note template, the observation catalogue) stops the start.
    return Fail(ErrorCode::kInternal, "The data shipped with Duet is not valid", e.what());
  }
  if (auto sealed = app->SealLegacyText(); !sealed) return tl::unexpected(sealed.error());
  app->ready_ = true;
  return app;
}

namespace {
struct Liveness {
  std::string status = "ok";
};
constexpr auto CodecOf(const Liveness*) {
  return codec::Object<Liveness>("Liveness", codec::Field("status", &Liveness::status));
}
struct Readiness {
  std::string status = "ready";
  int schema_version = 0;
};
constexpr auto CodecOf(const Readiness*) {
  return codec::Object<Readiness>("Readiness", codec::Field("status", &Readiness::status),
                                  codec::Field("schema_version", &Readiness::schema_version));
}
}  // namespace

void App::RegisterRoutes() {
  Api api(router_, "operations");
  const std::string open(kPublicAction);
  api.Get("/healthz", open, "Liveness", [](Context&) -> Result<Liveness> { return Liveness{}; });
  api.Get("/readyz", open,
          "Readiness: database reachable, migrations applied, and writes not failing for want of storage",
          [this](Context&) -> Result<Readiness> {
            // Storage full: not ready until a write that needs room succeeds again (a probe row of 64 KB,
            // written and removed in one transaction).
            if (db_->StorageFull())
              (void)db_->WithWrite([](db::Connection& c) -> Status {
                const std::string id = crypto::NewId();
                if (auto r =
                        c.Exec("INSERT INTO write_probe (id, pad) VALUES (?, ?)", {id, crypto::RandomToken(48 * 1024)});
                    !r)
                  return tl::unexpected(r.error());
                if (auto r = c.Exec("DELETE FROM write_probe WHERE id = ?", {id}); !r) return tl::unexpected(r.error());
                return {};
              });
            if (db_->StorageFull())
              return Fail(ErrorCode::kUnavailable, "Not ready: the database cannot store anything (disk full).");
            auto versions = db::MigrationVersions(*db_);
            if (!ready_ || !versions || versions->second < versions->first)
              return Fail(ErrorCode::kUnavailable, "Not ready: the database is unreachable or not migrated.");
            return Readiness{"ready", versions->second};
          });
  api.Get("/metrics", open, "Prometheus metrics (no client data)",
          [this](Context&) {
            http::Response res;
            res.body = metrics_->Render(router_, db_->Stats(), appender_->Stats(), live_count_.load(),
                                        {identity_->SignIns().TimesRemembered(), identity_->SignIns().TimesRead()});
            res.Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            return res;
          },
          {.produces = "text/plain"});
  api.Get("/api/v1/openapi.json", open, "This document (OpenAPI 3.1)",
          [this](Context&) { return JsonResponse(200, OpenApiDocument(router_, DUET_VERSION)); },
          {.response = [](nlohmann::json&) {
            return nlohmann::json{{"type", "object"}, {"description", "An OpenAPI 3.1 document"}};
          }});
  identity::RegisterRoutes(router_, *identity_);
  practice::RegisterRoutes(router_, *practice_);
  scheduling::RegisterRoutes(router_, *scheduling_);
  telehealth::RegisterRoutes(router_, *telehealth_);
  records::RegisterRoutes(router_, *records_);
  measures::RegisterRoutes(router_, *measures_);
  care::RegisterRoutes(router_, *care_);
  plans::RegisterRoutes(router_, *plans_);
  documents::RegisterRoutes(router_, *documents_);
  access::RegisterRoutes(router_, *access_);
  portal::RegisterRoutes(router_, *portal_);
  intake::RegisterRoutes(router_, *intake_);
  messages::RegisterRoutes(router_, *messages_);
  billing::RegisterRoutes(router_, *billing_);
  ledger::RegisterRoutes(router_, *ledger_);
  estimates::RegisterRoutes(router_, *estimates_);
  payouts::RegisterRoutes(router_, *payouts_);
  payments::RegisterRoutes(router_, *payments_);
}

Result<Principal> App::Authenticate(const http::Request& req, bool& via_cookie) {
  via_cookie = false;
  std::string_view auth = req.HeaderValue("authorization");
  if (!auth.empty()) {
    if (!auth.starts_with("Bearer ")) return Fail(ErrorCode::kUnauthenticated, "Use `Authorization: Bearer <token>`.");
    return identity_->AuthenticateToken(std::string(auth.substr(7)));
  }
  std::string cookie = req.CookieValue(identity::kSessionCookie);
  if (cookie.empty()) return Fail(ErrorCode::kUnauthenticated, "Sign in to continue.");
  via_cookie = true;
  return identity_->AuthenticateSession(cookie);
}

http::Response App::Dispatch(Context& ctx, http::Request& req, std::size_t& metric_slot) {
  metric_slot = metrics_->UnmatchedSlot();
  auto query = http::PercentDecode(req.query, true);
  auto path = http::PercentDecode(req.path, false);
  if (req.path.empty() || !query || !path)
    return ToProblem(Error{ErrorCode::kInvalid, "The request target is not valid.", {}, {}, {}}, ctx.request_id);
  if (HasControlCharacter(*query) || HasControlCharacter(*path))
    return ToProblem(Error{ErrorCode::kInvalid, "The address has a control character (such as NUL) in it.", {}, {}, {}},
                     ctx.request_id);
  if (!IsApiPath(req.path)) {
    metric_slot = metrics_->StaticSlot();
    return static_->Serve(req);
  }
  bool path_exists = false;
  const Route* route = router_.Match(req.method, req.path, ctx.params, path_exists);
  if (!route) {
    if (path_exists) {
      auto res = ToProblem(Error{ErrorCode::kMethodNotAllowed, "This method is not allowed here.", {}, {}, {}},
                           ctx.request_id);
      res.Set("Allow", router_.AllowedMethods(req.path));
      return res;
    }
    return ToProblem(Error{ErrorCode::kNotFound, "There is no such endpoint.", {}, {}, {}}, ctx.request_id);
  }
  metric_slot = router_.IndexOf(route);
  if (route->action != kPublicAction) {
    bool via_cookie = false;
    auto who = Authenticate(req, via_cookie);
    if (!who) return ToProblem(who.error(), ctx.request_id);
    // Cookie-authenticated writes must echo the session's CSRF token (double submit via header).
    if (via_cookie && IsUnsafe(req.method) && !crypto::Equal(req.HeaderValue("x-csrf-token"), who->csrf_token))
      return ToProblem(Error{ErrorCode::kForbidden,
                             "The request is missing its CSRF token. Reload the page and try again.",
                             {},
                             {},
                             {}},
                       ctx.request_id);
    if (who->read_only && !identity::TokenAllowsMethod(identity::TokenScope::kReadOnly, req.method))
      return ToProblem(Error{ErrorCode::kForbidden, "This API token is read-only.", {}, {}, {}, {}}, ctx.request_id);
    if (who->mfa_enrollment_pending && route->action != kSessionAction)
      return ToProblem(Error{ErrorCode::kForbidden, "Finish setting up two-step sign-in first.", {}, {}, {}},
                       ctx.request_id);
    if (!Allows(who->role, route->action)) {
      audit::Event e;
      e.practice_id = who->practice_id;
      e.actor_user_id = who->user_id;
      e.actor_role = std::string(RoleName(who->role));
      e.action = route->action;
      e.ip = ctx.remote_ip;
      e.outcome = "denied";
      e.request_id = ctx.request_id;
      audit::AppendOrReport(*db_, e, ctx.now);
      return ToProblem(Error{ErrorCode::kForbidden, "Your role does not allow this.", {}, {}, {}}, ctx.request_id);
    }
    ctx.principal = std::move(*who);
  }
  if (!route->consumes.empty()) {
    // A file in its own format (an 835): the handler reads it; plain text is accepted too.
    const auto type = req.HeaderValue("content-type");
    if (IsUnsafe(req.method) && !type.starts_with(route->consumes) && !type.starts_with("text/plain") &&
        !type.starts_with("application/octet-stream"))
      return ToProblem(Error{ErrorCode::kMediaType, "Send the file as " + route->consumes + ".", {}, {}, {}},
                       ctx.request_id);
    return route->handler(ctx, req);
  }
  if (IsUnsafe(req.method) && !req.body.empty() && !req.HeaderValue("content-type").starts_with("application/json")) {
    return ToProblem(Error{ErrorCode::kMediaType, "Send the body as application/json.", {}, {}, {}}, ctx.request_id);
  }
  // No stored text may carry a control character: refused here for every route at once.
  if (!req.body.empty())
    if (auto field = ControlCharacterField(req.body))
      return InvalidProblem({{*field, "Control characters (such as NUL) are not allowed here."}}, ctx.request_id);
  return route->handler(ctx, req);
}

void App::AddCommonHeaders(http::Response& res, const http::Request& req, const Context& ctx) const {
  res.Set("X-Request-Id", ctx.request_id);
  res.Set("X-Content-Type-Options", "nosniff");
  res.Set("Referrer-Policy", "no-referrer");
  // A practice's public page (/p/{slug}) may be embedded in the practice's own website; nothing else may be framed.
  const bool embeddable = req.path.starts_with("/p/");
  if (!embeddable) res.Set("X-Frame-Options", "DENY");
  res.Set("Permissions-Policy", "camera=(self), microphone=(self), display-capture=(self), geolocation=()");
  res.Set("Content-Security-Policy",
          std::string("default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src "
                      "'self'; connect-src 'self'; media-src 'self' blob:; font-src 'self' data:; object-src 'none'; "
                      "base-uri 'none'; form-action 'self'; frame-ancestors ") +
              (embeddable ? "*" : "'none'"));
  res.Set("Cross-Origin-Opener-Policy", "same-origin");
  if (req.tls) res.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  if (IsApiPath(req.path) && res.Get("Cache-Control").empty()) res.Set("Cache-Control", "no-store");
}

http::Response App::Handle(http::Request& req) {
  auto started = std::chrono::steady_clock::now();
  Context ctx;
  ctx.request_id = crypto::RequestId();
  ctx.now = clock_.Now();
  ctx.remote_ip = req.remote_ip;
  std::size_t slot = metrics_->UnmatchedSlot();
  http::Response res;
  // The audit events of reads go to the appender; the answer is sent once they are stored.
  auto events = audit::NewRequestEvents();
  try {
    audit::Deferred deferred(*appender_, events);
    // The request's reads share one connection and snapshot until its first write (db::SharedReads).
    db::SharedReads together(*db_);
    res = Dispatch(ctx, req, slot);
  } catch (const std::exception& e) {
    log::Event(log::Level::kError, "unhandled_exception", {{"request_id", ctx.request_id}, {"what", e.what()}});
    res = ToProblem(Error{}, ctx.request_id);
  }
  if (res.status >= 500)
    log::Event(log::Level::kError, "server_error", {{"request_id", ctx.request_id}, {"status", res.status}});
  AddCommonHeaders(res, req, ctx);
  if ((res.awaited = audit::AwaitedOf(events))) {
    // Made only when needed (it logs a server error): the answer withheld when an event cannot be stored.
    res.awaited->failure = [this, request_id = ctx.request_id, path = req.path, tls = req.tls] {
      http::Request where;
      where.path = path;
      where.tls = tls;
      Context ids;
      ids.request_id = request_id;
      http::Response failed = ToProblem(
          Error{ErrorCode::kUnavailable, "The access could not be recorded, so the answer is withheld. Try again."},
          request_id, 503);
      AddCommonHeaders(failed, where, ids);
      return failed;
    };
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  metrics_->Record(slot, res.status, seconds);
  // The access log names the route pattern, never the raw path or query (which may carry client data). Its fields
  // are gathered only when debug lines are written (not by default).
  if (log::Enabled(log::Level::kDebug)) {
    std::string route = slot < router_.routes().size() ? router_.routes()[slot].pattern
                                                       : (slot == metrics_->StaticSlot() ? "static" : "unmatched");
    log::Event(log::Level::kDebug, "request",
               {{"request_id", ctx.request_id},
                {"method", req.method},
                {"route", route},
                {"status", res.status},
                {"ms", seconds * 1000},
                {"user_id", ctx.principal ? ctx.principal->user_id : ""}});
  }
  return res;
}

http::Response App::Problem(int status, std::string detail) {
  ErrorCode code = status == 413 || status == 431 ? ErrorCode::kTooLarge
                   : status == 405                ? ErrorCode::kMethodNotAllowed
                   : status == 415                ? ErrorCode::kMediaType
                                                  : ErrorCode::kInvalid;
  return ToProblem(Error{code, std::move(detail), {}, {}, {}}, crypto::RequestId(), status);
}

std::optional<std::string> App::AuthorizeLive(const http::Request& req, http::Response& refusal) {
  Context ctx;
  ctx.request_id = crypto::RequestId();
  // Browsers send cookies on cross-site WebSocket upgrades: only our own origin may open one.
  std::string_view origin = req.HeaderValue("origin");
  std::string_view host = req.HeaderValue("host");
  if (!origin.empty() && !(origin.ends_with("://" + std::string(host)))) {
    refusal = ToProblem(Error{ErrorCode::kForbidden, "Cross-origin WebSocket refused.", {}, {}, {}}, ctx.request_id);
    return std::nullopt;
  }
  bool via_cookie = false;
  auto who = Authenticate(req, via_cookie);
  if (!who) {
    // A client in a video visit has no account session: their visit session cookie opens one room.
    std::string visit = req.CookieValue(telehealth::kVisitCookie);
    if (!visit.empty() && req.HeaderValue("authorization").empty()) {
      auto guest = telehealth_->AuthenticateGuest(visit);
      if (guest) {
        std::string key = guest->practice_id + "/guest/" + guest->id + "#" + crypto::RandomToken(6);
        std::lock_guard lock(live_mutex_);
        live_callers_[key] = telehealth::Caller{guest->practice_id, std::nullopt, *guest};
        return key;
      }
    }
    refusal = ToProblem(who.error(), ctx.request_id);
    return std::nullopt;
  }
  if (who->mfa_enrollment_pending) {
    refusal = ToProblem(Error{ErrorCode::kForbidden, "Finish setting up two-step sign-in first.", {}, {}, {}},
                        ctx.request_id);
    return std::nullopt;
  }
  std::string key = who->practice_id + "/" + who->user_id + "#" + crypto::RandomToken(6);
  std::lock_guard lock(live_mutex_);
  live_callers_[key] = telehealth::Caller{who->practice_id, *who, std::nullopt};
  return key;
}

void App::OnLiveOpen(const std::shared_ptr<server::LiveConnection>& conn) {
  {
    std::lock_guard lock(live_mutex_);
    live_[UserKey(conn->key())].insert(conn);
  }
  ++live_count_;
  conn->Send(json({{"type", "hello"}}).dump());
}

void App::OnLiveMessage(const std::shared_ptr<server::LiveConnection>& conn, const std::string& text) {
  json msg = json::parse(text, nullptr, false);
  if (!msg.is_object() || !msg.contains("type") || !msg["type"].is_string()) {
    conn->Send(json({{"type", "error"}, {"detail", "Messages are JSON objects with a string \"type\"."}}).dump());
    return;
  }
  std::string type = msg["type"];
  if (type == "ping") {
    conn->Send(json({{"type", "pong"}, {"id", msg.value("id", json(nullptr))}}).dump());
    return;
  }
  telehealth::Caller caller;
  {
    std::lock_guard lock(live_mutex_);
    auto it = live_callers_.find(conn->key());
    if (it != live_callers_.end()) caller = it->second;
  }
  if (!caller.practice_id.empty() && rooms_->OnMessage(conn, caller, msg)) return;
  conn->Send(json({{"type", "error"}, {"detail", "Unknown message type."}}).dump());
}

void App::OnLiveClose(const std::shared_ptr<server::LiveConnection>& conn) {
  rooms_->OnClose(conn);
  std::lock_guard lock(live_mutex_);
  live_callers_.erase(conn->key());
  auto it = live_.find(UserKey(conn->key()));
  if (it != live_.end() && it->second.erase(conn)) {
    --live_count_;
    if (it->second.empty()) live_.erase(it);
  }
}

void App::PublishToUser(const std::string& practice_id, const std::string& user_id, const std::string& json_text) {
  std::vector<std::shared_ptr<server::LiveConnection>> targets;
  {
    // Copy under the lock, send after releasing it.
    std::lock_guard lock(live_mutex_);
    auto it = live_.find(practice_id + "/" + user_id);
    if (it != live_.end()) targets.assign(it->second.begin(), it->second.end());
  }
  for (auto& t : targets) t->Send(json_text);
}

void App::OnListening(int port, bool tls) {
  bus_->Start([this](const std::string& payload) { rooms_->OnBus(payload); });
  StartBackground();
  // Start-up (migrations, the web app's files, reference data) leaves database caches and freed heap behind.
  db_->ReleaseMemory();
  memory::GiveBackHeap();
  log::Event(log::Level::kInfo, "listening",
             {{"host", config_.host}, {"port", port}, {"tls", tls}, {"web_app", static_->has_app()}});
  // A plain line on stdout for scripts and tests that start the server on port 0.
  std::printf("duet listening on %s://%s:%d\n", tls ? "https" : "http", config_.host.c_str(), port);
  std::fflush(stdout);
}

// A quiet server gives back what it keeps for speed under load: the database connections' page caches and the
// heap that glibc keeps (memory::TuneHeap keeps it so that busy requests reuse their buffers).
void App::OnQuiet() {
  const std::uint64_t before = memory::ResidentBytes();
  db_->ReleaseMemory();
  memory::GiveBackHeap();
  metrics_->NoteMemoryRelease();
  log::Event(log::Level::kDebug, "memory_released",
             {{"resident_mib_before", static_cast<double>(before) / (1 << 20)},
              {"resident_mib_after", static_cast<double>(memory::ResidentBytes()) / (1 << 20)}});
}

void App::OnStopping() {
  log::Event(log::Level::kInfo, "stopping", {{"reason", "signal"}});
  StopBackground();
  bus_->Stop();
}

}  // namespace duet::app
