// HTTP/JSON mapping for the practice's intake forms: each route is a declaration over intake/codecs.hpp. The
// client's side is in portal/routes.cpp (it answers for whose pages the session is on).
#include "intake/routes.hpp"

#include "intake/codecs.hpp"
#include "platform/api.hpp"

namespace duet::intake {
void RegisterRoutes(Router& router, Service& s) {
  Api api(router, "intake");
  api.Get("/api/v1/intake-forms", "clients.read",
          "The practice's intake forms, newest version of each (built-in ones until the practice saves its own)",
          [&s](Context& ctx) { return s.Forms(ctx.Who().practice_id); });
  api.Put("/api/v1/intake-forms/{key}", "intake.manage",
          "Save an intake form as the next version of its key: sections of fields (text, choice, multi_choice, "
          "number, date, scale), required ones, and conditions on earlier choice fields",
          [&s](Context& ctx, Form f) {
            f.key = std::string(ctx.Param("key"));
            return s.SaveForm(ctx.Who(), std::move(f), OriginOf(ctx));
          });
  api.Post("/api/v1/clients/{id}/intake-forms", "clients.write",
           "Send an intake form to the client: it waits in their pages (their open draft of it, if they have one)",
           [&s](Context& ctx, const SendBody& b) { return s.Send(ctx.Who(), Id(ctx), b.form_key, OriginOf(ctx)); },
           {.status = 201});
  api.Get("/api/v1/clients/{id}/intake-responses", "clients.read",
          "The client's intake forms and their state (a submitted one is read as its PDF in the chart's documents)",
          [&s](Context& ctx) { return s.OfClient(ctx.Who(), Id(ctx)); });
}

}  // namespace duet::intake
