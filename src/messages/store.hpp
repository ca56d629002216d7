#pragma once
// SQL for secure messages. Subjects, bodies, attachment names and bytes arrive and leave sealed.
#include <optional>
#include <string>
#include <vector>

#include "messages/model.hpp"
#include "platform/db/db.hpp"

namespace duet::messages::store {

//! A thread as stored: `subject` holds the sealed subject.
Status InsertThread(db::Connection& c, const std::string& practice_id, const Thread& t);
//! A message as stored: `body` sealed; the attachment's name and bytes sealed (empty: none).
struct SealedAttachment {
  std::string name_sealed;
  std::string content_type;
  std::int64_t size = 0;
  std::string bytes_sealed;
};
Status InsertMessage(db::Connection& c, const std::string& practice_id, const Message& m,
                     const std::optional<SealedAttachment>& attachment);
//! After a message: its time and the response clock. False when the thread is closed (nothing changes).
Result<bool> TouchOpenThread(db::Connection& c, const std::string& practice_id, const std::string& thread_id,
                             EpochSeconds at, EpochSeconds waiting_since);

struct ListQuery {
  std::optional<std::string> client_id;
  std::optional<std::string> status;  // open | closed
  std::string reader_user_id;         // unread counts for this person
  bool reader_is_client = false;      // unread: messages from the other side
  //! A client-side reader sees only threads with them (messages/rules.hpp: ClientSideSees).
  enum class Party { kOwnAccount, kGuardian };
  std::optional<Party> party;
  std::optional<std::string> audience;    // only threads to this audience (team: provider threads)
  std::optional<std::string> partner_id;  // only team threads that include this partner organization
};
//! The practice's message settings, if it set any.
Result<std::optional<Settings>> FindSettings(db::Connection& c, const std::string& practice_id);
Status SaveSettings(db::Connection& c, const std::string& practice_id, const Settings& s, EpochSeconds now);
//! Threads newest first (subjects sealed), with the reader's unread count; at most 500.
Result<std::vector<Thread>> ListThreads(db::Connection& c, const std::string& practice_id, const ListQuery& q);
Result<std::optional<Thread>> FindThread(db::Connection& c, const std::string& practice_id, const std::string& id);
//! A thread's messages, oldest first (bodies and attachment names sealed, no bytes).
Result<std::vector<Message>> ListMessages(db::Connection& c, const std::string& practice_id,
                                          const std::string& thread_id);
//! One message's attachment: what it is and its sealed bytes.
//! What a message carries: a file (its name and bytes sealed) or the chart document it points at.
struct StoredAttachment {
  Attachment attachment;
  std::string bytes_sealed;
  std::string document_id;  // set: a chart document (no file)
};
Result<std::optional<StoredAttachment>> FindAttachment(db::Connection& c, const std::string& practice_id,
                                                       const std::string& thread_id, const std::string& message_id);
//! Records that the person has read the thread through its newest message.
Status MarkRead(db::Connection& c, const std::string& practice_id, const std::string& thread_id,
                const std::string& user_id);
Result<bool> SetStatus(db::Connection& c, const std::string& practice_id, const std::string& thread_id,
                       const std::string& status, EpochSeconds at);
Result<bool> Assign(db::Connection& c, const std::string& practice_id, const std::string& thread_id,
                    const std::string& user_id);
Result<bool> SetFiled(db::Connection& c, const std::string& practice_id, const std::string& thread_id,
                      const std::string& document_id);

}  // namespace duet::messages::store
