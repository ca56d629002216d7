// HTTP/JSON mapping for secure messages: each route is a declaration over messages/codecs.hpp. The
// client's routes are under /api/v1/portal/threads, the staff's under /api/v1/threads.
#include "messages/routes.hpp"

#include "messages/codecs.hpp"
#include "platform/api.hpp"
#include "platform/crypto.hpp"

namespace duet::messages {
namespace {

// A file sent as base64 in JSON; anything over the limit is one clear 413.
Result<NewMessage> Decode(const std::string& body, const std::optional<FileBody>& file,
                          const std::vector<std::string>& mentions = {}, const std::string& document_id = {}) {
  NewMessage m{body, {}, {}, mentions, document_id};
  if (!file) return m;
  if (file->data.size() > (kMaxAttachmentBytes + 2) / 3 * 4 + 4)
    return Fail(ErrorCode::kTooLarge, "Files up to 700 KB can be attached.", {}, "attachment");
  auto bytes = crypto::Base64Decode(file->data);
  if (!bytes) return Fail(ErrorCode::kInvalid, "Send the file as base64.", {}, "attachment.data");
  m.attachment_name = file->name;
  m.attachment_bytes = std::move(*bytes);
  return m;
}

Result<NewThread> DecodeThread(const ThreadBody& b) {
  auto first = Decode(b.body, b.attachment, b.mentions, b.document_id);
  if (!first) return tl::unexpected(first.error());
  return NewThread{b.audience, b.clinician_id, b.subject, std::move(*first), b.with_user_id, b.partner_id};
}

http::Response File(Context& ctx, Result<std::pair<Attachment, std::string>> r) {
  if (!r) return ToProblem(r.error(), ctx.request_id);
  const std::string& type = r->first.content_type;
  const char* ext = type == "application/pdf" ? "pdf"
                    : type == "image/png"     ? "png"
                    : type == "text/plain"    ? "txt"
                                              : "jpg";
  return FileResponse(std::move(r->second), type, std::string("attachment.") + ext);
}

}  // namespace

void RegisterRoutes(Router& router, Service& s) {
  Api api(router, "messages");
  // The client's side.
  api.Get("/api/v1/message-settings", "messages.read",
          "What the practice promises about messages: its response target and crisis wording",
          [&s](Context& ctx) { return s.SettingsOf(ctx.Who().practice_id); });
  api.Put("/api/v1/message-settings", "practice.update",
          "Set the response target (1 hour to 14 days) and the crisis wording shown where clients write",
          [&s](Context& ctx, const Settings& b) { return s.PutSettings(ctx.Who(), b, OriginOf(ctx)); });
  api.Get("/api/v1/portal/message-settings", "portal.self",
          "What the practice promises about messages, for the client's page: its response target and crisis wording",
          [&s](Context& ctx) { return s.SettingsOf(ctx.Who().practice_id); });
  api.Get("/api/v1/portal/threads", "portal.self", "The client's conversations with the practice, newest first",
          [&s](Context& ctx) { return s.ClientThreads(ctx.Who(), OriginOf(ctx)); });
  api.Post("/api/v1/portal/threads", "portal.self",
           "Start a conversation with the client's clinician, the front desk or billing (not for emergencies)",
           [&s](Context& ctx, const ThreadBody& b) -> Result<Thread> {
             auto t = DecodeThread(b);
             if (!t) return tl::unexpected(t.error());
             if (t->audience.empty()) t->audience = "clinician";
             return s.ClientStart(ctx.Who(), *t, OriginOf(ctx));
           },
           {.status = 201});
  api.Get("/api/v1/portal/threads/{id}", "portal.self", "One of the client's conversations with its messages",
          [&s](Context& ctx) { return s.Open(ctx.Who(), Id(ctx), OriginOf(ctx)); });
  api.Post("/api/v1/portal/threads/{id}/messages", "portal.self", "Write in one of the client's conversations",
           [&s](Context& ctx, const MessageBody& b) -> Result<Message> {
             auto m = Decode(b.body, b.attachment);
             if (!m) return tl::unexpected(m.error());
             return s.Reply(ctx.Who(), Id(ctx), *m, OriginOf(ctx));
           },
           {.status = 201});
  api.Get("/api/v1/portal/threads/{id}/messages/{message_id}/attachment", "portal.self", "A message's attachment",
          [&s](Context& ctx) {
            return File(ctx, s.AttachmentOf(ctx.Who(), Id(ctx), std::string(ctx.Param("message_id")), OriginOf(ctx)));
          },
          {.produces = "application/octet-stream"});

  // The staff's side.
  api.Get("/api/v1/threads", "messages.read",
          "The shared inbox: conversations the caller may see (by role, their clients, or assigned), newest first",
          [&s](Context& ctx, codec::Query<InboxParams> q) {
            return s.Inbox(ctx.Who(), InboxQuery{q->status, q->client_id, q->mine, q->audience}, OriginOf(ctx));
          });
  api.Get(
      "/api/v1/clients/{id}/threads", "messages.read",
      "Conversations about a client the caller may see, newest first (audience=team: the care team's provider "
      "conversations, which the client never sees)",
      [&s](Context& ctx, codec::Query<InboxParams> q) {
        return s.Inbox(ctx.Who(), InboxQuery{q->status.value_or("all"), Id(ctx), q->mine, q->audience}, OriginOf(ctx));
      });
  api.Get("/api/v1/threads/unread", "messages.read", "How many open conversations have unread messages",
          [&s](Context& ctx) { return s.UnreadCount(ctx.Who()).map([](int n) { return Unread{n}; }); });
  api.Post("/api/v1/clients/{id}/threads", "messages.write",
           "Start a conversation with a client (a clinician as themselves; the front desk or billing as the desk), or "
           "with audience team a provider conversation about the client among their care team",
           [&s](Context& ctx, const ThreadBody& b) -> Result<Thread> {
             auto t = DecodeThread(b);
             if (!t) return tl::unexpected(t.error());
             return s.StaffStart(ctx.Who(), Id(ctx), *t, OriginOf(ctx));
           },
           {.status = 201});
  api.Get("/api/v1/threads/{id}", "messages.read", "One conversation with its messages (marked read for the caller)",
          [&s](Context& ctx) { return s.Open(ctx.Who(), Id(ctx), OriginOf(ctx)); });
  api.Post("/api/v1/threads/{id}/messages", "messages.write", "Answer in a conversation",
           [&s](Context& ctx, const MessageBody& b) -> Result<Message> {
             auto m = Decode(b.body, b.attachment, b.mentions, b.document_id);
             if (!m) return tl::unexpected(m.error());
             return s.Reply(ctx.Who(), Id(ctx), *m, OriginOf(ctx));
           },
           {.status = 201});
  api.Post("/api/v1/threads/{id}/close", "messages.write", "Close a conversation (the client starts a new one after)",
           [&s](Context& ctx) { return s.SetOpen(ctx.Who(), Id(ctx), false, OriginOf(ctx)); });
  api.Post("/api/v1/threads/{id}/reopen", "messages.write", "Reopen a closed conversation",
           [&s](Context& ctx) { return s.SetOpen(ctx.Who(), Id(ctx), true, OriginOf(ctx)); });
  api.Put("/api/v1/threads/{id}/assignee", "messages.write", "Assign a conversation to a person of the practice",
          [&s](Context& ctx, const AssignBody& b) { return s.AssignTo(ctx.Who(), Id(ctx), b.user_id, OriginOf(ctx)); });
  api.Post("/api/v1/threads/{id}/file", "messages.file",
           "File the conversation to the client's chart as a PDF document (those who keep the chart)",
           [&s](Context& ctx) { return s.FileToChart(ctx.Who(), Id(ctx), OriginOf(ctx)); });
  api.Get("/api/v1/threads/{id}/messages/{message_id}/attachment", "messages.read", "A message's attachment (audited)",
          [&s](Context& ctx) {
            return File(ctx, s.AttachmentOf(ctx.Who(), Id(ctx), std::string(ctx.Param("message_id")), OriginOf(ctx)));
          },
          {.produces = "application/octet-stream"});

  // A partner organization's clinicians, on the care team's conversations that include their organization.
  api.Get("/api/v1/partners/{id}/clients/{client_id}/threads", "partners.records",
          "For a partner's clinicians: the care team's conversations about the client that include their "
          "organization, while the client's release names it (a disclosure)",
          [&s](Context& ctx) {
            return s.PartnerThreads(ctx.Who(), Id(ctx), std::string(ctx.Param("client_id")), OriginOf(ctx));
          });
  api.Get("/api/v1/partners/{id}/clients/{client_id}/threads/{thread_id}", "partners.records",
          "For a partner's clinicians: one such conversation with its messages (a disclosure); refused once the "
          "release ends",
          [&s](Context& ctx) {
            return s.PartnerOpen(ctx.Who(), Id(ctx), std::string(ctx.Param("client_id")),
                                 std::string(ctx.Param("thread_id")), OriginOf(ctx));
          });
  api.Post("/api/v1/partners/{id}/clients/{client_id}/threads/{thread_id}/messages", "partners.records",
           "For a partner's clinicians: answer in such a conversation (words only; the care team is told)",
           [&s](Context& ctx, const MessageBody& b) -> Result<Message> {
             auto m = Decode(b.body, b.attachment, b.mentions, b.document_id);
             if (!m) return tl::unexpected(m.error());
             return s.PartnerReply(ctx.Who(), Id(ctx), std::string(ctx.Param("client_id")),
                                   std::string(ctx.Param("thread_id")), *m, OriginOf(ctx));
           },
           {.status = 201});
}

}  // namespace duet::messages
