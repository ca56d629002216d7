#include "documents/rules.hpp"

#include <array>

namespace duet::documents {

std::optional<std::string_view> SniffContentType(std::string_view b) {
  if (b.starts_with("%PDF-")) return "application/pdf";
  if (b.starts_with("\x89PNG\r\n\x1a\n")) return "image/png";
  if (b.size() >= 3 && static_cast<unsigned char>(b[0]) == 0xFF && static_cast<unsigned char>(b[1]) == 0xD8 &&
      static_cast<unsigned char>(b[2]) == 0xFF)
    return "image/jpeg";
  return std::nullopt;
}

std::string_view KindName(Kind kind) { return NameOf(kind); }

std::optional<Kind> ParseKind(std::string_view name) { return ParseName<Kind>(name); }

bool IsConsent(Kind kind) { return kind != Kind::kDocument; }

bool IsCategory(std::string_view name) {
  for (auto c : kCategories)
    if (c == name) return true;
  return false;
}

bool NeedsTelehealthConsent(std::string_view mode, std::string_view status) {
  return (mode == "video" || mode == "audio") && (status == "booked" || status == "checked_in");
}

}  // namespace duet::documents
