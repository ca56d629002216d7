#include "measures/service.hpp"

#include <nlohmann/json.hpp>

#include "measures/rules.hpp"
#include "measures/store.hpp"
#include "platform/log.hpp"

namespace duet::measures {
namespace {
using nlohmann::json;

constexpr EpochSeconds kLinkLifetime = 7 * 86400;  // a questionnaire link works for a week

std::string SealContext(const std::string& response_id) { return "measure:" + response_id; }

std::string AnswersJson(const std::vector<int>& answers, std::optional<int> functional) {
  return json{{"answers", answers}, {"functional", functional ? json(*functional) : json(nullptr)}}.dump();
}

}  // namespace

Service::Service(db::Database& db, const Clock& clock, const crypto::Keyring& keys, identity::Service& identity, practice::Service& directory,
                 std::string_view instruments_json)
    : db_(db), clock_(clock), keys_(keys), identity_(identity), directory_(directory) {
  json all = json::parse(instruments_json, nullptr, false);
  if (all.is_array())
    for (const auto& i : all)
      if (i.is_object() && FindInstrument(i.value("key", ""))) wording_[i.value("key", "")] = i.dump();
}

void Service::Connect(mail::Mailer* mailer, std::string public_url, UserNotifier notify) {
  mailer_ = mailer;
  public_url_ = std::move(public_url);
  notify_ = std::move(notify);
}

Result<Request> Service::Issue(const std::string& practice_id, const std::string& client_id, const std::string& instrument,
                               const std::string& requested_by, EpochSeconds now) {
  Request r{crypto::NewId(), client_id, instrument, now, now + kLinkLifetime, std::nullopt, crypto::RandomToken(32)};
  auto st = db_.WithWrite([&](db::Connection& c) { return store::InsertRequest(c, practice_id, r, crypto::HashHex(r.token), requested_by); });
  if (!st) return tl::unexpected(st.error());
  // The e-mail says nothing about what is asked (no instrument name): only that a check-in is waiting.
  if (mailer_ && mailer_->enabled()) {
    auto clients = directory_.ClientPlaces(practice_id, {client_id});
    auto practice = identity_.PracticeById(practice_id);
    if (clients && practice && !clients->front().email.empty()) {
      auto sent = mailer_->Send({clients->front().email, "A short check-in from " + practice->name,
                                 "Your care team at " + practice->name + " asked you to fill in a short check-in before your next visit. "
                                 "It takes about two minutes:\n\n" + public_url_ + "/measure/" + r.token +
                                 "\n\nThe link works for seven days. If you did not expect this, call your practice."});
      if (!sent) log::Event(log::Level::kWarn, "measure_mail_failed", {{"detail", sent.error().internal_detail}});
    }
  }
  return r;
}

Result<Request> Service::Send(const Principal& who, const std::string& client_id, const std::string& instrument,
                              std::optional<int> every_weeks, int count, const Origin& origin) {
  if (!FindInstrument(instrument)) return Fail(ErrorCode::kInvalid, "Choose phq9 or gad7.", {}, "instrument");
  if (every_weeks && (*every_weeks < 1 || *every_weeks > 12)) return Fail(ErrorCode::kInvalid, "Every 1 to 12 weeks.", {}, "every_weeks");
  if (count < 1 || count > 26) return Fail(ErrorCode::kInvalid, "Send it 1 to 26 times.", {}, "count");
  if (auto ok = directory_.MayReadChart(who, client_id); !ok) return tl::unexpected(ok.error());
  EpochSeconds now = clock_.Now();
  auto first = Issue(who.practice_id, client_id, instrument, who.user_id, now);
  if (!first) return first;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (every_weeks)
      for (int i = 1; i < count; ++i) {
        EpochSeconds at = now + static_cast<EpochSeconds>(i) * *every_weeks * 7 * 86400;
        std::string payload = json{{"client_id", client_id}, {"instrument", instrument}, {"requested_by", who.user_id}}.dump();
        auto added = jobs::Enqueue(c, "measure.request", "measure:" + first->id + ":" + std::to_string(i), who.practice_id, payload, at, now);
        if (!added) return tl::unexpected(added.error());
      }
    return audit::Append(c, audit::ByPrincipal(who, "measure.send", "client", client_id, origin.ip, origin.request_id, client_id), now);
  });
  if (!st) return tl::unexpected(st.error());
  return first;
}

Result<std::string> Service::SendScheduled(const jobs::Job& job) {
  json p = json::parse(job.payload, nullptr, false);
  if (!p.is_object()) return std::string("skipped: unreadable payload");
  auto r = Issue(job.practice_id, p.value("client_id", ""), p.value("instrument", ""), p.value("requested_by", ""), clock_.Now());
  if (!r) return tl::unexpected(r.error());
  return std::string("sent");
}

Result<Response> Service::Record(const std::string& practice_id, const std::string& client_id, const std::string& instrument,
                                 const std::vector<int>& answers, std::optional<int> functional, const std::string& entered_by,
                                 const std::string& request_id, const audit::Event& event) {
  const Instrument* inst = FindInstrument(instrument);
  if (!inst) return Fail(ErrorCode::kInvalid, "Choose phq9 or gad7.", {}, "instrument");
  auto score = ScoreAnswers(*inst, answers);
  if (!score) return tl::unexpected(score.error());
  if (functional && (*functional < 0 || *functional > 3)) return Fail(ErrorCode::kInvalid, "Choose one of the answers offered.", {}, "functional");
  auto key = identity_.WrappedDataKey(practice_id);
  if (!key) return tl::unexpected(key.error());
  EpochSeconds now = clock_.Now();
  Response r{crypto::NewId(), client_id, instrument, answers, functional, *score, now, entered_by};
  auto sealed = keys_.Seal(*key, AnswersJson(answers, functional), SealContext(r.id));
  if (!sealed) return tl::unexpected(sealed.error());
  std::string alert_id;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (!request_id.empty()) {
      auto done = store::CompleteRequest(c, practice_id, request_id, r.id, now);
      if (!done) return tl::unexpected(done.error());
      if (!*done) return FailRule("completed", "This check-in was already sent in. Thank you.");
    }
    if (auto w = store::InsertResponse(c, practice_id, r, *sealed); !w) return w;
    if (score->safety_flag) {
      alert_id = crypto::NewId();
      if (auto w = store::InsertAlert(c, practice_id, {alert_id, client_id, "", "phq9_item9", r.id, now, std::nullopt, ""}); !w) return w;
    }
    audit::Event e = event;
    e.resource_id = r.id;
    return audit::Append(c, e, now);
  });
  if (!st) return tl::unexpected(st.error());
  if (!alert_id.empty()) RaiseAlert(practice_id, client_id, alert_id);
  return r;
}

void Service::RaiseAlert(const std::string& practice_id, const std::string& client_id, const std::string& alert_id) {
  // Tell the client's clinicians now: a live event on any open page, and an e-mail that says only
  // that something needs their attention (no name, no score, no item).
  auto clients = directory_.ClientPlaces(practice_id, {client_id});
  if (!clients) return;
  for (const auto& clinician_id : clients->front().clinician_ids) {
    auto k = directory_.ClinicianById(practice_id, clinician_id);
    if (!k) continue;
    if (notify_ && !k->user_id.empty()) notify_(practice_id, k->user_id, json{{"type", "alert.new"}, {"alert_id", alert_id}}.dump());
    if (mailer_ && mailer_->enabled() && !k->email.empty()) {
      auto sent = mailer_->Send({k->email, "Duet: a response needs your review now",
                                 "A client's questionnaire response needs your review now. Sign in to Duet to see it:\n\n" + public_url_ + "/\n"});
      if (!sent) log::Event(log::Level::kWarn, "alert_mail_failed", {{"detail", sent.error().internal_detail}});
    }
  }
}

Result<Response> Service::Enter(const Principal& who, const std::string& client_id, const std::string& instrument, const std::vector<int>& answers,
                                std::optional<int> functional, const Origin& origin) {
  if (auto ok = directory_.MayReadChart(who, client_id); !ok) return tl::unexpected(ok.error());
  return Record(who.practice_id, client_id, instrument, answers, functional, who.user_id, "",
                audit::ByPrincipal(who, "measure.enter", "measure_response", "", origin.ip, origin.request_id, client_id));
}

Result<std::vector<Response>> Service::Results(const Principal& who, const std::string& client_id, const Origin& origin) {
  if (auto ok = directory_.MayReadChart(who, client_id); !ok) return tl::unexpected(ok.error());
  auto key = identity_.WrappedDataKey(who.practice_id);
  if (!key) return tl::unexpected(key.error());
  auto rows = db_.Read([&](db::Connection& c) { return store::ListResponses(c, who.practice_id, client_id); });
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Response> out;
  for (auto& [r, sealed] : *rows) {
    auto text = keys_.Open(*key, sealed, SealContext(r.id));
    if (!text) return tl::unexpected(text.error());
    json j = json::parse(*text, nullptr, false);
    for (const auto& a : j.value("answers", json::array())) r.answers.push_back(a.get<int>());
    if (j.contains("functional") && j["functional"].is_number_integer()) r.functional = j["functional"].get<int>();
    out.push_back(std::move(r));
  }
  auto st = audit::AppendNow(db_, audit::ByPrincipal(who, "measure.read", "client", client_id, origin.ip, origin.request_id, client_id), clock_.Now());
  if (!st) return tl::unexpected(st.error());
  return out;
}

Result<Form> Service::FormFor(const std::string& token) {
  auto r = db_.Read([&](db::Connection& c) { return store::FindRequestByToken(c, crypto::HashHex(token)); });
  if (!r) return tl::unexpected(r.error());
  if (!*r) return Fail(ErrorCode::kNotFound, "This link is not valid. Ask your practice for a new one.");
  auto practice = identity_.PracticeById((*r)->practice_id);
  if (!practice) return tl::unexpected(practice.error());
  Form f;
  f.practice_name = practice->name;
  f.instrument_json = wording_[(*r)->request.instrument];
  f.completed = (*r)->request.completed_at.has_value();
  f.expired = clock_.Now() > (*r)->request.expires_at;
  return f;
}

Status Service::Submit(const std::string& token, const std::vector<int>& answers, std::optional<int> functional, const Origin& origin) {
  auto found = db_.Read([&](db::Connection& c) { return store::FindRequestByToken(c, crypto::HashHex(token)); });
  if (!found) return tl::unexpected(found.error());
  if (!*found) return Fail(ErrorCode::kNotFound, "This link is not valid. Ask your practice for a new one.");
  const auto& req = (*found)->request;
  if (req.completed_at) return FailRule("completed", "This check-in was already sent in. Thank you.");
  if (clock_.Now() > req.expires_at) return FailRule("expired", "This link has expired. Ask your practice for a new one.");
  audit::Event e;
  e.practice_id = (*found)->practice_id;
  e.actor_role = "client";
  e.action = "measure.submit";
  e.resource_type = "measure_response";
  e.client_id = req.client_id;
  e.ip = origin.ip;
  e.request_id = origin.request_id;
  auto r = Record((*found)->practice_id, req.client_id, req.instrument, answers, functional, "", req.id, e);
  if (!r) return tl::unexpected(r.error());
  return {};
}

Result<std::vector<Alert>> Service::Alerts(const Principal& who) {
  auto all = db_.Read([&](db::Connection& c) { return store::OpenAlerts(c, who.practice_id); });
  if (!all) return tl::unexpected(all.error());
  std::vector<Alert> out;
  std::vector<std::string> ids;
  for (auto& a : *all) {
    auto view = directory_.ChartView(who, a.client_id);
    if (view && *view == practice::ClientView::kFull) {
      ids.push_back(a.client_id);
      out.push_back(std::move(a));
    }
  }
  auto names = directory_.ClientNames(who.practice_id, ids);
  if (names)
    for (auto& a : out) a.client_name = (*names)[a.client_id];
  return out;
}

Status Service::Acknowledge(const Principal& who, const std::string& alert_id, const Origin& origin) {
  auto a = db_.Read([&](db::Connection& c) { return store::FindAlert(c, who.practice_id, alert_id); });
  if (!a) return tl::unexpected(a.error());
  if (!*a) return Fail(ErrorCode::kNotFound, "No such alert.");
  if (auto ok = directory_.MayReadChart(who, (*a)->client_id); !ok) return ok;
  EpochSeconds now = clock_.Now();
  return db_.WithWrite([&](db::Connection& c) -> Status {
    auto done = store::Acknowledge(c, who.practice_id, alert_id, who.user_id, now);
    if (!done) return tl::unexpected(done.error());
    if (!*done) return Fail(ErrorCode::kConflict, "Someone already acknowledged this alert.");
    return audit::Append(c, audit::ByPrincipal(who, "alert.acknowledge", "alert", alert_id, origin.ip, origin.request_id, (*a)->client_id), now);
  });
}

}  // namespace duet::measures
