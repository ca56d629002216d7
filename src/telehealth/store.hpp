#pragma once
// SQL for visit rooms and records.
#include <optional>
#include <string>

#include "platform/db/db.hpp"
#include "telehealth/model.hpp"

namespace duet::telehealth::store {

//! The visit of an appointment, if its room exists.
Result<std::optional<Visit>> FindVisit(db::Connection& c, const std::string& practice_id, const std::string& appointment_id);
//! Creates the room unless it exists (two people joining at once get the same room).
Status EnsureVisit(db::Connection& c, const std::string& practice_id, const std::string& appointment_id, const std::string& room_id,
                   EpochSeconds now);
//! Records where the client says they are now and the licensure answer for it.
Status RecordStatedState(db::Connection& c, const std::string& practice_id, const std::string& appointment_id, const std::string& state,
                         const std::string& stated_by, bool allowed, const std::string& reason, EpochSeconds now);

}  // namespace duet::telehealth::store
