// HTTP/JSON mapping for releases of information and the accounting of disclosures.
#include "care/routes.hpp"

#include "care/codecs.hpp"
#include "platform/api.hpp"

namespace duet::care {
void RegisterRoutes(Router& router, Service& s) {
  Api api(router, "care");
  api.Get("/api/v1/clients/{id}/releases", "releases.read",
          "A client's releases of information (recipient, purpose, scope, dates, state), newest first",
          [&s](Context& ctx) -> Result<std::vector<ReleaseRow>> {
            auto r = s.List(ctx.Who(), Id(ctx), OriginOf(ctx));
            if (!r) return tl::unexpected(r.error());
            std::vector<ReleaseRow> out;
            for (auto& x : *r) out.push_back({std::move(x), DateOf(ctx.now)});
            return out;
          });
  api.Post("/api/v1/clients/{id}/releases", "releases.write", "Record a release the client signed in session",
           [&s](Context& ctx, const ReleaseBody& b) -> Result<ReleaseRow> {
             Release r;
             r.recipient_name = b.recipient_name;
             r.recipient_organization = b.recipient_organization;
             r.recipient_contact = b.recipient_contact;
             r.purpose = b.purpose;
             r.scope = b.scope;
             r.effective_on = b.effective_on.value_or(DateOf(ctx.now));
             r.expires_on = b.expires_on;
             r.signed_name = b.signed_name;
             auto made = s.Create(ctx.Who(), Id(ctx), std::move(r), OriginOf(ctx));
             if (!made) return tl::unexpected(made.error());
             return ReleaseRow{std::move(*made), DateOf(ctx.now)};
           },
           {.status = 201});
  api.Post("/api/v1/clients/{id}/releases/{release_id}/revoke", "releases.write",
           "The client revokes a release: nothing more is shared under it", [&s](Context& ctx) {
             return s.Revoke(ctx.Who(), Id(ctx), std::string(ctx.Param("release_id")), OriginOf(ctx));
           });
  api.Post("/api/v1/clients/{id}/releases/{release_id}/package", "releases.write",
           "Prepare the release package: a PDF of what the release covers (never psychotherapy notes), recorded as a "
           "disclosure",
           [&s](Context& ctx) {
             auto r = s.Package(ctx.Who(), Id(ctx), std::string(ctx.Param("release_id")), OriginOf(ctx));
             return r ? FileResponse(std::move(*r), "application/pdf", "release.pdf")
                      : ToProblem(r.error(), ctx.request_id);
           },
           {.produces = "application/pdf"});
  api.Get("/api/v1/clients/{id}/disclosures", "releases.read",
          "The client's accounting of disclosures: what was shared, with whom, why, when and by whom",
          [&s](Context& ctx) { return s.Disclosures(ctx.Who(), Id(ctx), OriginOf(ctx)); });
}

}  // namespace duet::care
