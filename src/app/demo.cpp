#include "app/demo.hpp"

namespace duet::app {
namespace {
struct DemoUser {
  std::string_view email;
  std::string_view name;
  Role role;
};
// Synthetic people; the example.com domain is reserved for documentation (RFC 2606).
constexpr DemoUser kDemoUsers[] = {
    {"therapist@demo.example.com", "Dr. Rowan Stone, LPC", Role::kClinician},
    {"psychiatry@demo.example.com", "Avery Chen, PMHNP-BC", Role::kClinician},
    {"ot@demo.example.com", "Jordan Ellis, OTR/L", Role::kClinician},
    {"supervisor@demo.example.com", "Dr. Morgan Reyes, LCSW", Role::kSupervisor},
    {"billing@demo.example.com", "Casey Brooks", Role::kBiller},
    {"frontdesk@demo.example.com", "Riley Patel", Role::kFrontDesk},
    {"client@demo.example.com", "Alex Morgan", Role::kClient},
};
constexpr std::string_view kOwnerEmail = "owner@demo.example.com";
}  // namespace

Result<std::string> SeedDemoPractice(App& app) {
  identity::NewPractice practice{"Duet Demo Practice", std::string(kOwnerEmail), "Sam Rivera (owner)", std::string(kDemoPassword), true};
  auto practice_id = app.identity().CreatePractice(practice);
  if (!practice_id) return tl::unexpected(practice_id.error());
  for (const auto& u : kDemoUsers) {
    auto id = app.identity().CreateUser(*practice_id, {std::string(u.email), std::string(u.name), u.role, std::string(kDemoPassword), true});
    if (!id) return tl::unexpected(id.error());
  }
  return *practice_id;
}

std::string DemoSignIns() {
  std::string out = "Demo sign-ins (password for all: " + std::string(kDemoPassword) + "):\n";
  out += "  owner       " + std::string(kOwnerEmail) + "\n";
  for (const auto& u : kDemoUsers) {
    std::string role(RoleName(u.role));
    out += "  " + role + std::string(12 - std::min<std::size_t>(11, role.size()), ' ') + std::string(u.email) + "  (" + std::string(u.name) + ")\n";
  }
  return out;
}

}  // namespace duet::app
