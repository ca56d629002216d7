#include "telehealth/store.hpp"

#include "platform/crypto.hpp"
#include "platform/db/columns.hpp"
#include "telehealth/rules.hpp"

namespace duet::telehealth::store {

namespace {
using db::Col;
constexpr db::ColumnRules kNullable{.null_when_empty = true};

// Read only: a visit row is made by EnsureVisit and filled by the room's events.
const auto kVisits = db::Table<Visit>(
    "visits", Col("appointment_id", &Visit::appointment_id), Col("room_id", &Visit::room_id),
    Col("client_stated_state", &Visit::client_stated_state, kNullable), Col("stated_at", &Visit::stated_at),
    Col("licensure_allowed", &Visit::licensure_allowed), Col("licensure_reason", &Visit::licensure_reason, kNullable),
    Col("client_at_home", &Visit::client_at_home), Col("started_at", &Visit::started_at),
    Col("ended_at", &Visit::ended_at), Col("minutes", &Visit::minutes),
    Col("delivered_mode", &Visit::delivered_mode, kNullable));

Result<std::optional<Visit>> OneVisit(const Result<db::Rows>& rows) {
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Visit>();
  return kVisits.Read(rows->front());
}

// The room's id is the visit's, read beside a participant through the join below.
const auto kParticipants = db::Table<Participant>(
    "room_participants", Col("id", &Participant::id), Col("appointment_id", &Participant::appointment_id),
    Col("kind", &Participant::kind), Col("user_id", &Participant::user_id, kNullable),
    Col("client_id", &Participant::client_id, kNullable), Col("guest_id", &Participant::guest_id, kNullable),
    Col("display_name", &Participant::display_name), Col("state", &Participant::state),
    Col("stated_state", &Participant::stated_state, kNullable),
    Col("licensure_allowed", &Participant::licensure_allowed),
    Col("licensure_reason", &Participant::licensure_reason, kNullable), Col("joined_at", &Participant::joined_at),
    Col("admitted_at", &Participant::admitted_at), Col("audio_only", &Participant::audio_only));

const std::string kParticipantSelect = "SELECT " + kParticipants.Select("p.") +
                                       ", v.room_id FROM room_participants p "
                                       "JOIN visits v ON v.appointment_id = p.appointment_id ";

template <class R>  // a db::Row or db::Cells
Participant ParticipantOf(const R& r) {
  Participant p = kParticipants.Read(r);
  p.room_id = r.Text(kParticipants.size());
  return p;
}

// The token's hash and the time are written beside these; links are found by the hash.
const auto kLinks = db::Table<LinkRow>(
    "visit_links", Col("practice_id", &LinkRow::practice_id), Col("appointment_id", &LinkRow::appointment_id),
    Col("client_id", &LinkRow::client_id, kNullable), Col("expires_at", &LinkRow::expires_at),
    Col("failed_attempts", &LinkRow::failed_attempts), Col("guest_name", &LinkRow::guest_name, kNullable));

const auto kGuests =
    db::Table<Guest>("visit_guests", Col("id", &Guest::id), Col("practice_id", &Guest::practice_id),
                     Col("appointment_id", &Guest::appointment_id), Col("client_id", &Guest::client_id, kNullable),
                     Col("expires_at", &Guest::expires_at), Col("guest_name", &Guest::guest_name, kNullable));
}  // namespace

Result<std::optional<Visit>> FindVisit(db::Connection& c, const std::string& practice_id,
                                       const std::string& appointment_id) {
  return OneVisit(c.Query("SELECT " + kVisits.Select() + " FROM visits WHERE practice_id = ? AND appointment_id = ?",
                          {practice_id, appointment_id}));
}

Result<std::optional<Visit>> FindVisitByRoom(db::Connection& c, const std::string& practice_id,
                                             const std::string& room_id) {
  return OneVisit(c.Query("SELECT " + kVisits.Select() + " FROM visits WHERE practice_id = ? AND room_id = ?",
                          {practice_id, room_id}));
}

Result<std::optional<std::pair<std::string, std::string>>> FindRoomAnywhere(db::Connection& c,
                                                                            const std::string& room_id) {
  auto rows = c.Query("SELECT practice_id, appointment_id FROM visits WHERE room_id = ?", {room_id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<std::pair<std::string, std::string>>();
  return std::make_optional(std::make_pair(rows->front().Text(0), rows->front().Text(1)));
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
  // A new link has no failed attempts, whatever the row says.
  LinkRow fresh = l;
  fresh.failed_attempts = 0;
  return db::Done(c.Exec(kLinks.Insert({"token_hash", "created_by", "created_at"}),
                         kLinks.InsertValues(fresh, {token_hash, db::OrNull(created_by), now})));
}

Result<std::optional<LinkRow>> FindLink(db::Connection& c, const std::string& token_hash) {
  auto rows = c.Query("SELECT " + kLinks.Select() + " FROM visit_links WHERE token_hash = ?", {token_hash});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<LinkRow>();
  return kLinks.Read(rows->front());
}

Status CountFailedAttempt(db::Connection& c, const std::string& token_hash) {
  return db::Done(
      c.Exec("UPDATE visit_links SET failed_attempts = failed_attempts + 1 WHERE token_hash = ?", {token_hash}));
}

Status InsertGuest(db::Connection& c, const std::string& token_hash, const Guest& g, EpochSeconds now) {
  return db::Done(c.Exec(kGuests.Insert({"token_hash", "created_at"}), kGuests.InsertValues(g, {token_hash, now})));
}

Result<std::optional<Guest>> FindGuest(db::Connection& c, const std::string& token_hash) {
  auto rows = c.Query("SELECT " + kGuests.Select() + " FROM visit_guests WHERE token_hash = ?", {token_hash});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Guest>();
  return kGuests.Read(rows->front());
}

Status InsertParticipant(db::Connection& c, const std::string& practice_id, const Participant& p) {
  return db::Done(c.Exec(kParticipants.Insert({"practice_id"}), kParticipants.InsertValues(p, {practice_id})));
}

Result<std::optional<Participant>> FindParticipant(db::Connection& c, const std::string& practice_id,
                                                   const std::string& id) {
  auto rows = c.Query(kParticipantSelect + "WHERE p.practice_id = ? AND p.id = ?", {practice_id, id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Participant>();
  return ParticipantOf(rows->front());
}

Result<std::vector<Participant>> ListPresent(db::Connection& c, const std::string& practice_id,
                                             const std::string& appointment_id, bool admitted_only) {
  auto rows =
      c.Query(kParticipantSelect + "WHERE p.practice_id = ? AND p.appointment_id = ? AND " +
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
  auto st =
      db::EachIn(c, kParticipantSelect + "WHERE p.practice_id = ? AND p.state <> 'left' AND p.appointment_id ", "",
                 {practice_id}, appointment_ids, [&out](const db::Cells& r) { out.push_back(ParticipantOf(r)); });
  if (!st) return tl::unexpected(st.error());
  // In order of joining (across chunks too).
  std::sort(out.begin(), out.end(), [](const Participant& a, const Participant& b) {
    return std::tie(a.joined_at, a.id) < std::tie(b.joined_at, b.id);
  });
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
                         const std::string& reason, std::optional<bool> at_home, EpochSeconds now) {
  return db::Done(
      c.Exec("UPDATE visits SET client_stated_state = ?, stated_at = ?, stated_by = ?, licensure_allowed = ?, "
             "licensure_reason = ?, client_at_home = ? "
             "WHERE practice_id = ? AND appointment_id = ?",
             {state, now, db::OrNull(stated_by), static_cast<std::int64_t>(allowed), reason,
              at_home ? db::Value(static_cast<std::int64_t>(*at_home)) : db::Value(), practice_id, appointment_id}));
}

}  // namespace duet::telehealth::store
