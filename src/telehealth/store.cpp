#include "telehealth/store.hpp"

#include "platform/crypto.hpp"
#include "telehealth/rules.hpp"

namespace duet::telehealth::store {

namespace {
constexpr const char* kVisitColumns =
    "SELECT appointment_id, room_id, client_stated_state, stated_at, licensure_allowed, licensure_reason, started_at, "
    "ended_at, minutes, delivered_mode FROM visits ";

Result<std::optional<Visit>> OneVisit(const Result<db::Rows>& rows) {
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Visit>();
  const auto& r = rows->front();
  Visit v;
  v.appointment_id = r.Text(0);
  v.room_id = r.Text(1);
  v.client_stated_state = r.Text(2);
  v.stated_at = r.OptInt(3);
  if (auto a = r.OptInt(4)) v.licensure_allowed = *a != 0;
  v.licensure_reason = r.Text(5);
  v.started_at = r.OptInt(6);
  v.ended_at = r.OptInt(7);
  if (auto m = r.OptInt(8)) v.minutes = static_cast<int>(*m);
  v.delivered_mode = r.Text(9);
  return v;
}

constexpr const char* kParticipantColumns =
    "SELECT p.id, p.appointment_id, v.room_id, p.kind, p.user_id, p.client_id, p.display_name, p.state, "
    "p.stated_state, "
    "p.licensure_allowed, p.licensure_reason, p.joined_at, p.admitted_at, p.audio_only, p.guest_id "
    "FROM room_participants p JOIN visits v ON v.appointment_id = p.appointment_id ";

Participant ParticipantOf(const db::Row& r) {
  Participant p;
  p.id = r.Text(0);
  p.appointment_id = r.Text(1);
  p.room_id = r.Text(2);
  std::string kind = r.Text(3);
  p.kind = kind == "staff"   ? ParticipantKind::kStaff
           : kind == "guest" ? ParticipantKind::kGuest
                             : ParticipantKind::kClient;
  p.user_id = r.Text(4);
  p.client_id = r.Text(5);
  p.display_name = r.Text(6);
  std::string state = r.Text(7);
  p.state = state == "waiting"    ? ParticipantState::kWaiting
            : state == "admitted" ? ParticipantState::kAdmitted
                                  : ParticipantState::kLeft;
  p.stated_state = r.Text(8);
  if (auto a = r.OptInt(9)) p.licensure_allowed = *a != 0;
  p.licensure_reason = r.Text(10);
  p.joined_at = r.Int(11);
  p.admitted_at = r.OptInt(12);
  p.audio_only = r.Int(13) != 0;
  p.guest_id = r.Text(14);
  return p;
}
}  // namespace

Result<std::optional<Visit>> FindVisit(db::Connection& c, const std::string& practice_id,
                                       const std::string& appointment_id) {
  return OneVisit(c.Query(std::string(kVisitColumns) + "WHERE practice_id = ? AND appointment_id = ?",
                          {practice_id, appointment_id}));
}

Result<std::optional<Visit>> FindVisitByRoom(db::Connection& c, const std::string& practice_id,
                                             const std::string& room_id) {
  return OneVisit(
      c.Query(std::string(kVisitColumns) + "WHERE practice_id = ? AND room_id = ?", {practice_id, room_id}));
}

Status SaveSummary(db::Connection& c, const std::string& practice_id, const std::string& appointment_id,
                   const VisitSummary& s) {
  auto opt = [](const std::optional<EpochSeconds>& t) { return t ? db::Value(*t) : db::Value(); };
  return db::Done(
      c.Exec("UPDATE visits SET started_at = ?, ended_at = ?, minutes = ?, delivered_mode = ? WHERE practice_id = ? "
             "AND appointment_id = ?",
             {opt(s.started_at), opt(s.ended_at), s.started_at ? db::Value(std::int64_t{s.minutes}) : db::Value(),
              db::OrNull(s.delivered_mode), practice_id, appointment_id}));
}

Status InsertLink(db::Connection& c, const std::string& token_hash, const LinkRow& l, const std::string& created_by,
                  EpochSeconds now) {
  return db::Done(
      c.Exec("INSERT INTO visit_links (token_hash, practice_id, appointment_id, client_id, guest_name, expires_at, "
             "created_by, "
             "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
             {token_hash, l.practice_id, l.appointment_id, db::OrNull(l.client_id), db::OrNull(l.guest_name),
              l.expires_at, db::OrNull(created_by), now}));
}

Result<std::optional<LinkRow>> FindLink(db::Connection& c, const std::string& token_hash) {
  auto rows = c.Query(
      "SELECT practice_id, appointment_id, client_id, expires_at, failed_attempts, guest_name FROM visit_links "
      "WHERE token_hash = ?",
      {token_hash});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<LinkRow>();
  const auto& r = rows->front();
  return LinkRow{r.Text(0), r.Text(1), r.Text(2), r.Int(3), static_cast<int>(r.Int(4)), r.Text(5)};
}

Status CountFailedAttempt(db::Connection& c, const std::string& token_hash) {
  return db::Done(
      c.Exec("UPDATE visit_links SET failed_attempts = failed_attempts + 1 WHERE token_hash = ?", {token_hash}));
}

Status InsertGuest(db::Connection& c, const std::string& token_hash, const Guest& g, EpochSeconds now) {
  return db::Done(c.Exec(
      "INSERT INTO visit_guests (token_hash, id, practice_id, appointment_id, client_id, guest_name, expires_at, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {token_hash, g.id, g.practice_id, g.appointment_id, db::OrNull(g.client_id), db::OrNull(g.guest_name),
       g.expires_at, now}));
}

Result<std::optional<Guest>> FindGuest(db::Connection& c, const std::string& token_hash) {
  auto rows = c.Query(
      "SELECT id, practice_id, appointment_id, client_id, expires_at, guest_name FROM visit_guests WHERE token_hash = "
      "?",
      {token_hash});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Guest>();
  const auto& r = rows->front();
  return Guest{r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Int(4), r.Text(5)};
}

Status InsertParticipant(db::Connection& c, const std::string& practice_id, const Participant& p) {
  return db::Done(c.Exec(
      "INSERT INTO room_participants (id, practice_id, appointment_id, kind, user_id, client_id, guest_id, "
      "display_name, state, "
      "stated_state, licensure_allowed, licensure_reason, joined_at, admitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?)",
      {p.id, practice_id, p.appointment_id, std::string(ParticipantKindName(p.kind)), db::OrNull(p.user_id),
       db::OrNull(p.client_id), db::OrNull(p.guest_id), p.display_name, std::string(ParticipantStateName(p.state)),
       db::OrNull(p.stated_state), p.licensure_allowed ? db::Value(std::int64_t{*p.licensure_allowed}) : db::Value(),
       db::OrNull(p.licensure_reason), p.joined_at, p.admitted_at ? db::Value(*p.admitted_at) : db::Value()}));
}

Result<std::optional<Participant>> FindParticipant(db::Connection& c, const std::string& practice_id,
                                                   const std::string& id) {
  auto rows = c.Query(std::string(kParticipantColumns) + "WHERE p.practice_id = ? AND p.id = ?", {practice_id, id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Participant>();
  return ParticipantOf(rows->front());
}

Result<std::vector<Participant>> ListPresent(db::Connection& c, const std::string& practice_id,
                                             const std::string& appointment_id, bool admitted_only) {
  auto rows =
      c.Query(std::string(kParticipantColumns) + "WHERE p.practice_id = ? AND p.appointment_id = ? AND " +
                  (admitted_only ? "p.state = 'admitted'" : "p.state <> 'left'") + " ORDER BY p.joined_at, p.id",
              {practice_id, appointment_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Participant> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(ParticipantOf(r));
  return out;
}

Result<std::vector<Participant>> PresentIn(db::Connection& c, const std::string& practice_id,
                                           const std::vector<std::string>& appointment_ids) {
  std::vector<Participant> out;
  if (appointment_ids.empty()) return out;
  std::string sql =
      std::string(kParticipantColumns) + "WHERE p.practice_id = ? AND p.state <> 'left' AND p.appointment_id IN (";
  std::vector<db::Value> params = {practice_id};
  for (std::size_t i = 0; i < appointment_ids.size(); ++i) {
    sql += i ? ", ?" : "?";
    params.push_back(appointment_ids[i]);
  }
  auto rows = c.Query(sql + ") ORDER BY p.joined_at, p.id", params);
  if (!rows) return tl::unexpected(rows.error());
  for (const auto& r : *rows) out.push_back(ParticipantOf(r));
  return out;
}

Result<bool> MoveParticipant(db::Connection& c, const std::string& practice_id, const std::string& id,
                             ParticipantState from, ParticipantState to, EpochSeconds now) {
  std::string stamp = to == ParticipantState::kAdmitted ? ", admitted_at = ?"
                      : to == ParticipantState::kLeft   ? ", left_at = ?"
                                                        : "";
  std::vector<db::Value> params = {std::string(ParticipantStateName(to))};
  if (!stamp.empty()) params.push_back(now);
  params.insert(params.end(), {practice_id, id, std::string(ParticipantStateName(from))});
  auto n = c.Exec("UPDATE room_participants SET state = ?" + stamp + " WHERE practice_id = ? AND id = ? AND state = ?",
                  params);
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

Status MarkRemoved(db::Connection& c, const std::string& practice_id, const std::string& id) {
  return db::Done(
      c.Exec("UPDATE room_participants SET removed = 1 WHERE practice_id = ? AND id = ?", {practice_id, id}));
}

Result<bool> WasAdmitted(db::Connection& c, const std::string& practice_id, const std::string& appointment_id,
                         const Participant& p) {
  // Clients by who they are (any device); invited guests by their visit session.
  const bool client = p.kind == ParticipantKind::kClient;
  auto rows =
      c.Query(std::string("SELECT 1 FROM room_participants WHERE practice_id = ? AND appointment_id = ? AND ") +
                  (client ? "client_id = ?" : "guest_id = ?") + " AND admitted_at IS NOT NULL AND removed = 0 LIMIT 1",
              {practice_id, appointment_id, client ? p.client_id : p.guest_id});
  if (!rows) return tl::unexpected(rows.error());
  return !rows->empty();
}

Result<int> CountAdmitted(db::Connection& c, const std::string& practice_id, const std::string& appointment_id) {
  auto rows = c.Query(
      "SELECT COUNT(*) FROM room_participants WHERE practice_id = ? AND appointment_id = ? AND state = 'admitted'",
      {practice_id, appointment_id});
  if (!rows) return tl::unexpected(rows.error());
  return static_cast<int>(rows->front().Int(0));
}

Status SetAudioOnly(db::Connection& c, const std::string& practice_id, const std::string& id, bool audio_only) {
  return db::Done(c.Exec("UPDATE room_participants SET audio_only = ? WHERE practice_id = ? AND id = ?",
                         {static_cast<std::int64_t>(audio_only), practice_id, id}));
}

Status AddEvent(db::Connection& c, const std::string& practice_id, const std::string& appointment_id,
                const std::string& participant_id, VisitEventKind kind, EpochSeconds now) {
  return db::Done(c.Exec(
      "INSERT INTO visit_events (id, practice_id, appointment_id, participant_id, kind, at) VALUES (?, ?, ?, ?, ?, ?)",
      {crypto::NewId(), practice_id, appointment_id, db::OrNull(participant_id), std::string(VisitEventName(kind)),
       now}));
}

Result<std::vector<VisitEvent>> ListEvents(db::Connection& c, const std::string& practice_id,
                                           const std::string& appointment_id) {
  auto rows = c.Query("SELECT at, kind FROM visit_events WHERE practice_id = ? AND appointment_id = ? ORDER BY at, id",
                      {practice_id, appointment_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<VisitEvent> out;
  out.reserve(rows->size());
  for (const auto& r : *rows)
    if (auto k = ParseVisitEvent(r.Text(1))) out.push_back({r.Int(0), *k});
  return out;
}

Status EnsureVisit(db::Connection& c, const std::string& practice_id, const std::string& appointment_id,
                   const std::string& room_id, EpochSeconds now) {
  return db::Done(
      c.Exec("INSERT INTO visits (appointment_id, practice_id, room_id, created_at) VALUES (?, ?, ?, ?) "
             "ON CONFLICT (appointment_id) DO NOTHING",
             {appointment_id, practice_id, room_id, now}));
}

Status RecordStatedState(db::Connection& c, const std::string& practice_id, const std::string& appointment_id,
                         const std::string& state, const std::string& stated_by, bool allowed,
                         const std::string& reason, EpochSeconds now) {
  return db::Done(c.Exec(
      "UPDATE visits SET client_stated_state = ?, stated_at = ?, stated_by = ?, licensure_allowed = ?, "
      "licensure_reason = ? "
      "WHERE practice_id = ? AND appointment_id = ?",
      {state, now, db::OrNull(stated_by), static_cast<std::int64_t>(allowed), reason, practice_id, appointment_id}));
}

}  // namespace duet::telehealth::store
