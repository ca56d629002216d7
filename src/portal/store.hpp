#pragma once
// SQL for the practice's public page and the intake requests it takes.
#include <optional>
#include <string>

#include "platform/db/db.hpp"
#include "portal/model.hpp"

namespace duet::portal::store {

Result<std::optional<PortalSettings>> SettingsOf(db::Connection& c, const std::string& practice_id);
Status SaveSettings(db::Connection& c, const std::string& practice_id, const PortalSettings& s, EpochSeconds now);

Result<std::optional<PublicPageSettings>> PageOf(db::Connection& c, const std::string& practice_id);
//! The practice whose page has this address.
Result<std::optional<std::pair<std::string, PublicPageSettings>>> PageBySlug(db::Connection& c,
                                                                             const std::string& slug);
//! False when another practice has the address.
Result<bool> SavePage(db::Connection& c, const std::string& practice_id, const PublicPageSettings& page,
                      EpochSeconds now);

//! Requests in the last hour from one address and on the whole page.
Result<std::pair<int, int>> RecentIntake(db::Connection& c, const std::string& practice_id,
                                         const std::string& source_hash, EpochSeconds since);
//! A client made by an earlier request of the same person (name, birth date, e-mail) that lost its time, so
//! a second try books them rather than making them twice.
Result<std::optional<std::string>> UnbookedClient(db::Connection& c, const std::string& practice_id,
                                                  const std::string& identity_hash, EpochSeconds since);
Status InsertIntake(db::Connection& c, const std::string& practice_id, const std::string& id,
                    const std::string& client_id, const std::string& source_hash, const std::string& identity_hash,
                    EpochSeconds now);
Status SetIntakeBooked(db::Connection& c, const std::string& practice_id, const std::string& id,
                       const std::string& appointment_id);

}  // namespace duet::portal::store
