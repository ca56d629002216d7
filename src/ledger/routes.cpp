// HTTP/JSON mapping for the ledger: each route is a declaration over ledger/codecs.hpp.
#include "ledger/routes.hpp"

#include "ledger/codecs.hpp"
#include "platform/api.hpp"

namespace duet::ledger {
void RegisterRoutes(Router& router, Service& s) {
  Api api(router, "ledger");
  api.Get("/api/v1/clients/{id}/ledger", "ledger.read",
          "The client's books: balance (client, payers, credit, aging), entries newest first, payments (audited)",
          [&s](Context& ctx) { return s.Ledger(ctx.Who(), Id(ctx), OriginOf(ctx)); });
  api.Get("/api/v1/ledger/aging", "ledger.read",
          "What every client owes the practice by age (0–30, 31–60, 61–90, over 90 days), credits and what payers "
          "owe, with totals (audited)",
          [&s](Context& ctx) { return s.Aging(ctx.Who(), OriginOf(ctx)); });
  api.Post("/api/v1/payments", "ledger.write",
           "Record money a client paid (cash, check, card terminal …): applied to the charges named, then the oldest "
           "open ones; the rest stays as credit",
           [&s](Context& ctx, const PaymentRequest& r) { return s.RecordPayment(ctx.Who(), r, OriginOf(ctx)); },
           {.status = 201});
  api.Post("/api/v1/payments/{id}/refund", "ledger.write",
           "Give back part or all of a payment, with the reason (422 past what is left of it)",
           [&s](Context& ctx, const RefundRequest& r) { return s.Refund(ctx.Who(), Id(ctx), r, OriginOf(ctx)); });
  api.Post("/api/v1/clients/{id}/adjustments", "ledger.write",
           "Lower what the client or a payer owes on one charge (adjustment or write-off), with the reason",
           [&s](Context& ctx, const AdjustmentRequest& r) { return s.Adjust(ctx.Who(), Id(ctx), r, OriginOf(ctx)); });
}

}  // namespace duet::ledger
