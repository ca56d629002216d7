// HTTP/JSON mapping for the client's own pages: each route is a declaration over portal/codecs.hpp.
#include "portal/routes.hpp"

#include "platform/api.hpp"
#include "portal/codecs.hpp"

namespace duet::portal {
void RegisterRoutes(Router& router, Service& s) {
  Api api(router, "portal");
  api.Post("/api/v1/clients/{id}/portal-invitation", "portal.invite",
           "Invite a client to their own pages: a single-use link for 7 days, e-mailed when mail is set up; the "
           "account belongs to this client",
           [&s](Context& ctx, const InviteBody& b) -> Result<Invited> {
             auto r = s.InviteClient(ctx.Who(), Id(ctx), b.email, OriginOf(ctx));
             if (!r) return tl::unexpected(r.error());
             return Invited{r->invitation.id, r->Path(), r->invitation.expires_at};
           },
           {.status = 201});
  api.Get("/api/v1/portal/me", "portal.self",
          "The signed-in client's own page: the name they go by, the practice, upcoming visits (soonest first, with "
          "the video room's "
          "state) and the last 90 days' visits",
          [&s](Context& ctx) { return s.Home(ctx.Who(), OriginOf(ctx)); });
  api.Post(
      "/api/v1/portal/appointments/{id}/join", "portal.self",
      "A join link for the client's own video visit while its room is open; the join page then asks where they are now",
      [&s](Context& ctx) { return s.JoinLink(ctx.Who(), Id(ctx), OriginOf(ctx)); }, {.status = 201});
}

}  // namespace duet::portal
