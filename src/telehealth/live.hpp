#pragma once
// The video room over the /api/v1/live WebSocket — for rooms what routes.cpp is for HTTP: it parses
// and validates each message, calls the service, and sends events through the bus so that members
// connected to other servers get them too. Only members of a room receive its events; signaling
// (offer, answer, ICE candidates) passes only between admitted members of the same room.
//
// Messages a browser sends:               Events it receives:
//   room.join {room_id}                     room.joined {self, present, starts_at, ends_at, licensure?}
//   room.leave                              room.waiting {participant}         (staff: someone is waiting)
//   room.admit {participant_id}   staff     room.admitted {present}            (you are in: offer to each)
//   room.remove {participant_id}  staff     peer.joined / peer.left {participant(_id)}
//   room.message {participant_id, text}     room.message {text}                (to a waiting client)
//   room.end                      staff     room.removed / room.ended
//   signal {to, description | candidate}    signal {from, description | candidate}
//   chat {text}                             chat {from, name, text, at}        (never stored)
//   media {audio_only, muted, camera_off}   peer.media {participant_id, …}
//                                           error {code, detail}
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "platform/bus.hpp"
#include "platform/server.hpp"
#include "telehealth/rules.hpp"
#include "telehealth/service.hpp"

namespace duet::telehealth {

//! Messages per second a connection may send, and the burst (ICE candidates come in bursts).
inline constexpr double kMessagesPerSecond = 50;
inline constexpr double kMessageBurst = 200;
inline constexpr std::size_t kMaxChatChars = 2000;

class Live {
 public:
  //! Delivers an event to every live connection of one user on this server ("practice/user").
  using UserDelivery = std::function<void(const std::string& key, const std::string& text)>;
  Live(Service& service, bus::Bus& bus, UserDelivery to_user);

  //! Handles a room, signal, chat or media message; false if the type is not one of these.
  bool OnMessage(const std::shared_ptr<server::LiveConnection>& conn, const Caller& caller, const nlohmann::json& msg);
  //! The connection closed: leave its room.
  void OnClose(const std::shared_ptr<server::LiveConnection>& conn);
  //! An event from the bus (any server): deliver it to this server's members.
  void OnBus(const std::string& payload);
  //! Connections in rooms on this server.
  std::size_t members() const;

 private:
  struct Member {
    std::weak_ptr<server::LiveConnection> conn;
    std::string practice_id;
    std::string room_id;
    std::string appointment_id;
    std::string participant_id;
    std::string display_name;
    std::string clinician_user_id;  // told when a client starts or stops waiting
    ParticipantKind kind = ParticipantKind::kClient;
    bool admitted = false;
  };

  void Join(const std::shared_ptr<server::LiveConnection>& conn, const Caller& caller, const nlohmann::json& msg);
  void LeaveRoom(server::LiveConnection* conn, bool notify);
  //! Publishes an event to room members on every server: `to` is a participant id, "@staff"
  //! (admitted staff), "@others" (admitted clients and guests), "@admitted" or "@all"; `control` carries membership
  //! changes ("admit" / "drop": participant id).
  void Publish(const Member& room, const std::string& to, nlohmann::json message, nlohmann::json control = nullptr,
               const std::string& except = {});
  std::optional<Member> MemberOf(server::LiveConnection* conn);

  //! Tells the visit's clinician (on any server, any page) that the waiting room changed.
  void TellClinician(const Member& about);

  Service& service_;
  bus::Bus& bus_;
  UserDelivery to_user_;
  mutable std::mutex mutex_;
  std::unordered_map<server::LiveConnection*, Member> members_;
  std::unordered_map<server::LiveConnection*, RateLimit> limits_;
  std::unordered_map<std::string, std::unordered_set<server::LiveConnection*>> rooms_;  // room id → local members
};

}  // namespace duet::telehealth
