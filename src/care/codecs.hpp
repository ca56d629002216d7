#pragma once
// Releases of information and disclosures: wire types, declared once (platform/codec.hpp).
#include "care/model.hpp"
#include "care/rules.hpp"
#include "care/service.hpp"
#include "platform/codec.hpp"

namespace duet::care {

using codec::Field;
using codec::Format;

struct Signed {
  std::string name;
  EpochSeconds at = 0;
  std::string witnessed_by;
};
constexpr auto CodecOf(const Signed*) {
  return codec::Object<Signed>("ReleaseSignature", Field("name", &Signed::name),
                               Field("at", &Signed::at, {.format = Format::kTimestamp}),
                               Field("witnessed_by", &Signed::witnessed_by));
}

//! A release as shown on a date (its state depends on the day).
struct ReleaseRow : Release {
  Date today{};
};
constexpr auto CodecOf(const ReleaseRow*) {
  using R = ReleaseRow;
  constexpr codec::Rules opt{.null_when_empty = true};
  return codec::Object<R>(
      "Release", Field("id", &R::id), Field("client_id", &R::client_id), Field("recipient_name", &R::recipient_name),
      Field("recipient_organization", &R::recipient_organization, opt),
      Field("recipient_contact", &R::recipient_contact, opt), Field("purpose", &R::purpose), Field("scope", &R::scope),
      Field("effective_on", &R::effective_on), Field("expires_on", &R::expires_on),
      codec::Computed<Signed>("signed",
                              [](const R& r) {
                                return Signed{r.signed_name, r.signed_at, r.witnessed_by};
                              }),
      Field("revoked_at", &R::revoked_at, {.format = Format::kTimestamp}),
      codec::Computed<ReleaseState>("state", [](const R& r) { return StateOf(r, r.today); }));
}

//! A release the client signed in session.
struct ReleaseBody {
  std::string recipient_name;
  std::string recipient_organization;
  std::string recipient_contact;
  std::string purpose;
  std::vector<std::string> scope;
  std::optional<Date> effective_on;
  Date expires_on{};
  std::string signed_name;
};
inline constexpr std::string_view kScopeNames[] = {"demographics", "diagnoses", "visits",   "notes",
                                                   "plan",         "measures",  "documents"};
constexpr auto CodecOf(const ReleaseBody*) {
  using B = ReleaseBody;
  // Empty names and purpose are left to the rule, so that every gap is named at once.
  return codec::Object<B>(
      "NewRelease", Field("recipient_name", &B::recipient_name, {.max_len = 200}),
      Field("recipient_organization", &B::recipient_organization, {.max_len = 200}),
      Field("recipient_contact", &B::recipient_contact, {.max_len = 300, .description = "Fax, address or e-mail"}),
      Field("purpose", &B::purpose),
      Field("scope", &B::scope, {.max_len = 40, .description = "Parts of the record it covers"}),
      Field("effective_on", &B::effective_on, {.description = "Default: today"}),
      Field("expires_on", &B::expires_on, {.required = true}), Field("signed_name", &B::signed_name, {.max_len = 200}));
}

constexpr auto CodecOf(const Disclosure*) {
  using D = Disclosure;
  return codec::Object<D>("Disclosure", Field("id", &D::id), Field("release_id", &D::release_id),
                          Field("recipient", &D::recipient), Field("purpose", &D::purpose), Field("scope", &D::scope),
                          Field("disclosed_by", &D::disclosed_by_name),
                          Field("disclosed_at", &D::disclosed_at, {.format = Format::kTimestamp}));
}

}  // namespace duet::care
