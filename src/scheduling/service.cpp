#include "scheduling/service.hpp"

#include <algorithm>

#include "platform/audit.hpp"
#include "platform/crypto.hpp"
#include "practice/rules.hpp"
#include "scheduling/rules.hpp"
#include "scheduling/store.hpp"

namespace duet::scheduling {
namespace {

audit::Event AuditFor(const Principal& who, std::string action, std::string type, std::string id, const Origin& origin,
                      std::string client_id = {}) {
  return audit::ByPrincipal(who, std::move(action), std::move(type), std::move(id), origin.ip, origin.request_id, std::move(client_id));
}

}  // namespace

Service::Service(db::Database& db, const Clock& clock, practice::Service& directory, int travel_buffer_minutes)
    : db_(db), clock_(clock), directory_(directory), travel_buffer_minutes_(travel_buffer_minutes) {}

Result<std::vector<Location>> Service::ListLocations(const Principal& who) {
  return db_.Read([&](db::Connection& c) { return store::ListLocations(c, who.practice_id); });
}

Result<Location> Service::CreateLocation(const Principal& who, Location l, const Origin& origin) {
  std::vector<std::pair<std::string, std::string>> bad;
  if (l.name.empty()) bad.emplace_back("name", "Required.");
  if (l.kind != "clinic" && l.kind != "client_home") bad.emplace_back("kind", "Choose clinic or client_home.");
  if (!practice::IsValidTimeZone(l.time_zone)) bad.emplace_back("time_zone", "Use an IANA time zone such as America/Denver.");
  if (!bad.empty()) {
    Error e{ErrorCode::kInvalid, bad.front().second, {}, bad.front().first};
    e.field_errors = bad;
    return tl::unexpected(e);
  }
  l.id = crypto::NewId();
  EpochSeconds now = clock_.Now();
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto r = store::InsertLocation(c, who.practice_id, l, now); !r) return r;
    return audit::Append(c, AuditFor(who, "location.create", "location", l.id, origin), now);
  });
  if (!st) return tl::unexpected(st.error());
  return l;
}

Result<std::vector<ClinicalService>> Service::ListServices(const Principal& who) {
  return db_.Read([&](db::Connection& c) { return store::ListServices(c, who.practice_id); });
}

Result<ClinicalService> Service::CreateService(const Principal& who, ClinicalService s, const Origin& origin) {
  std::vector<std::pair<std::string, std::string>> bad;
  if (s.name.empty()) bad.emplace_back("name", "Required.");
  if (s.duration_minutes < 5 || s.duration_minutes > 480) bad.emplace_back("duration_minutes", "Between 5 and 480 minutes.");
  if (s.modes.empty()) bad.emplace_back("modes", "Choose at least one of in_person, video, audio.");
  if (s.in_person_required && (s.modes.size() != 1 || s.modes.front() != VisitMode::kInPerson))
    bad.emplace_back("modes", "A service that must be in person is offered in person only.");
  auto fee_for = [&](VisitMode m) {
    return m == VisitMode::kInPerson ? s.fees.in_person : m == VisitMode::kVideo ? s.fees.video : s.fees.audio;
  };
  for (auto m : s.modes)
    if (!fee_for(m)) bad.emplace_back("fees." + std::string(VisitModeName(m)), "A fee is needed for every mode offered.");
  if (!bad.empty()) {
    Error e{ErrorCode::kInvalid, bad.front().second, {}, bad.front().first};
    e.field_errors = bad;
    return tl::unexpected(e);
  }
  s.id = crypto::NewId();
  EpochSeconds now = clock_.Now();
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto r = store::InsertService(c, who.practice_id, s, now); !r) return r;
    return audit::Append(c, AuditFor(who, "service.create", "service", s.id, origin), now);
  });
  if (!st) return tl::unexpected(st.error());
  return s;
}

Status Service::MayManageSchedule(const Principal& who, const practice::Clinician& k) {
  if (who.role == Role::kOwner || who.role == Role::kFrontDesk) return {};
  if ((who.role == Role::kClinician || who.role == Role::kSupervisor) && !k.user_id.empty() && k.user_id == who.user_id) return {};
  return Fail(ErrorCode::kForbidden, "Only the front desk, the owner or the clinician themself can change this schedule.");
}

Result<Availability> Service::GetAvailability(const Principal& who, const std::string& clinician_id) {
  auto k = directory_.GetClinician(who, clinician_id);
  if (!k) return tl::unexpected(k.error());
  auto a = db_.Read([&](db::Connection& c) { return store::LoadAvailability(c, who.practice_id, clinician_id); });
  if (!a) return tl::unexpected(a.error());
  return Availability{std::move(a->first), std::move(a->second)};
}

Result<Availability> Service::PutAvailability(const Principal& who, const std::string& clinician_id, Availability a, const Origin& origin) {
  auto k = directory_.GetClinician(who, clinician_id);
  if (!k) return tl::unexpected(k.error());
  if (auto may = MayManageSchedule(who, *k); !may) return tl::unexpected(may.error());
  std::vector<std::pair<std::string, std::string>> bad;
  for (std::size_t i = 0; i < a.blocks.size(); ++i) {
    const auto& b = a.blocks[i];
    std::string f = "blocks[" + std::to_string(i) + "]";
    if (b.weekday < 1 || b.weekday > 7) bad.emplace_back(f + ".weekday", "1 (Monday) to 7 (Sunday).");
    if (b.start_minute < 0 || b.end_minute > 24 * 60 || b.end_minute <= b.start_minute)
      bad.emplace_back(f + ".end_time", "The block must end after it starts, within the day.");
    for (std::size_t j = 0; j < i; ++j) {
      const auto& o = a.blocks[j];
      if (o.weekday == b.weekday && o.start_minute < b.end_minute && b.start_minute < o.end_minute)
        bad.emplace_back(f + ".start_time", "Overlaps another block on the same day.");
    }
  }
  if (!bad.empty()) {
    Error e{ErrorCode::kInvalid, bad.size() == 1 ? bad.front().second : std::to_string(bad.size()) + " fields need attention.", {}, bad.front().first};
    e.field_errors = bad;
    return tl::unexpected(e);
  }
  EpochSeconds now = clock_.Now();
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto r = store::ReplaceAvailability(c, who.practice_id, clinician_id, a.blocks, a.exceptions); !r) return r;
    return audit::Append(c, AuditFor(who, "availability.update", "clinician", clinician_id, origin), now);
  });
  if (!st) return tl::unexpected(st.error());
  return GetAvailability(who, clinician_id);
}

Result<std::pair<BookingRequest, BookingFacts>> Service::Prepare(const Principal& who, const NewAppointment& r) {
  if (r.client_ids.empty()) return Fail(ErrorCode::kInvalid, "Choose a client.", {}, "client_id");
  auto k = directory_.GetClinician(who, r.clinician_id);
  if (!k) return tl::unexpected(k.error());
  if (auto may = MayManageSchedule(who, *k); !may) return tl::unexpected(may.error());
  auto service = db_.Read([&](db::Connection& c) { return store::FindService(c, who.practice_id, r.service_id); });
  if (!service) return tl::unexpected(service.error());
  if (!*service) return Fail(ErrorCode::kInvalid, "Choose a service of this practice.", {}, "service_id");
  if (static_cast<int>(r.client_ids.size()) > (*service)->group_size)
    return Fail(ErrorCode::kInvalid, "This service takes at most " + std::to_string((*service)->group_size) + " clients.", {}, "client_ids");
  auto clients = directory_.ClientPlaces(who.practice_id, r.client_ids);
  if (!clients) return tl::unexpected(clients.error());
  BookingRequest request{k->time_zone, **service, r.mode, r.start, r.end.value_or(r.start + (*service)->duration_minutes * 60),
                         r.location_id, r.override_reason};
  BookingFacts facts;
  facts.travel_buffer_minutes = travel_buffer_minutes_;
  if (IsTelehealth(r.mode)) {
    // Lawful only where the clinician may practise in each client's expected state, on the client's date.
    for (const auto& client : *clients) {
      Date on = ToLocal(r.start, client.time_zone).date;
      auto coverage = directory_.CheckLicensure(who.practice_id, r.clinician_id, client.location_state, on, practice::Mode::kTelehealth);
      if (!coverage) return tl::unexpected(coverage.error());
      if (!facts.licensure || !coverage->allowed) facts.licensure = *coverage;
      if (!coverage->allowed) break;
    }
  }
  return std::make_pair(request, facts);
}

Result<BookingDecision> Service::Decide(db::Connection& c, const Principal& who, const BookingRequest& request, BookingFacts facts,
                                        const std::string& clinician_id, const std::vector<std::string>& client_ids,
                                        const std::string& except_id) {
  // Decide under the people's locks so that concurrent bookings see each other (rule 3).
  if (auto l = store::LockPeople(c, who.practice_id, clinician_id, client_ids); !l) return tl::unexpected(l.error());
  constexpr EpochSeconds kDay = 36 * 3600;  // the local day around the visit, whatever the zone
  auto availability = store::LoadAvailability(c, who.practice_id, clinician_id);
  if (!availability) return tl::unexpected(availability.error());
  facts.blocks = std::move(availability->first);
  facts.exceptions = std::move(availability->second);
  auto busy = store::BusyForClinician(c, who.practice_id, clinician_id, request.start - kDay, request.end + kDay, except_id);
  if (!busy) return tl::unexpected(busy.error());
  facts.clinician_busy = std::move(*busy);
  auto client_busy = store::BusyForClients(c, who.practice_id, client_ids, request.start, request.end, except_id);
  if (!client_busy) return tl::unexpected(client_busy.error());
  facts.client_busy = std::move(*client_busy);
  return CheckBooking(request, facts);
}

Result<Appointment> Service::Book(const Principal& who, const NewAppointment& r, const Origin& origin) {
  auto prepared = Prepare(who, r);
  if (!prepared) return tl::unexpected(prepared.error());
  const auto& [request, facts] = *prepared;
  Appointment a;
  a.id = crypto::NewId();
  a.practice_id = who.practice_id;
  a.clinician_id = r.clinician_id;
  a.client_ids = r.client_ids;
  a.service_id = r.service_id;
  a.mode = r.mode;
  a.location_id = r.mode == VisitMode::kInPerson ? r.location_id : "";
  a.start = request.start;
  a.end = request.end;
  a.time_zone = request.clinician_zone;
  a.status = "booked";
  a.override_reason = r.override_reason.value_or("");
  EpochSeconds now = clock_.Now();
  a.created_at = now;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto decision = Decide(c, who, request, facts, r.clinician_id, r.client_ids, a.id);
    if (!decision) return tl::unexpected(decision.error());
    a.warnings = decision->warnings;
    a.block_conversion = decision->block_conversion;
    if (auto ins = store::InsertAppointment(c, a, who.user_id); !ins) return ins;
    for (const auto& client : a.client_ids)
      if (auto au = audit::Append(c, AuditFor(who, "appointment.create", "appointment", a.id, origin, client), now); !au) return au;
    return {};
  });
  if (!st) return tl::unexpected(st.error());
  return a;
}

Result<Appointment> Service::Reschedule(const Principal& who, const std::string& id, const NewAppointment& changes, std::int64_t version,
                                        const Origin& origin) {
  auto current = db_.Read([&](db::Connection& c) { return store::FindAppointment(c, who.practice_id, id); });
  if (!current) return tl::unexpected(current.error());
  if (!*current) return Fail(ErrorCode::kNotFound, "No such appointment.");
  Appointment a = **current;
  if (IsClosed(a.status)) return FailRule("status", "This visit is already " + a.status + ".");
  if (version != 0 && version != a.version) return Fail(ErrorCode::kConflict, "Someone else changed this visit. Reload and try again.");
  NewAppointment r = changes;
  r.clinician_id = a.clinician_id;
  r.client_ids = a.client_ids;
  r.service_id = a.service_id;
  auto prepared = Prepare(who, r);
  if (!prepared) return tl::unexpected(prepared.error());
  const auto& [request, facts] = *prepared;
  EpochSeconds now = clock_.Now();
  a.mode = r.mode;
  a.location_id = r.mode == VisitMode::kInPerson ? r.location_id : "";
  a.start = request.start;
  a.end = request.end;
  a.override_reason = r.override_reason.value_or("");
  a.version += 1;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto decision = Decide(c, who, request, facts, a.clinician_id, a.client_ids, a.id);
    if (!decision) return tl::unexpected(decision.error());
    a.warnings = decision->warnings;
    a.block_conversion = decision->block_conversion;
    auto ok = store::UpdateBooking(c, a, who.user_id, now);
    if (!ok) return tl::unexpected(ok.error());
    if (!*ok) return Fail(ErrorCode::kConflict, "Someone else changed this visit. Reload and try again.");
    for (const auto& client : a.client_ids)
      if (auto au = audit::Append(c, AuditFor(who, "appointment.reschedule", "appointment", a.id, origin, client), now); !au) return au;
    return {};
  });
  if (!st) return tl::unexpected(st.error());
  return a;
}

Result<Appointment> Service::ChangeStatus(const Principal& who, const std::string& id, StatusAction action, const std::string& reason,
                                          const Origin& origin) {
  if (action == StatusAction::kCancel && reason.empty()) return Fail(ErrorCode::kInvalid, "Say why the visit is cancelled.", {}, "reason");
  EpochSeconds now = clock_.Now();
  Appointment out;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto a = store::FindAppointment(c, who.practice_id, id);
    if (!a) return tl::unexpected(a.error());
    if (!*a) return Fail(ErrorCode::kNotFound, "No such appointment.");
    auto next = NextStatus((*a)->status, action, now, (*a)->start, (*a)->end);
    if (!next) return tl::unexpected(next.error());
    auto ok = store::UpdateStatus(c, **a, (*a)->status, *next, who.user_id, reason, now);
    if (!ok) return tl::unexpected(ok.error());
    if (!*ok) return Fail(ErrorCode::kConflict, "Someone else changed this visit. Reload and try again.");
    out = **a;
    out.status = *next;
    out.version += 1;
    for (const auto& client : out.client_ids)
      if (auto au = audit::Append(c, AuditFor(who, "appointment." + *next, "appointment", id, origin, client), now); !au) return au;
    return {};
  });
  if (!st) return tl::unexpected(st.error());
  return out;
}

Result<std::vector<std::pair<Slot, std::string>>> Service::FindOpenSlots(const Principal& who, const std::string& service_id,
                                                                          const std::string& client_id, VisitMode mode, EpochSeconds from,
                                                                          EpochSeconds to, const std::optional<std::string>& clinician_id) {
  if (to <= from || to - from > 62 * 86400) return Fail(ErrorCode::kInvalid, "Search at most 62 days at a time.", {}, "to");
  auto service = db_.Read([&](db::Connection& c) { return store::FindService(c, who.practice_id, service_id); });
  if (!service) return tl::unexpected(service.error());
  if (!*service) return Fail(ErrorCode::kInvalid, "Choose a service of this practice.", {}, "service_id");
  auto clients = directory_.ClientPlaces(who.practice_id, {client_id});
  if (!clients) return tl::unexpected(clients.error());
  const auto& client = clients->front();
  std::vector<practice::Clinician> candidates;
  if (clinician_id) {
    auto k = directory_.GetClinician(who, *clinician_id);
    if (!k) return tl::unexpected(k.error());
    candidates.push_back(*k);
  } else {
    auto all = directory_.ListClinicians(who);
    if (!all) return tl::unexpected(all.error());
    for (auto& k : *all) {
      const auto& ds = (*service)->disciplines;
      if (k.active && (ds.empty() || std::find(ds.begin(), ds.end(), k.discipline) != ds.end())) candidates.push_back(std::move(k));
    }
  }
  Date client_day = ToLocal(from, client.time_zone).date;
  std::vector<ClinicianCalendar> calendars;
  std::vector<Busy> client_busy;
  auto st = db_.Read([&](db::Connection& c) -> Result<bool> {
    for (const auto& k : candidates) {
      ClinicianCalendar cal;
      cal.clinician_id = k.id;
      cal.zone = k.time_zone;
      auto availability = store::LoadAvailability(c, who.practice_id, k.id);
      if (!availability) return tl::unexpected(availability.error());
      cal.blocks = std::move(availability->first);
      cal.exceptions = std::move(availability->second);
      auto busy = store::BusyForClinician(c, who.practice_id, k.id, from - 86400, to + 86400, "");
      if (!busy) return tl::unexpected(busy.error());
      cal.busy = std::move(*busy);
      std::sort(cal.busy.begin(), cal.busy.end(), [](const Busy& a, const Busy& b) { return a.start < b.start; });
      calendars.push_back(std::move(cal));
    }
    auto cb = store::BusyForClients(c, who.practice_id, {client_id}, from - 86400, to + 86400, "");
    if (!cb) return tl::unexpected(cb.error());
    client_busy = std::move(*cb);
    std::sort(client_busy.begin(), client_busy.end(), [](const Busy& a, const Busy& b) { return a.start < b.start; });
    return true;
  });
  if (!st) return tl::unexpected(st.error());
  if (IsTelehealth(mode)) {
    for (auto& cal : calendars) {
      auto coverage = directory_.CheckLicensure(who.practice_id, cal.clinician_id, client.location_state, client_day, practice::Mode::kTelehealth);
      if (!coverage) return tl::unexpected(coverage.error());
      if (coverage->allowed) {
        cal.licensed_from = client_day;
        cal.licensed_through = coverage->expires_on;
      }
    }
  }
  std::vector<std::pair<Slot, std::string>> out;
  for (auto& slot : FindSlots(**service, mode, from, to, calendars, client_busy)) {
    auto it = std::find_if(calendars.begin(), calendars.end(), [&](const auto& c) { return c.clinician_id == slot.clinician_id; });
    out.emplace_back(slot, it->zone);
  }
  return out;
}

Result<Appointment> Service::GetAppointment(const Principal& who, const std::string& id, const Origin& origin) {
  auto a = db_.Read([&](db::Connection& c) { return store::FindAppointment(c, who.practice_id, id); });
  if (!a) return tl::unexpected(a.error());
  if (!*a) return Fail(ErrorCode::kNotFound, "No such appointment.");
  for (const auto& client : (*a)->client_ids)
    if (auto au = audit::AppendNow(db_, AuditFor(who, "appointment.read", "appointment", id, origin, client), clock_.Now()); !au)
      return tl::unexpected(au.error());
  return **a;
}

Result<std::vector<Appointment>> Service::ListAppointments(const Principal& who, const std::optional<std::string>& clinician_id,
                                                           const std::optional<std::string>& client_id, EpochSeconds from, EpochSeconds to,
                                                           const Origin& origin) {
  if (to <= from || to - from > 93 * 86400) return Fail(ErrorCode::kInvalid, "Ask for at most 93 days at a time.", {}, "to");
  store::AppointmentQuery q{clinician_id, client_id, from, to};
  auto list = db_.Read([&](db::Connection& c) { return store::ListAppointments(c, who.practice_id, q); });
  if (!list) return tl::unexpected(list.error());
  audit::Event e = AuditFor(who, "appointment.list", "appointment", std::to_string(list->size()) + " results", origin, client_id.value_or(""));
  if (auto au = audit::AppendNow(db_, e, clock_.Now()); !au) return tl::unexpected(au.error());
  return list;
}

}  // namespace duet::scheduling
