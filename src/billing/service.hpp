#pragma once
// Billing use cases: the practice's payers (defaults added when the practice is made, edited by the
// owner and the biller), and the coding rule on facts given by hand (the biller's "what if").
#include <optional>
#include <string>
#include <vector>

#include "billing/codecs.hpp"
#include "billing/model.hpp"
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
  Service(db::Database& db, const Clock& clock, practice::Service& directory, scheduling::Service& scheduling);

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
  //! Charges newest first, by status (owner and biller).
  Result<std::vector<Charge>> ListCharges(const Principal& who, std::optional<ChargeStatus> status,
                                          const Origin& origin);
  //! The biller corrects a charge before it is claimed (lines, status), with a reason kept beside it.
  Result<Charge> UpdateCharge(const Principal& who, const std::string& id, const ChargeUpdate& update,
                              const Origin& origin);
  //! A visit's charge (404 until its note is signed).
  Result<Charge> ChargeForVisit(const Principal& who, const std::string& appointment_id, const Origin& origin);

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
  db::Database& db_;
  const Clock& clock_;
  practice::Service& directory_;
  scheduling::Service& scheduling_;
};

//! The payer's settings as the coding rule reads them.
PayerRules RulesOf(const Payer& p);
//! The payers every new practice starts with (editable).
std::vector<Payer> DefaultPayers();

}  // namespace duet::billing
