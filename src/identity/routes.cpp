// HTTP/JSON mapping for identity: parse, one service call, map the result.
#include "identity/routes.hpp"

#include "platform/input.hpp"
#include "platform/problem.hpp"

namespace duet::identity {
namespace {
using nlohmann::json;

Origin OriginOf(const Context& ctx) { return Origin{ctx.remote_ip, ctx.request_id}; }

json UserJson(const User& u) {
  return {{"id", u.id}, {"email", u.email}, {"display_name", u.display_name}, {"role", RoleName(u.role)},
          {"mfa_enabled", u.totp_enabled}, {"is_demo", u.is_demo}};
}

json MeJson(const Principal& p, const SessionLimits& limits) {
  return {{"session", {{"idle_seconds", limits.idle_seconds}, {"absolute_seconds", limits.absolute_seconds}}},{"user", {{"id", p.user_id}, {"email", p.email}, {"display_name", p.display_name}, {"role", RoleName(p.role)}, {"is_demo", p.is_demo}}},
          {"practice", {{"id", p.practice_id}, {"name", p.practice_name}}},
          {"mfa_enrollment_required", p.mfa_enrollment_pending},
          {"csrf_token", p.csrf_token}};
}

json PracticeJson(const Practice& p) {
  return {{"id", p.id}, {"name", p.name}, {"mfa_required", p.mfa_required}, {"is_demo", p.is_demo}};
}

std::string SessionCookie(const std::string& value, bool secure, bool clear) {
  std::string c = std::string(kSessionCookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Lax";
  if (secure) c += "; Secure";
  if (clear) c += "; Max-Age=0";
  return c;
}

http::Response Login(Service& service, Context& ctx, const http::Request& req) {
  Input in(req.body, {"email", "password", "totp"});
  LoginRequest login;
  login.email = in.RequiredString("email", 254);
  login.password = in.RequiredString("password", 200);
  login.totp = in.OptionalString("totp", 10);
  if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
  auto result = service.Login(login, OriginOf(ctx));
  if (!result) return ToProblem(result.error(), ctx.request_id);
  auto res = JsonResponse(200, MeJson(result->principal, service.limits()));
  res.Set("Set-Cookie", SessionCookie(result->session_token, req.tls, false));
  return res;
}

http::Response Logout(Service& service, Context& ctx, const http::Request& req) {
  if (auto st = service.Logout(ctx.Who(), OriginOf(ctx)); !st) return ToProblem(st.error(), ctx.request_id);
  http::Response res;
  res.status = 204;
  res.Set("Set-Cookie", SessionCookie("", req.tls, true));
  return res;
}

http::Response MfaEnroll(Service& service, Context& ctx, const http::Request&) {
  auto result = service.BeginMfaEnrollment(ctx.Who(), OriginOf(ctx));
  if (!result) return ToProblem(result.error(), ctx.request_id);
  return JsonResponse(200, {{"secret", result->secret}, {"otpauth_uri", result->otpauth_uri}, {"qr_svg", result->qr_svg}});
}

http::Response MfaConfirm(Service& service, Context& ctx, const http::Request& req) {
  Input in(req.body, {"totp"});
  std::string code = in.RequiredString("totp", 10);
  if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
  if (auto st = service.ConfirmMfa(ctx.Who(), code, OriginOf(ctx)); !st) return ToProblem(st.error(), ctx.request_id);
  Principal p = ctx.Who();
  p.mfa_enrollment_pending = false;
  return JsonResponse(200, MeJson(p, service.limits()));
}

http::Response UpdatePractice(Service& service, Context& ctx, const http::Request& req) {
  Input in(req.body, {"mfa_required"});
  auto mfa = in.OptionalBool("mfa_required");
  if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
  auto result = service.UpdatePractice(ctx.Who(), mfa, OriginOf(ctx));
  if (!result) return ToProblem(result.error(), ctx.request_id);
  return JsonResponse(200, PracticeJson(*result));
}

http::Response ListAudit(Service& service, Context& ctx, const http::Request& req) {
  auto client_id = req.QueryParam("client_id");
  std::int64_t before = INT64_MAX;
  if (auto cursor = req.QueryParam("cursor")) {
    try {
      before = std::stoll(*cursor);
    } catch (...) {
      return ToProblem(Error{ErrorCode::kInvalid, "The cursor is not valid.", {}, "cursor", {}}, ctx.request_id);
    }
  }
  constexpr int kPage = 100;
  auto events = service.ListAudit(ctx.Who(), client_id, before, kPage, OriginOf(ctx));
  if (!events) return ToProblem(events.error(), ctx.request_id);
  json items = json::array();
  for (const auto& s : *events) {
    items.push_back({{"id", s.id}, {"seq", s.seq}, {"at", s.at}, {"actor_user_id", s.event.actor_user_id},
                     {"actor_role", s.event.actor_role}, {"action", s.event.action},
                     {"resource_type", s.event.resource_type}, {"resource_id", s.event.resource_id},
                     {"client_id", s.event.client_id}, {"ip", s.event.ip}, {"outcome", s.event.outcome},
                     {"request_id", s.event.request_id}, {"hash", s.hash}});
  }
  json next = events->size() == kPage ? json(std::to_string(events->back().seq)) : json(nullptr);
  return JsonResponse(200, {{"items", items}, {"next", next}});
}

}  // namespace

void RegisterRoutes(Router& router, Service& service) {
  auto bind = [&service](http::Response (*fn)(Service&, Context&, const http::Request&)) {
    return [&service, fn](Context& ctx, const http::Request& req) { return fn(service, ctx, req); };
  };
  router.Add({"POST", "/api/v1/auth/login", std::string(kPublicAction), "Sign in with e-mail, password and (when enrolled) a TOTP code", "identity", bind(Login),
              R"({"requestBody":{"required":true,"content":{"application/json":{"schema":{"type":"object","required":["email","password"],"additionalProperties":false,"properties":{"email":{"type":"string"},"password":{"type":"string"},"totp":{"type":"string"}}}}}}})"});
  router.Add({"POST", "/api/v1/auth/logout", std::string(kSessionAction), "End the session", "identity", bind(Logout), ""});
  router.Add({"GET", "/api/v1/me", std::string(kSessionAction), "The signed-in user, role and practice", "identity",
              [&service](Context& ctx, const http::Request&) { return JsonResponse(200, MeJson(ctx.Who(), service.limits())); }, ""});
  router.Add({"POST", "/api/v1/auth/mfa/enroll", std::string(kSessionAction), "Start TOTP enrolment: secret, otpauth URI and QR code", "identity", bind(MfaEnroll), ""});
  router.Add({"POST", "/api/v1/auth/mfa/confirm", std::string(kSessionAction), "Confirm TOTP enrolment with a code", "identity", bind(MfaConfirm),
              R"({"requestBody":{"required":true,"content":{"application/json":{"schema":{"type":"object","required":["totp"],"properties":{"totp":{"type":"string"}}}}}}})"});
  router.Add({"GET", "/api/v1/practice", "practice.read", "The signed-in user's practice and its settings", "identity",
              [&service](Context& ctx, const http::Request&) {
                auto p = service.GetPractice(ctx.Who());
                return p ? JsonResponse(200, PracticeJson(*p)) : ToProblem(p.error(), ctx.request_id);
              }, ""});
  router.Add({"PATCH", "/api/v1/practice", "practice.update", "Change practice settings (MFA requirement)", "identity", bind(UpdatePractice),
              R"({"requestBody":{"required":true,"content":{"application/json":{"schema":{"type":"object","properties":{"mfa_required":{"type":"boolean"}}}}}}})"});
  router.Add({"GET", "/api/v1/users", "users.read", "The practice's users", "identity",
              [&service](Context& ctx, const http::Request&) {
                auto users = service.ListUsers(ctx.Who());
                if (!users) return ToProblem(users.error(), ctx.request_id);
                json items = json::array();
                for (const auto& u : *users) items.push_back(UserJson(u));
                return JsonResponse(200, {{"items", items}, {"next", nullptr}});
              }, ""});
  router.Add({"GET", "/api/v1/audit", "audit.read", "The practice's audit log, newest first (?client_id= for one client's accounting)", "identity", bind(ListAudit),
              R"({"parameters":[{"name":"client_id","in":"query","schema":{"type":"string"}},{"name":"cursor","in":"query","schema":{"type":"string"}}]})"});
}

}  // namespace duet::identity
