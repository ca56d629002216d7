#pragma once
// Good Faith Estimate use cases: the practice's business calendar, the estimates it owes (for self-pay
// and uninsured clients' bookings and for requests) and when, issuing one (drafted from the client's
// bookings and the practice's fees, or from the items given), its PDF, and what was billed against it.
// Estimates are kept as issued, sealed at rest, and never deleted (keep_until: six years).
#include <string>
#include <vector>

#include "estimates/codecs.hpp"
#include "estimates/model.hpp"
#include "estimates/store.hpp"
#include "platform/crypto.hpp"
#include "platform/db/db.hpp"
#include "platform/origin.hpp"
#include "platform/policy.hpp"
#include "practice/service.hpp"

namespace duet::estimates {

class Service {
 public:
  Service(db::Database& db, const Clock& clock, practice::Service& directory, crypto::KeyFor keys,
          std::vector<HolidayRule> holidays);

  Result<BusinessCalendar> Calendar(const Principal& who);
  Result<BusinessCalendar> PutCalendar(const Principal& who, BusinessCalendar calendar, const Origin& origin);
  //! The practice's calendar without a principal (for other capabilities: payouts' week).
  Result<BusinessCalendar> CalendarOf(const std::string& practice_id);

  //! Estimates (newest first; one client's with `client_id`) and what is owed; with `due` ("overdue"
  //! or "pending") only the owed ones. Audited (it names clients).
  Result<EstimateList> List(const Principal& who, const std::string& due, const std::string& client_id,
                            const Origin& origin);
  Result<EstimateView> Get(const Principal& who, const std::string& id, const Origin& origin);
  //! Issues an estimate (201), superseding the client's earlier one for an overlapping period; with
  //! `dry_run` the draft only (nothing saved, no number).
  Result<EstimateView> Issue(const Principal& who, const IssueRequest& request, bool dry_run, const Origin& origin);
  //! The estimate as a PDF with every notice 149.610 requires.
  Result<std::string> Pdf(const Principal& who, const std::string& id, const Origin& origin);
  //! The client asked for an estimate: one is due in 3 business days.
  Result<EstimateRequest> Ask(const Principal& who, const AskRequest& request, const Origin& origin);

  //! The signed-in client's own estimates (the portal): issued ones, newest first; audited as the client.
  Result<std::vector<EstimateView>> Mine(const Principal& who, const Origin& origin);
  //! The PDF of the signed-in client's own estimate; not found for another client's.
  Result<std::string> MyPdf(const Principal& who, const std::string& id, const Origin& origin);

 private:
  //! One estimate as stored (diagnoses included), audited.
  Result<EstimateView> Read(const Principal& who, const std::string& id, const Origin& origin);
  //! An estimate row opened (its sealed contents), with what was billed against it when asked.
  Result<EstimateView> Load(const std::string& practice_id, const store::Row& row, bool with_variance);
  //! The estimate as a PDF.
  static Result<std::string> Render(const EstimateView& e);

  db::Database& db_;
  const Clock& clock_;
  practice::Service& directory_;
  crypto::KeyFor keys_;
  std::vector<HolidayRule> holidays_;
};

}  // namespace duet::estimates
