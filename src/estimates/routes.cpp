// HTTP/JSON mapping for Good Faith Estimates: each route is a declaration over estimates/codecs.hpp.
#include "estimates/routes.hpp"

#include "estimates/codecs.hpp"
#include "platform/api.hpp"

namespace duet::estimates {
void RegisterRoutes(Router& router, Service& s) {
  Api api(router, "estimates");
  api.Get("/api/v1/billing/business-calendar", "payers.read",
          "The practice's business calendar: its time zone, open weekdays, federal holidays and closed days (Good "
          "Faith Estimate deadlines and payout weeks are counted in it)",
          [&s](Context& ctx) { return s.Calendar(ctx.Who()); });
  api.Put("/api/v1/billing/business-calendar", "payers.write", "Set the practice's business calendar",
          [&s](Context& ctx, const BusinessCalendar& c) { return s.PutCalendar(ctx.Who(), c, OriginOf(ctx)); });
  api.Get(
      "/api/v1/good-faith-estimates", "ledger.read",
      "Good Faith Estimates newest first, and those the practice owes self-pay and uninsured clients (due 1 "
      "business day after booking a visit 3+ business days away, 3 when 10+, 3 after a request); "
      "`due=overdue|pending` lists only what is owed (audited)",
      [&s](Context& ctx, codec::Query<ListQuery> q) { return s.List(ctx.Who(), q->due, q->client_id, OriginOf(ctx)); });
  api.Post("/api/v1/good-faith-estimates", "ledger.write",
           "Issue a Good Faith Estimate (45 CFR 149.610) for up to 12 months: items as given, or drafted from the "
           "client's booked visits and the practice's fees; it replaces the client's estimate for an overlapping "
           "period. `dry_run=true` returns the draft (200), saving nothing",
           [&s](Context& ctx, codec::Query<DryRunQuery> q, const IssueRequest& r) -> Result<Reply<EstimateView>> {
             return s.Issue(ctx.Who(), r, q->dry_run, OriginOf(ctx)).map([&](EstimateView e) {
               return Reply<EstimateView>{q->dry_run ? 200 : 201, std::move(e)};
             });
           });
  api.Post("/api/v1/good-faith-estimates/requests", "ledger.write",
           "The client asked for an estimate (a question about cost counts): one is due in 3 business days",
           [&s](Context& ctx, const AskRequest& r) { return s.Ask(ctx.Who(), r, OriginOf(ctx)); }, {.status = 201});
  api.Get("/api/v1/good-faith-estimates/{id}", "ledger.read",
          "One estimate as issued, with what has been billed against it per provider (audited)",
          [&s](Context& ctx) { return s.Get(ctx.Who(), Id(ctx), OriginOf(ctx)); });
  api.Get("/api/v1/good-faith-estimates/{id}/pdf", "ledger.read",
          "The estimate as a PDF with every required disclaimer (audited)",
          [&s](Context& ctx) {
            auto r = s.Pdf(ctx.Who(), Id(ctx), OriginOf(ctx));
            return r ? FileResponse(std::move(*r), "application/pdf", "good-faith-estimate.pdf")
                     : ToProblem(r.error(), ctx.request_id);
          },
          {.produces = "application/pdf"});
  api.Get("/api/v1/portal/estimates", "portal.self", "The signed-in client's Good Faith Estimates, newest first",
          [&s](Context& ctx) { return s.Mine(ctx.Who(), OriginOf(ctx)); });
  api.Get("/api/v1/portal/estimates/{id}/pdf", "portal.self", "One of the signed-in client's estimates as a PDF",
          [&s](Context& ctx) {
            auto r = s.MyPdf(ctx.Who(), Id(ctx), OriginOf(ctx));
            return r ? FileResponse(std::move(*r), "application/pdf", "good-faith-estimate.pdf")
                     : ToProblem(r.error(), ctx.request_id);
          },
          {.produces = "application/pdf"});
}

}  // namespace duet::estimates
