#include "identity/service.hpp"

#include <nlohmann/json.hpp>

#include "identity/rules.hpp"
#include "identity/store.hpp"
#include "platform/jobs.hpp"
#include "platform/log.hpp"
#include "platform/words.hpp"

namespace duet::identity {
namespace {
constexpr std::string_view kBadCredentials =
    "The e-mail or password is incorrect. After five wrong tries an account is locked for 15 minutes.";
constexpr std::string_view kBadCode = "That code is not right. Check the time on your phone and try the newest code.";
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

std::optional<RecentSignIns::Entry> RecentSignIns::Find(const std::string& key) {
  if (keep_.count() <= 0) return std::nullopt;
  const auto now = std::chrono::steady_clock::now();
  const std::uint64_t generation = Generation();
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  if (it->second.generation != generation || it->second.until <= now) {
    entries_.erase(it);
    return std::nullopt;
  }
  return it->second.entry;
}

void RecentSignIns::Keep(const std::string& key, Entry entry, std::uint64_t generation) {
  if (keep_.count() <= 0) return;
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  if (generation != Generation()) return;  // something changed while it was read: not worth keeping
  if (now >= next_sweep_) {                // at most once a `keep`: what is no longer fresh goes
    std::erase_if(entries_, [&](const auto& kv) { return kv.second.until <= now; });
    next_sweep_ = now + keep_;
  }
  if (entries_.size() >= kMaxEntries) entries_.clear();  // bounded, whatever the number of people
  entries_.insert_or_assign(key, Kept{std::move(entry), now + keep_, generation});
}

void RecentSignIns::Forget() {
  generation_.fetch_add(1, std::memory_order_acq_rel);
  std::lock_guard lock(mutex_);
  entries_.clear();
}

void RecentSignIns::Touch(const std::string& key, EpochSeconds last_seen) {
  std::lock_guard lock(mutex_);
  if (auto it = entries_.find(key); it != entries_.end())
    it->second.entry.last_seen = std::max(it->second.entry.last_seen, last_seen);
}

Service::Service(db::Database& db, const crypto::Keyring& keys, const Clock& clock, Options options)
    : db_(db), keys_(keys), clock_(clock), options_(options), recent_(options.sign_in_memory) {}

Status Service::Change(const std::function<Status(db::Connection&)>& fn) {
  Status st = db_.WithWrite(fn);
  recent_.Forget();
  return st;
}

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

Result<std::optional<int>> Service::ReserveAttempt(const User& user) {
  const EpochSeconds now = clock_.Now();
  return ChangeTo([&](db::Connection& c) { return store::ReserveAttempt(c, user.id, now); });
}

Status Service::RecordFailedAttempt(const User& user, int attempt, const Origin& origin, std::string_view action,
                                    std::string_view result) {
  EpochSeconds now = clock_.Now();
  FailureOutcome outcome = OnFailedAttempt(attempt, now, options_.lockout);
  return Change([&](db::Connection& c) -> Status {
    // The attempt was counted when it was reserved; here it is audited, and locks at the limit.
    if (auto st = audit::Append(c, AuditFor(user, std::string(action), origin, std::string(result)), now); !st)
      return st;
    if (!outcome.just_locked) return {};
    auto locked = store::LockAccount(c, user.id, now, outcome.locked_until);
    if (!locked) return tl::unexpected(locked.error());
    if (*locked == 0) return {};  // a racing attempt locked it first
    return audit::Append(c, AuditFor(user, "auth.account_locked", origin), now);
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

Session Service::NewSession(const User& user, MfaStep step, EpochSeconds now, std::string& token) const {
  token = crypto::RandomToken(32);
  Session s;
  s.id = crypto::HashHex(token);
  s.practice_id = user.practice_id;
  s.user_id = user.id;
  s.csrf_token = crypto::RandomToken(24);
  s.stage = step == MfaStep::kEnroll ? "mfa_enroll" : "full";
  s.created_at = now;
  s.last_seen_at = now;
  return s;
}

Result<LoginResult> Service::Login(const LoginRequest& request, const Origin& origin) {
  if (auto st = ThrottleIp(origin.ip); !st) return tl::unexpected(st.error());
  auto email = NormalizeEmail(request.email);
  if (!email) return tl::unexpected(email.error());
  auto found = db_.Read([&](db::Connection& c) { return store::FindUserByEmail(c, *email); });
  if (!found) return tl::unexpected(found.error());
  EpochSeconds now = clock_.Now();
  // Spends the time of a real check, so that response time does not reveal which accounts exist.
  auto equalise = [&] {
    static const std::string dummy_hash = crypto::HashPassword("duet-timing-equaliser").value_or("");
    CheckPassword(dummy_hash, request.password);
  };
  if (!*found || (*found)->disabled) {
    equalise();
    log::Event(log::Level::kInfo, "auth.login_failed",
               {{"reason", "unknown_account"}, {"request_id", origin.request_id}});
    return Fail(ErrorCode::kUnauthenticated, std::string(kBadCredentials));
  }
  const User& user = **found;
  // A locked account answers as a wrong password does (and takes as long), so the answer never
  // tells which accounts exist; the message says what to do in either case.
  auto locked_answer = [&] {
    equalise();
    return Fail(ErrorCode::kUnauthenticated, std::string(kBadCredentials), "account locked");
  };
  // The attempt is counted before the password is checked, so parallel guesses cannot all be checked.
  auto attempt = IsLocked(user.locked_until, now) ? Result<std::optional<int>>(std::nullopt) : ReserveAttempt(user);
  if (!attempt) return tl::unexpected(attempt.error());
  if (!*attempt) {
    audit::AppendOrReport(db_, AuditFor(user, "auth.login", origin, "denied"), now);
    return locked_answer();
  }
  if (!MayCheckAttempt(**attempt, options_.lockout)) {
    // Beyond the limit (parallel guesses): refused unchecked ("denied"), and the account locks now.
    if (auto st = RecordFailedAttempt(user, **attempt, origin, "auth.login", "denied"); !st)
      return tl::unexpected(st.error());
    return locked_answer();
  }
  if (!CheckPassword(user.password_hash, request.password)) {
    if (auto st = RecordFailedAttempt(user, **attempt, origin, "auth.login"); !st) return tl::unexpected(st.error());
    return Fail(ErrorCode::kUnauthenticated, std::string(kBadCredentials));
  }
  auto practice = db_.Read([&](db::Connection& c) { return store::FindPractice(c, user.practice_id); });
  if (!practice) return tl::unexpected(practice.error());
  if (!*practice) return Fail(ErrorCode::kInternal, "Internal error.", "user without practice");

  MfaStep step = RequiredMfa(user.role, (*practice)->mfa_required, user.is_demo, user.totp_enabled);
  std::optional<std::int64_t> totp_step;
  if (step == MfaStep::kVerify) {
    if (!request.totp || request.totp->empty()) {
      // The password was right; the code comes with the next request, which counts as the attempt.
      if (auto st = Change([&](db::Connection& c) { return store::ReleaseAttempt(c, user.id); }); !st)
        return tl::unexpected(st.error());
      return Fail(ErrorCode::kMfaRequired, "Enter the 6-digit code from your authenticator app.", {}, "totp");
    }
    auto secret = keys_.OpenWithMaster(user.totp_secret.value_or(""), std::string(kTotpContext) + user.id);
    if (!secret) return tl::unexpected(secret.error());
    totp_step = crypto::TotpVerify(*secret, *request.totp, now);
    // A code is accepted once: a step at or before the last one used is a replay.
    if (!totp_step || *totp_step <= user.totp_last_step) {
      if (auto st = RecordFailedAttempt(user, **attempt, origin, "auth.mfa"); !st) return tl::unexpected(st.error());
      return Fail(ErrorCode::kUnauthenticated, std::string(kBadCode), {}, "totp");
    }
  }

  LoginResult result;
  Session s = NewSession(user, step, now, result.session_token);
  auto st = Change([&](db::Connection& c) -> Status {
    // A code is used once even when parallel sign-ins carry it: the guarded update lets one win.
    if (totp_step) {
      auto used = store::UseTotpStep(c, user.id, *totp_step);
      if (!used) return tl::unexpected(used.error());
      if (*used == 0) return Fail(ErrorCode::kUnauthenticated, std::string(kBadCode), "totp step raced", "totp");
    }
    if (auto r = store::InsertSession(c, s, origin.ip); !r) return r;
    if (auto r = store::ClearFailures(c, user.id); !r) return r;
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
  return Change([&](db::Connection& c) -> Status {
    if (!who.session_id.empty())
      if (auto st = store::DeleteSession(c, who.session_id); !st) return st;
    return audit::Append(c, AuditFor(who, "auth.logout", origin), now);
  });
}

Result<Principal> Service::AuthenticateSession(const std::string& token) {
  if (token.empty() || token.size() > 100) return Fail(ErrorCode::kUnauthenticated, "Sign in to continue.");
  std::string id = crypto::HashHex(token);
  const std::string key = "s" + id;
  EpochSeconds now = clock_.Now();
  // A session checked a moment ago, still within its limits, is taken as it was; anything else is read.
  if (auto kept = recent_.Find(key);
      kept && CheckSession(kept->since, kept->last_seen, now, options_.limits) == SessionVerdict::kValid) {
    if (ShouldTouchSession(kept->last_seen, now)) {
      (void)db_.WithWrite([&](db::Connection& c) { return store::TouchSession(c, id, now); });
      recent_.Touch(key, now);
    }
    recent_.CountRemembered();
    return std::move(kept->principal);
  }
  const std::uint64_t generation = recent_.Generation();
  recent_.CountRead();
  auto row = db_.Read([&](db::Connection& c) { return store::FindSession(c, id); });
  if (!row) return tl::unexpected(row.error());
  if (!*row || (*row)->user.disabled) return Fail(ErrorCode::kUnauthenticated, "Sign in to continue.");
  const auto& s = (*row)->session;
  SessionVerdict verdict = CheckSession(s.created_at, s.last_seen_at, now, options_.limits);
  if (verdict != SessionVerdict::kValid) {
    const User& u = (*row)->user;
    (void)Change([&](db::Connection& c) -> Status {
      if (auto st = store::DeleteSession(c, id); !st) return st;
      audit::Event e = AuditFor(
          u, verdict == SessionVerdict::kIdleExpired ? "auth.session_idle_timeout" : "auth.session_expired", Origin{});
      return audit::Append(c, e, now);
    });
    return Fail(ErrorCode::kUnauthenticated, verdict == SessionVerdict::kIdleExpired
                                                 ? "You were signed out after a period of inactivity. Sign in again."
                                                 : "Your session has ended. Sign in again.");
  }
  EpochSeconds last_seen = s.last_seen_at;
  if (ShouldTouchSession(s.last_seen_at, now)) {
    (void)db_.WithWrite([&](db::Connection& c) { return store::TouchSession(c, id, now); });
    last_seen = now;
  }
  Principal p = PrincipalFor((*row)->user, (*row)->practice_name);
  p.session_id = s.id;
  p.csrf_token = s.csrf_token;
  p.mfa_enrollment_pending = s.stage == "mfa_enroll";
  p.acting_client_id = s.acting_client_id;
  recent_.Keep(key, {p, s.created_at, last_seen, 0}, generation);
  return p;
}

Result<Principal> Service::AuthenticateToken(const std::string& token) {
  if (token.empty() || token.size() > 200) return Fail(ErrorCode::kUnauthenticated, "The API token is not valid.");
  std::string hash = crypto::HashHex(token);
  const std::string key = "t" + hash;
  EpochSeconds now = clock_.Now();
  // A token checked a moment ago is taken as it was, unless it has expired since or its hourly use is due.
  if (auto kept = recent_.Find(key);
      kept && (kept->ends == 0 || now < kept->ends) && !ShouldRecordTokenUse(kept->last_seen, now)) {
    recent_.CountRemembered();
    return std::move(kept->principal);
  }
  const std::uint64_t generation = recent_.Generation();
  recent_.CountRead();
  auto row = db_.Read([&](db::Connection& c) { return store::FindToken(c, hash); });
  if (!row) return tl::unexpected(row.error());
  if (!*row || (*row)->user.disabled || !TokenValid((*row)->token, now))
    return Fail(ErrorCode::kUnauthenticated, "The API token is not valid (unknown, revoked or expired).");
  const ApiToken& t = (*row)->token;
  EpochSeconds last_used = t.last_used_at;
  if (ShouldRecordTokenUse(t.last_used_at, now)) {
    (void)db_.WithWrite([&](db::Connection& c) { return store::TouchToken(c, t.id, now); });
    last_used = now;
  }
  Principal p = PrincipalFor((*row)->user, (*row)->practice_name);
  p.read_only = t.scope == TokenScope::kReadOnly;
  recent_.Keep(key, {p, t.created_at, last_used, t.expires_at}, generation);
  return p;
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
  auto st = Change([&](db::Connection& c) -> Status {
    if (auto r = store::SetPendingTotp(c, who.user_id, sealed); !r) return r;
    return audit::Append(c, AuditFor(who, "auth.mfa_enrollment_started", origin), clock_.Now());
  });
  if (!st) return tl::unexpected(st.error());
  return out;
}

Result<std::pair<std::string, std::string>> Service::ConfirmMfa(const Principal& who, const std::string& code,
                                                                const Origin& origin) {
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
    auto attempt = ReserveAttempt(**user);
    if (!attempt) return tl::unexpected(attempt.error());
    if (*attempt)
      if (auto st = RecordFailedAttempt(**user, **attempt, origin, "auth.mfa_enrollment"); !st)
        return tl::unexpected(st.error());
    return Fail(ErrorCode::kInvalid, "That code is not right. Enter the newest 6-digit code from the app.", {}, "totp");
  }
  std::pair<std::string, std::string> rotated;
  auto st = Change([&](db::Connection& c) -> Status {
    if (auto r = store::EnableTotp(c, who.user_id, *step); !r) return r;
    if (!who.session_id.empty()) {
      rotated = {crypto::RandomToken(32), crypto::RandomToken(24)};
      if (auto r = store::RotateSession(c, who.session_id, crypto::HashHex(rotated.first), rotated.second, "full"); !r)
        return r;
    }
    return audit::Append(c, AuditFor(who, "auth.mfa_enrolled", origin), now);
  });
  if (!st) return tl::unexpected(st.error());
  return rotated;
}

Result<std::string> Service::CreatePractice(const NewPractice& request, const PracticeCreated& also,
                                            const Origin& origin) {
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
  auto st = Change([&](db::Connection& c) -> Status {
    if (auto r = store::InsertPractice(c, p); !r) return r;
    if (auto r = audit::StartChain(c, p.id); !r) return r;
    if (auto r = store::InsertUser(c, owner); !r) {
      Error e = r.error();
      if (e.code == ErrorCode::kConflict)
        e = Error{
            ErrorCode::kConflict, "A user with that e-mail already exists.", e.internal_detail, "owner_email", {}};
      return tl::unexpected(e);
    }
    for (const auto& setup : practice_setup_)
      if (auto r = setup(c, p.id, now); !r) return r;
    audit::Event e = AuditFor(owner, "practice.create", origin);
    e.resource_type = "practice";
    e.resource_id = p.id;
    if (auto r = audit::Append(c, e, now); !r) return r;
    return also ? also(c, owner, now) : Status{};
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
  if (!request.clinician_id.empty() && !MayLinkClinician(u.role))
    return Fail(ErrorCode::kInvalid, "Only a clinician, supervisor or owner account signs in for a clinician record.",
                {}, "role");
  auto st = Change([&](db::Connection& c) -> Status {
    if (auto r = store::InsertUser(c, u); !r) {
      Error e = r.error();
      if (e.code == ErrorCode::kConflict)
        e = Error{ErrorCode::kConflict, "A user with that e-mail already exists.", e.internal_detail, "email", {}};
      return tl::unexpected(e);
    }
    if (!request.clinician_id.empty()) {
      auto linked = store::LinkClinician(c, practice_id, request.clinician_id, u.id);
      if (!linked) return tl::unexpected(linked.error());
      if (*linked == 0)
        return Fail(ErrorCode::kConflict, "That clinician record does not exist or already has an account.", {},
                    "clinician_id");
    }
    audit::Event e = AuditFor(u, "user.create", Origin{"cli", ""});
    return audit::Append(c, e, u.created_at);
  });
  if (!st) return tl::unexpected(st.error());
  return u.id;
}

Result<std::pair<ApiToken, std::string>> Service::CreateApiToken(const std::string& raw_email,
                                                                 const NewToken& request) {
  auto email = NormalizeEmail(raw_email);
  if (!email) return tl::unexpected(email.error());
  auto user = db_.Read([&](db::Connection& c) { return store::FindUserByEmail(c, *email); });
  if (!user) return tl::unexpected(user.error());
  if (!*user) return Fail(ErrorCode::kNotFound, "No user has that e-mail address.");
  Principal cli;
  cli.practice_id = (*user)->practice_id;
  cli.role = Role::kOwner;
  return IssueToken(cli, (*user)->id, request, Origin{"cli", ""});
}

Result<std::pair<ApiToken, std::string>> Service::IssueToken(const Principal& who, const std::string& user_id,
                                                             const NewToken& request, const Origin& origin) {
  if (request.name.size() > 80) return Fail(ErrorCode::kInvalid, "At most 80 characters.", {}, "name");
  if (request.expires_in_days < 1 || request.expires_in_days > 730)
    return Fail(ErrorCode::kInvalid, "A token lasts from 1 to 730 days.", {}, "expires_in_days");
  auto user = FindUserIn(who.practice_id, user_id);
  if (!user) return tl::unexpected(user.error());
  if (user->disabled) return FailRule("inactive", "This account is deactivated; it cannot have API tokens.");
  EpochSeconds now = clock_.Now();
  ApiToken t;
  t.id = crypto::NewId();
  t.practice_id = user->practice_id;
  t.user_id = user->id;
  t.user_email = user->email;
  t.name = request.name;
  t.scope = request.scope;
  t.created_at = now;
  t.expires_at = now + static_cast<EpochSeconds>(request.expires_in_days) * 86400;
  std::string token = "duet_" + crypto::RandomToken(32);
  auto st = Change([&](db::Connection& c) -> Status {
    if (auto r = store::InsertToken(c, t, crypto::HashHex(token), who.user_id); !r) return r;
    audit::Event e = who.user_id.empty() ? AuditFor(*user, "auth.token_created", origin)
                                         : AuditFor(who, "auth.token_created", origin);
    e.resource_type = "api_token";
    e.resource_id = t.id;
    e.detail = std::string(TokenScopeName(t.scope)) + ", " + std::to_string(request.expires_in_days) + " days";
    return audit::Append(c, e, now);
  });
  if (!st) return tl::unexpected(st.error());
  return std::make_pair(t, token);
}

Result<std::vector<ApiToken>> Service::ListTokens(const Principal* who) {
  return db_.Read([&](db::Connection& c) { return store::ListTokens(c, who ? who->practice_id : ""); });
}

Status Service::RevokeToken(const Principal* who, const std::string& id, const Origin& origin) {
  EpochSeconds now = clock_.Now();
  return Change([&](db::Connection& c) -> Status {
    auto n = store::RevokeToken(c, who ? who->practice_id : "", id, now);
    if (!n) return tl::unexpected(n.error());
    if (*n == 0) return Fail(ErrorCode::kNotFound, "No such API token, or it is already revoked.");
    if (!who) return {};  // the command line: no actor in a practice to chain the event to
    audit::Event e = AuditFor(*who, "auth.token_revoked", origin);
    e.resource_type = "api_token";
    e.resource_id = id;
    return audit::Append(c, e, now);
  });
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
  auto st = Change([&](db::Connection& c) -> Status {
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
  // Events of writes still in the outbox (PostgreSQL) are chained first, so the trail shows every write.
  if (auto settled = audit::Settle(db_); !settled) return tl::unexpected(settled.error());
  auto events =
      db_.Read([&](db::Connection& c) { return audit::List(c, who.practice_id, client_id, before_seq, limit); });
  if (!events) return tl::unexpected(events.error());
  // Reading the audit log is itself an access worth recording.
  audit::Event e = AuditFor(who, "audit.read", origin);
  if (client_id) e.client_id = *client_id;
  if (auto st = audit::AppendNow(db_, e, clock_.Now()); !st) return tl::unexpected(st.error());
  return events;
}

Result<std::int64_t> Service::SweepSessions() {
  EpochSeconds now = clock_.Now();
  return ChangeTo([&](db::Connection& c) -> Result<std::int64_t> {
    // Sign-in links a day past their expiry count for nothing (the hourly limit looks back an hour).
    if (auto links = c.Exec("DELETE FROM sign_in_links WHERE expires_at < ?", {now - 86400}); !links)
      return tl::unexpected(links.error());
    return c.Exec("DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?",
                  {now - options_.limits.idle_seconds, now - options_.limits.absolute_seconds});
  });
}

// ---- staff accounts ----

namespace {
constexpr EpochSeconds kInvitationLifetime = 7 * 86400;

std::string RoleLabel(Role role) {
  switch (role) {
    case Role::kOwner:
      return "an owner";
    case Role::kClinician:
      return "a clinician";
    case Role::kSupervisor:
      return "a supervisor";
    case Role::kBiller:
      return "a biller";
    case Role::kFrontDesk:
      return "front desk";
    case Role::kClient:
      return "a client";
  }
  return "staff";
}

Status NotFoundUser() { return Fail(ErrorCode::kNotFound, "There is no such user in this practice."); }
}  // namespace

void Service::SetMailer(mail::Mailer* mailer, std::string public_url) {
  mailer_ = mailer;
  public_url_ = std::move(public_url);
}

Result<IssuedInvitation> Service::IssueInvitation(const std::string& practice_id, const std::string& invited_by,
                                                  audit::Event event, const NewInvitation& request) {
  auto email = NormalizeEmail(request.email);
  if (!email) return tl::unexpected(email.error());
  if (auto may = MayInvite(request.role, !request.clinician_id.empty(), !request.client_id.empty()); !may)
    return tl::unexpected(may.error());
  if (request.display_name.size() > 200)
    return Fail(ErrorCode::kInvalid, "At most 200 characters.", {}, "display_name");
  EpochSeconds now = clock_.Now();
  IssuedInvitation out;
  out.token = crypto::RandomToken(32);
  Invitation& inv = out.invitation;
  inv.id = crypto::NewId();
  inv.practice_id = practice_id;
  inv.email = *email;
  inv.display_name = request.display_name;
  inv.role = request.role;
  inv.clinician_id = request.clinician_id;
  inv.client_id = request.client_id;
  inv.guardian = request.guardian && !request.client_id.empty();
  inv.invited_by = invited_by;
  inv.created_at = now;
  inv.expires_at = now + kInvitationLifetime;
  std::string language = "en";  // a client's invitation is in the client's words
  auto st = Change([&](db::Connection& c) -> Status {
    auto existing = store::FindUserByEmail(c, inv.email);
    if (!existing) return tl::unexpected(existing.error());
    // A guardian's invitation may go to an account this practice's clients already use (a parent of two
    // children, or a parent who is a client too): accepting it while signed in adds the link.
    const bool adds_link = *existing && inv.guardian && (*existing)->role == Role::kClient &&
                           (*existing)->practice_id == practice_id && !(*existing)->disabled;
    if (*existing && !adds_link)
      return Fail(ErrorCode::kConflict, "That e-mail address already has a Duet account.", {}, "email");
    if (!inv.clinician_id.empty()) {
      auto link = store::FindClinicianLink(c, practice_id, inv.clinician_id);
      if (!link) return tl::unexpected(link.error());
      if (!*link) return Fail(ErrorCode::kInvalid, "There is no such clinician in this practice.", {}, "clinician_id");
      if (!(*link)->user_id.empty())
        return Fail(ErrorCode::kConflict, "That clinician already has an account.", {}, "clinician_id");
      if (inv.display_name.empty()) inv.display_name = (*link)->name;
    }
    if (!inv.client_id.empty()) {
      auto link = store::FindClientLink(c, practice_id, inv.client_id);
      if (!link) return tl::unexpected(link.error());
      if (!*link) return Fail(ErrorCode::kNotFound, "No such client.");
      language = (*link)->language;
      if (!inv.guardian && !(*link)->user_id.empty())
        return Fail(ErrorCode::kConflict, "This client already has an account.", {}, "email");
      if (!(*link)->active)
        return FailRule("discharged", "This client is discharged; reactivate them before inviting them.");
      if (!inv.guardian) inv.display_name = (*link)->name;
      if (adds_link) {
        if ((*link)->user_id == (*existing)->id)
          return Fail(ErrorCode::kConflict, "That is the client's own account.", {}, "email");
        auto linked = store::GuardianLinked(c, practice_id, inv.client_id, (*existing)->id);
        if (!linked) return tl::unexpected(linked.error());
        if (*linked) return Fail(ErrorCode::kConflict, "That account already sees this client's pages.", {}, "email");
        inv.display_name = (*existing)->display_name;
      }
    }
    if (inv.display_name.empty()) inv.display_name = inv.email.substr(0, inv.email.find('@'));
    if (auto r = store::RevokePendingInvitations(c, practice_id, inv.email, now, inv.guardian ? inv.client_id : ""); !r)
      return r;
    if (auto r = store::InsertInvitation(c, inv, crypto::HashHex(out.token)); !r) return r;
    event.action = "user.invite";
    event.resource_type = "invitation";
    event.resource_id = inv.id;
    event.client_id = inv.client_id;
    return audit::Append(c, event, now);
  });
  if (!st) return tl::unexpected(st.error());
  if (mailer_ && mailer_->enabled()) {
    auto practice = PracticeById(practice_id);
    std::string name = practice ? practice->name : "a practice";
    // A client's or guardian's invitation names no one: the e-mail says nothing about anyone's care.
    // The page the link opens starts in the client's language.
    const std::string link = public_url_ + out.Path() + (language != "en" ? "?lang=" + language : "");
    mail::Message m;
    m.to = inv.email;
    if (inv.role == Role::kClient) {
      const auto& w = words::For(language);
      m.subject = w.Say("invite.client.subject", {{"practice", name}});
      m.body =
          w.Say(inv.guardian ? "invite.guardian.body" : "invite.client.body", {{"practice", name}, {"link", link}});
    } else {
      m.subject = "You are invited to join " + name + " on Duet";
      m.body = "Hello " + inv.display_name + ",\n\n" + name + " has invited you to Duet as " + RoleLabel(inv.role) +
               ". Open this link to choose your password (it works once, for 7 days):\n\n" + link +
               "\n\nIf you did not expect this, ignore this e-mail.\n";
    }
    auto sent = mailer_->Send(m);
    if (!sent) log::Event(log::Level::kWarn, "invitation_mail_failed", {{"detail", sent.error().internal_detail}});
  }
  return out;
}

Result<IssuedInvitation> Service::Invite(const Principal& who, const NewInvitation& request, const Origin& origin) {
  return IssueInvitation(who.practice_id, who.user_id, AuditFor(who, "user.invite", origin), request);
}

Result<IssuedInvitation> Service::InviteFromCli(const std::string& practice_id, const NewInvitation& request) {
  audit::Event e;
  e.practice_id = practice_id;
  e.actor_role = "cli";
  e.ip = "cli";
  return IssueInvitation(practice_id, "", e, request);
}

Result<std::vector<Invitation>> Service::ListInvitations(const Principal& who) {
  return db_.Read([&](db::Connection& c) { return store::ListOpenInvitations(c, who.practice_id); });
}

Status Service::RevokeInvitation(const Principal& who, const std::string& id, const Origin& origin) {
  EpochSeconds now = clock_.Now();
  return Change([&](db::Connection& c) -> Status {
    auto found = store::FindInvitation(c, who.practice_id, id);
    if (!found) return tl::unexpected(found.error());
    if (!*found) return Fail(ErrorCode::kNotFound, "There is no such invitation.");
    if (auto st = MayAccept(**found, now); !st) {
      if ((*found)->revoked_at > 0) return {};  // withdrawing twice is the same as once
      return st;
    }
    if (auto r = store::RevokeInvitation(c, who.practice_id, id, now); !r) return tl::unexpected(r.error());
    audit::Event e = AuditFor(who, "user.invitation_revoke", origin);
    e.resource_type = "invitation";
    e.resource_id = id;
    return audit::Append(c, e, now);
  });
}

Result<InvitationPreview> Service::PreviewInvitation(const std::string& token, const Origin& origin) {
  if (auto st = ThrottleIp(origin.ip); !st) return tl::unexpected(st.error());
  if (token.empty() || token.size() > 100) return Fail(ErrorCode::kNotFound, "This invitation link is not valid.");
  auto found = db_.Read([&](db::Connection& c) { return store::FindInvitationByToken(c, crypto::HashHex(token)); });
  if (!found) return tl::unexpected(found.error());
  if (!*found) return Fail(ErrorCode::kNotFound, "This invitation link is not valid.");
  if (auto st = MayAccept(**found, clock_.Now()); !st) return tl::unexpected(st.error());
  auto practice = PracticeById((*found)->practice_id);
  if (!practice) return tl::unexpected(practice.error());
  InvitationPreview out{practice->name, (*found)->email,      (*found)->display_name,
                        (*found)->role, (*found)->expires_at, practice->mfa_required};
  out.guardian = (*found)->guardian;
  if (out.guardian) {
    auto existing = db_.Read([&](db::Connection& c) { return store::FindUserByEmail(c, (*found)->email); });
    if (!existing) return tl::unexpected(existing.error());
    out.existing_account = existing->has_value();
  }
  return out;
}

Result<LoginResult> Service::AcceptInvitation(const std::string& token, const std::string& password,
                                              const Origin& origin) {
  if (auto st = ThrottleIp(origin.ip); !st) return tl::unexpected(st.error());
  if (token.empty() || token.size() > 100) return Fail(ErrorCode::kNotFound, "This invitation link is not valid.");
  auto found = db_.Read([&](db::Connection& c) { return store::FindInvitationByToken(c, crypto::HashHex(token)); });
  if (!found) return tl::unexpected(found.error());
  if (!*found) return Fail(ErrorCode::kNotFound, "This invitation link is not valid.");
  const Invitation inv = **found;
  EpochSeconds now = clock_.Now();
  if (auto st = MayAccept(inv, now); !st) return tl::unexpected(st.error());
  if (auto st = CheckPasswordStrength(password); !st) return tl::unexpected(st.error());
  auto practice = PracticeById(inv.practice_id);
  if (!practice) return tl::unexpected(practice.error());
  hashing_.acquire();
  auto hash = crypto::HashPassword(password);
  hashing_.release();
  if (!hash) return tl::unexpected(hash.error());
  User u;
  u.id = crypto::NewId();
  u.practice_id = inv.practice_id;
  u.email = inv.email;
  u.display_name = inv.display_name;
  u.role = inv.role;
  u.password_hash = *hash;
  u.created_at = now;
  MfaStep step = RequiredMfa(u.role, practice->mfa_required, false, false);
  LoginResult result;
  Session s = NewSession(u, step, now, result.session_token);
  auto st = Change([&](db::Connection& c) -> Status {
    if (auto r = store::InsertUser(c, u); !r) {
      if (r.error().code == ErrorCode::kConflict)
        return Fail(ErrorCode::kConflict, "That e-mail address already has a Duet account. Sign in instead.",
                    r.error().internal_detail);
      return r;
    }
    // The guarded update makes the link single-use even when two requests race with it.
    auto used = store::MarkInvitationAccepted(c, inv.id, u.id, now);
    if (!used) return tl::unexpected(used.error());
    if (*used == 0)
      return FailRule("invitation_used",
                      "This invitation has already been used. Sign in with your e-mail and password.");
    if (!inv.clinician_id.empty()) {
      auto linked = store::LinkClinician(c, inv.practice_id, inv.clinician_id, u.id);
      if (!linked) return tl::unexpected(linked.error());
      if (*linked == 0)
        return Fail(ErrorCode::kConflict,
                    "The clinician record of this invitation already has an account. Ask the practice.");
    }
    if (!inv.client_id.empty())
      if (auto took = store::TakeClientLanguage(c, inv.practice_id, inv.client_id, u.id); !took) return took;
    if (inv.guardian) {
      if (auto linked = store::LinkGuardian(c, inv.practice_id, inv.client_id, u.id, now); !linked)
        return tl::unexpected(linked.error());
    } else if (!inv.client_id.empty()) {
      auto linked = store::LinkClient(c, inv.practice_id, inv.client_id, u.id);
      if (!linked) return tl::unexpected(linked.error());
      if (*linked == 0)
        return Fail(ErrorCode::kConflict,
                    "This client record already has an account. Sign in instead, or ask the practice.");
    }
    if (auto r = store::InsertSession(c, s, origin.ip); !r) return r;
    audit::Event e = AuditFor(u, "user.invitation_accept", origin);
    e.resource_type = "invitation";
    e.resource_id = inv.id;
    if (auto r = audit::Append(c, e, now); !r) return r;
    return audit::Append(c, AuditFor(u, "auth.login", origin), now);
  });
  if (!st) return tl::unexpected(st.error());
  result.principal = PrincipalFor(u, practice->name);
  result.principal.session_id = s.id;
  result.principal.csrf_token = s.csrf_token;
  result.principal.mfa_enrollment_pending = step == MfaStep::kEnroll;
  return result;
}

Status Service::AcceptGuardianLink(const Principal& who, const std::string& token, const Origin& origin) {
  if (auto st = ThrottleIp(origin.ip); !st) return st;
  if (token.empty() || token.size() > 100) return Fail(ErrorCode::kNotFound, "This invitation link is not valid.");
  const EpochSeconds now = clock_.Now();
  return Change([&](db::Connection& c) -> Status {
    auto found = store::FindInvitationByToken(c, crypto::HashHex(token));
    if (!found) return tl::unexpected(found.error());
    // Another practice's link, or one not for a guardian, is not this account's to use.
    if (!*found || !(*found)->guardian || (*found)->practice_id != who.practice_id)
      return Fail(ErrorCode::kNotFound, "This invitation link is not valid.");
    const Invitation& inv = **found;
    if (auto st = MayAccept(inv, now); !st) return st;
    if (inv.email != who.email)
      return FailRule("other_email", "This invitation is for another e-mail address: sign in with that address.");
    auto used = store::MarkInvitationAccepted(c, inv.id, who.user_id, now);
    if (!used) return tl::unexpected(used.error());
    if (*used == 0) return FailRule("invitation_used", "This invitation has already been used.");
    auto linked = store::LinkGuardian(c, inv.practice_id, inv.client_id, who.user_id, now);
    if (!linked) return tl::unexpected(linked.error());
    if (*linked == 0) return Fail(ErrorCode::kConflict, "Your account already sees these pages.");
    audit::Event e = AuditFor(who, "user.invitation_accept", origin);
    e.resource_type = "invitation";
    e.resource_id = inv.id;
    e.client_id = inv.client_id;
    return audit::Append(c, e, now);
  });
}

Status Service::RequestSignInLink(const std::string& email, const Origin& origin) {
  if (auto st = ThrottleIp(origin.ip); !st) return st;
  auto normal = NormalizeEmail(email);
  if (!normal) return tl::unexpected(normal.error());
  if (!mailer_ || !mailer_->enabled())
    return FailRule("mail_off", "Sign-in links need the practice's mail server: sign in with your password.");
  // The same write for every address: whether an account exists is decided later, by the job. The address is
  // sealed in the job (the queue keeps what ran).
  const EpochSeconds now = clock_.Now();
  const std::string job_id = crypto::NewId();
  const std::string sealed = keys_.SealWithMaster(*normal, "sign-in-link:" + job_id);
  auto st = Change([&](db::Connection& c) -> Status {
    auto queued = jobs::Enqueue(c, "auth.sign_in_link", "auth.sign_in_link:" + job_id, "",
                                nlohmann::json{{"id", job_id}, {"email", sealed}}.dump(), now, now);
    if (!queued) return tl::unexpected(queued.error());
    return {};
  });
  if (!st) return st;
  if (wake_jobs_) wake_jobs_();
  return {};
}

Result<std::string> Service::SendSignInLink(const std::string& payload) {
  if (!mailer_ || !mailer_->enabled()) return std::string("skipped: no mail server");
  auto p = nlohmann::json::parse(payload, nullptr, false);
  if (!p.is_object()) return std::string("skipped: unreadable payload");
  auto email = keys_.OpenWithMaster(p.value("email", ""), "sign-in-link:" + p.value("id", ""));
  if (!email) return std::string("skipped: unreadable payload");
  auto found = db_.Read([&](db::Connection& c) { return store::FindUserByEmail(c, *email); });
  if (!found) return tl::unexpected(found.error());
  // Staff always sign in with a password and two-step sign-in; an unknown address gets nothing.
  if (!*found || (*found)->disabled || (*found)->role != Role::kClient)
    return std::string("skipped: no client account");
  const User& user = **found;
  const EpochSeconds now = clock_.Now();
  auto practice = PracticeById(user.practice_id);
  if (!practice) return tl::unexpected(practice.error());
  if (RequiredMfa(user.role, practice->mfa_required, user.is_demo, user.totp_enabled) == MfaStep::kVerify) {
    const auto& w = words::For(user.language);
    auto sent =
        mailer_->Send({user.email, w.Say("sign_in_mfa.subject", {{"practice", practice->name}}),
                       w.Say("sign_in_mfa.body", {{"practice", practice->name}, {"link", public_url_ + "/signin"}})});
    if (!sent) return tl::unexpected(sent.error());
    return std::string("sent: two-step sign-in");
  }
  const std::string token = crypto::RandomToken(32);
  auto st = Change([&](db::Connection& c) -> Status {
    auto recent = store::CountSignInLinks(c, user.id, now - 3600);
    if (!recent) return tl::unexpected(recent.error());
    if (*recent >= 3) return FailRule("too_many_links", "skipped: 3 links in the last hour");
    return store::InsertSignInLink(c, crypto::HashHex(token), user, now, now + 15 * 60);
  });
  if (!st) {
    if (st.error().code == ErrorCode::kRule) return std::string("skipped: 3 links in the last hour");
    return tl::unexpected(st.error());
  }
  // The e-mail names no one and says nothing about care.
  const auto& w = words::For(user.language);
  auto sent = mailer_->Send(
      {user.email, w.Say("sign_in_link.subject", {{"practice", practice->name}}),
       w.Say("sign_in_link.body", {{"practice", practice->name},
                                   {"link", public_url_ + "/signin/link/" + token +
                                                (user.language != "en" ? "?lang=" + user.language : "")}})});
  if (!sent) return tl::unexpected(sent.error());
  return std::string("sent");
}

Result<LoginResult> Service::SignInWithLink(const std::string& token, const Origin& origin) {
  if (auto st = ThrottleIp(origin.ip); !st) return tl::unexpected(st.error());
  auto invalid = [] {
    return Fail(ErrorCode::kUnauthenticated, "This sign-in link does not work any more. Ask for a new one.");
  };
  if (token.empty() || token.size() > 100) return invalid();
  const std::string hash = crypto::HashHex(token);
  auto found = db_.Read([&](db::Connection& c) { return store::FindSignInLink(c, hash); });
  if (!found) return tl::unexpected(found.error());
  const EpochSeconds now = clock_.Now();
  if (!*found || (*found)->used_at != 0 || (*found)->expires_at <= now) return invalid();
  const User& user = (*found)->user;
  if (user.disabled || user.role != Role::kClient || user.totp_enabled) return invalid();
  LoginResult result;
  Session s = NewSession(user, MfaStep::kNone, now, result.session_token);
  auto st = Change([&](db::Connection& c) -> Status {
    auto used = store::UseSignInLink(c, hash, now);  // once, even when two tabs race with it
    if (!used) return tl::unexpected(used.error());
    if (*used == 0) return invalid();
    if (auto r = store::InsertSession(c, s, origin.ip); !r) return r;
    audit::Event e = AuditFor(user, "auth.login", origin);
    e.detail = "e-mailed link";
    return audit::Append(c, e, now);
  });
  if (!st) return tl::unexpected(st.error());
  result.principal = PrincipalFor(user, (*found)->practice_name);
  result.principal.session_id = s.id;
  result.principal.csrf_token = s.csrf_token;
  return result;
}

Status Service::SetLanguage(const Principal& who, const std::string& language, const Origin& origin) {
  if (!words::Known(language))
    return Fail(ErrorCode::kInvalid, "Choose a language Duet has words for: en or es.", {}, "language");
  const EpochSeconds now = clock_.Now();
  return Change([&](db::Connection& c) -> Status {
    if (auto st = store::SetLanguage(c, who.practice_id, who.user_id, language, now); !st) return st;
    auto e = AuditFor(who, "user.language", origin);
    e.resource_type = "user";
    e.resource_id = who.user_id;
    e.detail = language;
    return audit::Append(c, e, now);
  });
}

Status Service::SetActingClient(const Principal& who, const std::string& client_id) {
  if (who.session_id.empty())
    return Fail(ErrorCode::kForbidden, "Only a signed-in session chooses whose pages it shows.");
  return Change([&](db::Connection& c) { return store::SetActingClient(c, who.session_id, client_id); });
}

Result<User> Service::FindUserIn(const std::string& practice_id, const std::string& user_id) {
  auto found = db_.Read([&](db::Connection& c) { return store::FindUser(c, practice_id, user_id); });
  if (!found) return tl::unexpected(found.error());
  if (!*found) return tl::unexpected(NotFoundUser().error());
  return **found;
}

Result<User> Service::ChangeUser(const Principal& who, const std::string& user_id, const UserChange& change,
                                 const Origin& origin) {
  EpochSeconds now = clock_.Now();
  auto st = Change([&](db::Connection& c) -> Status {
    auto found = store::FindUser(c, who.practice_id, user_id);
    if (!found) return tl::unexpected(found.error());
    if (!*found) return NotFoundUser();
    const User& target = **found;
    auto owners = store::CountActiveOwners(c, who.practice_id);
    if (!owners) return tl::unexpected(owners.error());
    if (auto r = MayChangeUser(target, change, {who.user_id, *owners}); !r) return r;
    if (change.role && *change.role != target.role) {
      if (auto r = store::SetUserRole(c, who.practice_id, user_id, *change.role); !r) return r;
      audit::Event e = AuditFor(who, "user.role_change", origin);
      e.resource_type = "user";
      e.resource_id = user_id;
      if (auto r = audit::Append(c, e, now); !r) return r;
    }
    if (change.active && *change.active == target.disabled) {
      if (auto r = store::SetUserActive(c, who.practice_id, user_id, *change.active, now); !r) return r;
      // Deactivation takes effect at once: every session and API token of the person ends now.
      if (!*change.active)
        if (auto r = store::EndAccess(c, user_id, now); !r) return r;
      audit::Event e = AuditFor(who, *change.active ? "user.reactivate" : "user.deactivate", origin);
      e.resource_type = "user";
      e.resource_id = user_id;
      if (auto r = audit::Append(c, e, now); !r) return r;
    }
    return {};
  });
  if (!st) return tl::unexpected(st.error());
  auto users = ListUsers(who);
  if (!users) return tl::unexpected(users.error());
  for (auto& u : *users)
    if (u.id == user_id) return std::move(u);
  return tl::unexpected(NotFoundUser().error());
}

Status Service::ResetMfa(const Principal& who, const std::string& user_id, const std::string& reason,
                         const Origin& origin) {
  EpochSeconds now = clock_.Now();
  return Change([&](db::Connection& c) -> Status {
    auto found = store::FindUser(c, who.practice_id, user_id);
    if (!found) return tl::unexpected(found.error());
    if (!*found) return NotFoundUser();
    if (auto r = MayResetMfa(**found, who.user_id, reason); !r) return r;
    std::string id = crypto::NewId();
    if (auto r = store::ResetTotp(c, user_id); !r) return r;
    if (auto r = store::EndAccess(c, user_id, now); !r) return r;
    if (auto r = store::InsertMfaReset(c, id, who.practice_id, user_id, who.user_id, reason, now); !r) return r;
    audit::Event e = AuditFor(who, "user.mfa_reset", origin);
    e.resource_type = "mfa_reset";
    e.resource_id = id;
    return audit::Append(c, e, now);
  });
}

Status Service::DeactivateByEmail(const std::string& raw_email) {
  auto email = NormalizeEmail(raw_email);
  if (!email) return tl::unexpected(email.error());
  EpochSeconds now = clock_.Now();
  return Change([&](db::Connection& c) -> Status {
    auto found = store::FindUserByEmail(c, *email);
    if (!found) return tl::unexpected(found.error());
    if (!*found) return Fail(ErrorCode::kNotFound, "No user has that e-mail address.");
    const User& u = **found;
    auto owners = store::CountActiveOwners(c, u.practice_id);
    if (!owners) return tl::unexpected(owners.error());
    if (auto r = MayChangeUser(u, {std::nullopt, false}, {"cli", *owners}); !r) return r;
    if (auto r = store::SetUserActive(c, u.practice_id, u.id, false, now); !r) return r;
    if (auto r = store::EndAccess(c, u.id, now); !r) return r;
    audit::Event e = AuditFor(u, "user.deactivate", Origin{"cli", ""});
    e.actor_user_id.clear();
    e.actor_role = "cli";
    return audit::Append(c, e, now);
  });
}

Result<std::string> Service::PracticeForCli(const std::string& practice_id) {
  if (!practice_id.empty()) {
    auto p = PracticeById(practice_id);
    if (!p) return Fail(ErrorCode::kNotFound, "There is no practice with that id.");
    return p->id;
  }
  auto ids = db_.Read([](db::Connection& c) { return store::FirstPracticeIds(c, 2); });
  if (!ids) return tl::unexpected(ids.error());
  if (ids->size() != 1)
    return Fail(ErrorCode::kInvalid, ids->empty()
                                         ? "There is no practice yet: create one first."
                                         : "Several practices share this database: name one with --practice-id.");
  return ids->front();
}

}  // namespace duet::identity
