#pragma once
// Video visits: rooms, ICE servers, the client's stated location and the visit record.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "platform/clock.hpp"
#include "platform/names.hpp"
#include "platform/policy.hpp"
#include "practice/model.hpp"

namespace duet::telehealth {

//! The cookie that carries a client's visit session (set when they confirm a join link).
inline constexpr const char* kVisitCookie = "duet_visit";

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
  bool relay_only = false;  // iceTransportPolicy "relay"
};

//! A stretch after the visit started when the clinician and the client were not both connected.
struct Gap {
  EpochSeconds from = 0;
  EpochSeconds to = 0;
};

//! One telehealth appointment's room and what is recorded about the visit.
struct Visit {
  std::string appointment_id;
  std::string room_id;
  std::string client_stated_state;  // empty until stated
  std::optional<EpochSeconds> stated_at;
  std::optional<bool> licensure_allowed;
  std::string licensure_reason;
  std::optional<bool> client_at_home;  // as the client said when they joined (the place of service)
  std::optional<EpochSeconds> started_at;
  std::optional<EpochSeconds> ended_at;
  std::optional<int> minutes;
  std::string delivered_mode;
  std::vector<Gap> gaps;  // filled when read for GET visit
  std::int64_t connected_seconds = 0;
  std::int64_t audio_only_seconds = 0;  // of connected_seconds, how long it was audio only (filled likewise)
};

//! A client who came in through a join link and confirmed their date of birth. Lives as long as
//! the room (until two hours after the visit) and opens only that visit's room.
struct Guest {
  std::string id;
  std::string practice_id;
  std::string appointment_id;
  std::string client_id;  // empty for an invited guest (interpreter, parent, colleague)
  EpochSeconds expires_at = 0;
  std::string guest_name;  // an invited guest's name as the clinician gave it
};

//! A single-purpose join link for one client and one visit; the token is shown once.
struct InviteLink {
  std::string token;
  std::string path;  // /join/{token}
  EpochSeconds expires_at = 0;
};

//! What the join page may show before the client proves who they are: no client data.
struct LinkPreview {
  std::string practice_name;
  std::string clinician_name;
  EpochSeconds start = 0;
  EpochSeconds end = 0;
  std::string room;        // "open", "early" (opens 30 minutes before) or "closed"
  std::string guest_name;  // set for an invited guest: no date of birth or location is asked
};

//! Someone in (or waiting outside) a room.
//! Guests are invited by the clinician (interpreter, parent, colleague); they do not start the visit clock.
enum class ParticipantKind { kStaff, kClient, kGuest };
constexpr auto NamesOf(const ParticipantKind*) {
  using P = std::pair<ParticipantKind, std::string_view>;
  return std::array{P{ParticipantKind::kStaff, "staff"}, P{ParticipantKind::kClient, "client"},
                    P{ParticipantKind::kGuest, "guest"}};
}
enum class ParticipantState { kWaiting, kAdmitted, kLeft };
constexpr auto NamesOf(const ParticipantState*) {
  using P = std::pair<ParticipantState, std::string_view>;
  return std::array{P{ParticipantState::kWaiting, "waiting"}, P{ParticipantState::kAdmitted, "admitted"},
                    P{ParticipantState::kLeft, "left"}};
}
struct Participant {
  std::string id;
  std::string appointment_id;
  std::string room_id;
  ParticipantKind kind = ParticipantKind::kClient;
  std::string user_id;    // staff
  std::string client_id;  // clients
  std::string guest_id;   // clients and guests: their visit session
  std::string display_name;
  ParticipantState state = ParticipantState::kWaiting;
  std::string stated_state;  // clients: where they said they are
  std::optional<bool> licensure_allowed;
  std::string licensure_reason;
  EpochSeconds joined_at = 0;
  std::optional<EpochSeconds> admitted_at;
  bool audio_only = false;
};

//! What happened in a room, in order; the visit record is computed from these.
enum class VisitEventKind { kStaffIn, kStaffOut, kClientIn, kClientOut, kAudioOn, kAudioOff, kEnd };
struct VisitEvent {
  EpochSeconds at = 0;
  VisitEventKind kind = VisitEventKind::kStaffIn;
};

//! The visit as billing and notes need it.
struct VisitSummary {
  std::optional<EpochSeconds> started_at;
  std::optional<EpochSeconds> ended_at;
  std::vector<Gap> gaps;
  std::int64_t connected_seconds = 0;
  std::int64_t audio_only_seconds = 0;
  int minutes = 0;
  std::string delivered_mode;  // "video" or "audio" once started
  bool in_progress = false;
};

//! A video visit today that the principal may enter, with who is waiting or in its room.
struct RoomSummary {
  std::string appointment_id;
  std::string clinician_id;
  EpochSeconds start = 0;
  EpochSeconds end = 0;
  std::string status;
  std::vector<std::string> client_names;
  std::vector<Participant> present;  // waiting and admitted
};

//! Who is on a live connection: signed-in staff, or a client through a join link.
struct Caller {
  std::string practice_id;
  std::optional<Principal> staff;
  std::optional<Guest> guest;
};

//! What a participant needs to enter the room.
struct JoinTicket {
  Visit visit;
  std::vector<IceServer> ice_servers;
  practice::Coverage licensure;  // for the state the client is in now (stated, or expected)
  std::string signaling_url = "/api/v1/live";
  bool relay_only = false;
};

}  // namespace duet::telehealth
