#pragma once
// Pure rules of secure messages: who on the staff sees a thread, what may be sent, and the response clock.
#include <string_view>

#include "messages/model.hpp"
#include "platform/policy.hpp"
#include "platform/result.hpp"

namespace duet::messages {

//! The practice answers a client's message within this long unless it sets its own target (counted from the
//! oldest unanswered one).
inline constexpr int kDefaultResponseTargetHours = 48;
inline constexpr std::size_t kMaxBody = 5000;
inline constexpr std::size_t kMaxSubject = 120;
inline constexpr std::int64_t kMaxAttachmentBytes = 700 * 1024;

//! "team": a provider thread about the client among their care team; the client never sees it.
inline constexpr std::string_view kAudiences[] = {"clinician", "front_desk", "billing", "team"};
bool IsAudience(std::string_view audience);

//! Whether a staff member sees a thread: the owner every one; the front desk front-desk threads; the
//! biller billing threads; a clinician threads addressed to them; a supervisor theirs and their
//! supervisees'; anyone the thread is assigned to; a team thread, whoever keeps the client's chart (the care team,
//! their supervisors, the owner) — never the front desk or billing. To anyone else it is not found (rule
//! `thread_access`).
Status MaySeeThread(Role role, std::string_view audience, const ThreadRelation& r);

//! Whether a client-side account sees a thread of the client whose pages it is on: a thread with that account
//! (a guardian's own), or with the client (no party) when the account is the client's own; never a team thread.
bool ClientSideSees(const Thread& t, std::string_view user_id, bool own_account);

//! A message as sent: some text (or an attachment alone), within the limits (a 400 naming the field).
Status CheckMessage(std::string_view body, bool has_attachment);
//! A new thread's subject: required, one line, at most kMaxSubject characters.
Status CheckSubject(std::string_view subject);

//! Nothing is added to a closed thread (rule `thread_closed`): the client starts a new one.
Status MayAddTo(const Thread& t);

//! The response clock after a message: a client's message starts it (if not already running), the
//! practice's answer stops it.
EpochSeconds WaitingSinceAfter(EpochSeconds waiting_since, bool from_client, EpochSeconds at);
//! Whether the client has waited longer than the practice's target.
bool IsOverdue(EpochSeconds waiting_since, EpochSeconds now, int target_hours);
//! The practice's message settings: a target from 1 hour to 14 days, crisis wording up to 500 characters.
Status CheckSettings(const Settings& s);

}  // namespace duet::messages
