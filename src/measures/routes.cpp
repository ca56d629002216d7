// HTTP/JSON mapping for measures and alerts: each route is a declaration over measures/codecs.hpp.
#include "measures/routes.hpp"

#include "measures/codecs.hpp"
#include "platform/api.hpp"

namespace duet::measures {
namespace {

Bands BandsOf() {
  Bands out;
  for (auto [key, list] : {std::pair{"phq9", &out.phq9}, std::pair{"gad7", &out.gad7}})
    for (const auto& b : FindInstrument(key)->bands) list->push_back({b.min, b.max, std::string(b.label)});
  return out;
}

ProgressRow ProgressOf(std::string objective_id, const Progress& p) {
  ProgressRow out;
  static_cast<Progress&>(out) = p;
  out.objective_id = std::move(objective_id);
  return out;
}

}  // namespace

void RegisterRoutes(Router& router, Service& s) {
  Api api(router, "measures");
  api.Post("/api/v1/clients/{id}/measures", "measures.write",
           "Send a questionnaire: a link the client fills on a phone (e-mailed without saying what it asks)",
           [&s](Context& ctx, const SendBody& b) {
             return s.Send(ctx.Who(), Id(ctx), b.instrument, b.every_weeks, b.count.value_or(b.every_weeks ? 6 : 1),
                           OriginOf(ctx));
           },
           {.status = 201});
  api.Post("/api/v1/clients/{id}/measures/responses", "measures.write",
           "Enter a questionnaire filled in session: scored at once",
           [&s](Context& ctx, const AnswersBody& b) -> Result<Scored> {
             auto r = s.Enter(ctx.Who(), Id(ctx), b.instrument, b.answers, b.functional, OriginOf(ctx));
             if (!r) return tl::unexpected(r.error());
             return Scored{r->id, r->score};
           },
           {.status = 201});
  api.Get("/api/v1/clients/{id}/measures", "measures.read",
          "A client's questionnaire results over time, with severity bands and the plan objectives they measure",
          [&s](Context& ctx) -> Result<ResultsAnswer> {
            auto r = s.ResultsWithTargets(ctx.Who(), Id(ctx), OriginOf(ctx));
            if (!r) return tl::unexpected(r.error());
            ResultsAnswer out{std::move(r->results), BandsOf(), {}};
            for (const auto& [o, p] : r->objectives) {
              auto row = ProgressOf(o.id, p);
              row.text = o.text;
              row.instrument = o.instrument;
              out.objectives.push_back(std::move(row));
            }
            return out;
          });
  api.Get("/api/v1/measures/links/{token}", std::string(kPublicAction),
          "The questionnaire behind a client's link: its wording, whether it was already sent in or expired",
          [&s](Context& ctx) { return s.FormFor(std::string(ctx.Param("token"))); });
  api.Post("/api/v1/measures/links/{token}", std::string(kPublicAction), "The client sends in their answers (once)",
           [&s](Context& ctx, const LinkAnswers& b) -> Result<Received> {
             if (auto st = s.Submit(std::string(ctx.Param("token")), b.answers, b.functional, OriginOf(ctx)); !st)
               return tl::unexpected(st.error());
             return Received{};
           });
  api.Get(
      "/api/v1/observation-types", "measures.read",
      "The objective measures that can be recorded: range of motion, strength grades, timed tests, standardized scores "
      "(unit, bounds, sided, which way is better)",
      [&s](Context&) -> Result<std::vector<ObservationType>> { return s.ObservationTypes(); });
  api.Post("/api/v1/clients/{id}/observations", "measures.write",
           "Record objective measures taken together: all saved or none",
           [&s](Context& ctx, const ObservationsBody& b) {
             return s.Observe(ctx.Who(), Id(ctx), b.observations, OriginOf(ctx));
           },
           {.status = 201});
  api.Get("/api/v1/clients/{id}/observations", "measures.read",
          "A client's objective measures over time, oldest first (those entered in error are marked voided), and the "
          "progress of "
          "each plan objective they measure from its baseline toward its target",
          [&s](Context& ctx) -> Result<ObservationsAnswer> {
            auto r = s.Observations(ctx.Who(), Id(ctx), OriginOf(ctx));
            if (!r) return tl::unexpected(r.error());
            ObservationsAnswer out{std::move(r->observations), {}};
            for (const auto& [id, p] : r->progress) out.progress.push_back(ProgressOf(id, p));
            return out;
          });
  api.Post(
      "/api/v1/clients/{id}/observations/{observation_id}/void", "measures.write",
      "Mark an observation entered in error (wrong_client, wrong_value, duplicate, other); it is kept, not graphed",
      [&s](Context& ctx, const VoidBody& b) {
        return s.VoidObservation(ctx.Who(), Id(ctx), std::string(ctx.Param("observation_id")), b.reason, OriginOf(ctx));
      });
  api.Get("/api/v1/alerts", "alerts.read", "Open alerts about the caller's clients (a PHQ-9 item 9 answer above zero)",
          [&s](Context& ctx) { return s.Alerts(ctx.Who()); });
  api.Post("/api/v1/alerts/{id}/acknowledge", "alerts.read", "Acknowledge an alert (recorded with who and when)",
           [&s](Context& ctx) { return s.Acknowledge(ctx.Who(), Id(ctx), OriginOf(ctx)); });
}

}  // namespace duet::measures
