#include "portal/service.hpp"

#include <algorithm>
#include <cctype>
#include <unordered_map>

#include "documents/rules.hpp"
#include "measures/rules.hpp"
#include "platform/audit.hpp"
#include "portal/rules.hpp"
#include "portal/store.hpp"
#include "practice/rules.hpp"
#include "scheduling/rules.hpp"
#include "telehealth/rules.hpp"

namespace duet::portal {
namespace {
constexpr EpochSeconds kDay = 86400;
constexpr EpochSeconds kWindow = 90 * kDay;
}  // namespace

Service::Service(db::Database& db, const Clock& clock, identity::Service& identity, practice::Service& directory,
                 scheduling::Service& scheduling, telehealth::Service& telehealth, documents::Service& documents,
                 measures::Service& measures, access::Service& access, intake::Service& intake)
    : db_(db),
      clock_(clock),
      identity_(identity),
      directory_(directory),
      scheduling_(scheduling),
      telehealth_(telehealth),
      documents_(documents),
      measures_(measures),
      access_(access),
      intake_(intake) {}

Result<identity::IssuedInvitation> Service::InviteClient(const Principal& who, const std::string& client_id,
                                                         const std::string& email, bool guardian,
                                                         const Origin& origin) {
  // Reading the client first applies the chart's access rules (and a client of another practice is not found).
  auto client = directory_.GetClient(who, client_id, origin);
  if (!client) return tl::unexpected(client.error());
  identity::NewInvitation request;
  request.email = email;
  request.role = Role::kClient;
  request.client_id = client_id;
  request.guardian = guardian;
  // A guardian the chart lists with this address is named as the chart names them.
  if (guardian)
    for (const auto& g : client->client.guardians)
      if (std::equal(g.email.begin(), g.email.end(), email.begin(), email.end(),
                     [](unsigned char a, unsigned char b) { return std::tolower(a) == std::tolower(b); }))
        request.display_name = g.name;
  return identity_.Invite(who, request, origin);
}

Result<PortalHome> Service::SetLanguage(const Principal& who, const std::string& language, const Origin& origin) {
  if (auto st = identity_.SetLanguage(who, language, origin); !st) return tl::unexpected(st.error());
  return Home(who, origin);
}

Result<PortalHome> Service::ActFor(const Principal& who, const std::string& client_id, const Origin& origin) {
  if (who.role != Role::kClient) return Fail(ErrorCode::kForbidden, "These pages are for clients.");
  Principal chosen = who;
  chosen.acting_client_id = client_id;
  auto self = directory_.PortalClient(chosen, practice::PortalArea::kHome);
  if (!self) return tl::unexpected(self.error());
  // A client the account has no link to is not found (and the choice is not kept).
  if (self->client.id != client_id) return Fail(ErrorCode::kNotFound, "No such client.");
  if (auto st = identity_.SetActingClient(who, client_id); !st) return tl::unexpected(st.error());
  return Home(chosen, origin);
}

Result<PortalHome> Service::AcceptLink(const Principal& who, const std::string& token, const Origin& origin) {
  if (who.role != Role::kClient) return Fail(ErrorCode::kForbidden, "These pages are for clients.");
  if (auto st = identity_.AcceptGuardianLink(who, token, origin); !st) return tl::unexpected(st.error());
  return Home(who, origin);
}

Result<std::vector<practice::PortalLink>> Service::Accounts(const Principal& who, const std::string& client_id) {
  return directory_.PortalAccounts(who, client_id);
}

Result<std::vector<practice::PortalLink>> Service::ChangeGuardian(const Principal& who, const std::string& client_id,
                                                                  const std::string& user_id,
                                                                  const std::optional<practice::GuardianSees>& sees,
                                                                  const Origin& origin) {
  return directory_.ChangeGuardian(who, client_id, user_id, sees, origin);
}

Result<practice::Client> Service::Self(const Principal& who, practice::PortalArea area) {
  auto self = directory_.PortalClient(who, area);
  if (!self) return tl::unexpected(self.error());
  return std::move(self->client);
}

Result<PortalHome> Service::Home(const Principal& who, const Origin& caller) {
  auto portal = directory_.PortalClient(who, practice::PortalArea::kHome);
  if (!portal) return tl::unexpected(portal.error());
  const practice::Client* self = &portal->client;
  Origin origin = caller;
  origin.audited_as_one = true;
  const EpochSeconds now = clock_.Now();
  // Two windows of at most 90 days each: what has been, and what is coming (a visit that started
  // in the last six hours is read with what is coming, so one in progress is never missed). A guardian
  // the practice shows no visits to sees none.
  std::vector<scheduling::Appointment> before, after;
  if (practice::GuardianMaySee(portal->link, practice::PortalArea::kAppointments)) {
    auto b = scheduling_.ListAppointments(who, std::nullopt, self->id, now - kWindow, now - 6 * 3600, origin);
    if (!b) return tl::unexpected(b.error());
    auto a = scheduling_.ListAppointments(who, std::nullopt, self->id, now - 6 * 3600, now + kWindow, origin);
    if (!a) return tl::unexpected(a.error());
    before = std::move(*b);
    after = std::move(*a);
  }
  auto practice_name = scheduling_.PracticeName(who.practice_id);
  if (!practice_name) return tl::unexpected(practice_name.error());

  auto lookup = LookupFor(who);
  if (!lookup) return tl::unexpected(lookup.error());
  PortalHome home;
  home.client_id = self->id;
  home.name = self->preferred_name.empty() ? self->given_name : self->preferred_name;
  home.practice_name = *practice_name;
  home.acting = portal->link;
  home.people = std::move(portal->people);
  if (auto account = identity_.FindUserIn(who.practice_id, who.user_id)) {
    home.language = account->language;
    home.two_step = account->totp_enabled;
  }
  for (const auto* list : {&before, &after})
    for (const auto& a : *list) {
      auto v = ToVisit(who, *lookup, a, now);
      if (!v) return tl::unexpected(v.error());
      (IsUpcoming(*v, now) ? home.upcoming : home.past).push_back(std::move(*v));
    }
  std::sort(home.upcoming.begin(), home.upcoming.end(), [](const auto& x, const auto& y) { return x.start < y.start; });
  std::sort(home.past.begin(), home.past.end(), [](const auto& x, const auto& y) { return x.start > y.start; });

  audit::Event e = audit::ByPrincipal(who, "portal.home", "client", self->id, caller.ip, caller.request_id, self->id);
  e.detail = std::to_string(home.upcoming.size()) + " upcoming, " + std::to_string(home.past.size()) + " past visits";
  if (auto st = audit::AppendNow(db_, e, now); !st) return tl::unexpected(st.error());
  return home;
}

Result<telehealth::InviteLink> Service::JoinLink(const Principal& who, const std::string& appointment_id,
                                                 const Origin& origin) {
  auto self = Self(who, practice::PortalArea::kAppointments);
  if (!self) return tl::unexpected(self.error());
  auto a = scheduling_.FindAppointment(who.practice_id, appointment_id);
  if (!a) return tl::unexpected(a.error());
  if (auto own = MayActOn(scheduling::IsConference(*a) ? std::vector<std::string>{} : a->client_ids, self->id); !own)
    return tl::unexpected(own.error());
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

namespace {
// An instrument's name as the client reads it ("PHQ-9"), or its key when Duet does not know it.
std::string InstrumentName(const std::string& key) {
  const auto* instrument = measures::FindInstrument(key);
  return instrument ? std::string(instrument->name) : key;
}

// Who acts for the public page: nobody signed in, with the front desk's right to add a client and book.
Principal PublicDesk(const std::string& practice_id) {
  Principal p;
  p.practice_id = practice_id;
  p.role = Role::kFrontDesk;
  p.display_name = "The practice's public page";
  return p;
}
}  // namespace

Result<PublicPageSettings> Service::GetPublicPage(const Principal& who) {
  auto page = db_.Read([&](db::Connection& c) { return store::PageOf(c, who.practice_id); });
  if (!page) return tl::unexpected(page.error());
  return page->value_or(PublicPageSettings{});
}

Result<PublicPageSettings> Service::PutPublicPage(const Principal& who, const PublicPageSettings& page,
                                                  const Origin& origin) {
  if (auto ok = CheckSlug(page.slug); !ok) return tl::unexpected(ok.error());
  const EpochSeconds now = clock_.Now();
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto saved = store::SavePage(c, who.practice_id, page, now);
    if (!saved) return tl::unexpected(saved.error());
    if (!*saved) return Fail(ErrorCode::kConflict, "Another practice has this address. Choose another.", {}, "slug");
    audit::Event e =
        audit::ByPrincipal(who, "public_page.update", "practice", who.practice_id, origin.ip, origin.request_id);
    e.detail = page.intake_open ? "first visits: open" : "first visits: closed";
    return audit::Append(c, e, now);
  });
  if (!st) return tl::unexpected(st.error());
  return page;
}

Result<PublicPage> Service::Public(const std::string& slug) {
  auto found = db_.Read([&](db::Connection& c) { return store::PageBySlug(c, slug); });
  if (!found) return tl::unexpected(found.error());
  if (!*found) return Fail(ErrorCode::kNotFound, "No such page.");
  const auto& [practice_id, settings] = **found;
  const Principal desk = PublicDesk(practice_id);
  PublicPage page;
  auto name = scheduling_.PracticeName(practice_id);
  if (!name) return tl::unexpected(name.error());
  page.practice_name = *name;
  page.intake_open = settings.intake_open;
  auto services = scheduling_.ListServices(desk);
  if (!services) return tl::unexpected(services.error());
  for (auto& s : *services)
    if (s.group_size == 1) page.services.push_back(std::move(s));
  auto clinicians = directory_.ListClinicians(desk);
  if (!clinicians) return tl::unexpected(clinicians.error());
  const Date today = DateOf(clock_.Now());
  for (const auto& k : *clinicians) {
    if (!k.active) continue;
    PublicClinician pc{k.id,
                       k.given_name + " " + k.family_name + (k.credentials.empty() ? "" : ", " + k.credentials),
                       std::string(practice::DisciplineName(k.discipline)),
                       {}};
    auto coverage = directory_.CoverageFor(desk, k.id, today, practice::Mode::kTelehealth);
    if (!coverage) return tl::unexpected(coverage.error());
    for (const auto& c : *coverage)
      if (c.allowed) pc.video_states.push_back(c.state);
    page.clinicians.push_back(std::move(pc));
  }
  return page;
}

Result<std::vector<OpenSlot>> Service::PublicSlots(const std::string& slug, const std::string& service_id,
                                                   const std::string& mode_name, const std::string& state,
                                                   EpochSeconds from, EpochSeconds to) {
  auto found = db_.Read([&](db::Connection& c) { return store::PageBySlug(c, slug); });
  if (!found) return tl::unexpected(found.error());
  if (!*found) return Fail(ErrorCode::kNotFound, "No such page.");
  const auto& [practice_id, settings] = **found;
  if (!settings.intake_open) return FailRule("intake_closed", "This practice is not taking requests here now.");
  auto first = FirstVisitSlots(practice_id, service_id, mode_name, state, from, to);
  if (!first) return tl::unexpected(first.error());
  std::vector<OpenSlot> out;
  if (auto st = AddOpenSlots(PublicDesk(practice_id), first->lookup, first->slots, out); !st)
    return tl::unexpected(st.error());
  std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.start < y.start; });
  return out;
}

Result<Service::FirstVisits> Service::FirstVisitSlots(const std::string& practice_id, const std::string& service_id,
                                                      const std::string& mode_name, const std::string& state,
                                                      EpochSeconds from, EpochSeconds to) {
  const Principal desk = PublicDesk(practice_id);
  auto mode = scheduling::ParseVisitMode(mode_name);
  if (!mode) return Fail(ErrorCode::kInvalid, "Choose in person, video or phone.", {}, "mode");
  if (state.empty()) return Fail(ErrorCode::kInvalid, "Say which state you will be in.", {}, "state");
  if (auto ok = ClampSearch(from, to, clock_.Now()); !ok) return tl::unexpected(ok.error());
  auto lookup = LookupFor(desk);
  if (!lookup) return tl::unexpected(lookup.error());
  auto service =
      std::find_if(lookup->services.begin(), lookup->services.end(), [&](const auto& s) { return s.id == service_id; });
  if (service == lookup->services.end() || !service->new_clients)
    return Fail(ErrorCode::kInvalid, "Choose a first visit this practice offers here.", {}, "service_id");
  if (std::find(service->modes.begin(), service->modes.end(), *mode) == service->modes.end())
    return FailRule("client_booking", "This visit is not offered that way.");
  auto slots = scheduling_.FindOpenSlots(desk, service_id, "", *mode, from, to, std::nullopt, state);
  if (!slots) return tl::unexpected(slots.error());
  return FirstVisits{std::move(*lookup), std::move(*slots)};
}

Result<IntakeBooked> Service::RequestIntake(const std::string& slug, const IntakeRequest& in, const Origin& origin) {
  auto found = db_.Read([&](db::Connection& c) { return store::PageBySlug(c, slug); });
  if (!found) return tl::unexpected(found.error());
  if (!*found) return Fail(ErrorCode::kNotFound, "No such page.");
  const auto [practice_id, settings] = **found;
  if (!settings.intake_open) return FailRule("intake_closed", "This practice is not taking requests here now.");
  const Principal desk = PublicDesk(practice_id);
  const EpochSeconds now = clock_.Now();
  // The spam guard first: nothing is looked at or written for a robot.
  const std::string source = crypto::HashHex(practice_id + "|" + origin.ip);
  auto recent = db_.Read([&](db::Connection& c) { return store::RecentIntake(c, practice_id, source, now - 3600); });
  if (!recent) return tl::unexpected(recent.error());
  if (auto ok = CheckIntakeGuard({in.website, in.form_opened_ms, now * 1000, recent->first, recent->second}); !ok)
    return tl::unexpected(ok.error());
  if (in.payment != "insurance" && in.payment != "self_pay")
    return Fail(ErrorCode::kInvalid, "Say whether you will use insurance or pay yourself.", {}, "payment");
  // The time must be one the page offers a new client now (every booking rule, in their state); the slot
  // knows the in-person block's place.
  auto offered = FirstVisitSlots(practice_id, in.service_id, in.mode, in.state, in.start, in.start + 86400);
  if (!offered) return tl::unexpected(offered.error());
  auto slot = std::find_if(offered->slots.begin(), offered->slots.end(), [&](const auto& s) {
    return s.first.keeps_block && s.first.start == in.start && s.first.clinician_id == in.clinician_id;
  });
  if (slot == offered->slots.end())
    return Fail(ErrorCode::kConflict, "That time is no longer open. Choose another.", {}, "start");
  auto clinician_name = ClinicianName(desk, offered->lookup, in.clinician_id);
  if (!clinician_name) return tl::unexpected(clinician_name.error());
  std::string location_name;
  for (const auto& l : offered->lookup.locations)
    if (l.id == slot->first.location_id) location_name = l.name;
  // The client record: a retry after a lost time books the record the first try made.
  std::string email = in.email;
  for (auto& ch : email) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const std::string identity =
      crypto::HashHex(practice_id + "|" + in.given_name + "|" + in.family_name + "|" + in.birth_date + "|" + email);
  auto earlier =
      db_.Read([&](db::Connection& c) { return store::UnbookedClient(c, practice_id, identity, now - 7200); });
  if (!earlier) return tl::unexpected(earlier.error());
  std::string client_id;
  if (*earlier) {
    client_id = **earlier;
  } else {
    practice::Client c;
    c.given_name = in.given_name;
    c.family_name = in.family_name;
    c.birth_date = in.birth_date;
    c.email = in.email;
    c.phone = in.phone;
    c.location_state = in.state;
    c.address.state = in.state;
    c.language = in.language.empty() ? "en" : in.language;  // the page's language; checked with the record
    auto k = directory_.ClinicianById(practice_id, in.clinician_id);
    if (!k) return tl::unexpected(k.error());
    c.time_zone = k->time_zone;  // until the front desk learns theirs
    c.clinician_ids = {in.clinician_id};
    c.insurance_status =
        in.payment == "insurance" ? practice::InsuranceStatus::kInsurance : practice::InsuranceStatus::kSelfPay;
    auto made = directory_.CreateClient(desk, c, origin);
    if (!made) return tl::unexpected(made.error());
    client_id = made->client.id;
  }
  const std::string request_id = crypto::NewId();
  auto noted = db_.WithWrite([&](db::Connection& c) {
    return store::InsertIntake(c, practice_id, request_id, client_id, source, identity, now);
  });
  if (!noted) return tl::unexpected(noted.error());
  scheduling::NewAppointment r;
  r.clinician_id = in.clinician_id;
  r.client_ids = {client_id};
  r.service_id = in.service_id;
  r.mode = *scheduling::ParseVisitMode(in.mode);
  r.start = in.start;
  if (r.mode != scheduling::VisitMode::kInPerson) r.client_state = in.state;
  if (r.mode == scheduling::VisitMode::kInPerson) r.location_id = slot->first.location_id;
  auto booking = GetSettings(practice_id);
  if (!booking) return tl::unexpected(booking.error());
  r.requested = booking->booking_approval;  // the practice confirms it first: the time is held meanwhile
  auto booked = scheduling_.Book(desk, r, origin);
  if (!booked) return tl::unexpected(booked.error());
  if (auto st = db_.WithWrite(
          [&](db::Connection& c) { return store::SetIntakeBooked(c, practice_id, request_id, booked->id); });
      !st)
    return tl::unexpected(st.error());
  return IntakeBooked{booked->start, booked->end, in.mode, *clinician_name, location_name};
}

Result<PortalRecords> Service::Records(const Principal& who, const Origin& caller) {
  auto self = Self(who, practice::PortalArea::kRecords);
  if (!self) return tl::unexpected(self.error());
  const EpochSeconds now = clock_.Now();
  auto lookup = LookupFor(who);
  if (!lookup) return tl::unexpected(lookup.error());
  PortalRecords out;
  // Five years back, newest first, in one query through the client's own rows.
  constexpr int kMostVisits = 500;
  auto past = scheduling_.ClientHistory(who.practice_id, self->id, now - 5 * 365 * kDay, now, kMostVisits);
  if (!past) return tl::unexpected(past.error());
  for (const auto& a : *past) {
    auto v = ToVisit(who, *lookup, a, now);
    if (!v) return tl::unexpected(v.error());
    out.visits.push_back(std::move(*v));
  }
  auto docs = documents_.SharedWith(who.practice_id, self->id);
  if (!docs) return tl::unexpected(docs.error());
  out.documents = std::move(*docs);
  auto scores = measures_.ScoresOf(who.practice_id, self->id);
  if (!scores) return tl::unexpected(scores.error());
  for (const auto& r : *scores) {
    out.results.push_back({r.instrument, InstrumentName(r.instrument), r.completed_at, r.score.total, r.score.band});
  }
  auto requests = access_.RequestsOf(who.practice_id, self->id);
  if (!requests) return tl::unexpected(requests.error());
  out.requests = std::move(*requests);
  audit::Event e =
      audit::ByPrincipal(who, "portal.records", "client", self->id, caller.ip, caller.request_id, self->id);
  e.detail = std::to_string(out.visits.size()) + " visits, " + std::to_string(out.documents.size()) + " documents, " +
             std::to_string(out.results.size()) + " results";
  if (auto st = audit::AppendNow(db_, e, now); !st) return tl::unexpected(st.error());
  return out;
}

Result<access::RecordRequest> Service::RequestRecord(const Principal& who, const Origin& origin) {
  auto self = Self(who, practice::PortalArea::kRecords);
  if (!self) return tl::unexpected(self.error());
  return access_.RequestRecord(who, self->id, origin);
}

Result<std::pair<documents::Document, std::string>> Service::SharedDocument(const Principal& who, const std::string& id,
                                                                            const Origin& origin) {
  auto self = Self(who, practice::PortalArea::kRecords);
  if (!self) return tl::unexpected(self.error());
  auto doc = documents_.SharedContent(who.practice_id, self->id, id);
  if (!doc) return tl::unexpected(doc.error());
  audit::Event e = audit::ByPrincipal(who, "document.read", "document", id, origin.ip, origin.request_id, self->id);
  if (auto st = audit::AppendNow(db_, e, clock_.Now()); !st) return tl::unexpected(st.error());
  return doc;
}

Result<Forms> Service::FormsFor(const Principal& who, const Origin& origin) {
  auto self = Self(who, practice::PortalArea::kForms);
  if (!self) return tl::unexpected(self.error());
  Forms forms;
  // The consents in the account's language (the one reading and signing them).
  auto account = identity_.FindUserIn(who.practice_id, who.user_id);
  auto consents = documents_.ConsentsFor(who.practice_id, self->id, account ? account->language : "en");
  if (!consents) return tl::unexpected(consents.error());
  forms.consents = std::move(*consents);
  auto open = measures_.OpenFor(who.practice_id, self->id);
  if (!open) return tl::unexpected(open.error());
  for (const auto& r : *open) {
    forms.questionnaires.push_back({r.id, r.instrument, InstrumentName(r.instrument), r.created_at, r.expires_at});
  }
  auto intake = intake_.ForClient(who.practice_id, self->id);
  if (!intake) return tl::unexpected(intake.error());
  forms.intake = std::move(*intake);
  audit::Event e = audit::ByPrincipal(who, "portal.forms", "client", self->id, origin.ip, origin.request_id, self->id);
  if (auto st = audit::AppendNow(db_, e, clock_.Now()); !st) return tl::unexpected(st.error());
  return forms;
}

Result<std::pair<intake::Response, intake::Form>> Service::StartIntake(const Principal& who,
                                                                       const std::string& form_key,
                                                                       const Origin& origin) {
  auto self = Self(who, practice::PortalArea::kForms);
  if (!self) return tl::unexpected(self.error());
  return intake_.Start(who, self->id, form_key, origin);
}

Result<std::pair<intake::Response, intake::Form>> Service::OpenIntake(const Principal& who, const std::string& id,
                                                                      const Origin& origin) {
  auto self = Self(who, practice::PortalArea::kForms);
  if (!self) return tl::unexpected(self.error());
  return intake_.Open(who, self->id, id, origin);
}

Result<intake::Response> Service::AnswerIntake(const Principal& who, const std::string& id,
                                               const std::string& content_json, bool submit, const Origin& origin) {
  auto self = Self(who, practice::PortalArea::kForms);
  if (!self) return tl::unexpected(self.error());
  return intake_.Answer(who, self->id, id, content_json, submit, origin);
}

Result<documents::ConsentToSign> Service::SignConsent(const Principal& who, const std::string& kind,
                                                      const std::string& signed_name, int version,
                                                      const std::string& language, const Origin& origin) {
  auto self = Self(who, practice::PortalArea::kForms);
  if (!self) return tl::unexpected(self.error());
  auto k = documents::ParseKind(kind);
  if (!k || !documents::IsConsent(*k)) return Fail(ErrorCode::kNotFound, "No such consent.");
  auto signed_doc = documents_.SignByClient(who, self->id, *k, signed_name, version, language, origin);
  if (!signed_doc) return tl::unexpected(signed_doc.error());
  auto consents = documents_.ConsentsFor(who.practice_id, self->id, language);
  if (!consents) return tl::unexpected(consents.error());
  for (auto& c : *consents)
    if (c.kind == kind) return std::move(c);
  return Fail(ErrorCode::kNotFound, "No such consent.");
}

Result<std::string> Service::QuestionnaireLink(const Principal& who, const std::string& request_id,
                                               const Origin& origin) {
  auto self = Self(who, practice::PortalArea::kForms);
  if (!self) return tl::unexpected(self.error());
  auto path = measures_.LinkFor(who.practice_id, self->id, request_id);
  if (!path) return tl::unexpected(path.error());
  audit::Event e = audit::ByPrincipal(who, "portal.questionnaire_open", "measure_request", request_id, origin.ip,
                                      origin.request_id, self->id);
  if (auto st = audit::AppendNow(db_, e, clock_.Now()); !st) return tl::unexpected(st.error());
  return path;
}

Status Service::AddOpenSlots(const Principal& who, Lookup& lookup,
                             const std::vector<std::pair<scheduling::Slot, std::string>>& slots,
                             std::vector<OpenSlot>& out) {
  for (const auto& [slot, zone] : slots) {
    if (!slot.keeps_block) continue;  // a visit of another mode in a block is the clinician's call
    auto name = ClinicianName(who, lookup, slot.clinician_id);
    if (!name) return tl::unexpected(name.error());
    OpenSlot o{slot.clinician_id, *name, slot.start, slot.end, std::string(scheduling::VisitModeName(slot.mode)), {}};
    for (const auto& l : lookup.locations)
      if (l.id == slot.location_id) o.location_name = l.name;
    out.push_back(std::move(o));
  }
  return {};
}

Result<Service::Lookup> Service::LookupFor(const Principal& who) {
  Lookup lookup;
  auto services = scheduling_.ListServices(who);
  if (!services) return tl::unexpected(services.error());
  lookup.services = std::move(*services);
  auto locations = scheduling_.ListLocations(who);
  if (!locations) return tl::unexpected(locations.error());
  lookup.locations = std::move(*locations);
  return lookup;
}

Result<std::string> Service::ClinicianName(const Principal& who, Lookup& lookup, const std::string& clinician_id) {
  auto name = lookup.clinician_names.find(clinician_id);
  if (name == lookup.clinician_names.end()) {
    auto k = directory_.ClinicianById(who.practice_id, clinician_id);
    if (!k) return tl::unexpected(k.error());
    name = lookup.clinician_names
               .emplace(clinician_id,
                        k->given_name + " " + k->family_name + (k->credentials.empty() ? "" : ", " + k->credentials))
               .first;
  }
  return name->second;
}

Result<PortalVisit> Service::ToVisit(const Principal& who, Lookup& lookup, const scheduling::Appointment& a,
                                     EpochSeconds now) {
  PortalVisit v;
  v.id = a.id;
  v.start = a.start;
  v.end = a.end;
  v.mode = std::string(scheduling::VisitModeName(a.mode));
  v.status = a.status;
  v.service_id = a.service_id;
  v.clinician_id = a.clinician_id;
  auto name = ClinicianName(who, lookup, a.clinician_id);
  if (!name) return tl::unexpected(name.error());
  v.clinician_name = *name;
  for (const auto& s : lookup.services)
    if (s.id == a.service_id) v.service_name = s.name;
  if (a.mode == scheduling::VisitMode::kInPerson)
    for (const auto& l : lookup.locations)
      if (l.id == a.location_id) {
        v.location_name = l.name;
        v.location_address = l.address;
      }
  v.room = std::string(telehealth::RoomState(v.mode, a.status, now, a.start, a.end));
  TermsOf(v, now);
  if (v.may_cancel && late_fee_ && v.status != "requested") {  // a request is withdrawn without a fee
    auto fee = lookup.late_fees.find(a.service_id);
    if (fee == lookup.late_fees.end()) {
      auto f = late_fee_(who, a.service_id);
      if (!f) return tl::unexpected(f.error());
      fee = lookup.late_fees.emplace(a.service_id, *f).first;
    }
    v.late_cancel_fee = fee->second;
  }
  return v;
}

Result<BookingOptions> Service::Options(const Principal& who) {
  auto self = Self(who, practice::PortalArea::kAppointments);
  if (!self) return tl::unexpected(self.error());
  auto services = scheduling_.ListServices(who);
  if (!services) return tl::unexpected(services.error());
  BookingOptions out;
  out.state = self->location_state;
  // A client with clinicians of their own is offered what those clinicians provide.
  std::vector<practice::Discipline> theirs;
  for (const auto& id : self->clinician_ids) {
    auto k = directory_.ClinicianById(who.practice_id, id);
    if (!k) return tl::unexpected(k.error());
    theirs.push_back(k->discipline);
  }
  auto provided = [&](const scheduling::ClinicalService& s) {
    if (theirs.empty() || s.disciplines.empty()) return true;
    return std::any_of(theirs.begin(), theirs.end(), [&](practice::Discipline d) {
      return std::find(s.disciplines.begin(), s.disciplines.end(), d) != s.disciplines.end();
    });
  };
  for (const auto& s : *services) {
    if (!s.client_bookable || s.group_size > 1 || !provided(s)) continue;
    BookableService b{s.id, s.name, s.duration_minutes, {}, {}, {}, {}};
    for (auto m : s.modes) {
      b.modes.emplace_back(scheduling::VisitModeName(m));
      if (m == scheduling::VisitMode::kInPerson) b.fee_in_person = s.fees.in_person;
      if (m == scheduling::VisitMode::kVideo) b.fee_video = s.fees.video;
      if (m == scheduling::VisitMode::kAudio) b.fee_audio = s.fees.audio;
    }
    out.services.push_back(std::move(b));
  }
  Lookup lookup;
  for (const auto& id : self->clinician_ids) {
    auto name = ClinicianName(who, lookup, id);
    if (!name) return tl::unexpected(name.error());
    out.clinician_names.push_back(*name);
  }
  return out;
}

Result<std::vector<OpenSlot>> Service::Slots(const Principal& who, const std::string& service_id,
                                             const std::string& mode_name, const std::string& state, EpochSeconds from,
                                             EpochSeconds to) {
  auto self = Self(who, practice::PortalArea::kAppointments);
  if (!self) return tl::unexpected(self.error());
  auto mode = scheduling::ParseVisitMode(mode_name);
  if (!mode) return Fail(ErrorCode::kInvalid, "Choose in person, video or phone.", {}, "mode");
  if (auto ok = ClampSearch(from, to, clock_.Now()); !ok) return tl::unexpected(ok.error());
  auto lookup = LookupFor(who);
  if (!lookup) return tl::unexpected(lookup.error());
  auto service =
      std::find_if(lookup->services.begin(), lookup->services.end(), [&](const auto& s) { return s.id == service_id; });
  if (service == lookup->services.end())
    return Fail(ErrorCode::kInvalid, "Choose a service of this practice.", {}, "service_id");
  if (auto may = MayBookOnline(*service, *mode); !may) return tl::unexpected(may.error());
  // Their own clinicians, or (a client nobody sees yet) every clinician who offers the service.
  std::vector<std::optional<std::string>> whom;
  for (const auto& id : self->clinician_ids) whom.emplace_back(id);
  if (whom.empty()) whom.emplace_back(std::nullopt);
  std::vector<OpenSlot> out;
  for (const auto& clinician : whom) {
    auto slots = scheduling_.FindOpenSlots(who, service_id, self->id, *mode, from, to, clinician, state);
    if (!slots) return tl::unexpected(slots.error());
    if (auto st = AddOpenSlots(who, *lookup, *slots, out); !st) return tl::unexpected(st.error());
  }
  std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.start < y.start; });
  return out;
}

namespace {
// The request a client's booking or move makes of scheduling: where they will be, and the block's place.
Result<scheduling::NewAppointment> RequestFor(const PortalBooking& b, const std::string& client_id,
                                              const scheduling::ClinicalService& service) {
  auto mode = scheduling::ParseVisitMode(b.mode);
  if (!mode) return Fail(ErrorCode::kInvalid, "Choose in person, video or phone.", {}, "mode");
  if (auto may = MayBookOnline(service, *mode); !may) return tl::unexpected(may.error());
  scheduling::NewAppointment r;
  r.clinician_id = b.clinician_id;
  r.client_ids = {client_id};
  r.service_id = service.id;
  r.mode = *mode;
  r.start = b.start;
  if (*mode != scheduling::VisitMode::kInPerson) r.client_state = b.state;
  return r;
}
}  // namespace

Status Service::PlaceInBlock(const Principal& who, scheduling::NewAppointment& r) {
  if (r.mode != scheduling::VisitMode::kInPerson) return {};
  // In person the visit is where the block is: the slot search (over its day) knows the place.
  auto slots = scheduling_.FindOpenSlots(who, r.service_id, r.client_ids.front(), r.mode, r.start, r.start + 86400,
                                         r.clinician_id);
  if (!slots) return tl::unexpected(slots.error());
  for (const auto& [slot, zone] : *slots)
    if (slot.start == r.start && slot.keeps_block) r.location_id = slot.location_id;
  if (r.location_id.empty())
    return FailRule("client_block", "This time is not open for an in-person visit. Choose one of the open times.");
  return {};
}

Result<PortalVisit> Service::Book(const Principal& who, const PortalBooking& b, const Origin& origin) {
  auto self = Self(who, practice::PortalArea::kAppointments);
  if (!self) return tl::unexpected(self.error());
  auto lookup = LookupFor(who);
  if (!lookup) return tl::unexpected(lookup.error());
  auto service = std::find_if(lookup->services.begin(), lookup->services.end(),
                              [&](const auto& s) { return s.id == b.service_id; });
  if (service == lookup->services.end())
    return Fail(ErrorCode::kInvalid, "Choose a service of this practice.", {}, "service_id");
  if (!self->clinician_ids.empty() &&
      std::find(self->clinician_ids.begin(), self->clinician_ids.end(), b.clinician_id) == self->clinician_ids.end())
    return FailRule("client_booking", "Book with your own clinician; to see someone else, ask the practice.");
  if (b.start <= clock_.Now()) return Fail(ErrorCode::kInvalid, "Choose a time that has not passed.", {}, "start");
  auto r = RequestFor(b, self->id, *service);
  if (!r) return tl::unexpected(r.error());
  if (auto placed = PlaceInBlock(who, *r); !placed) return tl::unexpected(placed.error());
  auto settings = GetSettings(who.practice_id);
  if (!settings) return tl::unexpected(settings.error());
  r->requested = settings->booking_approval;  // the practice confirms it first: the time is held meanwhile
  auto booked = scheduling_.Book(who, *r, origin);
  if (!booked) return tl::unexpected(booked.error());
  return ToVisit(who, *lookup, *booked, clock_.Now());
}

Result<PortalSettings> Service::GetSettings(const std::string& practice_id) {
  auto found = db_.Read([&](db::Connection& c) { return store::SettingsOf(c, practice_id); });
  if (!found) return tl::unexpected(found.error());
  return found->value_or(PortalSettings{});
}

Result<PortalSettings> Service::PutSettings(const Principal& who, const PortalSettings& s, const Origin& origin) {
  const EpochSeconds now = clock_.Now();
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto r = store::SaveSettings(c, who.practice_id, s, now); !r) return r;
    audit::Event e =
        audit::ByPrincipal(who, "portal_settings.update", "practice", who.practice_id, origin.ip, origin.request_id);
    e.detail = s.booking_approval ? "booking approval on" : "booking approval off";
    return audit::Append(c, e, now);
  });
  if (!st) return tl::unexpected(st.error());
  return s;
}

Result<std::pair<scheduling::Appointment, PortalVisit>> Service::OwnVisit(const Principal& who,
                                                                          const practice::Client& self,
                                                                          const std::string& appointment_id,
                                                                          Lookup& lookup) {
  auto a = scheduling_.FindAppointment(who.practice_id, appointment_id);
  if (!a) return tl::unexpected(a.error());
  // A case conference is a staff meeting about the client: never the client's to see or change.
  if (auto own = MayActOn(scheduling::IsConference(*a) ? std::vector<std::string>{} : a->client_ids, self.id); !own)
    return tl::unexpected(own.error());
  auto v = ToVisit(who, lookup, *a, clock_.Now());
  if (!v) return tl::unexpected(v.error());
  return std::make_pair(std::move(*a), std::move(*v));
}

Result<PortalVisit> Service::Reschedule(const Principal& who, const std::string& appointment_id,
                                        const PortalBooking& to, const Origin& origin) {
  auto self = Self(who, practice::PortalArea::kAppointments);
  if (!self) return tl::unexpected(self.error());
  auto lookup = LookupFor(who);
  if (!lookup) return tl::unexpected(lookup.error());
  auto own = OwnVisit(who, *self, appointment_id, *lookup);
  if (!own) return tl::unexpected(own.error());
  auto& [current, visit] = *own;
  if (auto may = MayReschedule(visit); !may) return tl::unexpected(may.error());
  if (to.start <= clock_.Now()) return Fail(ErrorCode::kInvalid, "Choose a time that has not passed.", {}, "start");
  auto service = std::find_if(lookup->services.begin(), lookup->services.end(),
                              [&](const auto& s) { return s.id == current.service_id; });
  if (service == lookup->services.end()) return FailRule("client_booking", "This visit is moved with the practice.");
  PortalBooking move = to;
  move.clinician_id = current.clinician_id;
  if (move.mode.empty()) move.mode = std::string(scheduling::VisitModeName(current.mode));
  if (move.state.empty()) move.state = current.client_state;
  auto r = RequestFor(move, self->id, *service);
  if (!r) return tl::unexpected(r.error());
  if (auto placed = PlaceInBlock(who, *r); !placed) return tl::unexpected(placed.error());
  auto moved = scheduling_.Reschedule(who, appointment_id, *r, current.version, origin);
  if (!moved) return tl::unexpected(moved.error());
  return ToVisit(who, *lookup, *moved, clock_.Now());
}

Result<PortalVisit> Service::Cancel(const Principal& who, const std::string& appointment_id, bool fee_accepted,
                                    const Origin& origin) {
  auto self = Self(who, practice::PortalArea::kAppointments);
  if (!self) return tl::unexpected(self.error());
  auto lookup = LookupFor(who);
  if (!lookup) return tl::unexpected(lookup.error());
  auto own = OwnVisit(who, *self, appointment_id, *lookup);
  if (!own) return tl::unexpected(own.error());
  if (auto may = MayCancel(own->second, clock_.Now(), fee_accepted); !may) return tl::unexpected(may.error());
  auto cancelled = scheduling_.ChangeStatus(who, appointment_id, scheduling::StatusAction::kCancel,
                                            "cancelled by the client in their portal", origin);
  if (!cancelled) return tl::unexpected(cancelled.error());
  return ToVisit(who, *lookup, *cancelled, clock_.Now());
}

}  // namespace duet::portal
