#pragma once
// What may be stored in a chart: the file's real type from its first bytes (never the name or the
// declared type alone), its size, and the consent kinds.
#include <optional>
#include <string_view>

#include "documents/model.hpp"

namespace duet::documents {

//! Largest file kept in a chart (bytes). Uploads travel base64 in JSON under the server's body limit.
inline constexpr std::int64_t kMaxDocumentBytes = 700 * 1024;

//! The content type a file's bytes show (PDF, PNG, JPEG), or nullopt for anything else.
std::optional<std::string_view> SniffContentType(std::string_view bytes);

//! What an uploaded document is.
inline constexpr std::string_view kCategories[] = {
    "referral",       "evaluation_report", "school_record",   "lab_result",  "imaging", "insurance_card",
    "identification", "correspondence",    "outside_records", "intake_form", "other"};
bool IsCategory(std::string_view name);

std::string_view KindName(Kind kind);
std::optional<Kind> ParseKind(std::string_view name);
//! True for the consent kinds (they are signed rather than uploaded).
bool IsConsent(Kind kind);
//! A visit that needs a telehealth consent on file: video or audio, still to happen (booked or
//! checked in). In-person and closed visits do not.
bool NeedsTelehealthConsent(std::string_view mode, std::string_view status);

}  // namespace duet::documents
