#pragma once
// Good Faith Estimates (No Surprises Act, 45 CFR 149.610), plain types: the practice's business
// calendar (open weekdays, federal holidays as data, its own closed days), the estimates a practice
// gives self-pay and uninsured clients, their requests, and what is due when.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "platform/clock.hpp"
#include "platform/dates.hpp"
#include "platform/names.hpp"

namespace duet::estimates {

//! One federal holiday as data (data/federal_holidays.csv): a fixed day of a month, or the nth
//! weekday (1 = Monday … 7 = Sunday) of a month, nth −1 for the last.
struct HolidayRule {
  std::string name;
  unsigned month = 1;
  unsigned day = 0;      // fixed day, or 0
  unsigned weekday = 0;  // 1–7 when by weekday
  int nth = 0;
};

//! When the practice is open for business: weekdays (1 = Monday … 7 = Sunday), federal holidays
//! observed (a Saturday holiday on the Friday before, a Sunday one on the Monday after) unless the
//! practice says otherwise, and its own closed days. Dates are counted in the practice's time zone.
struct BusinessCalendar {
  std::string time_zone = "America/New_York";
  std::vector<int> open_weekdays{1, 2, 3, 4, 5};
  bool federal_holidays = true;
  std::vector<Date> closed_dates;
};

//! Why an estimate is owed.
enum class Trigger { kScheduled, kRequested };
constexpr auto NamesOf(const Trigger*) {
  using P = std::pair<Trigger, std::string_view>;
  return std::array{P{Trigger::kScheduled, "scheduled"}, P{Trigger::kRequested, "requested"}};
}

//! One expected item or service: who furnishes it, the code and the expected charge.
struct Item {
  std::string clinician_id;
  std::string provider_name;  // the clinician's name and credentials, as issued
  std::string npi;
  std::string service_id;
  std::string description;
  std::string cpt_code;
  std::string mode;  // in_person | video | audio
  int quantity = 1;
  std::int64_t unit_fee = 0;  // cents
  std::int64_t total = 0;     // quantity × unit_fee
};

enum class EstimateStatus { kIssued, kSuperseded };
constexpr auto NamesOf(const EstimateStatus*) {
  using P = std::pair<EstimateStatus, std::string_view>;
  return std::array{P{EstimateStatus::kIssued, "issued"}, P{EstimateStatus::kSuperseded, "superseded"}};
}

//! A Good Faith Estimate as issued: everything 149.610(c) asks for, kept as it was given.
struct Estimate {
  std::string id;
  std::string number;  // GFE-000001
  std::string client_id;
  EstimateStatus status = EstimateStatus::kIssued;
  Trigger trigger = Trigger::kScheduled;
  Date period_from{};
  Date period_to{};  // at most 12 months after period_from
  // As issued (sealed at rest, with the items):
  std::string client_name;
  std::string client_birth_date;
  std::vector<std::string> diagnoses;  // "F41.1 Generalized anxiety disorder"
  std::string provider_name;           // the practice (billing provider)
  std::string provider_npi;
  std::string provider_tax_id;
  std::string provider_address;
  std::vector<std::string> locations;  // where services are furnished (addresses; "by video to <state>")
  std::vector<Item> items;
  std::string separately_scheduled;  // items expected to need separate scheduling, in words
  std::int64_t total = 0;
  std::string supersedes;  // the estimate this one replaces
  EpochSeconds issued_at = 0;
  std::string issued_by;
  Date keep_until{};  // six years from issue
};

//! A client asked for an estimate (a question about cost counts).
struct EstimateRequest {
  std::string id;
  std::string client_id;
  EpochSeconds requested_at = 0;
  std::string by_name;
  std::string client_name;  // read with it, for the list of what is owed
};

//! An estimate the practice owes: for a self-pay or uninsured client's booking, or a request.
struct Due {
  std::string client_id;
  std::string client_name;
  Trigger trigger = Trigger::kScheduled;
  Date since{};   // the day it was scheduled or asked for
  Date due_on{};  // last business day to give it
  std::optional<Date> first_visit;
  bool overdue = false;
};

//! A booked visit of a self-pay client, as the due rule sees it.
struct BookedVisit {
  std::string client_id;
  std::string client_name;
  Date scheduled_on{};  // the day it was booked (practice zone)
  Date visit_on{};      // its date (practice zone)
};

//! Billed beyond an estimate for one provider: $400 or more over lets the client dispute the bill.
struct Variance {
  std::string estimate_id;
  std::string clinician_id;
  std::string provider_name;
  std::int64_t estimated = 0;
  std::int64_t billed = 0;
  bool dispute_eligible = false;  // billed − estimated ≥ $400
};

}  // namespace duet::estimates
