// libFuzzer target: the codecs every route reads its body with. Any bytes must give either a value or
// field problems — never a crash, a hang or undefined behaviour — for a flat body (sign-in), a nested
// one with lists, formats and cross-field rules (a booking), a client record and a PATCH.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "identity/codecs.hpp"
#include "platform/input.hpp"
#include "practice/codecs.hpp"
#include "scheduling/codecs.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  (void)duet::ControlCharacterField(body);
  duet::codec::Problems p;
  (void)duet::codec::Decode<duet::identity::LoginRequest>(body, p);
  (void)duet::codec::Decode<duet::scheduling::NewAppointment>(body, p);
  (void)duet::codec::Decode<duet::scheduling::Availability>(body, p);
  auto client = duet::codec::Decode<duet::practice::ClientRecord>(body, p);
  (void)duet::codec::Encode(client);
  auto patch = duet::codec::DecodePatch<duet::practice::ClientRecord>(body, p);
  (void)patch.ApplyTo(client);
  return 0;
}
