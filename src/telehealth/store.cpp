#include "telehealth/store.hpp"

namespace duet::telehealth::store {

Result<std::optional<Visit>> FindVisit(db::Connection& c, const std::string& practice_id, const std::string& appointment_id) {
  auto rows = c.Query("SELECT appointment_id, room_id, client_stated_state, stated_at, licensure_allowed, licensure_reason, started_at, "
                      "ended_at, minutes, delivered_mode FROM visits WHERE practice_id = ? AND appointment_id = ?",
                      {practice_id, appointment_id});
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

Status EnsureVisit(db::Connection& c, const std::string& practice_id, const std::string& appointment_id, const std::string& room_id,
                   EpochSeconds now) {
  return db::Done(c.Exec("INSERT INTO visits (appointment_id, practice_id, room_id, created_at) VALUES (?, ?, ?, ?) "
                         "ON CONFLICT (appointment_id) DO NOTHING",
                         {appointment_id, practice_id, room_id, now}));
}

Status RecordStatedState(db::Connection& c, const std::string& practice_id, const std::string& appointment_id, const std::string& state,
                         const std::string& stated_by, bool allowed, const std::string& reason, EpochSeconds now) {
  return db::Done(c.Exec("UPDATE visits SET client_stated_state = ?, stated_at = ?, stated_by = ?, licensure_allowed = ?, licensure_reason = ? "
                         "WHERE practice_id = ? AND appointment_id = ?",
                         {state, now, db::OrNull(stated_by), static_cast<std::int64_t>(allowed), reason, practice_id, appointment_id}));
}

}  // namespace duet::telehealth::store
