// HTTP/JSON mapping for identity: each route is a declaration over the codecs in identity/codecs.hpp.
// Sign-in, enrolment and acceptance answer with a session cookie, so they build their response.
#include "identity/routes.hpp"

#include "identity/codecs.hpp"
#include "platform/api.hpp"

namespace duet::identity {
namespace {

std::string SessionCookie(const std::string& value, bool secure, bool clear) {
  std::string c = std::string(kSessionCookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Lax";
  if (secure) c += "; Secure";
  if (clear) c += "; Max-Age=0";
  return c;
}

//! The signed-in answer with its session cookie.
http::Response SignedIn(const Principal& p, const SessionLimits& limits, const std::string& session_token,
                        const http::Request& req) {
  auto res = JsonText(200, codec::EncodeText(MeOf(p, limits)));
  if (!session_token.empty()) res.Set("Set-Cookie", SessionCookie(session_token, req.tls, false));
  return res;
}

constexpr Doc kSignedIn{.response = ResponseSchema<Me>, .response_description = "Signed in; the session cookie is set"};

}  // namespace

void RegisterRoutes(Router& router, Service& s) {
  Api api(router, "identity");
  const std::string session(kSessionAction), open(kPublicAction);
  api.Post(
      "/api/v1/auth/login", open, "Sign in with e-mail, password and (when enrolled) a TOTP code",
      [&s](Context& ctx, const http::Request& req, const LoginRequest& login) {
        auto r = s.Login(login, OriginOf(ctx));
        return r ? SignedIn(r->principal, s.limits(), r->session_token, req) : ToProblem(r.error(), ctx.request_id);
      },
      kSignedIn);
  api.Post("/api/v1/auth/sign-in-link", open,
           "A client asks for a sign-in link by e-mail (single use, 15 minutes); every address gets the same answer",
           [&s](Context& ctx, const EmailBody& b) { return s.RequestSignInLink(b.email, OriginOf(ctx)); });
  api.Post(
      "/api/v1/auth/sign-in-link/redeem", open, "Sign in with an e-mailed link, once (the same answer as sign-in)",
      [&s](Context& ctx, const http::Request& req, const InvitationToken& t) {
        auto r = s.SignInWithLink(t.token, OriginOf(ctx));
        return r ? SignedIn(r->principal, s.limits(), r->session_token, req) : ToProblem(r.error(), ctx.request_id);
      },
      kSignedIn);
  api.Post("/api/v1/auth/logout", session, "End the session",
           [&s](Context& ctx, const http::Request& req) {
             if (auto st = s.Logout(ctx.Who(), OriginOf(ctx)); !st) return ToProblem(st.error(), ctx.request_id);
             http::Response res;
             res.status = 204;
             res.Set("Set-Cookie", SessionCookie("", req.tls, true));
             return res;
           },
           {.status = 204});
  api.Get("/api/v1/me", session, "The signed-in user, role, practice, and every action they may perform",
          [&s](Context& ctx) -> Result<Me> { return MeOf(ctx.Who(), s.limits()); });
  api.Post("/api/v1/auth/mfa/enroll", session, "Start TOTP enrolment: secret, otpauth URI and QR code",
           [&s](Context& ctx) { return s.BeginMfaEnrollment(ctx.Who(), OriginOf(ctx)); });
  api.Post(
      "/api/v1/auth/mfa/confirm", session, "Confirm TOTP enrolment with a code (the session is renewed)",
      [&s](Context& ctx, const http::Request& req, const TotpCode& code) {
        auto rotated = s.ConfirmMfa(ctx.Who(), code.totp, OriginOf(ctx));
        if (!rotated) return ToProblem(rotated.error(), ctx.request_id);
        Principal p = ctx.Who();
        p.mfa_enrollment_pending = false;
        if (!rotated->first.empty()) p.csrf_token = rotated->second;
        return SignedIn(p, s.limits(), rotated->first, req);
      },
      kSignedIn);
  api.Get("/api/v1/practice", "practice.read", "The signed-in user's practice and its settings",
          [&s](Context& ctx) { return s.GetPractice(ctx.Who()); });
  api.Patch("/api/v1/practice", "practice.update", "Change practice settings (two-step sign-in required or not)",
            [&s](Context& ctx, const PracticeChange& c) {
              return s.UpdatePractice(ctx.Who(), c.mfa_required, OriginOf(ctx));
            });
  api.Get("/api/v1/users", "users.read", "The practice's users", [&s](Context& ctx) { return s.ListUsers(ctx.Who()); });
  api.Patch(
      "/api/v1/users/{id}", "users.manage",
      "Change a user's role or deactivate/reactivate them (sessions and tokens end at once)",
      [&s](Context& ctx, const UserChange& change) { return s.ChangeUser(ctx.Who(), Id(ctx), change, OriginOf(ctx)); });
  api.Post("/api/v1/users/{id}/mfa-reset", "users.manage",
           "Reset a user's two-step sign-in with a reason (they enrol again at their next sign-in)",
           [&s](Context& ctx, const ReasonBody& r) { return s.ResetMfa(ctx.Who(), Id(ctx), r.reason, OriginOf(ctx)); });
  api.Get("/api/v1/api-tokens", "users.manage",
          "The practice's API tokens (never their secrets): whose, scope, last use, expiry, state",
          [&s](Context& ctx) -> Result<std::vector<TokenRow>> {
            auto r = s.ListTokens(&ctx.Who());
            if (!r) return tl::unexpected(r.error());
            std::vector<TokenRow> out;
            for (auto& t : *r) out.push_back({std::move(t), ctx.now, {}});
            return out;
          });
  api.Post("/api/v1/api-tokens", "users.manage",
           "Create an API token for a person → 201 with `token`, shown once. Tokens sign in without two-step sign-in: "
           "scope and expire them",
           [&s](Context& ctx, const NewTokenBody& b) -> Result<TokenRow> {
             auto r = s.IssueToken(ctx.Who(), b.user_id, {b.name, b.scope, b.expires_in_days}, OriginOf(ctx));
             if (!r) return tl::unexpected(r.error());
             return TokenRow{std::move(r->first), ctx.now, std::move(r->second)};
           },
           {.status = 201});
  api.Post("/api/v1/api-tokens/{id}/revoke", "users.manage", "Revoke an API token at once",
           [&s](Context& ctx) { return s.RevokeToken(&ctx.Who(), Id(ctx), OriginOf(ctx)); });
  api.Post("/api/v1/invitations", "users.manage",
           "Invite a person by e-mail with a role (and their clinician record): a single-use link for 7 days",
           [&s](Context& ctx, const NewInvitation& n) -> Result<InvitationRow> {
             auto r = s.Invite(ctx.Who(), n, OriginOf(ctx));
             if (!r) return tl::unexpected(r.error());
             return InvitationRow{r->invitation, ctx.now, r->Path()};
           },
           {.status = 201});
  api.Get("/api/v1/invitations", "users.manage", "Invitations not yet accepted (pending, withdrawn, expired)",
          [&s](Context& ctx) -> Result<std::vector<InvitationRow>> {
            auto r = s.ListInvitations(ctx.Who());
            if (!r) return tl::unexpected(r.error());
            std::vector<InvitationRow> out;
            for (auto& i : *r) out.push_back({std::move(i), ctx.now, {}});
            return out;
          });
  api.Post("/api/v1/invitations/{id}/revoke", "users.manage", "Withdraw a pending invitation",
           [&s](Context& ctx) { return s.RevokeInvitation(ctx.Who(), Id(ctx), OriginOf(ctx)); });
  api.Post("/api/v1/invitations/preview", open, "What an invitation link is for: practice, e-mail, name, role",
           [&s](Context& ctx, const InvitationToken& t) {
             return s.PreviewInvitation(t.token, OriginOf(ctx)).map([](InvitationPreview p) {
               PracticeLabel label{p.practice_name};
               return PreviewAnswer{std::move(p), std::move(label)};
             });
           });
  auto accept = [&s](Context& ctx, const http::Request& req, const Acceptance& a) {
    auto r = s.AcceptInvitation(a.token, a.password, OriginOf(ctx));
    return r ? SignedIn(r->principal, s.limits(), r->session_token, req) : ToProblem(r.error(), ctx.request_id);
  };
  Api(router, "portal")
      .Post("/api/v1/portal/accept", open,
            "A client accepts their account invitation: {token, password} → signed in (the same answer as sign-in)",
            accept, kSignedIn);
  api.Post("/api/v1/invitations/accept", open,
           "Accept an invitation: set the password and sign in (the same answer as sign-in)", accept, kSignedIn);
  api.Get("/api/v1/audit", "audit.read",
          "The practice's audit log, newest first (client_id for one client's accounting)",
          [&s](Context& ctx, codec::Query<AuditQuery> q) -> Result<codec::Page<audit::Stored>> {
            constexpr int kPage = 100;
            auto events = s.ListAudit(ctx.Who(), q->client_id, q->cursor.value_or(INT64_MAX), kPage, OriginOf(ctx));
            if (!events) return tl::unexpected(events.error());
            codec::Page<audit::Stored> out{std::move(*events), std::nullopt};
            if (out.items.size() == kPage) out.next = std::to_string(out.items.back().seq);
            return out;
          });
}

}  // namespace duet::identity
