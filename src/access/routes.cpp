// HTTP mapping for the right of access: one service call, the PDF or a problem.
#include "access/routes.hpp"

#include "access/codecs.hpp"
#include "platform/api.hpp"

namespace duet::access {

void RegisterRoutes(Router& router, Service& s) {
  Api(router, "records")
      .Get(
          "/api/v1/clients/{id}/record.pdf", "records.export",
          "The client's whole record as a readable PDF for the right of access (psychotherapy notes excluded; audited)",
          [&s](Context& ctx) {
            auto r = s.RecordPdf(ctx.Who(), std::string(ctx.Param("id")), OriginOf(ctx));
            return r ? FileResponse(std::move(*r), "application/pdf", "record.pdf")
                     : ToProblem(r.error(), ctx.request_id);
          },
          {.produces = "application/pdf"});
  Api api(router, "records");
  api.Get("/api/v1/record-requests", "records.export",
          "Open requests for the whole record (the right of access) of clients whose chart the caller keeps, soonest "
          "due first",
          [&s](Context& ctx) { return s.OpenRequests(ctx.Who()); });
  api.Post("/api/v1/record-requests/{id}/deliver", "records.export",
           "Make the whole record's PDF, keep it in the chart shared with the client, and mark the request delivered",
           [&s](Context& ctx) { return s.Deliver(ctx.Who(), Id(ctx), OriginOf(ctx)); });
}

}  // namespace duet::access
