#pragma once
// SQL for the directory: clinicians, licenses, facility credentials, compact overrides, clients.
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "platform/db/db.hpp"
#include "platform/policy.hpp"
#include "practice/model.hpp"

namespace duet::practice::store {

Status InsertClinician(db::Connection& c, const Clinician& k);
//! Updates when the stored version equals k.version - 1; returns false when it does not (stale).
Result<bool> UpdateClinician(db::Connection& c, const Clinician& k, EpochSeconds now);
Result<std::optional<Clinician>> FindClinician(db::Connection& c, const std::string& practice_id,
                                               const std::string& id);
//! A clinician's active clients usually located in `state` (id, "Given Family"), by name.
Result<std::vector<std::pair<std::string, std::string>>> ClientsOfClinicianIn(db::Connection& c,
                                                                              const std::string& practice_id,
                                                                              const std::string& clinician_id,
                                                                              const std::string& state, Date today);
//! The user's care relationships, one row per (client, clinician record): assigned, or supervising the assigned
//! clinician.
Result<std::vector<std::pair<std::string, ClientRelationship>>> CareRelationships(db::Connection& c,
                                                                                  const std::string& practice_id,
                                                                                  const std::string& user_id,
                                                                                  Date today);
//! Diagnoses as the JSON stored (and sealed), and read back.
std::string DiagnosesJson(const std::vector<Diagnosis>& ds);
std::vector<Diagnosis> ParseDiagnoses(const std::string& text);
//! The client whose portal account `user_id` is.
Result<std::optional<Client>> FindClientByUser(db::Connection& c, const std::string& practice_id,
                                               const std::string& user_id, Date today);
Result<std::optional<Clinician>> FindClinicianByUser(db::Connection& c, const std::string& practice_id,
                                                     const std::string& user_id);
Result<std::vector<Clinician>> ListClinicians(db::Connection& c, const std::string& practice_id);

Status InsertLicense(db::Connection& c, const std::string& practice_id, const License& l, EpochSeconds now);
//! Returns how many rows were deleted (0 when no such license of that clinician).
Result<std::int64_t> DeleteLicense(db::Connection& c, const std::string& practice_id, const std::string& clinician_id,
                                   const std::string& id);
//! The reads behind ListLicenses and ListCompactOverrides, to send together (Connection::EachOf); each appends to
//! `out`, which must outlive the read.
db::Read ReadClinician(const std::string& practice_id, const std::string& id, std::optional<Clinician>& out);
//! A client with today's care team (as FindClient), appended to `out` when the practice has them.
db::Read ReadClientWithTeam(db::Engine engine, const std::string& practice_id, const std::string& id, Date today,
                            std::vector<Client>& out);
db::Read ReadLicenses(const std::string& practice_id, const std::string& clinician_id, std::vector<License>& out);
db::Read ReadCompactOverrides(const std::string& practice_id, std::vector<CompactState>& out);
Result<std::vector<License>> ListLicenses(db::Connection& c, const std::string& practice_id,
                                          const std::string& clinician_id);
//! Licenses of the practice expiring between the two dates (inclusive), with the clinician.
Result<std::vector<std::pair<License, Clinician>>> ListExpiring(db::Connection& c, const std::string& practice_id,
                                                                Date from, Date to);

//! Active licenses of every practice expiring between the two dates, with their clinicians (the
//! background expiry check runs for all practices at once).
Result<std::vector<std::pair<License, Clinician>>> ListExpiringAllPractices(db::Connection& c, Date from, Date to);
//! Whether the warning for this license and step was sent.
Result<bool> NoticeSent(db::Connection& c, const std::string& license_id, int step);
//! Records that the warning for this license and step was sent; false when it already was.
Result<bool> RecordNotice(db::Connection& c, const std::string& practice_id, const std::string& license_id, int step,
                          EpochSeconds now);

Status InsertFacilityCredential(db::Connection& c, const std::string& practice_id, const FacilityCredential& f,
                                EpochSeconds now);
Result<std::int64_t> DeleteFacilityCredential(db::Connection& c, const std::string& practice_id,
                                              const std::string& clinician_id, const std::string& id);
Result<std::vector<FacilityCredential>> ListFacilityCredentials(db::Connection& c, const std::string& practice_id,
                                                                const std::string& clinician_id);

Result<std::vector<CompactState>> ListCompactOverrides(db::Connection& c, const std::string& practice_id);
Status UpsertCompactOverride(db::Connection& c, const std::string& practice_id, const CompactState& s,
                             const std::string& user_id, EpochSeconds now);

Status InsertClient(db::Connection& c, const Client& client);
//! Updates when the stored version equals client.version - 1; returns false when stale.
Result<bool> UpdateClient(db::Connection& c, const Client& client);
//! The client's own portal account (if any) takes the client's language.
Status SyncAccountLanguage(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                           const std::string& language);
//! The client, with the clinicians on their care team today.
Result<std::optional<Client>> FindClient(db::Connection& c, const std::string& practice_id, const std::string& id,
                                         Date today);

//! What a client search asks for.
struct ClientQuery {
  std::vector<std::string> token_prefixes;
  std::optional<std::string> birth_date;
  std::optional<std::string> phone_suffix_reversed;
  std::optional<std::string> assigned_to_clinician;  // restrict to this clinician's clients
  std::optional<std::string>
      supervised_by_user;  // restrict to clients of clinicians this user supervises, and their own
  std::optional<std::string> status;
  std::optional<std::string> only_client;                                  // a client principal's own record
  std::optional<std::tuple<std::string, std::string, std::string>> after;  // keyset cursor
  int limit = 50;
  Date today{};  // care team members whose dates include it are the clients' clinicians
};
Result<std::vector<Client>> SearchClients(db::Connection& c, const std::string& practice_id, const ClientQuery& q);

//! True when the clinician is on the client's care team today.
Result<bool> IsAssigned(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                        const std::string& clinician_id, Date today);
//! True when one of the client's care team today is supervised by this user.
Result<bool> SupervisesAssigned(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                                const std::string& supervisor_user_id, Date today);
//! Every member the client's care team has had (today's first), with name and discipline.
Result<std::vector<CareTeamMember>> ListCareTeam(db::Connection& c, const std::string& practice_id,
                                                 const std::string& client_id, Date today);
//! Replaces the client's care team with these members (roles and dates as given).
Status ReplaceCareTeam(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                       const std::vector<CareTeamMember>& members);
//! Moves the client record to its next version when it is at `version` (false otherwise: stale).
Result<bool> BumpClientVersion(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                               std::int64_t version, EpochSeconds now);
//! True when every id names a clinician of the practice.
//! The role of an active user of the practice, or nullopt (no such user here, or deactivated).
Result<std::optional<Role>> ActiveUserRole(db::Connection& c, const std::string& practice_id,
                                           const std::string& user_id);
Result<bool> CliniciansExist(db::Connection& c, const std::string& practice_id, const std::vector<std::string>& ids);

//! Display names ("preferred or given" + family) of the practice's clients with these ids, in one query.
Result<std::unordered_map<std::string, std::string>> ClientNames(db::Connection& c, const std::string& practice_id,
                                                                 const std::vector<std::string>& ids);

// ---- Client-side accounts ----
//! The clients an account may see the pages of: its own record first, then the clients in its care by name.
Result<std::vector<PortalLink>> PortalLinksOf(db::Connection& c, const std::string& practice_id,
                                              const std::string& user_id);
//! The accounts that see a client's pages: the client's own first, then guardians' (with who they are).
Result<std::vector<PortalLink>> AccountsOf(db::Connection& c, const std::string& practice_id,
                                           const std::string& client_id);
//! 0 rows: no such guardian of this client.
Result<std::int64_t> SetGuardianSees(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                                     const std::string& user_id, const GuardianSees& sees);
Result<std::int64_t> EndGuardianLink(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                                     const std::string& user_id, EpochSeconds now);

}  // namespace duet::practice::store
