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

}  // namespace duet::care::store
