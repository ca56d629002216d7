#pragma once
// Secure messages: use cases for the client (their own threads, from their portal) and for the staff
// (a shared inbox by role, assignment, closing, filing a conversation to the chart). Every read and
// write is audited with the client's id; the other side is told by e-mail with no content.
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "documents/service.hpp"
#include "identity/service.hpp"
#include "messages/model.hpp"
#include "platform/db/db.hpp"
#include "platform/jobs.hpp"
#include "platform/mail.hpp"
#include "practice/service.hpp"

namespace duet::messages {

using practice::Origin;

//! A message as sent: text, and optionally one file (PDF, PNG or JPEG, up to 700 KB).
struct NewMessage {
  std::string body;
  std::string attachment_name;
  std::string attachment_bytes;       // empty: none
  std::vector<std::string> mentions;  // a team thread: members (user ids) told they were mentioned
  std::string document_id;            // a team thread: a document of the client's chart (instead of a file)
};

//! A new conversation. The client picks whom it is for; staff start one with a client.
struct NewThread {
  std::string audience = "clinician";  // clinician | front_desk | billing | team (staff: a provider thread)
  std::string clinician_id;            // audience clinician: which of the client's clinicians (default: the first)
  std::string subject;
  NewMessage first;
  std::string with_user_id;  // staff: a guardian's account to write to (empty: the client)
  std::string partner_id;    // a team thread: a partner organization the client's release in effect names
};

struct InboxQuery {
  std::optional<std::string> status;  // open (default) | closed | all
  std::optional<std::string> client_id;
  bool mine = false;                    // assigned to the caller
  std::optional<std::string> audience;  // team: provider threads only
};

using UserNotifier = std::function<void(const std::string&, const std::string&, const std::string&)>;

class Service {
 public:
  Service(db::Database& db, const Clock& clock, identity::Service& identity, practice::Service& directory,
          documents::Service& documents);
  //! Where notices go from, which address they link to, who hears about new messages live, and how to
  //! wake the job runner (set once at start).
  void Connect(mail::Mailer* mailer, std::string public_url, UserNotifier notify, std::function<void()> wake_jobs);

  // The client's side (their portal).
  Result<std::vector<Thread>> ClientThreads(const Principal& who, const Origin& origin);
  Result<Thread> ClientStart(const Principal& who, const NewThread& request, const Origin& origin);

  // The staff's side.
  Result<std::vector<Thread>> Inbox(const Principal& who, const InboxQuery& query, const Origin& origin);

  // A partner organization's clinicians (their own practice's principal), on the team conversations that include
  // their organization, while the client's release names it: each read is a disclosure in the client's accounting.
  //! A partner's grant for a client, as care/ decides it from releases (the app wires it).
  struct PartnerGrant {
    std::string practice_id;  // the disclosing practice
    std::string partner_id;
    std::string partner_name;
    std::string partner_practice_id;
    std::optional<Date> until;  // none: no release in effect names the partner for the client
    std::string release_id;     // the release in effect (recorded with each disclosure)
    std::string purpose;
  };
  //! For a partner's clinician: their organization's grant (not found without a release in effect).
  using PartnerGate = std::function<Result<PartnerGrant>(const Principal& who, const std::string& partner_id,
                                                         const std::string& client_id)>;
  //! For the practice: a connected partner of its own and its grant for one of its clients (not found: no such
  //! partner; `until` empty: no release in effect).
  using PartnerInCare = std::function<Result<PartnerGrant>(const std::string& practice_id, const std::string& client_id,
                                                           const std::string& partner_id)>;
  //! Records a partner clinician's reading in the client's accounting of disclosures (`what` names it).
  using PartnerDisclosed =
      std::function<Status(const Principal& who, const PartnerGrant& grant, const std::string& client_id,
                           const std::string& what, const Origin& origin)>;
  void SetPartners(PartnerGate gate, PartnerInCare in_care, PartnerDisclosed disclosed) {
    partner_gate_ = std::move(gate);
    partner_in_care_ = std::move(in_care);
    partner_disclosed_ = std::move(disclosed);
  }
  Result<std::vector<Thread>> PartnerThreads(const Principal& who, const std::string& partner_id,
                                             const std::string& client_id, const Origin& origin);
  Result<Thread> PartnerOpen(const Principal& who, const std::string& partner_id, const std::string& client_id,
                             const std::string& thread_id, const Origin& origin);
  Result<Message> PartnerReply(const Principal& who, const std::string& partner_id, const std::string& client_id,
                               const std::string& thread_id, const NewMessage& message, const Origin& origin);
  Result<Thread> StaffStart(const Principal& who, const std::string& client_id, const NewThread& request,
                            const Origin& origin);
  Result<Thread> SetOpen(const Principal& who, const std::string& thread_id, bool open, const Origin& origin);
  //! Assigns the thread to a person of the practice who may see it (empty: nobody).
  Result<Thread> AssignTo(const Principal& who, const std::string& thread_id, const std::string& user_id,
                          const Origin& origin);
  //! Files the conversation to the client's chart as a PDF document (a clinician who may read the chart).
  Result<Thread> FileToChart(const Principal& who, const std::string& thread_id, const Origin& origin);
  //! How many open threads the caller may see have unread client messages (the app's badge).
  Result<int> UnreadCount(const Principal& who);

  // Both sides: the caller's own (client) or visible (staff) thread.
  //! The thread with its messages, marked read for the caller.
  Result<Thread> Open(const Principal& who, const std::string& thread_id, const Origin& origin);
  Result<Message> Reply(const Principal& who, const std::string& thread_id, const NewMessage& message,
                        const Origin& origin);
  //! An attachment's name, type and bytes (audited).
  Result<std::pair<Attachment, std::string>> AttachmentOf(const Principal& who, const std::string& thread_id,
                                                          const std::string& message_id, const Origin& origin);

  //! The "message.notice" job: e-mails the recipients that a message is waiting, with no content.
  Result<std::string> SendNotice(const jobs::Job& job);

  //! What the practice promises about messages (its own, else the defaults): staff and the client's pages read it.
  Result<Settings> SettingsOf(const std::string& practice_id);
  //! The owner sets the response target and the crisis wording (audited).
  Result<Settings> PutSettings(const Principal& who, const Settings& s, const Origin& origin);

 private:
  //! The thread if the caller may see it (its subject open); not found otherwise (audited as denied).
  Result<Thread> Visible(const Principal& who, const std::string& thread_id, const Origin& origin);
  Status MaySee(const Principal& who, const Thread& t);
  //! The threads the staff member may see (subjects still sealed), by the query.
  Result<std::vector<Thread>> VisibleThreads(const Principal& who, const InboxQuery& query);
  Result<std::string> SealText(const std::string& practice_id, const std::string& text, const std::string& context);
  Result<std::string> OpenText(const std::string& practice_id, const std::string& sealed, const std::string& context);
  //! Writes a message (and its thread when `thread` is new) in one transaction, queues the notice.
  Result<Message> Write(const Principal& who, Thread& thread, bool new_thread, const NewMessage& message,
                        const Origin& origin);
  Status Describe(const std::string& practice_id, std::vector<Thread>& threads);
  //! The accounts of the client's care team today, but the caller's (a team thread's readers).
  std::vector<std::string> TeamUsers(const Principal& who, const std::string& client_id);
  std::vector<std::string> RecipientsOf(const Principal& who, const Thread& t, bool from_client);

  //! The partner's grant and the thread, if it is a team thread of that client including the partner.
  Result<std::pair<PartnerGrant, Thread>> PartnerThread(const Principal& who, const std::string& partner_id,
                                                        const std::string& client_id, const std::string& thread_id);
  //! The messages of a thread, opened and named (a partner's clinicians with their organization); for a partner,
  //! without attachments (records reach a partner through the release).
  //! `reader_user_id`: whose messages are marked `mine`.
  Result<std::vector<Message>> OpenMessages(const std::string& practice_id, const Thread& t, bool for_partner,
                                            const std::string& reader_user_id);

  db::Database& db_;
  const Clock& clock_;
  identity::Service& identity_;
  practice::Service& directory_;
  documents::Service& documents_;
  PartnerGate partner_gate_;
  PartnerInCare partner_in_care_;
  PartnerDisclosed partner_disclosed_;
  mail::Mailer* mailer_ = nullptr;
  std::string public_url_;
  UserNotifier notify_;
  std::function<void()> wake_jobs_;
};

}  // namespace duet::messages
