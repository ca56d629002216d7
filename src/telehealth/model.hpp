#pragma once
// Video visits: rooms, ICE servers, the client's stated location and the visit record.
#include <optional>
#include <string>
#include <vector>

#include "platform/clock.hpp"
#include "practice/model.hpp"

namespace duet::telehealth {

//! A STUN or TURN server for the browser's RTCPeerConnection (credentials only for TURN).
struct IceServer {
  std::vector<std::string> urls;
  std::string username;
  std::string credential;
};

//! Where the ICE servers are and the secret shared with coturn (`use-auth-secret`).
struct IceConfig {
  std::vector<std::string> stun_urls;
  std::vector<std::string> turn_urls;
  std::string turn_secret;
  int turn_ttl_seconds = 3600;
};

//! One telehealth appointment's room and what is recorded about the visit.
struct Visit {
  std::string appointment_id;
  std::string room_id;
  std::string client_stated_state;  // empty until stated
  std::optional<EpochSeconds> stated_at;
  std::optional<bool> licensure_allowed;
  std::string licensure_reason;
  std::optional<EpochSeconds> started_at;
  std::optional<EpochSeconds> ended_at;
  std::optional<int> minutes;
  std::string delivered_mode;
};

//! What a participant needs to enter the room.
struct JoinTicket {
  Visit visit;
  std::vector<IceServer> ice_servers;
  practice::Coverage licensure;  // for the state the client is in now (stated, or expected)
  std::string signaling_url = "/api/v1/live";
};

}  // namespace duet::telehealth
