#include "scheduling/store.hpp"

#include <algorithm>
#include <unordered_map>

#include "platform/crypto.hpp"
#include "platform/db/columns.hpp"
#include "practice/rules.hpp"
#include "scheduling/codecs.hpp"
#include "scheduling/rules.hpp"

namespace duet::scheduling::store {
namespace {
using db::Done;
using db::OrNull;

// A visit that still takes its people's time. Three comparisons rather than NOT IN (…): SQLite builds a small
// table for an IN list each time a statement first tests a row with it.
std::string Live(std::string_view alias = "") {
  std::string out;
  for (std::string_view status : {"cancelled", "late_cancelled", "no_show"})
    out.append(out.empty() ? "" : " AND ").append(alias).append("status <> '").append(status).append("'");
  return out;
}

using db::Col;

// The tables' columns, named once (platform/db/columns.hpp).
const auto kServices = db::Table<ClinicalService>(
    "services", Col("id", &ClinicalService::id), Col("name", &ClinicalService::name),
    Col("cpt_code", &ClinicalService::cpt_code), Col("duration_minutes", &ClinicalService::duration_minutes),
    Col("modes", &ClinicalService::modes), Col("in_person_required", &ClinicalService::in_person_required),
    Col("disciplines", &ClinicalService::disciplines), Col("group_size", &ClinicalService::group_size),
    Col("fee_in_person", &ClinicalService::fees, &Fees::in_person),
    Col("fee_video", &ClinicalService::fees, &Fees::video), Col("fee_audio", &ClinicalService::fees, &Fees::audio),
    Col("client_bookable", &ClinicalService::client_bookable), Col("new_clients", &ClinicalService::new_clients));

// Clients are in appointment_clients (LoadClients); status changes only through UpdateStatus, which
// records the event; an UPDATE from the table is a reschedule.
const auto kAppointments = db::Table<Appointment>(
    "appointments", Col("id", &Appointment::id, {.editable = false}),
    Col("practice_id", &Appointment::practice_id, {.editable = false}),
    Col("clinician_id", &Appointment::clinician_id, {.editable = false}),
    Col("service_id", &Appointment::service_id, {.editable = false}), Col("mode", &Appointment::mode),
    Col("location_id", &Appointment::location_id, {.null_when_empty = true}), Col("start_at", &Appointment::start),
    Col("end_at", &Appointment::end), Col("time_zone", &Appointment::time_zone, {.editable = false}),
    Col("status", &Appointment::status, {.editable = false}),
    Col("override_reason", &Appointment::override_reason, {.null_when_empty = true}),
    Col("warnings", &Appointment::warnings), Col("block_conversion", &Appointment::block_conversion),
    Col("created_at", &Appointment::created_at, {.editable = false}), Col("updated_at", &Appointment::updated_at),
    db::Version(&Appointment::version),
    Col("series_id", &Appointment::series_id, {.null_when_empty = true, .editable = false}),
    Col("client_state", &Appointment::client_state, {.null_when_empty = true}),
    Col("joint_clinician_id", &Appointment::joint_clinician_id, {.null_when_empty = true}),
    Col("joint_service_id", &Appointment::joint_service_id, {.null_when_empty = true}),
    Col("partner_id", &Appointment::partner_id, {.null_when_empty = true}),
    Col("partner_clinician_id", &Appointment::partner_clinician_id, {.null_when_empty = true}),
    Col("kind", &Appointment::kind, {.editable = false}));

// "any" mode is stored as the word (the column is NOT NULL).
const auto kWaitlist = db::Table<WaitlistEntry>(
    "waitlist_entries", Col("id", &WaitlistEntry::id), Col("client_id", &WaitlistEntry::client_id),
    Col("service_id", &WaitlistEntry::service_id),
    db::Custom<WaitlistEntry>(
        "mode", [](const db::Cells& r, std::size_t i, WaitlistEntry& e) { e.mode = ParseVisitMode(r.Text(i)); },
        [](const WaitlistEntry& e) {
          return db::Value(e.mode ? std::string(VisitModeName(*e.mode)) : std::string("any"));
        }),
    Col("clinician_id", &WaitlistEntry::clinician_id, {.null_when_empty = true}),
    Col("times_of_day", &WaitlistEntry::times_of_day), Col("weekdays", &WaitlistEntry::weekdays),
    Col("note", &WaitlistEntry::note), Col("status", &WaitlistEntry::status),
    Col("created_at", &WaitlistEntry::created_at));

const std::string kAppointmentSelect = kAppointments.Select("a.");

Appointment AppointmentFrom(const db::Row& r) { return kAppointments.Read(r); }

Status LoadClients(db::Connection& c, Appointment& a) {
  auto rows = c.Query(
      "SELECT client_id FROM appointment_clients WHERE practice_id = ? AND appointment_id = ? ORDER BY client_id",
      {a.practice_id, a.id});
  if (!rows) return tl::unexpected(rows.error());
  for (const auto& r : *rows) a.client_ids.push_back(r.Text(0));
  if (a.kind != "conference") return {};
  auto attendees = c.Query(
      "SELECT clinician_id FROM appointment_attendees WHERE practice_id = ? AND appointment_id = ? ORDER BY "
      "clinician_id",
      {a.practice_id, a.id});
  if (!attendees) return tl::unexpected(attendees.error());
  for (const auto& r : *attendees) a.attendee_ids.push_back(r.Text(0));
  return {};
}

// Visits read by a query, each with its clients (a few at a time: a series, a partner's calendar).
Result<std::vector<Appointment>> WithClients(db::Connection& c, Result<db::Rows> rows) {
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Appointment> out;
  for (const auto& r : *rows) {
    out.push_back(AppointmentFrom(r));
    if (auto st = LoadClients(c, out.back()); !st) return tl::unexpected(st.error());
  }
  return out;
}

// A busy time: id, start_at, end_at, mode, location_id.
Busy BusyFrom(const db::Cells& r) {
  return {r.Text(0), r.Int(1), r.Int(2), ParseVisitMode(r.View(3)).value_or(VisitMode::kInPerson), r.Text(4)};
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
      "AND a.id <> ? AND " +
          Live("a."),
      {practice_id, clinician_id, state, from, to, except_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<EpochSeconds> out;
  for (const auto& r : *rows) out.push_back(r.Int(0));
  return out;
}

Status InsertService(db::Connection& c, const std::string& practice_id, const ClinicalService& s, EpochSeconds now) {
  return Done(c.Exec(kServices.Insert({"practice_id", "created_at"}), kServices.InsertValues(s, {practice_id, now})));
}

Result<bool> SetClientBookable(db::Connection& c, const std::string& practice_id, const std::string& service_id,
                               bool bookable, std::optional<bool> new_clients) {
  auto n = c.Exec(
      "UPDATE services SET client_bookable = ?, new_clients = COALESCE(?, new_clients) WHERE practice_id = ? AND id "
      "= ? AND active = 1",
      {std::int64_t{bookable ? 1 : 0}, new_clients ? db::Value(std::int64_t{*new_clients ? 1 : 0}) : db::Value{},
       practice_id, service_id});
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

Result<std::vector<ClinicalService>> ListServices(db::Connection& c, const std::string& practice_id) {
  auto rows =
      c.Query("SELECT " + kServices.Select() + " FROM services WHERE practice_id = ? AND active = 1 ORDER BY name",
              {practice_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<ClinicalService> out;
  for (const auto& r : *rows) out.push_back(kServices.Read(r));
  return out;
}

db::Read ReadService(const std::string& practice_id, const std::string& id, std::optional<ClinicalService>& out) {
  static const std::string sql = "SELECT " + kServices.Select() + " FROM services WHERE practice_id = ? AND id = ?";
  return {sql, {practice_id, id}, [&out](const db::Cells& r) { out = kServices.Read(r); }};
}

Result<std::optional<ClinicalService>> FindService(db::Connection& c, const std::string& practice_id,
                                                   const std::string& id) {
  std::optional<ClinicalService> out;
  const db::Read read[] = {ReadService(practice_id, id, out)};
  if (auto st = c.EachOf(read); !st) return tl::unexpected(st.error());
  return out;
}

db::Read ReadBlocks(const std::string& practice_id, const std::string& clinician_id, std::vector<Block>& out) {
  // Read in place: every booking reads its clinician's week under the writer.
  return {
      "SELECT weekday, start_minute, end_minute, mode, location_id FROM availability_blocks "
      "WHERE practice_id = ? AND clinician_id = ? ORDER BY weekday, start_minute",
      {practice_id, clinician_id},
      [&out](const db::Cells& r) {
        out.push_back({static_cast<int>(r.Int(0)), static_cast<int>(r.Int(1)), static_cast<int>(r.Int(2)),
                       ParseBlockMode(r.View(3)).value_or(BlockMode::kInPerson), r.Text(4)});
      }};
}

db::Read ReadExceptions(const std::string& practice_id, const std::string& clinician_id,
                        std::vector<BlockException>& out) {
  return {
      "SELECT on_date, kind, start_minute, end_minute, mode, location_id FROM availability_exceptions "
      "WHERE practice_id = ? AND clinician_id = ? ORDER BY on_date, start_minute",
      {practice_id, clinician_id},
      [&out](const db::Cells& r) {
        BlockException e;
        e.date = ParseDate(r.View(0)).value_or(Date{});
        e.kind = r.View(1) == "mode_change" ? BlockException::Kind::kModeChange : BlockException::Kind::kTimeOff;
        e.start_minute = static_cast<int>(r.Int(2));
        e.end_minute = static_cast<int>(r.Int(3));
        e.mode = ParseBlockMode(r.View(4)).value_or(BlockMode::kTelehealth);
        e.location_id = r.Text(5);
        out.push_back(std::move(e));
      }};
}

Result<std::pair<std::vector<Block>, std::vector<BlockException>>> LoadAvailability(db::Connection& c,
                                                                                    const std::string& practice_id,
                                                                                    const std::string& clinician_id) {
  std::pair<std::vector<Block>, std::vector<BlockException>> out;
  const db::Read reads[] = {ReadBlocks(practice_id, clinician_id, out.first),
                            ReadExceptions(practice_id, clinician_id, out.second)};
  if (auto st = c.EachOf(reads); !st) return tl::unexpected(st.error());
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

Status LockPeople(db::Connection& c, const std::string& practice_id, std::vector<std::string> clinicians,
                  std::vector<std::string> client_ids) {
  // SQLite has one writer (BEGIN IMMEDIATE): the transaction already excludes every other booking, and
  // touching the rows would only write their pages again.
  if (c.engine() == db::Engine::kSqlite) return {};
  // Always clinicians first, then clients, each in id order: two bookings never wait on each other in a cycle.
  // The lock an UPDATE of the row would take (FOR NO KEY UPDATE: it waits for edits and other bookings of the
  // same people, not for rows that merely refer to them), without writing a new version of the row.
  std::sort(clinicians.begin(), clinicians.end());
  // By id alone: a partner organization's clinician joining by video is of another practice (ids are unique).
  // Sent with the booking's first read (ExecLater): the locks are held before anything is read.
  for (const auto& id : clinicians)
    if (auto r = c.ExecLater("SELECT 1 FROM clinicians WHERE id = ? FOR NO KEY UPDATE", {id}); !r) return r;
  std::sort(client_ids.begin(), client_ids.end());
  for (const auto& id : client_ids)
    if (auto r =
            c.ExecLater("SELECT 1 FROM clients WHERE practice_id = ? AND id = ? FOR NO KEY UPDATE", {practice_id, id});
        !r)
      return r;
  return {};
}

db::Read ReadClinicianBusy(const std::string& practice_id, const std::string& clinician_id, EpochSeconds from,
                           EpochSeconds to, const std::string& except_id, std::vector<Busy>& out) {
  // Their own visits, then those they join by video, in this practice or as a partner organization's clinician
  // in another, then the case conferences they attend (each read from its own index).
  static const std::string sql = [] {
    const std::string window = " AND start_at < ? AND start_at > ? AND end_at > ? AND id <> ? AND " + Live();
    return "SELECT id, start_at, end_at, mode, location_id FROM appointments WHERE practice_id = ? AND clinician_id = "
           "?" +
           window +
           " UNION ALL SELECT id, start_at, end_at, 'video', NULL FROM appointments WHERE practice_id = ? AND "
           "joint_clinician_id = ?" +
           window +
           " UNION ALL SELECT id, start_at, end_at, 'video', NULL FROM appointments WHERE partner_clinician_id = ?" +
           window +
           " UNION ALL SELECT a.id, a.start_at, a.end_at, 'video', NULL FROM appointment_attendees t CROSS JOIN "
           "appointments a WHERE a.id = t.appointment_id AND t.practice_id = ? AND t.clinician_id = ? AND t.start_at "
           "< ? AND t.start_at > ? AND a.end_at > ? AND a.id <> ? AND " +
           Live("a.");
  }();
  // Each branch: whose visits, then the window (a visit starting before `to` and ending after `from`).
  std::vector<db::Value> params;
  params.reserve(23);
  for (bool in_practice : {true, true, false, true}) {
    if (in_practice) params.emplace_back(practice_id);
    for (db::Value v : {db::Value(clinician_id), db::Value(to), db::Value(from - kLongestVisitSeconds), db::Value(from),
                        db::Value(except_id)})
      params.push_back(std::move(v));
  }
  return {sql, std::move(params), [&out](const db::Cells& r) { out.push_back(BusyFrom(r)); }};
}

db::Read ReadClientBusy(const std::string& practice_id, const std::string& client_id, EpochSeconds from,
                        EpochSeconds to, const std::string& except_id, std::vector<Busy>& out) {
  // The client's rows in the window first (their own start, kept with the visit's), then each visit.
  static const std::string sql =
      "SELECT a.id, a.start_at, a.end_at, a.mode, a.location_id FROM appointment_clients ac "
      "CROSS JOIN appointments a WHERE a.id = ac.appointment_id AND ac.practice_id = ? AND ac.client_id = ? "
      "AND ac.start_at < ? AND ac.start_at > ? AND a.end_at > ? AND a.id <> ? AND " +
      Live("a.");
  return {sql, {practice_id, client_id, to, from - kLongestVisitSeconds, from, except_id}, [&out](const db::Cells& r) {
            out.push_back(BusyFrom(r));
          }};
}

Result<std::vector<Busy>> BusyForClinician(db::Connection& c, const std::string& practice_id,
                                           const std::string& clinician_id, EpochSeconds from, EpochSeconds to,
                                           const std::string& except_id) {
  std::vector<Busy> out;
  const db::Read read[] = {ReadClinicianBusy(practice_id, clinician_id, from, to, except_id, out)};
  if (auto st = c.EachOf(read); !st) return tl::unexpected(st.error());
  return out;
}

Result<std::vector<Busy>> BusyForClients(db::Connection& c, const std::string& practice_id,
                                         const std::vector<std::string>& client_ids, EpochSeconds from, EpochSeconds to,
                                         const std::string& except_id) {
  std::vector<Busy> out;
  std::vector<db::Read> reads;
  reads.reserve(client_ids.size());
  for (const auto& client : client_ids) reads.push_back(ReadClientBusy(practice_id, client, from, to, except_id, out));
  if (auto st = c.EachOf(reads); !st) return tl::unexpected(st.error());
  return out;
}

Status InsertAppointment(db::Connection& c, const Appointment& a, const std::string& actor_user_id) {
  Appointment row = a;
  row.updated_at = a.created_at;
  // Sent with the transaction's next read or its COMMIT (ExecLater): a duplicate fails the booking there.
  if (auto st =
          c.ExecLater(kAppointments.Insert({"created_by"}), kAppointments.InsertValues(row, {OrNull(actor_user_id)}));
      !st)
    return st;
  for (const auto& client : a.client_ids)
    if (auto st = c.ExecLater(
            "INSERT INTO appointment_clients (practice_id, appointment_id, client_id, start_at) VALUES (?, ?, ?, ?)",
            {a.practice_id, a.id, client, a.start});
        !st)
      return st;
  for (const auto& clinician : a.attendee_ids)
    if (auto st = c.ExecLater("INSERT INTO appointment_attendees (practice_id, appointment_id, clinician_id, start_at) "
                              "VALUES (?, ?, ?, ?)",
                              {a.practice_id, a.id, clinician, a.start});
        !st)
      return st;
  return c.ExecLater(
      "INSERT INTO appointment_events (id, practice_id, appointment_id, at, actor_user_id, status_from, "
      "status_to, reason) "
      "VALUES (?, ?, ?, ?, ?, NULL, ?, ?)",
      {crypto::NewId(), a.practice_id, a.id, a.created_at, OrNull(actor_user_id), a.status, OrNull(a.override_reason)});
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
  Appointment row = a;
  row.updated_at = now;
  auto n = c.Exec(kAppointments.Update("practice_id = ? AND id = ? AND version = ?"),
                  kAppointments.UpdateValues(row, {a.practice_id, a.id, a.version - 1}));
  if (!n) return tl::unexpected(n.error());
  if (*n != 1) return false;
  // The clients' rows carry the visit's start (BusyForClients reads them by time).
  if (auto moved = c.Exec("UPDATE appointment_clients SET start_at = ? WHERE practice_id = ? AND appointment_id = ?",
                          {a.start, a.practice_id, a.id});
      !moved)
    return tl::unexpected(moved.error());
  if (auto moved = c.Exec("UPDATE appointment_attendees SET start_at = ? WHERE practice_id = ? AND appointment_id = ?",
                          {a.start, a.practice_id, a.id});
      !moved)
    return tl::unexpected(moved.error());
  auto ev = c.Exec(
      "INSERT INTO appointment_events (id, practice_id, appointment_id, at, actor_user_id, status_from, status_to, "
      "reason) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, 'rescheduled')",
      {crypto::NewId(), a.practice_id, a.id, now, OrNull(actor_user_id), a.status, a.status});
  if (!ev) return tl::unexpected(ev.error());
  return true;
}

Result<bool> SetJoint(db::Connection& c, const Appointment& a, EpochSeconds now) {
  auto n = c.Exec(
      "UPDATE appointments SET joint_clinician_id = ?, joint_service_id = ?, partner_id = ?, partner_clinician_id = "
      "?, updated_at = ?, version = version + 1 WHERE practice_id = ? AND id = ? AND version = ?",
      {OrNull(a.joint_clinician_id), OrNull(a.joint_service_id), OrNull(a.partner_id), OrNull(a.partner_clinician_id),
       now, a.practice_id, a.id, a.version});
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

Result<std::optional<Appointment>> FindAppointment(db::Connection& c, const std::string& practice_id,
                                                   const std::string& id) {
  auto rows = c.Query("SELECT " + kAppointmentSelect + " FROM appointments a WHERE a.practice_id = ? AND a.id = ?",
                      {practice_id, id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Appointment>();
  Appointment a = AppointmentFrom(rows->front());
  if (auto st = LoadClients(c, a); !st) return tl::unexpected(st.error());
  return a;
}

Result<std::vector<Appointment>> PartnerVisits(db::Connection& c, const std::string& clinician_id, EpochSeconds from,
                                               EpochSeconds to, const std::string& id) {
  auto rows = id.empty() ? c.Query("SELECT " + kAppointmentSelect +
                                       " FROM appointments a WHERE a.partner_clinician_id = ? AND a.start_at >= ? AND "
                                       "a.start_at < ? ORDER BY a.start_at, a.id",
                                   {clinician_id, from, to})
                         : c.Query("SELECT " + kAppointmentSelect +
                                       " FROM appointments a WHERE a.partner_clinician_id = ? AND a.id = ?",
                                   {clinician_id, id});
  return WithClients(c, std::move(rows));
}

Result<std::vector<Appointment>> ClientHistory(db::Connection& c, const std::string& practice_id,
                                               const std::string& client_id, EpochSeconds from, EpochSeconds to,
                                               int limit) {
  auto rows = c.Query("SELECT " + kAppointmentSelect +
                          " FROM appointment_clients ac JOIN appointments a ON a.id = ac.appointment_id WHERE "
                          "ac.practice_id = ? AND ac.client_id = ? AND ac.start_at >= ? AND ac.start_at < ? ORDER BY "
                          "ac.start_at DESC, a.id DESC LIMIT " +
                          std::to_string(limit),
                      {practice_id, client_id, from, to});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Appointment> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) {
    out.push_back(AppointmentFrom(r));
    out.back().client_ids = {client_id};
  }
  return out;
}

namespace {
// Fills a list member of listed visits (their clients, a conference's attendees) from a table keyed by visit: by
// the visits' ids (primary-key lookups; running the window's query again as a subquery made PostgreSQL read every
// row of the practice).
Status FillByVisit(db::Connection& c, const std::string& practice_id, std::string_view table, std::string_view column,
                   const std::vector<std::string>& ids, const std::unordered_map<std::string_view, Appointment*>& by_id,
                   std::vector<std::string> Appointment::*member) {
  std::string before = "SELECT appointment_id, ";
  before.append(column).append(" FROM ").append(table).append(" WHERE practice_id = ? AND appointment_id ");
  std::string after = "ORDER BY appointment_id, ";
  after.append(column);
  return db::EachIn(c, before, after, {practice_id}, ids, [&](const db::Cells& r) {
    if (auto it = by_id.find(r.View(0)); it != by_id.end()) (it->second->*member).emplace_back(r.View(1));
  });
}
}  // namespace

Result<std::vector<Appointment>> ListAppointments(db::Connection& c, const std::string& practice_id,
                                                  const AppointmentQuery& q) {
  // Bounded below too, so that only the window's part of the (practice, start) index is read.
  std::string where = " WHERE a.practice_id = ? AND a.start_at < ? AND a.start_at > ? AND a.end_at > ?";
  std::vector<db::Value> params = {practice_id, q.to, q.from - kLongestVisitSeconds, q.from};
  if (q.clinician_id) {
    // A clinician's calendar includes the visits they join by video and the case conferences they attend.
    where +=
        " AND (a.clinician_id = ? OR a.joint_clinician_id = ? OR a.id IN (SELECT appointment_id FROM "
        "appointment_attendees WHERE practice_id = ? AND clinician_id = ?))";
    params.insert(params.end(), {*q.clinician_id, *q.clinician_id, practice_id, *q.clinician_id});
  }
  if (q.client_id) {
    where += " AND a.id IN (SELECT appointment_id FROM appointment_clients WHERE practice_id = ? AND client_id = ?)";
    params.insert(params.end(), {practice_id, *q.client_id});
  }
  if (q.status) {
    where += " AND a.status = ?";
    params.emplace_back(*q.status);
  }
  // Read in place: each visit's strings are copied once, into the visit.
  std::vector<Appointment> out;
  if (auto st = c.Each("SELECT " + kAppointmentSelect + " FROM appointments a" + where +
                           " ORDER BY a.start_at, a.id LIMIT " + std::to_string(kMaxListedVisits + 1),
                       std::span<const db::Value>(params),
                       [&out](const db::Cells& r) { out.push_back(kAppointments.Read(r)); });
      !st)
    return tl::unexpected(st.error());
  if (out.empty()) return out;
  std::unordered_map<std::string_view, Appointment*> by_id;
  by_id.reserve(out.size());
  std::vector<std::string> conferences;
  for (auto& a : out) {
    by_id[a.id] = &a;
    if (a.kind == "conference") conferences.push_back(a.id);
  }
  const bool whole_practice = !q.clinician_id && !q.client_id;
  std::vector<std::string> ids;  // the visits' ids, for a clinician's or a client's list
  if (!whole_practice) {
    ids.reserve(out.size());
    for (const auto& a : out) ids.push_back(a.id);
  }
  if (whole_practice) {
    // The practice's whole window: its visits' clients in one range of the (practice, start) index (each
    // appointment_clients row carries its visit's start), not a lookup per visit.
    auto st = c.Each(
        "SELECT appointment_id, client_id FROM appointment_clients WHERE practice_id = ? AND start_at < ? AND "
        "start_at > ? ORDER BY start_at, appointment_id, client_id",
        std::vector<db::Value>{practice_id, q.to, q.from - kLongestVisitSeconds}, [&by_id](const db::Cells& r) {
          if (auto it = by_id.find(r.View(0)); it != by_id.end()) it->second->client_ids.emplace_back(r.View(1));
        });
    if (!st) return tl::unexpected(st.error());
  } else if (auto st =
                 FillByVisit(c, practice_id, "appointment_clients", "client_id", ids, by_id, &Appointment::client_ids);
             !st) {
    return tl::unexpected(st.error());
  }
  // A case conference's attendees, for the conferences listed.
  if (auto st = FillByVisit(c, practice_id, "appointment_attendees", "clinician_id", conferences, by_id,
                            &Appointment::attendee_ids);
      !st)
    return tl::unexpected(st.error());
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
  auto rows = c.Query("SELECT " + kAppointmentSelect +
                          " FROM appointments a WHERE a.practice_id = ? AND a.series_id = ? "
                          "AND a.start_at >= ? AND " +
                          Live("a.") + " ORDER BY a.start_at",
                      {practice_id, series_id, from});
  return WithClients(c, std::move(rows));
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
  WaitlistEntry row = e;
  row.status = "waiting";
  return Done(c.Exec(kWaitlist.Insert({"practice_id", "created_by", "updated_at"}),
                     kWaitlist.InsertValues(row, {practice_id, OrNull(actor_user_id), e.created_at})));
}

Result<std::vector<WaitlistEntry>> ListWaitlist(db::Connection& c, const std::string& practice_id) {
  auto rows =
      c.Query("SELECT " + kWaitlist.Select() +
                  " FROM waitlist_entries WHERE practice_id = ? AND status = 'waiting' ORDER BY created_at, id LIMIT " +
                  std::to_string(kMaxWaitlist + 1),
              {practice_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<WaitlistEntry> out;
  for (const auto& r : *rows) out.push_back(kWaitlist.Read(r));
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
