#pragma once
// The client's own pages: wire types, declared once (platform/codec.hpp).
#include "identity/service.hpp"
#include "platform/codec.hpp"
#include "portal/model.hpp"
#include "portal/service.hpp"
#include "telehealth/codecs.hpp"

namespace duet::portal {

using codec::Field;
using codec::Format;

struct InviteBody {
  std::string email;
};
constexpr auto CodecOf(const InviteBody*) {
  return codec::Object<InviteBody>("PortalInvite",
                                   Field("email", &InviteBody::email, {.required = true, .max_len = 254}));
}
struct Invited {
  std::string id;
  std::string path;
  EpochSeconds expires_at = 0;
};
constexpr auto CodecOf(const Invited*) {
  return codec::Object<Invited>(
      "PortalInvitation", Field("id", &Invited::id),
      Field("path", &Invited::path, {.description = "/invite/<token>: single use, shown once"}),
      Field("expires_at", &Invited::expires_at, {.format = Format::kTimestamp}));
}

struct Place {
  std::string name;
  std::string address;
};
constexpr auto CodecOf(const Place*) {
  return codec::Object<Place>("PortalPlace", Field("name", &Place::name),
                              Field("address", &Place::address, {.null_when_empty = true}));
}
inline constexpr std::string_view kModes[] = {"in_person", "video", "audio"};
inline constexpr std::string_view kRooms[] = {"open", "early", "closed", "none"};
constexpr auto CodecOf(const PortalVisit*) {
  using V = PortalVisit;
  return codec::Object<V>(
      "PortalVisit", Field("id", &V::id), Field("start", &V::start, {.format = Format::kTimestamp}),
      Field("end", &V::end, {.format = Format::kTimestamp}), Field("mode", &V::mode, {.one_of = kModes}),
      Field("status", &V::status), Field("clinician_name", &V::clinician_name),
      Field("service_name", &V::service_name, {.null_when_empty = true}),
      codec::Computed<std::optional<Place>>(
          "location",
          [](const V& v) {
            return v.location_name.empty() ? std::nullopt : std::optional(Place{v.location_name, v.location_address});
          }),
      Field("room", &V::room, {.one_of = kRooms, .description = "none for in-person visits"}));
}
struct Me {
  std::string id;
  std::string name;
};
constexpr auto CodecOf(const Me*) {
  return codec::Object<Me>("PortalClient", Field("id", &Me::id), Field("name", &Me::name));
}
constexpr auto CodecOf(const PortalHome*) {
  using H = PortalHome;
  return codec::Object<H>("PortalHome",
                          codec::Computed<Me>("client",
                                              [](const H& h) {
                                                return Me{h.client_id, h.name};
                                              }),
                          Field("practice_name", &H::practice_name),
                          Field("upcoming", &H::upcoming, {.description = "Soonest first"}),
                          Field("past", &H::past, {.description = "The last 90 days, most recent first"}));
}

}  // namespace duet::portal
