// HTTP/JSON mapping for chart documents and consents: parse strictly, one service call, map the result.
#include "documents/routes.hpp"

#include <limits>

#include "documents/rules.hpp"
#include "platform/dates.hpp"
#include "platform/input.hpp"
#include "platform/problem.hpp"

namespace duet::documents {
namespace {
using nlohmann::json;

Origin OriginOf(const Context& ctx) { return Origin{ctx.remote_ip, ctx.request_id}; }

json DocumentJson(const Document& d) {
  return {{"id", d.id}, {"client_id", d.client_id}, {"kind", KindName(d.kind)},
          {"category", d.category.empty() ? json(nullptr) : json(d.category)}, {"title", d.title}, {"content_type", d.content_type},
          {"size", d.size}, {"document_date", d.document_date ? json(FormatDate(*d.document_date)) : json(nullptr)},
          {"created_at", FormatTimestamp(d.created_at)},
          {"signed", d.signed_at ? json{{"name", d.signed_name}, {"witnessed_by", d.witnessed_by}, {"at", FormatTimestamp(*d.signed_at)}} : json(nullptr)}};
}

}  // namespace

void RegisterRoutes(Router& router, Service& service) {
  Service& s = service;
  router.Add({"GET", "/api/v1/clients/{id}/documents", "documents.read", "A client's documents and signed consents (no content)", "documents",
              [&s](Context& ctx, const http::Request&) {
                auto r = s.List(ctx.Who(), std::string(ctx.Param("id")), OriginOf(ctx));
                if (!r) return ToProblem(r.error(), ctx.request_id);
                json items = json::array();
                for (const auto& d : *r) items.push_back(DocumentJson(d));
                return JsonResponse(200, {{"items", items}});
              }, ""});
  router.Add({"POST", "/api/v1/clients/{id}/documents", "documents.write",
              "Keep a PDF or image in the chart {title, category?, document_date?, data (base64, up to 700 KB)}; stored encrypted", "documents",
              [&s](Context& ctx, const http::Request& req) {
                Input in(req.body, {"title", "category", "document_date", "data"});
                Upload u;
                u.title = in.RequiredString("title", 200);
                u.category = in.OptionalString("category", 40).value_or("other");
                if (auto d = in.OptionalString("document_date", 10)) {
                  u.document_date = ParseDate(*d);
                  if (!u.document_date) in.AddError("document_date", "YYYY-MM-DD.");
                }
                // Any file over the chart's limit is one clear 413 (the base64 text is a third longer than the file).
                std::string data = in.RequiredString("data", std::numeric_limits<std::size_t>::max());
                if (data.size() > (kMaxDocumentBytes + 2) / 3 * 4 + 4)
                  return ToProblem(Error{ErrorCode::kTooLarge, "Files up to 700 KB can be kept in the chart.", {}, "data", {}, {}}, ctx.request_id);
                auto bytes = crypto::Base64Decode(data);
                if (in.ok() && !bytes) in.AddError("data", "Send the file as base64.");
                if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
                u.data = std::move(*bytes);
                auto r = s.Add(ctx.Who(), std::string(ctx.Param("id")), u, OriginOf(ctx));
                return r ? JsonResponse(201, DocumentJson(*r)) : ToProblem(r.error(), ctx.request_id);
              }, ""});
  router.Add({"GET", "/api/v1/consents/missing", "scheduling.read",
              "Clients with a video or audio visit in the next 30 days and no telehealth consent on file, each with that visit "
              "(?client_id= for one client; a clinician sees their own visits)", "documents",
              [&s](Context& ctx, const http::Request& req) {
                std::optional<std::string> client_id;
                if (auto q = req.QueryParam("client_id"); q && !q->empty()) client_id = std::string(*q);
                auto r = s.MissingTelehealthConsents(ctx.Who(), client_id, OriginOf(ctx));
                if (!r) return ToProblem(r.error(), ctx.request_id);
                json items = json::array();
                for (const auto& g : *r)
                  items.push_back({{"client_id", g.client_id}, {"client_name", g.client_name},
                                   {"next_visit", {{"id", g.appointment_id}, {"start", FormatTimestamp(g.start)}, {"mode", g.mode}}}});
                return JsonResponse(200, {{"items", items}});
              }, ""});
  router.Add({"POST", "/api/v1/clients/{id}/consents", "documents.write",
              "Record a consent the client signs in session {kind: telehealth_consent | treatment_consent | financial_policy, "
              "signed_name? (e.g. a guardian)}, witnessed by the caller", "documents", [&s](Context& ctx, const http::Request& req) {
                Input in(req.body, {"kind", "signed_name"});
                auto kind = ParseKind(in.RequiredString("kind", 40));
                std::string signed_name = in.OptionalString("signed_name", 120).value_or("");
                if (in.ok() && !kind) in.AddError("kind", "telehealth_consent, treatment_consent or financial_policy.");
                if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
                auto r = s.RecordConsent(ctx.Who(), std::string(ctx.Param("id")), *kind, signed_name, OriginOf(ctx));
                return r ? JsonResponse(201, DocumentJson(*r)) : ToProblem(r.error(), ctx.request_id);
              }, ""});
  router.Add({"GET", "/api/v1/documents/{id}/content", "documents.read", "A document's bytes (audited)", "documents",
              [&s](Context& ctx, const http::Request&) {
                auto r = s.Content(ctx.Who(), std::string(ctx.Param("id")), OriginOf(ctx));
                if (!r) return ToProblem(r.error(), ctx.request_id);
                const std::string& type = r->first.content_type;
                const char* ext = type == "application/pdf" ? "pdf" : type == "image/png" ? "png" : type == "image/jpeg" ? "jpg" : "txt";
                return FileResponse(std::move(r->second), type == "text/plain" ? "text/plain; charset=utf-8" : type, std::string("document.") + ext);
              }, ""});
}

}  // namespace duet::documents
