#include "portal/service.hpp"

#include <algorithm>
#include <unordered_map>

#include "platform/audit.hpp"
#include "portal/rules.hpp"
#include "telehealth/rules.hpp"

namespace duet::portal {
namespace {
constexpr EpochSeconds kDay = 86400;
constexpr EpochSeconds kWindow = 90 * kDay;
}  // namespace

Service::Service(db::Database& db, const Clock& clock, identity::Service& identity, practice::Service& directory,
                 scheduling::Service& scheduling, telehealth::Service& telehealth)
    : db_(db),
      clock_(clock),
      identity_(identity),
      directory_(directory),
      scheduling_(scheduling),
      telehealth_(telehealth) {}

Result<identity::IssuedInvitation> Service::InviteClient(const Principal& who, const std::string& client_id,
                                                         const std::string& email, const Origin& origin) {
  // Reading the client first applies the chart's access rules (and a client of another practice is not found).
  auto client = directory_.GetClient(who, client_id, origin);
  if (!client) return tl::unexpected(client.error());
  identity::NewInvitation request;
  request.email = email;
  request.role = Role::kClient;
  request.client_id = client_id;
  return identity_.Invite(who, request, origin);
}

Result<practice::Client> Service::Self(const Principal& who) {
  if (who.role != Role::kClient) return Fail(ErrorCode::kForbidden, "These pages are for clients.");
  auto c = directory_.ClientOfUser(who.practice_id, who.user_id);
  if (!c) return tl::unexpected(c.error());
  if (!*c) return Fail(ErrorCode::kNotFound, "This account is not linked to a client record. Ask your practice.");
  return **c;
}

Result<PortalHome> Service::Home(const Principal& who, const Origin& caller) {
  auto self = Self(who);
  if (!self) return tl::unexpected(self.error());
  Origin origin = caller;
  origin.audited_as_one = true;
  const EpochSeconds now = clock_.Now();
  // Two windows of at most 90 days each: what has been, and what is coming (a visit that started
  // in the last six hours is read with what is coming, so one in progress is never missed).
  auto before = scheduling_.ListAppointments(who, std::nullopt, self->id, now - kWindow, now - 6 * 3600, origin);
  if (!before) return tl::unexpected(before.error());
  auto after = scheduling_.ListAppointments(who, std::nullopt, self->id, now - 6 * 3600, now + kWindow, origin);
  if (!after) return tl::unexpected(after.error());
  auto services = scheduling_.ListServices(who);
  if (!services) return tl::unexpected(services.error());
  auto locations = scheduling_.ListLocations(who);
  if (!locations) return tl::unexpected(locations.error());
  auto practice_name = scheduling_.PracticeName(who.practice_id);
  if (!practice_name) return tl::unexpected(practice_name.error());

  std::unordered_map<std::string, std::string> clinician_names;
  PortalHome home;
  home.client_id = self->id;
  home.name = self->preferred_name.empty() ? self->given_name : self->preferred_name;
  home.practice_name = *practice_name;
  auto add = [&](const scheduling::Appointment& a) -> Status {
    PortalVisit v;
    v.id = a.id;
    v.start = a.start;
    v.end = a.end;
    v.mode = std::string(scheduling::VisitModeName(a.mode));
    v.status = a.status;
    auto name = clinician_names.find(a.clinician_id);
    if (name == clinician_names.end()) {
      auto k = directory_.ClinicianById(who.practice_id, a.clinician_id);
      if (!k) return tl::unexpected(k.error());
      name = clinician_names
                 .emplace(a.clinician_id,
                          k->given_name + " " + k->family_name + (k->credentials.empty() ? "" : ", " + k->credentials))
                 .first;
    }
    v.clinician_name = name->second;
    for (const auto& s : *services)
      if (s.id == a.service_id) v.service_name = s.name;
    if (a.mode == scheduling::VisitMode::kInPerson)
      for (const auto& l : *locations)
        if (l.id == a.location_id) {
          v.location_name = l.name;
          v.location_address = l.address;
        }
    v.room = std::string(telehealth::RoomState(v.mode, a.status, now, a.start, a.end));
    (IsUpcoming(v, now) ? home.upcoming : home.past).push_back(std::move(v));
    return {};
  };
  for (const auto* list : {&*before, &*after})
    for (const auto& a : *list)
      if (auto st = add(a); !st) return tl::unexpected(st.error());
  std::sort(home.upcoming.begin(), home.upcoming.end(), [](const auto& x, const auto& y) { return x.start < y.start; });
  std::sort(home.past.begin(), home.past.end(), [](const auto& x, const auto& y) { return x.start > y.start; });

  audit::Event e = audit::ByPrincipal(who, "portal.home", "client", self->id, caller.ip, caller.request_id, self->id);
  e.detail = std::to_string(home.upcoming.size()) + " upcoming, " + std::to_string(home.past.size()) + " past visits";
  if (auto st = audit::AppendNow(db_, e, now); !st) return tl::unexpected(st.error());
  return home;
}

Result<telehealth::InviteLink> Service::JoinLink(const Principal& who, const std::string& appointment_id,
                                                 const Origin& origin) {
  auto self = Self(who);
  if (!self) return tl::unexpected(self.error());
  auto a = scheduling_.FindAppointment(who.practice_id, appointment_id);
  if (!a) return tl::unexpected(a.error());
  if (auto own = MayActOn(a->client_ids, self->id); !own) return tl::unexpected(own.error());
  if (auto may = telehealth::MayJoinNow(scheduling::VisitModeName(a->mode), a->status, clock_.Now(), a->start, a->end);
      !may)
    return tl::unexpected(may.error());
  auto link = telehealth_.LinkForReminder(who.practice_id, appointment_id, self->id);
  if (!link) return tl::unexpected(link.error());
  auto st = audit::AppendNow(db_,
                             audit::ByPrincipal(who, "portal.join_link", "appointment", appointment_id, origin.ip,
                                                origin.request_id, self->id),
                             clock_.Now());
  if (!st) return tl::unexpected(st.error());
  return link;
}

}  // namespace duet::portal
