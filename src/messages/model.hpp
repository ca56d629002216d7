#pragma once
// Secure messages between a client (or a guardian's account on their behalf) and the practice: a thread
// is addressed to the client's clinician, the front desk or billing, may be assigned to one person, is
// open or closed, and knows since when the client has been waiting for an answer.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/clock.hpp"
#include "platform/dates.hpp"

namespace duet::messages {

struct Attachment {
  std::string name;
  std::string content_type;  // from the bytes (PDF, PNG, JPEG)
  std::int64_t size = 0;
};

struct Message {
  std::string id;
  std::string thread_id;
  std::string author_user_id;
  std::string author_name;  // the client's name, or the staff member's
  bool from_client = false;
  bool mine = false;  // written by the reader
  std::string body;
  std::optional<Attachment> attachment;
  std::string document_id;  // a care-team conversation: the chart document it points at (its title is the name)
  EpochSeconds created_at = 0;
};

struct Thread {
  std::string id;
  std::string client_id;
  std::string client_name;     // staff lists
  std::string audience;        // clinician | front_desk | billing
  std::string clinician_id;    // audience clinician: whose
  std::string clinician_name;  // "Noor Haddad, LPC"
  std::string subject;
  std::string status = "open";  // open | closed
  std::string assigned_user_id;
  std::string assigned_name;
  std::string started_by;  // user id
  bool started_by_client = false;
  // The client-side account it is with: the client's own (empty) or a guardian's. An adolescent's
  // conversations are not their parent's, nor the other way round.
  std::string party_user_id;
  std::string party_name;  // staff: the guardian's name (empty: the client)
  EpochSeconds created_at = 0;
  EpochSeconds last_message_at = 0;
  EpochSeconds waiting_since = 0;  // 0: nothing unanswered
  EpochSeconds closed_at = 0;
  std::string filed_document_id;
  // A team thread with a partner organization (under the client's release that names it): who, and until
  // when the release lets them in (none: their access has ended).
  std::string partner_id;
  std::string partner_name;
  std::optional<Date> partner_until;
  std::string partner_practice_id;  // not on the wire: whose accounts the partner's clinicians are
  int unread = 0;                   // for the reader: messages from the other side since they last read it
  bool overdue = false;             // waiting longer than the practice's response target
  std::vector<Message> messages;    // one thread's page; empty in lists
};

//! What the practice promises about messages: how soon it answers, and its own words about crises (shown where
//! clients write, before 988 and 911, which are always shown).
struct Settings {
  int response_target_hours = 48;
  std::string crisis_message;
};

//! Who a staff member is to a thread (what MaySeeThread reads).
struct ThreadRelation {
  bool own_clinician = false;  // the thread is addressed to the clinician record the account signs in for
  bool supervises = false;     // … or to a clinician they supervise
  bool assigned = false;       // assigned to them
  bool keeps_chart = false;    // a team thread: they may read the client's chart (on the care team, or the owner)
};

}  // namespace duet::messages
