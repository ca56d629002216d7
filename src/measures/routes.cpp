// HTTP/JSON mapping for measures and alerts: parse strictly, one service call, map the result.
#include "measures/routes.hpp"

#include "measures/rules.hpp"
#include "platform/dates.hpp"
#include "platform/input.hpp"
#include "platform/problem.hpp"

namespace duet::measures {
namespace {
using nlohmann::json;

Origin OriginOf(const Context& ctx) { return Origin{ctx.remote_ip, ctx.request_id}; }

//! answers: an array of integers (each checked by the scoring rule); functional: optional integer.
bool ReadAnswers(Input& in, std::vector<int>& answers, std::optional<int>& functional) {
  const json* a = in.OptionalArray("answers");
  if (!a) {
    in.AddError("answers", "Required: one answer (0–3) per question.");
    return false;
  }
  for (const auto& x : *a) {
    if (!x.is_number_integer()) {
      in.AddError("answers", "Each answer is a whole number (0–3).");
      return false;
    }
    answers.push_back(x.get<int>());
  }
  if (auto f = in.OptionalInt("functional", 0, 3)) functional = static_cast<int>(*f);
  return in.ok();
}

json Num(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

const char* KindName(ObservationKind k) {
  switch (k) {
    case ObservationKind::kRangeOfMotion: return "range_of_motion";
    case ObservationKind::kStrength: return "strength";
    case ObservationKind::kTimedTest: return "timed_test";
    case ObservationKind::kStandardizedScore: return "standardized_score";
  }
  return "";
}

json ObservationJson(const Observation& o) {
  return {{"id", o.id}, {"code", o.code}, {"side", o.side.empty() ? json(nullptr) : json(o.side)}, {"value", o.value},
          {"grade", o.grade.empty() ? json(nullptr) : json(o.grade)}, {"observed_on", FormatDate(o.observed_on)},
          {"objective_id", o.objective_id.empty() ? json(nullptr) : json(o.objective_id)},
          {"comment", o.comment.empty() ? json(nullptr) : json(o.comment)},
          {"entered_by", {{"user_id", o.entered_by}, {"name", o.entered_by_name}}}, {"created_at", FormatTimestamp(o.created_at)},
          {"voided", o.voided_at.has_value()}, {"void_reason", o.void_reason.empty() ? json(nullptr) : json(o.void_reason)}};
}

//! observations: [{code, side?, value?, grade?, observed_on?, objective_id?, comment?}, …]
std::vector<ObservationInput> ReadObservations(Input& in) {
  std::vector<ObservationInput> out;
  const json* list = in.OptionalArray("observations");
  if (!list) {
    in.AddError("observations", "Required: a list of observations.");
    return out;
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string at = "observations[" + std::to_string(i) + "].";
    if (!(*list)[i].is_object()) {
      in.AddError(at.substr(0, at.size() - 1), "Each observation is an object.");
      continue;
    }
    Input o((*list)[i], {"code", "side", "value", "grade", "observed_on", "objective_id", "comment"}, at, in);
    ObservationInput x;
    x.code = o.RequiredString("code", 64);
    x.side = o.OptionalString("side", 16).value_or("");
    x.value = o.OptionalNumber("value");
    x.grade = o.OptionalString("grade", 4).value_or("");
    if (auto d = o.OptionalString("observed_on", 10)) {
      x.observed_on = ParseDate(*d);
      if (!x.observed_on) o.AddError(o.Path("observed_on"), "Give a date as YYYY-MM-DD.");
    }
    x.objective_id = o.OptionalString("objective_id", 64).value_or("");
    x.comment = o.OptionalString("comment", 2000).value_or("");
    out.push_back(std::move(x));
  }
  return out;
}

json BandsJson() {
  json out = json::object();
  for (const char* key : {"phq9", "gad7"}) {
    json bands = json::array();
    for (const auto& b : FindInstrument(key)->bands) bands.push_back({{"min", b.min}, {"max", b.max}, {"label", b.label}});
    out[key] = bands;
  }
  return out;
}

}  // namespace

void RegisterRoutes(Router& router, Service& service) {
  Service& s = service;
  router.Add({"POST", "/api/v1/clients/{id}/measures", "measures.write",
              "Send a questionnaire {instrument: phq9|gad7, every_weeks?, count?}: a link the client fills on a phone (e-mailed "
              "without saying what it asks)", "measures", [&s](Context& ctx, const http::Request& req) {
                Input in(req.body, {"instrument", "every_weeks", "count"});
                std::string instrument = in.RequiredString("instrument", 16);
                auto every = in.OptionalInt("every_weeks", 1, 12);
                int count = static_cast<int>(in.OptionalInt("count", 1, 26).value_or(every ? 6 : 1));
                if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
                std::optional<int> weeks;
                if (every) weeks = static_cast<int>(*every);
                auto r = s.Send(ctx.Who(), std::string(ctx.Param("id")), instrument, weeks, count, OriginOf(ctx));
                return r ? JsonResponse(201, {{"request_id", r->id}, {"path", "/measure/" + r->token}, {"expires_at", FormatTimestamp(r->expires_at)}})
                         : ToProblem(r.error(), ctx.request_id);
              }, ""});
  router.Add({"POST", "/api/v1/clients/{id}/measures/responses", "measures.write",
              "Enter a questionnaire filled in session {instrument, answers: [0-3…], functional?}: scored at once", "measures",
              [&s](Context& ctx, const http::Request& req) {
                Input in(req.body, {"instrument", "answers", "functional"});
                std::string instrument = in.RequiredString("instrument", 16);
                std::vector<int> answers;
                std::optional<int> functional;
                if (!ReadAnswers(in, answers, functional)) return InvalidProblem(in.errors(), ctx.request_id);
                auto r = s.Enter(ctx.Who(), std::string(ctx.Param("id")), instrument, answers, functional, OriginOf(ctx));
                return r ? JsonResponse(201, {{"id", r->id}, {"total", r->score.total}, {"band", r->score.band}, {"safety_flag", r->score.safety_flag}})
                         : ToProblem(r.error(), ctx.request_id);
              }, ""});
  router.Add({"GET", "/api/v1/clients/{id}/measures", "measures.read", "A client's questionnaire results over time, with severity bands and the plan objectives they measure",
              "measures", [&s](Context& ctx, const http::Request&) {
                auto r = s.ResultsWithTargets(ctx.Who(), std::string(ctx.Param("id")), OriginOf(ctx));
                if (!r) return ToProblem(r.error(), ctx.request_id);
                json objectives = json::array();
                for (const auto& [o, p] : r->objectives)
                  objectives.push_back({{"objective_id", o.id}, {"text", o.text}, {"instrument", o.instrument}, {"baseline", Num(p.baseline)},
                                        {"target", Num(p.target)}, {"latest", Num(p.latest)}, {"fraction", Num(p.fraction)}, {"met", p.met}});
                json items = json::array();
                for (const auto& x : r->results)
                  items.push_back({{"id", x.id}, {"instrument", x.instrument}, {"total", x.score.total}, {"band", x.score.band},
                                   {"safety_flag", x.score.safety_flag}, {"answers", x.answers},
                                   {"functional", x.functional ? json(*x.functional) : json(nullptr)},
                                   {"completed_at", FormatTimestamp(x.completed_at)}, {"entered_in_session", !x.entered_by.empty()}});
                return JsonResponse(200, {{"items", items}, {"bands", BandsJson()}, {"objectives", objectives}});
              }, ""});
  router.Add({"GET", "/api/v1/measures/links/{token}", std::string(kPublicAction),
              "The questionnaire behind a client's link: its wording, whether it was already sent in or expired", "measures",
              [&s](Context& ctx, const http::Request&) {
                auto r = s.FormFor(std::string(ctx.Param("token")));
                if (!r) return ToProblem(r.error(), ctx.request_id);
                return JsonResponse(200, {{"practice_name", r->practice_name}, {"instrument", json::parse(r->instrument_json, nullptr, false)},
                                          {"completed", r->completed}, {"expired", r->expired}});
              }, ""});
  router.Add({"POST", "/api/v1/measures/links/{token}", std::string(kPublicAction),
              "The client sends in their answers {answers: [0-3…], functional?} (once)", "measures",
              [&s](Context& ctx, const http::Request& req) {
                Input in(req.body, {"answers", "functional"});
                std::vector<int> answers;
                std::optional<int> functional;
                if (!ReadAnswers(in, answers, functional)) return InvalidProblem(in.errors(), ctx.request_id);
                auto r = s.Submit(std::string(ctx.Param("token")), answers, functional, OriginOf(ctx));
                return r ? JsonResponse(200, {{"received", true}}) : ToProblem(r.error(), ctx.request_id);
              }, ""});
  router.Add({"GET", "/api/v1/observation-types", "measures.read",
              "The objective measures that can be recorded: range of motion, strength grades, timed tests, standardized scores "
              "(unit, bounds, sided, which way is better)", "measures", [&s](Context& ctx, const http::Request&) {
                json items = json::array();
                for (const auto& t : s.ObservationTypes())
                  items.push_back({{"code", t.code}, {"kind", KindName(t.kind)}, {"name", t.name}, {"unit", t.unit}, {"min", t.min},
                                   {"max", t.max}, {"sided", t.sided}, {"better", t.better == Better::kLower ? "lower" : "higher"},
                                   {"disciplines", t.disciplines}});
                return JsonResponse(200, {{"items", items}});
              }, ""});
  router.Add({"POST", "/api/v1/clients/{id}/observations", "measures.write",
              "Record objective measures taken together {observations: [{code, side?, value? | grade?, observed_on?, objective_id?, "
              "comment?}]}: all saved or none", "measures", [&s](Context& ctx, const http::Request& req) {
                Input in(req.body, {"observations"});
                auto items = ReadObservations(in);
                if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
                auto r = s.Observe(ctx.Who(), std::string(ctx.Param("id")), items, OriginOf(ctx));
                if (!r) return ToProblem(r.error(), ctx.request_id);
                json out = json::array();
                for (const auto& o : *r) out.push_back(ObservationJson(o));
                return JsonResponse(201, {{"items", out}});
              }, ""});
  router.Add({"GET", "/api/v1/clients/{id}/observations", "measures.read",
              "A client's objective measures over time, oldest first (those entered in error are marked voided), and the progress of "
              "each plan objective they measure from its baseline toward its target", "measures",
              [&s](Context& ctx, const http::Request&) {
                auto r = s.Observations(ctx.Who(), std::string(ctx.Param("id")), OriginOf(ctx));
                if (!r) return ToProblem(r.error(), ctx.request_id);
                json out = json::array(), progress = json::array();
                for (const auto& o : r->observations) out.push_back(ObservationJson(o));
                for (const auto& [objective_id, p] : r->progress)
                  progress.push_back({{"objective_id", objective_id}, {"baseline", Num(p.baseline)}, {"target", Num(p.target)},
                                      {"latest", Num(p.latest)}, {"fraction", Num(p.fraction)}, {"met", p.met}});
                return JsonResponse(200, {{"items", out}, {"progress", progress}});
              }, ""});
  router.Add({"POST", "/api/v1/clients/{id}/observations/{observation_id}/void", "measures.write",
              "Mark an observation entered in error {reason: wrong_client | wrong_value | duplicate | other}; it is kept, not graphed",
              "measures", [&s](Context& ctx, const http::Request& req) {
                Input in(req.body, {"reason"});
                std::string reason = in.RequiredString("reason", 32);
                if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
                return NoContentOr(s.VoidObservation(ctx.Who(), std::string(ctx.Param("id")), std::string(ctx.Param("observation_id")), reason,
                                                     OriginOf(ctx)),
                                   ctx.request_id);
              }, ""});
  router.Add({"GET", "/api/v1/alerts", "alerts.read", "Open alerts about the caller's clients (a PHQ-9 item 9 answer above zero)",
              "measures", [&s](Context& ctx, const http::Request&) {
                auto r = s.Alerts(ctx.Who());
                if (!r) return ToProblem(r.error(), ctx.request_id);
                json items = json::array();
                for (const auto& a : *r)
                  items.push_back({{"id", a.id}, {"client_id", a.client_id}, {"client_name", a.client_name}, {"kind", a.kind},
                                   {"response_id", a.response_id}, {"created_at", FormatTimestamp(a.created_at)}});
                return JsonResponse(200, {{"items", items}});
              }, ""});
  router.Add({"POST", "/api/v1/alerts/{id}/acknowledge", "alerts.read", "Acknowledge an alert (recorded with who and when)", "measures",
              [&s](Context& ctx, const http::Request&) {
                auto r = s.Acknowledge(ctx.Who(), std::string(ctx.Param("id")), OriginOf(ctx));
                return NoContentOr(r, ctx.request_id);
              }, ""});
}

}  // namespace duet::measures
