// HTTP/JSON mapping for plans of care: each route is a declaration over plans/codecs.hpp.
#include "plans/routes.hpp"

#include <charconv>

#include "plans/codecs.hpp"
#include "platform/api.hpp"

namespace duet::plans {
void RegisterRoutes(Router& router, Service& s) {
  Api api(router, "plans");
  api.Get("/api/v1/clients/{id}/plans", "plans.read",
          "A client's plan of care: the current version and every earlier one",
          [&s](Context& ctx) -> Result<PlanHistory> {
            auto r = s.Versions(ctx.Who(), Id(ctx), OriginOf(ctx));
            if (!r) return tl::unexpected(r.error());
            PlanHistory out{r->empty() ? std::nullopt : std::optional<PlanVersion>(r->front()), std::move(*r)};
            return out;
          });
  api.Post("/api/v1/clients/{id}/plans", "plans.write",
           "Save the plan (problems, goals with measurable objectives, interventions, frequency, mode mix, review and "
           "re-evaluation "
           "dates) as the next version",
           [&s](Context& ctx, const PlanBody& b) {
             return s.Save(ctx.Who(), Id(ctx), b.plan, OriginOf(ctx)).map_error([](Error e) {
               return codec::Within("plan", std::move(e));
             });
           },
           {.status = 201});
  api.Post("/api/v1/clients/{id}/plans/{version}/sign", "plans.write",
           "Sign a plan version: the client's clinician signs, their supervisor co-signs, the client signs the current "
           "version in session",
           [&s](Context& ctx, const SignBody& b) -> Result<PlanVersion> {
             int version = 0;
             auto v = ctx.Param("version");
             if (std::from_chars(v.data(), v.data() + v.size(), version).ec != std::errc() || version < 1)
               return Fail(ErrorCode::kInvalid, "A version number.", {}, "version");
             return s.Sign(ctx.Who(), Id(ctx), version, b.signer, OriginOf(ctx));
           });
  api.Get("/api/v1/plans/due", "plans.read",
          "Plan reviews and re-evaluations due in the next days (default 14) or overdue",
          [&s](Context& ctx, codec::Query<DueQuery> q) { return s.Due(ctx.Who(), q->days); });
}

}  // namespace duet::plans
