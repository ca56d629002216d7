// HTTP/JSON mapping for video visits: parse strictly, one service call, map the result.
#include "telehealth/routes.hpp"

#include "platform/input.hpp"
#include "platform/problem.hpp"
#include "practice/rules.hpp"
#include "telehealth/rules.hpp"

namespace duet::telehealth {
namespace {
using nlohmann::json;

Origin OriginOf(const Context& ctx) { return Origin{ctx.remote_ip, ctx.request_id}; }

json OptTime(const std::optional<EpochSeconds>& t) { return t ? json(FormatTimestamp(*t)) : json(nullptr); }

json VisitJson(const Visit& v) {
  json gaps = json::array();
  for (const auto& g : v.gaps) gaps.push_back({{"from", FormatTimestamp(g.from)}, {"to", FormatTimestamp(g.to)}});
  return {{"appointment_id", v.appointment_id}, {"room_id", v.room_id},
          {"client_stated_state", v.client_stated_state.empty() ? json(nullptr) : json(v.client_stated_state)},
          {"stated_at", OptTime(v.stated_at)},
          {"licensure_allowed", v.licensure_allowed ? json(*v.licensure_allowed) : json(nullptr)},
          {"started_at", OptTime(v.started_at)}, {"ended_at", OptTime(v.ended_at)},
          {"minutes", v.minutes ? json(*v.minutes) : json(nullptr)},
          {"delivered_mode", v.delivered_mode.empty() ? json(nullptr) : json(v.delivered_mode)},
          {"connected_seconds", v.connected_seconds}, {"gaps", gaps}};
}

json TicketJson(const JoinTicket& t) {
  json ice = json::array();
  for (const auto& server : t.ice_servers) {
    json one = {{"urls", server.urls}};
    if (!server.username.empty()) {
      one["username"] = server.username;
      one["credential"] = server.credential;
    }
    ice.push_back(one);
  }
  const auto& l = t.licensure;
  return {{"room_id", t.visit.room_id}, {"signaling_url", t.signaling_url}, {"ice_servers", ice},
          {"ice_transport_policy", t.relay_only ? "relay" : "all"},
          {"licensure", {{"state", l.state}, {"allowed", l.allowed}, {"basis", l.allowed ? json(practice::BasisName(l.basis)) : json(nullptr)},
                         {"reason", l.message}}},
          {"visit", VisitJson(t.visit)}};
}

std::string VisitCookie(const std::string& value, EpochSeconds max_age, bool secure) {
  std::string c = std::string(kVisitCookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
  if (secure) c += "; Secure";
  return c;
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
                return r ? JsonResponse(200, TicketJson(*r)) : ToProblem(r.error(), ctx.request_id);
              }, ""});
  router.Add({"POST", "/api/v1/appointments/{id}/telehealth/links", "telehealth.invite",
              "A single-purpose join link for a client of a video visit ({client_id} optional), or for someone the clinician invites "
              "({guest_name}: an interpreter, a parent, a colleague): valid until the room closes",
              "telehealth", [&s](Context& ctx, const http::Request& req) {
                std::optional<std::string> client_id, guest_name;
                if (!req.body.empty()) {
                  Input in(req.body, {"client_id", "guest_name"});
                  client_id = in.OptionalString("client_id", 64);
                  guest_name = in.OptionalString("guest_name", 80);
                  if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
                }
                auto r = s.CreateLink(ctx.Who(), std::string(ctx.Param("id")), client_id, guest_name, OriginOf(ctx));
                return r ? JsonResponse(201, {{"path", r->path}, {"expires_at", FormatTimestamp(r->expires_at)}})
                         : ToProblem(r.error(), ctx.request_id);
              }, ""});
  router.Add({"GET", "/api/v1/telehealth/links/{token}", std::string(kPublicAction),
              "What a join page shows before the client confirms who they are: practice, clinician, time, whether the room is open",
              "telehealth", [&s](Context& ctx, const http::Request&) {
                auto r = s.PreviewLink(std::string(ctx.Param("token")));
                if (!r) return ToProblem(r.error(), ctx.request_id);
                return JsonResponse(200, {{"practice_name", r->practice_name}, {"clinician_name", r->clinician_name},
                                          {"start", FormatTimestamp(r->start)}, {"end", FormatTimestamp(r->end)}, {"room", r->room},
                                          {"guest_name", r->guest_name.empty() ? json(nullptr) : json(r->guest_name)},
                                          {"asks", r->guest_name.empty() ? json::array({"birth_date", "location_state"}) : json::array()}});
              }, ""});
  router.Add({"POST", "/api/v1/telehealth/links/{token}/enter", std::string(kPublicAction),
              "A client confirms {birth_date} and says where they are now ({location_state}): a visit session cookie for this "
              "room only, and the room, ICE servers and licensure answer", "telehealth",
              [&s](Context& ctx, const http::Request& req) {
                const std::string body = req.body.empty() ? std::string("{}") : req.body;  // an invited guest sends nothing
                Input in(body, {"birth_date", "location_state"});
                std::string birth_date = in.OptionalString("birth_date", 32).value_or("");
                std::string state = in.OptionalString("location_state", 32).value_or("");
                if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
                auto r = s.EnterByLink(std::string(ctx.Param("token")), birth_date, state, OriginOf(ctx));
                if (!r) return ToProblem(r.error(), ctx.request_id);
                auto res = JsonResponse(200, TicketJson(r->ticket));
                res.Set("Set-Cookie", VisitCookie(r->session_token, std::max<EpochSeconds>(60, r->guest.expires_at - ctx.now), req.tls));
                return res;
              }, ""});
  router.Add({"GET", "/api/v1/telehealth/rooms", "telehealth.join",
              "Today's video visits the caller may enter, with who is waiting (name, since when, stated state, licensure) "
              "and who is in the room (?until= the end of the viewer's day, RFC 3339)", "telehealth", [&s](Context& ctx, const http::Request& req) {
                std::optional<EpochSeconds> until;
                if (auto q = req.QueryParam("until"); q && !q->empty()) {
                  until = ParseTimestamp(*q);
                  if (!until) return ToProblem(Error{ErrorCode::kInvalid, "until is an RFC 3339 time with offset.", {}, "until", {}, {}}, ctx.request_id);
                }
                auto r = s.Rooms(ctx.Who(), until, OriginOf(ctx));
                if (!r) return ToProblem(r.error(), ctx.request_id);
                json items = json::array();
                for (const auto& room : *r) {
                  json waiting = json::array(), in_room = json::array();
                  for (const auto& p : room.present) {
                    json one = {{"participant_id", p.id}, {"kind", ParticipantKindName(p.kind)},
                                {"name", p.display_name}, {"joined_at", FormatTimestamp(p.joined_at)}};
                    if (p.kind == ParticipantKind::kClient) {
                      one["stated_state"] = p.stated_state.empty() ? json(nullptr) : json(p.stated_state);
                      one["licensure_allowed"] = p.licensure_allowed ? json(*p.licensure_allowed) : json(nullptr);
                      one["licensure_reason"] = p.licensure_reason;
                    }
                    (p.state == ParticipantState::kWaiting ? waiting : in_room).push_back(one);
                  }
                  items.push_back({{"appointment_id", room.appointment_id}, {"clinician_id", room.clinician_id},
                                   {"start", FormatTimestamp(room.start)}, {"end", FormatTimestamp(room.end)}, {"status", room.status},
                                   {"client_names", room.client_names}, {"waiting", waiting}, {"in_room", in_room}});
                }
                return JsonResponse(200, {{"items", items}});
              }, ""});
  router.Add({"GET", "/api/v1/appointments/{id}/visit", "scheduling.read",
              "The visit record: stated location and licensure, start, end, minutes, delivered mode", "telehealth",
              [&s](Context& ctx, const http::Request&) {
                auto r = s.GetVisit(ctx.Who(), std::string(ctx.Param("id")), OriginOf(ctx));
                return r ? JsonResponse(200, VisitJson(*r)) : ToProblem(r.error(), ctx.request_id);
              }, ""});
}

}  // namespace duet::telehealth
