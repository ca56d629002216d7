#pragma once
// Secure messages: wire types, declared once (platform/codec.hpp).
#include <limits>

#include "messages/model.hpp"
#include "messages/rules.hpp"
#include "messages/service.hpp"
#include "platform/codec.hpp"

namespace duet::messages {

using codec::Field;
using codec::Format;

constexpr auto CodecOf(const Attachment*) {
  using A = Attachment;
  return codec::Object<A>("MessageAttachment", Field("name", &A::name), Field("content_type", &A::content_type),
                          Field("size", &A::size));
}
constexpr auto CodecOf(const Message*) {
  using M = Message;
  return codec::Object<M>(
      "Message", Field("id", &M::id), Field("author_name", &M::author_name), Field("from_client", &M::from_client),
      Field("mine", &M::mine, {.description = "Written by the caller"}), Field("body", &M::body),
      Field("attachment", &M::attachment),
      Field("document_id", &M::document_id,
            {.null_when_empty = true, .description = "A care-team conversation: the chart document the attachment is"}),
      Field("created_at", &M::created_at, {.format = Format::kTimestamp}));
}
constexpr auto CodecOf(const Thread*) {
  using T = Thread;
  constexpr codec::Rules null_empty{.null_when_empty = true};
  return codec::Object<T>(
      "MessageThread", Field("id", &T::id), Field("client_id", &T::client_id), Field("client_name", &T::client_name),
      Field("audience", &T::audience, {.one_of = kAudiences, .description = "Whom the client wrote to"}),
      Field("clinician_id", &T::clinician_id, null_empty), Field("clinician_name", &T::clinician_name, null_empty),
      Field("subject", &T::subject), Field("status", &T::status),
      Field("assigned_user_id", &T::assigned_user_id,
            {.null_when_empty = true, .description = "Staff only: who handles it (never shown to the client)"}),
      Field("assigned_name", &T::assigned_name, null_empty), Field("started_by_client", &T::started_by_client),
      Field("party_name", &T::party_name,
            {.null_when_empty = true, .description = "Staff: the guardian it is with (none: the client)"}),
      Field("created_at", &T::created_at, {.format = Format::kTimestamp}),
      Field("last_message_at", &T::last_message_at, {.format = Format::kTimestamp}),
      Field("waiting_since", &T::waiting_since,
            {.null_when_empty = true,
             .format = Format::kTimestamp,
             .description = "Staff: the client's oldest unanswered message (the response clock)"}),
      Field("overdue", &T::overdue, {.description = "Staff: waiting longer than the practice's response target"}),
      Field("closed_at", &T::closed_at, {.null_when_empty = true, .format = Format::kTimestamp}),
      Field("filed_document_id", &T::filed_document_id,
            {.null_when_empty = true, .description = "The chart document it was filed as"}),
      Field("partner_id", &T::partner_id,
            {.null_when_empty = true,
             .description = "A team conversation with a partner organization (under the client's release naming it)"}),
      Field("partner_name", &T::partner_name, null_empty),
      Field("partner_until", &T::partner_until,
            {.description = "Until when the release lets the partner in; null once their access has ended"}),
      Field("unread", &T::unread, {.description = "Messages from the other side the caller has not read"}),
      Field("messages", &T::messages,
            {.omit_when_empty = true, .max_items = 100000, .description = "One conversation: oldest first"}));
}

constexpr auto CodecOf(const Settings*) {
  return codec::Object<Settings>(
      "MessageSettings",
      Field("response_target_hours", &Settings::response_target_hours,
            {.required = true,
             .min = 1,
             .max = 336,
             .description = "The practice answers within this many hours (staff see later ones as overdue)"}),
      Field(
          "crisis_message", &Settings::crisis_message,
          {.max_len = 500, .description = "The practice's words where clients write (988 and 911 are always shown)"}));
}

struct FileBody {
  std::string name;
  std::string data;  // base64
};
constexpr auto CodecOf(const FileBody*) {
  return codec::Object<FileBody>("MessageFile", Field("name", &FileBody::name, {.max_len = 200}),
                                 Field("data", &FileBody::data,
                                       {.required = true,
                                        .max_len = std::numeric_limits<std::size_t>::max(),
                                        .description = "The file as base64: a PDF, PNG or JPEG up to 700 KB"}));
}
inline constexpr const char* kDocumentIdHelp =
    "A team conversation: a document of the client's chart to send with it (instead of a file)";
struct MessageBody {
  std::string body;
  std::optional<FileBody> attachment;
  std::vector<std::string> mentions;
  std::string document_id;
};
constexpr auto CodecOf(const MessageBody*) {
  return codec::Object<MessageBody>(
      "NewMessage", Field("body", &MessageBody::body, {.max_len = kMaxBody}),
      Field("attachment", &MessageBody::attachment),
      Field("mentions", &MessageBody::mentions,
            {.max_len = 36, .max_items = 20, .description = "A team conversation: members (user ids) to tell"}),
      Field("document_id", &MessageBody::document_id, {.max_len = 36, .description = kDocumentIdHelp}));
}
struct ThreadBody {
  std::string audience;
  std::string clinician_id;
  std::string subject;
  std::string body;
  std::optional<FileBody> attachment;
  std::string with_user_id;
  std::vector<std::string> mentions;
  std::string document_id;
  std::string partner_id;
};
constexpr auto CodecOf(const ThreadBody*) {
  using B = ThreadBody;
  return codec::Object<B>(
      "NewMessageThread",
      Field("audience", &B::audience,
            {.one_of = kAudiences,
             .description = "clinician (default for clients), front_desk or billing; staff: team, a conversation among "
                            "the client's care team that the client never sees"}),
      Field("clinician_id", &B::clinician_id, {.max_len = 36, .description = "Which of the client's clinicians"}),
      Field("subject", &B::subject, {.required = true, .max_len = kMaxSubject}),
      Field("body", &B::body, {.max_len = kMaxBody}), Field("attachment", &B::attachment),
      Field("with_user_id", &B::with_user_id,
            {.max_len = 36, .description = "Staff: write to this guardian of the client (default: the client)"}),
      Field("mentions", &B::mentions,
            {.max_len = 36, .max_items = 20, .description = "A team conversation: members (user ids) to tell"}),
      Field("document_id", &B::document_id, {.max_len = 36, .description = kDocumentIdHelp}),
      Field("partner_id", &B::partner_id,
            {.max_len = 36,
             .description = "A team conversation: include a partner organization that the client's release in effect "
                            "names (its clinicians read and write until the release ends)"}));
}
struct InboxParams {
  std::optional<std::string> status;
  std::optional<std::string> client_id;
  bool mine = false;
  std::optional<std::string> audience;
};
inline constexpr std::string_view kInboxStatuses[] = {"open", "closed", "all"};
constexpr auto CodecOf(const InboxParams*) {
  using Q = InboxParams;
  return codec::Object<Q>("InboxQuery", Field("status", &Q::status, {.one_of = kInboxStatuses}),
                          Field("client_id", &Q::client_id, {.max_len = 36}),
                          Field("mine", &Q::mine, {.description = "Only those assigned to the caller"}),
                          Field("audience", &Q::audience,
                                {.one_of = kAudiences,
                                 .description = "Only those to this audience (team: provider "
                                                "conversations)"}));
}
struct AssignBody {
  std::string user_id;
};
constexpr auto CodecOf(const AssignBody*) {
  return codec::Object<AssignBody>(
      "MessageAssignee", Field("user_id", &AssignBody::user_id, {.max_len = 36, .description = "Empty: nobody"}));
}
struct Unread {
  int count = 0;
};
constexpr auto CodecOf(const Unread*) {
  return codec::Object<Unread>(
      "MessagesUnread", Field("count", &Unread::count, {.description = "Open conversations with unread messages"}));
}

}  // namespace duet::messages
