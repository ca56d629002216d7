#pragma once
// Documents in the chart (PDFs and images, stored encrypted) and consents (telehealth, treatment,
// financial policy) recorded as signed documents with who signed, who witnessed, and when.
#include <array>
#include <optional>
#include <string>

#include "platform/clock.hpp"
#include "platform/dates.hpp"
#include "platform/names.hpp"

namespace duet::documents {

//! What a document is. Consents carry a signature.
enum class Kind { kDocument, kTelehealthConsent, kTreatmentConsent, kFinancialPolicy };
constexpr auto NamesOf(const Kind*) {
  using P = std::pair<Kind, std::string_view>;
  return std::array{P{Kind::kDocument, "document"}, P{Kind::kTelehealthConsent, "telehealth_consent"},
                    P{Kind::kTreatmentConsent, "treatment_consent"}, P{Kind::kFinancialPolicy, "financial_policy"}};
}

struct Document {
  std::string id;
  std::string client_id;
  Kind kind = Kind::kDocument;
  std::string category;  // for uploads: one of kCategories (documents/rules.hpp); empty for consents
  std::string title;
  std::string content_type;  // application/pdf, image/png, image/jpeg, text/plain (consent text)
  std::int64_t size = 0;
  std::optional<Date> document_date;
  std::string uploaded_by;
  EpochSeconds created_at = 0;
  std::string signed_name;  // consents: the client (or guardian) who signed
  std::string witnessed_by;
  std::optional<EpochSeconds> signed_at;
  bool shared_with_client = false;  // the client sees and downloads it in their portal
  bool part2 = false;               // a substance-use-disorder record (42 CFR Part 2)
};

}  // namespace duet::documents
