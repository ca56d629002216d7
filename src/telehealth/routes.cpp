// HTTP/JSON mapping for video visits: parse strictly, one service call, map the result.
#include "telehealth/routes.hpp"

#include "platform/input.hpp"
#include "platform/problem.hpp"
#include "practice/rules.hpp"

namespace duet::telehealth {
namespace {
using nlohmann::json;

Origin OriginOf(const Context& ctx) { return Origin{ctx.remote_ip, ctx.request_id}; }

json OptTime(const std::optional<EpochSeconds>& t) { return t ? json(FormatTimestamp(*t)) : json(nullptr); }

json VisitJson(const Visit& v) {
  return {{"appointment_id", v.appointment_id}, {"room_id", v.room_id},
          {"client_stated_state", v.client_stated_state.empty() ? json(nullptr) : json(v.client_stated_state)},
          {"stated_at", OptTime(v.stated_at)},
          {"licensure_allowed", v.licensure_allowed ? json(*v.licensure_allowed) : json(nullptr)},
          {"started_at", OptTime(v.started_at)}, {"ended_at", OptTime(v.ended_at)},
          {"minutes", v.minutes ? json(*v.minutes) : json(nullptr)},
          {"delivered_mode", v.delivered_mode.empty() ? json(nullptr) : json(v.delivered_mode)}};
}

}  // namespace

void RegisterRoutes(Router& router, Service& service) {
  Service& s = service;
  router.Add({"POST", "/api/v1/appointments/{id}/telehealth/join", "telehealth.join",
              "Enter a video visit's room: {location_state} (where the client is now) → room, signaling URL, ICE servers with "
              "short-lived TURN credentials, and the licensure answer for that state", "telehealth",
              [&s](Context& ctx, const http::Request& req) {
                std::optional<std::string> state;
                if (!req.body.empty()) {
                  Input in(req.body, {"location_state"});
                  state = in.OptionalString("location_state", 2);
                  if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
                }
                auto r = s.Join(ctx.Who(), std::string(ctx.Param("id")), state, OriginOf(ctx));
                if (!r) return ToProblem(r.error(), ctx.request_id);
                json ice = json::array();
                for (const auto& server : r->ice_servers) {
                  json one = {{"urls", server.urls}};
                  if (!server.username.empty()) {
                    one["username"] = server.username;
                    one["credential"] = server.credential;
                  }
                  ice.push_back(one);
                }
                const auto& l = r->licensure;
                return JsonResponse(200, {{"room_id", r->visit.room_id}, {"signaling_url", r->signaling_url}, {"ice_servers", ice},
                                          {"licensure", {{"state", l.state}, {"allowed", l.allowed},
                                                         {"basis", l.allowed ? json(practice::BasisName(l.basis)) : json(nullptr)},
                                                         {"reason", l.message}}},
                                          {"visit", VisitJson(r->visit)}});
              }, ""});
  router.Add({"GET", "/api/v1/appointments/{id}/visit", "scheduling.read",
              "The visit record: stated location and licensure, start, end, minutes, delivered mode", "telehealth",
              [&s](Context& ctx, const http::Request&) {
                auto r = s.GetVisit(ctx.Who(), std::string(ctx.Param("id")), OriginOf(ctx));
                return r ? JsonResponse(200, VisitJson(*r)) : ToProblem(r.error(), ctx.request_id);
              }, ""});
}

}  // namespace duet::telehealth
