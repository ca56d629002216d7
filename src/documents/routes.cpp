// HTTP/JSON mapping for chart documents and consents: each route is a declaration over documents/codecs.hpp.
#include "documents/routes.hpp"

#include "documents/codecs.hpp"
#include "documents/rules.hpp"
#include "platform/api.hpp"
#include "platform/crypto.hpp"

namespace duet::documents {
void RegisterRoutes(Router& router, Service& s) {
  Api api(router, "documents");
  api.Get("/api/v1/clients/{id}/documents", "documents.read", "A client's documents and signed consents (no content)",
          [&s](Context& ctx) { return s.List(ctx.Who(), Id(ctx), OriginOf(ctx)); });
  api.Post("/api/v1/clients/{id}/documents", "documents.write",
           "Keep a PDF or image in the chart (up to 700 KB); stored encrypted",
           [&s](Context& ctx, const UploadBody& b) -> Result<Document> {
             // Any file over the chart's limit is one clear 413 (the base64 text is a third longer than the file).
             if (b.data.size() > (kMaxDocumentBytes + 2) / 3 * 4 + 4)
               return Fail(ErrorCode::kTooLarge, "Files up to 700 KB can be kept in the chart.", {}, "data");
             auto bytes = crypto::Base64Decode(b.data);
             if (!bytes) return Fail(ErrorCode::kInvalid, "Send the file as base64.", {}, "data");
             return s.Add(ctx.Who(), Id(ctx), Upload{b.title, b.category, b.document_date, std::move(*bytes)},
                          OriginOf(ctx));
           },
           {.status = 201});
  api.Get(
      "/api/v1/consents/missing", "scheduling.read",
      "Clients with a video or audio visit in the next 30 days and no telehealth consent on file, each with that visit "
      "(client_id for one client; a clinician sees their own visits)",
      [&s](Context& ctx, codec::Query<GapsQuery> q) {
        return s.MissingTelehealthConsents(ctx.Who(), q->client_id, OriginOf(ctx));
      });
  api.Post("/api/v1/clients/{id}/consents", "documents.write",
           "Record a consent the client signs in session, witnessed by the caller",
           [&s](Context& ctx, const ConsentBody& b) {
             return s.RecordConsent(ctx.Who(), Id(ctx), b.kind, b.signed_name, OriginOf(ctx));
           },
           {.status = 201});
  api.Put(
      "/api/v1/documents/{id}/sharing", "documents.write",
      "Share a chart document with the client in their portal, or stop sharing it",
      [&s](Context& ctx, const SharingBody& b) { return s.SetShared(ctx.Who(), Id(ctx), b.shared, OriginOf(ctx)); });
  api.Put("/api/v1/documents/{id}/part2", "documents.write",
          "Mark a chart document as a substance-use-disorder record (42 CFR Part 2), or unmark it",
          [&s](Context& ctx, const Part2Body& b) { return s.SetPart2(ctx.Who(), Id(ctx), b.part2, OriginOf(ctx)); });
  api.Get("/api/v1/documents/{id}/content", "documents.read", "A document's bytes (audited)",
          [&s](Context& ctx) {
            auto r = s.Content(ctx.Who(), Id(ctx), OriginOf(ctx));
            if (!r) return ToProblem(r.error(), ctx.request_id);
            const std::string& type = r->first.content_type;
            const char* ext = type == "application/pdf" ? "pdf"
                              : type == "image/png"     ? "png"
                              : type == "image/jpeg"    ? "jpg"
                                                        : "txt";
            return FileResponse(std::move(r->second), type == "text/plain" ? "text/plain; charset=utf-8" : type,
                                std::string("document.") + ext);
          },
          {.produces = "application/octet-stream"});
}

}  // namespace duet::documents
