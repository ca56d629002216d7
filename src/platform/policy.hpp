#pragma once
// The access policy: deny unless allowed. Every route names an action; this table says which roles
// may perform it. Relationship to a client (assigned clinician, supervisor, the client themself) is
// decided by the capability's own rules on top of this. Pure: no I/O.
#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace duet {

enum class Role { kOwner, kClinician, kSupervisor, kBiller, kFrontDesk, kClient };
constexpr auto NamesOf(const Role*) {
  using P = std::pair<Role, std::string_view>;
  return std::array{P{Role::kOwner, "owner"},   P{Role::kClinician, "clinician"},  P{Role::kSupervisor, "supervisor"},
                    P{Role::kBiller, "biller"}, P{Role::kFrontDesk, "front_desk"}, P{Role::kClient, "client"}};
}

//! Every role, in a fixed order (tests walk this).
std::span<const Role> AllRoles();
//! The wire name of a role ("front_desk").
std::string_view RoleName(Role role);
//! Parses a wire name; nullopt for anything else.
std::optional<Role> ParseRole(std::string_view name);
//! True for every role but client.
bool IsStaff(Role role);

//! Who is asking: resolved from a session cookie or an API token.
struct Principal {
  std::string user_id;
  std::string practice_id;
  Role role = Role::kClient;
  std::string display_name;
  std::string email;
  std::string practice_name;
  std::string session_id;  // empty for API tokens
  std::string csrf_token;  // empty for API tokens
  bool mfa_enrollment_pending = false;
  bool is_demo = false;
  bool read_only = false;        // a read-only API token: GET and HEAD only
  std::string acting_client_id;  // a client-side session: whose pages it chose (a guardian's child); empty: the default
};

//! The action a route performs. "public" needs no principal; "session" needs any signed-in
//! principal, even one still enrolling in MFA.
inline constexpr std::string_view kPublicAction = "public";
inline constexpr std::string_view kSessionAction = "session";

//! True if the policy table names this action.
bool IsKnownAction(std::string_view action);
//! True if a principal with this role may perform the action (deny for unknown actions).
bool Allows(Role role, std::string_view action);
//! For actions on one clinician's own things (their schedule, their schedule health): true if the
//! role may act on anyone's, or on their own when `own` (the principal signs in as that clinician).
bool AllowsOn(Role role, std::string_view action, bool own);
//! Every action of the table this role may perform (public and session left out), in table order:
//! what the web asks instead of comparing roles. An action the role may take only on their own
//! record is listed with ":own" ("schedule.manage:own").
std::vector<std::string> ActionsFor(Role role);

}  // namespace duet
