#pragma once
// Release-of-information use cases: record a release the client signed in session (witnessed),
// list and revoke releases, prepare the release package (the parts of the record the release
// covers, as a PDF with a cover naming recipient and purpose; never psychotherapy notes) which is a
// disclosure, and the client's accounting of disclosures. Recipient, purpose and signer are sealed.
#include <string>
#include <vector>

#include "access/service.hpp"
#include "care/model.hpp"
#include "identity/service.hpp"
#include "platform/crypto.hpp"
#include "platform/db/db.hpp"
#include "practice/service.hpp"

namespace duet::care {

using practice::Origin;

class Service {
 public:
  Service(db::Database& db, const Clock& clock, identity::Service& identity, practice::Service& directory,
          access::Service& access);

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

 private:
  db::Database& db_;
  const Clock& clock_;
  identity::Service& identity_;
  practice::Service& directory_;
  access::Service& access_;
};

}  // namespace duet::care
