#pragma once
// Good Faith Estimate rules, pure: business days over the practice's calendar and the federal
// holidays (data), when an estimate is due, which obligations are still open, an estimate's items
// drafted from the bookings, and how far a bill may run past it. Table-tested in
// tests/unit/estimates/estimates_test.cpp.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "estimates/model.hpp"
#include "platform/result.hpp"

namespace duet::estimates {

//! Parses data/federal_holidays.csv (name, month, day, weekday, nth).
Result<std::vector<HolidayRule>> ParseHolidayRules(std::string_view csv);
//! The federal holidays of a year as observed (Saturday → Friday before, Sunday → Monday after).
std::vector<Date> ObservedHolidays(const std::vector<HolidayRule>& rules, int year);

//! Whether the practice is open for business on `d`.
bool IsBusinessDay(const BusinessCalendar& calendar, const std::vector<HolidayRule>& holidays, Date d);
//! The `n`th business day after `d` (n ≥ 1; `d` itself never counts).
Date AddBusinessDays(const BusinessCalendar& calendar, const std::vector<HolidayRule>& holidays, Date d, int n);

//! When an estimate for a visit booked on `scheduled_on` for `visit_on` is due: 1 business day after
//! booking when the visit is at least 3 business days away, 3 when at least 10; none when nearer.
std::optional<Date> DueForVisit(const BusinessCalendar& calendar, const std::vector<HolidayRule>& holidays,
                                Date scheduled_on, Date visit_on);
//! When an estimate asked for on `requested_on` is due: 3 business days after.
Date DueForRequest(const BusinessCalendar& calendar, const std::vector<HolidayRule>& holidays, Date requested_on);

//! The estimates still owed on `today`: each client's earliest booked visit that no issued estimate
//! covers (by the estimate's period and issue day), and each request not answered by a later estimate.
std::vector<Due> Owed(const BusinessCalendar& calendar, const std::vector<HolidayRule>& holidays,
                      const std::vector<BookedVisit>& visits, const std::vector<EstimateRequest>& requests,
                      const std::vector<Estimate>& issued, Date today);

//! What is wrong with an estimate before it is issued (empty: nothing): a period of at most 12 months,
//! at least one item, positive quantities and fees within reason, the provider's NPI and tax id.
std::optional<std::string> CheckEstimate(const Estimate& e);

//! Totals per provider billed against an estimate; `billed` per clinician id over the estimate's period.
std::vector<Variance> Variances(const Estimate& e, const std::vector<std::pair<std::string, std::int64_t>>& billed);

//! The last day of a period of `months` months starting on `from` (12 → the day before the same date
//! a year later).
Date PeriodEnd(Date from, int months);

//! The notices every estimate carries (149.610(c)(6)–(9)), in order.
const std::vector<std::string>& Notices();

}  // namespace duet::estimates
