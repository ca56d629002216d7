// HTTP/JSON mapping for plans of care: parse strictly, one service call, map the result.
#include "plans/routes.hpp"

#include <charconv>

#include "platform/input.hpp"
#include "platform/problem.hpp"

namespace duet::plans {
namespace {
using nlohmann::json;

Origin OriginOf(const Context& ctx) { return Origin{ctx.remote_ip, ctx.request_id}; }

json SignatureJson(const std::optional<PlanSignature>& s) {
  if (!s) return nullptr;
  return {{"name", s->name}, {"at", FormatTimestamp(s->at)}, {"witnessed_by", s->by_user_id}};
}

json VersionJson(const PlanVersion& v) {
  return {{"version", v.version}, {"author", {{"user_id", v.author_user_id}, {"name", v.author_name}}},
          {"created_at", FormatTimestamp(v.created_at)}, {"plan", json::parse(v.plan_json, nullptr, false)},
          {"clinician_signature", SignatureJson(v.clinician_signature)}, {"client_signature", SignatureJson(v.client_signature)},
          {"supervisor_signature", SignatureJson(v.supervisor_signature)}};
}

}  // namespace

void RegisterRoutes(Router& router, Service& service) {
  Service& s = service;
  router.Add({"GET", "/api/v1/clients/{id}/plans", "plans.read", "A client's plan of care: the current version and every earlier one",
              "plans", [&s](Context& ctx, const http::Request&) {
                auto r = s.Versions(ctx.Who(), std::string(ctx.Param("id")), OriginOf(ctx));
                if (!r) return ToProblem(r.error(), ctx.request_id);
                json versions = json::array();
                for (const auto& v : *r) versions.push_back(VersionJson(v));
                return JsonResponse(200, {{"current", versions.empty() ? json(nullptr) : versions.front()}, {"versions", versions}});
              }, ""});
  router.Add({"POST", "/api/v1/clients/{id}/plans", "plans.write",
              "Save the plan {plan: {problems, goals (with measurable objectives), interventions, frequency, mode_mix, review_due, "
              "reevaluation_due}} as the next version", "plans", [&s](Context& ctx, const http::Request& req) {
                Input in(req.body, {"plan"});
                const json* plan = in.OptionalObject("plan");
                if (!plan) in.AddError("plan", "Required.");
                if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
                auto r = s.Save(ctx.Who(), std::string(ctx.Param("id")), plan->dump(), OriginOf(ctx));
                return r ? JsonResponse(201, VersionJson(*r)) : ToProblem(r.error(), ctx.request_id);
              }, ""});
  router.Add({"POST", "/api/v1/clients/{id}/plans/{version}/sign", "plans.write",
              "Sign a plan version {signer: clinician | supervisor | client}: the client's clinician signs, their supervisor co-signs, the client signs the current version in session", "plans",
              [&s](Context& ctx, const http::Request& req) {
                Input in(req.body, {"signer"});
                std::string signer = in.RequiredString("signer", 16);
                if (in.ok() && signer != "clinician" && signer != "client" && signer != "supervisor")
                  in.AddError("signer", "clinician, supervisor or client.");
                int version = 0;
                auto v = ctx.Param("version");
                if (std::from_chars(v.data(), v.data() + v.size(), version).ec != std::errc() || version < 1) in.AddError("version", "A version number.");
                if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
                PlanSigner who = signer == "client" ? PlanSigner::kClient : signer == "supervisor" ? PlanSigner::kSupervisor : PlanSigner::kClinician;
                auto r = s.Sign(ctx.Who(), std::string(ctx.Param("id")), version, who, OriginOf(ctx));
                return r ? JsonResponse(200, VersionJson(*r)) : ToProblem(r.error(), ctx.request_id);
              }, ""});
  router.Add({"GET", "/api/v1/plans/due", "plans.read", "Plan reviews and re-evaluations due in the next 14 days or overdue (?days=)",
              "plans", [&s](Context& ctx, const http::Request& req) {
                int days = 14;
                if (auto q = req.QueryParam("days"); q && !q->empty()) {
                  if (std::from_chars(q->data(), q->data() + q->size(), days).ec != std::errc() || days < 0 || days > 366)
                    return ToProblem(Error{ErrorCode::kInvalid, "days is 0 to 366.", {}, "days", {}, {}}, ctx.request_id);
                }
                auto r = s.Due(ctx.Who(), days);
                if (!r) return ToProblem(r.error(), ctx.request_id);
                json items = json::array();
                for (const auto& d : *r)
                  items.push_back({{"client_id", d.client_id}, {"client_name", d.client_name}, {"version", d.version}, {"what", d.what},
                                   {"due", FormatDate(d.due)}, {"days_left", d.days_left}});
                return JsonResponse(200, {{"items", items}});
              }, ""});
}

}  // namespace duet::plans
