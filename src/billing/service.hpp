#pragma once
// Billing use cases: the practice's payers (defaults added when the practice is made, edited by the
// owner and the biller), and the coding rule on facts given by hand (the biller's "what if").
#include <optional>
#include <string>
#include <vector>

#include "billing/codecs.hpp"
#include "billing/model.hpp"
#include "platform/crypto.hpp"
#include "platform/db/db.hpp"
#include "platform/origin.hpp"
#include "platform/policy.hpp"
#include "practice/model.hpp"
#include "practice/service.hpp"
#include "records/model.hpp"
#include "scheduling/service.hpp"

namespace duet::billing {

class Service {
 public:
  Service(db::Database& db, const Clock& clock, practice::Service& directory, scheduling::Service& scheduling,
          crypto::KeyFor keys);

  Result<std::vector<Payer>> ListPayers(const Principal& who);
  Result<Payer> GetPayer(const Principal& who, const std::string& id);
  Result<Payer> CreatePayer(const Principal& who, Payer payer, const Origin& origin);
  //! Saves the payer as sent; 409 when `version` is not the stored one.
  Result<Payer> UpdatePayer(const Principal& who, Payer payer, const Origin& origin);

  //! The practice as the billing provider on its claims.
  Result<BillingProvider> GetProvider(const Principal& who);
  Result<BillingProvider> PutProvider(const Principal& who, BillingProvider provider, const Origin& origin);

  //! The clinician's standing with every payer of the practice (out of network where none is recorded).
  Result<std::vector<Enrollment>> Enrollments(const Principal& who, const std::string& clinician_id);
  //! Records the clinician's standing with one payer (credentialing).
  Result<Enrollment> PutEnrollment(const Principal& who, const std::string& clinician_id, const std::string& payer_ref,
                                   Enrollment enrollment, const Origin& origin);
  //! Booking's warning when the clinician is not in network with a client's primary payer on the date.
  Result<std::vector<scheduling::Warning>> NetworkAdvice(const std::string& practice_id,
                                                         const practice::Clinician& clinician,
                                                         const std::vector<practice::Client>& clients, Date on);

  //! When a visit's progress note is signed: codes the visit from what happened (the visit clock's
  //! minutes and delivered mode, the service, the client's diagnoses and primary policy, the payer's
  //! settings) and returns the write that saves its charge in the signing transaction, once per client
  //! and visit. Problems never stop the signing: they put the charge in review.
  Result<std::function<Status(db::Connection&)>> ChargeForSignedNote(const Principal& who, const records::Note& note,
                                                                     EpochSeconds now);
  //! When a visit becomes a late cancellation or a no-show: the fee the practice's policy sets (by
  //! service, else the default), as a self-pay charge each client of the visit owes, written in the
  //! status change's transaction; nothing when the policy has no fee.
  Result<std::function<Status(db::Connection&)>> ChargeForMissedVisit(const Principal& who,
                                                                      const scheduling::Appointment& visit,
                                                                      const std::string& status, EpochSeconds now);
  Result<ChargeTiming> GetChargeTiming(const Principal& who);
  Result<ChargeTiming> PutChargeTiming(const Principal& who, const ChargeTiming& timing, const Origin& origin);
  //! The visit facts a note would start with (the visit clock for video), for charges made at visit end.
  using VisitFactsSource = std::function<Result<std::string>(const Principal& who, const std::string& client_id,
                                                             const std::string& appointment_id)>;
  void SetVisitFacts(VisitFactsSource source) { visit_facts_ = std::move(source); }
  Result<VisitFeePolicy> GetVisitFees(const Principal& who);
  Result<VisitFeePolicy> PutVisitFees(const Principal& who, const VisitFeePolicy& policy, const Origin& origin);
  //! Charges newest first, by status (owner and biller).
  Result<std::vector<Charge>> ListCharges(const Principal& who, std::optional<ChargeStatus> status,
                                          const Origin& origin);
  //! The biller corrects a charge before it is claimed (lines, status), with a reason kept beside it.
  Result<Charge> UpdateCharge(const Principal& who, const std::string& id, const ChargeUpdate& update,
                              const Origin& origin);
  //! A visit's charge (404 until its note is signed).
  Result<Charge> ChargeForVisit(const Principal& who, const std::string& appointment_id, const Origin& origin,
                                const std::string& clinician_id = {});

  //! Claims the charges (ready to claim) and the draft corrections in one 837P file: takes their
  //! numbers, saves the claims as ready and the file (sealed), marks the charges claimed.
  Result<ClaimBatch> CreateBatch(const Principal& who, const BatchRequest& request, const Origin& origin);
  Result<std::vector<ClaimBatch>> ListBatches(const Principal& who);
  //! The batch's 837P file as it was made (audited: it names clients and diagnoses).
  Result<std::string> BatchFile(const Principal& who, const std::string& id, const Origin& origin);
  //! The biller sent the file to the clearinghouse: its claims move to sent.
  Result<ClaimBatch> MarkBatchSent(const Principal& who, const std::string& id, const Origin& origin);
  //! Claims newest first, by status; the list leaves out the sealed detail.
  Result<std::vector<Claim>> ListClaims(const Principal& who, std::optional<ClaimStatus> status, const Origin& origin);
  Result<Claim> GetClaim(const Principal& who, const std::string& id, const Origin& origin);
  //! A superbill for the client's own claim to their plan (out of network): the practice's and clinicians'
  //! ids and licenses, each visit's codes, place, modifiers, diagnoses and fee, and what the client paid.
  //! Without dates: from January 1 to today.
  Result<std::string> Superbill(const Principal& who, const std::string& client_id, std::optional<Date> from_date,
                                std::optional<Date> to_date, const Origin& origin);
  //! The claim on the CMS-1500 (02/12) form's items, as a PDF for payers that take paper (audited).
  Result<std::string> Cms1500(const Principal& who, const std::string& id, const Origin& origin);
  //! The clearinghouse's or payer's answer entered by hand (accepted, rejected with a reason).
  Result<Claim> SetClaimStatus(const Principal& who, const std::string& id, const ClaimStatusChange& change,
                               const Origin& origin);
  //! A corrected claim (frequency 7; a new original when the first was rejected before the payer saw
  //! it) or a void (8), as a draft to put in the next batch; the first claim becomes resubmitted.
  Result<Claim> CorrectClaim(const Principal& who, const std::string& id, const ClaimCorrection& correction,
                             bool void_it, const Origin& origin);
  //! Reads an 835 and posts each claim payment to its claim and charge (nothing with `dry_run`): the
  //! same file or claim payment twice posts nothing; a malformed file is refused with its segment.
  Result<RemittanceResult> PostRemittance(const Principal& who, std::string_view file, bool dry_run,
                                          const Origin& origin);
  Result<std::vector<RemittanceResult>> ListRemittances(const Principal& who);

  //! Held visits of the last 60 days with no charge yet, and why (the note is not signed; the visit
  //! was never marked held), oldest first.
  Result<std::vector<UnbilledVisit>> UnbilledVisits(const Principal& who, const Origin& origin);
  //! Charges and collections by week (the last `weeks` weeks, by mode) and by payer.
  Result<BillingSummary> Summary(const Principal& who, int weeks);

  //! The coding rule on the facts given, under the payer's settings (or the common defaults).
  Result<Coding> Preview(const Principal& who, const PreviewRequest& request);

  //! Adds the default payers (Medicare, a Medicaid plan, two commercial payers) to a new practice, once,
  //! in the transaction that makes it.
  static Status AddDefaultPayers(db::Connection& c, const std::string& practice_id, EpochSeconds now);
  //! At start: adds them to practices made before billing existed.
  Status AddMissingDefaults();
  //! A client's policies name the practice's payers: each payer_ref must be one (a 400 naming the
  //! policy otherwise), and its name fills the policy's payer.
  static Status CheckPolicies(db::Connection& c, const std::string& practice_id,
                              std::vector<practice::InsurancePolicy>& policies);

 private:
  Status Seal(const std::string& practice_id, const std::string& plain, const std::string& context, std::string& out);
  Result<std::string> Open(const std::string& practice_id, const std::string& sealed, const std::string& context);
  Status OpenCharge(const std::string& practice_id, Charge& charge);
  Status SealCharge(const std::string& practice_id, Charge& charge);
  Status OpenClaim(const std::string& practice_id, Claim& claim);
  Status SealClaim(const std::string& practice_id, Claim& claim);
  //! A visit's charge for one client, coded from the visit facts and the note's content (empty at visit end).
  Result<Charge> MakeCharge(const Principal& who, const scheduling::Appointment& visit, const std::string& client_id,
                            const std::string& visit_json, const std::string& content_json, const std::string& note_id,
                            EpochSeconds now);
  //! Saves a new charge on the books; when the visit has one made at its end and `from_note`, codes it again.
  Status SaveCharge(db::Connection& c, const Principal& who, const Charge& charge, EpochSeconds now, bool from_note);
  Result<std::function<Status(db::Connection&)>> ChargeAtVisitEnd(const Principal& who,
                                                                  const scheduling::Appointment& visit,
                                                                  EpochSeconds now);
  //! A claim of the charge from the client's primary policy, the payer and the clinician as they are now.
  Result<Claim> DraftClaim(const std::string& practice_id, const Charge& charge);

  db::Database& db_;
  const Clock& clock_;
  practice::Service& directory_;
  scheduling::Service& scheduling_;
  crypto::KeyFor keys_;
  VisitFactsSource visit_facts_;
};

//! The payer's settings as the coding rule reads them.
PayerRules RulesOf(const Payer& p);
//! The payers every new practice starts with (editable).
std::vector<Payer> DefaultPayers();

}  // namespace duet::billing
