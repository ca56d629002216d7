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

 private:
  db::Database& db_;
  const Clock& clock_;
  identity::Service& identity_;
  practice::Service& directory_;
  access::Service& access_;
};

}  // namespace duet::care
