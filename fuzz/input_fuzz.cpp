// libFuzzer target: the strict JSON input layer every route reads its body with. Any bytes must give
// either values or field errors — never a crash, a hang or undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "platform/input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  (void)duet::ControlCharacterField(body);
  duet::Input in(body, {"name", "count", "flag", "ratio", "items", "address", "when"});
  (void)in.RequiredString("name", 200);
  (void)in.OptionalInt("count", -5, 5000);
  (void)in.OptionalBool("flag");
  (void)in.OptionalNumber("ratio");
  if (const auto* items = in.OptionalArray("items"))
    for (const auto& item : *items)
      if (item.is_object()) {
        duet::Input nested(item, {"id", "text"}, "items[].", in);
        (void)nested.RequiredString("id", 64);
        (void)nested.OptionalString("text", 2000);
      }
  if (const auto* address = in.OptionalObject("address")) {
    duet::Input nested(*address, {"line1", "city"}, "address.", in);
    (void)nested.OptionalString("line1", 200);
  }
  (void)in.ok();
  return 0;
}
