#pragma once
// Release-of-information use cases: record a release the client signed in session (witnessed),
// list and revoke releases, prepare the release package (the parts of the record the release
// covers, as a PDF with a cover naming recipient and purpose; never psychotherapy notes) which is a
// disclosure, and the client's accounting of disclosures. Recipient, purpose and signer are sealed.
#include <functional>
#include <string>
#include <vector>

#include "access/service.hpp"
#include "care/model.hpp"
#include "care/store.hpp"
#include "identity/service.hpp"
#include "platform/crypto.hpp"
#include "platform/db/db.hpp"
#include "platform/mail.hpp"
#include "practice/service.hpp"
#include "scheduling/service.hpp"

namespace duet::care {

using practice::Origin;

class Service {
 public:
  Service(db::Database& db, const Clock& clock, identity::Service& identity, practice::Service& directory,
          scheduling::Service& scheduling, access::Service& access);

  //! A client's releases, newest first, opened.
  Result<std::vector<Release>> List(const Principal& who, const std::string& client_id, const Origin& origin);
  //! Records a release signed now in session and witnessed by the caller (400 naming each gap).
  Result<Release> Create(const Principal& who, const std::string& client_id, Release release, const Origin& origin);
  //! The client withdraws the release: nothing more is shared under it (what was shared stays recorded).
  Status Revoke(const Principal& who, const std::string& client_id, const std::string& release_id,
                const Origin& origin);
  //! The PDF to send the recipient, recorded as a disclosure (422 `release_inactive` when revoked,
  //! expired or not yet in effect).
  Result<std::string> Package(const Principal& who, const std::string& client_id, const std::string& release_id,
                              const Origin& origin);
  //! Partner organizations: those the practice invited and those that invited it (connected).
  Result<std::vector<Partner>> Partners(const Principal& who);
  //! Invites a partner organization (owner): the answer carries the one-time code its owner enters to connect.
  Result<Partner> InvitePartner(const Principal& who, Partner partner, const Origin& origin);
  //! The partner's owner connects their practice with the code (used once, for 14 days).
  Result<Partner> ConnectPartner(const Principal& who, const std::string& code, const Origin& origin);
  //! What an invitation's code is for (public: the code is the credential); not found once used or expired.
  Result<PartnerInvitePreview> PreviewPartnerInvite(const std::string& code, const Origin& origin);
  //! A partner organization not yet on this server joins with the code: its practice and owner are created and
  //! connected in one transaction (a used, expired or raced code creates nothing). The owner then signs in.
  Result<Partner> JoinAsPartner(const PartnerJoin& join, const Origin& origin);
  //! Where partner invitations are e-mailed from, and the address their links use.
  void SetMailer(mail::Mailer* mailer, std::string public_url) {
    mailer_ = mailer;
    public_url_ = std::move(public_url);
  }
  //! For the partner's clinicians: the clients whose release in effect names their organization (each listing is a
  //! disclosure of who the client is, in the client's accounting).
  Result<std::vector<SharedClient>> SharedClients(const Principal& who, const std::string& partner_id,
                                                  const Origin& origin);
  //! For the partner's clinicians: what the release in effect covers, as a PDF (a disclosure); refused the moment
  //! the release is revoked or expires.
  Result<std::string> SharedRecord(const Principal& who, const std::string& partner_id, const std::string& client_id,
                                   const Origin& origin);
  //! The client's accounting of disclosures, newest first.
  Result<std::vector<Disclosure>> Disclosures(const Principal& who, const std::string& client_id, const Origin& origin);

  // ---- the medication list ----
  //! The client's medications, active first, each with its history (oldest first).
  Result<std::vector<Medication>> Medications(const Principal& who, const std::string& client_id, const Origin& origin);
  //! Adds a medication (400 naming each gap); its history starts with who added it.
  Result<Medication> AddMedication(const Principal& who, const std::string& client_id, Medication m,
                                   const Origin& origin);
  //! Changes a medication (`m.version` the one read: 409 when someone changed it meanwhile) for a reason;
  //! the history says what changed and why.
  Result<Medication> ChangeMedication(const Principal& who, const std::string& client_id, Medication m,
                                      const std::string& why, const Origin& origin);
  //! Stops a medication on a date, for a reason (409 when already stopped or changed meanwhile).
  Result<Medication> StopMedication(const Principal& who, const std::string& client_id, const std::string& id,
                                    std::int64_t version, Date stopped_on, const std::string& reason,
                                    const Origin& origin);
  //! Records side effects and adherence (the prescriber or the therapist): an event; the medication is as it was.
  Result<Medication> ObserveMedication(const Principal& who, const std::string& client_id, const std::string& id,
                                       std::optional<Adherence> adherence, const std::vector<std::string>& side_effects,
                                       const std::string& note, const Origin& origin);

  // ---- the care team ----
  //! The client's care team (today's members first) with each member's last and next visit with the client,
  //! and what the client agreed the team share. Anyone who sees the client record; audited.
  Result<TeamView> CareTeam(const Principal& who, const std::string& client_id, const Origin& origin);
  //! Replaces the team (the client record's version: 409 when stale; 400 naming each problem) and, when given,
  //! records what the client agreed the team share. Those who may edit the client.
  Result<TeamView> SetCareTeam(const Principal& who, const std::string& client_id, practice::CareTeam team,
                               std::optional<bool> shares_notes, std::optional<bool> shares_part2,
                               const Origin& origin);
  //! What the client agreed the team share: each other's signed progress notes, and whether the agreement names
  //! substance-use-disorder (Part 2) records (records and documents ask).
  Result<TeamSharing> Sharing(const std::string& practice_id, const std::string& client_id);

  // ---- referrals ----
  //! Referrals the principal may see, newest first: the owner and the front desk every one (the front desk
  //! without the clinical text: reason, question, answer), a clinician those from or to them.
  Result<std::vector<Referral>> Referrals(const Principal& who, const ReferralFilter& filter, const Origin& origin);
  Result<Referral> GetReferral(const Principal& who, const std::string& id, const Origin& origin);
  //! A clinician on the client's team refers the client to another clinician of the practice (409 when an open
  //! referral to them already exists); the owner or a supervisor without a clinician profile names the referring
  //! clinician (`r.from_clinician_id`).
  Result<Referral> Refer(const Principal& who, Referral r, const Origin& origin);
  //! The referred clinician (or the owner) accepts: they join the care team in the part their discipline takes.
  Result<Referral> AcceptReferral(const Principal& who, const std::string& id, const Origin& origin);
  //! The referred clinician (or the owner) declines, saying why.
  Result<Referral> DeclineReferral(const Principal& who, const std::string& id, const std::string& reason,
                                   const Origin& origin);
  //! The referred clinician answers the referrer (text, and optionally the note that answers).
  Result<Referral> AnswerReferral(const Principal& who, const std::string& id, const std::string& answer,
                                  const std::string& note_id, const Origin& origin);
  //! The calendar: a visit of the referred clinician with the client books the first visit of an open referral
  //! (a booked hook: its reads go with the booking's, the step runs inside the booking's write) ...
  scheduling::Service::AfterBooked VisitBooked(const scheduling::Appointment& visit, std::vector<db::Read>& reads);
  //! The same at once (a request approved: a status change's write).
  Status VisitBooked(db::Connection& c, const scheduling::Appointment& visit, EpochSeconds now);
  //! ... the first visit cancelled or missed unbooks it (back to accepted) ...
  Status VisitDropped(db::Connection& c, const scheduling::Appointment& visit, EpochSeconds now);
  //! ... and the client arriving for it (checked in, in session or completed) holds it.
  Status VisitHeld(db::Connection& c, const scheduling::Appointment& visit, EpochSeconds now);
  //! A progress note the referred clinician signs about the client once the first visit was held answers the
  //! referral with that note (run inside the signing's write).
  //! `clinician_id`: the signer's clinician record, read before the write.
  Status NoteSigned(db::Connection& c, const Principal& who, const std::string& clinician_id,
                    const std::string& client_id, const std::string& note_id, EpochSeconds now);

  //! Tells a signed-in person of a referral's step as it happens (a live event naming only the referral).
  using UserNotifier =
      std::function<void(const std::string& practice_id, const std::string& user_id, const std::string& text)>;
  void SetNotifier(UserNotifier notify) { notify_ = std::move(notify); }

  //! For scheduling: a partner organization's clinician who would join a visit of the practice by video — the
  //! partner connected to it, each client's release in effect naming the partner, the clinician active there.
  Result<practice::Clinician> PartnerJoiner(const std::string& practice_id, const std::string& partner_id,
                                            const std::string& clinician_id,
                                            const std::vector<std::string>& client_ids);
  //! For a partner's clinician: the visits of practices their organization works with that they join by video,
  //! starting in [from, to), while each client's release names the organization (a disclosure per client).
  Result<std::vector<PartnerVisit>> PartnerVisits(const Principal& who, const PartnerVisitsQuery& q,
                                                  const Origin& origin);
  //! For a partner's clinician entering such a visit: the visit and the grant each of its clients' releases gives
  //! (in `client_ids` order), refused (not found) the moment one ends. Record each entry with RecordPartnerAccess.
  Result<std::pair<scheduling::Appointment, std::vector<PartnerGrant>>> PartnerVisitFor(
      const Principal& who, const std::string& appointment_id);
  //! For a partner's clinician: their organization's grant for the client (the release in effect naming it);
  //! not found otherwise — revoked or expired, the next request is refused.
  Result<PartnerGrant> PartnerGrantFor(const Principal& who, const std::string& partner_id,
                                       const std::string& client_id);
  //! For the practice: a connected partner and its grant for one of its clients (no release: `expires_on` empty).
  Result<PartnerGrant> PartnerInCare(const std::string& practice_id, const std::string& client_id,
                                     const std::string& partner_id);
  //! A partner clinician's reading under a grant, in the client's accounting of disclosures (`what` names it).
  Status RecordPartnerAccess(const Principal& who, const PartnerGrant& grant, const std::string& client_id,
                             const std::string& what, const Origin& origin);

  //! A referral's chart documents, through documents/ (which the app wires; care/ does not depend on it): found by
  //! id among the client's documents (titles opened), and read with their bytes. Neither audits: care/ does.
  using AttachmentFinder = std::function<Result<std::vector<Attachment>>(
      const std::string& practice_id, const std::string& client_id, const std::vector<std::string>& ids)>;
  using AttachmentReader = std::function<Result<std::pair<Attachment, std::string>>(
      const std::string& practice_id, const std::string& client_id, const std::string& id)>;
  void SetAttachments(AttachmentFinder find, AttachmentReader read) {
    find_attachments_ = std::move(find);
    read_attachment_ = std::move(read);
  }
  //! One document a referral carries, for its referring or referred clinician (or the owner); audited.
  Result<std::pair<Attachment, std::string>> ReferralAttachment(const Principal& who, const std::string& referral_id,
                                                                const std::string& document_id, const Origin& origin);

 private:
  //! VisitBooked's step: the referrals its reads found move to booked.
  //! `found`: each of the visit's clients' open referrals to its clinician.
  Status BookFromCalendar(db::Connection& c, const scheduling::Appointment& visit, EpochSeconds now,
                          std::vector<std::vector<store::SealedReferral>>& found);
  scheduling::Service& scheduling_;
  UserNotifier notify_;
  mail::Mailer* mailer_ = nullptr;
  std::string public_url_;
  //! The invitation a code names while it can still be used (invited, not expired); not found otherwise.
  Result<Partner> OpenInvite(const std::string& code, EpochSeconds now);
  AttachmentFinder find_attachments_;
  AttachmentReader read_attachment_;
  //! The live event `type` for the account of a clinician (none without one).
  void Tell(const std::string& practice_id, const std::string& clinician_id, std::string_view type,
            const std::string& referral_id);
  //! Opens referrals' sealed text (`clinical`: the reason, question and answer; one key read) and names their
  //! people (each looked up once for the list).
  Result<std::vector<Referral>> OpenReferrals(const std::string& practice_id, std::vector<store::SealedReferral> rows,
                                              bool clinical);
  //! The partner's releases in effect on `today`, opened, the newest per client (only `client_id`'s when given).
  Result<std::vector<Release>> ReleasesInEffect(const Partner& p, const crypto::DataKey& key,
                                                const std::string& client_id, Date today);
  //! A connected partner of which the caller's practice is the partner; not found otherwise.
  Result<Partner> PartnerOfMine(const Principal& who, const std::string& partner_id);
  //! For a partner's clinician: the grant of each client whose release in effect names their organization (the
  //! partner's releases read and opened once).
  Result<std::unordered_map<std::string, PartnerGrant>> GrantsByClient(const Principal& who,
                                                                       const std::string& partner_id);
  //! Records a disclosure under a release (sealed recipient and purpose) with its audit event, in the release's
  //! practice.
  Status RecordDisclosure(db::Connection& c, const crypto::DataKey& key, const std::string& practice_id,
                          const Disclosure& d, const Principal& by, const std::string& detail, const Origin& origin);
  Result<Referral> OpenReferral(const std::string& practice_id, store::SealedReferral row, bool clinical);
  //! Fills client and clinician names: one query for the clients, each clinician once.
  Status NameReferrals(const std::string& practice_id, std::vector<Referral>& referrals);
  //! Moves a referral a step inside a write, by whoever the caller checked.
  Status Advance(db::Connection& c, const std::string& practice_id, store::SealedReferral& row, ReferralStep step,
                 EpochSeconds now);
  //! Loads a referral the principal may act on as the referred clinician (or the owner); not found otherwise.
  Result<store::SealedReferral> ReferralToMe(const Principal& who, const std::string& id);

  db::Database& db_;
  const Clock& clock_;
  identity::Service& identity_;
  practice::Service& directory_;
  access::Service& access_;
};

}  // namespace duet::care
