#pragma once
// Billing's SQL: payers and the practice's billing settings.
#include <optional>
#include <string>
#include <vector>

#include "billing/model.hpp"
#include "platform/db/db.hpp"

namespace duet::billing::store {

Result<std::vector<Payer>> ListPayers(db::Connection& c, const std::string& practice_id);
Result<std::optional<Payer>> FindPayer(db::Connection& c, const std::string& practice_id, const std::string& id);
//! Conflict when the practice already has a payer of that name.
Status InsertPayer(db::Connection& c, const std::string& practice_id, const Payer& p);
//! False when the version is not the stored one (someone changed it first).
Result<bool> UpdatePayer(db::Connection& c, const std::string& practice_id, const Payer& p);

//! The clinician's standing with each payer that has one recorded.
Result<std::vector<Enrollment>> ListEnrollments(db::Connection& c, const std::string& practice_id,
                                                const std::string& clinician_id);
Result<std::optional<Enrollment>> FindEnrollment(db::Connection& c, const std::string& practice_id,
                                                 const std::string& clinician_id, const std::string& payer_ref);
Status PutEnrollment(db::Connection& c, const std::string& practice_id, const Enrollment& e);

//! False when the visit already has this client's charge (a note signed again makes none).
Result<bool> InsertCharge(db::Connection& c, const std::string& practice_id, const Charge& charge);
//! Newest visits first; all statuses when none is given.
Result<std::vector<Charge>> ListCharges(db::Connection& c, const std::string& practice_id,
                                        std::optional<ChargeStatus> status, std::size_t limit);
Result<std::optional<Charge>> FindCharge(db::Connection& c, const std::string& practice_id, const std::string& id);
//! False when `charge.version` is not the stored one.
Result<bool> UpdateCharge(db::Connection& c, const std::string& practice_id, const Charge& charge);
Result<std::vector<Charge>> ChargesForVisit(db::Connection& c, const std::string& practice_id,
                                            const std::string& appointment_id);

Result<BillingProvider> GetProvider(db::Connection& c, const std::string& practice_id);
Status PutProvider(db::Connection& c, const std::string& practice_id, const BillingProvider& p);

//! Marks the default payers added for the practice; false when they were added before.
Result<bool> MarkDefaultsAdded(db::Connection& c, const std::string& practice_id, EpochSeconds now);
//! Practices whose default payers were never added (made before billing existed).
Result<std::vector<std::string>> PracticesWithoutDefaults(db::Connection& c);

}  // namespace duet::billing::store
