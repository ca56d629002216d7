#pragma once
// SQL for releases of information and disclosures. Recipient, purpose and signer arrive sealed.
#include <optional>
#include <string>
#include <vector>

#include "care/model.hpp"
#include "platform/db/db.hpp"

namespace duet::care::store {

//! A row with its sealed parts (details: recipient and purpose as JSON; the signer's name).
struct SealedRelease {
  Release release;  // recipient, purpose and signed_name empty
  std::string details_sealed;
  std::string signed_name_sealed;
};
struct SealedDisclosure {
  Disclosure disclosure;  // recipient and purpose empty
  std::string details_sealed;
};

Status InsertRelease(db::Connection& c, const std::string& practice_id, const SealedRelease& r);
//! A client's releases, newest first.
Result<std::vector<SealedRelease>> ListReleases(db::Connection& c, const std::string& practice_id,
                                                const std::string& client_id);
Result<std::optional<SealedRelease>> FindRelease(db::Connection& c, const std::string& practice_id,
                                                 const std::string& client_id, const std::string& id);
//! Revokes unless already revoked; false when it was (or is not this client's).
Result<bool> Revoke(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                    const std::string& id, const std::string& user_id, EpochSeconds now);

Status InsertDisclosure(db::Connection& c, const std::string& practice_id, const SealedDisclosure& d,
                        const std::string& user_id);
//! A client's disclosures, newest first.
Result<std::vector<SealedDisclosure>> ListDisclosures(db::Connection& c, const std::string& practice_id,
                                                      const std::string& client_id);

//! A medication row: what the list reads in the open (its status, version, times), the rest sealed.
struct SealedMedication {
  std::string id;
  std::string client_id;
  std::string status;  // active | stopped
  std::int64_t version = 1;
  std::string created_by;
  EpochSeconds created_at = 0;
  EpochSeconds updated_at = 0;
  std::string details_sealed;
};
//! A medication event: its kind and time in the open, who by, the rest sealed.
struct SealedMedicationEvent {
  std::string id;
  std::string client_id;
  std::string medication_id;
  std::string kind;
  EpochSeconds at = 0;
  std::string by_user_id;
  std::string by_name;
  std::string details_sealed;
};

Status InsertMedication(db::Connection& c, const std::string& practice_id, const SealedMedication& m);
//! Writes a changed medication if its version is still `expected` (false: someone changed it first).
Result<bool> UpdateMedication(db::Connection& c, const std::string& practice_id, const SealedMedication& m,
                              std::int64_t expected);
//! A client's medications, active first, then the newest.
Result<std::vector<SealedMedication>> ListMedications(db::Connection& c, const std::string& practice_id,
                                                      const std::string& client_id);
Result<std::optional<SealedMedication>> FindMedication(db::Connection& c, const std::string& practice_id,
                                                       const std::string& client_id, const std::string& id);
Status InsertMedicationEvent(db::Connection& c, const std::string& practice_id, const SealedMedicationEvent& e);
//! The events of a client's medications, oldest first.
Result<std::vector<SealedMedicationEvent>> ListMedicationEvents(db::Connection& c, const std::string& practice_id,
                                                                const std::string& client_id);

// ---- the care team ----
//! What the client agreed the team share (none recorded: nothing shared).
Result<TeamSharing> FindSharing(db::Connection& c, const std::string& practice_id, const std::string& client_id);
Status PutSharing(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                  const TeamSharing& sharing, const std::string& user_id, EpochSeconds now);

// ---- referrals ----
//! A referral row: states and times in the open; reason and question sealed together, the answer apart.
struct SealedReferral {
  Referral referral;  // reason, question, answer and the names empty
  std::string details_sealed;
  std::string answer_sealed;
};
Status InsertReferral(db::Connection& c, const std::string& practice_id, const SealedReferral& r);
//! Writes a referral's new state if its version is still `expected` (false: someone moved it first).
Result<bool> UpdateReferral(db::Connection& c, const std::string& practice_id, const SealedReferral& r,
                            std::int64_t expected);
Result<std::optional<SealedReferral>> FindReferral(db::Connection& c, const std::string& practice_id,
                                                   const std::string& id);
//! What a referral list asks for: the filter, and only those from or to one clinician.
struct ReferralQuery : ReferralFilter {
  std::optional<std::string> involving_clinician_id;  // from or to
  int limit = 200;
};
//! Referrals by the query, newest first.
Result<std::vector<SealedReferral>> ListReferrals(db::Connection& c, const std::string& practice_id,
                                                  const ReferralQuery& q);
//! The client's open referrals to this clinician (the calendar advances them); the read builder appends to `out`.
db::Read ReadOpenReferralsTo(const std::string& practice_id, const std::string& client_id,
                             const std::string& clinician_id, std::vector<SealedReferral>& out);
Result<std::vector<SealedReferral>> OpenReferralsTo(db::Connection& c, const std::string& practice_id,
                                                    const std::string& client_id, const std::string& clinician_id);

// ---- partner organizations ----
Status InsertPartner(db::Connection& c, const Partner& p, const std::string& invite_hash);
//! The practice's partners (those it invited) and the connections where it is the partner (`practice_name` filled).
Result<std::vector<Partner>> ListPartners(db::Connection& c, const std::string& practice_id);
//! A partner by id, for either side (the inviting practice or the connected partner practice).
Result<std::optional<Partner>> FindPartner(db::Connection& c, const std::string& id);
Result<std::optional<Partner>> FindPartnerByInvite(db::Connection& c, const std::string& invite_hash);
//! Connects an invited partner to the accepting practice (false if it was no longer waiting).
Result<bool> ConnectPartner(db::Connection& c, const std::string& id, const std::string& partner_practice_id,
                            const std::string& user_id, EpochSeconds now);
//! Every release of the practice naming the partner (any state; the service decides which are in effect).
Result<std::vector<SealedRelease>> ReleasesToPartner(db::Connection& c, const std::string& practice_id,
                                                     const std::string& partner_id);
//! The client's releases naming a partner.
Result<std::vector<SealedRelease>> PartnerReleasesOf(db::Connection& c, const std::string& practice_id,
                                                     const std::string& client_id);
//! The active clinicians of a practice by name and discipline (a partner's, for the care team view).
Result<std::vector<PartnerClinician>> ClinicianNames(db::Connection& c, const std::string& practice_id);

}  // namespace duet::care::store
