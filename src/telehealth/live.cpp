#include "telehealth/live.hpp"

#include <chrono>

#include "platform/dates.hpp"

namespace duet::telehealth {
namespace {
using nlohmann::json;

double MonotonicSeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

json Timestamp(EpochSeconds t) { return FormatTimestamp(t); }

//! What others see of a participant: staff see where a client says they are and the licensure answer.
json ParticipantJson(const Participant& p, bool for_staff) {
  json out = {{"id", p.id},
              {"kind", ParticipantKindName(p.kind)},
              {"name", p.display_name},
              {"state", ParticipantStateName(p.state)},
              {"joined_at", Timestamp(p.joined_at)},
              {"audio_only", p.audio_only}};
  if (for_staff && p.kind == ParticipantKind::kClient) {
    out["stated_state"] = p.stated_state.empty() ? json(nullptr) : json(p.stated_state);
    out["licensure_allowed"] = p.licensure_allowed ? json(*p.licensure_allowed) : json(nullptr);
    out["licensure_reason"] = p.licensure_reason;
  }
  return out;
}

std::string_view CodeOf(const Error& e) {
  if (!e.rule.empty()) return e.rule;
  switch (e.code) {
    case ErrorCode::kForbidden:
      return "forbidden";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kUnauthenticated:
      return "unauthenticated";
    case ErrorCode::kInvalid:
      return "invalid";
    default:
      return "unavailable";
  }
}

void SendError(server::LiveConnection& conn, std::string_view code, std::string detail, std::string_view about) {
  conn.Send(json({{"type", "error"}, {"code", code}, {"detail", std::move(detail)}, {"about", about}}).dump());
}

//! A string field of at most `max` characters, or nullopt.
std::optional<std::string> Text(const json& msg, const char* key, std::size_t max) {
  auto it = msg.find(key);
  if (it == msg.end() || !it->is_string()) return std::nullopt;
  const auto& s = it->get_ref<const std::string&>();
  if (s.empty() || s.size() > max) return std::nullopt;
  return s;
}

//! Only the fields RTCPeerConnection needs, checked for type and size; anything else is dropped.
std::optional<json> CleanSignal(const json& msg) {
  if (auto d = msg.find("description"); d != msg.end()) {
    if (!d->is_object()) return std::nullopt;
    auto type = Text(*d, "type", 16);
    auto sdp = Text(*d, "sdp", 48 * 1024);
    if (!type || !(*type == "offer" || *type == "answer") || !sdp) return std::nullopt;
    return json{{"description", {{"type", *type}, {"sdp", *sdp}}}};
  }
  if (auto c = msg.find("candidate"); c != msg.end()) {
    if (!c->is_object()) return std::nullopt;
    const json& in = *c;
    auto cand = in.find("candidate");
    if (cand == in.end() || !cand->is_string() || cand->get_ref<const std::string&>().size() > 2048)
      return std::nullopt;
    json out = {{"candidate", *cand}};
    if (auto mid = in.find("sdpMid"); mid != in.end()) {
      if (!(mid->is_string() || mid->is_null()) || (mid->is_string() && mid->get_ref<const std::string&>().size() > 64))
        return std::nullopt;
      out["sdpMid"] = *mid;
    }
    if (auto idx = in.find("sdpMLineIndex"); idx != in.end()) {
      if (!(idx->is_number_unsigned() || idx->is_null())) return std::nullopt;
      out["sdpMLineIndex"] = *idx;
    }
    if (auto uf = in.find("usernameFragment"); uf != in.end()) {
      if (!(uf->is_string() || uf->is_null()) || (uf->is_string() && uf->get_ref<const std::string&>().size() > 256))
        return std::nullopt;
      out["usernameFragment"] = *uf;
    }
    return json{{"candidate", out}};
  }
  return std::nullopt;
}

}  // namespace

Live::Live(Service& service, bus::Bus& bus, UserDelivery to_user)
    : service_(service), bus_(bus), to_user_(std::move(to_user)) {}

void Live::TellClinician(const Member& about) {
  if (about.clinician_user_id.empty()) return;
  json event = {{"u", about.practice_id + "/" + about.clinician_user_id},
                {"m", {{"type", "waiting.changed"}, {"appointment_id", about.appointment_id}}}};
  (void)bus_.Publish(event.dump());
}

std::size_t Live::members() const {
  std::lock_guard lock(mutex_);
  return members_.size();
}

std::optional<Live::Member> Live::MemberOf(server::LiveConnection* conn) {
  std::lock_guard lock(mutex_);
  auto it = members_.find(conn);
  if (it == members_.end()) return std::nullopt;
  return it->second;
}

void Live::Publish(const Member& room, const std::string& to, json message, json control, const std::string& except) {
  json event = {{"p", room.practice_id}, {"r", room.room_id}, {"to", to}, {"m", std::move(message)}};
  if (!control.is_null()) event["ctl"] = std::move(control);
  if (!except.empty()) event["ex"] = except;
  (void)bus_.Publish(event.dump());  // a lost live event is re-sent by the browser (ICE restart, rejoin)
}

bool Live::OnMessage(const std::shared_ptr<server::LiveConnection>& conn, const Caller& caller, const json& msg) {
  const std::string type = msg["type"];
  static const std::unordered_set<std::string> kTypes = {
      "room.join", "room.leave", "room.admit", "room.remove", "room.message", "room.end", "signal", "chat", "media"};
  if (!kTypes.count(type)) return false;
  {
    std::lock_guard lock(mutex_);
    if (!limits_[conn.get()].Take(MonotonicSeconds(), kMessagesPerSecond, kMessageBurst)) {
      SendError(*conn, "rate_limited", "Too many messages; slow down.", type);
      return true;
    }
  }
  if (type == "room.join") {
    Join(conn, caller, msg);
    return true;
  }
  auto me = MemberOf(conn.get());
  if (!me) {
    SendError(*conn, "not_in_room", "Join a room first.", type);
    return true;
  }
  const bool staff = me->kind == ParticipantKind::kStaff && me->admitted;
  if (type == "room.leave") {
    LeaveRoom(conn.get(), true);
    return true;
  }
  if (!me->admitted) {
    SendError(*conn, "waiting", "Wait to be let in.", type);
    return true;
  }
  if (type == "signal") {
    auto to = Text(msg, "to", 64);
    auto clean = CleanSignal(msg);
    if (!to || !clean) {
      SendError(*conn, "invalid", "A signal needs `to` and a description (offer/answer with sdp) or an ICE candidate.",
                type);
      return true;
    }
    (*clean)["type"] = "signal";
    (*clean)["from"] = me->participant_id;
    Publish(*me, *to, std::move(*clean));
    return true;
  }
  if (type == "chat") {
    auto text = Text(msg, "text", kMaxChatChars);
    if (!text) {
      SendError(*conn, "invalid", "A chat message is 1 to 2000 characters.", type);
      return true;
    }
    Publish(*me, "@admitted",
            {{"type", "chat"},
             {"from", me->participant_id},
             {"name", me->display_name},
             {"text", *text},
             {"at", Timestamp(std::chrono::duration_cast<std::chrono::seconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count())}});
    return true;
  }
  if (type == "media") {
    json state = {{"type", "peer.media"}, {"participant_id", me->participant_id}};
    for (const char* key : {"audio_only", "muted", "camera_off", "sharing"}) {
      auto it = msg.find(key);
      if (it == msg.end()) continue;
      if (!it->is_boolean()) {
        SendError(*conn, "invalid", std::string("`") + key + "` is true or false.", type);
        return true;
      }
      state[key] = *it;
    }
    if (state.contains("audio_only")) {
      if (auto r = service_.SetAudioOnly(me->practice_id, me->participant_id, state["audio_only"].get<bool>()); !r) {
        SendError(*conn, CodeOf(r.error()), r.error().public_message, type);
        return true;
      }
    }
    Publish(*me, "@admitted", std::move(state), nullptr, me->participant_id);
    return true;
  }
  // Staff actions: the practice's own (a partner organization's clinician takes part but does not run the room).
  if (!staff || me->practice_id != caller.practice_id) {
    SendError(*conn, "forbidden", "Only staff in the room can do this.", type);
    return true;
  }
  if (type == "room.end") {
    auto gone = service_.EndVisit(caller, me->appointment_id);
    if (!gone) {
      SendError(*conn, CodeOf(gone.error()), gone.error().public_message, type);
      return true;
    }
    Publish(*me, "@all", {{"type", "room.ended"}}, {{"drop", "*"}});
    return true;
  }
  auto target = Text(msg, "participant_id", 64);
  if (!target) {
    SendError(*conn, "invalid", "Say which participant (`participant_id`).", type);
    return true;
  }
  if (type == "room.admit") {
    auto p = service_.Admit(caller, me->appointment_id, *target);
    if (!p) {
      SendError(*conn, CodeOf(p.error()), p.error().public_message, type);
      return true;
    }
    auto present = service_.Present(me->practice_id, me->appointment_id);
    json peers = json::array();
    if (present)
      for (const auto& other : *present)
        if (other.state == ParticipantState::kAdmitted && other.id != p->id)
          peers.push_back(ParticipantJson(other, false));
    Publish(*me, p->id, {{"type", "room.admitted"}, {"present", peers}}, {{"admit", p->id}});
    // Where a client says they are is for staff: other clients and guests get the participant without it.
    Publish(*me, "@staff", {{"type", "peer.joined"}, {"participant", ParticipantJson(*p, true)}}, nullptr, p->id);
    Publish(*me, "@others", {{"type", "peer.joined"}, {"participant", ParticipantJson(*p, false)}}, nullptr, p->id);
    return true;
  }
  if (type == "room.remove") {
    auto p = service_.Remove(caller, me->appointment_id, *target);
    if (!p) {
      SendError(*conn, CodeOf(p.error()), p.error().public_message, type);
      return true;
    }
    Publish(*me, p->id, {{"type", "room.removed"}}, {{"drop", p->id}});
    Publish(*me, "@all", {{"type", "peer.left"}, {"participant_id", p->id}}, nullptr, p->id);
    return true;
  }
  if (type == "room.message") {
    auto text = Text(msg, "text", kMaxChatChars);
    if (!text) {
      SendError(*conn, "invalid", "A message is 1 to 2000 characters.", type);
      return true;
    }
    Publish(*me, *target, {{"type", "room.message"}, {"name", me->display_name}, {"text", *text}});
    return true;
  }
  return false;
}

void Live::Join(const std::shared_ptr<server::LiveConnection>& conn, const Caller& caller, const json& msg) {
  auto room_id = Text(msg, "room_id", 64);
  if (!room_id) {
    SendError(*conn, "invalid", "Say which room (`room_id`).", "room.join");
    return;
  }
  LeaveRoom(conn.get(), true);
  auto entry = service_.EnterRoom(caller, *room_id);
  if (!entry) {
    SendError(*conn, CodeOf(entry.error()), entry.error().public_message, "room.join");
    return;
  }
  const Participant& self = entry->self;
  Member m{conn,
           entry->practice_id,  // a partner organization's clinician is in another practice's room
           *room_id,
           self.appointment_id,
           self.id,
           self.display_name,
           entry->clinician_user_id,
           self.kind,
           self.state == ParticipantState::kAdmitted};
  {
    std::lock_guard lock(mutex_);
    members_[conn.get()] = m;
    rooms_[*room_id].insert(conn.get());
  }
  const bool staff = self.kind == ParticipantKind::kStaff;
  json present = json::array();
  for (const auto& p : entry->present)
    if (p.id != self.id && (staff || p.state == ParticipantState::kAdmitted))
      present.push_back(ParticipantJson(p, staff));
  json joined = {{"type", "room.joined"},
                 {"self", ParticipantJson(self, staff)},
                 {"present", present},
                 {"starts_at", Timestamp(entry->starts_at)},
                 {"ends_at", Timestamp(entry->ends_at)}};
  if (staff) {
    const Visit& v = entry->visit;
    joined["licensure"] = {
        {"stated_state", v.client_stated_state.empty() ? json(nullptr) : json(v.client_stated_state)},
        {"allowed", v.licensure_allowed ? json(*v.licensure_allowed) : json(nullptr)},
        {"reason", v.licensure_reason}};
  }
  conn->Send(joined.dump());
  if (m.admitted) {
    Publish(m, "@staff", {{"type", "peer.joined"}, {"participant", ParticipantJson(self, true)}}, nullptr, self.id);
    Publish(m, "@others", {{"type", "peer.joined"}, {"participant", ParticipantJson(self, false)}}, nullptr, self.id);
  } else
    Publish(m, "@staff", {{"type", "room.waiting"}, {"participant", ParticipantJson(self, true)}});
  if (self.kind != ParticipantKind::kStaff) TellClinician(m);
}

void Live::LeaveRoom(server::LiveConnection* conn, bool notify) {
  std::optional<Member> m;
  {
    std::lock_guard lock(mutex_);
    auto it = members_.find(conn);
    if (it == members_.end()) return;
    m = it->second;
    members_.erase(it);
    auto room = rooms_.find(m->room_id);
    if (room != rooms_.end()) {
      room->second.erase(conn);
      if (room->second.empty()) rooms_.erase(room);
    }
  }
  (void)service_.Leave(m->practice_id, m->participant_id);
  if (m->kind != ParticipantKind::kStaff) TellClinician(*m);
  if (notify)
    Publish(*m, "@all", {{"type", "peer.left"}, {"participant_id", m->participant_id}}, nullptr, m->participant_id);
}

void Live::OnClose(const std::shared_ptr<server::LiveConnection>& conn) {
  LeaveRoom(conn.get(), true);
  std::lock_guard lock(mutex_);
  limits_.erase(conn.get());
}

void Live::OnBus(const std::string& payload) {
  json event = json::parse(payload, nullptr, false);
  if (!event.is_object() || !event.contains("m")) return;
  if (auto u = event.find("u"); u != event.end() && u->is_string()) {
    if (to_user_) to_user_(u->get<std::string>(), event["m"].dump());
    return;
  }
  if (!event.contains("r")) return;
  const std::string practice = event.value("p", ""), room = event.value("r", ""), to = event.value("to", ""),
                    except = event.value("ex", "");
  const json& control = event.contains("ctl") ? event["ctl"] : json(nullptr);
  const std::string admit = control.is_object() ? control.value("admit", "") : "";
  const std::string drop = control.is_object() ? control.value("drop", "") : "";
  const bool is_signal = event["m"].value("type", "") == "signal";
  std::vector<std::shared_ptr<server::LiveConnection>> targets;
  {
    std::lock_guard lock(mutex_);
    auto it = rooms_.find(room);
    if (it == rooms_.end()) return;
    std::vector<server::LiveConnection*> dropped;
    for (auto* c : it->second) {
      auto mit = members_.find(c);
      if (mit == members_.end()) continue;
      Member& m = mit->second;
      if (m.practice_id != practice) continue;
      if (!admit.empty() && m.participant_id == admit) m.admitted = true;
      bool match = to == "@all" || (to == "@admitted" && m.admitted) ||
                   (to == "@staff" && m.admitted && m.kind == ParticipantKind::kStaff) ||
                   (to == "@others" && m.admitted && m.kind != ParticipantKind::kStaff) ||
                   (to == m.participant_id && (!is_signal || m.admitted));
      if (match && m.participant_id != except)
        if (auto conn = m.conn.lock()) targets.push_back(std::move(conn));
      if (drop == "*" || (!drop.empty() && drop == m.participant_id)) dropped.push_back(c);
    }
    for (auto* c : dropped) {
      members_.erase(c);
      it->second.erase(c);
    }
    if (it->second.empty()) rooms_.erase(it);
  }
  if (targets.empty()) return;
  std::string text = event["m"].dump();
  for (auto& t : targets) t->Send(text);
}

}  // namespace duet::telehealth
