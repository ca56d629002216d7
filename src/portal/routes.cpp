// HTTP/JSON mapping for the client's own pages.
#include "portal/routes.hpp"

#include "platform/dates.hpp"
#include "platform/input.hpp"
#include "platform/problem.hpp"

namespace duet::portal {
namespace {
using nlohmann::json;

Origin OriginOf(const Context& ctx) { return Origin{ctx.remote_ip, ctx.request_id}; }

json OrNull(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json VisitJson(const PortalVisit& v) {
  return {{"id", v.id},
          {"start", FormatTimestamp(v.start)},
          {"end", FormatTimestamp(v.end)},
          {"mode", v.mode},
          {"status", v.status},
          {"clinician_name", v.clinician_name},
          {"service_name", OrNull(v.service_name)},
          {"location", v.location_name.empty() ? json(nullptr) : json{{"name", v.location_name}, {"address", OrNull(v.location_address)}}},
          {"room", v.room}};
}

}  // namespace

void RegisterRoutes(Router& router, Service& service) {
  Service& s = service;
  router.Add({"POST", "/api/v1/clients/{id}/portal-invitation", "portal.invite",
              "Invite a client to their own pages {email} → 201 {id, path: \"/invite/<token>\", expires_at}: single use, 7 days, "
              "e-mailed when mail is set up; the account belongs to this client", "portal",
              [&s](Context& ctx, const http::Request& req) {
                Input in(req.body, {"email"});
                std::string email = in.RequiredString("email", 254);
                if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
                auto r = s.InviteClient(ctx.Who(), std::string(ctx.Param("id")), email, OriginOf(ctx));
                return r ? JsonResponse(201, {{"id", r->invitation.id}, {"path", r->Path()}, {"expires_at", FormatTimestamp(r->invitation.expires_at)}})
                         : ToProblem(r.error(), ctx.request_id);
              }, ""});
  router.Add({"GET", "/api/v1/portal/me", "portal.self",
              "The signed-in client's own page: the name they go by, the practice, upcoming visits (soonest first, with the video "
              "room's state: open | early | closed | none) and the last 90 days' visits", "portal",
              [&s](Context& ctx, const http::Request&) {
                auto r = s.Home(ctx.Who(), OriginOf(ctx));
                if (!r) return ToProblem(r.error(), ctx.request_id);
                json upcoming = json::array(), past = json::array();
                for (const auto& v : r->upcoming) upcoming.push_back(VisitJson(v));
                for (const auto& v : r->past) past.push_back(VisitJson(v));
                return JsonResponse(200, {{"client", {{"id", r->client_id}, {"name", r->name}}},
                                          {"practice_name", r->practice_name},
                                          {"upcoming", upcoming},
                                          {"past", past}});
              }, ""});
  router.Add({"POST", "/api/v1/portal/appointments/{id}/join", "portal.self",
              "A join link for the client's own video visit while its room is open → 201 {path, expires_at}; the join page then "
              "asks where they are now, as a reminder's link does", "portal",
              [&s](Context& ctx, const http::Request&) {
                auto r = s.JoinLink(ctx.Who(), std::string(ctx.Param("id")), OriginOf(ctx));
                return r ? JsonResponse(201, {{"path", r->path}, {"expires_at", FormatTimestamp(r->expires_at)}})
                         : ToProblem(r.error(), ctx.request_id);
              }, ""});
}

}  // namespace duet::portal
