#pragma once
// Identity's wire types, declared once (platform/codec.hpp): decoding, encoding and OpenAPI schemas.
#include "identity/model.hpp"
#include "identity/rules.hpp"
#include "identity/service.hpp"
#include "platform/audit.hpp"
#include "platform/codec.hpp"

namespace duet::identity {

using codec::Field;
using codec::Format;

inline constexpr std::string_view kStaffRoles[] = {"owner", "clinician", "supervisor", "biller", "front_desk"};
inline constexpr codec::Rules kStaffRole{
    .max_len = 20, .one_of = kStaffRoles, .message = "One of owner, clinician, supervisor, biller, front_desk."};
inline std::string StaffRoleName(const Role& r) { return std::string(RoleName(r)); }
inline std::optional<Role> ParseStaffRole(const std::string& s) { return ParseRole(s); }

// ---- Signing in ----

constexpr auto CodecOf(const LoginRequest*) {
  return codec::Object<LoginRequest>(
      "Login", Field("email", &LoginRequest::email, {.required = true, .max_len = 254}),
      Field("password", &LoginRequest::password, {.required = true, .write_only = true, .max_len = 200}),
      Field("totp", &LoginRequest::totp, {.write_only = true, .max_len = 10}));
}

struct SessionTimes {
  EpochSeconds idle_seconds = 0;
  EpochSeconds absolute_seconds = 0;
};
constexpr auto CodecOf(const SessionTimes*) {
  return codec::Object<SessionTimes>("SessionLimits", Field("idle_seconds", &SessionTimes::idle_seconds),
                                     Field("absolute_seconds", &SessionTimes::absolute_seconds));
}
struct MeUser {
  std::string id;
  std::string email;
  std::string display_name;
  Role role = Role::kClient;
  bool is_demo = false;
};
constexpr auto CodecOf(const MeUser*) {
  return codec::Object<MeUser>("MeUser", Field("id", &MeUser::id), Field("email", &MeUser::email),
                               Field("display_name", &MeUser::display_name), Field("role", &MeUser::role),
                               Field("is_demo", &MeUser::is_demo));
}
struct PracticeName {
  std::string id;
  std::string name;
};
constexpr auto CodecOf(const PracticeName*) {
  return codec::Object<PracticeName>("PracticeName", Field("id", &PracticeName::id),
                                     Field("name", &PracticeName::name));
}

//! The signed-in person: who, where, for how long, and what they may do.
struct Me {
  SessionTimes session;
  MeUser user;
  PracticeName practice;
  bool mfa_enrollment_required = false;
  std::string csrf_token;
  std::vector<std::string> permissions;
};
constexpr auto CodecOf(const Me*) {
  return codec::Object<Me>("Me", Field("session", &Me::session), Field("user", &Me::user),
                           Field("practice", &Me::practice),
                           Field("mfa_enrollment_required", &Me::mfa_enrollment_required),
                           Field("csrf_token", &Me::csrf_token,
                                 {.description = "Send as X-CSRF-Token with every change made from a browser"}),
                           Field("permissions", &Me::permissions,
                                 {.description = "Every policy action this person may perform (clients.write, "
                                                 "waitlist.manage; schedule.manage:own when only on "
                                                 "their own record): ask this, not the role"}));
}
inline Me MeOf(const Principal& p, const SessionLimits& limits) {
  Me me{{limits.idle_seconds, limits.absolute_seconds},
        {p.user_id, p.email, p.display_name, p.role, p.is_demo},
        {p.practice_id, p.practice_name},
        p.mfa_enrollment_pending,
        p.csrf_token,
        {}};
  if (!p.mfa_enrollment_pending) me.permissions = ActionsFor(p.role);
  return me;
}

constexpr auto CodecOf(const MfaEnrollment*) {
  using M = MfaEnrollment;
  return codec::Object<M>("MfaEnrollment", Field("secret", &M::secret), Field("otpauth_uri", &M::otpauth_uri),
                          Field("qr_svg", &M::qr_svg, {.description = "The otpauth URI as an SVG QR code"}));
}

struct TotpCode {
  std::string totp;
};
constexpr auto CodecOf(const TotpCode*) {
  return codec::Object<TotpCode>("TotpCode",
                                 Field("totp", &TotpCode::totp, {.required = true, .write_only = true, .max_len = 10}));
}

// ---- The practice and its people ----

constexpr auto CodecOf(const Practice*) {
  return codec::Object<Practice>(
      "Practice", Field("id", &Practice::id, {.read_only = true}), Field("name", &Practice::name, {.read_only = true}),
      Field("mfa_required", &Practice::mfa_required), Field("is_demo", &Practice::is_demo, {.read_only = true}));
}
struct PracticeChange {
  std::optional<bool> mfa_required;
};
constexpr auto CodecOf(const PracticeChange*) {
  return codec::Object<PracticeChange>("PracticeChange", Field("mfa_required", &PracticeChange::mfa_required));
}

constexpr auto CodecOf(const User*) {
  return codec::Object<User>(
      "User", Field("id", &User::id), Field("email", &User::email), Field("display_name", &User::display_name),
      Field("role", &User::role), Field("totp_enabled", &User::totp_enabled, {.write_only = true}),
      codec::Computed<bool>("mfa_enabled", [](const User& u) { return u.totp_enabled; }),
      Field("is_demo", &User::is_demo), codec::Computed<bool>("active", [](const User& u) { return !u.disabled; }),
      Field("clinician_id", &User::clinician_id, {.null_when_empty = true}));
}

constexpr auto CodecOf(const UserChange*) {
  return codec::Object<UserChange>(
      "UserChange",
      codec::Adapted<std::string>(
          "role", &UserChange::role, [](const std::optional<Role>& r) { return r ? StaffRoleName(*r) : ""; },
          [](const std::string& s) { return std::optional<std::optional<Role>>(ParseStaffRole(s)); }, kStaffRole),
      Field("active", &UserChange::active, {.description = "false deactivates: sessions and API tokens end at once"}));
}

struct ReasonBody {
  std::string reason;
};
constexpr auto CodecOf(const ReasonBody*) {
  return codec::Object<ReasonBody>("Reason", Field("reason", &ReasonBody::reason, {.required = true}));
}

// ---- API tokens ----

//! A token as the practice sees it; `token` (the secret) only in the answer that creates it.
struct TokenRow : ApiToken {
  EpochSeconds now = 0;
  std::string token;
};
constexpr auto CodecOf(const TokenRow*) {
  using T = TokenRow;
  constexpr codec::Rules when{.format = Format::kTimestamp};
  return codec::Object<T>(
      "ApiToken", Field("id", &T::id), Field("user_id", &T::user_id), Field("user_email", &T::user_email),
      Field("name", &T::name), Field("scope", &T::scope), Field("created_at", &T::created_at, when),
      codec::Computed<std::optional<EpochSeconds>>(
          "last_used_at", [](const T& t) { return t.last_used_at ? std::optional(t.last_used_at) : std::nullopt; },
          when),
      codec::Computed<std::optional<EpochSeconds>>(
          "expires_at", [](const T& t) { return t.expires_at ? std::optional(t.expires_at) : std::nullopt; }, when),
      codec::Computed<std::optional<EpochSeconds>>(
          "revoked_at", [](const T& t) { return t.revoked_at ? std::optional(t.revoked_at) : std::nullopt; }, when),
      codec::Computed<std::string>(
          "state",
          [](const T& t) {
            return std::string(t.revoked_at ? "revoked" : TokenValid(t, t.now) ? "active" : "expired");
          }),
      Field("token", &T::token,
            {.omit_when_empty = true, .description = "The secret, shown once when the token is made"}));
}

struct NewTokenBody {
  std::string user_id;
  std::string name;
  TokenScope scope = TokenScope::kReadWrite;
  int expires_in_days = kDefaultTokenDays;
};
constexpr auto CodecOf(const NewTokenBody*) {
  using N = NewTokenBody;
  return codec::Object<N>("NewApiToken", Field("user_id", &N::user_id, {.required = true, .max_len = 64}),
                          Field("name", &N::name, {.max_len = 80}),
                          Field("scope", &N::scope, {.message = "read_only or read_write."}),
                          Field("expires_in_days", &N::expires_in_days, {.min = 1, .max = 730}));
}

// ---- Invitations ----

//! An invitation as the owner sees it; `path` (the link) only when it is made.
struct InvitationRow : Invitation {
  EpochSeconds now = 0;
  std::string path;
};
constexpr auto CodecOf(const InvitationRow*) {
  using I = InvitationRow;
  constexpr codec::Rules when{.format = Format::kTimestamp};
  return codec::Object<I>(
      "Invitation", Field("id", &I::id), Field("email", &I::email), Field("display_name", &I::display_name),
      Field("role", &I::role), Field("clinician_id", &I::clinician_id, {.null_when_empty = true}),
      Field("created_at", &I::created_at, when), Field("expires_at", &I::expires_at, when),
      codec::Computed<InvitationState>("state", [](const I& i) { return StateOf(i, i.now); }),
      Field("path", &I::path, {.omit_when_empty = true, .description = "The single-use link, shown once"}));
}

constexpr auto CodecOf(const NewInvitation*) {
  using N = NewInvitation;
  return codec::Object<N>("NewInvitation", Field("email", &N::email, {.required = true, .max_len = 254}),
                          codec::Adapted<std::string>(
                              "role", &N::role, StaffRoleName, [](const std::string& s) { return ParseStaffRole(s); },
                              {.required = true, .max_len = 20, .one_of = kStaffRoles, .message = kStaffRole.message}),
                          Field("clinician_id", &N::clinician_id, {.max_len = 64}),
                          Field("display_name", &N::display_name, {.max_len = 200}));
}

struct EmailBody {
  std::string email;
};
constexpr auto CodecOf(const EmailBody*) {
  return codec::Object<EmailBody>("SignInLinkRequest",
                                  Field("email", &EmailBody::email, {.required = true, .max_len = 254}));
}

struct InvitationToken {
  std::string token;
};
constexpr auto CodecOf(const InvitationToken*) {
  return codec::Object<InvitationToken>("InvitationToken",
                                        Field("token", &InvitationToken::token, {.required = true, .max_len = 100}));
}
struct Acceptance {
  std::string token;
  std::string password;
};
constexpr auto CodecOf(const Acceptance*) {
  return codec::Object<Acceptance>(
      "Acceptance", Field("token", &Acceptance::token, {.required = true, .max_len = 100}),
      Field("password", &Acceptance::password, {.required = true, .write_only = true, .max_len = 200}));
}

struct PracticeLabel {
  std::string name;
};
constexpr auto CodecOf(const PracticeLabel*) {
  return codec::Object<PracticeLabel>("PracticeLabel", Field("name", &PracticeLabel::name));
}
struct PreviewAnswer : InvitationPreview {
  PracticeLabel practice;
};
constexpr auto CodecOf(const PreviewAnswer*) {
  using P = PreviewAnswer;
  return codec::Object<P>(
      "InvitationPreview", Field("practice", &P::practice), Field("email", &P::email),
      Field("display_name", &P::display_name), Field("role", &P::role),
      Field("expires_at", &P::expires_at, {.format = Format::kTimestamp}),
      codec::Computed<bool>("mfa_required", [](const P& p) { return p.mfa_required && IsStaff(p.role); }),
      Field("guardian", &P::guardian, {.description = "The account will see the pages of someone in its care"}),
      Field("existing_account", &P::existing_account,
            {.description = "A guardian's address that already has an account: sign in, then accept"}));
}

// ---- The audit log ----

struct AuditQuery {
  std::optional<std::string> client_id;
  std::optional<std::int64_t> cursor;
};
constexpr auto CodecOf(const AuditQuery*) {
  return codec::Object<AuditQuery>(
      "AuditQuery",
      Field("client_id", &AuditQuery::client_id, {.max_len = 36, .description = "One client's accounting"}),
      Field("cursor", &AuditQuery::cursor, {.min = 0}));
}

}  // namespace duet::identity

namespace duet::audit {
constexpr auto CodecOf(const Stored*) {
  using S = Stored;
  using codec::Field;
  return codec::Object<S>(
      "AuditEvent", Field("id", &S::id), Field("seq", &S::seq),
      Field("at", &S::at, {.description = "Seconds since the epoch"}),
      codec::Computed<std::string>("actor_user_id", [](const S& s) { return s.event.actor_user_id; }),
      codec::Computed<std::string>("actor_role", [](const S& s) { return s.event.actor_role; }),
      codec::Computed<std::string>("action", [](const S& s) { return s.event.action; }),
      codec::Computed<std::string>("resource_type", [](const S& s) { return s.event.resource_type; }),
      codec::Computed<std::string>("resource_id", [](const S& s) { return s.event.resource_id; }),
      codec::Computed<std::string>("client_id", [](const S& s) { return s.event.client_id; }),
      codec::Computed<std::string>("ip", [](const S& s) { return s.event.ip; }),
      codec::Computed<std::string>("outcome", [](const S& s) { return s.event.outcome; }),
      codec::Computed<std::string>("request_id", [](const S& s) { return s.event.request_id; }),
      Field("hash", &S::hash),
      codec::Computed<std::string>("detail", [](const S& s) { return s.event.detail; }, {.null_when_empty = true}));
}
}  // namespace duet::audit
