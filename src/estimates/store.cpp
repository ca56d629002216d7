#include "estimates/store.hpp"

#include <cstdio>

#include "platform/db/columns.hpp"

namespace duet::estimates::store {
namespace {
using db::Col;

const auto kEstimates = db::Table<Estimate>(
    "good_faith_estimates", Col("id", &Estimate::id), Col("client_id", &Estimate::client_id),
    Col("number", &Estimate::number), Col("status", &Estimate::status), Col("trigger_kind", &Estimate::trigger),
    Col("period_from", &Estimate::period_from), Col("period_to", &Estimate::period_to), Col("total", &Estimate::total),
    Col("supersedes", &Estimate::supersedes, {.null_when_empty = true}), Col("issued_at", &Estimate::issued_at),
    Col("issued_by", &Estimate::issued_by), Col("keep_until", &Estimate::keep_until));
const std::string kSelect = kEstimates.Select() + ", detail";

Row RowFrom(const db::Row& r) {
  Row out;
  out.head = kEstimates.Read(r);
  out.detail = r.Text(kEstimates.size());
  return out;
}

std::string DateList(const std::vector<Date>& dates) {
  std::vector<std::string> s;
  s.reserve(dates.size());
  for (auto d : dates) s.push_back(FormatDate(d));
  return db::JoinList(s);
}

}  // namespace

Result<BusinessCalendar> GetCalendar(db::Connection& c, const std::string& practice_id) {
  auto rows = c.Query(
      "SELECT time_zone, open_weekdays, federal_holidays, closed_dates FROM business_calendars WHERE practice_id = ?",
      {practice_id});
  if (!rows) return tl::unexpected(rows.error());
  BusinessCalendar cal;
  if (rows->empty()) return cal;
  const auto& r = rows->front();
  cal.time_zone = r.Text(0);
  cal.open_weekdays.clear();
  for (const auto& t : db::SplitList(r.Text(1)))
    if (t.size() == 1 && t[0] >= '1' && t[0] <= '7') cal.open_weekdays.push_back(t[0] - '0');
  cal.federal_holidays = r.Int(2) != 0;
  for (const auto& t : db::SplitList(r.Text(3)))
    if (auto d = ParseDate(t)) cal.closed_dates.push_back(*d);
  return cal;
}

Status PutCalendar(db::Connection& c, const std::string& practice_id, const BusinessCalendar& cal, EpochSeconds now) {
  std::vector<std::string> days;
  for (int d : cal.open_weekdays) days.push_back(std::to_string(d));
  return db::Done(c.Exec(
      "INSERT INTO business_calendars (practice_id, time_zone, open_weekdays, federal_holidays, closed_dates, "
      "updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (practice_id) DO UPDATE SET time_zone = excluded.time_zone, "
      "open_weekdays = excluded.open_weekdays, federal_holidays = excluded.federal_holidays, "
      "closed_dates = excluded.closed_dates, updated_at = excluded.updated_at",
      {practice_id, cal.time_zone, db::JoinList(days), std::int64_t{cal.federal_holidays ? 1 : 0},
       DateList(cal.closed_dates), now}));
}

Result<std::string> NextNumber(db::Connection& c, const std::string& practice_id, EpochSeconds now) {
  // The first estimate makes the practice's row with the default calendar.
  auto made = c.Exec(
      "INSERT INTO business_calendars (practice_id, time_zone, open_weekdays, federal_holidays, closed_dates, "
      "last_estimate_number, updated_at) VALUES (?, 'America/New_York', '1,2,3,4,5', 1, '', 1, ?) "
      "ON CONFLICT (practice_id) DO UPDATE SET last_estimate_number = business_calendars.last_estimate_number + 1",
      {practice_id, now});
  if (!made) return tl::unexpected(made.error());
  auto row = c.QueryOne("SELECT last_estimate_number FROM business_calendars WHERE practice_id = ?", {practice_id});
  if (!row) return tl::unexpected(row.error());
  char buf[32];
  std::snprintf(buf, sizeof buf, "GFE-%06lld", static_cast<long long>(row->Int(0)));
  return std::string(buf);
}

Status Insert(db::Connection& c, const std::string& practice_id, const Row& row) {
  static const std::string sql = kEstimates.Insert({"practice_id", "detail"});
  auto values = kEstimates.InsertValues(row.head, {practice_id, row.detail});
  return db::Done(c.Exec(sql, values));
}

Status MarkSuperseded(db::Connection& c, const std::string& practice_id, const std::string& id) {
  return db::Done(c.Exec("UPDATE good_faith_estimates SET status = 'superseded' WHERE practice_id = ? AND id = ?",
                         {practice_id, id}));
}

Result<std::optional<Row>> Find(db::Connection& c, const std::string& practice_id, const std::string& id) {
  auto rows =
      c.Query("SELECT " + kSelect + " FROM good_faith_estimates WHERE practice_id = ? AND id = ?", {practice_id, id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Row>();
  return RowFrom(rows->front());
}

Result<std::vector<Row>> List(db::Connection& c, const std::string& practice_id, const std::string& client_id) {
  auto rows = client_id.empty()
                  ? c.Query("SELECT " + kSelect +
                                " FROM good_faith_estimates WHERE practice_id = ? ORDER BY issued_at DESC, id",
                            {practice_id})
                  : c.Query("SELECT " + kSelect +
                                " FROM good_faith_estimates WHERE practice_id = ? AND client_id = ? "
                                "ORDER BY issued_at DESC, id",
                            {practice_id, client_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Row> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(RowFrom(r));
  return out;
}

Status InsertRequest(db::Connection& c, const std::string& practice_id, const EstimateRequest& r) {
  return db::Done(
      c.Exec("INSERT INTO estimate_requests (id, practice_id, client_id, requested_at, by_name) VALUES (?, ?, ?, ?, ?)",
             {r.id, practice_id, r.client_id, r.requested_at, r.by_name}));
}

Result<std::vector<EstimateRequest>> Requests(db::Connection& c, const std::string& practice_id, EpochSeconds since) {
  auto rows = c.Query(
      "SELECT r.id, r.client_id, r.requested_at, r.by_name, k.given_name, k.family_name FROM estimate_requests r "
      "JOIN clients k ON k.id = r.client_id WHERE r.practice_id = ? AND r.requested_at >= ? ORDER BY r.requested_at",
      {practice_id, since});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<EstimateRequest> out;
  for (const auto& r : *rows) out.push_back({r.Text(0), r.Text(1), r.Int(2), r.Text(3), r.Text(4) + " " + r.Text(5)});
  return out;
}

Result<std::vector<VisitRow>> SelfPayVisits(db::Connection& c, const std::string& practice_id, EpochSeconds from) {
  auto rows = c.Query(
      "SELECT k.id, k.given_name, k.family_name, a.created_at, a.start_at FROM appointments a "
      "JOIN appointment_clients ac ON ac.practice_id = a.practice_id AND ac.appointment_id = a.id "
      "JOIN clients k ON k.id = ac.client_id "
      "WHERE a.practice_id = ? AND a.start_at >= ? AND a.status NOT IN ('cancelled', 'late_cancelled', 'no_show') "
      "AND k.insurance_status IN ('self_pay', 'uninsured') ORDER BY a.start_at",
      {practice_id, from});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<VisitRow> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back({r.Text(0), r.Text(1) + " " + r.Text(2), r.Int(3), r.Int(4)});
  return out;
}

Result<std::vector<PlannedVisit>> ClientVisits(db::Connection& c, const std::string& practice_id,
                                               const std::string& client_id, EpochSeconds from, EpochSeconds to) {
  auto rows = c.Query(
      "SELECT a.clinician_id, a.service_id, a.mode, COALESCE(a.location_id, '') FROM appointments a "
      "JOIN appointment_clients ac ON ac.practice_id = a.practice_id AND ac.appointment_id = a.id "
      "WHERE a.practice_id = ? AND ac.client_id = ? AND a.start_at >= ? AND a.start_at < ? "
      "AND a.status NOT IN ('cancelled', 'late_cancelled', 'no_show') ORDER BY a.start_at",
      {practice_id, client_id, from, to});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<PlannedVisit> out;
  for (const auto& r : *rows) out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3)});
  return out;
}

Result<std::vector<std::pair<std::string, std::int64_t>>> BilledByClinician(db::Connection& c,
                                                                            const std::string& practice_id,
                                                                            const std::string& client_id, Date from,
                                                                            Date to) {
  auto rows = c.Query(
      "SELECT clinician_id, SUM(fee) FROM charges WHERE practice_id = ? AND client_id = ? AND status <> 'void' "
      "AND date_of_service >= ? AND date_of_service <= ? GROUP BY clinician_id",
      {practice_id, client_id, FormatDate(from), FormatDate(to)});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<std::pair<std::string, std::int64_t>> out;
  for (const auto& r : *rows) out.emplace_back(r.Text(0), r.Int(1));
  return out;
}

}  // namespace duet::estimates::store
