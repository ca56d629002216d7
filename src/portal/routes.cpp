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
             auto r = s.InviteClient(ctx.Who(), Id(ctx), b.email, b.guardian, OriginOf(ctx));
             if (!r) return tl::unexpected(r.error());
             return Invited{r->invitation.id, r->Path(), r->invitation.expires_at};
           },
           {.status = 201});
  api.Get("/api/v1/portal/me", "portal.self",
          "The signed-in client's own page: the name they go by, the practice, upcoming visits (soonest first, with "
          "the video room's "
          "state) and the last 90 days' visits",
          [&s](Context& ctx) { return s.Home(ctx.Who(), OriginOf(ctx)); });
  api.Get("/api/v1/clients/{id}/portal-accounts", "portal.invite",
          "The accounts that see the client's pages: the client's own and guardians', with what each guardian sees",
          [&s](Context& ctx) { return s.Accounts(ctx.Who(), Id(ctx)); });
  api.Put("/api/v1/clients/{id}/guardians/{user_id}", "portal.invite",
          "Set what a guardian sees of the client's pages (visits, bills, forms, messages, records); therapy notes "
          "are never on them",
          [&s](Context& ctx, const practice::GuardianSees& sees) {
            return s.ChangeGuardian(ctx.Who(), Id(ctx), std::string(ctx.Param("user_id")), sees, OriginOf(ctx));
          });
  api.Delete(
      "/api/v1/clients/{id}/guardians/{user_id}", "portal.invite",
      "End a guardian's access to the client's pages (at once: their next request is refused)", [&s](Context& ctx) {
        return s.ChangeGuardian(ctx.Who(), Id(ctx), std::string(ctx.Param("user_id")), std::nullopt, OriginOf(ctx));
      });
  api.Put("/api/v1/portal/acting-for", "portal.self",
          "Choose whose pages to see (a guardian's child, or the account's own): kept for the session; answers that "
          "client's home page",
          [&s](Context& ctx, const ActingBody& b) { return s.ActFor(ctx.Who(), b.client_id, OriginOf(ctx)); });
  api.Put("/api/v1/portal/language", "portal.self",
          "Choose the language of the account's pages and e-mails (en or es); a client's own account sets the "
          "client's, so reminders follow. Answers the home page",
          [&s](Context& ctx, const LanguageBody& b) { return s.SetLanguage(ctx.Who(), b.language, OriginOf(ctx)); });
  api.Post("/api/v1/portal/links", "portal.self",
           "Accept a guardian's invitation made for the signed-in account's address (no new password): the client is "
           "added to the account's people",
           [&s](Context& ctx, const TokenBody& b) { return s.AcceptLink(ctx.Who(), b.token, OriginOf(ctx)); },
           {.status = 201});
  api.Post(
      "/api/v1/portal/appointments/{id}/join", "portal.self",
      "A join link for the client's own video visit while its room is open; the join page then asks where they are now",
      [&s](Context& ctx) { return s.JoinLink(ctx.Who(), Id(ctx), OriginOf(ctx)); }, {.status = 201});
  api.Get("/api/v1/portal-settings", "scheduling.read",
          "How the practice runs clients' own bookings: instantly confirmed, or requested until approved",
          [&s](Context& ctx) { return s.GetSettings(ctx.Who().practice_id); });
  api.Put("/api/v1/portal-settings", "services.write",
          "Turn booking approval on or off for clients' own bookings (portal and public page)",
          [&s](Context& ctx, const PortalSettings& p) { return s.PutSettings(ctx.Who(), p, OriginOf(ctx)); });
  // The practice's public page.
  api.Get("/api/v1/public-page", "services.write",
          "The practice's public page: its address and whether it takes first visits",
          [&s](Context& ctx) { return s.GetPublicPage(ctx.Who()); });
  api.Put("/api/v1/public-page", "services.write",
          "Set the public page's address (/p/{slug}) and whether new clients may ask for a first visit there",
          [&s](Context& ctx, const PublicPageSettings& p) { return s.PutPublicPage(ctx.Who(), p, OriginOf(ctx)); });
  api.Get("/api/v1/public/{slug}", std::string(kPublicAction),
          "A practice's public page (no sign-in): clinicians with the states where each may see clients by video "
          "today, services with fees per mode",
          [&s](Context& ctx) { return s.Public(std::string(ctx.Param("slug"))); });
  api.Get("/api/v1/public/{slug}/slots", std::string(kPublicAction),
          "Open first-visit times for a new client in the state they will be in (no sign-in)",
          [&s](Context& ctx, codec::Query<SlotsQuery> q) {
            return s.PublicSlots(std::string(ctx.Param("slug")), q->service_id, q->mode, q->state, q->from, q->to);
          });
  api.Post("/api/v1/public/{slug}/intake-requests", std::string(kPublicAction),
           "A new client asks for a first visit (no sign-in): a client record and the booking under the practice's "
           "rules; rate-limited, with a time trap and a hidden field instead of a captcha",
           [&s](Context& ctx, const IntakeRequest& r) {
             return s.RequestIntake(std::string(ctx.Param("slug")), r, OriginOf(ctx));
           },
           {.status = 201});
  api.Get("/api/v1/portal/records", "portal.self",
          "The client's own record: past visits (up to five years), documents the practice shared, questionnaire "
          "results over time, and their requests for the whole record",
          [&s](Context& ctx) { return s.Records(ctx.Who(), OriginOf(ctx)); });
  api.Post("/api/v1/portal/record-requests", "portal.self",
           "Ask for the whole record (the right of access): the practice answers within 30 days; one open at a time",
           [&s](Context& ctx) { return s.RequestRecord(ctx.Who(), OriginOf(ctx)); }, {.status = 201});
  api.Get("/api/v1/portal/documents/{id}", "portal.self", "A document the practice shared with the client (audited)",
          [&s](Context& ctx) {
            auto r = s.SharedDocument(ctx.Who(), Id(ctx), OriginOf(ctx));
            if (!r) return ToProblem(r.error(), ctx.request_id);
            const std::string& type = r->first.content_type;
            const char* ext = type == "application/pdf" ? "pdf" : type == "image/png" ? "png" : "jpg";
            return FileResponse(std::move(r->second), type, std::string("document.") + ext);
          },
          {.produces = "application/octet-stream"});
  api.Get("/api/v1/portal/forms", "portal.self",
          "What the client has to sign or fill: the practice's consents (with when they last signed each) and the "
          "questionnaires sent to them",
          [&s](Context& ctx) { return s.FormsFor(ctx.Who(), OriginOf(ctx)); });
  api.Post("/api/v1/portal/consents/{kind}/sign", "portal.self",
           "Sign a consent in the portal: the version read and the typed name, kept in the chart as a PDF with the "
           "time and address (409 when the wording changed meanwhile)",
           [&s](Context& ctx, const SignBody& b) {
             return s.SignConsent(ctx.Who(), std::string(ctx.Param("kind")), b.signed_name, b.version, b.language,
                                  OriginOf(ctx));
           },
           {.status = 201});
  auto filling = [](Result<std::pair<intake::Response, intake::Form>> r) -> Result<intake::Filling> {
    if (!r) return tl::unexpected(r.error());
    return intake::Filling{std::move(r->first), std::move(r->second)};
  };
  api.Post("/api/v1/portal/intake-forms/{key}/start", "portal.self",
           "Start one of the intake forms the client's pages list (their open draft of it, if any): the form and the "
           "answers so far",
           [&s, filling](Context& ctx) {
             return filling(s.StartIntake(ctx.Who(), std::string(ctx.Param("key")), OriginOf(ctx)));
           },
           {.status = 201});
  api.Get("/api/v1/portal/intake-responses/{id}", "portal.self",
          "One of the client's intake forms: the form and the answers so far",
          [&s, filling](Context& ctx) { return filling(s.OpenIntake(ctx.Who(), Id(ctx), OriginOf(ctx))); });
  api.Put("/api/v1/portal/intake-responses/{id}", "portal.self",
          "Save answers as they go (values checked; nothing required yet; answers a condition hides are dropped)",
          [&s](Context& ctx, const intake::AnswersBody& b) {
            return s.AnswerIntake(ctx.Who(), Id(ctx), b.content.dump(), false, OriginOf(ctx));
          });
  api.Post("/api/v1/portal/intake-responses/{id}/submit", "portal.self",
           "Send the form to the practice: every shown required answer filled; then locked and kept in the chart as a "
           "PDF the client also sees",
           [&s](Context& ctx, const intake::AnswersBody& b) {
             return s.AnswerIntake(ctx.Who(), Id(ctx), b.content.dump(), true, OriginOf(ctx));
           });
  api.Post("/api/v1/portal/questionnaires/{id}/link", "portal.self",
           "A link to fill one of the client's questionnaires now (the e-mailed link stops working)",
           [&s](Context& ctx) -> Result<LinkPath> {
             auto path = s.QuestionnaireLink(ctx.Who(), Id(ctx), OriginOf(ctx));
             if (!path) return tl::unexpected(path.error());
             return LinkPath{*path};
           },
           {.status = 201});
  api.Get("/api/v1/portal/booking", "portal.self",
          "What the client may book themselves: services with the fee per mode, their usual state, their clinicians",
          [&s](Context& ctx) { return s.Options(ctx.Who()); });
  api.Get("/api/v1/portal/slots", "portal.self",
          "Open times for a service in a mode (at most 31 days): video only where the clinician may practise in the "
          "state the client will be in, in person only in in-person blocks; every booking rule applies",
          [&s](Context& ctx, codec::Query<SlotsQuery> q) {
            return s.Slots(ctx.Who(), q->service_id, q->mode, q->state, q->from, q->to);
          });
  api.Post("/api/v1/portal/appointments", "portal.self",
           "Book one of the open times for the client, confirmed at once (409 when it was taken meanwhile)",
           [&s](Context& ctx, const PortalBooking& b) { return s.Book(ctx.Who(), b, OriginOf(ctx)); }, {.status = 201});
  api.Post("/api/v1/portal/appointments/{id}/reschedule", "portal.self",
           "Move the client's own visit to another open time of the same clinician, before the late window opens",
           [&s](Context& ctx, const MoveBody& b) {
             return s.Reschedule(ctx.Who(), Id(ctx), PortalBooking{{}, b.mode, {}, b.start, b.state}, OriginOf(ctx));
           });
  api.Post(
      "/api/v1/portal/appointments/{id}/cancel", "portal.self",
      "Cancel the client's own visit; inside the late window with a fee, accept_fee must be true (the fee was "
      "shown)",
      [&s](Context& ctx, const CancelBody& b) { return s.Cancel(ctx.Who(), Id(ctx), b.accept_fee, OriginOf(ctx)); });
}

}  // namespace duet::portal
