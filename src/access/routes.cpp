// HTTP mapping for the right of access: one service call, the PDF or a problem.
#include "access/routes.hpp"

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
}

}  // namespace duet::access
