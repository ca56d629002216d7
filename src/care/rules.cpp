#include "care/rules.hpp"

#include <algorithm>
#include <iterator>
#include <set>

namespace duet::care {

std::vector<practice::FieldIssue> ValidateRelease(const Release& r, Date today) {
  std::vector<practice::FieldIssue> out;
  if (r.recipient_name.empty()) out.push_back({"recipient_name", "Name who receives the information."});
  if (r.purpose.empty()) out.push_back({"purpose", "Say why it is shared (for example: coordination of care)."});
  if (r.signed_name.empty())
    out.push_back({"signed_name", "Name who signed: the client, or a guardian who may consent."});
  if (r.scope.empty()) out.push_back({"scope", "Choose what may be shared."});
  std::set<std::string> seen;
  for (const auto& c : r.scope) {
    bool known = std::find(std::begin(kCategories), std::end(kCategories), c) != std::end(kCategories);
    if (!known)
      out.push_back({"scope", "Unknown part of the record: " + c + "."});
    else if (!seen.insert(c).second)
      out.push_back({"scope", "Each part once: " + c + "."});
  }
  if (r.expires_on < r.effective_on)
    out.push_back({"expires_on", "It cannot end before it begins."});
  else if (r.expires_on < today)
    out.push_back({"expires_on", "The end date is in the past."});
  else if (r.expires_on > today + date::days{5 * 366})
    out.push_back({"expires_on", "At most five years ahead."});
  return out;
}

ReleaseState StateOf(const Release& r, Date today) {
  if (r.revoked_at) return ReleaseState::kRevoked;
  if (today < r.effective_on) return ReleaseState::kNotYetEffective;
  if (today > r.expires_on) return ReleaseState::kExpired;
  return ReleaseState::kActive;
}

std::string_view StateName(ReleaseState s) { return NameOf(s); }

Status MayDisclose(const Release& r, Date today) {
  switch (StateOf(r, today)) {
    case ReleaseState::kActive:
      return {};
    case ReleaseState::kRevoked:
      return FailRule("release_inactive", "The client revoked this release; nothing more may be shared under it.");
    case ReleaseState::kExpired:
      return FailRule("release_inactive", "This release has expired. Ask the client to sign a new one.");
    case ReleaseState::kNotYetEffective:
      return FailRule("release_inactive", "This release is not in effect yet.");
  }
  return FailRule("release_inactive", "This release does not allow sharing now.");
}

}  // namespace duet::care
