// HTTP/JSON mapping for payouts: each route is a declaration over payouts/codecs.hpp.
#include "payouts/routes.hpp"

#include "payouts/codecs.hpp"
#include "platform/api.hpp"

namespace duet::payouts {
void RegisterRoutes(Router& router, Service& s) {
  Api api(router, "payouts");
  api.Get("/api/v1/clinicians/{id}/compensation", "payouts.read",
          "The clinician's compensation plan (a clinician reads their own); 404 when none is set",
          [&s](Context& ctx) { return s.GetPlan(ctx.Who(), Id(ctx)); });
  api.Put("/api/v1/clinicians/{id}/compensation", "payouts.run",
          "Set the clinician's plan: per visit by service and mode (or the same in every mode), a share of what was "
          "collected, or hourly; what late cancellations and no-shows pay; whether pay waits for the signed note",
          [&s](Context& ctx, const Plan& p) { return s.PutPlan(ctx.Who(), Id(ctx), p, OriginOf(ctx)); });
  api.Post("/api/v1/payouts/runs", "payouts.run",
           "Run a week's payouts (Monday–Sunday in the practice's zone): 201 with one statement per clinician; a "
           "draft run again is refreshed (200); a closed week is returned unchanged (200)",
           [&s](Context& ctx, const RunRequest& r) { return s.RunWeek(ctx.Who(), r, OriginOf(ctx)); });
  api.Get("/api/v1/payouts/runs", "payouts.run", "Payout runs, newest week first (without statements)",
          [&s](Context& ctx) { return s.Runs(ctx.Who()); });
  api.Get("/api/v1/payouts/runs/{id}", "payouts.run", "One run with every clinician's statement (audited)",
          [&s](Context& ctx) { return s.GetRun(ctx.Who(), Id(ctx), OriginOf(ctx)); });
  api.Post("/api/v1/payouts/runs/{id}/close", "payouts.run",
           "Close the run: its statements are final and clinicians see them; later corrections are the next week's "
           "adjustments",
           [&s](Context& ctx) { return s.Close(ctx.Who(), Id(ctx), OriginOf(ctx)); });
  api.Get("/api/v1/payouts/runs/{id}/payroll.csv", "payouts.run",
          "The closed run's payroll file: one row per clinician (visits paid and held, adjustments, total), no "
          "client data",
          [&s](Context& ctx) {
            auto r = s.PayrollCsv(ctx.Who(), Id(ctx), OriginOf(ctx));
            return r ? FileResponse(std::move(*r), "text/csv", "payroll.csv") : ToProblem(r.error(), ctx.request_id);
          },
          {.produces = "text/csv"});
  api.Get("/api/v1/payouts/statements", "payouts.read",
          "Pay statements: a clinician's own (closed weeks), or for the owner and biller one clinician's or one "
          "week's (audited)",
          [&s](Context& ctx, codec::Query<StatementQuery> q) { return s.Statements(ctx.Who(), *q, OriginOf(ctx)); });
  api.Post("/api/v1/payouts/lines/{id}/question", "payouts.ask",
           "Ask about a line of your own closed statement (the owner answers)",
           [&s](Context& ctx, const LineNote& n) { return s.Ask(ctx.Who(), Id(ctx), n, OriginOf(ctx)); });
  api.Post("/api/v1/payouts/lines/{id}/answer", "payouts.run", "Answer a clinician's question on a statement line",
           [&s](Context& ctx, const LineNote& n) { return s.Answer(ctx.Who(), Id(ctx), n, OriginOf(ctx)); });
}

}  // namespace duet::payouts
