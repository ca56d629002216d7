#pragma once
// The estimates' SQL: the practice's business calendar (and the counter for estimate numbers), the
// estimates as issued (contents sealed by the service), requests, and the facts the due rule reads.
#include <optional>
#include <string>
#include <vector>

#include "estimates/model.hpp"
#include "platform/db/db.hpp"

namespace duet::estimates::store {

//! The practice's calendar, or the default (Monday–Friday without federal holidays) when none is saved.
Result<BusinessCalendar> GetCalendar(db::Connection& c, const std::string& practice_id);
Status PutCalendar(db::Connection& c, const std::string& practice_id, const BusinessCalendar& cal, EpochSeconds now);
//! The next estimate number (GFE-000001 …), counted per practice under the calendar row's lock.
Result<std::string> NextNumber(db::Connection& c, const std::string& practice_id, EpochSeconds now);

//! An estimate row; `detail` is the sealed contents.
struct Row {
  Estimate head;  // id, number, client_id, status, trigger, period, total, supersedes, issued_at/by, keep_until
  std::string detail;
};
Status Insert(db::Connection& c, const std::string& practice_id, const Row& row);
Status MarkSuperseded(db::Connection& c, const std::string& practice_id, const std::string& id);
Result<std::optional<Row>> Find(db::Connection& c, const std::string& practice_id, const std::string& id);
//! The practice's estimates (one client's when `client_id` is given), newest first.
Result<std::vector<Row>> List(db::Connection& c, const std::string& practice_id, const std::string& client_id);

Status InsertRequest(db::Connection& c, const std::string& practice_id, const EstimateRequest& r);
//! Requests made since `since` (older ones are long answered or long overdue).
Result<std::vector<EstimateRequest>> Requests(db::Connection& c, const std::string& practice_id, EpochSeconds since);

//! Booked (not cancelled) visits of self-pay and uninsured clients from `from` on, with when each was
//! booked; dates in the calendar's zone are made by the service.
struct VisitRow {
  std::string client_id;
  std::string client_name;
  EpochSeconds booked_at = 0;
  EpochSeconds start = 0;
};
Result<std::vector<VisitRow>> SelfPayVisits(db::Connection& c, const std::string& practice_id, EpochSeconds from);

//! One client's booked visits in a period, for drafting an estimate's items.
struct PlannedVisit {
  std::string clinician_id;
  std::string service_id;
  std::string mode;
  std::string location_id;
};
Result<std::vector<PlannedVisit>> ClientVisits(db::Connection& c, const std::string& practice_id,
                                               const std::string& client_id, EpochSeconds from, EpochSeconds to);

//! What was billed to the client per clinician between two dates (charges not void), for the variance.
Result<std::vector<std::pair<std::string, std::int64_t>>> BilledByClinician(db::Connection& c,
                                                                            const std::string& practice_id,
                                                                            const std::string& client_id, Date from,
                                                                            Date to);

}  // namespace duet::estimates::store
