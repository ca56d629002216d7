#include "messages/rules.hpp"

#include <algorithm>

namespace duet::messages {

bool IsAudience(std::string_view audience) {
  return std::find(std::begin(kAudiences), std::end(kAudiences), audience) != std::end(kAudiences);
}

Status MaySeeThread(Role role, std::string_view audience, const ThreadRelation& r) {
  if (audience == "team") {
    const bool clinical = role == Role::kOwner || role == Role::kClinician || role == Role::kSupervisor;
    if (clinical && r.keeps_chart) return {};
    return Fail(ErrorCode::kNotFound, "No such conversation.", "rule thread_access");
  }
  const bool may = role == Role::kOwner || r.assigned || (role == Role::kFrontDesk && audience == "front_desk") ||
                   (role == Role::kBiller && audience == "billing") ||
                   (role == Role::kClinician && audience == "clinician" && r.own_clinician) ||
                   (role == Role::kSupervisor && audience == "clinician" && (r.own_clinician || r.supervises));
  if (may) return {};
  return Fail(ErrorCode::kNotFound, "No such conversation.", "rule thread_access");
}

bool ClientSideSees(const Thread& t, std::string_view user_id, bool own_account) {
  if (t.audience == "team") return false;
  return t.party_user_id.empty() ? own_account : t.party_user_id == user_id;
}

Status CheckMessage(std::string_view body, bool has_attachment) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos && !has_attachment)
    return Fail(ErrorCode::kInvalid, "Write a message.", {}, "body");
  if (body.size() > kMaxBody)
    return Fail(ErrorCode::kInvalid, "Keep a message under " + std::to_string(kMaxBody) + " characters.", {}, "body");
  return {};
}

Status CheckSubject(std::string_view subject) {
  if (subject.find_first_not_of(" \t") == std::string_view::npos)
    return Fail(ErrorCode::kInvalid, "Give the conversation a subject.", {}, "subject");
  if (subject.find_first_of("\r\n") != std::string_view::npos)
    return Fail(ErrorCode::kInvalid, "The subject is one line.", {}, "subject");
  if (subject.size() > kMaxSubject)
    return Fail(ErrorCode::kInvalid, "Keep the subject under " + std::to_string(kMaxSubject) + " characters.", {},
                "subject");
  return {};
}

Status MayAddTo(const Thread& t) {
  if (t.status == "closed")
    return FailRule("thread_closed", "This conversation is closed. Start a new one to write again.");
  return {};
}

EpochSeconds WaitingSinceAfter(EpochSeconds waiting_since, bool from_client, EpochSeconds at) {
  if (!from_client) return 0;
  return waiting_since ? waiting_since : at;
}

Status CheckSettings(const Settings& s) {
  if (s.response_target_hours < 1 || s.response_target_hours > 14 * 24)
    return Fail(ErrorCode::kInvalid, "Answer within 1 hour to 14 days.", {}, "response_target_hours");
  if (s.crisis_message.size() > 500) return Fail(ErrorCode::kInvalid, "At most 500 characters.", {}, "crisis_message");
  return {};
}

bool IsOverdue(EpochSeconds waiting_since, EpochSeconds now, int target_hours) {
  return waiting_since != 0 && now - waiting_since > static_cast<EpochSeconds>(target_hours) * 3600;
}

}  // namespace duet::messages
