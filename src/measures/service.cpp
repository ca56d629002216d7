#include "measures/service.hpp"

#include <stdexcept>

#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "measures/codecs.hpp"
#include "measures/rules.hpp"
#include "measures/store.hpp"
#include "platform/log.hpp"
#include "platform/words.hpp"
#include "practice/rules.hpp"

namespace duet::measures {
namespace {
using nlohmann::json;

constexpr EpochSeconds kLinkLifetime = 7 * 86400;  // a questionnaire link works for a week

std::string SealContext(const std::string& response_id) { return "measure:" + response_id; }
std::string CommentContext(const std::string& observation_id) { return "observation:" + observation_id; }

std::string AnswersJson(const std::vector<int>& answers, std::optional<int> functional) {
  return json{{"answers", answers}, {"functional", functional ? json(*functional) : json(nullptr)}}.dump();
}

}  // namespace

Service::Service(db::Database& db, const Clock& clock, identity::Service& identity, practice::Service& directory,
                 plans::Service& plans, std::string_view instruments_json, std::string_view observation_types_json)
    : db_(db), clock_(clock), identity_(identity), directory_(directory), plans_(plans) {
  // Shipped data: a file that does not read, or wording that does not match the scoring, stops the start.
  for (const auto& text : codec::ReadShipped<std::vector<InstrumentText>>("data/instruments.json", instruments_json))
    wording_[text.key] = codec::Encode(text).dump();
  types_ = codec::ReadShipped<ObservationCatalogue>("data/observation_types.json", observation_types_json).types;
}

void Service::Connect(mail::Mailer* mailer, std::string public_url, UserNotifier notify,
                      std::function<void()> wake_jobs) {
  wake_jobs_ = std::move(wake_jobs);
  mailer_ = mailer;
  public_url_ = std::move(public_url);
  notify_ = std::move(notify);
}

Result<Request> Service::Issue(const std::string& practice_id, const std::string& client_id,
                               const std::string& instrument, const std::string& requested_by, EpochSeconds now) {
  Request r{crypto::NewId(), client_id, instrument, now, now + kLinkLifetime, std::nullopt, crypto::RandomToken(32)};
  auto st = db_.WithWrite([&](db::Connection& c) {
    return store::InsertRequest(c, practice_id, r, crypto::HashHex(r.token), requested_by);
  });
  if (!st) return tl::unexpected(st.error());
  // The e-mail says nothing about what is asked (no instrument name): only that a check-in is waiting.
  if (mailer_ && mailer_->enabled()) {
    auto clients = directory_.ClientPlaces(practice_id, {client_id});
    auto practice = identity_.PracticeById(practice_id);
    if (clients && practice && !clients->front().email.empty()) {
      const auto& w = words::For(clients->front().language);
      auto sent = mailer_->Send(
          {clients->front().email, w.Say("checkin.subject", {{"practice", practice->name}}),
           w.Say("checkin.body", {{"practice", practice->name}, {"link", public_url_ + "/measure/" + r.token}})});
      if (!sent) log::Event(log::Level::kWarn, "measure_mail_failed", {{"detail", sent.error().internal_detail}});
    }
  }
  return r;
}

Result<std::vector<Response>> Service::ScoresOf(const std::string& practice_id, const std::string& client_id) {
  auto rows = db_.Read([&](db::Connection& c) { return store::ListResponses(c, practice_id, client_id); });
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Response> out;
  for (auto& [r, sealed] : *rows) out.push_back(std::move(r));
  std::sort(out.begin(), out.end(),
            [](const Response& a, const Response& b) { return a.completed_at < b.completed_at; });
  return out;
}

Result<std::vector<Request>> Service::OpenFor(const std::string& practice_id, const std::string& client_id) {
  return db_.Read([&](db::Connection& c) { return store::OpenRequests(c, practice_id, client_id, clock_.Now()); });
}

Result<std::string> Service::LinkFor(const std::string& practice_id, const std::string& client_id,
                                     const std::string& id) {
  std::string token = crypto::RandomToken(32);
  auto replaced = db_.Write([&](db::Connection& c) -> Result<bool> {
    return store::ReplaceToken(c, practice_id, client_id, id, crypto::HashHex(token), clock_.Now());
  });
  if (!replaced) return tl::unexpected(replaced.error());
  if (!*replaced) return Fail(ErrorCode::kNotFound, "No such questionnaire to fill.");
  return "/measure/" + token;
}

Result<Request> Service::Send(const Principal& who, const std::string& client_id, const std::string& instrument,
                              std::optional<int> every_weeks, int count, const Origin& origin) {
  if (!FindInstrument(instrument)) return Fail(ErrorCode::kInvalid, "Choose phq9 or gad7.", {}, "instrument");
  if (every_weeks && (*every_weeks < 1 || *every_weeks > 12))
    return Fail(ErrorCode::kInvalid, "Every 1 to 12 weeks.", {}, "every_weeks");
  if (count < 1 || count > 26) return Fail(ErrorCode::kInvalid, "Send it 1 to 26 times.", {}, "count");
  if (auto ok = directory_.MayReadChart(who, client_id); !ok) return tl::unexpected(ok.error());
  EpochSeconds now = clock_.Now();
  auto first = Issue(who.practice_id, client_id, instrument, who.user_id, now);
  if (!first) return first;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (every_weeks)
      for (int i = 1; i < count; ++i) {
        EpochSeconds at = now + static_cast<EpochSeconds>(i) * *every_weeks * 7 * 86400;
        std::string payload =
            json{{"client_id", client_id}, {"instrument", instrument}, {"requested_by", who.user_id}}.dump();
        auto added = jobs::Enqueue(c, "measure.request", "measure:" + first->id + ":" + std::to_string(i),
                                   who.practice_id, payload, at, now);
        if (!added) return tl::unexpected(added.error());
      }
    return audit::Append(
        c, audit::ByPrincipal(who, "measure.send", "client", client_id, origin.ip, origin.request_id, client_id), now);
  });
  if (!st) return tl::unexpected(st.error());
  return first;
}

Result<std::string> Service::SendScheduled(const jobs::Job& job) {
  json p = json::parse(job.payload, nullptr, false);
  if (!p.is_object()) return std::string("skipped: unreadable payload");
  auto r = Issue(job.practice_id, p.value("client_id", ""), p.value("instrument", ""), p.value("requested_by", ""),
                 clock_.Now());
  if (!r) return tl::unexpected(r.error());
  return std::string("sent");
}

Result<Response> Service::Record(const std::string& practice_id, const std::string& client_id,
                                 const std::string& instrument, const std::vector<int>& answers,
                                 std::optional<int> functional, const std::string& entered_by,
                                 const std::string& request_id, const audit::Event& event) {
  const Instrument* inst = FindInstrument(instrument);
  if (!inst) return Fail(ErrorCode::kInvalid, "Choose phq9 or gad7.", {}, "instrument");
  auto score = ScoreAnswers(*inst, answers);
  if (!score) return tl::unexpected(score.error());
  if (functional && (*functional < 0 || *functional > 3))
    return Fail(ErrorCode::kInvalid, "Choose one of the answers offered.", {}, "functional");
  auto key = identity_.DataKeyFor(practice_id);
  if (!key) return tl::unexpected(key.error());
  EpochSeconds now = clock_.Now();
  Response r{crypto::NewId(), client_id, instrument, answers, functional, *score, now, entered_by};
  auto sealed = key->Seal(AnswersJson(answers, functional), SealContext(r.id));
  if (!sealed) return tl::unexpected(sealed.error());
  // A positive safety item alerts every clinician of the client: their e-mails are queued in the
  // same transaction as the alert, so a mail server that is down delays them but loses none.
  std::vector<std::string> clinicians;
  if (score->safety_flag) {
    auto places = directory_.ClientPlaces(practice_id, {client_id});
    if (!places) return tl::unexpected(places.error());
    clinicians = places->front().clinician_ids;
  }
  const bool mail = mailer_ && mailer_->enabled();
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
      if (auto w =
              store::InsertAlert(c, practice_id, {alert_id, client_id, "", "phq9_item9", r.id, now, std::nullopt, ""});
          !w)
        return w;
      for (const auto& clinician_id : mail ? clinicians : std::vector<std::string>{}) {
        auto queued = jobs::Enqueue(c, "alert.mail", "alert.mail:" + alert_id + ":" + clinician_id, practice_id,
                                    json{{"alert_id", alert_id}, {"clinician_id", clinician_id}}.dump(), now, now);
        if (!queued) return tl::unexpected(queued.error());
      }
    }
    audit::Event e = event;
    e.resource_id = r.id;
    return audit::Append(c, e, now);
  });
  if (!st) return tl::unexpected(st.error());
  if (!alert_id.empty()) RaiseAlert(practice_id, client_id, alert_id);
  return r;
}

Result<std::string> Service::QueueAlert(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                                        const std::string& kind, const std::string& resource_id, EpochSeconds now) {
  auto places = directory_.ClientPlaces(practice_id, {client_id});
  if (!places) return tl::unexpected(places.error());
  const std::string alert_id = crypto::NewId();
  if (auto w = store::InsertAlert(c, practice_id, {alert_id, client_id, "", kind, resource_id, now, std::nullopt, ""});
      !w)
    return tl::unexpected(w.error());
  if (mailer_ && mailer_->enabled())
    for (const auto& clinician_id : places->front().clinician_ids) {
      auto queued = jobs::Enqueue(c, "alert.mail", "alert.mail:" + alert_id + ":" + clinician_id, practice_id,
                                  json{{"alert_id", alert_id}, {"clinician_id", clinician_id}}.dump(), now, now);
      if (!queued) return tl::unexpected(queued.error());
    }
  return alert_id;
}

void Service::RaiseAlert(const std::string& practice_id, const std::string& client_id, const std::string& alert_id) {
  // Tell the client's clinicians now: a live event on any open page; the queued e-mails go at once.
  auto clients = directory_.ClientPlaces(practice_id, {client_id});
  if (clients)
    for (const auto& clinician_id : clients->front().clinician_ids) {
      auto k = directory_.ClinicianById(practice_id, clinician_id);
      if (k && notify_ && !k->user_id.empty())
        notify_(practice_id, k->user_id, json{{"type", "alert.new"}, {"alert_id", alert_id}}.dump());
    }
  if (wake_jobs_) wake_jobs_();
}

Result<std::string> Service::SendAlertMail(const jobs::Job& job) {
  json p = json::parse(job.payload, nullptr, false);
  if (!p.is_object()) return std::string("skipped: unreadable payload");
  if (!mailer_ || !mailer_->enabled()) return std::string("skipped: no mail server");
  auto k = directory_.ClinicianById(job.practice_id, p.value("clinician_id", ""));
  if (!k) return std::string("skipped: no such clinician");
  if (k->email.empty()) return std::string("skipped: no e-mail");
  // The e-mail says only that something needs attention: no name, no score, no item.
  auto sent = mailer_->Send({k->email, "Duet: a response needs your review now",
                             "A client's questionnaire response needs your review now. Sign in to Duet to see it:\n\n" +
                                 public_url_ + "/\n"});
  if (!sent) return tl::unexpected(sent.error());
  return std::string("sent");
}

Result<Response> Service::Enter(const Principal& who, const std::string& client_id, const std::string& instrument,
                                const std::vector<int>& answers, std::optional<int> functional, const Origin& origin) {
  if (auto ok = directory_.MayReadChart(who, client_id); !ok) return tl::unexpected(ok.error());
  return Record(
      who.practice_id, client_id, instrument, answers, functional, who.user_id, "",
      audit::ByPrincipal(who, "measure.enter", "measure_response", "", origin.ip, origin.request_id, client_id));
}

Result<std::vector<Response>> Service::Results(const Principal& who, const std::string& client_id,
                                               const Origin& origin) {
  if (auto ok = directory_.MayReadChart(who, client_id); !ok) return tl::unexpected(ok.error());
  auto key = identity_.DataKeyFor(who.practice_id);
  if (!key) return tl::unexpected(key.error());
  auto rows = db_.Read([&](db::Connection& c) { return store::ListResponses(c, who.practice_id, client_id); });
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Response> out;
  for (auto& [r, sealed] : *rows) {
    auto text = key->Open(sealed, SealContext(r.id));
    if (!text) return tl::unexpected(text.error());
    json j = json::parse(*text, nullptr, false);
    for (const auto& a : j.value("answers", json::array())) r.answers.push_back(a.get<int>());
    if (j.contains("functional") && j["functional"].is_number_integer()) r.functional = j["functional"].get<int>();
    out.push_back(std::move(r));
  }
  if (origin.audited_as_one) return out;
  auto st = audit::AppendNow(
      db_, audit::ByPrincipal(who, "measure.read", "client", client_id, origin.ip, origin.request_id, client_id),
      clock_.Now());
  if (!st) return tl::unexpected(st.error());
  return out;
}

Result<ResultsView> Service::ResultsWithTargets(const Principal& who, const std::string& client_id,
                                                const Origin& origin) {
  auto results = Results(who, client_id, origin);
  if (!results) return tl::unexpected(results.error());
  auto objectives = plans_.CurrentObjectives(who.practice_id, client_id);
  if (!objectives) return tl::unexpected(objectives.error());
  ResultsView view{std::move(*results), {}};
  for (auto& o : *objectives) {
    if (o.instrument.empty()) continue;
    std::vector<double> totals;
    for (const auto& r : view.results)
      if (r.instrument == o.instrument) totals.push_back(r.score.total);
    Progress p = ObjectiveProgress(o.baseline, o.target, totals, Better::kLower);
    view.objectives.emplace_back(std::move(o), p);
  }
  return view;
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

Status Service::Submit(const std::string& token, const std::vector<int>& answers, std::optional<int> functional,
                       const Origin& origin) {
  auto found = db_.Read([&](db::Connection& c) { return store::FindRequestByToken(c, crypto::HashHex(token)); });
  if (!found) return tl::unexpected(found.error());
  if (!*found) return Fail(ErrorCode::kNotFound, "This link is not valid. Ask your practice for a new one.");
  const auto& req = (*found)->request;
  if (req.completed_at) return FailRule("completed", "This check-in was already sent in. Thank you.");
  if (clock_.Now() > req.expires_at)
    return FailRule("expired", "This link has expired. Ask your practice for a new one.");
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
    return audit::Append(
        c,
        audit::ByPrincipal(who, "alert.acknowledge", "alert", alert_id, origin.ip, origin.request_id, (*a)->client_id),
        now);
  });
}

Status Service::CheckResponses(const std::string& practice_id, const std::string& client_id,
                               const std::vector<std::string>& ids) {
  if (ids.empty()) return {};
  auto rows = db_.Read([&](db::Connection& c) { return store::ListResponses(c, practice_id, client_id); });
  if (!rows) return tl::unexpected(rows.error());
  std::set<std::string> known;
  for (const auto& [r, sealed] : *rows) known.insert(r.id);
  for (const auto& id : ids)
    if (!known.count(id))
      return Fail(ErrorCode::kInvalid, "A measure in this note is not one of this client's results.");
  return {};
}

// ---- objective measures ----

Result<std::vector<Observation>> Service::Observe(const Principal& who, const std::string& client_id,
                                                  const std::vector<ObservationInput>& items, const Origin& origin) {
  if (auto ok = directory_.MayReadChart(who, client_id); !ok) return tl::unexpected(ok.error());
  if (items.empty() || items.size() > 50)
    return Fail(ErrorCode::kInvalid, "Record 1 to 50 observations at a time.", {}, "observations");
  auto objectives = plans_.CurrentObjectives(who.practice_id, client_id);
  if (!objectives) return tl::unexpected(objectives.error());
  EpochSeconds now = clock_.Now();
  const Date today = DateOf(now);
  std::vector<practice::FieldIssue> issues;
  std::vector<Observation> out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& in = items[i];
    const std::string at = "observations[" + std::to_string(i) + "]";
    const ObservationType* type = nullptr;
    for (const auto& t : types_)
      if (t.code == in.code) type = &t;
    auto found = ValidateObservation(type, in, today, at);
    issues.insert(issues.end(), found.begin(), found.end());
    if (!in.objective_id.empty() && std::none_of(objectives->begin(), objectives->end(),
                                                 [&](const plans::Objective& o) { return o.id == in.objective_id; }))
      issues.push_back({at + ".objective_id", "Not an objective of this client's current plan of care."});
    if (!found.empty() || !type) continue;
    Observation o;
    o.id = crypto::NewId();
    o.client_id = client_id;
    o.code = in.code;
    o.side = in.side;
    o.value = GraphedValue(*type, in);
    o.grade = in.grade;
    o.observed_on = in.observed_on.value_or(today);
    o.objective_id = in.objective_id;
    o.comment = in.comment;
    o.entered_by = who.user_id;
    o.entered_by_name = who.display_name;
    o.created_at = now;
    out.push_back(std::move(o));
  }
  if (!issues.empty())
    return practice::InvalidFields(issues, "Some observations need another look; nothing was saved.");
  auto key = identity_.DataKeyFor(who.practice_id);
  if (!key) return tl::unexpected(key.error());
  std::vector<std::string> sealed(out.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i].comment.empty()) continue;
    auto s = key->Seal(out[i].comment, CommentContext(out[i].id));
    if (!s) return tl::unexpected(s.error());
    sealed[i] = std::move(*s);
  }
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    for (std::size_t i = 0; i < out.size(); ++i) {
      if (auto w = store::InsertObservation(c, who.practice_id, out[i], sealed[i]); !w) return w;
      if (auto w = audit::Append(c,
                                 audit::ByPrincipal(who, "observation.create", "observation", out[i].id, origin.ip,
                                                    origin.request_id, client_id),
                                 now);
          !w)
        return w;
    }
    return {};
  });
  if (!st) return tl::unexpected(st.error());
  return out;
}

Result<ObservationsView> Service::Observations(const Principal& who, const std::string& client_id,
                                               const Origin& origin) {
  if (auto ok = directory_.MayReadChart(who, client_id); !ok) return tl::unexpected(ok.error());
  auto rows = db_.Read([&](db::Connection& c) { return store::ListObservations(c, who.practice_id, client_id); });
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Observation> out;
  out.reserve(rows->size());
  std::optional<crypto::DataKey> key;  // opened only when a comment needs it
  for (auto& [o, sealed] : *rows) {
    if (!sealed.empty()) {
      if (!key) {
        auto k = identity_.DataKeyFor(who.practice_id);
        if (!k) return tl::unexpected(k.error());
        key = std::move(*k);
      }
      auto text = key->Open(sealed, CommentContext(o.id));
      if (!text) return tl::unexpected(text.error());
      o.comment = std::move(*text);
    }
    out.push_back(std::move(o));
  }
  auto objectives = plans_.CurrentObjectives(who.practice_id, client_id);
  if (!objectives) return tl::unexpected(objectives.error());
  ObservationsView view;
  for (const auto& objective : *objectives) {
    std::vector<double> values;
    Better better = Better::kHigher;
    for (const auto& o : out)
      if (o.objective_id == objective.id && !o.voided_at) {
        values.push_back(o.value);
        for (const auto& t : types_)
          if (t.code == o.code) better = t.better;
      }
    if (!values.empty())
      view.progress.emplace_back(objective.id, ObjectiveProgress(objective.baseline, objective.target, values, better));
  }
  view.observations = std::move(out);
  if (origin.audited_as_one) return view;
  auto st = audit::AppendNow(
      db_, audit::ByPrincipal(who, "observation.read", "client", client_id, origin.ip, origin.request_id, client_id),
      clock_.Now());
  if (!st) return tl::unexpected(st.error());
  return view;
}

Status Service::VoidObservation(const Principal& who, const std::string& client_id, const std::string& id,
                                const std::string& reason, const Origin& origin) {
  static const std::set<std::string> kReasons = {"wrong_client", "wrong_value", "duplicate", "other"};
  if (!kReasons.count(reason))
    return Fail(ErrorCode::kInvalid, "wrong_client, wrong_value, duplicate or other.", {}, "reason");
  if (auto ok = directory_.MayReadChart(who, client_id); !ok) return ok;
  EpochSeconds now = clock_.Now();
  return db_.WithWrite([&](db::Connection& c) -> Status {
    auto done = store::VoidObservation(c, who.practice_id, client_id, id, who.user_id, reason, now);
    if (!done) return tl::unexpected(done.error());
    if (!*done) return Fail(ErrorCode::kNotFound, "No such observation, or it was already marked entered in error.");
    return audit::Append(
        c, audit::ByPrincipal(who, "observation.void", "observation", id, origin.ip, origin.request_id, client_id),
        now);
  });
}

}  // namespace duet::measures
