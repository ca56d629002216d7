#pragma once
// Sign-in, sessions, MFA, API tokens, practices and their users: the use cases.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <semaphore>
#include <string>
#include <unordered_map>
#include <vector>

#include "identity/model.hpp"
#include "platform/audit.hpp"
#include "platform/clock.hpp"
#include "platform/crypto.hpp"
#include "platform/db/db.hpp"
#include "platform/mail.hpp"
#include "platform/origin.hpp"
#include "platform/policy.hpp"

namespace duet::identity {

using duet::Origin;

struct LoginRequest {
  std::string email;
  std::string password;
  std::optional<std::string> totp;
};

struct LoginResult {
  Principal principal;
  std::string session_token;  // the cookie value; only its hash is stored
};

struct MfaEnrollment {
  std::string secret;
  std::string otpauth_uri;
  std::string qr_svg;
};

struct NewPractice {
  std::string name;
  std::string owner_email;
  std::string owner_name;
  std::string owner_password;
  bool is_demo = false;
};

struct NewUser {
  std::string email;
  std::string display_name;
  Role role = Role::kClient;
  std::string password;
  bool is_demo = false;
  std::string clinician_id;  // links the account to this clinician record
};

//! Whom to invite, as what.
struct NewInvitation {
  std::string email;
  std::string display_name;  // empty: the clinician record's name, else the e-mail's local part
  Role role = Role::kClinician;
  std::string clinician_id;
  std::string client_id;  // role client: the client record the account will belong to
  bool guardian = false;  // … or whose pages a guardian's account (new or existing) will see
};

//! An invitation just made: the token is shown once (in the link), only its hash is kept.
struct IssuedInvitation {
  Invitation invitation;
  std::string token;
  std::string Path() const { return "/invite/" + token; }
};

//! What the person opening an invitation link is told before choosing a password.
struct InvitationPreview {
  std::string practice_name;
  std::string email;
  std::string display_name;
  Role role = Role::kClinician;
  EpochSeconds expires_at = 0;
  bool mfa_required = true;
  bool guardian = false;          // the account will see the pages of someone in their care
  bool existing_account = false;  // guardian: the address already has an account (sign in, then accept)
};

//! Options the operator can set.
struct Options {
  SessionLimits limits;
  LockoutPolicy lockout;
  int login_attempts_per_ip_per_minute = 60;
  //! How long a checked session or API token is taken on trust without reading it again (0: never).
  std::chrono::milliseconds sign_in_memory{1000};
};

//! The sessions and API tokens this server checked a moment ago, so that a request with the same one does
//! not read it again: on PostgreSQL one round trip of the two a read of client data costs. Only a positive
//! answer is kept, for `keep` at most. Every change this server makes to sessions, tokens, users or
//! practices forgets them all before it is answered (`Forget`); a change made by another server or a
//! command is seen here within `keep`.
class RecentSignIns {
 public:
  struct Entry {
    Principal principal;
    EpochSeconds since = 0;      // the session's start (its absolute limit); the token's creation
    EpochSeconds last_seen = 0;  // the session's last request / the token's last recorded use
    EpochSeconds ends = 0;       // the token's expiry (0: never); unused for sessions
  };
  explicit RecentSignIns(std::chrono::milliseconds keep) : keep_(keep) {}
  //! Taken before reading a credential: an entry kept under an older generation is never returned.
  std::uint64_t Generation() const { return generation_.load(std::memory_order_acquire); }
  //! The entry for a credential's hash if it is fresh and nothing changed since it was read.
  std::optional<Entry> Find(const std::string& key);
  void Keep(const std::string& key, Entry entry, std::uint64_t generation);
  //! Records a newer last use (after the session or token was touched).
  void Touch(const std::string& key, EpochSeconds last_seen);
  //! Forgets every entry: called after each change to who may sign in and as what.
  void Forget();
  //! Requests whose session or token was taken from here, and those that read it (`/metrics`).
  std::uint64_t TimesRemembered() const { return remembered_.load(std::memory_order_relaxed); }
  std::uint64_t TimesRead() const { return read_.load(std::memory_order_relaxed); }
  void CountRemembered() { remembered_.fetch_add(1, std::memory_order_relaxed); }
  void CountRead() { read_.fetch_add(1, std::memory_order_relaxed); }

 private:
  struct Kept {
    Entry entry;
    std::chrono::steady_clock::time_point until;
    std::uint64_t generation = 0;
  };
  static constexpr std::size_t kMaxEntries = 20000;
  const std::chrono::milliseconds keep_;
  std::atomic<std::uint64_t> generation_{0};
  std::atomic<std::uint64_t> remembered_{0};
  std::atomic<std::uint64_t> read_{0};
  std::mutex mutex_;
  std::unordered_map<std::string, Kept> entries_;
  std::chrono::steady_clock::time_point next_sweep_{};
};

class Service {
 public:
  Service(db::Database& db, const crypto::Keyring& keys, const Clock& clock, Options options);

  //! Checks the password (and TOTP when enrolled); creates a session. Failed attempts count towards lockout.
  Result<LoginResult> Login(const LoginRequest& request, const Origin& origin);
  //! Ends the principal's session.
  Status Logout(const Principal& who, const Origin& origin);
  //! The principal for a session cookie value; idle and absolute timeouts end the session.
  Result<Principal> AuthenticateSession(const std::string& token);
  //! The principal for a Bearer API token.
  Result<Principal> AuthenticateToken(const std::string& token);
  //! Sessions and tokens checked so far: taken from a moment ago, and read (`/metrics`).
  const RecentSignIns& SignIns() const { return recent_; }

  //! A fresh TOTP secret for the principal (replacing any not yet confirmed).
  Result<MfaEnrollment> BeginMfaEnrollment(const Principal& who, const Origin& origin);
  //! Confirms enrolment with a code from the app; the session becomes a full session.
  //! Turns two-step sign-in on. A cookie session that was waiting for it is upgraded under a new id
  //! (returned as its token and CSRF token; empty for API tokens), so a cookie seen before is worthless.
  Result<std::pair<std::string, std::string>> ConfirmMfa(const Principal& who, const std::string& code,
                                                         const Origin& origin);

  //! What else a practice's creation writes in its transaction (a partner invitation it answers), knowing the owner.
  using PracticeCreated = std::function<Status(db::Connection&, const User& owner, EpochSeconds now)>;
  //! Creates a practice with its owner (CLI, demo seeding, a partner organization joining by invitation);
  //! `also` runs in the same transaction: if it fails nothing is created. Returns the practice id.
  Result<std::string> CreatePractice(const NewPractice& request, const PracticeCreated& also = {},
                                     const Origin& origin = Origin{"cli", ""});
  //! What other capabilities set up for a new practice (billing's default payers), in the same
  //! transaction that makes it.
  using PracticeSetup = std::function<Status(db::Connection&, const std::string& practice_id, EpochSeconds now)>;
  void OnPracticeCreated(PracticeSetup setup) { practice_setup_.push_back(std::move(setup)); }
  //! Adds a user to a practice (CLI and demo seeding). Returns the user id.
  Result<std::string> CreateUser(const std::string& practice_id, const NewUser& request);
  //! What a new API token is: whose, called what, read-only or not, for how many days.
  struct NewToken {
    std::string name;
    TokenScope scope = TokenScope::kReadWrite;
    int expires_in_days = kDefaultTokenDays;
  };
  //! Creates an API token for the user with that e-mail (the command line); returns the token (shown once).
  Result<std::pair<ApiToken, std::string>> CreateApiToken(const std::string& email, const NewToken& request);
  //! The owner creates a token for a person of the practice; the secret is in the answer only.
  Result<std::pair<ApiToken, std::string>> IssueToken(const Principal& who, const std::string& user_id,
                                                      const NewToken& request, const Origin& origin);
  //! The practice's tokens (all practices' for the command line: `who` null), newest first; never their secrets.
  Result<std::vector<ApiToken>> ListTokens(const Principal* who);
  //! Revokes a token at once (within the practice; any for the command line).
  Status RevokeToken(const Principal* who, const std::string& id, const Origin& origin);
  //! The session limits in force (the web app warns before the idle limit).
  const SessionLimits& limits() const { return options_.limits; }
  //! Number of practices (to decide whether to seed the demo).
  Result<std::int64_t> CountPractices();

  //! The principal's practice.
  Result<Practice> GetPractice(const Principal& who);
  //! A practice without a principal (its name for public pages, its key for sealing).
  Result<Practice> PracticeById(const std::string& practice_id);
  //! The practice's data key, for modules that seal and open its clinical text.
  Result<crypto::DataKey> DataKeyFor(const std::string& practice_id);
  //! Changes practice settings (owner only; checked by policy).
  Result<Practice> UpdatePractice(const Principal& who, std::optional<bool> mfa_required, const Origin& origin);
  //! Users of the principal's practice.
  Result<std::vector<User>> ListUsers(const Principal& who);
  //! Audit events of the principal's practice, newest first.
  Result<std::vector<audit::Stored>> ListAudit(const Principal& who, const std::optional<std::string>& client_id,
                                               std::int64_t before_seq, int limit, const Origin& origin);

  //! Deletes sessions past their idle or absolute limit (a background job); how many went.
  Result<std::int64_t> SweepSessions();

  // ---- staff accounts ----
  //! Where invitation e-mails go from and which address their links use.
  void SetMailer(mail::Mailer* mailer, std::string public_url);
  //! Invites a person to the principal's practice (replacing a pending invitation for the same
  //! e-mail); e-mails the link when a mail server is configured.
  Result<IssuedInvitation> Invite(const Principal& who, const NewInvitation& request, const Origin& origin);
  //! The same from the command line, for a practice by id.
  Result<IssuedInvitation> InviteFromCli(const std::string& practice_id, const NewInvitation& request);
  //! Invitations of the practice not yet accepted (pending, withdrawn, expired), newest first.
  Result<std::vector<Invitation>> ListInvitations(const Principal& who);
  //! Withdraws a pending invitation.
  Status RevokeInvitation(const Principal& who, const std::string& id, const Origin& origin);
  //! What an invitation link is for (no account needed); not found, used, withdrawn or expired are errors.
  Result<InvitationPreview> PreviewInvitation(const std::string& token, const Origin& origin);
  //! Sets the password, creates the account (linked to its clinician record), uses the invitation
  //! once and signs the person in, like a sign-in (staff enrol in two-step sign-in next when required).
  Result<LoginResult> AcceptInvitation(const std::string& token, const std::string& password, const Origin& origin);
  //! A signed-in client-side account accepts a guardian's invitation made for its own address: the link is
  //! added to the account (no new password).
  Status AcceptGuardianLink(const Principal& who, const std::string& token, const Origin& origin);
  //! A client asks for a sign-in link by e-mail. Every well-formed address is answered alike (the answer
  //! never says whether an account exists): a job sends the link only to a client account.
  Status RequestSignInLink(const std::string& email, const Origin& origin);
  //! The job: makes the link (single use, 15 minutes, at most 3 an hour per account) and e-mails it; an
  //! account with two-step sign-in is told to sign in with its password and code instead.
  Result<std::string> SendSignInLink(const std::string& payload);
  //! Signs in with an e-mailed link, once (the same answer as a sign-in).
  Result<LoginResult> SignInWithLink(const std::string& token, const Origin& origin);
  //! Queues background work (the sign-in link's e-mail) and wakes the worker.
  void SetJobs(std::function<void()> wake) { wake_jobs_ = std::move(wake); }
  //! Remembers whose pages this session shows (the caller checked the account may see them).
  Status SetActingClient(const Principal& who, const std::string& client_id);
  //! A client-side account's language (its pages and e-mails; its own client record's too, so reminders
  //! follow). 422 for a language Duet has no words for. Audited.
  Status SetLanguage(const Principal& who, const std::string& language, const Origin& origin);
  //! Changes a user's role or deactivates/reactivates them; deactivation ends their sessions and tokens.
  Result<User> ChangeUser(const Principal& who, const std::string& user_id, const UserChange& change,
                          const Origin& origin);
  //! Forgets a user's two-step sign-in (they enrol again at their next sign-in); the reason is kept.
  Status ResetMfa(const Principal& who, const std::string& user_id, const std::string& reason, const Origin& origin);
  //! Deactivates the account with that e-mail (command line); ends its sessions and tokens.
  Status DeactivateByEmail(const std::string& email);
  //! The practice a command-line action means: the one given, or the only one there is.
  Result<std::string> PracticeForCli(const std::string& practice_id);

  //! A person of the practice by id (their name and address for a notice); not found in another practice.
  Result<User> FindUserIn(const std::string& practice_id, const std::string& user_id);

  //! Counts an attempt with a secret (a password, a one-time code) from one network address: refused (429) past
  //! the sign-in limit per minute. Public routes that take such a secret call it first.
  Status ThrottleIp(const std::string& ip);

 private:
  bool CheckPassword(const std::string& stored_hash, const std::string& password);
  //! Counts a sign-in attempt before its check (nullopt while the account is locked).
  Result<std::optional<int>> ReserveAttempt(const User& user);
  //! Audits attempt number `attempt` as failed, locking the account when it reaches the limit.
  Status RecordFailedAttempt(const User& user, int attempt, const Origin& origin, std::string_view action,
                             std::string_view result = "failure");
  Principal PrincipalFor(const User& user, const std::string& practice_name) const;
  //! A new session for the user (inside a write), with the stage the second factor asks for.
  Session NewSession(const User& user, MfaStep step, EpochSeconds now, std::string& token) const;
  Result<IssuedInvitation> IssueInvitation(const std::string& practice_id, const std::string& invited_by,
                                           audit::Event event, const NewInvitation& request);

  //! A write to sessions, tokens, users or practices: recent sign-ins are forgotten once it has ended.
  Status Change(const std::function<Status(db::Connection&)>& fn);
  template <typename F>
  auto ChangeTo(F&& fn) -> decltype(fn(std::declval<db::Connection&>())) {
    auto out = db_.Write(std::forward<F>(fn));
    recent_.Forget();
    return out;
  }

  db::Database& db_;
  const crypto::Keyring& keys_;
  const Clock& clock_;
  Options options_;
  std::vector<PracticeSetup> practice_setup_;
  // Argon2id uses 64 MiB and ~75 ms per hash: at most two at once so a burst cannot exhaust memory.
  std::counting_semaphore<2> hashing_{2};
  std::mutex throttle_mutex_;
  std::unordered_map<std::string, std::pair<EpochSeconds, int>> attempts_by_ip_;
  mail::Mailer* mailer_ = nullptr;
  std::function<void()> wake_jobs_;
  std::string public_url_;
  RecentSignIns recent_;
};

}  // namespace duet::identity
