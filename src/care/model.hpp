#pragma once
// Releases of information: the client's written permission (HIPAA 45 CFR 164.508) to share named
// parts of their record with a named recipient for a stated purpose until a date, revocable; and
// the disclosures made under them, which are the client's accounting of disclosures (164.528).
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "platform/clock.hpp"
#include "platform/dates.hpp"
#include "platform/names.hpp"

namespace duet::care {

//! What a release may cover. Psychotherapy notes are not a category: they are never released.
inline constexpr const char* kCategories[] = {"demographics", "diagnoses", "visits",   "notes",
                                              "plan",         "measures",  "documents"};

//! A release of information as the client signed it.
struct Release {
  std::string id;
  std::string client_id;
  std::string recipient_name;          // "Dr. Sam Patel" (sealed at rest with the other details)
  std::string recipient_organization;  // optional
  std::string recipient_contact;       // fax, address or e-mail, optional
  std::string purpose;                 // "coordination of care with the client's physician"
  std::vector<std::string> scope;      // a subset of kCategories
  Date effective_on;
  Date expires_on;
  std::string signed_name;   // the client, or a guardian who may consent
  std::string witnessed_by;  // the staff member who took the signature
  EpochSeconds signed_at = 0;
  std::optional<EpochSeconds> revoked_at;
  std::string revoked_by;
  std::string created_by;
};

enum class ReleaseState { kActive, kNotYetEffective, kExpired, kRevoked };
constexpr auto NamesOf(const ReleaseState*) {
  using P = std::pair<ReleaseState, std::string_view>;
  return std::array{P{ReleaseState::kActive, "active"}, P{ReleaseState::kNotYetEffective, "not_yet_effective"},
                    P{ReleaseState::kExpired, "expired"}, P{ReleaseState::kRevoked, "revoked"}};
}

//! One disclosure of a client's information outside the practice.
struct Disclosure {
  std::string id;
  std::string client_id;
  std::string release_id;
  std::string recipient;  // as released (sealed at rest)
  std::string purpose;
  std::vector<std::string> scope;
  std::string disclosed_by_name;
  EpochSeconds disclosed_at = 0;
};

}  // namespace duet::care
