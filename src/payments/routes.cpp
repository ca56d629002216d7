// HTTP/JSON mapping for getting paid: each route is a declaration over payments/codecs.hpp.
#include "payments/routes.hpp"

#include "payments/codecs.hpp"
#include "platform/api.hpp"

namespace duet::payments {
namespace {
http::Response Pdf(Result<std::string> r, const Context& ctx, std::string_view name) {
  return r ? FileResponse(std::move(*r), "application/pdf", name) : ToProblem(r.error(), ctx.request_id);
}
}  // namespace

void RegisterRoutes(Router& router, Service& s) {
  Api api(router, "payments");
  api.Get("/api/v1/billing/payment-processor", "payers.read",
          "The practice's card processor: whether it is connected, the key's last characters, the webhook address, "
          "the deposit for new clients (keys are never shown)",
          [&s](Context& ctx) { return s.GetSettings(ctx.Who()); });
  api.Put("/api/v1/billing/payment-processor", "practice.update",
          "Connect the card processor (stripe: its secret key and the webhook's signing secret, kept sealed; an "
          "empty key keeps the saved one) or disconnect it (\"\"); set the deposit for new clients",
          [&s](Context& ctx, const Settings& b) { return s.PutSettings(ctx.Who(), b, OriginOf(ctx)); });
  api.Post(
      "/api/v1/clients/{id}/checkout", "ledger.write",
      "Open the processor's payment page for what the client owes (or the amount named, or their deposit); "
      "`send` e-mails them the link",
      [&s](Context& ctx, const CheckoutRequest& r) { return s.OpenCheckout(ctx.Who(), Id(ctx), r, OriginOf(ctx)); },
      {.status = 201});
  api.Post("/api/v1/clients/{id}/card-on-file", "ledger.write",
           "Open the processor's page where the client saves a card for the fees they agree to (their consent, in "
           "the practice's words, is shown there and kept)",
           [&s](Context& ctx) { return s.OpenCardSetup(ctx.Who(), Id(ctx), OriginOf(ctx)); }, {.status = 201});
  api.Get("/api/v1/clients/{id}/card-on-file", "ledger.read",
          "Whether the client keeps a card on file, with the words and moment of their consent",
          [&s](Context& ctx) { return s.Card(ctx.Who(), Id(ctx)); });
  api.Delete("/api/v1/clients/{id}/card-on-file", "ledger.write", "Forget the client's card (consent withdrawn)",
             [&s](Context& ctx) { return s.RemoveCard(ctx.Who(), Id(ctx), OriginOf(ctx)); });
  api.Post(
      "/api/v1/clients/{id}/card-on-file/charge", "ledger.write",
      "Charge the card on file for what the client owes (or the amount named, never more): 201 the payment; "
      "422 without a card",
      [&s](Context& ctx, const ChargeCardRequest& r) { return s.ChargeCard(ctx.Who(), Id(ctx), r, OriginOf(ctx)); },
      {.status = 201});
  api.Post("/api/v1/payments/webhooks/stripe", std::string(kPublicAction),
           "The card processor's events (Stripe-Signature checked against the practice's signing secret, within 5 "
           "minutes; each event handled once): a completed payment page posts the payment",
           [&s](Context& ctx, const http::Request& req) {
             return s.Webhook(req.HeaderValue("Stripe-Signature"), req.body, OriginOf(ctx));
           });
  api.Post(
      "/api/v1/clients/{id}/invoices", "ledger.write",
      "Issue an invoice for a period (default the last 30 days): each charge with what was paid and is owed, "
      "and the balance due; `send` e-mails the client that it is ready (no clinical detail)",
      [&s](Context& ctx, const InvoiceRequest& r) { return s.CreateInvoice(ctx.Who(), Id(ctx), r, OriginOf(ctx)); },
      {.status = 201});
  api.Get("/api/v1/clients/{id}/invoices", "ledger.read", "The client's invoices, newest first (audited)",
          [&s](Context& ctx) { return s.Invoices(ctx.Who(), Id(ctx), OriginOf(ctx)); });
  api.Get("/api/v1/invoices/{id}/pdf", "ledger.read", "An invoice as a PDF (audited)",
          [&s](Context& ctx) { return Pdf(s.InvoicePdf(ctx.Who(), Id(ctx), OriginOf(ctx)), ctx, "invoice.pdf"); },
          {.produces = "application/pdf"});
  api.Get("/api/v1/clients/{id}/statement.pdf", "ledger.read",
          "The client's statement: balance, aging and the last 90 days of activity (audited)",
          [&s](Context& ctx) { return Pdf(s.StatementPdf(ctx.Who(), Id(ctx), OriginOf(ctx)), ctx, "statement.pdf"); },
          {.produces = "application/pdf"});
  api.Get("/api/v1/portal/bills", "portal.self",
          "The signed-in client's balance, any deposit due, whether they can pay online, and their invoices",
          [&s](Context& ctx) { return s.MyBills(ctx.Who(), OriginOf(ctx)); });
  api.Post("/api/v1/portal/checkout", "portal.self",
           "The signed-in client opens the processor's payment page for what they owe (or the amount named)",
           [&s](Context& ctx, const CheckoutRequest& r) { return s.OpenCheckout(ctx.Who(), {}, r, OriginOf(ctx)); },
           {.status = 201});
  api.Post("/api/v1/portal/card-on-file", "portal.self",
           "The signed-in client opens the processor's page to keep a card on file, consenting to the practice's words",
           [&s](Context& ctx) { return s.OpenCardSetup(ctx.Who(), {}, OriginOf(ctx)); }, {.status = 201});
  api.Delete("/api/v1/portal/card-on-file", "portal.self", "The signed-in client withdraws their card on file",
             [&s](Context& ctx) { return s.RemoveCard(ctx.Who(), {}, OriginOf(ctx)); });
  api.Get("/api/v1/portal/invoices/{id}/pdf", "portal.self", "One of the signed-in client's invoices as a PDF",
          [&s](Context& ctx) { return Pdf(s.InvoicePdf(ctx.Who(), Id(ctx), OriginOf(ctx)), ctx, "invoice.pdf"); },
          {.produces = "application/pdf"});
  api.Get("/api/v1/portal/statement.pdf", "portal.self", "The signed-in client's statement of account",
          [&s](Context& ctx) { return Pdf(s.StatementPdf(ctx.Who(), {}, OriginOf(ctx)), ctx, "statement.pdf"); },
          {.produces = "application/pdf"});
}

}  // namespace duet::payments
