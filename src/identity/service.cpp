#include "identity/service.hpp"

#include "identity/rules.hpp"
#include "identity/store.hpp"
#include "platform/log.hpp"

namespace duet::identity {
namespace {
constexpr std::string_view kBadCredentials = "The e-mail or password is incorrect.";
constexpr std::string_view kTotpContext = "duet:totp:";

audit::Event AuditFor(const User& u, std::string action, const Origin& origin, std::string outcome = "success") {
  audit::Event e;
  e.practice_id = u.practice_id;
  e.actor_user_id = u.id;
  e.actor_role = std::string(RoleName(u.role));
  e.action = std::move(action);
  e.resource_type = "user";
  e.resource_id = u.id;
  e.ip = origin.ip;
  e.request_id = origin.request_id;
  e.outcome = std::move(outcome);
  return e;
}

audit::Event AuditFor(const Principal& p, std::string action, const Origin& origin) {
  audit::Event e;
  e.practice_id = p.practice_id;
  e.actor_user_id = p.user_id;
  e.actor_role = std::string(RoleName(p.role));
  e.action = std::move(action);
  e.ip = origin.ip;
  e.request_id = origin.request_id;
  return e;
}
}  // namespace

Service::Service(db::Database& db, const crypto::Keyring& keys, const Clock& clock, Options options)
    : db_(db), keys_(keys), clock_(clock), options_(options) {}

Status Service::ThrottleIp(const std::string& ip) {
  std::lock_guard lock(throttle_mutex_);
  EpochSeconds now = clock_.Now();
  auto& [window, count] = attempts_by_ip_[ip];
  if (now - window >= 60) {
    window = now;
    count = 0;
  }
  if (++count > options_.login_attempts_per_ip_per_minute)
    return Fail(ErrorCode::kTooMany, "Too many sign-in attempts from this network. Wait a minute and try again.");
  if (attempts_by_ip_.size() > 100000) attempts_by_ip_.clear();  // bound memory under a spray of addresses
  return {};
}

bool Service::CheckPassword(const std::string& stored_hash, const std::string& password) {
  hashing_.acquire();
  bool ok = crypto::VerifyPassword(stored_hash, password);
  hashing_.release();
  return ok;
}

Status Service::RecordFailedAttempt(const User& user, const Origin& origin, std::string_view action) {
  EpochSeconds now = clock_.Now();
  FailureOutcome outcome = OnFailedAttempt(user.failed_logins, now, options_.lockout);
  return db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto st = store::RecordFailure(c, user.id, outcome.failed_logins, outcome.locked_until); !st) return st;
    if (auto st = audit::Append(c, AuditFor(user, std::string(action), origin, "failure"), now); !st) return st;
    if (outcome.just_locked) return audit::Append(c, AuditFor(user, "auth.account_locked", origin), now);
    return {};
  });
}

Principal Service::PrincipalFor(const User& user, const std::string& practice_name) const {
  Principal p;
  p.user_id = user.id;
  p.practice_id = user.practice_id;
  p.role = user.role;
  p.display_name = user.display_name;
  p.email = user.email;
  p.practice_name = practice_name;
  p.is_demo = user.is_demo;
  return p;
}

Result<LoginResult> Service::Login(const LoginRequest& request, const Origin& origin) {
  if (auto st = ThrottleIp(origin.ip); !st) return tl::unexpected(st.error());
  auto email = NormalizeEmail(request.email);
  if (!email) return tl::unexpected(email.error());
  auto found = db_.Read([&](db::Connection& c) { return store::FindUserByEmail(c, *email); });
  if (!found) return tl::unexpected(found.error());
  EpochSeconds now = clock_.Now();
  if (!*found || (*found)->disabled) {
    // Spend the same time as a real check so that response time does not reveal which e-mails exist.
    static const std::string dummy_hash = crypto::HashPassword("duet-timing-equaliser").value_or("");
    CheckPassword(dummy_hash, request.password);
    log::Event(log::Level::kInfo, "auth.login_failed", {{"reason", "unknown_account"}, {"request_id", origin.request_id}});
    return Fail(ErrorCode::kUnauthenticated, std::string(kBadCredentials));
  }
  const User& user = **found;
  if (IsLocked(user.locked_until, now)) {
    (void)audit::AppendNow(db_, AuditFor(user, "auth.login", origin, "denied"), now);
    return Fail(ErrorCode::kLocked, "This account is locked after repeated failed sign-ins. Try again in 15 minutes or ask the practice owner.");
  }
  if (!CheckPassword(user.password_hash, request.password)) {
    if (auto st = RecordFailedAttempt(user, origin, "auth.login"); !st) return tl::unexpected(st.error());
    return Fail(ErrorCode::kUnauthenticated, std::string(kBadCredentials));
  }
  auto practice = db_.Read([&](db::Connection& c) { return store::FindPractice(c, user.practice_id); });
  if (!practice) return tl::unexpected(practice.error());
  if (!*practice) return Fail(ErrorCode::kInternal, "Internal error.", "user without practice");

  MfaStep step = RequiredMfa(user.role, (*practice)->mfa_required, user.is_demo, user.totp_enabled);
  std::optional<std::int64_t> totp_step;
  if (step == MfaStep::kVerify) {
    if (!request.totp || request.totp->empty())
      return Fail(ErrorCode::kMfaRequired, "Enter the 6-digit code from your authenticator app.", {}, "totp");
    auto secret = keys_.OpenWithMaster(user.totp_secret.value_or(""), std::string(kTotpContext) + user.id);
    if (!secret) return tl::unexpected(secret.error());
    totp_step = crypto::TotpVerify(*secret, *request.totp, now);
    // A code is accepted once: a step at or before the last one used is a replay.
    if (!totp_step || *totp_step <= user.totp_last_step) {
      if (auto st = RecordFailedAttempt(user, origin, "auth.mfa"); !st) return tl::unexpected(st.error());
      return Fail(ErrorCode::kUnauthenticated, "That code is not right. Check the time on your phone and try the newest code.", {}, "totp");
    }
  }

  LoginResult result;
  result.session_token = crypto::RandomToken(32);
  Session s;
  s.id = crypto::HashHex(result.session_token);
  s.practice_id = user.practice_id;
  s.user_id = user.id;
  s.csrf_token = crypto::RandomToken(24);
  s.stage = step == MfaStep::kEnroll ? "mfa_enroll" : "full";
  s.created_at = now;
  s.last_seen_at = now;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto r = store::InsertSession(c, s, origin.ip); !r) return r;
    if (auto r = store::ClearFailures(c, user.id); !r) return r;
    if (totp_step)
      if (auto r = store::SetTotpLastStep(c, user.id, *totp_step); !r) return r;
    return audit::Append(c, AuditFor(user, "auth.login", origin), now);
  });
  if (!st) return tl::unexpected(st.error());
  result.principal = PrincipalFor(user, (*practice)->name);
  result.principal.session_id = s.id;
  result.principal.csrf_token = s.csrf_token;
  result.principal.mfa_enrollment_pending = step == MfaStep::kEnroll;
  return result;
}

Status Service::Logout(const Principal& who, const Origin& origin) {
  EpochSeconds now = clock_.Now();
  return db_.WithWrite([&](db::Connection& c) -> Status {
    if (!who.session_id.empty())
      if (auto st = store::DeleteSession(c, who.session_id); !st) return st;
    return audit::Append(c, AuditFor(who, "auth.logout", origin), now);
  });
}

Result<Principal> Service::AuthenticateSession(const std::string& token) {
  if (token.empty() || token.size() > 100) return Fail(ErrorCode::kUnauthenticated, "Sign in to continue.");
  std::string id = crypto::HashHex(token);
  auto row = db_.Read([&](db::Connection& c) { return store::FindSession(c, id); });
  if (!row) return tl::unexpected(row.error());
  if (!*row || (*row)->user.disabled) return Fail(ErrorCode::kUnauthenticated, "Sign in to continue.");
  const auto& s = (*row)->session;
  EpochSeconds now = clock_.Now();
  SessionVerdict verdict = CheckSession(s.created_at, s.last_seen_at, now, options_.limits);
  if (verdict != SessionVerdict::kValid) {
    const User& u = (*row)->user;
    (void)db_.WithWrite([&](db::Connection& c) -> Status {
      if (auto st = store::DeleteSession(c, id); !st) return st;
      audit::Event e = AuditFor(u, verdict == SessionVerdict::kIdleExpired ? "auth.session_idle_timeout" : "auth.session_expired", Origin{});
      return audit::Append(c, e, now);
    });
    return Fail(ErrorCode::kUnauthenticated, verdict == SessionVerdict::kIdleExpired
                                                 ? "You were signed out after a period of inactivity. Sign in again."
                                                 : "Your session has ended. Sign in again.");
  }
  if (ShouldTouchSession(s.last_seen_at, now)) {
    (void)db_.WithWrite([&](db::Connection& c) { return store::TouchSession(c, id, now); });
  }
  Principal p = PrincipalFor((*row)->user, (*row)->practice_name);
  p.session_id = s.id;
  p.csrf_token = s.csrf_token;
  p.mfa_enrollment_pending = s.stage == "mfa_enroll";
  return p;
}

Result<Principal> Service::AuthenticateToken(const std::string& token) {
  if (token.empty() || token.size() > 200) return Fail(ErrorCode::kUnauthenticated, "The API token is not valid.");
  auto row = db_.Read([&](db::Connection& c) { return store::FindToken(c, crypto::HashHex(token)); });
  if (!row) return tl::unexpected(row.error());
  if (!*row || (*row)->first.disabled) return Fail(ErrorCode::kUnauthenticated, "The API token is not valid.");
  return PrincipalFor((*row)->first, (*row)->second);
}

Result<MfaEnrollment> Service::BeginMfaEnrollment(const Principal& who, const Origin& origin) {
  auto user = db_.Read([&](db::Connection& c) { return store::FindUser(c, who.practice_id, who.user_id); });
  if (!user) return tl::unexpected(user.error());
  if (!*user) return Fail(ErrorCode::kNotFound, "Not found.");
  if ((*user)->totp_enabled) return Fail(ErrorCode::kConflict, "Two-step sign-in is already set up for this account.");
  MfaEnrollment out;
  out.secret = crypto::NewTotpSecret();
  out.otpauth_uri = crypto::TotpUri("Duet (" + who.practice_name + ")", who.email, out.secret);
  out.qr_svg = crypto::QrSvg(out.otpauth_uri);
  std::string sealed = keys_.SealWithMaster(out.secret, std::string(kTotpContext) + who.user_id);
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto r = store::SetPendingTotp(c, who.user_id, sealed); !r) return r;
    return audit::Append(c, AuditFor(who, "auth.mfa_enrollment_started", origin), clock_.Now());
  });
  if (!st) return tl::unexpected(st.error());
  return out;
}

Status Service::ConfirmMfa(const Principal& who, const std::string& code, const Origin& origin) {
  auto user = db_.Read([&](db::Connection& c) { return store::FindUser(c, who.practice_id, who.user_id); });
  if (!user) return tl::unexpected(user.error());
  if (!*user) return Fail(ErrorCode::kNotFound, "Not found.");
  if ((*user)->totp_enabled) return Fail(ErrorCode::kConflict, "Two-step sign-in is already set up for this account.");
  if (!(*user)->totp_secret) return Fail(ErrorCode::kConflict, "Start setting up two-step sign-in first.");
  auto secret = keys_.OpenWithMaster(*(*user)->totp_secret, std::string(kTotpContext) + who.user_id);
  if (!secret) return tl::unexpected(secret.error());
  EpochSeconds now = clock_.Now();
  auto step = crypto::TotpVerify(*secret, code, now);
  if (!step) {
    if (auto st = RecordFailedAttempt(**user, origin, "auth.mfa_enrollment"); !st) return st;
    return Fail(ErrorCode::kInvalid, "That code is not right. Enter the newest 6-digit code from the app.", {}, "totp");
  }
  return db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto r = store::EnableTotp(c, who.user_id, *step); !r) return r;
    if (!who.session_id.empty())
      if (auto r = store::SetSessionStage(c, who.session_id, "full"); !r) return r;
    return audit::Append(c, AuditFor(who, "auth.mfa_enrolled", origin), now);
  });
}

Result<std::string> Service::CreatePractice(const NewPractice& request) {
  if (request.name.empty() || request.name.size() > 200)
    return Fail(ErrorCode::kInvalid, "A practice needs a name of at most 200 characters.", {}, "name");
  auto email = NormalizeEmail(request.owner_email);
  if (!email) return tl::unexpected(email.error());
  if (auto st = CheckPasswordStrength(request.owner_password); !st) return tl::unexpected(st.error());
  auto hash = crypto::HashPassword(request.owner_password);
  if (!hash) return tl::unexpected(hash.error());
  EpochSeconds now = clock_.Now();
  Practice p{crypto::NewId(), request.name, true, keys_.NewWrappedDataKey(), request.is_demo, now};
  User owner;
  owner.id = crypto::NewId();
  owner.practice_id = p.id;
  owner.email = *email;
  owner.display_name = request.owner_name.empty() ? "Practice owner" : request.owner_name;
  owner.role = Role::kOwner;
  owner.password_hash = *hash;
  owner.is_demo = request.is_demo;
  owner.created_at = now;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto r = store::InsertPractice(c, p); !r) return r;
    if (auto r = audit::StartChain(c, p.id); !r) return r;
    if (auto r = store::InsertUser(c, owner); !r) {
      Error e = r.error();
      if (e.code == ErrorCode::kConflict) e = Error{ErrorCode::kConflict, "A user with that e-mail already exists.", e.internal_detail, "owner_email", {}};
      return tl::unexpected(e);
    }
    audit::Event e = AuditFor(owner, "practice.create", Origin{"cli", ""});
    e.resource_type = "practice";
    e.resource_id = p.id;
    return audit::Append(c, e, now);
  });
  if (!st) return tl::unexpected(st.error());
  return p.id;
}

Result<std::string> Service::CreateUser(const std::string& practice_id, const NewUser& request) {
  auto email = NormalizeEmail(request.email);
  if (!email) return tl::unexpected(email.error());
  if (auto st = CheckPasswordStrength(request.password); !st) return tl::unexpected(st.error());
  auto hash = crypto::HashPassword(request.password);
  if (!hash) return tl::unexpected(hash.error());
  User u;
  u.id = crypto::NewId();
  u.practice_id = practice_id;
  u.email = *email;
  u.display_name = request.display_name;
  u.role = request.role;
  u.password_hash = *hash;
  u.is_demo = request.is_demo;
  u.created_at = clock_.Now();
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto r = store::InsertUser(c, u); !r) {
      Error e = r.error();
      if (e.code == ErrorCode::kConflict) e = Error{ErrorCode::kConflict, "A user with that e-mail already exists.", e.internal_detail, "email", {}};
      return tl::unexpected(e);
    }
    audit::Event e = AuditFor(u, "user.create", Origin{"cli", ""});
    return audit::Append(c, e, u.created_at);
  });
  if (!st) return tl::unexpected(st.error());
  return u.id;
}

Result<std::string> Service::CreateApiToken(const std::string& raw_email) {
  auto email = NormalizeEmail(raw_email);
  if (!email) return tl::unexpected(email.error());
  auto user = db_.Read([&](db::Connection& c) { return store::FindUserByEmail(c, *email); });
  if (!user) return tl::unexpected(user.error());
  if (!*user) return Fail(ErrorCode::kNotFound, "No user has that e-mail address.");
  std::string token = "duet_" + crypto::RandomToken(32);
  EpochSeconds now = clock_.Now();
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    std::string id = crypto::NewId();
    if (auto r = store::InsertToken(c, id, (*user)->practice_id, (*user)->id, crypto::HashHex(token), now); !r) return r;
    audit::Event e = AuditFor(**user, "auth.token_created", Origin{"cli", ""});
    e.resource_type = "api_token";
    e.resource_id = id;
    return audit::Append(c, e, now);
  });
  if (!st) return tl::unexpected(st.error());
  return token;
}

Result<std::int64_t> Service::CountPractices() {
  return db_.Read([](db::Connection& c) { return store::CountPractices(c); });
}

Result<Practice> Service::GetPractice(const Principal& who) {
  auto p = db_.Read([&](db::Connection& c) { return store::FindPractice(c, who.practice_id); });
  if (!p) return tl::unexpected(p.error());
  if (!*p) return Fail(ErrorCode::kNotFound, "Not found.");
  return **p;
}

Result<Practice> Service::PracticeById(const std::string& practice_id) {
  auto p = db_.Read([&](db::Connection& c) { return store::FindPractice(c, practice_id); });
  if (!p) return tl::unexpected(p.error());
  if (!*p) return Fail(ErrorCode::kNotFound, "Not found.");
  return **p;
}

Result<crypto::DataKey> Service::DataKeyFor(const std::string& practice_id) {
  auto p = PracticeById(practice_id);
  if (!p) return tl::unexpected(p.error());
  return crypto::DataKey(keys_, std::move(p->wrapped_key));
}

Result<Practice> Service::UpdatePractice(const Principal& who, std::optional<bool> mfa_required, const Origin& origin) {
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (mfa_required)
      if (auto r = store::SetPracticeMfaRequired(c, who.practice_id, *mfa_required); !r) return r;
    audit::Event e = AuditFor(who, "practice.update", origin);
    e.resource_type = "practice";
    e.resource_id = who.practice_id;
    return audit::Append(c, e, clock_.Now());
  });
  if (!st) return tl::unexpected(st.error());
  return GetPractice(who);
}

Result<std::vector<User>> Service::ListUsers(const Principal& who) {
  return db_.Read([&](db::Connection& c) { return store::ListUsers(c, who.practice_id); });
}

Result<std::vector<audit::Stored>> Service::ListAudit(const Principal& who, const std::optional<std::string>& client_id,
                                                      std::int64_t before_seq, int limit, const Origin& origin) {
  auto events = db_.Read([&](db::Connection& c) { return audit::List(c, who.practice_id, client_id, before_seq, limit); });
  if (!events) return tl::unexpected(events.error());
  // Reading the audit log is itself an access worth recording.
  audit::Event e = AuditFor(who, "audit.read", origin);
  if (client_id) e.client_id = *client_id;
  if (auto st = audit::AppendNow(db_, e, clock_.Now()); !st) return tl::unexpected(st.error());
  return events;
}

Result<std::int64_t> Service::SweepSessions() {
  EpochSeconds now = clock_.Now();
  return db_.Write([&](db::Connection& c) {
    return c.Exec("DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?",
                  {now - options_.limits.idle_seconds, now - options_.limits.absolute_seconds});
  });
}

}  // namespace duet::identity
