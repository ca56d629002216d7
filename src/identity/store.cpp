#include "identity/store.hpp"

#include "identity/rules.hpp"
#include "platform/db/columns.hpp"

namespace duet::identity::store {
namespace {
using db::Col;

// The tables' columns, named once (platform/db/columns.hpp).
const auto kUsers = db::Table<User>(
    "users", Col("id", &User::id), Col("practice_id", &User::practice_id), Col("email", &User::email),
    Col("display_name", &User::display_name), Col("role", &User::role), Col("password_hash", &User::password_hash),
    Col("totp_secret", &User::totp_secret), Col("totp_enabled", &User::totp_enabled),
    Col("totp_last_step", &User::totp_last_step), Col("is_demo", &User::is_demo),
    Col("failed_logins", &User::failed_logins), Col("locked_until", &User::locked_until),
    Col("disabled", &User::disabled), Col("created_at", &User::created_at),
    Col("deactivated_at", &User::deactivated_at, {.null_when_empty = true}), Col("language", &User::language));
const std::string kUserSelect = kUsers.Select("u.");

User UserFrom(const db::Row& r, std::size_t o = 0) { return kUsers.Read(r, o); }

// token_hash is written beside these (InsertInvitation) and never read back.
const auto kInvitations = db::Table<Invitation>(
    "invitations", Col("id", &Invitation::id), Col("practice_id", &Invitation::practice_id),
    Col("email", &Invitation::email), Col("display_name", &Invitation::display_name), Col("role", &Invitation::role),
    Col("clinician_id", &Invitation::clinician_id, {.null_when_empty = true}),
    Col("invited_by", &Invitation::invited_by, {.null_when_empty = true}), Col("created_at", &Invitation::created_at),
    Col("expires_at", &Invitation::expires_at), Col("accepted_at", &Invitation::accepted_at, {.null_when_empty = true}),
    Col("revoked_at", &Invitation::revoked_at, {.null_when_empty = true}),
    Col("user_id", &Invitation::user_id, {.null_when_empty = true}),
    Col("client_id", &Invitation::client_id, {.null_when_empty = true}), Col("guardian", &Invitation::guardian));

using db::Done;
}  // namespace

Status InsertPractice(db::Connection& c, const Practice& p) {
  return Done(c.Exec(
      "INSERT INTO practices (id, name, mfa_required, wrapped_key, is_demo, created_at) VALUES (?, ?, ?, ?, ?, ?)",
      {p.id, p.name, static_cast<std::int64_t>(p.mfa_required), p.wrapped_key, static_cast<std::int64_t>(p.is_demo),
       p.created_at}));
}

Result<std::optional<Practice>> FindPractice(db::Connection& c, const std::string& id) {
  auto rows =
      c.Query("SELECT id, name, mfa_required, wrapped_key, is_demo, created_at FROM practices WHERE id = ?", {id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Practice>();
  const auto& r = rows->front();
  return Practice{r.Text(0), r.Text(1), r.Int(2) != 0, r.Text(3), r.Int(4) != 0, r.Int(5)};
}

Status SetPracticeMfaRequired(db::Connection& c, const std::string& id, bool required) {
  return Done(c.Exec("UPDATE practices SET mfa_required = ? WHERE id = ?", {static_cast<std::int64_t>(required), id}));
}

Result<std::int64_t> CountPractices(db::Connection& c) {
  auto rows = c.Query("SELECT COUNT(*) FROM practices");
  if (!rows) return tl::unexpected(rows.error());
  return rows->front().Int(0);
}

Result<std::vector<std::string>> FirstPracticeIds(db::Connection& c, int limit) {
  auto rows = c.Query("SELECT id FROM practices ORDER BY created_at LIMIT ?", {static_cast<std::int64_t>(limit)});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<std::string> out;
  for (const auto& r : *rows) out.push_back(r.Text(0));
  return out;
}

Status InsertUser(db::Connection& c, const User& u) { return Done(c.Exec(kUsers.Insert(), kUsers.InsertValues(u))); }

Result<std::optional<User>> FindUserByEmail(db::Connection& c, const std::string& email) {
  auto rows = c.Query("SELECT " + kUserSelect + " FROM users u WHERE u.email = ?", {email});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<User>();
  return UserFrom(rows->front());
}

Result<std::optional<User>> FindUser(db::Connection& c, const std::string& practice_id, const std::string& id) {
  auto rows =
      c.Query("SELECT " + kUserSelect + " FROM users u WHERE u.practice_id = ? AND u.id = ?", {practice_id, id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<User>();
  return UserFrom(rows->front());
}

Result<std::vector<User>> ListUsers(db::Connection& c, const std::string& practice_id) {
  static const std::string sql =
      "SELECT " + kUserSelect +
      ", k.id FROM users u LEFT JOIN clinicians k ON k.practice_id = u.practice_id AND k.user_id = u.id "
      "WHERE u.practice_id = ? ORDER BY u.disabled, u.display_name";
  auto rows = c.Query(sql, {practice_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<User> out;
  for (const auto& r : *rows) {
    out.push_back(UserFrom(r));
    out.back().clinician_id = r.Text(kUsers.size());
  }
  return out;
}

Result<std::optional<int>> ReserveAttempt(db::Connection& c, const std::string& user_id, EpochSeconds now) {
  auto rows = c.Query(
      "UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ? AND locked_until <= ? RETURNING failed_logins",
      {user_id, now});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<int>();
  return std::optional<int>(static_cast<int>(rows->front().Int(0)));
}

Result<std::int64_t> LockAccount(db::Connection& c, const std::string& user_id, EpochSeconds now,
                                 EpochSeconds locked_until) {
  return c.Exec("UPDATE users SET failed_logins = 0, locked_until = ? WHERE id = ? AND locked_until <= ?",
                {locked_until, user_id, now});
}

Status ReleaseAttempt(db::Connection& c, const std::string& user_id) {
  return Done(c.Exec(
      "UPDATE users SET failed_logins = CASE WHEN failed_logins > 0 THEN failed_logins - 1 ELSE 0 END WHERE id = ?",
      {user_id}));
}

Result<std::int64_t> UseTotpStep(db::Connection& c, const std::string& user_id, std::int64_t step) {
  return c.Exec("UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?", {step, user_id, step});
}

Status ClearFailures(db::Connection& c, const std::string& user_id) {
  return Done(c.Exec("UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = ?", {user_id}));
}

Status SetPendingTotp(db::Connection& c, const std::string& user_id, const std::string& sealed_secret) {
  return Done(c.Exec("UPDATE users SET totp_secret = ?, totp_enabled = 0 WHERE id = ?", {sealed_secret, user_id}));
}

Status EnableTotp(db::Connection& c, const std::string& user_id, std::int64_t step) {
  return Done(c.Exec("UPDATE users SET totp_enabled = 1, totp_last_step = ? WHERE id = ?", {step, user_id}));
}

Status SetTotpLastStep(db::Connection& c, const std::string& user_id, std::int64_t step) {
  return Done(c.Exec("UPDATE users SET totp_last_step = ? WHERE id = ?", {step, user_id}));
}

Status InsertSession(db::Connection& c, const Session& s, const std::string& ip) {
  return Done(
      c.Exec("INSERT INTO sessions (id, practice_id, user_id, csrf_token, stage, created_at, last_seen_at, ip) VALUES "
             "(?, ?, ?, ?, ?, ?, ?, ?)",
             {s.id, s.practice_id, s.user_id, s.csrf_token, s.stage, s.created_at, s.last_seen_at, ip}));
}

Result<std::optional<SessionRow>> FindSession(db::Connection& c, const std::string& id) {
  static const std::string sql =
      "SELECT s.id, s.practice_id, s.user_id, s.csrf_token, s.stage, s.created_at, s.last_seen_at, "
      "COALESCE(s.acting_client_id, ''), p.name, " +
      kUserSelect +
      " FROM sessions s JOIN users u ON u.id = s.user_id JOIN practices p ON p.id = s.practice_id WHERE s.id = ?";
  auto rows = c.Query(sql, {id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<SessionRow>();
  const auto& r = rows->front();
  SessionRow out;
  out.session = Session{r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Int(5), r.Int(6), r.Text(7)};
  out.practice_name = r.Text(8);
  out.user = UserFrom(r, 9);
  return out;
}

Status SetActingClient(db::Connection& c, const std::string& session_id, const std::string& client_id) {
  return Done(c.Exec("UPDATE sessions SET acting_client_id = ? WHERE id = ?", {client_id, session_id}));
}

Status TouchSession(db::Connection& c, const std::string& id, EpochSeconds now) {
  return Done(c.Exec("UPDATE sessions SET last_seen_at = ? WHERE id = ?", {now, id}));
}

Status RotateSession(db::Connection& c, const std::string& old_id, const std::string& new_id,
                     const std::string& csrf_token, const std::string& stage) {
  return Done(c.Exec("UPDATE sessions SET id = ?, csrf_token = ?, stage = ? WHERE id = ?",
                     {new_id, csrf_token, stage, old_id}));
}

Status SetSessionStage(db::Connection& c, const std::string& id, const std::string& stage) {
  return Done(c.Exec("UPDATE sessions SET stage = ? WHERE id = ?", {stage, id}));
}

Status DeleteSession(db::Connection& c, const std::string& id) {
  return Done(c.Exec("DELETE FROM sessions WHERE id = ?", {id}));
}

Status InsertToken(db::Connection& c, const ApiToken& t, const std::string& token_hash, const std::string& created_by) {
  return Done(c.Exec(
      "INSERT INTO api_tokens (id, practice_id, user_id, token_hash, created_at, name, scope, expires_at, created_by) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {t.id, t.practice_id, t.user_id, token_hash, t.created_at, t.name, std::string(TokenScopeName(t.scope)),
       t.expires_at ? db::Value(t.expires_at) : db::Value(), db::OrNull(created_by)}));
}

namespace {
constexpr std::string_view kTokenColumns =
    "t.id, t.practice_id, t.user_id, u.email, t.name, t.scope, t.created_at, t.last_used_at, t.expires_at, "
    "t.revoked_at";
ApiToken TokenFrom(const db::Row& r, std::size_t o = 0) {
  ApiToken t;
  t.id = r.Text(o);
  t.practice_id = r.Text(o + 1);
  t.user_id = r.Text(o + 2);
  t.user_email = r.Text(o + 3);
  t.name = r.Text(o + 4);
  t.scope = ParseTokenScope(r.Text(o + 5)).value_or(TokenScope::kReadOnly);
  t.created_at = r.Int(o + 6);
  t.last_used_at = r.Int(o + 7);
  t.expires_at = r.Int(o + 8);
  t.revoked_at = r.Int(o + 9);
  return t;
}
}  // namespace

Result<std::optional<TokenRow>> FindToken(db::Connection& c, const std::string& token_hash) {
  static const std::string sql =
      "SELECT p.name, " + std::string(kTokenColumns) + ", " + kUserSelect +
      " FROM api_tokens t JOIN users u ON u.id = t.user_id JOIN practices p ON p.id = t.practice_id "
      "WHERE t.token_hash = ?";
  auto rows = c.Query(sql, {token_hash});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<TokenRow>();
  const auto& r = rows->front();
  return TokenRow{TokenFrom(r, 1), UserFrom(r, 11 /* after the practice name and the token */), r.Text(0)};
}

Result<std::vector<ApiToken>> ListTokens(db::Connection& c, const std::string& practice_id) {
  auto rows = c.Query("SELECT " + std::string(kTokenColumns) +
                          " FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE (? = '' OR t.practice_id = ?) "
                          "ORDER BY t.created_at DESC LIMIT 500",
                      {practice_id, practice_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<ApiToken> out;
  for (const auto& r : *rows) out.push_back(TokenFrom(r));
  return out;
}

Result<std::int64_t> RevokeToken(db::Connection& c, const std::string& practice_id, const std::string& id,
                                 EpochSeconds now) {
  return c.Exec(
      "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND (? = '' OR practice_id = ?) AND revoked_at IS NULL",
      {now, id, practice_id, practice_id});
}

Status TouchToken(db::Connection& c, const std::string& id, EpochSeconds now) {
  return Done(c.Exec("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", {now, id}));
}

// ---- staff accounts ----
namespace {
Invitation InvitationFrom(const db::Row& r) { return kInvitations.Read(r); }

Result<std::optional<Invitation>> OneInvitation(const Result<db::Rows>& rows) {
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Invitation>();
  return InvitationFrom(rows->front());
}
}  // namespace

Status InsertInvitation(db::Connection& c, const Invitation& i, const std::string& token_hash) {
  return Done(c.Exec(kInvitations.Insert({"token_hash"}), kInvitations.InsertValues(i, {token_hash})));
}

Result<std::optional<Invitation>> FindInvitationByToken(db::Connection& c, const std::string& token_hash) {
  static const std::string sql = "SELECT " + kInvitations.Select() + " FROM invitations WHERE token_hash = ?";
  return OneInvitation(c.Query(sql, {token_hash}));
}

Result<std::optional<Invitation>> FindInvitation(db::Connection& c, const std::string& practice_id,
                                                 const std::string& id) {
  static const std::string sql =
      "SELECT " + kInvitations.Select() + " FROM invitations WHERE practice_id = ? AND id = ?";
  return OneInvitation(c.Query(sql, {practice_id, id}));
}

Result<std::vector<Invitation>> ListOpenInvitations(db::Connection& c, const std::string& practice_id) {
  static const std::string sql = "SELECT " + kInvitations.Select() +
                                 " FROM invitations WHERE practice_id = ? AND accepted_at IS NULL AND role <> 'client' "
                                 "ORDER BY created_at DESC LIMIT 500";
  auto rows = c.Query(sql, {practice_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Invitation> out;
  for (const auto& r : *rows) out.push_back(InvitationFrom(r));
  return out;
}

Status RevokePendingInvitations(db::Connection& c, const std::string& practice_id, const std::string& email,
                                EpochSeconds now, const std::string& guardian_of) {
  // A guardian's invitations for different clients stand side by side (a parent of two).
  if (!guardian_of.empty())
    return Done(
        c.Exec("UPDATE invitations SET revoked_at = ? WHERE practice_id = ? AND email = ? AND accepted_at IS NULL AND "
               "revoked_at IS NULL AND (guardian = 0 OR client_id = ?)",
               {now, practice_id, email, guardian_of}));
  return Done(
      c.Exec("UPDATE invitations SET revoked_at = ? WHERE practice_id = ? AND email = ? AND accepted_at IS NULL AND "
             "revoked_at IS NULL",
             {now, practice_id, email}));
}

Result<std::int64_t> RevokeInvitation(db::Connection& c, const std::string& practice_id, const std::string& id,
                                      EpochSeconds now) {
  return c.Exec(
      "UPDATE invitations SET revoked_at = ? WHERE practice_id = ? AND id = ? AND accepted_at IS NULL AND revoked_at "
      "IS NULL",
      {now, practice_id, id});
}

Result<std::int64_t> MarkInvitationAccepted(db::Connection& c, const std::string& id, const std::string& user_id,
                                            EpochSeconds now) {
  return c.Exec(
      "UPDATE invitations SET accepted_at = ?, user_id = ? WHERE id = ? AND accepted_at IS NULL AND revoked_at IS NULL",
      {now, user_id, id});
}

Result<std::optional<RecordLink>> FindClinicianLink(db::Connection& c, const std::string& practice_id,
                                                    const std::string& clinician_id) {
  auto rows =
      c.Query("SELECT id, user_id, given_name, family_name, active FROM clinicians WHERE practice_id = ? AND id = ?",
              {practice_id, clinician_id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<RecordLink>();
  const auto& r = rows->front();
  return RecordLink{r.Text(0), r.Text(1), r.Text(2) + " " + r.Text(3), r.Int(4) != 0};
}

Result<std::optional<RecordLink>> FindClientLink(db::Connection& c, const std::string& practice_id,
                                                 const std::string& client_id) {
  auto rows = c.Query(
      "SELECT id, user_id, given_name, family_name, status, language FROM clients WHERE practice_id = ? AND "
      "id = ?",
      {practice_id, client_id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<RecordLink>();
  const auto& r = rows->front();
  return RecordLink{r.Text(0), r.Text(1), r.Text(2) + " " + r.Text(3), r.Text(4) != "discharged", r.Text(5)};
}

Status TakeClientLanguage(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                          const std::string& user_id) {
  return Done(
      c.Exec("UPDATE users SET language = (SELECT language FROM clients WHERE practice_id = ? AND id = ?) "
             "WHERE practice_id = ? AND id = ?",
             {practice_id, client_id, practice_id, user_id}));
}

Status SetLanguage(db::Connection& c, const std::string& practice_id, const std::string& user_id,
                   const std::string& language, EpochSeconds now) {
  if (auto r =
          c.Exec("UPDATE users SET language = ? WHERE practice_id = ? AND id = ?", {language, practice_id, user_id});
      !r)
    return tl::unexpected(r.error());
  // The client's own account speaks for the client record (reminders, notices); a guardian's does not.
  return Done(c.Exec(
      "UPDATE clients SET language = ?, updated_at = ?, version = version + 1 WHERE practice_id = ? AND user_id = ? "
      "AND language <> ?",
      {language, now, practice_id, user_id, language}));
}

Result<std::int64_t> LinkClient(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                                const std::string& user_id) {
  return c.Exec("UPDATE clients SET user_id = ? WHERE practice_id = ? AND id = ? AND (user_id IS NULL OR user_id = '')",
                {user_id, practice_id, client_id});
}

Result<bool> GuardianLinked(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                            const std::string& user_id) {
  auto rows = c.Query(
      "SELECT 1 FROM guardian_links WHERE practice_id = ? AND client_id = ? AND user_id = ? AND ended_at IS NULL",
      {practice_id, client_id, user_id});
  if (!rows) return tl::unexpected(rows.error());
  return !rows->empty();
}

Result<std::int64_t> LinkGuardian(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                                  const std::string& user_id, EpochSeconds now) {
  // A link that was ended is opened again (the same primary key), with what a new guardian sees.
  return c.Exec(
      "INSERT INTO guardian_links (practice_id, client_id, user_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT "
      "(practice_id, client_id, user_id) DO UPDATE SET ended_at = NULL, created_at = excluded.created_at, "
      "sees_appointments = 1, sees_bills = 1, sees_forms = 1, sees_messages = 1, sees_records = 0 WHERE "
      "guardian_links.ended_at IS NOT NULL",
      {practice_id, client_id, user_id, now});
}

Result<std::int64_t> LinkClinician(db::Connection& c, const std::string& practice_id, const std::string& clinician_id,
                                   const std::string& user_id) {
  return c.Exec("UPDATE clinicians SET user_id = ? WHERE practice_id = ? AND id = ? AND user_id IS NULL",
                {user_id, practice_id, clinician_id});
}

Result<std::int64_t> CountPendingForClinician(db::Connection& c, const std::string& practice_id,
                                              const std::string& clinician_id, EpochSeconds now) {
  auto rows = c.Query(
      "SELECT COUNT(*) FROM invitations WHERE practice_id = ? AND clinician_id = ? AND accepted_at IS NULL AND "
      "revoked_at IS NULL "
      "AND expires_at > ?",
      {practice_id, clinician_id, now});
  if (!rows) return tl::unexpected(rows.error());
  return rows->front().Int(0);
}

Status SetUserRole(db::Connection& c, const std::string& practice_id, const std::string& user_id, Role role) {
  return Done(c.Exec("UPDATE users SET role = ? WHERE practice_id = ? AND id = ?",
                     {std::string(RoleName(role)), practice_id, user_id}));
}

Status SetUserActive(db::Connection& c, const std::string& practice_id, const std::string& user_id, bool active,
                     EpochSeconds now) {
  return Done(
      c.Exec("UPDATE users SET disabled = ?, deactivated_at = ? WHERE practice_id = ? AND id = ?",
             {static_cast<std::int64_t>(!active), active ? db::Value() : db::Value(now), practice_id, user_id}));
}

Status EndAccess(db::Connection& c, const std::string& user_id, EpochSeconds now) {
  if (auto r = c.Exec("DELETE FROM sessions WHERE user_id = ?", {user_id}); !r) return tl::unexpected(r.error());
  return Done(c.Exec("UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", {now, user_id}));
}

Status ResetTotp(db::Connection& c, const std::string& user_id) {
  return Done(c.Exec("UPDATE users SET totp_secret = NULL, totp_enabled = 0 WHERE id = ?", {user_id}));
}

Status InsertMfaReset(db::Connection& c, const std::string& id, const std::string& practice_id,
                      const std::string& user_id, const std::string& reset_by, const std::string& reason,
                      EpochSeconds now) {
  return Done(
      c.Exec("INSERT INTO mfa_resets (id, practice_id, user_id, reset_by, reason, at) VALUES (?, ?, ?, ?, ?, ?)",
             {id, practice_id, user_id, db::OrNull(reset_by), reason, now}));
}

Result<int> CountActiveOwners(db::Connection& c, const std::string& practice_id) {
  auto rows =
      c.Query("SELECT COUNT(*) FROM users WHERE practice_id = ? AND role = 'owner' AND disabled = 0", {practice_id});
  if (!rows) return tl::unexpected(rows.error());
  return static_cast<int>(rows->front().Int(0));
}

// ---- E-mailed sign-in links ----

Status InsertSignInLink(db::Connection& c, const std::string& token_hash, const User& user, EpochSeconds now,
                        EpochSeconds expires_at) {
  return Done(c.Exec(
      "INSERT INTO sign_in_links (token_hash, practice_id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
      {token_hash, user.practice_id, user.id, now, expires_at}));
}

Result<int> CountSignInLinks(db::Connection& c, const std::string& user_id, EpochSeconds since) {
  auto rows = c.Query("SELECT COUNT(*) FROM sign_in_links WHERE user_id = ? AND created_at >= ?", {user_id, since});
  if (!rows) return tl::unexpected(rows.error());
  return static_cast<int>(rows->front().Int(0));
}

Result<std::optional<SignInLinkRow>> FindSignInLink(db::Connection& c, const std::string& token_hash) {
  static const std::string sql = "SELECT l.expires_at, COALESCE(l.used_at, 0), p.name, " + kUserSelect +
                                 " FROM sign_in_links l JOIN users u ON u.id = l.user_id JOIN practices p ON p.id = "
                                 "l.practice_id WHERE l.token_hash = ?";
  auto rows = c.Query(sql, {token_hash});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<SignInLinkRow>();
  const auto& r = rows->front();
  return SignInLinkRow{r.Int(0), r.Int(1), r.Text(2), UserFrom(r, 3)};
}

Result<std::int64_t> UseSignInLink(db::Connection& c, const std::string& token_hash, EpochSeconds now) {
  return c.Exec("UPDATE sign_in_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?",
                {now, token_hash, now});
}

}  // namespace duet::identity::store
