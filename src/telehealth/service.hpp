#pragma once
// Video visit use cases: entering a room (ICE servers, licensure where the client is now) and the
// visit record. Signaling and the waiting room run over /api/v1/live.
#include <optional>
#include <string>

#include "platform/db/db.hpp"
#include "practice/service.hpp"
#include "scheduling/service.hpp"
#include "telehealth/model.hpp"

namespace duet::telehealth {

using practice::Origin;

class Service {
 public:
  Service(db::Database& db, const Clock& clock, practice::Service& directory, scheduling::Service& scheduling, IceConfig ice);

  //! Staff enter the room of a telehealth visit: its clinician, their supervisor, or the owner.
  //! `stated_state` is where the client says they are now; it is recorded with the licensure answer
  //! (without it, the client's usual state is checked and nothing is recorded).
  Result<JoinTicket> Join(const Principal& who, const std::string& appointment_id, const std::optional<std::string>& stated_state,
                          const Origin& origin);
  //! The visit record: room, stated location and licensure, start, end, minutes, delivered mode.
  Result<Visit> GetVisit(const Principal& who, const std::string& appointment_id, const Origin& origin);
  //! STUN servers, and TURN servers with credentials that expire after the configured lifetime.
  std::vector<IceServer> IceServersFor(const std::string& user, EpochSeconds now) const;

 private:
  db::Database& db_;
  const Clock& clock_;
  practice::Service& directory_;
  scheduling::Service& scheduling_;
  IceConfig ice_;
};

}  // namespace duet::telehealth
