#pragma once
// Video visits' wire types, declared once (platform/codec.hpp).
#include "platform/codec.hpp"
#include "practice/model.hpp"
#include "telehealth/model.hpp"
#include "telehealth/service.hpp"

namespace duet::telehealth {

using codec::Field;
using codec::Format;

inline constexpr codec::Rules kWhen{.format = Format::kTimestamp};
inline constexpr std::string_view kDelivered[] = {"video", "audio"};
inline constexpr std::string_view kIcePolicies[] = {"all", "relay"};

constexpr auto CodecOf(const Gap*) {
  return codec::Object<Gap>("Gap", Field("from", &Gap::from, kWhen), Field("to", &Gap::to, kWhen));
}

constexpr auto CodecOf(const Visit*) {
  using V = Visit;
  return codec::Object<V>("Visit", Field("appointment_id", &V::appointment_id), Field("room_id", &V::room_id),
                          Field("client_stated_state", &V::client_stated_state,
                                {.null_when_empty = true, .description = "Where the client said they were"}),
                          Field("stated_at", &V::stated_at, kWhen), Field("licensure_allowed", &V::licensure_allowed),
                          Field("client_at_home", &V::client_at_home), Field("started_at", &V::started_at, kWhen),
                          Field("ended_at", &V::ended_at, kWhen), Field("minutes", &V::minutes),
                          Field("delivered_mode", &V::delivered_mode,
                                {.null_when_empty = true, .one_of = kDelivered, .description = "Once started"}),
                          Field("connected_seconds", &V::connected_seconds),
                          Field("audio_only_seconds", &V::audio_only_seconds), Field("gaps", &V::gaps));
}

constexpr auto CodecOf(const IceServer*) {
  using I = IceServer;
  return codec::Object<I>(
      "IceServer", Field("urls", &I::urls), Field("username", &I::username, {.omit_when_empty = true}),
      Field("credential", &I::credential, {.omit_when_empty = true, .description = "Short-lived TURN credential"}));
}

struct LicensureAnswer {
  practice::Coverage coverage;
};
constexpr auto CodecOf(const LicensureAnswer*) {
  using L = LicensureAnswer;
  return codec::Object<L>(
      "Licensure", codec::Computed<std::string>("state", [](const L& l) { return l.coverage.state; }),
      codec::Computed<bool>("allowed", [](const L& l) { return l.coverage.allowed; }),
      codec::Computed<std::optional<std::string>>("basis",
                                                  [](const L& l) {
                                                    return l.coverage.allowed
                                                               ? std::optional<std::string>(NameOf(l.coverage.basis))
                                                               : std::nullopt;
                                                  }),
      codec::Computed<std::string>("reason", [](const L& l) { return l.coverage.message; }));
}

constexpr auto CodecOf(const JoinTicket*) {
  using T = JoinTicket;
  return codec::Object<T>(
      "JoinTicket", codec::Computed<std::string>("room_id", [](const T& t) { return t.visit.room_id; }),
      Field("signaling_url", &T::signaling_url), Field("ice_servers", &T::ice_servers),
      codec::Computed<std::string>("ice_transport_policy",
                                   [](const T& t) { return std::string(t.relay_only ? "relay" : "all"); },
                                   {.one_of = kIcePolicies}),
      codec::Computed<LicensureAnswer>("licensure", [](const T& t) { return LicensureAnswer{t.licensure}; }),
      Field("visit", &T::visit));
}

struct JoinBody {
  std::optional<std::string> location_state;
  std::optional<bool> at_home;
};
constexpr auto CodecOf(const JoinBody*) {
  return codec::Object<JoinBody>(
      "JoinRoom",
      Field("location_state", &JoinBody::location_state, {.max_len = 2, .description = "Where the client is now"}),
      Field("at_home", &JoinBody::at_home,
            {.description = "Whether the client is at home now (the place of service)"}));
}

struct LinkBody {
  std::optional<std::string> client_id;
  std::optional<std::string> guest_name;
};
constexpr auto CodecOf(const LinkBody*) {
  return codec::Object<LinkBody>(
      "NewJoinLink", Field("client_id", &LinkBody::client_id, {.max_len = 64}),
      Field("guest_name", &LinkBody::guest_name,
            {.max_len = 80, .description = "Someone the clinician invites: an interpreter, a parent, a colleague"}));
}
constexpr auto CodecOf(const InviteLink*) {
  return codec::Object<InviteLink>("JoinLink", Field("path", &InviteLink::path),
                                   Field("expires_at", &InviteLink::expires_at, kWhen));
}

inline constexpr std::string_view kAsks[] = {"birth_date", "location_state"};
inline constexpr std::string_view kRoomStates[] = {"open", "early", "closed"};
constexpr auto CodecOf(const LinkPreview*) {
  using P = LinkPreview;
  return codec::Object<P>(
      "JoinLinkPreview", Field("practice_name", &P::practice_name), Field("clinician_name", &P::clinician_name),
      Field("start", &P::start, kWhen), Field("end", &P::end, kWhen),
      Field("room", &P::room, {.one_of = kRoomStates, .description = "early: opens 30 minutes before"}),
      Field("guest_name", &P::guest_name, {.null_when_empty = true}),
      codec::Computed<std::vector<std::string>>(
          "asks",
          [](const P& p) {
            return p.guest_name.empty() ? std::vector<std::string>{"birth_date", "location_state"}
                                        : std::vector<std::string>{};
          },
          {.one_of = kAsks, .description = "What the page asks before letting the client in"}));
}

struct EnterBody {
  std::string birth_date;
  std::string location_state;
  std::optional<bool> at_home;
};
constexpr auto CodecOf(const EnterBody*) {
  return codec::Object<EnterBody>("EnterRoom", Field("birth_date", &EnterBody::birth_date, {.max_len = 32}),
                                  Field("location_state", &EnterBody::location_state, {.max_len = 32}),
                                  Field("at_home", &EnterBody::at_home,
                                        {.description = "Whether the client is at home now (the place of service)"}));
}

struct RoomsQuery {
  std::optional<EpochSeconds> until;
};
constexpr auto CodecOf(const RoomsQuery*) {
  return codec::Object<RoomsQuery>(
      "RoomsQuery",
      Field("until", &RoomsQuery::until, {.format = Format::kTimestamp, .description = "The end of the viewer's day"}));
}

constexpr auto CodecOf(const Participant*) {
  using P = Participant;
  auto client_only = [](auto get) {
    return [get](const P& p) { return p.kind == ParticipantKind::kClient ? std::optional(get(p)) : std::nullopt; };
  };
  return codec::Object<P>(
      "Participant", codec::Computed<std::string>("participant_id", [](const P& p) { return p.id; }),
      Field("kind", &P::kind), codec::Computed<std::string>("name", [](const P& p) { return p.display_name; }),
      Field("joined_at", &P::joined_at, kWhen),
      codec::Computed<std::optional<std::optional<std::string>>>(
          "stated_state",
          client_only([](const P& p) { return p.stated_state.empty() ? std::nullopt : std::optional(p.stated_state); }),
          {.omit_when_empty = true, .description = "Clients only"}),
      codec::Computed<std::optional<std::optional<bool>>>(
          "licensure_allowed", client_only([](const P& p) { return p.licensure_allowed; }), {.omit_when_empty = true}),
      codec::Computed<std::optional<std::string>>(
          "licensure_reason", client_only([](const P& p) { return p.licensure_reason; }), {.omit_when_empty = true}));
}

constexpr auto CodecOf(const RoomSummary*) {
  using R = RoomSummary;
  auto in_state = [](ParticipantState state) {
    return [state](const R& r) {
      std::vector<Participant> out;
      for (const auto& p : r.present)
        if ((p.state == ParticipantState::kWaiting) == (state == ParticipantState::kWaiting)) out.push_back(p);
      return out;
    };
  };
  return codec::Object<R>("Room", Field("appointment_id", &R::appointment_id), Field("clinician_id", &R::clinician_id),
                          Field("start", &R::start, kWhen), Field("end", &R::end, kWhen), Field("status", &R::status),
                          Field("client_names", &R::client_names),
                          codec::Computed<std::vector<Participant>>("waiting", in_state(ParticipantState::kWaiting)),
                          codec::Computed<std::vector<Participant>>("in_room", in_state(ParticipantState::kAdmitted)));
}

}  // namespace duet::telehealth
