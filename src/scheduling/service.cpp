#include "scheduling/service.hpp"

#include <algorithm>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "platform/audit.hpp"
#include "platform/crypto.hpp"
#include "platform/words.hpp"
#include "practice/rules.hpp"
#include "scheduling/rules.hpp"
#include "scheduling/store.hpp"

namespace duet::scheduling {
namespace {

audit::Event AuditFor(const Principal& who, std::string action, std::string type, std::string id, const Origin& origin,
                      std::string client_id = {}) {
  return audit::ByPrincipal(who, std::move(action), std::move(type), std::move(id), origin.ip, origin.request_id,
                            std::move(client_id));
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
  if (!practice::IsValidTimeZone(l.time_zone))
    bad.emplace_back("time_zone", "Use an IANA time zone such as America/Denver.");
  if (!l.state.empty() && !FindJurisdiction(l.state))
    bad.emplace_back("state", "Use a two-letter state code such as CO.");
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
  if (s.duration_minutes < 5 || s.duration_minutes > 480)
    bad.emplace_back("duration_minutes", "Between 5 and 480 minutes.");
  if (s.modes.empty()) bad.emplace_back("modes", "Choose at least one of in_person, video, audio.");
  if (s.in_person_required && (s.modes.size() != 1 || s.modes.front() != VisitMode::kInPerson))
    bad.emplace_back("modes", "A service that must be in person is offered in person only.");
  auto fee_for = [&](VisitMode m) {
    return m == VisitMode::kInPerson ? s.fees.in_person : m == VisitMode::kVideo ? s.fees.video : s.fees.audio;
  };
  for (auto m : s.modes)
    if (!fee_for(m))
      bad.emplace_back("fees." + std::string(VisitModeName(m)), "A fee is needed for every mode offered.");
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

Result<ClinicalService> Service::SetClientBookable(const Principal& who, const std::string& service_id, bool bookable,
                                                   std::optional<bool> new_clients, const Origin& origin) {
  EpochSeconds now = clock_.Now();
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto found = store::SetClientBookable(c, who.practice_id, service_id, bookable, new_clients);
    if (!found) return tl::unexpected(found.error());
    if (!*found) return Fail(ErrorCode::kNotFound, "No such service.");
    audit::Event e = AuditFor(who, "service.client_booking", "service", service_id, origin);
    e.detail = std::string(bookable ? "clients: on" : "clients: off") +
               (new_clients ? (*new_clients ? ", new clients: on" : ", new clients: off") : "");
    return audit::Append(c, e, now);
  });
  if (!st) return tl::unexpected(st.error());
  auto s = db_.Read([&](db::Connection& c) { return store::FindService(c, who.practice_id, service_id); });
  if (!s) return tl::unexpected(s.error());
  if (!*s) return Fail(ErrorCode::kNotFound, "No such service.");
  return **s;
}

Status Service::MayBookForSelf(const Principal& who, const NewAppointment& r) {
  // A guardian books for the client whose pages they are on, when the practice lets them see visits.
  auto self = directory_.PortalClient(who, practice::PortalArea::kAppointments);
  if (!self) return tl::unexpected(self.error());
  if (r.client_ids.size() != 1 || r.client_ids.front() != self->client.id)
    return Fail(ErrorCode::kForbidden, "A client books for themselves only.");
  if (r.override_reason || r.recurrence || !r.waitlist_entry_id.empty())
    return Fail(ErrorCode::kForbidden, "A client's booking keeps every rule: no overrides, series or waitlist.");
  if (r.kind != "visit" || !r.joint_clinician_id.empty() || !r.partner_id.empty())
    return Fail(ErrorCode::kForbidden, "A client books visits with one clinician.");
  return {};
}

Status Service::MayManageSchedule(const Principal& who, const practice::Clinician& k) {
  if (AllowsOn(who.role, "schedule.manage", !k.user_id.empty() && k.user_id == who.user_id)) return {};
  return Fail(ErrorCode::kForbidden,
              "Only the front desk, the owner or the clinician themself can change this schedule.");
}

Result<Availability> Service::GetAvailability(const Principal& who, const std::string& clinician_id) {
  auto k = directory_.GetClinician(who, clinician_id);
  if (!k) return tl::unexpected(k.error());
  auto a = db_.Read([&](db::Connection& c) { return store::LoadAvailability(c, who.practice_id, clinician_id); });
  if (!a) return tl::unexpected(a.error());
  return Availability{std::move(a->first), std::move(a->second)};
}

Result<Availability> Service::PutAvailability(const Principal& who, const std::string& clinician_id, Availability a,
                                              const Origin& origin) {
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
    Error e{ErrorCode::kInvalid,
            bad.size() == 1 ? bad.front().second : std::to_string(bad.size()) + " fields need attention.",
            {},
            bad.front().first};
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

Result<std::pair<BookingRequest, BookingFacts>> Service::Prepare(const Principal& who, const NewAppointment& r,
                                                                 const std::string& except_id) {
  if (r.client_ids.empty()) return Fail(ErrorCode::kInvalid, "Choose a client.", {}, "client_id");
  // The clinician, the clients, the licences, the compact table and the service: one round trip on PostgreSQL.
  std::optional<ClinicalService> service;
  const db::Read also[] = {store::ReadService(who.practice_id, r.service_id, service)};
  auto people = directory_.PeopleForBooking(who.practice_id, r.clinician_id, r.client_ids, also);
  if (!people) return tl::unexpected(people.error());
  const practice::Clinician& k = people->clinician;
  if (who.role == Role::kClient) {
    if (auto may = MayBookForSelf(who, r); !may) return tl::unexpected(may.error());
  } else if (auto may = MayManageSchedule(who, k); !may) {
    return tl::unexpected(may.error());
  }
  if (!service) return Fail(ErrorCode::kInvalid, "Choose a service of this practice.", {}, "service_id");
  if (static_cast<int>(r.client_ids.size()) > service->group_size)
    return Fail(ErrorCode::kInvalid, "This service takes at most " + std::to_string(service->group_size) + " clients.",
                {}, "client_ids");
  if (auto found = people->AllClientsFound(r.client_ids.size()); !found) return tl::unexpected(found.error());
  std::vector<practice::Client>& clients = people->clients;
  // Where the client said they will be (one client) stands for where they usually are.
  if (!r.client_state.empty() && clients.size() == 1) clients.front().location_state = r.client_state;
  BookingRequest request{
      k.time_zone,   *service,         r.mode, r.start, r.end.value_or(r.start + service->duration_minutes * 60),
      r.location_id, r.override_reason};
  BookingFacts facts;
  facts.travel_buffer_minutes = travel_buffer_minutes_;
  if (r.kind == "conference") {
    if (auto ok = PrepareConference(who, r, clients.front()); !ok) return tl::unexpected(ok.error());
    facts.conference = true;
    facts.attendee_ids = r.attendee_ids;
    return std::make_pair(request, facts);  // staff only: no client licensure, payer or joint clinician
  }
  if (r.kind != "visit") return Fail(ErrorCode::kInvalid, "A visit or a conference.", {}, "kind");
  if (!r.attendee_ids.empty())
    return Fail(ErrorCode::kInvalid, "Only a case conference has attendees.", {}, "attendee_ids");
  if (advisor_) {
    auto advice = advisor_(who.practice_id, k, clients, ToLocal(r.start, k.time_zone).date);
    if (!advice) return tl::unexpected(advice.error());
    facts.advisories = std::move(*advice);
  }
  if (IsTelehealth(r.mode)) {
    // Lawful only where the clinician may practise in each client's expected state, on the client's date.
    for (const auto& client : clients) {
      Date on = ToLocal(r.start, client.time_zone).date;
      auto coverage = directory_.CheckLicensure(*people, client.location_state, on, practice::Mode::kTelehealth);
      if (!facts.licensure || !coverage.allowed) facts.licensure = coverage;
      if (!coverage.allowed) break;
    }
  } else if (!r.location_id.empty()) {
    auto places = db_.Read([&](db::Connection& c) { return store::ListLocations(c, who.practice_id); });
    if (!places) return tl::unexpected(places.error());
    auto place = std::find_if(places->begin(), places->end(), [&](const Location& l) { return l.id == r.location_id; });
    if (place == places->end()) return Fail(ErrorCode::kInvalid, "Choose a place of this practice.", {}, "location_id");
    if (!place->state.empty()) {
      // In person the clinician practises where the clinic is. Under a PSYPACT TAP every other day
      // this calendar year with an in-person visit in that state counts toward the 30.
      const std::string& zone = place->time_zone.empty() ? k.time_zone : place->time_zone;
      LocalTime at = ToLocal(r.start, zone);
      date::year year = date::year_month_day(at.date).year();
      auto starts = db_.Read([&](db::Connection& c) {
        return store::InPersonStartsInState(c, who.practice_id, r.clinician_id, place->state,
                                            FromLocal(Date(year / 1 / 1), 0, zone),
                                            FromLocal(Date((year + date::years{1}) / 1 / 1), 0, zone), except_id);
      });
      if (!starts) return tl::unexpected(starts.error());
      std::vector<Date> days;
      for (EpochSeconds s : *starts)
        if (Date d = ToLocal(s, zone).date; d != at.date) days.push_back(d);
      std::sort(days.begin(), days.end());
      days.erase(std::unique(days.begin(), days.end()), days.end());
      facts.licensure = directory_.CheckLicensure(*people, place->state, at.date, practice::Mode::kInPerson,
                                                  static_cast<int>(days.size()));
    }
  }
  if (!r.joint_clinician_id.empty() || !r.joint_service_id.empty() || !r.partner_id.empty()) {
    auto joint = PrepareJoint(who, r.clinician_id, r.joint_clinician_id, r.joint_service_id, r.location_id, clients,
                              r.start, r.partner_id);
    if (!joint) return tl::unexpected(joint.error());
    facts.joint = std::move(*joint);
  }
  return std::make_pair(request, facts);
}

Status Service::PrepareConference(const Principal& who, const NewAppointment& r, const practice::Client& client) {
  if (r.client_ids.size() != 1)
    return Fail(ErrorCode::kInvalid, "A case conference is about one client.", {}, "client_ids");
  if (!r.joint_clinician_id.empty() || !r.partner_id.empty())
    return Fail(ErrorCode::kInvalid, "A case conference has attendees, not a joint clinician.", {},
                "joint_clinician_id");
  if (r.attendee_ids.empty())
    return Fail(ErrorCode::kInvalid, "Invite at least one other clinician of the client's care team.", {},
                "attendee_ids");
  // Those who meet about the client treat them: the organizer and every attendee are on the care team today.
  auto on_team = [&](const std::string& id) {
    return std::find(client.clinician_ids.begin(), client.clinician_ids.end(), id) != client.clinician_ids.end();
  };
  if (!on_team(r.clinician_id))
    return FailRule("conference", "The clinician holding the conference is not on the client's care team.");
  for (std::size_t i = 0; i < r.attendee_ids.size(); ++i) {
    const auto& id = r.attendee_ids[i];
    const std::string field = "attendee_ids[" + std::to_string(i) + "]";
    if (id == r.clinician_id ||
        std::find(r.attendee_ids.begin(), r.attendee_ids.begin() + i, id) != r.attendee_ids.begin() + i)
      return Fail(ErrorCode::kInvalid, "Each attendee once, besides the clinician holding it.", {}, field);
    auto k = directory_.ClinicianById(who.practice_id, id);
    if (!k && k.error().code != ErrorCode::kNotFound) return tl::unexpected(k.error());
    if (!k || !k->active) return Fail(ErrorCode::kInvalid, "Choose active clinicians of this practice.", {}, field);
    if (!on_team(id))
      return FailRule("conference", "An attendee is not on the client's care team: add them to the team first.");
  }
  return {};
}

Result<JointFacts> Service::PrepareJoint(const Principal& who, const std::string& clinician_id,
                                         const std::string& joint_clinician_id, const std::string& joint_service_id,
                                         const std::string& location_id, const std::vector<practice::Client>& clients,
                                         EpochSeconds start, const std::string& partner_id) {
  if (joint_clinician_id.empty())
    return Fail(ErrorCode::kInvalid, "Choose the clinician who joins by video.", {}, "joint_clinician_id");
  if (joint_clinician_id == clinician_id)
    return Fail(ErrorCode::kInvalid, "The clinician who joins by video is another than the visit's own.", {},
                "joint_clinician_id");
  if (!partner_id.empty()) {
    // A partner organization's clinician: their organization codes and bills their part; the client's release
    // naming the partner lets them in (care/ decides), and their licence is checked below as for our own.
    if (!joint_service_id.empty())
      return Fail(ErrorCode::kInvalid,
                  "A partner organization's clinician has no service here: their organization codes their part.", {},
                  "joint_service_id");
    if (!partner_joiner_) return Fail(ErrorCode::kInvalid, "No such partner organization.", {}, "partner_id");
    std::vector<std::string> ids;
    for (const auto& client : clients) ids.push_back(client.id);
    auto k = partner_joiner_(who.practice_id, partner_id, joint_clinician_id, ids);
    if (!k) return tl::unexpected(k.error());
    return JointLicensure(who, *k, location_id, clients, start);
  }
  auto k = directory_.ClinicianById(who.practice_id, joint_clinician_id);
  if (!k) {
    if (k.error().code != ErrorCode::kNotFound) return tl::unexpected(k.error());
    return Fail(ErrorCode::kInvalid, "Choose a clinician of this practice to join.", {}, "joint_clinician_id");
  }
  if (!k->active) return Fail(ErrorCode::kInvalid, "That clinician is not active.", {}, "joint_clinician_id");
  auto service = db_.Read([&](db::Connection& c) { return store::FindService(c, who.practice_id, joint_service_id); });
  if (!service) return tl::unexpected(service.error());
  if (!*service)
    return Fail(ErrorCode::kInvalid, "Choose the service the joining clinician's part is coded as.", {},
                "joint_service_id");
  const auto& s = **service;
  if (s.in_person_required || std::find(s.modes.begin(), s.modes.end(), VisitMode::kVideo) == s.modes.end())
    return Fail(ErrorCode::kInvalid, s.name + " is not offered by video: the joining clinician's part is by video.", {},
                "joint_service_id");
  if (!s.disciplines.empty() &&
      std::find(s.disciplines.begin(), s.disciplines.end(), k->discipline) == s.disciplines.end())
    return Fail(ErrorCode::kInvalid, s.name + " is not among the joining clinician's services.", {},
                "joint_service_id");
  // They join the client's care: they are on each client's care team today (a referral accepted, or added).
  for (const auto& client : clients)
    if (std::find(client.clinician_ids.begin(), client.clinician_ids.end(), k->id) == client.clinician_ids.end())
      return FailRule("joint",
                      "The clinician joining is not on the client's care team: add them to the team (or refer) first.");
  return JointLicensure(who, *k, location_id, clients, start);
}

Result<JointFacts> Service::JointLicensure(const Principal& who, const practice::Clinician& k,
                                           const std::string& location_id, const std::vector<practice::Client>& clients,
                                           EpochSeconds start) {
  // The client is at the clinic: the joining clinician practises by telehealth into the clinic's state.
  auto clinic = ClinicState(who.practice_id, location_id);
  if (!clinic) return tl::unexpected(clinic.error());
  const std::string& clinic_state = *clinic;
  JointFacts j;
  j.clinician_id = k.id;
  if (k.practice_id != who.practice_id) j.practice_id = k.practice_id;
  for (const auto& client : clients) {
    const std::string& state = clinic_state.empty() ? client.location_state : clinic_state;
    auto coverage =
        directory_.CheckLicensure(k, state, ToLocal(start, client.time_zone).date, practice::Mode::kTelehealth);
    if (!coverage) return tl::unexpected(coverage.error());
    if (!j.licensure || !coverage->allowed) j.licensure = *coverage;
    if (!coverage->allowed) break;
  }
  return j;
}

Result<BookingDecision> Service::Decide(db::Connection& c, const Principal& who, const BookingRequest& request,
                                        BookingFacts facts, const std::string& clinician_id,
                                        const std::vector<std::string>& client_ids, const std::string& except_id,
                                        std::span<const db::Read> also) {
  // Decide under the people's locks so that concurrent bookings see each other (rule 3).
  std::vector<std::string> clinicians = {clinician_id};
  if (facts.joint) clinicians.push_back(facts.joint->clinician_id);
  clinicians.insert(clinicians.end(), facts.attendee_ids.begin(), facts.attendee_ids.end());
  if (auto l = store::LockPeople(c, who.practice_id, clinicians, client_ids); !l) return tl::unexpected(l.error());
  // Everything the rules read under the locks, in one round trip on PostgreSQL (with the locks themselves).
  facts.blocks.clear();
  facts.exceptions.clear();
  facts.clinician_busy.clear();
  facts.client_busy.clear();
  facts.attendee_busy.clear();
  std::vector<db::Read> reads;
  reads.push_back(store::ReadBlocks(who.practice_id, clinician_id, facts.blocks));
  reads.push_back(store::ReadExceptions(who.practice_id, clinician_id, facts.exceptions));
  const TimeWindow window = ClinicianWindow(request, facts.travel_buffer_minutes);
  reads.push_back(
      store::ReadClinicianBusy(who.practice_id, clinician_id, window.from, window.to, except_id, facts.clinician_busy));
  // A case conference takes its attendees' time, not the client's (the client is not in it).
  if (!facts.conference)
    for (const auto& client : client_ids)
      reads.push_back(
          store::ReadClientBusy(who.practice_id, client, request.start, request.end, except_id, facts.client_busy));
  for (const auto& attendee : facts.attendee_ids)
    reads.push_back(store::ReadClinicianBusy(who.practice_id, attendee, request.start, request.end, except_id,
                                             facts.attendee_busy));
  if (facts.joint) {
    const std::string& joint_practice = facts.joint->practice_id.empty() ? who.practice_id : facts.joint->practice_id;
    facts.joint->busy.clear();
    reads.push_back(store::ReadClinicianBusy(joint_practice, facts.joint->clinician_id, request.start, request.end,
                                             except_id, facts.joint->busy));
  }
  reads.insert(reads.end(), also.begin(), also.end());
  if (auto st = c.EachOf(reads); !st) return tl::unexpected(st.error());
  auto decision = CheckBooking(request, facts);
  if (decision && who.role == Role::kClient)
    if (auto keeps = ClientMayTake(*decision); !keeps) return tl::unexpected(keeps.error());
  return decision;
}

namespace {
// The parts of a visit the booked hooks run for: the visit, and a joint clinician's part.
std::vector<Appointment> BookedParts(const Appointment& a) {
  std::vector<Appointment> parts = {a};
  if (IsJoint(a)) parts.push_back(JointPart(a));
  return parts;
}

// A visit as asked for, at the time the rules were prepared with.
Appointment NewVisit(const Principal& who, const NewAppointment& r, const BookingRequest& request, EpochSeconds now) {
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
  a.status = r.requested ? "requested" : "booked";
  a.override_reason = r.override_reason.value_or("");
  a.client_state = r.client_state;
  if (r.mode == VisitMode::kInPerson && r.partner_id.empty()) {
    a.joint_clinician_id = r.joint_clinician_id;
    a.joint_service_id = r.joint_service_id;
  } else if (r.mode == VisitMode::kInPerson) {
    a.partner_id = r.partner_id;
    a.partner_clinician_id = r.joint_clinician_id;
  }
  a.kind = r.kind;
  a.attendee_ids = r.attendee_ids;
  a.created_at = now;
  return a;
}
}  // namespace

Result<std::string> Service::SealText(const std::string& practice_id, const std::string& text,
                                      const std::string& context) {
  if (!keys_ || text.empty()) return text;
  auto key = keys_(practice_id);
  if (!key) return tl::unexpected(key.error());
  return crypto::SealField(*key, text, context);
}

Status Service::OpenReason(Appointment& a, crypto::LazyKey* shared) {
  if (!a.override_reason.starts_with(crypto::kSealedField)) return {};
  crypto::LazyKey own(keys_, a.practice_id);
  auto k = (shared ? *shared : own).Get();
  if (!k) return tl::unexpected(k.error());
  auto text = crypto::OpenField(**k, a.override_reason, "override:" + a.id);
  if (!text) return tl::unexpected(text.error());
  a.override_reason = std::move(*text);
  return {};
}

Status Service::Insert(db::Connection& c, const Principal& who, const Appointment& a, const Origin& origin,
                       EpochSeconds now, const std::vector<AfterBooked>* ahead) {
  Appointment stored = a;
  auto sealed = SealText(a.practice_id, a.override_reason, "override:" + a.id);
  if (!sealed) return tl::unexpected(sealed.error());
  stored.override_reason = std::move(*sealed);
  if (auto ins = store::InsertAppointment(c, stored, who.user_id); !ins) return ins;
  // A request waits for the practice: reminders are queued when it is approved. A case conference reaches no
  // client and advances no referral.
  if (RunsBookedHooks(a)) {
    if (auto q = QueueReminders(c, a, now); !q) return q;
    if (ahead) {
      for (const auto& step : *ahead)
        if (auto h = step(c, now); !h) return h;
    } else if (auto h = RunBookedHooks(c, BookedParts(a), now); !h) {
      return h;
    }
  }
  for (const auto& client : a.client_ids)
    if (auto au = audit::Append(c, AuditFor(who, "appointment.create", "appointment", a.id, origin, client), now); !au)
      return au;
  return {};
}

bool Service::RunsBookedHooks(const Appointment& a) { return a.status != "requested" && !IsConference(a); }

std::vector<Service::AfterBooked> Service::ReadBookedHooks(const std::vector<Appointment>& parts,
                                                           std::vector<db::Read>& reads) {
  std::vector<AfterBooked> steps;
  for (const auto& hook : booked_hooks_)
    for (const auto& part : parts) steps.push_back(hook(part, reads));
  return steps;
}

Status Service::RunBookedHooks(db::Connection& c, const std::vector<Appointment>& parts, EpochSeconds now) {
  std::vector<db::Read> reads;
  const auto steps = ReadBookedHooks(parts, reads);
  if (auto st = c.EachOf(reads); !st) return st;
  for (const auto& step : steps)
    if (auto h = step(c, now); !h) return h;
  return {};
}

Result<Appointment> Service::Book(const Principal& who, const NewAppointment& r, const Origin& origin) {
  auto prepared = Prepare(who, r);
  if (!prepared) return tl::unexpected(prepared.error());
  const auto& [request, facts] = *prepared;
  EpochSeconds now = clock_.Now();
  Appointment a = NewVisit(who, r, request, now);
  // The booked hooks' reads go with the rules' (one round trip on PostgreSQL); their steps run after the insert.
  std::vector<db::Read> hook_reads;
  std::vector<AfterBooked> ahead;
  if (!r.dry_run && RunsBookedHooks(a)) ahead = ReadBookedHooks(BookedParts(a), hook_reads);
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto decision = Decide(c, who, request, facts, r.clinician_id, r.client_ids, a.id, hook_reads);
    if (!decision) return tl::unexpected(decision.error());
    a.warnings = decision->warnings;
    a.block_conversion = decision->block_conversion;
    if (r.dry_run) return {};
    if (auto ins = Insert(c, who, a, origin, now, &ahead); !ins) return ins;
    if (!r.waitlist_entry_id.empty())
      if (auto w = store::CloseWaitlist(c, who.practice_id, r.waitlist_entry_id, "booked", now); !w)
        return tl::unexpected(w.error());
    return {};
  });
  if (!st) return tl::unexpected(st.error());
  return a;
}

Result<std::vector<Appointment>> Service::BookSeries(const Principal& who, const NewAppointment& r,
                                                     const Origin& origin) {
  const Recurrence& rec = *r.recurrence;
  if (rec.every_weeks < 1 || rec.every_weeks > 52)
    return Fail(ErrorCode::kInvalid, "Repeat every 1 to 52 weeks.", {}, "recurrence.every_weeks");
  if (!rec.count && !rec.until)
    return Fail(ErrorCode::kInvalid, "Say how many times, or until when.", {}, "recurrence.count");
  if (rec.count && (*rec.count < 1 || *rec.count > 104))
    return Fail(ErrorCode::kInvalid, "Between 1 and 104 visits.", {}, "recurrence.count");
  auto k = directory_.GetClinician(who, r.clinician_id);
  if (!k) return tl::unexpected(k.error());
  LocalTime first = ToLocal(r.start, k->time_zone);
  if (rec.until && *rec.until < first.date)
    return Fail(ErrorCode::kInvalid, "The series must end after its first visit.", {}, "recurrence.until");
  std::int64_t length = r.end ? *r.end - r.start : 0;
  auto starts =
      WeeklySeries(first.date, first.minute, k->time_zone, rec.every_weeks, rec.count.value_or(104), rec.until);
  // Every occurrence is checked with the facts of its own date (a license may lapse mid-series).
  std::vector<std::pair<BookingRequest, BookingFacts>> prepared;
  for (EpochSeconds start : starts) {
    NewAppointment one = r;
    one.start = start;
    if (length > 0) one.end = start + length;
    auto p = Prepare(who, one);
    if (!p) {
      Error e = p.error();
      e.public_message =
          "The visit on " + FormatDate(ToLocal(start, k->time_zone).date) + " cannot be booked: " + e.public_message;
      return tl::unexpected(e);
    }
    prepared.push_back(std::move(*p));
  }
  EpochSeconds now = clock_.Now();
  std::string series_id = crypto::NewId();
  std::vector<Appointment> out;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    out.clear();
    // A dry run decides every occurrence the same way and saves nothing.
    if (!r.dry_run)
      if (auto s = store::InsertSeries(c, who.practice_id, series_id, r.clinician_id, rec, who.user_id, now); !s)
        return s;
    for (const auto& [request, facts] : prepared) {
      Appointment a = NewVisit(who, r, request, now);
      a.series_id = series_id;
      auto decision = Decide(c, who, request, facts, r.clinician_id, r.client_ids, a.id);
      if (!decision) {
        Error e = decision.error();
        e.public_message =
            "The visit on " + FormatDate(ToLocal(a.start, a.time_zone).date) + " cannot be booked: " + e.public_message;
        return tl::unexpected(e);
      }
      a.warnings = decision->warnings;
      a.block_conversion = decision->block_conversion;
      if (!r.dry_run)
        if (auto ins = Insert(c, who, a, origin, now); !ins) return ins;
      out.push_back(std::move(a));
    }
    if (r.dry_run) return {};
    if (!r.waitlist_entry_id.empty())
      if (auto w = store::CloseWaitlist(c, who.practice_id, r.waitlist_entry_id, "booked", now); !w)
        return tl::unexpected(w.error());
    return {};
  });
  if (!st) return tl::unexpected(st.error());
  return out;
}

Result<Appointment> Service::Reschedule(const Principal& who, const std::string& id, const NewAppointment& changes,
                                        std::int64_t version, const Origin& origin, Scope scope) {
  auto current = db_.Read([&](db::Connection& c) { return store::FindAppointment(c, who.practice_id, id); });
  if (!current) return tl::unexpected(current.error());
  if (!*current) return Fail(ErrorCode::kNotFound, "No such appointment.");
  if (auto may = MayActOn(who, **current); !may) return tl::unexpected(may.error());
  const Appointment before = **current;
  if (IsClosed(before.status)) return FailRule("status", "This visit is already " + before.status + ".");
  if (version != 0 && version != before.version)
    return Fail(ErrorCode::kConflict, "Someone else changed this visit. Reload and try again.");
  // The visits that move: this one, and with kFollowing the later live visits of its series.
  std::vector<Appointment> moving = {before};
  if (scope == Scope::kFollowing && !before.series_id.empty()) {
    auto later = db_.Read(
        [&](db::Connection& c) { return store::SeriesFrom(c, who.practice_id, before.series_id, before.start + 1); });
    if (!later) return tl::unexpected(later.error());
    moving.insert(moving.end(), later->begin(), later->end());
  }
  std::vector<std::pair<Appointment, std::pair<BookingRequest, BookingFacts>>> plan;
  for (const auto& m : moving) {
    NewAppointment r = changes;
    r.clinician_id = m.clinician_id;
    r.client_ids = m.client_ids;
    r.service_id = m.service_id;
    // A joint visit moves with its joint clinician, ours or a partner's (rules again).
    r.joint_clinician_id = IsPartnerJoint(m) ? m.partner_clinician_id : m.joint_clinician_id;
    r.joint_service_id = m.joint_service_id;
    r.partner_id = m.partner_id;
    r.kind = m.kind;
    r.attendee_ids = m.attendee_ids;
    if (r.client_state.empty()) r.client_state = m.client_state;
    if (m.id != before.id) {
      r.start = ShiftLikeSibling(m.start, before.start, changes.start, m.time_zone);
      if (changes.end) r.end = r.start + (*changes.end - changes.start);
    }
    auto prepared = Prepare(who, r, m.id);
    if (!prepared) {
      Error e = prepared.error();
      if (m.id != before.id)
        e.public_message =
            "The visit on " + FormatDate(ToLocal(r.start, m.time_zone).date) + " cannot move: " + e.public_message;
      return tl::unexpected(e);
    }
    Appointment a = m;
    a.mode = r.mode;
    a.location_id = r.mode == VisitMode::kInPerson ? r.location_id : "";
    a.start = prepared->first.start;
    a.end = prepared->first.end;
    a.override_reason = r.override_reason.value_or("");
    a.client_state = r.client_state;
    a.version += 1;
    plan.emplace_back(std::move(a), std::move(*prepared));
  }
  EpochSeconds now = clock_.Now();
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    for (auto& [a, prepared] : plan) {
      auto decision = Decide(c, who, prepared.first, prepared.second, a.clinician_id, a.client_ids, a.id);
      if (!decision) {
        Error e = decision.error();
        if (a.id != before.id)
          e.public_message =
              "The visit on " + FormatDate(ToLocal(a.start, a.time_zone).date) + " cannot move: " + e.public_message;
        return tl::unexpected(e);
      }
      a.warnings = decision->warnings;
      a.block_conversion = decision->block_conversion;
      Appointment stored = a;
      auto sealed = SealText(a.practice_id, a.override_reason, "override:" + a.id);
      if (!sealed) return tl::unexpected(sealed.error());
      stored.override_reason = std::move(*sealed);
      auto ok = store::UpdateBooking(c, stored, who.user_id, now);
      if (!ok) return tl::unexpected(ok.error());
      if (!*ok) return Fail(ErrorCode::kConflict, "Someone else changed this visit. Reload and try again.");
      if (auto sk = jobs::SkipPending(c, "reminder:" + a.id + ":", "rescheduled", now); !sk) return sk;
      if (a.status != "requested" && !IsConference(a))  // a request gets its reminders when approved
        if (auto q = QueueReminders(c, a, now); !q) return q;
      for (const auto& client : a.client_ids)
        if (auto au =
                audit::Append(c, AuditFor(who, "appointment.reschedule", "appointment", a.id, origin, client), now);
            !au)
          return au;
    }
    return {};
  });
  if (!st) return tl::unexpected(st.error());
  return plan.front().first;
}

Result<Appointment> Service::SetJoint(const Principal& who, const std::string& id,
                                      const std::string& joint_clinician_id, const std::string& joint_service_id,
                                      const std::string& partner_id, std::int64_t version, const Origin& origin) {
  auto found = db_.Read([&](db::Connection& c) { return store::FindAppointment(c, who.practice_id, id); });
  if (!found) return tl::unexpected(found.error());
  if (!*found) return Fail(ErrorCode::kNotFound, "No such appointment.");
  Appointment a = **found;
  if (auto may = MayActOn(who, a); !may) {
    // The joining clinician themself, on the client's care team, may join or leave.
    bool joiner = false;
    if (partner_id.empty() && (who.role == Role::kClinician || who.role == Role::kSupervisor)) {
      auto me = directory_.ClinicianOfUser(who.practice_id, who.user_id);
      if (!me) return tl::unexpected(me.error());
      joiner = *me && (((*me)->id == joint_clinician_id) || (*me)->id == a.joint_clinician_id);
      for (const auto& client : a.client_ids) {
        if (!joiner) break;
        auto view = directory_.ChartView(who, client);
        joiner = view && *view == practice::ClientView::kFull;
      }
    }
    if (!joiner) return tl::unexpected(may.error());
  }
  if (IsClosed(a.status) || a.status == "completed")
    return FailRule("status", "This visit is already " + a.status + ".");
  if (version != 0 && version != a.version)
    return Fail(ErrorCode::kConflict, "Someone else changed this visit. Reload and try again.");
  const bool partner = !partner_id.empty();
  const std::string& current = IsPartnerJoint(a) ? a.partner_clinician_id : a.joint_clinician_id;
  if (joint_clinician_id == current && joint_service_id == a.joint_service_id && partner_id == a.partner_id) return a;
  std::optional<JointFacts> joint;
  if (!joint_clinician_id.empty() || !joint_service_id.empty() || partner) {
    if (a.mode != VisitMode::kInPerson)
      return FailRule("joint", "A joint visit is in person, with the second clinician joining by video.");
    auto clients = directory_.ClientPlaces(who.practice_id, a.client_ids);
    if (!clients) return tl::unexpected(clients.error());
    auto facts = PrepareJoint(who, a.clinician_id, joint_clinician_id, joint_service_id, a.location_id, *clients,
                              a.start, partner_id);
    if (!facts) return tl::unexpected(facts.error());
    joint = std::move(*facts);
  }
  const Appointment before = a;
  a.joint_clinician_id = partner ? "" : joint_clinician_id;
  a.joint_service_id = joint_service_id;
  a.partner_id = partner_id;
  a.partner_clinician_id = partner ? joint_clinician_id : "";
  EpochSeconds now = clock_.Now();
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (joint) {
      if (auto l = store::LockPeople(c, who.practice_id, {a.clinician_id, joint->clinician_id}, a.client_ids); !l)
        return l;
      auto busy = store::BusyForClinician(c, joint->practice_id.empty() ? who.practice_id : joint->practice_id,
                                          joint->clinician_id, a.start, a.end, a.id);
      if (!busy) return tl::unexpected(busy.error());
      joint->busy = std::move(*busy);
      if (auto ok = CheckJoint(a.mode, a.start, a.end, *joint); !ok) return ok;
    }
    auto ok = store::SetJoint(c, a, now);  // still the version read
    if (!ok) return tl::unexpected(ok.error());
    if (!*ok) return Fail(ErrorCode::kConflict, "Someone else changed this visit. Reload and try again.");
    if (IsJoint(before))
      for (const auto& hook : unjoined_hooks_)
        if (auto h = hook(c, JointPart(before), now); !h) return h;
    if (IsJoint(a) && a.status != "requested")
      if (auto h = RunBookedHooks(c, {JointPart(a)}, now); !h) return h;
    for (const auto& client : a.client_ids)
      if (auto au = audit::Append(
              c,
              AuditFor(who, IsJoint(a) || IsPartnerJoint(a) ? "appointment.joint" : "appointment.joint_remove",
                       "appointment", a.id, origin, client),
              now);
          !au)
        return au;
    return {};
  });
  if (!st) return tl::unexpected(st.error());
  a.version = before.version + 1;
  a.updated_at = now;
  auto names = directory_.ClientNames(who.practice_id, a.client_ids);
  if (!names) return tl::unexpected(names.error());
  for (const auto& client : a.client_ids) a.client_names.push_back((*names)[client]);
  if (auto opened = OpenReason(a); !opened) return tl::unexpected(opened.error());
  return a;
}

Result<Appointment> Service::ChangeStatus(const Principal& who, const std::string& id, StatusAction action,
                                          const std::string& reason, const Origin& origin, Scope scope) {
  if (action == StatusAction::kCancel && reason.empty())
    return Fail(ErrorCode::kInvalid, "Say why the visit is cancelled.", {}, "reason");
  auto found = db_.Read([&](db::Connection& c) { return store::FindAppointment(c, who.practice_id, id); });
  if (!found) return tl::unexpected(found.error());
  if (!*found) return Fail(ErrorCode::kNotFound, "No such appointment.");
  if (auto may = MayActOn(who, **found); !may) return tl::unexpected(may.error());
  if (who.role == Role::kClient && action != StatusAction::kCancel)
    return Fail(ErrorCode::kForbidden, "A client may cancel their own visit, nothing else.");
  EpochSeconds now = clock_.Now();
  // Other modules' follow-ups for the visit's new status, read now and written with the change (when the
  // visit is still as read here).
  std::vector<std::function<Status(db::Connection&)>> follow_ups;
  std::optional<std::string> expected;
  // A case conference is no visit with the client: no fee, charge at its end or referral step follows its status.
  if (!status_hooks_.empty() && !IsConference(**found))
    if (auto next = NextStatus((*found)->status, action, now, (*found)->start, (*found)->end)) {
      expected = *next;
      for (const auto& hook : status_hooks_) {
        auto write = hook(who, **found, *next, now);
        if (!write) return tl::unexpected(write.error());
        if (*write) follow_ups.push_back(std::move(*write));
      }
    }
  Appointment out;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto a = store::FindAppointment(c, who.practice_id, id);
    if (!a) return tl::unexpected(a.error());
    if (!*a) return Fail(ErrorCode::kNotFound, "No such appointment.");
    std::vector<Appointment> targets = {**a};
    if (scope == Scope::kFollowing && action == StatusAction::kCancel && !(*a)->series_id.empty()) {
      auto later = store::SeriesFrom(c, who.practice_id, (*a)->series_id, (*a)->start + 1);
      if (!later) return tl::unexpected(later.error());
      targets.insert(targets.end(), later->begin(), later->end());
    }
    for (auto& t : targets) {
      auto next = NextStatus(t.status, action, now, t.start, t.end);
      if (!next) return tl::unexpected(next.error());
      auto sealed_reason = SealText(t.practice_id, reason, "status-reason:" + t.id + ":" + std::to_string(now));
      if (!sealed_reason) return tl::unexpected(sealed_reason.error());
      auto ok = store::UpdateStatus(c, t, t.status, *next, who.user_id, *sealed_reason, now);
      if (!ok) return tl::unexpected(ok.error());
      if (!*ok) return Fail(ErrorCode::kConflict, "Someone else changed this visit. Reload and try again.");
      if (IsClosed(*next))
        if (auto sk = jobs::SkipPending(c, "reminder:" + t.id + ":", *next, now); !sk) return sk;
      if (t.status == "requested") {
        // The client hears the practice's answer (no detail in the e-mail); an approved visit gets its reminders.
        Appointment approved = t;
        approved.status = *next;
        approved.version += 1;
        if (*next == "booked")
          if (auto q = QueueReminders(c, approved, now); !q) return q;
        auto told =
            jobs::Enqueue(c, "appointment.request_answer", "request_answer:" + t.id, t.practice_id,
                          nlohmann::json{{"appointment_id", t.id}, {"approved", *next == "booked"}}.dump(), now, now);
        if (!told) return tl::unexpected(told.error());
      }
      t.status = *next;
      t.version += 1;
      if (&t == &targets.front() && expected == *next)
        for (const auto& write : follow_ups)
          if (auto done = write(c); !done) return done;
      for (const auto& client : t.client_ids)
        if (auto au = audit::Append(c, AuditFor(who, "appointment." + *next, "appointment", t.id, origin, client), now);
            !au)
          return au;
    }
    out = targets.front();
    return {};
  });
  if (!st) return tl::unexpected(st.error());
  if (auto opened = OpenReason(out); !opened) return tl::unexpected(opened.error());
  return out;
}

Result<std::vector<std::pair<Slot, std::string>>> Service::FindOpenSlots(const Principal& who,
                                                                         const std::string& service_id,
                                                                         const std::string& client_id, VisitMode mode,
                                                                         EpochSeconds from, EpochSeconds to,
                                                                         const std::optional<std::string>& clinician_id,
                                                                         const std::string& client_state) {
  if (to <= from || to - from > 62 * 86400)
    return Fail(ErrorCode::kInvalid, "Search at most 62 days at a time.", {}, "to");
  auto service = db_.Read([&](db::Connection& c) { return store::FindService(c, who.practice_id, service_id); });
  if (!service) return tl::unexpected(service.error());
  if (!*service) return Fail(ErrorCode::kInvalid, "Choose a service of this practice.", {}, "service_id");
  // A new client (no record yet) is only where they say they will be, with no visits of their own.
  Result<std::vector<practice::Client>> clients = std::vector<practice::Client>(1);
  if (!client_id.empty()) clients = directory_.ClientPlaces(who.practice_id, {client_id});
  if (!clients) return tl::unexpected(clients.error());
  if (!client_state.empty()) clients->front().location_state = client_state;
  if (clients->front().time_zone.empty()) clients->front().time_zone = "America/New_York";
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
      if (k.active && (ds.empty() || std::find(ds.begin(), ds.end(), k.discipline) != ds.end()))
        candidates.push_back(std::move(k));
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
    if (client_id.empty()) return true;
    auto cb = store::BusyForClients(c, who.practice_id, {client_id}, from - 86400, to + 86400, "");
    if (!cb) return tl::unexpected(cb.error());
    client_busy = std::move(*cb);
    std::sort(client_busy.begin(), client_busy.end(), [](const Busy& a, const Busy& b) { return a.start < b.start; });
    return true;
  });
  if (!st) return tl::unexpected(st.error());
  if (IsTelehealth(mode)) {
    for (auto& cal : calendars) {
      auto coverage = directory_.CheckLicensure(who.practice_id, cal.clinician_id, client.location_state, client_day,
                                                practice::Mode::kTelehealth);
      if (!coverage) return tl::unexpected(coverage.error());
      if (coverage->allowed) {
        cal.licensed_from = client_day;
        cal.licensed_through = coverage->expires_on;
      }
    }
  }
  if (mode == VisitMode::kInPerson) {
    // In person the client comes to the block's place: the clinician must be licensed in its state
    // (from the first day searched; a privilege's TAP days are counted when the visit is booked).
    auto places = db_.Read([&](db::Connection& c) { return store::ListLocations(c, who.practice_id); });
    if (!places) return tl::unexpected(places.error());
    for (auto& cal : calendars)
      for (const auto& b : cal.blocks) {
        auto place =
            std::find_if(places->begin(), places->end(), [&](const Location& l) { return l.id == b.location_id; });
        if (place == places->end() || place->state.empty() || cal.place_licensed_through.contains(place->id)) continue;
        const Date day = ToLocal(from, cal.zone).date;
        auto coverage =
            directory_.CheckLicensure(who.practice_id, cal.clinician_id, place->state, day, practice::Mode::kInPerson);
        if (!coverage) return tl::unexpected(coverage.error());
        cal.place_licensed_through[place->id] =
            coverage->allowed ? std::optional<Date>(coverage->expires_on.value_or(Date::max())) : std::nullopt;
      }
  }
  std::vector<std::pair<Slot, std::string>> out;
  for (auto& slot : FindSlots(**service, mode, from, to, calendars, client_busy, 15, 50, travel_buffer_minutes_)) {
    auto it = std::find_if(calendars.begin(), calendars.end(),
                           [&](const auto& c) { return c.clinician_id == slot.clinician_id; });
    out.emplace_back(slot, it->zone);
  }
  return out;
}

Result<std::vector<Appointment>> Service::ClientHistory(const std::string& practice_id, const std::string& client_id,
                                                        EpochSeconds from, EpochSeconds to, int limit) {
  return db_.Read([&](db::Connection& c) { return store::ClientHistory(c, practice_id, client_id, from, to, limit); });
}

Result<Appointment> Service::GetAppointment(const Principal& who, const std::string& id, const Origin& origin) {
  auto a = db_.Read([&](db::Connection& c) { return store::FindAppointment(c, who.practice_id, id); });
  if (!a) return tl::unexpected(a.error());
  if (!*a) return Fail(ErrorCode::kNotFound, "No such appointment.");
  if (who.role != Role::kOwner && who.role != Role::kFrontDesk && who.role != Role::kBiller) {
    auto viewer = ViewerOf(who, {**a});
    if (!viewer) return tl::unexpected(viewer.error());
    if (DecideVisitView(who.role, RelationTo(*viewer, **a)) != VisitView::kFull) {
      audit::AppendOrReport(
          db_,
          [&] {
            audit::Event e = AuditFor(who, "appointment.read", "appointment", id, origin);
            e.outcome = "denied";
            return e;
          }(),
          clock_.Now());
      return Fail(ErrorCode::kNotFound, "No such appointment.");
    }
  }
  for (const auto& client : (*a)->client_ids)
    if (auto au =
            audit::AppendNow(db_, AuditFor(who, "appointment.read", "appointment", id, origin, client), clock_.Now());
        !au)
      return tl::unexpected(au.error());
  auto names = directory_.ClientNames(who.practice_id, (*a)->client_ids);
  if (!names) return tl::unexpected(names.error());
  for (const auto& client : (*a)->client_ids) (*a)->client_names.push_back((*names)[client]);
  if (auto opened = OpenReason(**a); !opened) return tl::unexpected(opened.error());
  return **a;
}

Result<Service::Viewer> Service::ViewerOf(const Principal& who, const std::vector<Appointment>& visits) {
  Viewer v;
  if (who.role == Role::kClinician || who.role == Role::kSupervisor) {
    auto all = directory_.ListClinicians(who);
    if (!all) return tl::unexpected(all.error());
    for (const auto& k : *all) {
      if (!k.user_id.empty() && k.user_id == who.user_id) v.clinician_id = k.id;
      if (!k.supervisor_user_id.empty() && k.supervisor_user_id == who.user_id) v.supervisees.push_back(k.id);
    }
    std::vector<std::string> clients;
    for (const auto& a : visits) clients.insert(clients.end(), a.client_ids.begin(), a.client_ids.end());
    if (!clients.empty()) {
      auto charts = directory_.FullChartsAmong(who, clients);
      if (!charts) return tl::unexpected(charts.error());
      v.charts = std::move(*charts);
    }
  } else if (who.role == Role::kClient) {
    // The client whose pages the account is on, when it may see their visits; else no client's visits.
    auto self = directory_.PortalClient(who, practice::PortalArea::kAppointments);
    if (self)
      v.client_id = self->client.id;
    else if (self.error().code != ErrorCode::kNotFound && self.error().code != ErrorCode::kForbidden)
      return tl::unexpected(self.error());
  }
  return v;
}

VisitRelationship Service::RelationTo(const Viewer& v, const Appointment& a, bool chart_known) const {
  VisitRelationship r;
  // A joint visit is as much the joining clinician's as the visit's own clinician's.
  r.own_visit = !v.clinician_id.empty() && (v.clinician_id == a.clinician_id || v.clinician_id == a.joint_clinician_id);
  auto supervised = [&](const std::string& id) {
    return !id.empty() && std::find(v.supervisees.begin(), v.supervisees.end(), id) != v.supervisees.end();
  };
  r.supervises_clinician = supervised(a.clinician_id) || supervised(a.joint_clinician_id);
  // A case conference is its attendees' too; the client is never in it.
  for (const auto& id : a.attendee_ids) {
    r.own_visit = r.own_visit || (!v.clinician_id.empty() && v.clinician_id == id);
    r.supervises_clinician = r.supervises_clinician || supervised(id);
  }
  if (IsConference(a)) r.is_the_client = false;
  r.is_the_client =
      !v.client_id.empty() && std::find(a.client_ids.begin(), a.client_ids.end(), v.client_id) != a.client_ids.end();
  r.sees_the_chart = chart_known;
  for (const auto& client : a.client_ids)
    if (v.charts.count(client)) r.sees_the_chart = true;
  return r;
}

Status Service::MayActOn(const Principal& who, const Appointment& a) {
  if (who.role == Role::kOwner || who.role == Role::kFrontDesk) return {};
  auto viewer = ViewerOf(who);  // acting does not follow from reading the chart: no charts looked up
  if (!viewer) return tl::unexpected(viewer.error());
  return MayActOnVisit(who.role, RelationTo(*viewer, a));
}

Result<std::vector<Appointment>> Service::ListAppointments(const Principal& who,
                                                           const std::optional<std::string>& clinician_id,
                                                           const std::optional<std::string>& client_id,
                                                           EpochSeconds from, EpochSeconds to, const Origin& origin,
                                                           const std::optional<std::string>& status) {
  if (to <= from || to - from > 93 * 86400)
    return Fail(ErrorCode::kInvalid, "Ask for at most 93 days at a time.", {}, "to");
  store::AppointmentQuery q{clinician_id, client_id, from, to, status};
  auto list = db_.Read([&](db::Connection& c) { return store::ListAppointments(c, who.practice_id, q); });
  if (!list) return tl::unexpected(list.error());
  // Case conferences are staff meetings: never in a client's or guardian's list.
  if (who.role == Role::kClient) std::erase_if(*list, [](const Appointment& a) { return IsConference(a); });
  if (list->size() > static_cast<std::size_t>(store::kMaxListedVisits))
    return Fail(ErrorCode::kInvalid,
                "More than " + std::to_string(store::kMaxListedVisits) +
                    " visits in this range: ask for a shorter range, or for one clinician or client.",
                {}, "to");
  // Whose visit each one is decides what it shows: everything, or busy time only.
  if (who.role != Role::kOwner && who.role != Role::kFrontDesk && who.role != Role::kBiller) {
    auto viewer = ViewerOf(who, *list);
    if (!viewer) return tl::unexpected(viewer.error());
    bool chart = false;
    if (client_id) {
      auto view = directory_.ChartView(who, *client_id);
      chart = view && *view == practice::ClientView::kFull;
    }
    for (auto& a : *list) {
      if (DecideVisitView(who.role, RelationTo(*viewer, a, chart)) == VisitView::kFull) continue;
      a.busy = true;
      a.client_ids.clear();
      a.override_reason.clear();
      a.warnings.clear();
    }
  }
  crypto::LazyKey key(keys_, who.practice_id);
  for (auto& a : *list)
    if (auto opened = OpenReason(a, &key); !opened) return tl::unexpected(opened.error());
  std::vector<std::string> ids;
  for (const auto& a : *list) ids.insert(ids.end(), a.client_ids.begin(), a.client_ids.end());
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  auto names = directory_.ClientNames(who.practice_id, ids);
  if (!names) return tl::unexpected(names.error());
  for (auto& a : *list)
    for (const auto& id : a.client_ids) a.client_names.push_back((*names)[id]);
  if (origin.audited_as_one) return list;
  audit::Event e = AuditFor(who, "appointment.list", "appointment", std::to_string(list->size()) + " results", origin,
                            client_id.value_or(""));
  if (auto au = audit::AppendNow(db_, e, clock_.Now()); !au) return tl::unexpected(au.error());
  return list;
}

Status Service::MaySeeHealth(const Principal& who, const practice::Clinician& k) {
  if (AllowsOn(who.role, "schedule.health.read", !k.user_id.empty() && k.user_id == who.user_id)) return {};
  return Fail(ErrorCode::kForbidden, "Only the clinician, a supervisor or the owner can see schedule health.");
}

Result<std::vector<HealthWeek>> Service::ScheduleHealthOf(const Principal& who, const std::string& clinician_id,
                                                          std::optional<Date> from_date, std::optional<Date> to_date) {
  Date to = to_date.value_or(DateOf(clock_.Now()));
  Date from = from_date.value_or(to - date::days{7 * 11});
  if (to < from || DaysBetween(from, to) > 7 * 53)
    return Fail(ErrorCode::kInvalid, "Ask for at most 53 weeks.", {}, "to");
  auto k = directory_.GetClinician(who, clinician_id);
  if (!k) return tl::unexpected(k.error());
  if (auto may = MaySeeHealth(who, *k); !may) return tl::unexpected(may.error());
  int weeks = DaysBetween(from, to) / 7 + 1;
  EpochSeconds start = FromLocal(from - date::days{7}, 0, k->time_zone),
               end = FromLocal(to + date::days{8}, 0, k->time_zone);
  std::vector<Appointment> visits;
  std::vector<EpochSeconds> moves;
  auto st = db_.WithRead([&](db::Connection& c) -> Status {
    // Aggregates only: no client is named, so nothing here is a read of client data.
    auto list = store::ListAppointments(c, who.practice_id, {clinician_id, std::nullopt, start, end});
    if (!list) return tl::unexpected(list.error());
    visits.reserve(list->size());
    for (const auto& a : *list) visits.push_back(PartOf(a, clinician_id));
    auto m = store::RescheduleTimes(c, who.practice_id, clinician_id, start, end);
    if (!m) return tl::unexpected(m.error());
    moves = std::move(*m);
    return {};
  });
  if (!st) return tl::unexpected(st.error());
  return ScheduleHealth(visits, moves, k->time_zone, from, weeks);
}

Result<FeedLink> Service::CreateFeed(const Principal& who, const std::string& clinician_id, const Origin& origin) {
  auto k = directory_.GetClinician(who, clinician_id);
  if (!k) return tl::unexpected(k.error());
  if (auto may = MayManageSchedule(who, *k); !may) return tl::unexpected(may.error());
  std::string token = crypto::RandomToken(32);
  EpochSeconds now = clock_.Now();
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto r = store::RevokeFeeds(c, who.practice_id, clinician_id, now); !r) return tl::unexpected(r.error());
    if (auto r = store::InsertFeed(c, who.practice_id, clinician_id, crypto::HashHex(token), who.user_id, now); !r)
      return r;
    return audit::Append(c, AuditFor(who, "calendar_feed.create", "clinician", clinician_id, origin), now);
  });
  if (!st) return tl::unexpected(st.error());
  return FeedLink{token, "/api/v1/clinicians/" + clinician_id + "/calendar.ics?token=" + token};
}

Status Service::RevokeFeed(const Principal& who, const std::string& clinician_id, const Origin& origin) {
  auto k = directory_.GetClinician(who, clinician_id);
  if (!k) return tl::unexpected(k.error());
  if (auto may = MayManageSchedule(who, *k); !may) return may;
  EpochSeconds now = clock_.Now();
  return db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto r = store::RevokeFeeds(c, who.practice_id, clinician_id, now); !r) return tl::unexpected(r.error());
    return audit::Append(c, AuditFor(who, "calendar_feed.revoke", "clinician", clinician_id, origin), now);
  });
}

Result<bool> Service::HasFeed(const Principal& who, const std::string& clinician_id) {
  auto k = directory_.GetClinician(who, clinician_id);
  if (!k) return tl::unexpected(k.error());
  return db_.Read([&](db::Connection& c) { return store::HasFeed(c, who.practice_id, clinician_id); });
}

Result<std::string> Service::Feed(const std::string& clinician_id, const std::string& token, const Origin& origin) {
  auto unknown = [] {
    return Fail(ErrorCode::kNotFound, "This calendar link is not valid. Ask for a new one in Duet.");
  };
  if (token.size() < 20 || token.size() > 100) return unknown();
  auto feed = db_.Read([&](db::Connection& c) { return store::FindFeed(c, crypto::HashHex(token)); });
  if (!feed) return tl::unexpected(feed.error());
  if (!*feed || (*feed)->second != clinician_id) return unknown();
  const auto& [practice_id, clin] = **feed;
  EpochSeconds now = clock_.Now();
  std::vector<Appointment> visits;
  std::vector<Location> places;
  auto st = db_.WithRead([&](db::Connection& c) -> Status {
    auto list = store::ListAppointments(c, practice_id, {clin, std::nullopt, now - 30 * 86400, now + 180 * 86400});
    if (!list) return tl::unexpected(list.error());
    visits = std::move(*list);
    auto l = store::ListLocations(c, practice_id);
    if (!l) return tl::unexpected(l.error());
    places = std::move(*l);
    return {};
  });
  if (!st) return tl::unexpected(st.error());
  std::vector<std::string> ids;
  for (const auto& v : visits) ids.insert(ids.end(), v.client_ids.begin(), v.client_ids.end());
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  auto clients = directory_.ClientPlaces(practice_id, ids);
  if (!clients) return tl::unexpected(clients.error());
  std::unordered_map<std::string, std::string> initials;
  for (const auto& cl : *clients)
    initials[cl.id] = Initials(cl.preferred_name.empty() ? cl.given_name : cl.preferred_name, cl.family_name);
  std::vector<FeedEvent> events;
  events.reserve(visits.size());
  for (const auto& v : visits) {
    if (v.status == "no_show") continue;
    std::string who_line;
    for (const auto& id : v.client_ids) who_line += (who_line.empty() ? "" : ", ") + initials[id];
    std::string where;
    if (v.mode == VisitMode::kInPerson)
      for (const auto& p : places)
        if (p.id == v.location_id) where = p.name;
    bool cancelled = v.status == "cancelled" || v.status == "late_cancelled";
    events.push_back(
        {v.id, v.start, v.end,
         who_line + " · " + (v.mode == VisitMode::kInPerson ? "in person" : std::string(VisitModeName(v.mode))),
         cancelled ? "CANCELLED" : "CONFIRMED", where, v.version});
  }
  audit::Event e;
  e.practice_id = practice_id;
  e.action = "calendar_feed.read";
  e.resource_type = "clinician";
  e.resource_id = clin;
  e.ip = origin.ip;
  e.request_id = origin.request_id;
  if (auto au = audit::AppendNow(db_, e, now); !au) return tl::unexpected(au.error());
  return CalendarFeed("Duet", events, now);
}

Status Service::MayManageWaitlist(const Principal& who) {
  if (Allows(who.role, "waitlist.manage")) return {};
  return Fail(ErrorCode::kForbidden, "The waitlist is kept by the front desk and the owner.");
}

Result<std::vector<WaitlistView>> Service::Waitlist(const Principal& who,
                                                    const std::optional<std::string>& appointment_id,
                                                    const Origin& origin) {
  if (auto may = MayManageWaitlist(who); !may) return tl::unexpected(may.error());
  auto entries = db_.Read([&](db::Connection& c) { return store::ListWaitlist(c, who.practice_id); });
  if (!entries) return tl::unexpected(entries.error());
  if (entries->size() > static_cast<std::size_t>(store::kMaxWaitlist))
    return Fail(ErrorCode::kInvalid, "The waitlist has more than " + std::to_string(store::kMaxWaitlist) +
                                         " people waiting: remove those who no longer wait before it can be shown.");
  if (appointment_id) {
    auto a = db_.Read([&](db::Connection& c) { return store::FindAppointment(c, who.practice_id, *appointment_id); });
    if (!a) return tl::unexpected(a.error());
    if (!*a) return Fail(ErrorCode::kNotFound, "No such appointment.");
    LocalTime at = ToLocal((*a)->start, (*a)->time_zone);
    std::erase_if(*entries, [&](const WaitlistEntry& e) {
      return !MatchesWaitlist(e, (*a)->clinician_id, (*a)->service_id, (*a)->mode, at);
    });
  }
  std::vector<std::string> ids;
  for (const auto& e : *entries) ids.push_back(e.client_id);
  // One query for every name, not one client read per entry.
  auto names = directory_.ClientNames(who.practice_id, ids);
  if (!names) return tl::unexpected(names.error());
  std::vector<WaitlistView> out;
  crypto::LazyKey key(keys_, who.practice_id);
  for (auto& entry : *entries) {
    if (entry.note.starts_with(crypto::kSealedField)) {
      auto k = key.Get();
      if (!k) return tl::unexpected(k.error());
      auto note = crypto::OpenField(**k, entry.note, "waitlist-note:" + entry.id);
      if (!note) return tl::unexpected(note.error());
      entry.note = std::move(*note);
    }
    std::string name = (*names)[entry.client_id];
    out.push_back({std::move(entry), std::move(name)});
  }
  audit::Event e = AuditFor(who, "waitlist.list", "waitlist", std::to_string(out.size()) + " results", origin);
  if (auto au = audit::AppendNow(db_, e, clock_.Now()); !au) return tl::unexpected(au.error());
  return out;
}

Result<WaitlistEntry> Service::AddToWaitlist(const Principal& who, WaitlistEntry entry, const Origin& origin) {
  if (auto may = MayManageWaitlist(who); !may) return tl::unexpected(may.error());
  auto service = db_.Read([&](db::Connection& c) { return store::FindService(c, who.practice_id, entry.service_id); });
  if (!service) return tl::unexpected(service.error());
  if (!*service) return Fail(ErrorCode::kInvalid, "Choose a service of this practice.", {}, "service_id");
  if (auto cl = directory_.ClientPlaces(who.practice_id, {entry.client_id}); !cl) return tl::unexpected(cl.error());
  if (!entry.clinician_id.empty())
    if (auto k = directory_.GetClinician(who, entry.clinician_id); !k)
      return Fail(ErrorCode::kInvalid, "Choose a clinician of this practice.", {}, "clinician_id");
  entry.id = crypto::NewId();
  entry.created_at = clock_.Now();
  entry.status = "waiting";
  WaitlistEntry stored = entry;
  auto sealed = SealText(who.practice_id, entry.note, "waitlist-note:" + entry.id);
  if (!sealed) return tl::unexpected(sealed.error());
  stored.note = std::move(*sealed);
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto r = store::InsertWaitlist(c, who.practice_id, stored, who.user_id); !r) return r;
    return audit::Append(c, AuditFor(who, "waitlist.add", "waitlist", entry.id, origin, entry.client_id),
                         entry.created_at);
  });
  if (!st) return tl::unexpected(st.error());
  return entry;
}

Status Service::RemoveFromWaitlist(const Principal& who, const std::string& id, const Origin& origin) {
  if (auto may = MayManageWaitlist(who); !may) return may;
  EpochSeconds now = clock_.Now();
  return db_.WithWrite([&](db::Connection& c) -> Status {
    auto ok = store::CloseWaitlist(c, who.practice_id, id, "removed", now);
    if (!ok) return tl::unexpected(ok.error());
    if (!*ok) return Fail(ErrorCode::kNotFound, "No such waitlist entry.");
    return audit::Append(c, AuditFor(who, "waitlist.remove", "waitlist", id, origin), now);
  });
}

void Service::SetReminders(ReminderSettings settings, mail::Mailer* mailer, mail::WebhookTexter* texter) {
  reminders_ = std::move(settings);
  mailer_ = mailer && mailer->enabled() ? mailer : nullptr;
  texter_ = texter && texter->enabled() ? texter : nullptr;
}

Status Service::QueueReminders(db::Connection& c, const Appointment& a, EpochSeconds now) {
  if (!mailer_ && !texter_) return {};
  for (int offset : reminders_.offsets_minutes) {
    EpochSeconds at = a.start - offset * 60;
    if (at <= now) continue;  // too late for this one
    std::string payload =
        nlohmann::json{{"appointment_id", a.id}, {"version", a.version}, {"offset_minutes", offset}}.dump();
    auto added = jobs::Enqueue(c, "appointment.reminder",
                               "reminder:" + a.id + ":v" + std::to_string(a.version) + ":" + std::to_string(offset),
                               a.practice_id, payload, at, now);
    if (!added) return tl::unexpected(added.error());
  }
  return {};
}

Result<Appointment> Service::FindAppointment(const std::string& practice_id, const std::string& id) {
  auto a = db_.Read([&](db::Connection& c) { return store::FindAppointment(c, practice_id, id); });
  if (!a) return tl::unexpected(a.error());
  if (!*a) return Fail(ErrorCode::kNotFound, "No such appointment.");
  if (auto opened = OpenReason(**a); !opened) return tl::unexpected(opened.error());
  return **a;
}

Result<std::vector<Appointment>> Service::PartnerVisits(const std::string& clinician_id, EpochSeconds from,
                                                        EpochSeconds to) {
  return db_.Read([&](db::Connection& c) { return store::PartnerVisits(c, clinician_id, from, to); });
}

Result<std::string> Service::ClinicState(const std::string& practice_id, const std::string& location_id) {
  if (location_id.empty()) return std::string();
  auto places = db_.Read([&](db::Connection& c) { return store::ListLocations(c, practice_id); });
  if (!places) return tl::unexpected(places.error());
  for (const auto& l : *places)
    if (l.id == location_id) return l.kind == "client_home" ? std::string() : l.state;
  return std::string();
}

Result<Appointment> Service::FindPartnerVisit(const std::string& clinician_id, const std::string& id) {
  auto found = db_.Read([&](db::Connection& c) { return store::PartnerVisits(c, clinician_id, 0, 0, id); });
  if (!found) return tl::unexpected(found.error());
  if (found->empty()) return Fail(ErrorCode::kNotFound, "No such appointment.");
  return std::move(found->front());
}

Result<std::string> Service::PracticeName(const std::string& practice_id) {
  return db_.Read([&](db::Connection& c) { return store::PracticeName(c, practice_id); });
}

Result<std::string> Service::SendRequestAnswer(const jobs::Job& job) {
  auto p = nlohmann::json::parse(job.payload, nullptr, false);
  if (!p.is_object() || !p.contains("appointment_id")) return std::string("skipped: unreadable payload");
  auto a = db_.Read(
      [&](db::Connection& c) { return store::FindAppointment(c, job.practice_id, p.value("appointment_id", "")); });
  if (!a) return tl::unexpected(a.error());
  if (!*a) return std::string("skipped: no such visit");
  auto practice_name = db_.Read([&](db::Connection& c) { return store::PracticeName(c, job.practice_id); });
  if (!practice_name) return tl::unexpected(practice_name.error());
  auto clients = directory_.ClientPlaces(job.practice_id, (*a)->client_ids);
  if (!clients) return tl::unexpected(clients.error());
  // No date, no clinician, no service: only that the practice answered, and where to look.
  const bool approved = p.value("approved", false);
  const std::string answer = approved ? "request.approved." : "request.declined.";
  int sent = 0;
  for (const auto& cl : *clients) {
    const auto& w = words::For(cl.language);
    const std::string text =
        w.Say(answer + "text", {{"practice", *practice_name}, {"link", reminders_.public_url + "/"}});
    Status out = {};
    if (cl.preferred_channel == "sms" && !cl.phone.empty() && texter_)
      out = texter_->Send({cl.phone, text});
    else if (!cl.email.empty() && mailer_ && mailer_->enabled())
      out = mailer_->Send({cl.email, w.Say(answer + "subject"), w.Say("request.body", {{"text", text}})});
    else
      continue;
    if (!out) return tl::unexpected(out.error());
    ++sent;
  }
  return sent ? std::string("sent") : std::string("skipped: no channel");
}

Result<std::string> Service::SendReminder(const jobs::Job& job) {
  auto p = nlohmann::json::parse(job.payload, nullptr, false);
  if (!p.is_object() || !p.contains("appointment_id")) return std::string("skipped: unreadable payload");
  auto a = db_.Read(
      [&](db::Connection& c) { return store::FindAppointment(c, job.practice_id, p.value("appointment_id", "")); });
  if (!a) return tl::unexpected(a.error());
  if (!*a || IsClosed((*a)->status) || (*a)->version != p.value("version", std::int64_t{0}))
    return std::string("skipped: visit changed");
  EpochSeconds now = clock_.Now();
  if ((*a)->start <= now) return std::string("skipped: visit started");
  std::string practice_name, address;
  auto st = db_.WithRead([&](db::Connection& c) -> Status {
    auto n = store::PracticeName(c, job.practice_id);
    if (!n) return tl::unexpected(n.error());
    practice_name = *n;
    auto places = store::ListLocations(c, job.practice_id);
    if (!places) return tl::unexpected(places.error());
    for (const auto& l : *places)
      if (l.id == (*a)->location_id) address = l.address.empty() ? l.name : l.address;
    return {};
  });
  if (!st) return tl::unexpected(st.error());
  auto clients = directory_.ClientPlaces(job.practice_id, (*a)->client_ids);
  if (!clients) return tl::unexpected(clients.error());
  int sent = 0;
  for (const auto& cl : *clients) {
    std::string join_url;
    if (IsTelehealth((*a)->mode) && reminders_.join_link) {
      auto path = reminders_.join_link(job.practice_id, (*a)->id, cl.id);
      if (!path) return tl::unexpected(path.error());
      join_url = reminders_.public_url + *path;
    }
    ReminderFacts facts{practice_name, (*a)->start, cl.time_zone, (*a)->mode, address, join_url};
    ReminderMessage m = ComposeReminder(facts, words::For(cl.language));
    Status out = {};
    std::string channel;
    if (cl.preferred_channel == "email" && !cl.email.empty() && mailer_) {
      channel = "email";
      out = mailer_->Send({cl.email, m.subject, m.body});
    } else if (cl.preferred_channel == "sms" && !cl.phone.empty() && texter_) {
      channel = "sms";
      out = texter_->Send({cl.phone, m.text});
    } else {
      continue;  // the client asked for calls, or has no address for their channel
    }
    if (!out) return tl::unexpected(out.error());
    ++sent;
    audit::Event e;
    e.practice_id = job.practice_id;
    e.action = "appointment.reminder." + channel;
    e.resource_type = "appointment";
    e.resource_id = (*a)->id;
    e.client_id = cl.id;
    if (auto au = audit::AppendNow(db_, e, now); !au) return tl::unexpected(au.error());
  }
  return "sent " + std::to_string(sent);
}

}  // namespace duet::scheduling
