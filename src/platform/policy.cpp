#include "platform/policy.hpp"

#include <array>
#include <initializer_list>

namespace duet {
namespace {

constexpr std::array<Role, 6> kRoles = {Role::kOwner,  Role::kClinician, Role::kSupervisor,
                                        Role::kBiller, Role::kFrontDesk, Role::kClient};

constexpr unsigned Bit(Role r) { return 1u << static_cast<unsigned>(r); }
constexpr unsigned kAllStaff =
    Bit(Role::kOwner) | Bit(Role::kClinician) | Bit(Role::kSupervisor) | Bit(Role::kBiller) | Bit(Role::kFrontDesk);
constexpr unsigned kEveryone = kAllStaff | Bit(Role::kClient);

struct Entry {
  std::string_view action;
  unsigned roles;
  unsigned own_roles = 0;  // roles allowed on their own record only (AllowsOn)
};

// The policy as data. Adding a route means adding its action here, and the route × role test
// fails until the expected grid names it too.
constexpr Entry kPolicy[] = {
    {kPublicAction, kEveryone},
    {kSessionAction, kEveryone},
    {"practice.read", kAllStaff},
    {"practice.update", Bit(Role::kOwner)},
    {"users.read", Bit(Role::kOwner)},
    {"users.manage", Bit(Role::kOwner)},
    {"audit.read", Bit(Role::kOwner)},
    {"clinicians.read", kAllStaff},
    {"clinicians.write", Bit(Role::kOwner)},
    {"licenses.write", Bit(Role::kOwner) | Bit(Role::kClinician)},
    {"licenses.expiring", Bit(Role::kOwner) | Bit(Role::kClinician) | Bit(Role::kSupervisor)},
    {"compacts.write", Bit(Role::kOwner)},
    {"clients.read", kAllStaff},
    {"clients.write", Bit(Role::kOwner) | Bit(Role::kClinician) | Bit(Role::kSupervisor) | Bit(Role::kFrontDesk)},
    {"scheduling.read", kAllStaff},
    {"scheduling.write", Bit(Role::kOwner) | Bit(Role::kClinician) | Bit(Role::kSupervisor) | Bit(Role::kFrontDesk)},
    {"services.write", Bit(Role::kOwner)},
    {"scheduling.health", Bit(Role::kOwner) | Bit(Role::kClinician) | Bit(Role::kSupervisor)},
    {"waitlist.manage", Bit(Role::kOwner) | Bit(Role::kFrontDesk)},
    {"telehealth.join", Bit(Role::kOwner) | Bit(Role::kClinician) | Bit(Role::kSupervisor)},
    {"measures.read", Bit(Role::kOwner) | Bit(Role::kClinician) | Bit(Role::kSupervisor)},
    {"measures.write", Bit(Role::kOwner) | Bit(Role::kClinician) | Bit(Role::kSupervisor)},
    {"alerts.read", Bit(Role::kOwner) | Bit(Role::kClinician) | Bit(Role::kSupervisor)},
    {"plans.read", Bit(Role::kOwner) | Bit(Role::kClinician) | Bit(Role::kSupervisor)},
    {"releases.read", Bit(Role::kOwner) | Bit(Role::kClinician) | Bit(Role::kSupervisor)},
    {"releases.write", Bit(Role::kOwner) | Bit(Role::kClinician) | Bit(Role::kSupervisor)},
    // The medication list: clinical, so those who keep the chart (never the front desk or billing).
    {"medications.read", Bit(Role::kOwner) | Bit(Role::kClinician) | Bit(Role::kSupervisor)},
    {"medications.write", Bit(Role::kOwner) | Bit(Role::kClinician) | Bit(Role::kSupervisor)},
    // The care team: who treats the client (the front desk books with it; a biller sees who renders care).
    {"care_team.read",
     Bit(Role::kOwner) | Bit(Role::kClinician) | Bit(Role::kSupervisor) | Bit(Role::kFrontDesk) | Bit(Role::kBiller)},
    {"care_team.write", Bit(Role::kOwner) | Bit(Role::kClinician) | Bit(Role::kSupervisor) | Bit(Role::kFrontDesk)},
    // Referrals: the front desk sees them (to book the first visit) without their clinical text.
    {"partners.read", Bit(Role::kOwner) | Bit(Role::kClinician) | Bit(Role::kSupervisor) | Bit(Role::kFrontDesk)},
    {"partners.write", Bit(Role::kOwner)},
    {"partners.records", Bit(Role::kOwner) | Bit(Role::kClinician) | Bit(Role::kSupervisor)},
    {"referrals.attachments", Bit(Role::kOwner) | Bit(Role::kClinician) | Bit(Role::kSupervisor)},
    {"referrals.read", Bit(Role::kOwner) | Bit(Role::kClinician) | Bit(Role::kSupervisor) | Bit(Role::kFrontDesk)},
    {"referrals.write", Bit(Role::kOwner) | Bit(Role::kClinician) | Bit(Role::kSupervisor)},
    {"plans.write", Bit(Role::kOwner) | Bit(Role::kClinician) | Bit(Role::kSupervisor)},
    {"documents.read", Bit(Role::kOwner) | Bit(Role::kClinician) | Bit(Role::kSupervisor)},
    {"documents.write", Bit(Role::kOwner) | Bit(Role::kClinician) | Bit(Role::kSupervisor)},
    {"records.export", Bit(Role::kOwner) | Bit(Role::kClinician) | Bit(Role::kSupervisor)},
    {"notes.read", Bit(Role::kOwner) | Bit(Role::kClinician) | Bit(Role::kSupervisor)},
    {"notes.write", Bit(Role::kOwner) | Bit(Role::kClinician) | Bit(Role::kSupervisor)},
    {"notes.templates", Bit(Role::kOwner) | Bit(Role::kClinician) | Bit(Role::kSupervisor)},
    {"records.settings", Bit(Role::kOwner)},
    {"payers.read", kAllStaff},
    {"payers.write", Bit(Role::kOwner) | Bit(Role::kBiller)},
    {"charges.read", Bit(Role::kOwner) | Bit(Role::kBiller)},
    {"charges.write", Bit(Role::kOwner) | Bit(Role::kBiller)},
    {"claims.read", Bit(Role::kOwner) | Bit(Role::kBiller)},
    {"claims.write", Bit(Role::kOwner) | Bit(Role::kBiller)},
    {"ledger.read", Bit(Role::kOwner) | Bit(Role::kBiller) | Bit(Role::kFrontDesk)},
    {"ledger.write", Bit(Role::kOwner) | Bit(Role::kBiller) | Bit(Role::kFrontDesk)},
    {"payouts.read", Bit(Role::kOwner) | Bit(Role::kBiller) | Bit(Role::kClinician) | Bit(Role::kSupervisor)},
    {"payouts.run", Bit(Role::kOwner) | Bit(Role::kBiller)},
    {"payouts.ask", Bit(Role::kClinician) | Bit(Role::kSupervisor)},
    {"coding.preview", Bit(Role::kOwner) | Bit(Role::kClinician) | Bit(Role::kSupervisor) | Bit(Role::kBiller)},
    {"portal.self", Bit(Role::kClient)},
    // Which conversations each one sees is the messages rule (MaySeeThread): by role and relationship.
    {"messages.read", kAllStaff},
    {"messages.write", kAllStaff},
    {"messages.file", Bit(Role::kOwner) | Bit(Role::kClinician) | Bit(Role::kSupervisor)},
    {"intake.manage", Bit(Role::kOwner)},
    {"portal.invite", Bit(Role::kOwner) | Bit(Role::kClinician) | Bit(Role::kSupervisor) | Bit(Role::kFrontDesk)},
    {"telehealth.invite", Bit(Role::kOwner) | Bit(Role::kClinician) | Bit(Role::kSupervisor) | Bit(Role::kFrontDesk)},
    // Decided on a clinician's own record by the services (no route names these).
    {"schedule.manage", Bit(Role::kOwner) | Bit(Role::kFrontDesk), Bit(Role::kClinician) | Bit(Role::kSupervisor)},
    {"schedule.health.read", Bit(Role::kOwner) | Bit(Role::kSupervisor), Bit(Role::kClinician)},
};

}  // namespace

std::span<const Role> AllRoles() { return kRoles; }

std::string_view RoleName(Role role) {
  for (const auto& [r, n] : NamesOf(static_cast<const Role*>(nullptr)))
    if (r == role) return n;
  return "client";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (const auto& [r, n] : NamesOf(static_cast<const Role*>(nullptr)))
    if (n == name) return r;
  return std::nullopt;
}

bool IsStaff(Role role) { return role != Role::kClient; }

bool IsKnownAction(std::string_view action) {
  for (const auto& e : kPolicy)
    if (e.action == action) return true;
  return false;
}

bool Allows(Role role, std::string_view action) {
  for (const auto& e : kPolicy)
    if (e.action == action) return (e.roles & Bit(role)) != 0;
  return false;
}

bool AllowsOn(Role role, std::string_view action, bool own) {
  for (const auto& e : kPolicy)
    if (e.action == action) return (e.roles & Bit(role)) != 0 || (own && (e.own_roles & Bit(role)) != 0);
  return false;
}

std::vector<std::string> ActionsFor(Role role) {
  std::vector<std::string> out;
  for (const auto& e : kPolicy) {
    if (e.action == kPublicAction || e.action == kSessionAction) continue;
    if ((e.roles & Bit(role)) != 0)
      out.emplace_back(e.action);
    else if ((e.own_roles & Bit(role)) != 0)
      out.push_back(std::string(e.action) + ":own");
  }
  return out;
}

}  // namespace duet
