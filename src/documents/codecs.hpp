#pragma once
// Chart documents and consents: wire types, declared once (platform/codec.hpp).
#include <limits>

#include "documents/model.hpp"
#include "documents/service.hpp"
#include "platform/codec.hpp"

namespace duet::documents {

using codec::Field;
using codec::Format;

struct ConsentSignature {
  std::string name;
  std::string witnessed_by;
  EpochSeconds at = 0;
};
constexpr auto CodecOf(const ConsentSignature*) {
  return codec::Object<ConsentSignature>("ConsentSignature", Field("name", &ConsentSignature::name),
                                         Field("witnessed_by", &ConsentSignature::witnessed_by),
                                         Field("at", &ConsentSignature::at, {.format = Format::kTimestamp}));
}

constexpr auto CodecOf(const Document*) {
  using D = Document;
  return codec::Object<D>(
      "Document", Field("id", &D::id), Field("client_id", &D::client_id), Field("kind", &D::kind),
      Field("category", &D::category, {.null_when_empty = true}), Field("title", &D::title),
      Field("content_type", &D::content_type), Field("size", &D::size, {.description = "Bytes"}),
      Field("document_date", &D::document_date), Field("created_at", &D::created_at, {.format = Format::kTimestamp}),
      codec::Computed<std::optional<ConsentSignature>>(
          "signed",
          [](const D& d) {
            return d.signed_at ? std::optional(ConsentSignature{d.signed_name, d.witnessed_by, *d.signed_at})
                               : std::nullopt;
          }),
      Field("shared_with_client", &D::shared_with_client, {.description = "The client sees it in their portal"}),
      Field("part2", &D::part2, {.description = "A substance-use-disorder record (42 CFR Part 2)"}));
}

struct SharingBody {
  bool shared = false;
};
constexpr auto CodecOf(const SharingBody*) {
  return codec::Object<SharingBody>("DocumentSharing", Field("shared", &SharingBody::shared, {.required = true}));
}
struct Part2Body {
  bool part2 = false;
};
constexpr auto CodecOf(const Part2Body*) {
  return codec::Object<Part2Body>(
      "Part2Mark", Field("part2", &Part2Body::part2,
                         {.required = true, .description = "A substance-use-disorder record under 42 CFR Part 2"}));
}

struct UploadBody {
  std::string title;
  std::string category = "other";
  std::optional<Date> document_date;
  std::string data;
};
constexpr auto CodecOf(const UploadBody*) {
  using U = UploadBody;
  return codec::Object<U>("NewDocument", Field("title", &U::title, {.required = true, .max_len = 200}),
                          Field("category", &U::category, {.max_len = 40}), Field("document_date", &U::document_date),
                          Field("data", &U::data,
                                {.required = true,
                                 .max_len = std::numeric_limits<std::size_t>::max(),
                                 .description = "The file as base64, up to 700 KB"}));
}

struct ConsentBody {
  Kind kind = Kind::kTelehealthConsent;
  std::string signed_name;
};
constexpr auto CodecOf(const ConsentBody*) {
  return codec::Object<ConsentBody>(
      "NewConsent",
      Field("kind", &ConsentBody::kind,
            {.required = true, .message = "telehealth_consent, treatment_consent or financial_policy."}),
      Field("signed_name", &ConsentBody::signed_name,
            {.max_len = 120, .description = "Who signed, when not the client (a guardian)"}));
}

struct GapsQuery {
  std::optional<std::string> client_id;
};
constexpr auto CodecOf(const GapsQuery*) {
  return codec::Object<GapsQuery>("ConsentGapsQuery", Field("client_id", &GapsQuery::client_id, {.max_len = 64}));
}
struct NextVisit {
  std::string id;
  EpochSeconds start = 0;
  std::string mode;
};
inline constexpr std::string_view kTelehealthModes[] = {"video", "audio"};
constexpr auto CodecOf(const NextVisit*) {
  return codec::Object<NextVisit>("NextVisit", Field("id", &NextVisit::id),
                                  Field("start", &NextVisit::start, {.format = Format::kTimestamp}),
                                  Field("mode", &NextVisit::mode, {.one_of = kTelehealthModes}));
}
constexpr auto CodecOf(const ConsentGap*) {
  using G = ConsentGap;
  return codec::Object<G>("ConsentGap", Field("client_id", &G::client_id), Field("client_name", &G::client_name),
                          codec::Computed<NextVisit>("next_visit", [](const G& g) {
                            return NextVisit{g.appointment_id, g.start, g.mode};
                          }));
}

constexpr auto CodecOf(const ConsentText*) {
  return codec::Object<ConsentText>("ConsentText",
                                    Field("title", &ConsentText::title, {.required = true, .max_len = 200}),
                                    Field("version", &ConsentText::version, {.required = true, .min = 1}),
                                    Field("text", &ConsentText::text, {.required = true, .max_len = 100'000}));
}
//! data/consents.json: the standard wording of each consent kind.
struct ConsentFile {
  ConsentText telehealth_consent;
  ConsentText treatment_consent;
  ConsentText financial_policy;
};
constexpr auto CodecOf(const ConsentFile*) {
  return codec::Object<ConsentFile>("ConsentFile",
                                    Field("telehealth_consent", &ConsentFile::telehealth_consent, {.required = true}),
                                    Field("treatment_consent", &ConsentFile::treatment_consent, {.required = true}),
                                    Field("financial_policy", &ConsentFile::financial_policy, {.required = true}));
}

constexpr auto CodecOf(const ConsentToSign*) {
  using C = ConsentToSign;
  return codec::Object<C>("ConsentToSign", Field("kind", &C::kind), Field("title", &C::title),
                          Field("version", &C::version, {.description = "The wording's version; signing names it"}),
                          Field("text", &C::text),
                          Field("signed_at", &C::signed_at,
                                {.format = Format::kTimestamp, .description = "When the client last signed one"}),
                          Field("language", &C::language, {.description = "The wording's language; signing names it"}));
}

}  // namespace duet::documents
