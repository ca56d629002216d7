// HTTP/JSON mapping for billing: each route is a declaration over billing/codecs.hpp.
#include "billing/routes.hpp"

#include "billing/codecs.hpp"
#include "platform/api.hpp"

namespace duet::billing {
void RegisterRoutes(Router& router, Service& s) {
  Api api(router, "billing");
  api.Get("/api/v1/payers", "payers.read", "The practice's payers and their claim settings",
          [&s](Context& ctx) { return s.ListPayers(ctx.Who()); });
  api.Post("/api/v1/payers", "payers.write", "Add a payer with its claim settings",
           [&s](Context& ctx, const Payer& p) { return s.CreatePayer(ctx.Who(), p, OriginOf(ctx)); }, {.status = 201});
  api.Get("/api/v1/payers/{id}", "payers.read", "One payer",
          [&s](Context& ctx) { return s.GetPayer(ctx.Who(), Id(ctx)); });
  api.Patch("/api/v1/payers/{id}", "payers.write",
            "Change a payer's settings (send `version`; 409 if someone changed it first)",
            [&s](Context& ctx, const codec::Patch<Payer>& change) -> Result<Payer> {
              auto current = s.GetPayer(ctx.Who(), Id(ctx));
              if (!current) return tl::unexpected(current.error());
              Payer p(std::move(*current));
              if (auto st = change.ApplyTo(p); !st) return tl::unexpected(st.error());
              return s.UpdatePayer(ctx.Who(), std::move(p), OriginOf(ctx));
            });
  api.Get("/api/v1/billing/provider", "payers.read", "The practice as the billing provider on its claims",
          [&s](Context& ctx) { return s.GetProvider(ctx.Who()); });
  api.Put("/api/v1/billing/provider", "payers.write",
          "Set the practice's legal name, NPI, tax id, taxonomy and pay-to address for claims",
          [&s](Context& ctx, const BillingProvider& p) { return s.PutProvider(ctx.Who(), p, OriginOf(ctx)); });
  api.Get("/api/v1/clinicians/{id}/payers", "payers.read",
          "The clinician's standing with each payer: in network (with dates), pending or out of network",
          [&s](Context& ctx) { return s.Enrollments(ctx.Who(), Id(ctx)); });
  api.Put("/api/v1/clinicians/{id}/payers/{payer_id}", "payers.write",
          "Record the clinician's credentialing with one payer", [&s](Context& ctx, const Enrollment& e) {
            return s.PutEnrollment(ctx.Who(), Id(ctx), std::string(ctx.Param("payer_id")), e, OriginOf(ctx));
          });
  api.Get(
      "/api/v1/charges", "charges.read",
      "Visits' charges, newest first (status: review, ready, self_pay, void): coded lines with their reasons, "
      "problems, fee and the client's share",
      [&s](Context& ctx, codec::Query<ChargeQuery> q) { return s.ListCharges(ctx.Who(), q->status, OriginOf(ctx)); });
  api.Patch("/api/v1/charges/{id}", "charges.write",
            "Correct a charge before it is claimed: its lines or its status (ready, review, void), with the reason "
            "(send `version`; 409 if someone changed it first)",
            [&s](Context& ctx, const ChargeUpdate& u) { return s.UpdateCharge(ctx.Who(), Id(ctx), u, OriginOf(ctx)); });
  api.Get("/api/v1/appointments/{id}/charge", "charges.read",
          "A visit's charge (made when its note is signed); a joint visit's second clinician's with clinician_id",
          [&s](Context& ctx, codec::Query<VisitChargeQuery> q) {
            return s.ChargeForVisit(ctx.Who(), Id(ctx), OriginOf(ctx), q->clinician_id);
          });
  api.Post("/api/v1/claims/batches", "claims.write",
           "Claim the chosen charges (ready to claim) and draft corrections in one 837P file (005010X222A1): "
           "returns the batch with its claims' ids",
           [&s](Context& ctx, const BatchRequest& r) { return s.CreateBatch(ctx.Who(), r, OriginOf(ctx)); },
           {.status = 201});
  api.Get("/api/v1/claims/batches", "claims.read", "The practice's claim files, newest first",
          [&s](Context& ctx) { return s.ListBatches(ctx.Who()); });
  api.Get("/api/v1/claims/batches/{id}/x12", "claims.read",
          "The batch's 837P file for the clearinghouse, as it was made (audited)",
          [&s](Context& ctx) {
            auto r = s.BatchFile(ctx.Who(), Id(ctx), OriginOf(ctx));
            return r ? FileResponse(std::move(*r), "application/edi-x12", "claims-" + Id(ctx) + ".837")
                     : ToProblem(r.error(), ctx.request_id);
          },
          {.produces = "application/edi-x12"});
  api.Post("/api/v1/claims/batches/{id}/sent", "claims.write",
           "The file was sent to the clearinghouse: its claims become sent",
           [&s](Context& ctx) { return s.MarkBatchSent(ctx.Who(), Id(ctx), OriginOf(ctx)); });
  api.Get("/api/v1/claims", "claims.read",
          "Claims newest first (status: draft, ready, sent, accepted, rejected, paid, partly_paid, denied, "
          "resubmitted), without the sealed detail",
          [&s](Context& ctx, codec::Query<ClaimQuery> q) { return s.ListClaims(ctx.Who(), q->status, OriginOf(ctx)); });
  api.Get("/api/v1/claims/{id}", "claims.read", "One claim with its lines, payments, history and detail (audited)",
          [&s](Context& ctx) { return s.GetClaim(ctx.Who(), Id(ctx), OriginOf(ctx)); });
  api.Get("/api/v1/claims/{id}/cms1500.pdf", "claims.read",
          "The claim on the CMS-1500 (02/12) form, as a PDF for payers that still take paper (audited)",
          [&s](Context& ctx) {
            auto r = s.Cms1500(ctx.Who(), Id(ctx), OriginOf(ctx));
            return r ? FileResponse(std::move(*r), "application/pdf", "cms1500.pdf")
                     : ToProblem(r.error(), ctx.request_id);
          },
          {.produces = "application/pdf"});
  api.Get("/api/v1/clients/{id}/superbill.pdf", "ledger.read",
          "A superbill of the client's visits in a period (default: this year), for their own out-of-network claim "
          "(audited)",
          [&s](Context& ctx, codec::Query<SuperbillQuery> q) {
            auto r = s.Superbill(ctx.Who(), Id(ctx), q->from, q->to, OriginOf(ctx));
            return r ? FileResponse(std::move(*r), "application/pdf", "superbill.pdf")
                     : ToProblem(r.error(), ctx.request_id);
          },
          {.produces = "application/pdf"});
  api.Post("/api/v1/claims/{id}/status", "claims.write",
           "Enter the clearinghouse's or payer's answer by hand: accepted, or rejected with the reason",
           [&s](Context& ctx, const ClaimStatusChange& c) {
             return s.SetClaimStatus(ctx.Who(), Id(ctx), c, OriginOf(ctx));
           });
  api.Post("/api/v1/claims/{id}/replace", "claims.write",
           "A corrected claim (frequency 7, or a new original when the first was rejected), as a draft for the next "
           "batch",
           [&s](Context& ctx, const ClaimCorrection& c) {
             return s.CorrectClaim(ctx.Who(), Id(ctx), c, false, OriginOf(ctx));
           },
           {.status = 201});
  api.Post("/api/v1/claims/{id}/void", "claims.write",
           "A void of the claim (frequency 8), as a draft for the next batch",
           [&s](Context& ctx, const ClaimCorrection& c) {
             return s.CorrectClaim(ctx.Who(), Id(ctx), c, true, OriginOf(ctx));
           },
           {.status = 201});
  api.Post("/api/v1/remittances", "claims.write",
           "Import an 835 remittance (the file as the body): each claim payment posted to its claim and charge, the "
           "client's part moved to their balance; `dry_run=true` previews; the same file twice posts nothing",
           [&s](Context& ctx, const http::Request& req, codec::Query<RemittanceQuery> q) {
             return s.PostRemittance(ctx.Who(), req.body, q->dry_run, OriginOf(ctx));
           },
           {.status = 200, .consumes = "application/edi-x12"});
  api.Get("/api/v1/remittances", "claims.read", "Imported remittances, newest first",
          [&s](Context& ctx) { return s.ListRemittances(ctx.Who()); });
  api.Get("/api/v1/billing/charge-timing", "payers.read",
          "When visits' charges are made: when the note is signed, or when the visit ends",
          [&s](Context& ctx) { return s.GetChargeTiming(ctx.Who()); });
  api.Put("/api/v1/billing/charge-timing", "payers.write",
          "Choose when visits' charges are made (note_signed or visit_end)",
          [&s](Context& ctx, const ChargeTiming& t) { return s.PutChargeTiming(ctx.Who(), t, OriginOf(ctx)); });
  api.Get("/api/v1/billing/visit-fees", "payers.read",
          "The practice's fees for late cancellations and no-shows (defaults and by service)",
          [&s](Context& ctx) { return s.GetVisitFees(ctx.Who()); });
  api.Put("/api/v1/billing/visit-fees", "payers.write",
          "Set the fees for late cancellations and no-shows: the client pays them as a self-pay charge when the visit "
          "is marked so",
          [&s](Context& ctx, const VisitFeePolicy& p) { return s.PutVisitFees(ctx.Who(), p, OriginOf(ctx)); });
  api.Get("/api/v1/billing/unbilled", "charges.read",
          "Held visits of the last 60 days with no charge yet, and why (note not signed, visit never marked held)",
          [&s](Context& ctx) { return s.UnbilledVisits(ctx.Who(), OriginOf(ctx)); });
  api.Get("/api/v1/billing/summary", "charges.read",
          "Charges and collections by week (in person, video, audio) and by payer, for the last `weeks` weeks",
          [&s](Context& ctx, codec::Query<SummaryQuery> q) { return s.Summary(ctx.Who(), q->weeks); });
  api.Post("/api/v1/coding/preview", "coding.preview",
           "The coding rule on the facts given, nothing saved: charge lines with a reason for each code, unit and "
           "modifier, and the problems that would stop a claim",
           [&s](Context& ctx, const PreviewRequest& r) { return s.Preview(ctx.Who(), r); });
}

}  // namespace duet::billing
