#pragma once
// SQL for practices, users, sessions and API tokens. Nothing else in identity runs SQL.
#include <optional>
#include <string>
#include <vector>

#include "identity/model.hpp"
#include "platform/db/db.hpp"

namespace duet::identity::store {

Status InsertPractice(db::Connection& c, const Practice& p);
Result<std::optional<Practice>> FindPractice(db::Connection& c, const std::string& id);
Status SetPracticeMfaRequired(db::Connection& c, const std::string& id, bool required);
Result<std::int64_t> CountPractices(db::Connection& c);
//! The ids of the oldest practices, at most `limit`.
Result<std::vector<std::string>> FirstPracticeIds(db::Connection& c, int limit);

Status InsertUser(db::Connection& c, const User& u);
Result<std::optional<User>> FindUserByEmail(db::Connection& c, const std::string& email);
Result<std::optional<User>> FindUser(db::Connection& c, const std::string& practice_id, const std::string& id);
Result<std::vector<User>> ListUsers(db::Connection& c, const std::string& practice_id);
//! Counts one more sign-in attempt before its password is checked (atomic: racing attempts get
//! distinct numbers); nullopt while the account is locked.
Result<std::optional<int>> ReserveAttempt(db::Connection& c, const std::string& user_id, EpochSeconds now);
//! Locks the account and starts the count again; 0 rows when it is already locked.
Result<std::int64_t> LockAccount(db::Connection& c, const std::string& user_id, EpochSeconds now,
                                 EpochSeconds locked_until);
//! Gives back an attempt that turned out not to be one (the password was right; the code is still to come).
Status ReleaseAttempt(db::Connection& c, const std::string& user_id);
//! Marks a TOTP step used; 0 rows when it, or a later one, was already used (a replay or a race).
Result<std::int64_t> UseTotpStep(db::Connection& c, const std::string& user_id, std::int64_t step);
Status ClearFailures(db::Connection& c, const std::string& user_id);
Status SetPendingTotp(db::Connection& c, const std::string& user_id, const std::string& sealed_secret);
Status EnableTotp(db::Connection& c, const std::string& user_id, std::int64_t step);
Status SetTotpLastStep(db::Connection& c, const std::string& user_id, std::int64_t step);

Status InsertSession(db::Connection& c, const Session& s, const std::string& ip);
//! The session with its user and practice, by session id (hash).
struct SessionRow {
  Session session;
  User user;
  std::string practice_name;
};
Result<std::optional<SessionRow>> FindSession(db::Connection& c, const std::string& id);
//! Whose pages a client-side session looks at (a guardian's choice; empty: the default).
Status SetActingClient(db::Connection& c, const std::string& session_id, const std::string& client_id);
Status TouchSession(db::Connection& c, const std::string& id, EpochSeconds now);
//! Gives a session a new id and CSRF token (and stage), keeping its start: the old cookie stops working.
Status RotateSession(db::Connection& c, const std::string& old_id, const std::string& new_id,
                     const std::string& csrf_token, const std::string& stage);
Status SetSessionStage(db::Connection& c, const std::string& id, const std::string& stage);
Status DeleteSession(db::Connection& c, const std::string& id);

//! A token with its account and practice name, as authentication reads it.
struct TokenRow {
  ApiToken token;
  User user;
  std::string practice_name;
};
Status InsertToken(db::Connection& c, const ApiToken& t, const std::string& token_hash, const std::string& created_by);
//! By the hash of its secret, whatever its state (the caller decides whether it is valid).
Result<std::optional<TokenRow>> FindToken(db::Connection& c, const std::string& token_hash);
//! A practice's tokens, newest first (every practice's for an empty id: the command line).
Result<std::vector<ApiToken>> ListTokens(db::Connection& c, const std::string& practice_id);
//! Revokes one (within the practice; any for an empty id); 0 rows when unknown or already revoked.
Result<std::int64_t> RevokeToken(db::Connection& c, const std::string& practice_id, const std::string& id,
                                 EpochSeconds now);
Status TouchToken(db::Connection& c, const std::string& id, EpochSeconds now);

// ---- staff accounts ----
Status InsertInvitation(db::Connection& c, const Invitation& i, const std::string& token_hash);
Result<std::optional<Invitation>> FindInvitationByToken(db::Connection& c, const std::string& token_hash);
Result<std::optional<Invitation>> FindInvitation(db::Connection& c, const std::string& practice_id,
                                                 const std::string& id);
//! The practice's invitations not yet accepted (pending, revoked or expired), newest first.
Result<std::vector<Invitation>> ListOpenInvitations(db::Connection& c, const std::string& practice_id);
//! Withdraws every pending invitation for that e-mail in the practice (a new one replaces them).
Status RevokePendingInvitations(db::Connection& c, const std::string& practice_id, const std::string& email,
                                EpochSeconds now, const std::string& guardian_of = {});
//! Withdraws one invitation; 0 rows when it was already used or withdrawn.
Result<std::int64_t> RevokeInvitation(db::Connection& c, const std::string& practice_id, const std::string& id,
                                      EpochSeconds now);
//! Marks the invitation used; 0 rows when another request used or withdrew it first (single use).
Result<std::int64_t> MarkInvitationAccepted(db::Connection& c, const std::string& id, const std::string& user_id,
                                            EpochSeconds now);

//! A clinician's or client's record as an account sees it: its linked user and its name.
struct RecordLink {
  std::string id;
  std::string user_id;
  std::string name;
  bool active = true;
  std::string language = "en";  // a client's
};
Result<std::optional<RecordLink>> FindClinicianLink(db::Connection& c, const std::string& practice_id,
                                                    const std::string& clinician_id);
//! Links the clinician record to the account; 0 rows when it is already linked to someone.
//! True when the account already sees the client's pages as a guardian.
Result<bool> GuardianLinked(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                            const std::string& user_id);
//! Makes the account a guardian of the client (0 rows: it already is).
Result<std::int64_t> LinkGuardian(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                                  const std::string& user_id, EpochSeconds now);
Result<std::int64_t> LinkClinician(db::Connection& c, const std::string& practice_id, const std::string& clinician_id,
                                   const std::string& user_id);
//! A client record, for a client's own account (active: not discharged).
Result<std::optional<RecordLink>> FindClientLink(db::Connection& c, const std::string& practice_id,
                                                 const std::string& client_id);
//! Links the client record to the account; 0 rows when it already has one.
//! The account takes the client's language (a new client-side account, invited for that client).
Status TakeClientLanguage(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                          const std::string& user_id);
//! A client-side account's language; and the client record's, when it is the account's own.
Status SetLanguage(db::Connection& c, const std::string& practice_id, const std::string& user_id,
                   const std::string& language, EpochSeconds now);
Result<std::int64_t> LinkClient(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                                const std::string& user_id);
//! Pending invitations that name this clinician record.
Result<std::int64_t> CountPendingForClinician(db::Connection& c, const std::string& practice_id,
                                              const std::string& clinician_id, EpochSeconds now);

Status SetUserRole(db::Connection& c, const std::string& practice_id, const std::string& user_id, Role role);
Status SetUserActive(db::Connection& c, const std::string& practice_id, const std::string& user_id, bool active,
                     EpochSeconds now);
//! Ends every session and revokes every API token of the user.
Status EndAccess(db::Connection& c, const std::string& user_id, EpochSeconds now);
//! Forgets the user's TOTP secret so that the next sign-in enrols again.
Status ResetTotp(db::Connection& c, const std::string& user_id);
Status InsertMfaReset(db::Connection& c, const std::string& id, const std::string& practice_id,
                      const std::string& user_id, const std::string& reset_by, const std::string& reason,
                      EpochSeconds now);
Result<int> CountActiveOwners(db::Connection& c, const std::string& practice_id);

// ---- E-mailed sign-in links ----
struct SignInLinkRow {
  EpochSeconds expires_at = 0;
  EpochSeconds used_at = 0;
  std::string practice_name;
  User user;
};
Status InsertSignInLink(db::Connection& c, const std::string& token_hash, const User& user, EpochSeconds now,
                        EpochSeconds expires_at);
//! Links made for the account since a time (the per-address limit).
Result<int> CountSignInLinks(db::Connection& c, const std::string& user_id, EpochSeconds since);
Result<std::optional<SignInLinkRow>> FindSignInLink(db::Connection& c, const std::string& token_hash);
//! Uses the link once (0 rows: used, or expired, meanwhile).
Result<std::int64_t> UseSignInLink(db::Connection& c, const std::string& token_hash, EpochSeconds now);

}  // namespace duet::identity::store
