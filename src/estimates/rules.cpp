#include "estimates/rules.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include "practice/rules.hpp"

namespace duet::estimates {
namespace {

std::optional<int> Number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

//! ISO weekday of a date: 1 = Monday … 7 = Sunday.
int IsoWeekday(Date d) { return static_cast<int>(date::weekday{d}.iso_encoding()); }

Date HolidayIn(const HolidayRule& r, int year) {
  const auto y = date::year{year};
  const auto m = date::month{r.month};
  if (r.day) return date::sys_days{y / m / date::day{r.day}};
  const date::weekday wd{r.weekday % 7};  // date::weekday counts Sunday as 0
  if (r.nth < 0) return date::sys_days{y / m / wd[date::last]};
  return date::sys_days{y / m / wd[static_cast<unsigned>(r.nth)]};
}

}  // namespace

Result<std::vector<HolidayRule>> ParseHolidayRules(std::string_view csv) {
  std::vector<HolidayRule> out;
  std::size_t line_no = 0;
  while (!csv.empty()) {
    const auto nl = csv.find('\n');
    const std::string_view line = csv.substr(0, nl);
    csv.remove_prefix(nl == std::string_view::npos ? csv.size() : nl + 1);
    if (line_no++ == 0 || line.empty() || line == "\r") continue;
    auto f = practice::SplitCsvLine(line);
    auto bad = [&] {
      return Fail(ErrorCode::kInternal, "Internal error.", "federal_holidays.csv line " + std::to_string(line_no));
    };
    if (f.size() < 5) return bad();
    HolidayRule r;
    r.name = f[0];
    auto month = Number(f[1]);
    if (!month || *month < 1 || *month > 12) return bad();
    r.month = static_cast<unsigned>(*month);
    if (auto day = Number(f[2])) {
      if (*day < 1 || *day > 31) return bad();
      r.day = static_cast<unsigned>(*day);
    } else {
      auto wd = Number(f[3]);
      auto nth = Number(f[4]);
      if (!wd || *wd < 1 || *wd > 7 || !nth || *nth == 0 || *nth < -1 || *nth > 5) return bad();
      r.weekday = static_cast<unsigned>(*wd);
      r.nth = *nth;
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<Date> ObservedHolidays(const std::vector<HolidayRule>& rules, int year) {
  std::vector<Date> out;
  out.reserve(rules.size());
  for (const auto& r : rules) {
    Date d = HolidayIn(r, year);
    const int wd = IsoWeekday(d);
    if (wd == 6) d -= date::days{1};
    if (wd == 7) d += date::days{1};
    out.push_back(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool IsBusinessDay(const BusinessCalendar& calendar, const std::vector<HolidayRule>& holidays, Date d) {
  if (std::find(calendar.open_weekdays.begin(), calendar.open_weekdays.end(), IsoWeekday(d)) ==
      calendar.open_weekdays.end())
    return false;
  if (std::find(calendar.closed_dates.begin(), calendar.closed_dates.end(), d) != calendar.closed_dates.end())
    return false;
  if (calendar.federal_holidays) {
    const int year = static_cast<int>(date::year_month_day{d}.year());
    for (int y : {year, year + 1}) {  // this year's, and next New Year's Day observed on December 31
      auto days = ObservedHolidays(holidays, y);
      if (std::binary_search(days.begin(), days.end(), d)) return false;
    }
  }
  return true;
}

Date AddBusinessDays(const BusinessCalendar& calendar, const std::vector<HolidayRule>& holidays, Date d, int n) {
  // A calendar with no open weekday would never end: count calendar days instead.
  if (calendar.open_weekdays.empty()) return d + date::days{n};
  int counted = 0;
  for (int guard = 0; counted < n && guard < 3660; ++guard) {
    d += date::days{1};
    if (IsBusinessDay(calendar, holidays, d)) ++counted;
  }
  return d;
}

std::optional<Date> DueForVisit(const BusinessCalendar& calendar, const std::vector<HolidayRule>& holidays,
                                Date scheduled_on, Date visit_on) {
  if (visit_on >= AddBusinessDays(calendar, holidays, scheduled_on, 10))
    return AddBusinessDays(calendar, holidays, scheduled_on, 3);
  if (visit_on >= AddBusinessDays(calendar, holidays, scheduled_on, 3))
    return AddBusinessDays(calendar, holidays, scheduled_on, 1);
  return std::nullopt;
}

Date DueForRequest(const BusinessCalendar& calendar, const std::vector<HolidayRule>& holidays, Date requested_on) {
  return AddBusinessDays(calendar, holidays, requested_on, 3);
}

std::vector<Due> Owed(const BusinessCalendar& calendar, const std::vector<HolidayRule>& holidays,
                      const std::vector<BookedVisit>& visits, const std::vector<EstimateRequest>& requests,
                      const std::vector<Estimate>& issued, Date today) {
  std::map<std::string, std::vector<const Estimate*>> by_client;
  for (const auto& e : issued) by_client[e.client_id].push_back(&e);
  auto covered = [&](const std::string& client_id, Date on) {
    auto it = by_client.find(client_id);
    if (it == by_client.end()) return false;
    return std::any_of(it->second.begin(), it->second.end(),
                       [&](const Estimate* e) { return e->period_from <= on && on <= e->period_to; });
  };
  std::map<std::string, Due> scheduled;
  for (const auto& v : visits) {
    if (covered(v.client_id, v.visit_on)) continue;
    auto due = DueForVisit(calendar, holidays, v.scheduled_on, v.visit_on);
    if (!due) continue;
    auto [it, fresh] = scheduled.try_emplace(v.client_id);
    Due& d = it->second;
    if (fresh || *due < d.due_on) {
      d.due_on = *due;
      d.since = v.scheduled_on;
    }
    if (!d.first_visit || v.visit_on < *d.first_visit) d.first_visit = v.visit_on;
    d.client_id = v.client_id;
    d.client_name = v.client_name;
    d.trigger = Trigger::kScheduled;
  }
  std::vector<Due> out;
  out.reserve(scheduled.size() + requests.size());
  for (auto& [_, d] : scheduled) out.push_back(std::move(d));
  for (const auto& r : requests) {
    auto it = by_client.find(r.client_id);
    const bool answered = it != by_client.end() && std::any_of(it->second.begin(), it->second.end(),
                                                               [&](auto* e) { return e->issued_at >= r.requested_at; });
    if (answered) continue;
    Due d;
    d.client_id = r.client_id;
    d.client_name = r.client_name;
    d.trigger = Trigger::kRequested;
    d.since = DateOf(r.requested_at);
    d.due_on = DueForRequest(calendar, holidays, d.since);
    out.push_back(std::move(d));
  }
  for (auto& d : out) d.overdue = today > d.due_on;
  std::sort(out.begin(), out.end(), [](const Due& a, const Due& b) {
    return a.due_on != b.due_on ? a.due_on < b.due_on : a.client_id < b.client_id;
  });
  return out;
}

Date PeriodEnd(Date from, int months) {
  const date::year_month_day ymd{from};
  auto ym = date::year_month{ymd.year(), ymd.month()} + date::months{months};
  const auto last = date::year_month_day_last{ym.year(), date::month_day_last{ym.month()}};
  // A day the month does not have (31st, February 29th) runs on to the next month's first day.
  const Date next = ymd.day() > last.day() ? date::sys_days{(ym + date::months{1}) / date::day{1}}
                                           : date::sys_days{ym.year() / ym.month() / ymd.day()};
  return next - date::days{1};
}

std::optional<std::string> CheckEstimate(const Estimate& e) {
  if (e.period_to < e.period_from) return "The period ends before it starts.";
  if (e.period_to > PeriodEnd(e.period_from, 12)) return "One estimate covers at most 12 months.";
  if (e.items.empty()) return "Add at least one expected service.";
  for (const auto& i : e.items) {
    if (i.quantity < 1 || i.quantity > 366) return "Each service is expected 1 to 366 times.";
    if (i.unit_fee < 0 || i.unit_fee > 10000000) return "A fee must be between $0 and $100,000.";
    if (i.description.empty()) return "Each service needs a description.";
  }
  if (e.provider_npi.empty() || e.provider_tax_id.empty())
    return "The practice's NPI and tax id are needed (Settings → Payers → Billing provider).";
  for (const auto& i : e.items)
    if (i.npi.empty()) return "Each clinician on the estimate needs an NPI (" + i.provider_name + ").";
  return std::nullopt;
}

std::vector<Variance> Variances(const Estimate& e, const std::vector<std::pair<std::string, std::int64_t>>& billed) {
  std::map<std::string, Variance> by;
  for (const auto& i : e.items) {
    auto& v = by[i.clinician_id];
    v.estimate_id = e.id;
    v.clinician_id = i.clinician_id;
    v.provider_name = i.provider_name;
    v.estimated += i.total;
  }
  for (const auto& [clinician_id, amount] : billed) {
    auto& v = by[clinician_id];
    v.estimate_id = e.id;
    v.clinician_id = clinician_id;
    v.billed += amount;
  }
  std::vector<Variance> out;
  for (auto& [_, v] : by) {
    v.dispute_eligible = v.billed - v.estimated >= 40000;
    out.push_back(std::move(v));
  }
  return out;
}

const std::vector<std::string>& Notices() {
  // Long sentences split over lines (not missing commas).
  // NOLINTBEGIN(bugprone-suspicious-missing-comma)
  static const std::vector<std::string> kNotices{
      "Other items or services may be recommended as part of your care that must be scheduled or requested "
      "separately and are not included in this Good Faith Estimate.",
      "This Good Faith Estimate shows the costs of items and services that are reasonably expected for your health "
      "care needs. The estimate is based on information known at the time it was created. It does not include any "
      "unknown or unexpected costs that may arise during treatment. You could be charged more if complications or "
      "special circumstances occur.",
      "If you are billed for more than this Good Faith Estimate, you have the right to dispute the bill. You may "
      "contact the health care provider or facility listed to let them know the billed charges are higher than the "
      "Good Faith Estimate. You can ask them to update the bill to match the Good Faith Estimate, ask to negotiate "
      "the bill, or ask if there is financial assistance available. You may also start a dispute resolution process "
      "with the U.S. Department of Health and Human Services (HHS). If you choose to use the dispute resolution "
      "process, you must start the dispute process within 120 calendar days (about 4 months) of the date on the "
      "original bill. There is a $25 fee to use the dispute process. If the agency reviewing your dispute agrees with "
      "you, you will have to pay the price on this Good Faith Estimate. If the agency disagrees with you and agrees "
      "with the health care provider or facility, you will have to pay the higher amount.",
      "To learn more and get a form to start the process, go to www.cms.gov/nosurprises or call 1-800-985-3059. "
      "For questions or more information about your right to a Good Faith Estimate or the dispute process, visit "
      "www.cms.gov/nosurprises or call 1-800-985-3059.",
      "Keep a copy of this Good Faith Estimate in a safe place or take pictures of it. You may need it if you are "
      "billed a higher amount.",
      "Using the dispute resolution process will not affect the quality of care you receive from this provider.",
      "This Good Faith Estimate is not a contract and does not require you to obtain the items or services from any "
      "of the providers or facilities identified."};
  // NOLINTEND(bugprone-suspicious-missing-comma)
  return kNotices;
}

}  // namespace duet::estimates
