#include "scheduling/store.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <unordered_map>

#include "platform/crypto.hpp"
#include "practice/rules.hpp"
#include "scheduling/rules.hpp"

namespace duet::scheduling::store {
namespace {
using nlohmann::json;

using db::Done;
using db::OrNull;
db::Value OrNull(const std::optional<std::int64_t>& v) { return v ? db::Value(*v) : db::Value(); }

constexpr std::string_view kLive = "status NOT IN ('cancelled', 'late_cancelled', 'no_show')";

std::string JoinModes(const std::vector<VisitMode>& modes) {
  std::string out;
  for (auto m : modes) {
    if (!out.empty()) out += ',';
    out += VisitModeName(m);
  }
  return out;
}

constexpr std::string_view kServiceColumns =
    "id, name, cpt_code, duration_minutes, modes, in_person_required, disciplines, group_size, fee_in_person, "
    "fee_video, fee_audio";

ClinicalService ServiceFrom(const db::Row& r) {
  ClinicalService s;
  s.id = r.Text(0);
  s.name = r.Text(1);
  s.cpt_code = r.Text(2);
  s.duration_minutes = static_cast<int>(r.Int(3));
  for (const auto& m : practice::SplitCsvLine(r.Text(4)))
    if (auto mode = ParseVisitMode(m)) s.modes.push_back(*mode);
  s.in_person_required = r.Int(5) != 0;
  for (const auto& d : practice::SplitCsvLine(r.Text(6)))
    if (auto disc = practice::ParseDiscipline(d)) s.disciplines.push_back(*disc);
  s.group_size = static_cast<int>(r.Int(7));
  s.fees = {r.OptInt(8), r.OptInt(9), r.OptInt(10)};
  return s;
}

constexpr std::string_view kAppointmentColumns =
    "a.id, a.practice_id, a.clinician_id, a.service_id, a.mode, a.location_id, a.start_at, a.end_at, a.time_zone, "
    "a.status, "
    "a.override_reason, a.warnings, a.block_conversion, a.created_at, a.version, a.series_id";

Appointment AppointmentFrom(const db::Row& r) {
  Appointment a;
  a.id = r.Text(0);
  a.practice_id = r.Text(1);
  a.clinician_id = r.Text(2);
  a.service_id = r.Text(3);
  a.mode = ParseVisitMode(r.Text(4)).value_or(VisitMode::kInPerson);
  a.location_id = r.Text(5);
  a.start = r.Int(6);
  a.end = r.Int(7);
  a.time_zone = r.Text(8);
  a.status = r.Text(9);
  a.override_reason = r.Text(10);
  json w = json::parse(r.Text(11), nullptr, false);
  if (w.is_array())
    for (const auto& x : w) a.warnings.push_back({x.value("code", ""), x.value("message", "")});
  a.block_conversion = r.Int(12) != 0;
  a.created_at = r.Int(13);
  a.version = r.Int(14);
  a.series_id = r.Text(15);
  return a;
}

Status LoadClients(db::Connection& c, Appointment& a) {
  auto rows = c.Query(
      "SELECT client_id FROM appointment_clients WHERE practice_id = ? AND appointment_id = ? ORDER BY client_id",
      {a.practice_id, a.id});
  if (!rows) return tl::unexpected(rows.error());
  for (const auto& r : *rows) a.client_ids.push_back(r.Text(0));
  return {};
}
}  // namespace

Status InsertLocation(db::Connection& c, const std::string& practice_id, const Location& l, EpochSeconds now) {
  return Done(
      c.Exec("INSERT INTO locations (id, practice_id, name, kind, address, time_zone, state, created_at) VALUES (?, ?, "
             "?, ?, ?, ?, ?, ?)",
             {l.id, practice_id, l.name, l.kind, l.address, l.time_zone, l.state, now}));
}

Result<std::vector<Location>> ListLocations(db::Connection& c, const std::string& practice_id) {
  auto rows =
      c.Query("SELECT id, name, kind, address, time_zone, state FROM locations WHERE practice_id = ? ORDER BY name",
              {practice_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Location> out;
  for (const auto& r : *rows) out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5)});
  return out;
}

Result<std::vector<EpochSeconds>> InPersonStartsInState(db::Connection& c, const std::string& practice_id,
                                                        const std::string& clinician_id, const std::string& state,
                                                        EpochSeconds from, EpochSeconds to,
                                                        const std::string& except_id) {
  auto rows = c.Query(
      "SELECT a.start_at FROM appointments a JOIN locations l ON l.id = a.location_id WHERE a.practice_id = ? "
      "AND a.clinician_id = ? AND a.mode = 'in_person' AND l.state = ? AND a.start_at >= ? AND a.start_at < ? "
      "AND a.id <> ? AND a." +
          std::string(kLive),
      {practice_id, clinician_id, state, from, to, except_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<EpochSeconds> out;
  for (const auto& r : *rows) out.push_back(r.Int(0));
  return out;
}

Status InsertService(db::Connection& c, const std::string& practice_id, const ClinicalService& s, EpochSeconds now) {
  std::string disciplines;
  for (auto d : s.disciplines) {
    if (!disciplines.empty()) disciplines += ',';
    disciplines += practice::DisciplineName(d);
  }
  return Done(
      c.Exec("INSERT INTO services (id, practice_id, name, cpt_code, duration_minutes, modes, in_person_required, "
             "disciplines, group_size, "
             "fee_in_person, fee_video, fee_audio, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
             {s.id, practice_id, s.name, s.cpt_code, static_cast<std::int64_t>(s.duration_minutes), JoinModes(s.modes),
              static_cast<std::int64_t>(s.in_person_required), disciplines, static_cast<std::int64_t>(s.group_size),
              OrNull(s.fees.in_person), OrNull(s.fees.video), OrNull(s.fees.audio), now}));
}

Result<std::vector<ClinicalService>> ListServices(db::Connection& c, const std::string& practice_id) {
  auto rows = c.Query(
      "SELECT " + std::string(kServiceColumns) + " FROM services WHERE practice_id = ? AND active = 1 ORDER BY name",
      {practice_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<ClinicalService> out;
  for (const auto& r : *rows) out.push_back(ServiceFrom(r));
  return out;
}

Result<std::optional<ClinicalService>> FindService(db::Connection& c, const std::string& practice_id,
                                                   const std::string& id) {
  auto rows = c.Query("SELECT " + std::string(kServiceColumns) + " FROM services WHERE practice_id = ? AND id = ?",
                      {practice_id, id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<ClinicalService>();
  return ServiceFrom(rows->front());
}

Result<std::pair<std::vector<Block>, std::vector<BlockException>>> LoadAvailability(db::Connection& c,
                                                                                    const std::string& practice_id,
                                                                                    const std::string& clinician_id) {
  std::pair<std::vector<Block>, std::vector<BlockException>> out;
  auto blocks = c.Query(
      "SELECT weekday, start_minute, end_minute, mode, location_id FROM availability_blocks "
      "WHERE practice_id = ? AND clinician_id = ? ORDER BY weekday, start_minute",
      {practice_id, clinician_id});
  if (!blocks) return tl::unexpected(blocks.error());
  for (const auto& r : *blocks)
    out.first.push_back({static_cast<int>(r.Int(0)), static_cast<int>(r.Int(1)), static_cast<int>(r.Int(2)),
                         ParseBlockMode(r.Text(3)).value_or(BlockMode::kInPerson), r.Text(4)});
  auto ex = c.Query(
      "SELECT on_date, kind, start_minute, end_minute, mode, location_id FROM availability_exceptions "
      "WHERE practice_id = ? AND clinician_id = ? ORDER BY on_date, start_minute",
      {practice_id, clinician_id});
  if (!ex) return tl::unexpected(ex.error());
  for (const auto& r : *ex) {
    BlockException e;
    e.date = ParseDate(r.Text(0)).value_or(Date{});
    e.kind = r.Text(1) == "mode_change" ? BlockException::Kind::kModeChange : BlockException::Kind::kTimeOff;
    e.start_minute = static_cast<int>(r.Int(2));
    e.end_minute = static_cast<int>(r.Int(3));
    e.mode = ParseBlockMode(r.Text(4)).value_or(BlockMode::kTelehealth);
    e.location_id = r.Text(5);
    out.second.push_back(e);
  }
  return out;
}

Status ReplaceAvailability(db::Connection& c, const std::string& practice_id, const std::string& clinician_id,
                           const std::vector<Block>& blocks, const std::vector<BlockException>& exceptions) {
  if (auto r = c.Exec("DELETE FROM availability_blocks WHERE practice_id = ? AND clinician_id = ?",
                      {practice_id, clinician_id});
      !r)
    return tl::unexpected(r.error());
  if (auto r = c.Exec("DELETE FROM availability_exceptions WHERE practice_id = ? AND clinician_id = ?",
                      {practice_id, clinician_id});
      !r)
    return tl::unexpected(r.error());
  for (const auto& b : blocks)
    if (auto st = Done(c.Exec("INSERT INTO availability_blocks (id, practice_id, clinician_id, weekday, start_minute, "
                              "end_minute, mode, location_id) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                              {crypto::NewId(), practice_id, clinician_id, static_cast<std::int64_t>(b.weekday),
                               static_cast<std::int64_t>(b.start_minute), static_cast<std::int64_t>(b.end_minute),
                               std::string(BlockModeName(b.mode)), OrNull(b.location_id)}));
        !st)
      return st;
  for (const auto& e : exceptions)
    if (auto st = Done(c.Exec("INSERT INTO availability_exceptions (id, practice_id, clinician_id, on_date, kind, "
                              "start_minute, end_minute, mode, location_id) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                              {crypto::NewId(), practice_id, clinician_id, FormatDate(e.date),
                               std::string(e.kind == BlockException::Kind::kModeChange ? "mode_change" : "time_off"),
                               static_cast<std::int64_t>(e.start_minute), static_cast<std::int64_t>(e.end_minute),
                               std::string(BlockModeName(e.mode)), OrNull(e.location_id)}));
        !st)
      return st;
  return {};
}

Status LockPeople(db::Connection& c, const std::string& practice_id, const std::string& clinician_id,
                  std::vector<std::string> client_ids) {
  // Always clinician first, then clients in id order: two bookings never wait on each other in a cycle.
  if (auto r = c.Exec("UPDATE clinicians SET version = version WHERE practice_id = ? AND id = ?",
                      {practice_id, clinician_id});
      !r)
    return tl::unexpected(r.error());
  std::sort(client_ids.begin(), client_ids.end());
  for (const auto& id : client_ids)
    if (auto r = c.Exec("UPDATE clients SET version = version WHERE practice_id = ? AND id = ?", {practice_id, id}); !r)
      return tl::unexpected(r.error());
  return {};
}

Result<std::vector<Busy>> BusyForClinician(db::Connection& c, const std::string& practice_id,
                                           const std::string& clinician_id, EpochSeconds from, EpochSeconds to,
                                           const std::string& except_id) {
  auto rows = c.Query(
      "SELECT id, start_at, end_at, mode, location_id FROM appointments WHERE practice_id = ? AND clinician_id = ? "
      "AND start_at < ? AND end_at > ? AND id <> ? AND " +
          std::string(kLive),
      {practice_id, clinician_id, to, from, except_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Busy> out;
  for (const auto& r : *rows)
    out.push_back({r.Text(0), r.Int(1), r.Int(2), ParseVisitMode(r.Text(3)).value_or(VisitMode::kInPerson), r.Text(4)});
  return out;
}

Result<std::vector<Busy>> BusyForClients(db::Connection& c, const std::string& practice_id,
                                         const std::vector<std::string>& client_ids, EpochSeconds from, EpochSeconds to,
                                         const std::string& except_id) {
  std::vector<Busy> out;
  for (const auto& client : client_ids) {
    auto rows = c.Query(
        "SELECT a.id, a.start_at, a.end_at, a.mode, a.location_id FROM appointment_clients ac "
        "JOIN appointments a ON a.id = ac.appointment_id WHERE ac.practice_id = ? AND ac.client_id = ? "
        "AND a.start_at < ? AND a.end_at > ? AND a.id <> ? AND a." +
            std::string(kLive),
        {practice_id, client, to, from, except_id});
    if (!rows) return tl::unexpected(rows.error());
    for (const auto& r : *rows)
      out.push_back(
          {r.Text(0), r.Int(1), r.Int(2), ParseVisitMode(r.Text(3)).value_or(VisitMode::kInPerson), r.Text(4)});
  }
  return out;
}

Status InsertAppointment(db::Connection& c, const Appointment& a, const std::string& actor_user_id) {
  json warnings = json::array();
  for (const auto& w : a.warnings) warnings.push_back({{"code", w.code}, {"message", w.message}});
  if (auto st = Done(
          c.Exec("INSERT INTO appointments (id, practice_id, clinician_id, service_id, mode, location_id, start_at, "
                 "end_at, time_zone, status, "
                 "override_reason, warnings, block_conversion, created_by, created_at, updated_at, version, series_id) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)",
                 {a.id, a.practice_id, a.clinician_id, a.service_id, std::string(VisitModeName(a.mode)),
                  OrNull(a.location_id), a.start, a.end, a.time_zone, a.status, OrNull(a.override_reason),
                  warnings.dump(), static_cast<std::int64_t>(a.block_conversion), OrNull(actor_user_id), a.created_at,
                  a.created_at, OrNull(a.series_id)}));
      !st)
    return st;
  for (const auto& client : a.client_ids)
    if (auto st =
            Done(c.Exec("INSERT INTO appointment_clients (practice_id, appointment_id, client_id) VALUES (?, ?, ?)",
                        {a.practice_id, a.id, client}));
        !st)
      return st;
  return Done(
      c.Exec("INSERT INTO appointment_events (id, practice_id, appointment_id, at, actor_user_id, status_from, "
             "status_to, reason) "
             "VALUES (?, ?, ?, ?, ?, NULL, ?, ?)",
             {crypto::NewId(), a.practice_id, a.id, a.created_at, OrNull(actor_user_id), a.status,
              OrNull(a.override_reason)}));
}

Result<bool> UpdateStatus(db::Connection& c, const Appointment& a, const std::string& from, const std::string& to,
                          const std::string& actor_user_id, const std::string& reason, EpochSeconds now) {
  auto n = c.Exec(
      "UPDATE appointments SET status = ?, updated_at = ?, version = version + 1 WHERE practice_id = ? AND id = ? AND "
      "status = ?",
      {to, now, a.practice_id, a.id, from});
  if (!n) return tl::unexpected(n.error());
  if (*n != 1) return false;
  auto ev = c.Exec(
      "INSERT INTO appointment_events (id, practice_id, appointment_id, at, actor_user_id, status_from, status_to, "
      "reason) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {crypto::NewId(), a.practice_id, a.id, now, OrNull(actor_user_id), from, to, OrNull(reason)});
  if (!ev) return tl::unexpected(ev.error());
  return true;
}

Result<bool> UpdateBooking(db::Connection& c, const Appointment& a, const std::string& actor_user_id,
                           EpochSeconds now) {
  json warnings = json::array();
  for (const auto& w : a.warnings) warnings.push_back({{"code", w.code}, {"message", w.message}});
  auto n = c.Exec(
      "UPDATE appointments SET mode = ?, location_id = ?, start_at = ?, end_at = ?, override_reason = ?, warnings = ?, "
      "block_conversion = ?, updated_at = ?, version = version + 1 WHERE practice_id = ? AND id = ? AND version = ?",
      {std::string(VisitModeName(a.mode)), OrNull(a.location_id), a.start, a.end, OrNull(a.override_reason),
       warnings.dump(), static_cast<std::int64_t>(a.block_conversion), now, a.practice_id, a.id, a.version - 1});
  if (!n) return tl::unexpected(n.error());
  if (*n != 1) return false;
  auto ev = c.Exec(
      "INSERT INTO appointment_events (id, practice_id, appointment_id, at, actor_user_id, status_from, status_to, "
      "reason) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, 'rescheduled')",
      {crypto::NewId(), a.practice_id, a.id, now, OrNull(actor_user_id), a.status, a.status});
  if (!ev) return tl::unexpected(ev.error());
  return true;
}

Result<std::optional<Appointment>> FindAppointment(db::Connection& c, const std::string& practice_id,
                                                   const std::string& id) {
  auto rows = c.Query(
      "SELECT " + std::string(kAppointmentColumns) + " FROM appointments a WHERE a.practice_id = ? AND a.id = ?",
      {practice_id, id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Appointment>();
  Appointment a = AppointmentFrom(rows->front());
  if (auto st = LoadClients(c, a); !st) return tl::unexpected(st.error());
  return a;
}

Result<std::vector<Appointment>> ListAppointments(db::Connection& c, const std::string& practice_id,
                                                  const AppointmentQuery& q) {
  std::string where = " WHERE a.practice_id = ? AND a.start_at < ? AND a.end_at > ?";
  std::vector<db::Value> params = {practice_id, q.to, q.from};
  if (q.clinician_id) {
    where += " AND a.clinician_id = ?";
    params.emplace_back(*q.clinician_id);
  }
  if (q.client_id) {
    where += " AND a.id IN (SELECT appointment_id FROM appointment_clients WHERE practice_id = ? AND client_id = ?)";
    params.insert(params.end(), {practice_id, *q.client_id});
  }
  auto rows = c.Query("SELECT " + std::string(kAppointmentColumns) + " FROM appointments a" + where +
                          " ORDER BY a.start_at, a.id LIMIT " + std::to_string(kMaxListedVisits + 1),
                      std::span<const db::Value>(params));
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Appointment> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(AppointmentFrom(r));
  if (out.empty()) return out;
  // The clients of every listed appointment in one query, not one query per appointment.
  auto clients = c.Query(
      "SELECT ac.appointment_id, ac.client_id FROM appointment_clients ac WHERE ac.practice_id = ? AND "
      "ac.appointment_id IN (SELECT a.id FROM appointments a" +
          where + ") ORDER BY ac.appointment_id, ac.client_id",
      [&] {
        std::vector<db::Value> p = {practice_id};
        p.insert(p.end(), params.begin(), params.end());
        return p;
      }());
  if (!clients) return tl::unexpected(clients.error());
  std::unordered_map<std::string, Appointment*> by_id;
  for (auto& a : out) by_id[a.id] = &a;
  for (const auto& r : *clients)
    if (auto it = by_id.find(r.Text(0)); it != by_id.end()) it->second->client_ids.push_back(r.Text(1));
  return out;
}

Result<std::string> PracticeName(db::Connection& c, const std::string& practice_id) {
  auto rows = c.Query("SELECT name FROM practices WHERE id = ?", {practice_id});
  if (!rows) return tl::unexpected(rows.error());
  return rows->empty() ? std::string() : rows->front().Text(0);
}

Status InsertSeries(db::Connection& c, const std::string& practice_id, const std::string& id,
                    const std::string& clinician_id, const Recurrence& r, const std::string& actor_user_id,
                    EpochSeconds now) {
  return Done(
      c.Exec("INSERT INTO appointment_series (id, practice_id, clinician_id, every_weeks, occurrences, until_date, "
             "created_by, created_at) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
             {id, practice_id, clinician_id, static_cast<std::int64_t>(r.every_weeks),
              r.count ? db::Value(static_cast<std::int64_t>(*r.count)) : db::Value(),
              r.until ? db::Value(FormatDate(*r.until)) : db::Value(), OrNull(actor_user_id), now}));
}

Result<std::vector<Appointment>> SeriesFrom(db::Connection& c, const std::string& practice_id,
                                            const std::string& series_id, EpochSeconds from) {
  auto rows = c.Query("SELECT " + std::string(kAppointmentColumns) +
                          " FROM appointments a WHERE a.practice_id = ? AND a.series_id = ? "
                          "AND a.start_at >= ? AND a." +
                          std::string(kLive) + " ORDER BY a.start_at",
                      {practice_id, series_id, from});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Appointment> out;
  for (const auto& r : *rows) {
    out.push_back(AppointmentFrom(r));
    if (auto st = LoadClients(c, out.back()); !st) return tl::unexpected(st.error());
  }
  return out;
}

Result<std::vector<EpochSeconds>> RescheduleTimes(db::Connection& c, const std::string& practice_id,
                                                  const std::string& clinician_id, EpochSeconds from, EpochSeconds to) {
  auto rows = c.Query(
      "SELECT a.start_at FROM appointment_events e JOIN appointments a ON a.id = e.appointment_id WHERE e.practice_id "
      "= ? "
      "AND a.clinician_id = ? AND e.reason = 'rescheduled' AND a.start_at >= ? AND a.start_at < ?",
      {practice_id, clinician_id, from, to});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<EpochSeconds> out;
  for (const auto& r : *rows) out.push_back(r.Int(0));
  return out;
}

Status InsertFeed(db::Connection& c, const std::string& practice_id, const std::string& clinician_id,
                  const std::string& token_hash, const std::string& actor_user_id, EpochSeconds now) {
  return Done(
      c.Exec("INSERT INTO calendar_feeds (id, practice_id, clinician_id, token_hash, created_by, created_at) VALUES "
             "(?, ?, ?, ?, ?, ?)",
             {crypto::NewId(), practice_id, clinician_id, token_hash, OrNull(actor_user_id), now}));
}

Result<std::int64_t> RevokeFeeds(db::Connection& c, const std::string& practice_id, const std::string& clinician_id,
                                 EpochSeconds now) {
  return c.Exec(
      "UPDATE calendar_feeds SET revoked_at = ? WHERE practice_id = ? AND clinician_id = ? AND revoked_at IS NULL",
      {now, practice_id, clinician_id});
}

Result<std::optional<std::pair<std::string, std::string>>> FindFeed(db::Connection& c, const std::string& token_hash) {
  auto rows = c.Query(
      "SELECT practice_id, clinician_id FROM calendar_feeds WHERE token_hash = ? AND revoked_at IS NULL", {token_hash});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<std::pair<std::string, std::string>>();
  return std::make_pair(rows->front().Text(0), rows->front().Text(1));
}

Result<bool> HasFeed(db::Connection& c, const std::string& practice_id, const std::string& clinician_id) {
  auto rows = c.Query("SELECT 1 FROM calendar_feeds WHERE practice_id = ? AND clinician_id = ? AND revoked_at IS NULL",
                      {practice_id, clinician_id});
  if (!rows) return tl::unexpected(rows.error());
  return !rows->empty();
}

Status InsertWaitlist(db::Connection& c, const std::string& practice_id, const WaitlistEntry& e,
                      const std::string& actor_user_id) {
  std::string weekdays;
  for (int d : e.weekdays) weekdays += (weekdays.empty() ? "" : ",") + std::to_string(d);
  return Done(
      c.Exec("INSERT INTO waitlist_entries (id, practice_id, client_id, service_id, mode, clinician_id, times_of_day, "
             "weekdays, note, "
             "status, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?)",
             {e.id, practice_id, e.client_id, e.service_id,
              e.mode ? std::string(VisitModeName(*e.mode)) : std::string("any"), OrNull(e.clinician_id),
              db::JoinList(e.times_of_day), weekdays, e.note, OrNull(actor_user_id), e.created_at, e.created_at}));
}

Result<std::vector<WaitlistEntry>> ListWaitlist(db::Connection& c, const std::string& practice_id) {
  auto rows = c.Query(
      "SELECT id, client_id, service_id, mode, clinician_id, times_of_day, weekdays, note, status, created_at "
      "FROM waitlist_entries WHERE practice_id = ? AND status = 'waiting' ORDER BY created_at, id LIMIT " +
          std::to_string(kMaxWaitlist + 1),
      {practice_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<WaitlistEntry> out;
  for (const auto& r : *rows) {
    WaitlistEntry e;
    e.id = r.Text(0);
    e.client_id = r.Text(1);
    e.service_id = r.Text(2);
    e.mode = ParseVisitMode(r.Text(3));
    e.clinician_id = r.Text(4);
    for (auto& t : practice::SplitCsvLine(r.Text(5)))
      if (!t.empty()) e.times_of_day.push_back(t);
    for (auto& d : practice::SplitCsvLine(r.Text(6)))
      if (!d.empty()) e.weekdays.push_back(std::atoi(d.c_str()));
    e.note = r.Text(7);
    e.status = r.Text(8);
    e.created_at = r.Int(9);
    out.push_back(std::move(e));
  }
  return out;
}

Result<bool> CloseWaitlist(db::Connection& c, const std::string& practice_id, const std::string& id,
                           const std::string& status, EpochSeconds now) {
  auto n = c.Exec(
      "UPDATE waitlist_entries SET status = ?, updated_at = ? WHERE practice_id = ? AND id = ? AND status = 'waiting'",
      {status, now, practice_id, id});
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

}  // namespace duet::scheduling::store
