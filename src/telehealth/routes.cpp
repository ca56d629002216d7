// HTTP/JSON mapping for video visits: each route is a declaration over telehealth/codecs.hpp.
#include "telehealth/routes.hpp"

#include "platform/api.hpp"
#include "telehealth/codecs.hpp"

namespace duet::telehealth {
namespace {

std::string VisitCookie(const std::string& value, EpochSeconds max_age, bool secure) {
  std::string c = std::string(kVisitCookie) + "=" + value +
                  "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
  if (secure) c += "; Secure";
  return c;
}

}  // namespace

void RegisterRoutes(Router& router, Service& s) {
  Api api(router, "telehealth");
  api.Post(
      "/api/v1/appointments/{id}/telehealth/join", "telehealth.join",
      "Enter a video visit's room (location_state: where the client is now) → room, signaling URL, ICE servers with "
      "short-lived TURN credentials, and the licensure answer for that state",
      [&s](Context& ctx, const JoinBody& b) {
        return s.Join(ctx.Who(), Id(ctx), b.location_state, OriginOf(ctx), b.at_home);
      });
  api.Post("/api/v1/appointments/{id}/telehealth/links", "telehealth.invite",
           "A single-purpose join link for a client of a video visit (client_id optional), or for someone the "
           "clinician invites "
           "(guest_name: an interpreter, a parent, a colleague): valid until the room closes",
           [&s](Context& ctx, const LinkBody& b) {
             return s.CreateLink(ctx.Who(), Id(ctx), b.client_id, b.guest_name, OriginOf(ctx));
           },
           {.status = 201});
  api.Get("/api/v1/telehealth/links/{token}", std::string(kPublicAction),
          "What a join page shows before the client confirms who they are: practice, clinician, time, whether the room "
          "is open",
          [&s](Context& ctx) { return s.PreviewLink(std::string(ctx.Param("token"))); });
  api.Post("/api/v1/telehealth/links/{token}/enter", std::string(kPublicAction),
           "A client confirms their birth date and says where they are now: a visit session cookie for this room only, "
           "and the "
           "room, ICE servers and licensure answer (an invited guest sends nothing)",
           [&s](Context& ctx, const http::Request& req, const EnterBody& b) {
             auto r = s.EnterByLink(std::string(ctx.Param("token")), b.birth_date, b.location_state, OriginOf(ctx),
                                    b.at_home);
             if (!r) return ToProblem(r.error(), ctx.request_id);
             auto res = JsonText(200, codec::EncodeText(r->ticket));
             res.Set("Set-Cookie",
                     VisitCookie(r->session_token, std::max<EpochSeconds>(60, r->guest.expires_at - ctx.now), req.tls));
             return res;
           },
           {.response = ResponseSchema<JoinTicket>, .response_description = "In; the visit cookie is set"});
  api.Post("/api/v1/partners/visits/{id}/join", "partners.records",
           "A partner organization's clinician enters the room of a visit they join by video in a practice their "
           "organization works with: refused once the client's release naming the organization ends; their telehealth "
           "licence for the clinic's state is checked now; a disclosure in the client's accounting",
           [&s](Context& ctx) { return s.JoinAsPartner(ctx.Who(), Id(ctx), OriginOf(ctx)); });
  api.Get("/api/v1/telehealth/rooms", "telehealth.join",
          "Today's video visits the caller may enter, with who is waiting (name, since when, stated state, licensure) "
          "and who is in the room",
          [&s](Context& ctx, codec::Query<RoomsQuery> q) { return s.Rooms(ctx.Who(), q->until, OriginOf(ctx)); });
  api.Get("/api/v1/appointments/{id}/visit", "scheduling.read",
          "The visit record: stated location and licensure, start, end, minutes, delivered mode",
          [&s](Context& ctx) { return s.GetVisit(ctx.Who(), Id(ctx), OriginOf(ctx)); });
}

}  // namespace duet::telehealth
