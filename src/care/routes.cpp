// HTTP/JSON mapping for releases of information and the accounting of disclosures.
#include "care/routes.hpp"

#include "care/rules.hpp"
#include "platform/dates.hpp"
#include "platform/input.hpp"
#include "platform/problem.hpp"

namespace duet::care {
namespace {
using nlohmann::json;

Origin OriginOf(const Context& ctx) { return Origin{ctx.remote_ip, ctx.request_id}; }

json ReleaseJson(const Release& r, Date today) {
  return {{"id", r.id},
          {"client_id", r.client_id},
          {"recipient_name", r.recipient_name},
          {"recipient_organization", r.recipient_organization.empty() ? json(nullptr) : json(r.recipient_organization)},
          {"recipient_contact", r.recipient_contact.empty() ? json(nullptr) : json(r.recipient_contact)},
          {"purpose", r.purpose},
          {"scope", r.scope},
          {"effective_on", FormatDate(r.effective_on)},
          {"expires_on", FormatDate(r.expires_on)},
          {"signed", {{"name", r.signed_name}, {"at", FormatTimestamp(r.signed_at)}, {"witnessed_by", r.witnessed_by}}},
          {"revoked_at", r.revoked_at ? json(FormatTimestamp(*r.revoked_at)) : json(nullptr)},
          {"state", StateName(StateOf(r, today))}};
}

//! A date field, YYYY-MM-DD; `fallback` when absent.
std::optional<Date> DateField(Input& in, std::string_view field, std::optional<Date> fallback) {
  auto text = in.OptionalString(field, 10);
  if (!text) {
    if (!fallback) in.AddError(std::string(field), "Required: a date as YYYY-MM-DD.");
    return fallback;
  }
  auto d = ParseDate(*text);
  if (!d) in.AddError(std::string(field), "A date as YYYY-MM-DD.");
  return d;
}

}  // namespace

void RegisterRoutes(Router& router, Service& service) {
  Service& s = service;
  router.Add({"GET", "/api/v1/clients/{id}/releases", "releases.read",
              "A client's releases of information (recipient, purpose, scope, dates, state), newest first", "care",
              [&s](Context& ctx, const http::Request&) {
                auto r = s.List(ctx.Who(), std::string(ctx.Param("id")), OriginOf(ctx));
                if (!r) return ToProblem(r.error(), ctx.request_id);
                json items = json::array();
                const Date today = DateOf(ctx.now);
                for (const auto& x : *r) items.push_back(ReleaseJson(x, today));
                return JsonResponse(200, {{"items", items}, {"next", nullptr}});
              }, ""});
  router.Add({"POST", "/api/v1/clients/{id}/releases", "releases.write",
              "Record a release the client signed in session {recipient_name, recipient_organization?, recipient_contact?, purpose, "
              "scope: [demographics|diagnoses|visits|notes|plan|measures|documents], effective_on?, expires_on, signed_name}",
              "care", [&s](Context& ctx, const http::Request& req) {
                Input in(req.body, {"recipient_name", "recipient_organization", "recipient_contact", "purpose", "scope", "effective_on",
                                    "expires_on", "signed_name"});
                Release r;
                // Empty names and purpose are left to the rule, so that every gap is named at once.
                r.recipient_name = in.OptionalString("recipient_name", 200).value_or("");
                r.recipient_organization = in.OptionalString("recipient_organization", 200).value_or("");
                r.recipient_contact = in.OptionalString("recipient_contact", 300).value_or("");
                r.purpose = in.OptionalString("purpose", 500).value_or("");
                r.signed_name = in.OptionalString("signed_name", 200).value_or("");
                if (const json* scope = in.OptionalArray("scope")) {
                  for (const auto& c : *scope)
                    if (c.is_string()) r.scope.push_back(c.get<std::string>());
                    else in.AddError("scope", "A list of parts of the record.");
                }
                const Date today = DateOf(ctx.now);
                auto effective = DateField(in, "effective_on", today);
                auto expires = DateField(in, "expires_on", std::nullopt);
                if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
                r.effective_on = *effective;
                r.expires_on = *expires;
                auto made = s.Create(ctx.Who(), std::string(ctx.Param("id")), std::move(r), OriginOf(ctx));
                return made ? JsonResponse(201, ReleaseJson(*made, today)) : ToProblem(made.error(), ctx.request_id);
              }, ""});
  router.Add({"POST", "/api/v1/clients/{id}/releases/{release_id}/revoke", "releases.write",
              "The client revokes a release: nothing more is shared under it", "care", [&s](Context& ctx, const http::Request&) {
                return NoContentOr(s.Revoke(ctx.Who(), std::string(ctx.Param("id")), std::string(ctx.Param("release_id")), OriginOf(ctx)),
                                   ctx.request_id);
              }, ""});
  router.Add({"POST", "/api/v1/clients/{id}/releases/{release_id}/package", "releases.write",
              "Prepare the release package: a PDF of what the release covers (never psychotherapy notes), recorded as a disclosure",
              "care", [&s](Context& ctx, const http::Request&) {
                auto r = s.Package(ctx.Who(), std::string(ctx.Param("id")), std::string(ctx.Param("release_id")), OriginOf(ctx));
                return r ? FileResponse(std::move(*r), "application/pdf", "release.pdf") : ToProblem(r.error(), ctx.request_id);
              }, ""});
  router.Add({"GET", "/api/v1/clients/{id}/disclosures", "releases.read",
              "The client's accounting of disclosures: what was shared, with whom, why, when and by whom", "care",
              [&s](Context& ctx, const http::Request&) {
                auto r = s.Disclosures(ctx.Who(), std::string(ctx.Param("id")), OriginOf(ctx));
                if (!r) return ToProblem(r.error(), ctx.request_id);
                json items = json::array();
                for (const auto& d : *r)
                  items.push_back({{"id", d.id}, {"release_id", d.release_id}, {"recipient", d.recipient}, {"purpose", d.purpose},
                                   {"scope", d.scope}, {"disclosed_by", d.disclosed_by_name}, {"disclosed_at", FormatTimestamp(d.disclosed_at)}});
                return JsonResponse(200, {{"items", items}, {"next", nullptr}});
              }, ""});
}

}  // namespace duet::care
