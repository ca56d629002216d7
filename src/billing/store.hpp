#pragma once
// Billing's SQL: payers and the practice's billing settings.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "billing/codecs.hpp"
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
//! A client's charges with one payer whose date of service is on or after `from`.
Result<std::vector<Charge>> ClientCharges(db::Connection& c, const std::string& practice_id,
                                          const std::string& client_id, const std::string& payer_ref, Date from);
//! Charges whose date of service is in [from, to]; only one client's when `client_id` is given.
Result<std::vector<Charge>> ChargesBetween(db::Connection& c, const std::string& practice_id, Date from, Date to,
                                           const std::string& client_id = {});
//! Money received between two dates (payments less refunds, clients' and payers'), with the mode of the
//! visit each paid ("" on account).
Result<std::vector<Collected>> CollectedBetween(db::Connection& c, const std::string& practice_id, Date from, Date to);
//! The visits (appointment ids) that have a charge, of visits on or after `from`.
Result<std::vector<std::string>> ChargedVisits(db::Connection& c, const std::string& practice_id, Date from);
Result<std::optional<Charge>> FindCharge(db::Connection& c, const std::string& practice_id, const std::string& id);
//! False when `charge.version` is not the stored one.
Result<bool> UpdateCharge(db::Connection& c, const std::string& practice_id, const Charge& charge);
Result<std::vector<Charge>> ChargesForVisit(db::Connection& c, const std::string& practice_id,
                                            const std::string& appointment_id);

Result<ChargeTiming> GetChargeTiming(db::Connection& c, const std::string& practice_id);
Status PutChargeTiming(db::Connection& c, const std::string& practice_id, const ChargeTiming& timing);
Result<VisitFeePolicy> GetVisitFees(db::Connection& c, const std::string& practice_id);
Status PutVisitFees(db::Connection& c, const std::string& practice_id, const VisitFeePolicy& policy);
Result<BillingProvider> GetProvider(db::Connection& c, const std::string& practice_id);
Status PutProvider(db::Connection& c, const std::string& practice_id, const BillingProvider& p);

//! Marks the default payers added for the practice; false when they were added before.
Result<bool> MarkDefaultsAdded(db::Connection& c, const std::string& practice_id, EpochSeconds now);
//! Practices whose default payers were never added (made before billing existed).
Result<std::vector<std::string>> PracticesWithoutDefaults(db::Connection& c);

//! Takes `claims` claim numbers and one interchange control number for a batch: (first claim number,
//! control number). Locks the practice's billing row until the transaction ends.
Result<std::pair<std::int64_t, std::int64_t>> TakeNumbers(db::Connection& c, const std::string& practice_id,
                                                          std::size_t claims);
Status InsertClaim(db::Connection& c, const std::string& practice_id, const Claim& claim);
//! False when `claim.version` is not the stored one.
Result<bool> UpdateClaim(db::Connection& c, const std::string& practice_id, const Claim& claim);
Result<std::optional<Claim>> FindClaim(db::Connection& c, const std::string& practice_id, const std::string& id);
//! By its number on the 837P (CLM01 = the 835's CLP01).
Result<std::optional<Claim>> FindClaimByNumber(db::Connection& c, const std::string& practice_id,
                                               const std::string& number);
//! Newest first; all statuses when none is given.
Result<std::vector<Claim>> ListClaims(db::Connection& c, const std::string& practice_id,
                                      std::optional<ClaimStatus> status, std::size_t limit);
Result<std::vector<Claim>> ClaimsForCharge(db::Connection& c, const std::string& practice_id,
                                           const std::string& charge_id);

//! A batch with its 837P file (sealed by the service).
Status InsertBatch(db::Connection& c, const std::string& practice_id, const ClaimBatch& b, const std::string& x12);
Result<std::optional<std::pair<ClaimBatch, std::string>>> FindBatch(db::Connection& c, const std::string& practice_id,
                                                                    const std::string& id);
Result<std::vector<ClaimBatch>> ListBatches(db::Connection& c, const std::string& practice_id, std::size_t limit);
//! False when it was marked sent before.
Result<bool> MarkBatchSent(db::Connection& c, const std::string& practice_id, const std::string& id, EpochSeconds now);

//! False when the same file (by its hash) was imported before.
Result<bool> InsertRemittance(db::Connection& c, const std::string& practice_id, const RemittanceResult& r,
                              const std::string& file_hash, const std::string& by_name);
Result<std::optional<RemittanceResult>> FindRemittanceByHash(db::Connection& c, const std::string& practice_id,
                                                             const std::string& file_hash);
Result<std::vector<RemittanceResult>> ListRemittances(db::Connection& c, const std::string& practice_id,
                                                      std::size_t limit);
//! Saves many claims and charges in few round trips; false when any version was not the stored one.
Result<bool> UpdateClaims(db::Connection& c, const std::string& practice_id, const std::vector<const Claim*>& claims);
Result<bool> UpdateCharges(db::Connection& c, const std::string& practice_id,
                           const std::vector<const Charge*>& charges);
//! The claims with these numbers (any order; numbers of no claim are left out).
Result<std::vector<Claim>> FindClaimsByNumbers(db::Connection& c, const std::string& practice_id,
                                               const std::vector<std::string>& numbers);
Result<std::vector<Charge>> FindChargesByIds(db::Connection& c, const std::string& practice_id,
                                             const std::vector<std::string>& ids);
//! The claim payments (claim number, payer's claim number) of a payment trace posted before.
Result<std::vector<std::pair<std::string, std::string>>> PostedPayments(db::Connection& c,
                                                                        const std::string& practice_id,
                                                                        const std::string& trace);
//! Records posted claim payments (claim number, payer's claim number, claim id) in a few statements;
//! fails when one was posted meanwhile (the primary key), so the whole posting rolls back.
Status MarkPaymentsPosted(db::Connection& c, const std::string& practice_id, const std::string& trace,
                          const std::string& remittance_id, const std::vector<std::array<std::string, 3>>& payments);

}  // namespace duet::billing::store
