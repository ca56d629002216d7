#pragma once
// The directory's use cases: clinicians, licenses and coverage, compact reference data, clients.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "platform/clock.hpp"
#include "platform/crypto.hpp"
#include "platform/db/db.hpp"
#include "platform/mail.hpp"
#include "platform/origin.hpp"
#include "platform/policy.hpp"
#include "practice/model.hpp"

namespace duet::practice {

using duet::Origin;

//! A license about to expire, for the owner's home page.
struct ExpiringLicense {
  License license;
  Clinician clinician;
  int days_left = 0;
  int step = 90;  // 90, 60 or 30
  //! The clinician's active clients usually in that state (id, name): whose care the expiry affects.
  std::vector<std::pair<std::string, std::string>> affected_clients;
};

//! A page of clients with the cursor for the next one.
struct ClientPage {
  std::vector<Client> items;
  std::optional<std::string> next;
  ClientView view = ClientView::kNone;
};

//! A client record as the principal may see it.
struct VisibleClient {
  Client client;
  ClientView view = ClientView::kNone;
};

class Service {
 public:
  //! `shipped` is the compact reference data compiled from data/.
  Service(db::Database& db, const Clock& clock, CompactTable shipped);

  Result<std::vector<Clinician>> ListClinicians(const Principal& who);
  Result<Clinician> GetClinician(const Principal& who, const std::string& id);
  Result<Clinician> CreateClinician(const Principal& who, Clinician clinician, const Origin& origin);
  //! Replaces the editable fields; `clinician.version` must be the stored version (409 otherwise).
  Result<Clinician> UpdateClinician(const Principal& who, Clinician clinician, const Origin& origin);

  Result<std::vector<License>> ListLicenses(const Principal& who, const std::string& clinician_id);
  //! The owner may add licenses for anyone; a clinician for themself.
  Result<License> AddLicense(const Principal& who, const std::string& clinician_id, License license,
                             const Origin& origin);
  Status DeleteLicense(const Principal& who, const std::string& clinician_id, const std::string& license_id,
                       const Origin& origin);
  //! Coverage in the 50 states and DC on a date in a mode.
  Result<std::vector<Coverage>> CoverageFor(const Principal& who, const std::string& clinician_id, Date on, Mode mode);
  //! The licensure decision for one state (used by scheduling and telehealth).
  //! `tap_days_used`: in-person days already spent under a PSYPACT TAP in that state this year.
  Result<Coverage> CheckLicensure(const std::string& practice_id, const std::string& clinician_id,
                                  std::string_view state, Date on, Mode mode, int tap_days_used = 0);
  //! The same for a clinician record already read (a booking has it: one read fewer).
  Result<Coverage> CheckLicensure(const Clinician& clinician, std::string_view state, Date on, Mode mode,
                                  int tap_days_used = 0);

  //! What a booking asks of the directory, read in one round trip together with the caller's own reads (`also`):
  //! the clinician (not found: 404), each client of the practice with today's care team (AllClientsFound), the
  //! clinician's licences and the practice's compact table.
  struct BookingPeople {
    Clinician clinician;
    std::vector<Client> clients;
    std::vector<License> licenses;
    std::shared_ptr<const CompactTable> compacts;
    //! 422 unless every client asked for is a client of the practice (checked by the caller, after its policy).
    Status AllClientsFound(std::size_t asked) const;
  };
  Result<BookingPeople> PeopleForBooking(const std::string& practice_id, const std::string& clinician_id,
                                         const std::vector<std::string>& client_ids,
                                         std::span<const db::Read> also = {});
  //! The licensure decision from what PeopleForBooking read (no database).
  Coverage CheckLicensure(const BookingPeople& people, std::string_view state, Date on, Mode mode,
                          int tap_days_used = 0) const;

  //! The client with diagnoses opened, for billing's charge (its caller audits what it does with it).
  Result<Client> ClientForBilling(const std::string& practice_id, const std::string& id);
  //! Where each client usually is (state, zone), for booking checks by other modules; no audit
  //! event because nothing leaves the server. Not found if any id is not a client of the practice.
  Result<std::vector<Client>> ClientPlaces(const std::string& practice_id, const std::vector<std::string>& ids);
  //! Display names of clients by id (for calendars and lists that already audit their read).
  Result<std::unordered_map<std::string, std::string>> ClientNames(const std::string& practice_id,
                                                                   const std::vector<std::string>& ids);
  //! A clinician by id without a principal (join pages, reminders); not found if not in the practice.
  Result<Clinician> ClinicianById(const std::string& practice_id, const std::string& id);
  //! How much of a client's chart the principal may see (no audit event: the caller audits what it
  //! shows). Not found if the client is not in the practice.
  Result<ClientView> ChartView(const Principal& who, const std::string& client_id);
  //! Succeeds when the principal may see the client's full chart; otherwise "not found", as if there
  //! were no such client (clinical modules guard every read and write with it).
  Status MayReadChart(const Principal& who, const std::string& client_id);
  //! The client's care team: every member it has had, today's first (no audit event: the caller audits what it
  //! shows). Anyone who sees the client record (the front desk books with the team); not found otherwise.
  Result<CareTeam> CareTeamOf(const Principal& who, const std::string& client_id);
  //! Replaces the client's care team (`team.version`: the client record's, 409 when stale; 400 naming each
  //! problem) and runs `also` in the same write. Those who may edit the client; audited.
  Result<CareTeam> ReplaceCareTeam(const Principal& who, const std::string& client_id, CareTeam team,
                                   const std::function<Status(db::Connection&)>& also, const Origin& origin);
  //! Puts a clinician on the client's care team from today in a part (a referral accepted), inside the caller's
  //! write; one already on it today stays as they are. Moves the client record to its next version.
  Status JoinCareTeam(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                      const std::string& clinician_id, TeamRole role);
  //! How the principal stands to the client whatever their role: one of the client's clinicians
  //! (through the clinician record their account signs in for), a supervisor of one of them.
  Result<ClientRelationship> CareRelationship(const Principal& who, const std::string& client_id);
  //! Which of these clients' full charts the principal may read (DecideClientView), in one query: for
  //! lists that show many clients at once (the calendar).
  Result<std::unordered_set<std::string>> FullChartsAmong(const Principal& who,
                                                          const std::vector<std::string>& client_ids);
  //! The client record a client's account belongs to (none for staff).
  Result<std::optional<Client>> ClientOfUser(const std::string& practice_id, const std::string& user_id);
  Result<std::optional<Clinician>> ClinicianOfUser(const std::string& practice_id, const std::string& user_id);
  //! Whose pages a client-side account's request is about (its session's choice among its own record and
  //! the clients in its care) for one part of the pages: a guardian sees only the parts the practice allows
  //! (403 rule guardian_scope). Not found for an account linked to no client.
  Result<PortalSelf> PortalClient(const Principal& who, PortalArea area);
  //! The accounts that see a client's pages: their own and guardians' (staff who may see the client).
  Result<std::vector<PortalLink>> PortalAccounts(const Principal& who, const std::string& client_id);
  //! Sets what a guardian sees of the client's pages, or (no `sees`) ends the guardian's access; staff who may
  //! edit the client. Answers the client's accounts as they are now.
  Result<std::vector<PortalLink>> ChangeGuardian(const Principal& who, const std::string& client_id,
                                                 const std::string& user_id, const std::optional<GuardianSees>& sees,
                                                 const Origin& origin);

  Result<std::vector<FacilityCredential>> ListFacilityCredentials(const Principal& who,
                                                                  const std::string& clinician_id);
  Result<FacilityCredential> AddFacilityCredential(const Principal& who, const std::string& clinician_id,
                                                   FacilityCredential credential, const Origin& origin);
  Status DeleteFacilityCredential(const Principal& who, const std::string& clinician_id, const std::string& id,
                                  const Origin& origin);

  //! The compact table in force for a practice: shipped data with the practice's overrides (shared, not
  //! copied, when the practice has none — every telehealth booking asks).
  Result<std::shared_ptr<const CompactTable>> CompactsFor(const std::string& practice_id);
  //! The shipped table with a practice's overrides (the shipped one itself when there are none).
  std::shared_ptr<const CompactTable> WithOverrides(std::vector<CompactState> overrides) const;
  //! Records when a compact became (or stops being) operational in a state, with source and date.
  Result<CompactState> UpdateCompactState(const Principal& who, CompactState state, const Origin& origin);

  //! E-mails each clinician once per warning step (90, 60, 30 days) for their licenses about to
  //! expire, in every practice. Returns how many messages were sent.
  Result<int> SendExpiryNotices(mail::Mailer& mailer);
  //! Active licenses expiring within 90 days (the owner sees all; a clinician their own).
  //! Naming the affected clients is a read of client data: audited as one event when any are named.
  Result<std::vector<ExpiringLicense>> ExpiringLicenses(const Principal& who, const Origin& origin);

  //! Clients matching q (name prefix words, a date of birth, or the last digits of a phone number).
  Result<ClientPage> SearchClients(const Principal& who, const std::string& q, const std::optional<std::string>& status,
                                   const std::optional<std::string>& cursor, int limit, const Origin& origin);
  Result<VisibleClient> GetClient(const Principal& who, const std::string& id, const Origin& origin);
  Result<VisibleClient> CreateClient(const Principal& who, Client client, const Origin& origin);
  //! Replaces the client record; `client.version` must be the stored version (409 otherwise).
  Result<VisibleClient> UpdateClient(const Principal& who, Client client, const Origin& origin);

 public:
  //! The practice keys that seal diagnoses at rest (set once identity exists).
  void SetKeys(crypto::KeyFor keys) { keys_ = std::move(keys); }
  //! Checks a client's policies against the practice's payers (billing's), inside the write that saves
  //! them: a payer_ref must be one of the practice's payers, whose name it then fills in.
  using PolicyCheck =
      std::function<Status(db::Connection&, const std::string& practice_id, std::vector<InsurancePolicy>&)>;
  void SetPolicyCheck(PolicyCheck check) { policy_check_ = std::move(check); }

 private:
  crypto::KeyFor keys_;
  PolicyCheck policy_check_;
  //! Diagnoses are clinical text: sealed with the practice key before they are stored ...
  Status SealDiagnoses(Client& client);
  //! ... and opened when read (one key read per list).
  Status OpenDiagnoses(Client& client, crypto::LazyKey& key);
  //! How the principal stands to the client; only clinicians and supervisors have a care relationship
  //! for the chart view unless `whatever_role` (an owner who is also a clinician signs as one).
  Result<ClientRelationship> RelationshipTo(db::Connection& c, const Principal& who, const std::string& client_id,
                                            bool whatever_role = false);
  Status MayManageLicenses(db::Connection& c, const Principal& who, const Clinician& clinician);
  //! Today (UTC): care team dates are compared with it.
  Date Today() const { return DateOf(clock_.Now()); }
  Status CheckClinicianAccounts(db::Connection& c, const Principal& who, const Clinician& k, bool linking);
  //! Runs `change` in a write transaction once the clinician exists and the principal may manage their records.
  Status ChangeClinicianRecords(const Principal& who, const std::string& clinician_id,
                                const std::function<Status(db::Connection&)>& change);

  db::Database& db_;
  const Clock& clock_;
  std::shared_ptr<const CompactTable> shipped_;
};

}  // namespace duet::practice
