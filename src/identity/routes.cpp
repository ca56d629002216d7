// HTTP/JSON mapping for identity: parse, one service call, map the result.
#include "identity/routes.hpp"

#include "identity/rules.hpp"
#include "platform/dates.hpp"
#include "platform/input.hpp"
#include "platform/problem.hpp"

namespace duet::identity {
namespace {
using nlohmann::json;

Origin OriginOf(const Context& ctx) { return Origin{ctx.remote_ip, ctx.request_id}; }

json UserJson(const User& u) {
  return {{"id", u.id}, {"email", u.email}, {"display_name", u.display_name}, {"role", RoleName(u.role)},
          {"mfa_enabled", u.totp_enabled}, {"is_demo", u.is_demo}, {"active", !u.disabled},
          {"clinician_id", u.clinician_id.empty() ? json(nullptr) : json(u.clinician_id)}};
}

json TokenJson(const ApiToken& t, EpochSeconds now) {
  auto when = [](EpochSeconds at) { return at ? json(FormatTimestamp(at)) : json(nullptr); };
  return {{"id", t.id}, {"user_id", t.user_id}, {"user_email", t.user_email}, {"name", t.name}, {"scope", TokenScopeName(t.scope)},
          {"created_at", FormatTimestamp(t.created_at)}, {"last_used_at", when(t.last_used_at)}, {"expires_at", when(t.expires_at)},
          {"revoked_at", when(t.revoked_at)},
          {"state", t.revoked_at ? "revoked" : TokenValid(t, now) ? "active" : "expired"}};
}

http::Response CreateToken(Service& service, Context& ctx, const http::Request& req) {
  Input in(req.body, {"user_id", "name", "scope", "expires_in_days"});
  std::string user_id = in.RequiredString("user_id", 64);
  Service::NewToken t;
  t.name = in.OptionalString("name", 80).value_or("");
  if (auto s = in.OptionalString("scope", 20)) {
    if (auto parsed = ParseTokenScope(*s)) t.scope = *parsed;
    else in.AddError("scope", "read_only or read_write.");
  }
  t.expires_in_days = static_cast<int>(in.OptionalInt("expires_in_days", 1, 730).value_or(kDefaultTokenDays));
  if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
  auto r = service.IssueToken(ctx.Who(), user_id, t, OriginOf(ctx));
  if (!r) return ToProblem(r.error(), ctx.request_id);
  json out = TokenJson(r->first, ctx.now);
  out["token"] = r->second;  // shown once
  return JsonResponse(201, out);
}

std::string_view InvitationStateName(InvitationState s) {
  switch (s) {
    case InvitationState::kPending: return "pending";
    case InvitationState::kAccepted: return "accepted";
    case InvitationState::kRevoked: return "revoked";
    case InvitationState::kExpired: return "expired";
  }
  return "pending";
}

json InvitationJson(const Invitation& i, EpochSeconds now) {
  return {{"id", i.id}, {"email", i.email}, {"display_name", i.display_name}, {"role", RoleName(i.role)},
          {"clinician_id", i.clinician_id.empty() ? json(nullptr) : json(i.clinician_id)},
          {"created_at", FormatTimestamp(i.created_at)}, {"expires_at", FormatTimestamp(i.expires_at)},
          {"state", InvitationStateName(StateOf(i, now))}};
}

std::optional<Role> ReadRole(Input& in, bool required) {
  auto name = required ? std::optional<std::string>(in.RequiredString("role", 20)) : in.OptionalString("role", 20);
  if (!name || name->empty()) return std::nullopt;
  auto role = ParseRole(*name);
  if (!role || !IsStaff(*role)) {
    in.AddError(in.Path("role"), "One of owner, clinician, supervisor, biller, front_desk.");
    return std::nullopt;
  }
  return role;
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
  auto rotated = service.ConfirmMfa(ctx.Who(), code, OriginOf(ctx));
  if (!rotated) return ToProblem(rotated.error(), ctx.request_id);
  Principal p = ctx.Who();
  p.mfa_enrollment_pending = false;
  if (rotated->first.empty()) return JsonResponse(200, MeJson(p, service.limits()));
  p.csrf_token = rotated->second;
  auto res = JsonResponse(200, MeJson(p, service.limits()));
  res.Set("Set-Cookie", SessionCookie(rotated->first, req.tls, false));
  return res;
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
                     {"request_id", s.event.request_id}, {"hash", s.hash},
                     {"detail", s.event.detail.empty() ? json(nullptr) : json(s.event.detail)}});
  }
  json next = events->size() == kPage ? json(std::to_string(events->back().seq)) : json(nullptr);
  return JsonResponse(200, {{"items", items}, {"next", next}});
}

http::Response CreateInvitation(Service& service, Context& ctx, const http::Request& req) {
  Input in(req.body, {"email", "role", "clinician_id", "display_name"});
  NewInvitation n;
  n.email = in.RequiredString("email", 254);
  auto role = ReadRole(in, true);
  n.clinician_id = in.OptionalString("clinician_id", 64).value_or("");
  n.display_name = in.OptionalString("display_name", 200).value_or("");
  if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
  n.role = *role;
  auto r = service.Invite(ctx.Who(), n, OriginOf(ctx));
  if (!r) return ToProblem(r.error(), ctx.request_id);
  json body = InvitationJson(r->invitation, ctx.now);
  body["path"] = r->Path();
  return JsonResponse(201, body);
}

http::Response PreviewInvitation(Service& service, Context& ctx, const http::Request& req) {
  Input in(req.body, {"token"});
  std::string token = in.RequiredString("token", 100);
  if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
  auto r = service.PreviewInvitation(token, OriginOf(ctx));
  if (!r) return ToProblem(r.error(), ctx.request_id);
  return JsonResponse(200, {{"practice", {{"name", r->practice_name}}}, {"email", r->email}, {"display_name", r->display_name},
                            {"role", RoleName(r->role)}, {"expires_at", FormatTimestamp(r->expires_at)},
                            {"mfa_required", r->mfa_required && IsStaff(r->role)}});
}

http::Response AcceptInvitation(Service& service, Context& ctx, const http::Request& req) {
  Input in(req.body, {"token", "password"});
  std::string token = in.RequiredString("token", 100);
  std::string password = in.RequiredString("password", 200);  // read as sign-in reads it
  if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
  auto result = service.AcceptInvitation(token, password, OriginOf(ctx));
  if (!result) return ToProblem(result.error(), ctx.request_id);
  auto res = JsonResponse(200, MeJson(result->principal, service.limits()));
  res.Set("Set-Cookie", SessionCookie(result->session_token, req.tls, false));
  return res;
}

http::Response PatchUser(Service& service, Context& ctx, const http::Request& req) {
  Input in(req.body, {"role", "active"});
  UserChange change;
  change.role = ReadRole(in, false);
  change.active = in.OptionalBool("active");
  if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
  auto r = service.ChangeUser(ctx.Who(), std::string(ctx.Param("id")), change, OriginOf(ctx));
  return r ? JsonResponse(200, UserJson(*r)) : ToProblem(r.error(), ctx.request_id);
}

http::Response ResetMfa(Service& service, Context& ctx, const http::Request& req) {
  Input in(req.body, {"reason"});
  std::string reason = in.RequiredString("reason", 500);
  if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
  return NoContentOr(service.ResetMfa(ctx.Who(), std::string(ctx.Param("id")), reason, OriginOf(ctx)), ctx.request_id);
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
  router.Add({"PATCH", "/api/v1/users/{id}", "users.manage", "Change a user's role or deactivate/reactivate them (sessions and tokens end at once)", "identity", bind(PatchUser),
              R"({"requestBody":{"required":true,"content":{"application/json":{"schema":{"type":"object","additionalProperties":false,"properties":{"role":{"type":"string","enum":["owner","clinician","supervisor","biller","front_desk"]},"active":{"type":"boolean"}}}}}}})"});
  router.Add({"POST", "/api/v1/users/{id}/mfa-reset", "users.manage", "Reset a user's two-step sign-in with a reason (they enrol again at their next sign-in)", "identity", bind(ResetMfa),
              R"({"requestBody":{"required":true,"content":{"application/json":{"schema":{"type":"object","required":["reason"],"additionalProperties":false,"properties":{"reason":{"type":"string"}}}}}}})"});
  router.Add({"GET", "/api/v1/api-tokens", "users.manage", "The practice's API tokens (never their secrets): whose, scope, last use, expiry, state",
              "identity", [&service](Context& ctx, const http::Request&) {
                auto r = service.ListTokens(&ctx.Who());
                if (!r) return ToProblem(r.error(), ctx.request_id);
                json items = json::array();
                for (const auto& t : *r) items.push_back(TokenJson(t, ctx.now));
                return JsonResponse(200, {{"items", items}});
              }, ""});
  router.Add({"POST", "/api/v1/api-tokens", "users.manage",
              "Create an API token for a person {user_id, name?, scope: read_only | read_write, expires_in_days (1-730, default 90)} → "
              "201 with `token`, shown once. Tokens sign in without two-step sign-in: scope and expire them", "identity", bind(CreateToken), ""});
  router.Add({"POST", "/api/v1/api-tokens/{id}/revoke", "users.manage", "Revoke an API token at once", "identity",
              [&service](Context& ctx, const http::Request&) {
                return NoContentOr(service.RevokeToken(&ctx.Who(), std::string(ctx.Param("id")), OriginOf(ctx)), ctx.request_id);
              }, ""});
  router.Add({"POST", "/api/v1/invitations", "users.manage", "Invite a person by e-mail with a role (and their clinician record): a single-use link for 7 days", "identity", bind(CreateInvitation),
              R"({"requestBody":{"required":true,"content":{"application/json":{"schema":{"type":"object","required":["email","role"],"additionalProperties":false,"properties":{"email":{"type":"string"},"role":{"type":"string","enum":["owner","clinician","supervisor","biller","front_desk"]},"clinician_id":{"type":"string"},"display_name":{"type":"string"}}}}}}})"});
  router.Add({"GET", "/api/v1/invitations", "users.manage", "Invitations not yet accepted (pending, withdrawn, expired)", "identity",
              [&service](Context& ctx, const http::Request&) {
                auto r = service.ListInvitations(ctx.Who());
                if (!r) return ToProblem(r.error(), ctx.request_id);
                json items = json::array();
                for (const auto& i : *r) items.push_back(InvitationJson(i, ctx.now));
                return JsonResponse(200, {{"items", items}, {"next", nullptr}});
              }, ""});
  router.Add({"POST", "/api/v1/invitations/{id}/revoke", "users.manage", "Withdraw a pending invitation", "identity",
              [&service](Context& ctx, const http::Request&) {
                return NoContentOr(service.RevokeInvitation(ctx.Who(), std::string(ctx.Param("id")), OriginOf(ctx)), ctx.request_id);
              }, ""});
  router.Add({"POST", "/api/v1/invitations/preview", std::string(kPublicAction), "What an invitation link is for: practice, e-mail, name, role", "identity", bind(PreviewInvitation),
              R"({"requestBody":{"required":true,"content":{"application/json":{"schema":{"type":"object","required":["token"],"additionalProperties":false,"properties":{"token":{"type":"string"}}}}}}})"});
  router.Add({"POST", "/api/v1/portal/accept", std::string(kPublicAction),
              "A client accepts their account invitation: {token, password} → signed in (the same answer as sign-in)", "portal",
              bind(AcceptInvitation), ""});
  router.Add({"POST", "/api/v1/invitations/accept", std::string(kPublicAction), "Accept an invitation: set the password and sign in (the same answer as sign-in)", "identity", bind(AcceptInvitation),
              R"({"requestBody":{"required":true,"content":{"application/json":{"schema":{"type":"object","required":["token","password"],"additionalProperties":false,"properties":{"token":{"type":"string"},"password":{"type":"string"}}}}}}})"});
  router.Add({"GET", "/api/v1/audit", "audit.read", "The practice's audit log, newest first (?client_id= for one client's accounting)", "identity", bind(ListAudit),
              R"({"parameters":[{"name":"client_id","in":"query","schema":{"type":"string"}},{"name":"cursor","in":"query","schema":{"type":"string"}}]})"});
}

}  // namespace duet::identity
