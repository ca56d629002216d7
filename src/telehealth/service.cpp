#include "telehealth/service.hpp"

#include <algorithm>
#include <unordered_set>

#include "platform/audit.hpp"
#include "platform/crypto.hpp"
#include "platform/dates.hpp"
#include "platform/log.hpp"
#include "scheduling/rules.hpp"
#include "telehealth/rules.hpp"
#include "telehealth/store.hpp"

namespace duet::telehealth {

Service::Service(db::Database& db, const Clock& clock, practice::Service& directory, scheduling::Service& scheduling,
                 IceConfig ice)
    : db_(db), clock_(clock), directory_(directory), scheduling_(scheduling), ice_(std::move(ice)) {}

std::vector<IceServer> Service::IceServersFor(const std::string& user, EpochSeconds now) const {
  std::vector<IceServer> out;
  if (!ice_.stun_urls.empty()) out.push_back({ice_.stun_urls, "", ""});
  if (!ice_.turn_urls.empty() && !ice_.turn_secret.empty()) {
    std::string username = TurnUsername(now + ice_.turn_ttl_seconds, user);
    out.push_back({ice_.turn_urls, username, crypto::HmacSha1Base64(ice_.turn_secret, username)});
  }
  return out;
}

Result<scheduling::Appointment> Service::StaffMayEnter(const Principal& who, const std::string& appointment_id,
                                                       const Origin& origin, std::string* clinician_user_id) {
  auto a = scheduling_.GetAppointment(who, appointment_id, origin);
  if (!a) return tl::unexpected(a.error());
  auto k = directory_.GetClinician(who, a->clinician_id);
  if (!k) return tl::unexpected(k.error());
  bool own = !k->user_id.empty() && k->user_id == who.user_id;
  bool supervises = !k->supervisor_user_id.empty() && k->supervisor_user_id == who.user_id;
  if (scheduling::IsJoint(*a) && !own && !supervises) {
    // A joint visit's room is the joining clinician's too.
    auto j = directory_.ClinicianById(who.practice_id, a->joint_clinician_id);
    if (!j) return tl::unexpected(j.error());
    own = !j->user_id.empty() && j->user_id == who.user_id;
    supervises = !j->supervisor_user_id.empty() && j->supervisor_user_id == who.user_id;
  }
  // A case conference's room is each attendee's.
  for (const auto& id : a->attendee_ids) {
    if (own || supervises) break;
    auto t = directory_.ClinicianById(who.practice_id, id);
    if (!t) return tl::unexpected(t.error());
    own = !t->user_id.empty() && t->user_id == who.user_id;
    supervises = !t->supervisor_user_id.empty() && t->supervisor_user_id == who.user_id;
  }
  if (!(who.role == Role::kOwner || own || supervises))
    return Fail(ErrorCode::kForbidden,
                "Only the visit's clinicians, their supervisors or the owner can enter this room.");
  if (auto may = MayJoinNow(scheduling::RoomMode(*a), a->status, clock_.Now(), a->start, a->end); !may)
    return tl::unexpected(may.error());
  if (clinician_user_id) *clinician_user_id = k->user_id;
  return a;
}

Result<JoinTicket> Service::Join(const Principal& who, const std::string& appointment_id,
                                 const std::optional<std::string>& stated_state, const Origin& origin,
                                 std::optional<bool> at_home) {
  auto a = StaffMayEnter(who, appointment_id, origin);
  if (!a) return tl::unexpected(a.error());
  EpochSeconds now = clock_.Now();
  if (stated_state && !FindJurisdiction(*stated_state))
    return Fail(ErrorCode::kInvalid, "Say where the client is as a two-letter state code, such as CO.", {},
                "location_state");
  auto clients = directory_.ClientPlaces(who.practice_id, a->client_ids);
  if (!clients) return tl::unexpected(clients.error());
  const auto& client = clients->front();
  std::string state = stated_state.value_or(client.location_state);
  Date on = scheduling::ToLocal(now, client.time_zone).date;
  Result<practice::Coverage> coverage;
  if (scheduling::IsConference(*a)) {
    // Staff only: nobody treats the client in the room, so there is no licensure to check.
    coverage = practice::Coverage{
        state, true,        practice::Basis::kNone, practice::Reason::kAllowed, "A case conference among staff.", "",
        "",    std::nullopt};
  } else if (scheduling::IsJoint(*a) || scheduling::IsPartnerJoint(*a)) {
    // The client is at the clinic with the visit's clinician (licensed there when it was booked); the joining
    // clinician is checked for telehealth into the clinic's state as they join (a partner's, in JoinAsPartner).
    auto clinic = scheduling_.ClinicState(who.practice_id, a->location_id);
    if (!clinic) return tl::unexpected(clinic.error());
    if (!clinic->empty()) state = *clinic;
    auto me = directory_.ClinicianOfUser(who.practice_id, who.user_id);
    if (!me) return tl::unexpected(me.error());
    if (*me && (*me)->id == a->joint_clinician_id) {
      coverage =
          directory_.CheckLicensure(who.practice_id, a->joint_clinician_id, state, on, practice::Mode::kTelehealth);
      if (coverage && !coverage->allowed)
        return FailRule("licensure", "By video to " + state + ": " + coverage->message);
    } else {
      coverage = practice::Coverage{
          state, true,        practice::Basis::kNone, practice::Reason::kAllowed, "In person at the clinic.", "",
          "",    std::nullopt};
    }
  } else {
    coverage = directory_.CheckLicensure(who.practice_id, a->clinician_id, state, on, practice::Mode::kTelehealth);
  }
  if (!coverage) return tl::unexpected(coverage.error());
  JoinTicket ticket;
  ticket.licensure = *coverage;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto r = store::EnsureVisit(c, who.practice_id, a->id, crypto::RandomToken(16), now); !r) return r;
    if (stated_state)
      if (auto r = store::RecordStatedState(c, who.practice_id, a->id, state, who.user_id, coverage->allowed,
                                            coverage->message, at_home, now);
          !r)
        return r;
    auto v = store::FindVisit(c, who.practice_id, a->id);
    if (!v) return tl::unexpected(v.error());
    ticket.visit = **v;
    return audit::Append(
        c, audit::ByPrincipal(who, "telehealth.join", "appointment", a->id, origin.ip, origin.request_id, client.id),
        now);
  });
  if (!st) return tl::unexpected(st.error());
  ticket.ice_servers = IceServersFor(who.user_id, now);
  ticket.relay_only = ice_.relay_only;
  return ticket;
}

Result<practice::Coverage> Service::PartnerLicensure(const Principal& who, const PartnerEntry& entry) {
  const auto& a = entry.visit;
  auto clients = directory_.ClientPlaces(a.practice_id, a.client_ids);
  if (!clients) return tl::unexpected(clients.error());
  if (clients->empty()) return Fail(ErrorCode::kNotFound, "No such appointment.");
  const auto& client = clients->front();
  auto clinic = scheduling_.ClinicState(a.practice_id, a.location_id);
  if (!clinic) return tl::unexpected(clinic.error());
  const std::string state = clinic->empty() ? client.location_state : *clinic;
  Date on = scheduling::ToLocal(clock_.Now(), client.time_zone).date;
  auto coverage =
      directory_.CheckLicensure(who.practice_id, entry.clinician_id, state, on, practice::Mode::kTelehealth);
  if (!coverage) return tl::unexpected(coverage.error());
  if (!coverage->allowed) return FailRule("licensure", "By video to " + state + ": " + coverage->message);
  return *coverage;
}

Result<JoinTicket> Service::JoinAsPartner(const Principal& who, const std::string& appointment_id,
                                          const Origin& origin) {
  if (!partner_entrance_) return Fail(ErrorCode::kNotFound, "No such appointment.");
  auto entry = partner_entrance_(who, appointment_id);
  if (!entry) return tl::unexpected(entry.error());
  const auto& a = entry->visit;
  EpochSeconds now = clock_.Now();
  if (auto may = MayJoinNow(scheduling::RoomMode(a), a.status, now, a.start, a.end); !may)
    return tl::unexpected(may.error());
  auto coverage = PartnerLicensure(who, *entry);
  if (!coverage) return tl::unexpected(coverage.error());
  // Allowed: the entrance is a disclosure in each client's accounting.
  if (auto recorded = entry->record("joint visit: entered the video room", origin); !recorded)
    return tl::unexpected(recorded.error());
  JoinTicket ticket;
  ticket.licensure = *coverage;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto r = store::EnsureVisit(c, a.practice_id, a.id, crypto::RandomToken(16), now); !r) return r;
    auto v = store::FindVisit(c, a.practice_id, a.id);
    if (!v) return tl::unexpected(v.error());
    ticket.visit = **v;
    auto e = audit::ByPrincipal(who, "telehealth.partner_join", "appointment", a.id, origin.ip, origin.request_id,
                                a.client_ids.empty() ? "" : a.client_ids.front());
    e.practice_id = a.practice_id;
    return audit::Append(c, e, now);
  });
  if (!st) return tl::unexpected(st.error());
  ticket.ice_servers = IceServersFor(who.user_id, now);
  ticket.relay_only = ice_.relay_only;
  return ticket;
}

Result<Visit> Service::GetVisit(const Principal& who, const std::string& appointment_id, const Origin& origin) {
  auto a = scheduling_.GetAppointment(who, appointment_id, origin);
  if (!a) return tl::unexpected(a.error());
  auto v = db_.Read([&](db::Connection& c) { return store::FindVisit(c, who.practice_id, appointment_id); });
  if (!v) return tl::unexpected(v.error());
  if (!*v) return Fail(ErrorCode::kNotFound, "Nobody has entered this visit's room yet.");
  auto events = db_.Read([&](db::Connection& c) { return store::ListEvents(c, who.practice_id, appointment_id); });
  if (!events) return tl::unexpected(events.error());
  VisitSummary summary = SummarizeVisit(*events, clock_.Now());
  Visit visit = **v;
  visit.gaps = summary.gaps;
  visit.connected_seconds = summary.connected_seconds;
  visit.audio_only_seconds = summary.audio_only_seconds;
  if (summary.in_progress) visit.minutes = summary.minutes;  // the stored figure is as of the last event
  return visit;
}

// ---- join links and the client's visit session ----

namespace {
constexpr const char* kBadLink = "This join link is not valid. Ask your practice for a new one.";

//! The visit clock counts staff and clients; invited guests come and go without moving it.
std::optional<VisitEventKind> InEvent(ParticipantKind k) {
  if (k == ParticipantKind::kStaff) return VisitEventKind::kStaffIn;
  if (k == ParticipantKind::kClient) return VisitEventKind::kClientIn;
  return std::nullopt;
}
std::optional<VisitEventKind> OutEvent(ParticipantKind k) {
  if (k == ParticipantKind::kStaff) return VisitEventKind::kStaffOut;
  if (k == ParticipantKind::kClient) return VisitEventKind::kClientOut;
  return std::nullopt;
}

audit::Event ClientEvent(const std::string& practice_id, const std::string& guest_id, std::string action,
                         const std::string& appointment_id, const std::string& client_id, const Origin& origin,
                         std::string outcome = "success") {
  audit::Event e;
  e.practice_id = practice_id;
  e.actor_user_id = guest_id.empty() ? "" : "visit-guest:" + guest_id;
  e.actor_role = "client";
  e.action = std::move(action);
  e.resource_type = "appointment";
  e.resource_id = appointment_id;
  e.client_id = client_id;
  e.ip = origin.ip;
  e.outcome = std::move(outcome);
  e.request_id = origin.request_id;
  return e;
}
}  // namespace

Result<InviteLink> Service::MakeLink(const std::string& practice_id, const scheduling::Appointment& a,
                                     const std::optional<std::string>& client_id,
                                     const std::optional<std::string>& guest_name, const std::string& created_by) {
  if (scheduling::IsConference(a))
    return FailRule("conference", "A case conference is for the practice's staff only: it has no join links.");
  if (scheduling::RoomMode(a) == "in_person") return FailRule("mode", "This visit is in person; it has no video room.");
  std::string client;
  if (guest_name) {
    if (client_id)
      return Fail(ErrorCode::kInvalid, "A link is for a client or for an invited guest, not both.", {}, "guest_name");
    if (guest_name->empty())
      return Fail(ErrorCode::kInvalid, "Give the guest's name as they should appear.", {}, "guest_name");
  } else {
    client = client_id.value_or(a.client_ids.front());
    if (std::find(a.client_ids.begin(), a.client_ids.end(), client) == a.client_ids.end())
      return Fail(ErrorCode::kInvalid, "That client is not in this visit.", {}, "client_id");
  }
  InviteLink link;
  link.token = crypto::RandomToken(32);
  link.path = "/join/" + link.token;
  link.expires_at = a.end + kClosesMinutesAfter * 60;
  EpochSeconds now = clock_.Now();
  if (link.expires_at <= now) return FailRule("join_window", "This visit has ended; its room is closed.");
  auto st = db_.WithWrite([&](db::Connection& c) {
    return store::InsertLink(c, crypto::HashHex(link.token),
                             {practice_id, a.id, client, link.expires_at, 0, guest_name.value_or("")}, created_by, now);
  });
  if (!st) return tl::unexpected(st.error());
  return link;
}

Result<InviteLink> Service::CreateLink(const Principal& who, const std::string& appointment_id,
                                       const std::optional<std::string>& client_id,
                                       const std::optional<std::string>& guest_name, const Origin& origin) {
  auto a = scheduling_.GetAppointment(who, appointment_id, origin);
  if (!a) return tl::unexpected(a.error());
  auto link = MakeLink(who.practice_id, *a, client_id, guest_name, who.user_id);
  if (!link) return link;
  auto st = audit::AppendNow(
      db_,
      audit::ByPrincipal(who, guest_name ? "telehealth.invite_guest" : "telehealth.invite", "appointment", a->id,
                         origin.ip, origin.request_id, guest_name ? "" : client_id.value_or(a->client_ids.front())),
      clock_.Now());
  if (!st) return tl::unexpected(st.error());
  return link;
}

Result<InviteLink> Service::LinkForReminder(const std::string& practice_id, const std::string& appointment_id,
                                            const std::string& client_id) {
  auto a = scheduling_.FindAppointment(practice_id, appointment_id);
  if (!a) return tl::unexpected(a.error());
  return MakeLink(practice_id, *a, client_id, std::nullopt, "");
}

Result<LinkPreview> Service::PreviewLink(const std::string& token) {
  auto link = db_.Read([&](db::Connection& c) { return store::FindLink(c, crypto::HashHex(token)); });
  if (!link) return tl::unexpected(link.error());
  if (!*link) return Fail(ErrorCode::kNotFound, kBadLink);
  auto a = scheduling_.FindAppointment((*link)->practice_id, (*link)->appointment_id);
  if (!a) return tl::unexpected(a.error());
  auto k = directory_.ClinicianById((*link)->practice_id, a->clinician_id);
  if (!k) return tl::unexpected(k.error());
  auto name = scheduling_.PracticeName((*link)->practice_id);
  if (!name) return tl::unexpected(name.error());
  LinkPreview p;
  p.practice_name = *name;
  p.clinician_name = k->given_name + " " + k->family_name;
  p.start = a->start;
  p.end = a->end;
  EpochSeconds now = clock_.Now();
  p.room = std::string(RoomState(scheduling::RoomMode(*a), a->status, now, a->start, a->end));
  if (now > (*link)->expires_at) p.room = "closed";
  p.guest_name = (*link)->guest_name;
  return p;
}

Result<GuestEntry> Service::EnterByLink(const std::string& token, const std::string& birth_date,
                                        const std::string& location_state, const Origin& origin,
                                        std::optional<bool> at_home) {
  std::string token_hash = crypto::HashHex(token);
  auto link = db_.Read([&](db::Connection& c) { return store::FindLink(c, token_hash); });
  if (!link) return tl::unexpected(link.error());
  if (!*link) return Fail(ErrorCode::kNotFound, kBadLink);
  const store::LinkRow l = **link;
  const bool invited = !l.guest_name.empty();
  Error invalid{ErrorCode::kInvalid, "Some answers need another look.", {}, {}, {}, {}};
  if (!invited && !ParseDate(birth_date))
    invalid.field_errors.push_back({"birth_date", "Enter your date of birth as YYYY-MM-DD."});
  if (!invited && !FindJurisdiction(location_state))
    invalid.field_errors.push_back({"location_state", "Choose the US state you are in right now."});
  if (!invalid.field_errors.empty()) return tl::unexpected(invalid);
  EpochSeconds now = clock_.Now();
  if (l.failed_attempts >= kMaxLinkAttempts)
    return Fail(ErrorCode::kLocked, "This link is locked after too many tries. Call your practice for a new one.");
  if (now > l.expires_at) return FailRule("join_window", "This visit has ended; its room is closed.");
  auto a = scheduling_.FindAppointment(l.practice_id, l.appointment_id);
  if (!a) return tl::unexpected(a.error());
  if (auto may = MayJoinNow(scheduling::RoomMode(*a), a->status, now, a->start, a->end); !may)
    return tl::unexpected(may.error());
  if (invited) {  // an interpreter, a parent, a colleague: the link is the invitation
    GuestEntry entry;
    entry.session_token = crypto::RandomToken(32);
    entry.guest = Guest{crypto::NewId(), l.practice_id, a->id, "", l.expires_at, l.guest_name};
    auto st = db_.WithWrite([&](db::Connection& c) -> Status {
      if (auto r = store::EnsureVisit(c, l.practice_id, a->id, crypto::RandomToken(16), now); !r) return r;
      if (auto r = store::InsertGuest(c, crypto::HashHex(entry.session_token), entry.guest, now); !r) return r;
      auto v = store::FindVisit(c, l.practice_id, a->id);
      if (!v) return tl::unexpected(v.error());
      entry.ticket.visit = **v;
      return audit::Append(c, ClientEvent(l.practice_id, entry.guest.id, "telehealth.guest_join", a->id, "", origin),
                           now);
    });
    if (!st) return tl::unexpected(st.error());
    entry.ticket.licensure.allowed = true;  // licensure follows where the client is, not the guest
    entry.ticket.ice_servers = IceServersFor("guest-" + entry.guest.id, now);
    entry.ticket.relay_only = ice_.relay_only;
    return entry;
  }
  auto clients = directory_.ClientPlaces(l.practice_id, {l.client_id});
  if (!clients) return tl::unexpected(clients.error());
  const auto& client = clients->front();
  if (!crypto::Equal(client.birth_date, birth_date)) {
    auto st = db_.WithWrite([&](db::Connection& c) -> Status {
      if (auto r = store::CountFailedAttempt(c, token_hash); !r) return r;
      return audit::Append(
          c, ClientEvent(l.practice_id, "", "telehealth.client_verify", a->id, client.id, origin, "failure"), now);
    });
    if (!st) return tl::unexpected(st.error());
    return Fail(ErrorCode::kForbidden, "That date of birth does not match our records for this visit.");
  }
  Date on = scheduling::ToLocal(now, client.time_zone).date;
  auto coverage =
      directory_.CheckLicensure(l.practice_id, a->clinician_id, location_state, on, practice::Mode::kTelehealth);
  if (!coverage) return tl::unexpected(coverage.error());
  GuestEntry entry;
  entry.session_token = crypto::RandomToken(32);
  entry.guest = Guest{crypto::NewId(), l.practice_id, a->id, client.id, l.expires_at};
  entry.ticket.licensure = *coverage;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto r = store::EnsureVisit(c, l.practice_id, a->id, crypto::RandomToken(16), now); !r) return r;
    if (auto r = store::RecordStatedState(c, l.practice_id, a->id, location_state, "", coverage->allowed,
                                          coverage->message, at_home, now);
        !r)
      return r;
    if (auto r = store::InsertGuest(c, crypto::HashHex(entry.session_token), entry.guest, now); !r) return r;
    auto v = store::FindVisit(c, l.practice_id, a->id);
    if (!v) return tl::unexpected(v.error());
    entry.ticket.visit = **v;
    return audit::Append(
        c, ClientEvent(l.practice_id, entry.guest.id, "telehealth.client_join", a->id, client.id, origin), now);
  });
  if (!st) return tl::unexpected(st.error());
  entry.ticket.ice_servers = IceServersFor("guest-" + entry.guest.id, now);
  entry.ticket.relay_only = ice_.relay_only;
  return entry;
}

Result<Guest> Service::AuthenticateGuest(const std::string& session_token) {
  if (session_token.empty()) return Fail(ErrorCode::kUnauthenticated, "Open your join link again.");
  auto g = db_.Read([&](db::Connection& c) { return store::FindGuest(c, crypto::HashHex(session_token)); });
  if (!g) return tl::unexpected(g.error());
  if (!*g || (*g)->expires_at < clock_.Now()) return Fail(ErrorCode::kUnauthenticated, "Open your join link again.");
  return **g;
}

// ---- the room ----

Status Service::Record(db::Connection& c, const std::string& practice_id, const std::string& appointment_id,
                       const std::string& participant_id, VisitEventKind kind, EpochSeconds now) {
  if (auto r = store::AddEvent(c, practice_id, appointment_id, participant_id, kind, now); !r) return r;
  auto events = store::ListEvents(c, practice_id, appointment_id);
  if (!events) return tl::unexpected(events.error());
  return store::SaveSummary(c, practice_id, appointment_id, SummarizeVisit(*events, now));
}

void Service::FollowVisit(const Principal& staff, const std::string& appointment_id, bool ended) {
  auto v = db_.Read([&](db::Connection& c) { return store::FindVisit(c, staff.practice_id, appointment_id); });
  if (!v || !*v || !(*v)->started_at) return;
  auto a = scheduling_.FindAppointment(staff.practice_id, appointment_id);
  if (!a) return;
  const std::string& s = a->status;
  scheduling::StatusAction action;
  if (ended && (s == "in_session" || s == "checked_in"))
    action = scheduling::StatusAction::kComplete;
  else if (!ended && (s == "booked" || s == "confirmed" || s == "checked_in"))
    action = scheduling::StatusAction::kStart;
  else
    return;
  auto changed = scheduling_.ChangeStatus(staff, appointment_id, action, "", Origin{});
  if (!changed) log::Event(log::Level::kWarn, "visit_status_not_changed", {{"detail", changed.error().public_message}});
}

Result<RoomEntry> Service::EnterRoom(const Caller& caller, const std::string& room_id) {
  std::string practice_id = caller.practice_id;
  auto v = db_.Read([&](db::Connection& c) { return store::FindVisitByRoom(c, practice_id, room_id); });
  if (!v) return tl::unexpected(v.error());
  // Not a room of the caller's practice: a partner organization's clinician may be joining a visit of a practice
  // their organization works with (care/ decides, from the client's release, at every entry).
  std::optional<PartnerEntry> partner;
  if (!*v && caller.staff && partner_entrance_) {
    auto room = db_.Read([&](db::Connection& c) { return store::FindRoomAnywhere(c, room_id); });
    if (!room) return tl::unexpected(room.error());
    if (*room) {
      auto pe = partner_entrance_(*caller.staff, (*room)->second);
      if (!pe) return tl::unexpected(pe.error());
      if (auto lawful = PartnerLicensure(*caller.staff, *pe); !lawful) return tl::unexpected(lawful.error());
      practice_id = (*room)->first;
      partner = std::move(*pe);
      v = db_.Read([&](db::Connection& c) { return store::FindVisitByRoom(c, practice_id, room_id); });
      if (!v) return tl::unexpected(v.error());
    }
  }
  if (!*v) return Fail(ErrorCode::kNotFound, "There is no such room.");
  RoomEntry entry;
  entry.practice_id = practice_id;
  const std::string appointment_id = (*v)->appointment_id;
  EpochSeconds now = clock_.Now();
  Participant p;
  p.id = crypto::NewId();
  p.appointment_id = appointment_id;
  p.room_id = room_id;
  p.joined_at = now;
  if (partner) {
    const auto& a = partner->visit;
    if (auto may = MayJoinNow(scheduling::RoomMode(a), a.status, now, a.start, a.end); !may)
      return tl::unexpected(may.error());
    auto k = directory_.ClinicianById(practice_id, a.clinician_id);
    if (!k) return tl::unexpected(k.error());
    entry.clinician_user_id = k->user_id;
    entry.starts_at = a.start;
    entry.ends_at = a.end;
    p.kind = ParticipantKind::kStaff;
    p.user_id = caller.staff->user_id;
    p.display_name = caller.staff->display_name + " (" + partner->organization + ")";
    p.state = ParticipantState::kAdmitted;
    p.admitted_at = now;
  } else if (caller.staff) {
    auto a = StaffMayEnter(*caller.staff, appointment_id, Origin{}, &entry.clinician_user_id);
    if (!a) return tl::unexpected(a.error());
    entry.starts_at = a->start;
    entry.ends_at = a->end;
    p.kind = ParticipantKind::kStaff;
    p.user_id = caller.staff->user_id;
    p.display_name = caller.staff->display_name;
    p.state = ParticipantState::kAdmitted;
    p.admitted_at = now;
  } else if (caller.guest) {
    if (caller.guest->appointment_id != appointment_id)
      return Fail(ErrorCode::kForbidden, "Your link is for another visit.");
    auto a = scheduling_.FindAppointment(practice_id, appointment_id);
    if (!a) return tl::unexpected(a.error());
    if (auto may = MayJoinNow(scheduling::RoomMode(*a), a->status, now, a->start, a->end); !may)
      return tl::unexpected(may.error());
    auto k = directory_.ClinicianById(practice_id, a->clinician_id);
    if (!k) return tl::unexpected(k.error());
    entry.clinician_user_id = k->user_id;
    entry.starts_at = a->start;
    entry.ends_at = a->end;
    p.guest_id = caller.guest->id;
    if (caller.guest->client_id.empty()) {
      p.kind = ParticipantKind::kGuest;
      p.display_name = caller.guest->guest_name;
    } else {
      auto names = directory_.ClientNames(practice_id, {caller.guest->client_id});
      if (!names) return tl::unexpected(names.error());
      p.kind = ParticipantKind::kClient;
      p.client_id = caller.guest->client_id;
      p.display_name = (*names)[caller.guest->client_id];
      p.stated_state = (*v)->client_stated_state;
      p.licensure_allowed = (*v)->licensure_allowed;
      p.licensure_reason = (*v)->licensure_reason;
    }
    p.state = ParticipantState::kWaiting;
  } else {
    return Fail(ErrorCode::kUnauthenticated, "Sign in or open your join link.");
  }
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto events = store::ListEvents(c, practice_id, appointment_id);
    if (!events) return tl::unexpected(events.error());
    bool ended =
        std::any_of(events->begin(), events->end(), [](const VisitEvent& e) { return e.kind == VisitEventKind::kEnd; });
    if (ended && p.kind != ParticipantKind::kStaff)
      return FailRule("join_window", "Your clinician has ended this visit.");
    if (p.kind != ParticipantKind::kStaff) {
      auto back = store::WasAdmitted(c, practice_id, appointment_id, p);
      if (!back) return tl::unexpected(back.error());
      if (*back) {  // a reconnect after a drop goes straight back in
        p.state = ParticipantState::kAdmitted;
        p.admitted_at = now;
      }
    }
    if (p.state == ParticipantState::kAdmitted) {
      auto n = store::CountAdmitted(c, practice_id, appointment_id);
      if (!n) return tl::unexpected(n.error());
      if (auto full = MayAdmitOneMore(*n); !full) {
        if (p.kind == ParticipantKind::kStaff) return tl::unexpected(full.error());
        p.state = ParticipantState::kWaiting;  // a returning client waits until there is room
        p.admitted_at.reset();
      }
    }
    if (auto r = store::InsertParticipant(c, practice_id, p); !r) return r;
    if (p.state == ParticipantState::kAdmitted)
      if (auto in = InEvent(p.kind))
        if (auto r = Record(c, practice_id, appointment_id, p.id, *in, now); !r) return r;
    // Clients see only who is in the room; staff also see who is waiting.
    auto present = store::ListPresent(c, practice_id, appointment_id, p.kind == ParticipantKind::kClient);
    if (!present) return tl::unexpected(present.error());
    entry.present = std::move(*present);
    auto fresh = store::FindVisit(c, practice_id, appointment_id);
    if (!fresh) return tl::unexpected(fresh.error());
    entry.visit = **fresh;
    if (caller.staff) {
      auto e = audit::ByPrincipal(*caller.staff, partner ? "telehealth.partner_room_enter" : "telehealth.room_enter",
                                  "appointment", appointment_id, "", "");
      e.practice_id = practice_id;  // the room's practice keeps the trail of who entered it
      return audit::Append(c, e, now);
    }
    return audit::Append(
        c, ClientEvent(practice_id, caller.guest->id, "telehealth.room_enter", appointment_id, p.client_id, Origin{}),
        now);
  });
  if (!st) return tl::unexpected(st.error());
  entry.self = p;
  if (caller.staff && !partner) FollowVisit(*caller.staff, appointment_id, false);
  return entry;
}

Result<Participant> Service::Admit(const Caller& staff, const std::string& appointment_id,
                                   const std::string& participant_id) {
  if (!staff.staff) return Fail(ErrorCode::kForbidden, "Only staff in the room can admit someone.");
  EpochSeconds now = clock_.Now();
  Participant out;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto p = store::FindParticipant(c, staff.practice_id, participant_id);
    if (!p) return tl::unexpected(p.error());
    if (!*p || (*p)->appointment_id != appointment_id)
      return Fail(ErrorCode::kNotFound, "That person is not waiting for this visit.");
    auto n = store::CountAdmitted(c, staff.practice_id, appointment_id);
    if (!n) return tl::unexpected(n.error());
    if (auto full = MayAdmitOneMore(*n); !full) return full;
    auto moved = store::MoveParticipant(c, staff.practice_id, participant_id, ParticipantState::kWaiting,
                                        ParticipantState::kAdmitted, now);
    if (!moved) return tl::unexpected(moved.error());
    if (!*moved) return Fail(ErrorCode::kConflict, "They are no longer waiting.");
    if (auto in = InEvent((*p)->kind))
      if (auto r = Record(c, staff.practice_id, appointment_id, participant_id, *in, now); !r) return r;
    out = **p;
    out.state = ParticipantState::kAdmitted;
    out.admitted_at = now;
    return audit::Append(
        c, audit::ByPrincipal(*staff.staff, "telehealth.admit", "appointment", appointment_id, "", "", out.client_id),
        now);
  });
  if (!st) return tl::unexpected(st.error());
  FollowVisit(*staff.staff, appointment_id, false);
  return out;
}

Result<Participant> Service::Remove(const Caller& staff, const std::string& appointment_id,
                                    const std::string& participant_id) {
  if (!staff.staff) return Fail(ErrorCode::kForbidden, "Only staff in the room can remove someone.");
  EpochSeconds now = clock_.Now();
  Participant out;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto p = store::FindParticipant(c, staff.practice_id, participant_id);
    if (!p) return tl::unexpected(p.error());
    if (!*p || (*p)->appointment_id != appointment_id || (*p)->state == ParticipantState::kLeft)
      return Fail(ErrorCode::kNotFound, "That person is not in this room.");
    out = **p;
    auto moved = store::MoveParticipant(c, staff.practice_id, participant_id, out.state, ParticipantState::kLeft, now);
    if (!moved) return tl::unexpected(moved.error());
    if (auto r = store::MarkRemoved(c, staff.practice_id, participant_id); !r) return r;
    if (out.state == ParticipantState::kAdmitted)
      if (auto gone = OutEvent(out.kind))
        if (auto r = Record(c, staff.practice_id, appointment_id, participant_id, *gone, now); !r) return r;
    return audit::Append(
        c, audit::ByPrincipal(*staff.staff, "telehealth.remove", "appointment", appointment_id, "", "", out.client_id),
        now);
  });
  if (!st) return tl::unexpected(st.error());
  return out;
}

Result<std::vector<Participant>> Service::EndVisit(const Caller& staff, const std::string& appointment_id) {
  if (!staff.staff) return Fail(ErrorCode::kForbidden, "Only staff can end the visit.");
  EpochSeconds now = clock_.Now();
  std::vector<Participant> present;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto list = store::ListPresent(c, staff.practice_id, appointment_id);
    if (!list) return tl::unexpected(list.error());
    present = std::move(*list);
    for (const auto& p : present)
      if (auto r = store::MoveParticipant(c, staff.practice_id, p.id, p.state, ParticipantState::kLeft, now); !r)
        return tl::unexpected(r.error());
    if (auto r = Record(c, staff.practice_id, appointment_id, "", VisitEventKind::kEnd, now); !r) return r;
    return audit::Append(c, audit::ByPrincipal(*staff.staff, "telehealth.end", "appointment", appointment_id, "", ""),
                         now);
  });
  if (!st) return tl::unexpected(st.error());
  FollowVisit(*staff.staff, appointment_id, true);
  return present;
}

Status Service::Leave(const std::string& practice_id, const std::string& participant_id) {
  EpochSeconds now = clock_.Now();
  return db_.WithWrite([&](db::Connection& c) -> Status {
    auto p = store::FindParticipant(c, practice_id, participant_id);
    if (!p) return tl::unexpected(p.error());
    if (!*p || (*p)->state == ParticipantState::kLeft) return {};
    auto moved = store::MoveParticipant(c, practice_id, participant_id, (*p)->state, ParticipantState::kLeft, now);
    if (!moved) return tl::unexpected(moved.error());
    auto gone = OutEvent((*p)->kind);
    if (!*moved || (*p)->state != ParticipantState::kAdmitted || !gone) return {};
    return Record(c, practice_id, (*p)->appointment_id, participant_id, *gone, now);
  });
}

Status Service::SetAudioOnly(const std::string& practice_id, const std::string& participant_id, bool audio_only) {
  EpochSeconds now = clock_.Now();
  return db_.WithWrite([&](db::Connection& c) -> Status {
    auto p = store::FindParticipant(c, practice_id, participant_id);
    if (!p) return tl::unexpected(p.error());
    if (!*p || (*p)->state != ParticipantState::kAdmitted || (*p)->audio_only == audio_only) return {};
    if (auto r = store::SetAudioOnly(c, practice_id, participant_id, audio_only); !r) return r;
    return Record(c, practice_id, (*p)->appointment_id, participant_id,
                  audio_only ? VisitEventKind::kAudioOn : VisitEventKind::kAudioOff, now);
  });
}

Result<std::vector<RoomSummary>> Service::Rooms(const Principal& who, std::optional<EpochSeconds> day_end,
                                                const Origin& origin) {
  EpochSeconds now = clock_.Now();
  auto clinicians = directory_.ListClinicians(who);
  if (!clinicians) return tl::unexpected(clinicians.error());
  std::unordered_set<std::string> mine;  // clinicians whose rooms this principal may enter
  for (const auto& k : *clinicians)
    if (who.role == Role::kOwner || (!k.user_id.empty() && k.user_id == who.user_id) ||
        (!k.supervisor_user_id.empty() && k.supervisor_user_id == who.user_id))
      mine.insert(k.id);
  auto list = scheduling_.ListAppointments(
      who, std::nullopt, std::nullopt, now - kClosesMinutesAfter * 60 - 4 * 3600,
      // "Today" ends where the viewer's day ends (they say so); else 12 hours on.
      day_end && *day_end > now && *day_end <= now + 36 * 3600 ? *day_end : now + 12 * 3600, origin);
  if (!list) return tl::unexpected(list.error());
  std::vector<RoomSummary> out;
  std::vector<std::string> ids;
  for (const auto& a : *list) {
    if (!scheduling::IsTelehealth(a.mode) || !mine.count(a.clinician_id) || a.end + kClosesMinutesAfter * 60 < now)
      continue;
    if (a.status == "cancelled" || a.status == "late_cancelled" || a.status == "no_show") continue;
    out.push_back({a.id, a.clinician_id, a.start, a.end, a.status, a.client_names, {}});
    ids.push_back(a.id);
  }
  auto present = db_.Read([&](db::Connection& c) { return store::PresentIn(c, who.practice_id, ids); });
  if (!present) return tl::unexpected(present.error());
  for (auto& p : *present)
    for (auto& r : out)
      if (r.appointment_id == p.appointment_id) r.present.push_back(p);
  std::sort(out.begin(), out.end(), [](const RoomSummary& x, const RoomSummary& y) { return x.start < y.start; });
  return out;
}

Result<std::vector<Participant>> Service::Present(const std::string& practice_id, const std::string& appointment_id) {
  return db_.Read([&](db::Connection& c) { return store::ListPresent(c, practice_id, appointment_id); });
}

}  // namespace duet::telehealth
