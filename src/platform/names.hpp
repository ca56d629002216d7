#pragma once
// Enum values and their wire names, declared once beside each enum as
//   constexpr auto NamesOf(const VisitMode*) { return std::array{std::pair{VisitMode::kInPerson, "in_person"sv}, …}; }
// and read both ways here (the codecs use the same table for JSON and the OpenAPI enum).
#include <optional>
#include <string_view>
#include <utility>

namespace duet {

//! The wire name of an enum value ("" if the table lacks it).
template <class E>
constexpr std::string_view NameOf(E value) {
  for (const auto& [e, n] : NamesOf(static_cast<const E*>(nullptr)))
    if (e == value) return n;
  return {};
}

//! The enum value with this wire name, if any.
template <class E>
constexpr std::optional<E> ParseName(std::string_view name) {
  for (const auto& [e, n] : NamesOf(static_cast<const E*>(nullptr)))
    if (n == name) return e;
  return std::nullopt;
}

}  // namespace duet
