#include "practice/service.hpp"

#include <algorithm>
#include <chrono>

#include "platform/audit.hpp"
#include "platform/crypto.hpp"
#include "platform/log.hpp"
#include "platform/words.hpp"
#include "practice/rules.hpp"
#include "practice/store.hpp"

namespace duet::practice {
namespace {

audit::Event AuditFor(const Principal& who, std::string action, std::string type, std::string id, const Origin& origin,
                      std::string client_id = {}) {
  return audit::ByPrincipal(who, std::move(action), std::move(type), std::move(id), origin.ip, origin.request_id,
                            std::move(client_id));
}

tl::unexpected<Error> Invalid(const std::vector<FieldIssue>& issues) { return InvalidFields(issues); }

tl::unexpected<Error> NotFound(std::string_view what) {
  return Fail(ErrorCode::kNotFound, "No such " + std::string(what) + ".");
}

std::string EncodeCursor(const Client& c) {
  return crypto::Base64UrlEncode(c.family_name + '\x1f' + c.given_name + '\x1f' + c.id);
}

std::optional<std::tuple<std::string, std::string, std::string>> DecodeCursor(const std::string& cursor) {
  auto raw = crypto::Base64UrlDecode(cursor);
  if (!raw) return std::nullopt;
  auto a = raw->find('\x1f');
  auto b = a == std::string::npos ? a : raw->find('\x1f', a + 1);
  if (b == std::string::npos) return std::nullopt;
  return std::make_tuple(raw->substr(0, a), raw->substr(a + 1, b - a - 1), raw->substr(b + 1));
}

//! Turns what a person typed into a search: a date of birth, the end of a phone number, or name prefixes.
store::ClientQuery ParseQuery(const std::string& q) {
  store::ClientQuery query;
  if (auto d = ParseDate(q)) {
    query.birth_date = FormatDate(*d);
    return query;
  }
  if (q.size() == 10 && q[2] == '/' && q[5] == '/') {  // MM/DD/YYYY as people write it in the US
    if (auto d = ParseDate(q.substr(6, 4) + "-" + q.substr(0, 2) + "-" + q.substr(3, 2))) {
      query.birth_date = FormatDate(*d);
      return query;
    }
  }
  bool has_alpha = std::any_of(q.begin(), q.end(), [](unsigned char ch) { return std::isalpha(ch) || ch >= 0x80; });
  std::string digits = ReversedDigits(q);
  if (!has_alpha && digits.size() >= 4) {
    query.phone_suffix_reversed = digits;
    return query;
  }
  Client probe;
  probe.given_name = q;
  query.token_prefixes = SearchTokens(probe);
  if (query.token_prefixes.size() > 4) query.token_prefixes.resize(4);
  return query;
}

}  // namespace

Service::Service(db::Database& db, const Clock& clock, CompactTable shipped)
    : db_(db), clock_(clock), shipped_(std::make_shared<const CompactTable>(std::move(shipped))) {}

Result<std::vector<Clinician>> Service::ListClinicians(const Principal& who) {
  return db_.Read([&](db::Connection& c) { return store::ListClinicians(c, who.practice_id); });
}

Result<Clinician> Service::GetClinician(const Principal& who, const std::string& id) {
  auto k = db_.Read([&](db::Connection& c) { return store::FindClinician(c, who.practice_id, id); });
  if (!k) return tl::unexpected(k.error());
  if (!*k) return NotFound("clinician");
  return **k;
}

Status Service::CheckClinicianAccounts(db::Connection& c, const Principal& who, const Clinician& k, bool linking) {
  // Accounts named on a clinician record belong to this practice: the one that signs in for it
  // acts as a clinician, and the supervisor is an active supervisor or owner.
  if (linking && !k.user_id.empty()) {
    auto role = store::ActiveUserRole(c, who.practice_id, k.user_id);
    if (!role) return tl::unexpected(role.error());
    if (!*role || !(**role == Role::kClinician || **role == Role::kSupervisor || **role == Role::kOwner))
      return Fail(ErrorCode::kInvalid, "Choose an active clinician, supervisor or owner account of this practice.", {},
                  "user_id");
  }
  if (!k.supervisor_user_id.empty()) {
    auto role = store::ActiveUserRole(c, who.practice_id, k.supervisor_user_id);
    if (!role) return tl::unexpected(role.error());
    if (!*role || !(**role == Role::kSupervisor || **role == Role::kOwner) || k.supervisor_user_id == k.user_id)
      return Fail(ErrorCode::kInvalid,
                  "Choose an active supervisor or owner of this practice (not the clinician themself).", {},
                  "supervisor_user_id");
  }
  return {};
}

Result<Clinician> Service::CreateClinician(const Principal& who, Clinician k, const Origin& origin) {
  if (auto issues = ValidateClinician(k); !issues.empty()) return Invalid(issues);
  k.id = crypto::NewId();
  k.practice_id = who.practice_id;
  k.created_at = clock_.Now();
  k.version = 1;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto r = CheckClinicianAccounts(c, who, k, true); !r) return r;
    if (auto r = store::InsertClinician(c, k); !r) {
      Error e = r.error();
      if (e.code == ErrorCode::kConflict)
        e = Error{ErrorCode::kConflict, "That user already has a clinician profile.", e.internal_detail, "user_id"};
      return tl::unexpected(e);
    }
    return audit::Append(c, AuditFor(who, "clinician.create", "clinician", k.id, origin), k.created_at);
  });
  if (!st) return tl::unexpected(st.error());
  return k;
}

Result<Clinician> Service::UpdateClinician(const Principal& who, Clinician k, const Origin& origin) {
  if (auto issues = ValidateClinician(k); !issues.empty()) return Invalid(issues);
  k.practice_id = who.practice_id;
  k.version += 1;
  EpochSeconds now = clock_.Now();
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto r = CheckClinicianAccounts(c, who, k, false); !r) return r;
    auto ok = store::UpdateClinician(c, k, now);
    if (!ok) return tl::unexpected(ok.error());
    if (!*ok) return Fail(ErrorCode::kConflict, "Someone else changed this clinician. Reload and try again.");
    return audit::Append(c, AuditFor(who, "clinician.update", "clinician", k.id, origin), now);
  });
  if (!st) return tl::unexpected(st.error());
  return GetClinician(who, k.id);
}

Status Service::MayManageLicenses(db::Connection&, const Principal& who, const Clinician& clinician) {
  if (who.role == Role::kOwner) return {};
  if (who.role == Role::kClinician && !clinician.user_id.empty() && clinician.user_id == who.user_id) return {};
  return Fail(ErrorCode::kForbidden, "Only the practice owner or the clinician themself can change licenses.");
}

Status Service::ChangeClinicianRecords(const Principal& who, const std::string& clinician_id,
                                       const std::function<Status(db::Connection&)>& change) {
  return db_.WithWrite([&](db::Connection& c) -> Status {
    auto k = store::FindClinician(c, who.practice_id, clinician_id);
    if (!k) return tl::unexpected(k.error());
    if (!*k) return NotFound("clinician");
    if (auto may = MayManageLicenses(c, who, **k); !may) return may;
    return change(c);
  });
}

Result<std::vector<License>> Service::ListLicenses(const Principal& who, const std::string& clinician_id) {
  return db_.Read([&](db::Connection& c) -> Result<std::vector<License>> {
    auto k = store::FindClinician(c, who.practice_id, clinician_id);
    if (!k) return tl::unexpected(k.error());
    if (!*k) return NotFound("clinician");
    return store::ListLicenses(c, who.practice_id, clinician_id);
  });
}

Result<License> Service::AddLicense(const Principal& who, const std::string& clinician_id, License l,
                                    const Origin& origin) {
  auto compacts = CompactsFor(who.practice_id);
  if (!compacts) return tl::unexpected(compacts.error());
  if (auto issues = ValidateLicense(l, **compacts); !issues.empty()) return Invalid(issues);
  l.id = crypto::NewId();
  l.clinician_id = clinician_id;
  EpochSeconds now = clock_.Now();
  auto st = ChangeClinicianRecords(who, clinician_id, [&](db::Connection& c) -> Status {
    if (auto r = store::InsertLicense(c, who.practice_id, l, now); !r) return r;
    return audit::Append(c, AuditFor(who, "license.create", "license", l.id, origin), now);
  });
  if (!st) return tl::unexpected(st.error());
  return l;
}

Status Service::DeleteLicense(const Principal& who, const std::string& clinician_id, const std::string& license_id,
                              const Origin& origin) {
  EpochSeconds now = clock_.Now();
  return ChangeClinicianRecords(who, clinician_id, [&](db::Connection& c) -> Status {
    auto n = store::DeleteLicense(c, who.practice_id, clinician_id, license_id);
    if (!n) return tl::unexpected(n.error());
    if (*n == 0) return NotFound("license");
    return audit::Append(c, AuditFor(who, "license.delete", "license", license_id, origin), now);
  });
}

Result<std::shared_ptr<const CompactTable>> Service::CompactsFor(const std::string& practice_id) {
  auto overrides = db_.Read([&](db::Connection& c) { return store::ListCompactOverrides(c, practice_id); });
  if (!overrides) return tl::unexpected(overrides.error());
  return WithOverrides(std::move(*overrides));
}

std::shared_ptr<const CompactTable> Service::WithOverrides(std::vector<CompactState> overrides) const {
  if (overrides.empty()) return shipped_;
  CompactTable table = *shipped_;
  for (auto& o : overrides) {
    auto it = std::find_if(table.states.begin(), table.states.end(),
                           [&](const CompactState& s) { return s.compact == o.compact && s.state == o.state; });
    if (it != table.states.end())
      *it = std::move(o);
    else
      table.states.push_back(std::move(o));
  }
  return std::make_shared<const CompactTable>(std::move(table));
}

Result<std::vector<Coverage>> Service::CoverageFor(const Principal& who, const std::string& clinician_id, Date on,
                                                   Mode mode) {
  auto k = GetClinician(who, clinician_id);
  if (!k) return tl::unexpected(k.error());
  auto licenses = ListLicenses(who, clinician_id);
  if (!licenses) return tl::unexpected(licenses.error());
  auto compacts = CompactsFor(who.practice_id);
  if (!compacts) return tl::unexpected(compacts.error());
  LicensureFacts facts{k->discipline, k->home_state, std::move(*licenses), 0};
  return CoverageForAllStates(facts, **compacts, on, mode);
}

Result<Coverage> Service::CheckLicensure(const std::string& practice_id, const std::string& clinician_id,
                                         std::string_view state, Date on, Mode mode, int tap_days_used) {
  auto k = db_.Read([&](db::Connection& c) { return store::FindClinician(c, practice_id, clinician_id); });
  if (!k) return tl::unexpected(k.error());
  if (!*k) return NotFound("clinician");
  return CheckLicensure(**k, state, on, mode, tap_days_used);
}

Result<Coverage> Service::CheckLicensure(const Clinician& k, std::string_view state, Date on, Mode mode,
                                         int tap_days_used) {
  // The clinician's licences and the practice's compact table, in one round trip on PostgreSQL.
  std::vector<License> licenses;
  std::vector<CompactState> overrides;
  auto st = db_.WithRead([&](db::Connection& c) {
    const db::Read reads[] = {store::ReadLicenses(k.practice_id, k.id, licenses),
                              store::ReadCompactOverrides(k.practice_id, overrides)};
    return c.EachOf(reads);
  });
  if (!st) return tl::unexpected(st.error());
  const LicensureFacts facts{k.discipline, k.home_state, std::move(licenses), tap_days_used};
  return MayPractice(facts, *WithOverrides(std::move(overrides)), state, on, mode);
}

Status Service::SealDiagnoses(Client& client) {
  client.diagnoses_sealed.clear();
  if (!keys_ || client.diagnoses.empty()) return {};
  auto key = keys_(client.practice_id);
  if (!key) return tl::unexpected(key.error());
  auto sealed = crypto::SealField(*key, store::DiagnosesJson(client.diagnoses), "diagnoses:" + client.id);
  if (!sealed) return tl::unexpected(sealed.error());
  client.diagnoses_sealed = std::move(*sealed);
  return {};
}

Status Service::OpenDiagnoses(Client& client, crypto::LazyKey& key) {
  if (client.diagnoses_sealed.empty()) return {};
  auto k = key.Get();
  if (!k) return tl::unexpected(k.error());
  auto text = crypto::OpenField(**k, client.diagnoses_sealed, "diagnoses:" + client.id);
  if (!text) return tl::unexpected(text.error());
  client.diagnoses = store::ParseDiagnoses(*text);
  client.diagnoses_sealed.clear();
  return {};
}

Result<Service::BookingPeople> Service::PeopleForBooking(const std::string& practice_id,
                                                         const std::string& clinician_id,
                                                         const std::vector<std::string>& client_ids,
                                                         std::span<const db::Read> also) {
  std::optional<Clinician> clinician;
  BookingPeople people;
  std::vector<CompactState> overrides;
  auto st = db_.WithRead([&](db::Connection& c) {
    std::vector<db::Read> reads(also.begin(), also.end());
    reads.push_back(store::ReadClinician(practice_id, clinician_id, clinician));
    const Date today = Today();
    for (const auto& id : client_ids)
      reads.push_back(store::ReadClientWithTeam(c.engine(), practice_id, id, today, people.clients));
    reads.push_back(store::ReadLicenses(practice_id, clinician_id, people.licenses));
    reads.push_back(store::ReadCompactOverrides(practice_id, overrides));
    return c.EachOf(reads);
  });
  if (!st) return tl::unexpected(st.error());
  if (!clinician) return NotFound("clinician");
  people.clinician = std::move(*clinician);
  people.compacts = WithOverrides(std::move(overrides));
  return people;
}

Status Service::BookingPeople::AllClientsFound(std::size_t asked) const {
  if (clients.size() != asked) return Fail(ErrorCode::kInvalid, "Choose clients of this practice.", {}, "client_id");
  return {};
}

Coverage Service::CheckLicensure(const BookingPeople& people, std::string_view state, Date on, Mode mode,
                                 int tap_days_used) const {
  const Clinician& k = people.clinician;
  return MayPractice(LicensureFacts{k.discipline, k.home_state, people.licenses, tap_days_used}, *people.compacts,
                     state, on, mode);
}

Result<std::vector<Client>> Service::ClientPlaces(const std::string& practice_id, const std::vector<std::string>& ids) {
  return db_.Read([&](db::Connection& c) -> Result<std::vector<Client>> {
    std::vector<Client> out;
    for (const auto& id : ids) {
      auto client = store::FindClient(c, practice_id, id, Today());
      if (!client) return tl::unexpected(client.error());
      if (!*client) return Fail(ErrorCode::kInvalid, "Choose clients of this practice.", {}, "client_id");
      out.push_back(std::move(**client));
    }
    return out;
  });
}

Result<Client> Service::ClientForBilling(const std::string& practice_id, const std::string& id) {
  auto client = db_.Read([&](db::Connection& c) { return store::FindClient(c, practice_id, id, Today()); });
  if (!client) return tl::unexpected(client.error());
  if (!*client) return NotFound("client");
  Client out = std::move(**client);
  crypto::LazyKey key(keys_, practice_id);
  if (auto opened = OpenDiagnoses(out, key); !opened) return tl::unexpected(opened.error());
  return out;
}

Result<std::unordered_map<std::string, std::string>> Service::ClientNames(const std::string& practice_id,
                                                                          const std::vector<std::string>& ids) {
  return db_.Read([&](db::Connection& c) { return store::ClientNames(c, practice_id, ids); });
}

Result<std::unordered_set<std::string>> Service::FullChartsAmong(const Principal& who,
                                                                 const std::vector<std::string>& client_ids) {
  std::unordered_set<std::string> wanted(client_ids.begin(), client_ids.end()), out;
  if (DecideClientView(who.role, {}) == ClientView::kFull) return wanted;  // the owner: every chart
  if (who.role != Role::kClinician && who.role != Role::kSupervisor) return out;
  auto rows =
      db_.Read([&](db::Connection& c) { return store::CareRelationships(c, who.practice_id, who.user_id, Today()); });
  if (!rows) return tl::unexpected(rows.error());
  for (const auto& [client, rel] : *rows)
    if (wanted.count(client) && DecideClientView(who.role, rel) == ClientView::kFull) out.insert(client);
  return out;
}

Result<ClientView> Service::ChartView(const Principal& who, const std::string& client_id) {
  return db_.Read([&](db::Connection& c) -> Result<ClientView> {
    auto client = store::FindClient(c, who.practice_id, client_id, Today());
    if (!client) return tl::unexpected(client.error());
    if (!*client) return Fail(ErrorCode::kNotFound, "No such client.");
    auto rel = RelationshipTo(c, who, client_id);
    if (!rel) return tl::unexpected(rel.error());
    return DecideClientView(who.role, *rel);
  });
}

Status Service::MayReadChart(const Principal& who, const std::string& client_id) {
  auto view = ChartView(who, client_id);
  if (!view) return tl::unexpected(view.error());
  if (*view != ClientView::kFull) return Fail(ErrorCode::kNotFound, "No such client.");
  return {};
}

Result<Clinician> Service::ClinicianById(const std::string& practice_id, const std::string& id) {
  auto k = db_.Read([&](db::Connection& c) { return store::FindClinician(c, practice_id, id); });
  if (!k) return tl::unexpected(k.error());
  if (!*k) return Fail(ErrorCode::kNotFound, "No such clinician.");
  return **k;
}

Result<CareTeam> Service::CareTeamOf(const Principal& who, const std::string& client_id) {
  return db_.Read([&](db::Connection& c) -> Result<CareTeam> {
    auto client = store::FindClient(c, who.practice_id, client_id, Today());
    if (!client) return tl::unexpected(client.error());
    if (!*client) return NotFound("client");
    auto rel = RelationshipTo(c, who, client_id);
    if (!rel) return tl::unexpected(rel.error());
    if (DecideClientView(who.role, *rel) == ClientView::kNone) return NotFound("client");
    auto members = store::ListCareTeam(c, who.practice_id, client_id, Today());
    if (!members) return tl::unexpected(members.error());
    return CareTeam{std::move(*members), (*client)->version};
  });
}

Result<CareTeam> Service::ReplaceCareTeam(const Principal& who, const std::string& client_id, CareTeam team,
                                          const std::function<Status(db::Connection&)>& also, const Origin& origin) {
  const EpochSeconds now = clock_.Now();
  if (auto issues = ValidateCareTeam(team.members, Today()); !issues.empty()) return InvalidFields(issues);
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto rel = RelationshipTo(c, who, client_id);
    if (!rel) return tl::unexpected(rel.error());
    if (!MayEditClient(who.role, *rel)) {
      auto client = store::FindClient(c, who.practice_id, client_id, Today());
      if (!client) return tl::unexpected(client.error());
      if (!*client || DecideClientView(who.role, *rel) == ClientView::kNone) return NotFound("client");
      return Fail(ErrorCode::kForbidden, "Your role cannot change this client's care team.");
    }
    std::vector<std::string> ids;
    for (const auto& m : team.members) ids.push_back(m.clinician_id);
    auto exist = store::CliniciansExist(c, who.practice_id, ids);
    if (!exist) return tl::unexpected(exist.error());
    if (!*exist) return Fail(ErrorCode::kInvalid, "Choose clinicians of this practice.", {}, "members");
    auto bumped = store::BumpClientVersion(c, who.practice_id, client_id, team.version, now);
    if (!bumped) return tl::unexpected(bumped.error());
    if (!*bumped) {
      auto client = store::FindClient(c, who.practice_id, client_id, Today());
      if (!client) return tl::unexpected(client.error());
      if (!*client) return NotFound("client");
      return Fail(ErrorCode::kConflict,
                  "Someone else changed this client. Reload to see their change, then edit again.");
    }
    if (auto w = store::ReplaceCareTeam(c, who.practice_id, client_id, team.members); !w) return w;
    if (also)
      if (auto w = also(c); !w) return w;
    return audit::Append(c, AuditFor(who, "care_team.update", "client", client_id, origin, client_id), now);
  });
  if (!st) return tl::unexpected(st.error());
  auto members =
      db_.Read([&](db::Connection& c) { return store::ListCareTeam(c, who.practice_id, client_id, Today()); });
  if (!members) return tl::unexpected(members.error());
  return CareTeam{std::move(*members), team.version + 1};
}

Status Service::JoinCareTeam(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                             const std::string& clinician_id, TeamRole role) {
  auto members = store::ListCareTeam(c, practice_id, client_id, Today());
  if (!members) return tl::unexpected(members.error());
  auto it = std::find_if(members->begin(), members->end(),
                         [&](const CareTeamMember& m) { return m.clinician_id == clinician_id; });
  if (it != members->end() && it->active) return {};
  if (it == members->end()) it = members->insert(members->end(), CareTeamMember{clinician_id, role});
  it->role = role;
  it->starts_on = Today();
  it->ends_on.reset();
  auto client = store::FindClient(c, practice_id, client_id, Today());
  if (!client) return tl::unexpected(client.error());
  if (!*client) return NotFound("client");
  auto bumped = store::BumpClientVersion(c, practice_id, client_id, (*client)->version, clock_.Now());
  if (!bumped) return tl::unexpected(bumped.error());
  return store::ReplaceCareTeam(c, practice_id, client_id, *members);
}

Result<ClientRelationship> Service::CareRelationship(const Principal& who, const std::string& client_id) {
  return db_.Read([&](db::Connection& c) { return RelationshipTo(c, who, client_id, true); });
}

Result<std::optional<Client>> Service::ClientOfUser(const std::string& practice_id, const std::string& user_id) {
  return db_.Read([&](db::Connection& c) { return store::FindClientByUser(c, practice_id, user_id, Today()); });
}

Result<PortalSelf> Service::PortalClient(const Principal& who, PortalArea area) {
  if (who.role != Role::kClient) return Fail(ErrorCode::kForbidden, "These pages are for clients.");
  return db_.Read([&](db::Connection& c) -> Result<PortalSelf> {
    auto links = store::PortalLinksOf(c, who.practice_id, who.user_id);
    if (!links) return tl::unexpected(links.error());
    auto chosen = ChoosePortalLink(*links, who.acting_client_id);
    if (!chosen) return Fail(ErrorCode::kNotFound, "This account is not linked to a client record. Ask your practice.");
    PortalSelf self;
    self.link = (*links)[*chosen];
    if (!GuardianMaySee(self.link, area))
      // A refusal (403) named by its rule (problem type rules/guardian_scope).
      return tl::unexpected(
          Error{ErrorCode::kForbidden,
                "The practice has not shared this part of " + self.link.client_name + "'s pages with you.",
                {},
                {},
                "guardian_scope",
                {},
                false});
    auto client = store::FindClient(c, who.practice_id, self.link.client_id, Today());
    if (!client) return tl::unexpected(client.error());
    if (!*client) return Fail(ErrorCode::kNotFound, "No such client.");
    self.client = std::move(**client);
    self.people = std::move(*links);
    return self;
  });
}

Result<std::vector<PortalLink>> Service::PortalAccounts(const Principal& who, const std::string& client_id) {
  auto view = ChartView(who, client_id);
  if (!view) return tl::unexpected(view.error());
  if (*view == ClientView::kNone) return NotFound("client");
  return db_.Read([&](db::Connection& c) { return store::AccountsOf(c, who.practice_id, client_id); });
}

Result<std::vector<PortalLink>> Service::ChangeGuardian(const Principal& who, const std::string& client_id,
                                                        const std::string& user_id,
                                                        const std::optional<GuardianSees>& sees, const Origin& origin) {
  const EpochSeconds now = clock_.Now();
  std::vector<PortalLink> out;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto rel = RelationshipTo(c, who, client_id);
    if (!rel) return tl::unexpected(rel.error());
    if (!MayEditClient(who.role, *rel)) {
      return DecideClientView(who.role, *rel) == ClientView::kNone
                 ? Status(NotFound("client"))
                 : Status(Fail(ErrorCode::kForbidden, "Your role cannot change who sees this client's pages."));
    }
    auto n = sees ? store::SetGuardianSees(c, who.practice_id, client_id, user_id, *sees)
                  : store::EndGuardianLink(c, who.practice_id, client_id, user_id, now);
    if (!n) return tl::unexpected(n.error());
    if (*n == 0) return Fail(ErrorCode::kNotFound, "That account is not a guardian of this client.");
    auto accounts = store::AccountsOf(c, who.practice_id, client_id);
    if (!accounts) return tl::unexpected(accounts.error());
    out = std::move(*accounts);
    auto e = AuditFor(who, sees ? "client.guardian_access" : "client.guardian_end", "user", user_id, origin, client_id);
    return audit::Append(c, e, now);
  });
  if (!st) return tl::unexpected(st.error());
  return out;
}

Result<std::optional<Clinician>> Service::ClinicianOfUser(const std::string& practice_id, const std::string& user_id) {
  return db_.Read([&](db::Connection& c) { return store::FindClinicianByUser(c, practice_id, user_id); });
}

Result<std::vector<FacilityCredential>> Service::ListFacilityCredentials(const Principal& who,
                                                                         const std::string& clinician_id) {
  // Another practice's clinician (or none at all) is not found, rather than an empty list.
  if (auto k = GetClinician(who, clinician_id); !k) return tl::unexpected(k.error());
  return db_.Read([&](db::Connection& c) { return store::ListFacilityCredentials(c, who.practice_id, clinician_id); });
}

Result<FacilityCredential> Service::AddFacilityCredential(const Principal& who, const std::string& clinician_id,
                                                          FacilityCredential f, const Origin& origin) {
  std::vector<FieldIssue> issues;
  if (f.facility.empty()) issues.push_back({"facility", "Required."});
  if (f.valid_to < f.valid_from) issues.push_back({"valid_to", "The end date is before the start date."});
  if (!issues.empty()) return Invalid(issues);
  f.id = crypto::NewId();
  f.clinician_id = clinician_id;
  EpochSeconds now = clock_.Now();
  auto st = ChangeClinicianRecords(who, clinician_id, [&](db::Connection& c) -> Status {
    if (auto r = store::InsertFacilityCredential(c, who.practice_id, f, now); !r) return r;
    return audit::Append(c, AuditFor(who, "credential.create", "facility_credential", f.id, origin), now);
  });
  if (!st) return tl::unexpected(st.error());
  return f;
}

Status Service::DeleteFacilityCredential(const Principal& who, const std::string& clinician_id, const std::string& id,
                                         const Origin& origin) {
  EpochSeconds now = clock_.Now();
  return ChangeClinicianRecords(who, clinician_id, [&](db::Connection& c) -> Status {
    auto n = store::DeleteFacilityCredential(c, who.practice_id, clinician_id, id);
    if (!n) return tl::unexpected(n.error());
    if (*n == 0) return NotFound("credential");
    return audit::Append(c, AuditFor(who, "credential.delete", "facility_credential", id, origin), now);
  });
}

Result<CompactState> Service::UpdateCompactState(const Principal& who, CompactState s, const Origin& origin) {
  std::vector<FieldIssue> issues;
  if (!shipped_->Find(s.compact)) issues.push_back({"compact", "Unknown compact."});
  if (!FindJurisdiction(s.state)) issues.push_back({"state", "Use a two-letter US state or territory code."});
  if (s.source.empty())
    issues.push_back({"source", "Say where this came from (the commission's map, a statute, a notice)."});
  if (!ParseDate(s.as_of)) issues.push_back({"as_of", "The date the source was checked, like 2026-11-22."});
  if (!issues.empty()) return Invalid(issues);
  if (s.status.empty()) s.status = s.operational_on ? "operational" : "member (not operational)";
  EpochSeconds now = clock_.Now();
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto r = store::UpsertCompactOverride(c, who.practice_id, s, who.user_id, now); !r) return r;
    return audit::Append(c, AuditFor(who, "compact.update", "compact_state", s.compact + "/" + s.state, origin), now);
  });
  if (!st) return tl::unexpected(st.error());
  return s;
}

Result<std::vector<ExpiringLicense>> Service::ExpiringLicenses(const Principal& who, const Origin& origin) {
  Date today = DateOf(clock_.Now());
  auto rows = db_.Read(
      [&](db::Connection& c) { return store::ListExpiring(c, who.practice_id, today, today + date::days{90}); });
  if (!rows) return tl::unexpected(rows.error());
  std::vector<ExpiringLicense> out;
  auto st = db_.WithRead([&](db::Connection& c) -> Status {
    for (auto& [l, k] : *rows) {
      if (who.role != Role::kOwner && k.user_id != who.user_id) continue;
      auto step = ExpiryWarningStep(l.expires_on, today);
      if (!step) continue;
      auto affected = store::ClientsOfClinicianIn(c, who.practice_id, k.id, l.state, today);
      if (!affected) return tl::unexpected(affected.error());
      out.push_back({l, k, DaysBetween(today, l.expires_on), *step, std::move(*affected)});
    }
    return {};
  });
  if (!st) return tl::unexpected(st.error());
  std::size_t named = 0;
  for (const auto& e : out) named += e.affected_clients.size();
  if (named > 0) {
    audit::Event e = AuditFor(who, "license.expiring_list", "license", "", origin);
    e.detail = std::to_string(named) + " clients named";
    if (auto a = audit::AppendNow(db_, e, clock_.Now()); !a) return tl::unexpected(a.error());
  }
  return out;
}

Result<int> Service::SendExpiryNotices(mail::Mailer& mailer) {
  if (!mailer.enabled()) return 0;
  EpochSeconds now = clock_.Now();
  Date today = DateOf(now);
  auto rows =
      db_.Read([&](db::Connection& c) { return store::ListExpiringAllPractices(c, today, today + date::days{90}); });
  if (!rows) return tl::unexpected(rows.error());
  int sent = 0;
  std::optional<Error> last_error;
  // The check runs as a job leased for 5 minutes; past that another server may take it over and send what this one
  // is sending. A check that has spent 4 minutes (a mail server timing out again and again) leaves the rest, unsent
  // and unrecorded, to the next one.
  const auto began = std::chrono::steady_clock::now();
  for (const auto& [l, k] : *rows) {
    if (std::chrono::steady_clock::now() - began > std::chrono::minutes(4)) {
      log::Event(log::Level::kWarn, "expiry_notices_deferred", {{"sent", sent}});
      break;
    }
    auto step = ExpiryWarningStep(l.expires_on, today);
    if (!step || k.email.empty()) continue;
    int days = DaysBetween(today, l.expires_on);
    std::string what =
        l.kind == LicenseKind::kLicense
            ? "Your " + std::string(FindJurisdiction(l.state) ? FindJurisdiction(l.state)->name : l.state) +
                  " license" + (l.number.size() >= 4 ? " ending " + l.number.substr(l.number.size() - 4) : "")
            : "Your " + l.compact + " privilege for " + l.state;
    mail::Message m{k.email, "License expiring in " + std::to_string(days) + " days",
                    "Hello " + k.given_name + ",\n\n" + what + " expires on " + FormatDate(l.expires_on) + " (" +
                        std::to_string(days) +
                        " days from today).\nRenew it to keep seeing clients located in that state; Duet stops booking "
                        "telehealth there "
                        "after that date.\n\nThis message was sent by Duet for your practice.\n"};
    // Sent outside any transaction (a mail server that is slow or silent must not hold the writes), then
    // recorded: a failed send records nothing and is retried at the next check. The check is a job, which
    // one server at a time runs; a server stopping between a send and its record sends that warning again.
    auto already = db_.Read([&](db::Connection& c) { return store::NoticeSent(c, l.id, *step); });
    if (!already) {
      last_error = already.error();
      continue;
    }
    if (*already) continue;
    if (auto s = mailer.Send(m); !s) {
      // One failed message (a mailbox refused, the server hiccupped) must not stop the others.
      last_error = s.error();
      continue;
    }
    ++sent;
    auto st = db_.WithWrite([&](db::Connection& c) -> Status {
      auto fresh = store::RecordNotice(c, k.practice_id, l.id, *step, now);
      if (!fresh) return tl::unexpected(fresh.error());
      if (!*fresh) return {};
      audit::Event e;
      e.practice_id = k.practice_id;
      e.action = "license.expiry_notice";
      e.resource_type = "license";
      e.resource_id = l.id;
      e.outcome = "success";
      return audit::Append(c, e, now);
    });
    if (!st) last_error = st.error();
  }
  if (sent == 0 && last_error) return tl::unexpected(*last_error);
  return sent;
}

Result<ClientRelationship> Service::RelationshipTo(db::Connection& c, const Principal& who,
                                                   const std::string& client_id, bool whatever_role) {
  ClientRelationship rel;
  if (whatever_role || who.role == Role::kClinician || who.role == Role::kSupervisor) {
    auto me = store::FindClinicianByUser(c, who.practice_id, who.user_id);
    if (!me) return tl::unexpected(me.error());
    if (*me) {
      auto assigned = store::IsAssigned(c, who.practice_id, client_id, (*me)->id, Today());
      if (!assigned) return tl::unexpected(assigned.error());
      rel.assigned_clinician = *assigned;
    }
  }
  if (whatever_role || who.role == Role::kSupervisor) {
    auto sup = store::SupervisesAssigned(c, who.practice_id, client_id, who.user_id, Today());
    if (!sup) return tl::unexpected(sup.error());
    rel.supervises_assigned = *sup;
  }
  return rel;
}

Result<ClientPage> Service::SearchClients(const Principal& who, const std::string& q,
                                          const std::optional<std::string>& status,
                                          const std::optional<std::string>& cursor, int limit, const Origin& origin) {
  store::ClientQuery query = ParseQuery(q);
  query.today = Today();
  query.limit = std::clamp(limit, 1, 200) + 1;  // one extra tells whether there is a next page
  if (status) {
    if (!ParseClientStatus(*status))
      return Fail(ErrorCode::kInvalid, "Status is waitlist, active or discharged.", {}, "status");
    query.status = *status;
  }
  if (cursor) {
    query.after = DecodeCursor(*cursor);
    if (!query.after) return Fail(ErrorCode::kInvalid, "The cursor is not valid.", {}, "cursor");
  }
  ClientPage page;
  page.view = DecideClientView(who.role, {true, true, false});  // the widest view the role can have
  auto st = db_.Read([&](db::Connection& c) -> Result<bool> {
    if (who.role == Role::kClinician || who.role == Role::kSupervisor) {
      auto me = store::FindClinicianByUser(c, who.practice_id, who.user_id);
      if (!me) return tl::unexpected(me.error());
      if (who.role == Role::kClinician) {
        if (!*me) return true;  // a clinician account without a profile has no clients
        query.assigned_to_clinician = (*me)->id;
      } else {
        query.supervised_by_user = who.user_id;
      }
    }
    auto rows = store::SearchClients(c, who.practice_id, query);
    if (!rows) return tl::unexpected(rows.error());
    page.items = std::move(*rows);
    return true;
  });
  if (!st) return tl::unexpected(st.error());
  crypto::LazyKey key(keys_, who.practice_id);
  for (auto& client : page.items)
    if (auto opened = OpenDiagnoses(client, key); !opened) return tl::unexpected(opened.error());
  if (static_cast<int>(page.items.size()) == query.limit) {
    page.items.pop_back();
    page.next = EncodeCursor(page.items.back());
  }
  // One event per search; the query text itself is not logged (it may be a name).
  audit::Event e = AuditFor(who, "client.search", "client", std::to_string(page.items.size()) + " results", origin);
  if (auto a = audit::AppendNow(db_, e, clock_.Now()); !a) return tl::unexpected(a.error());
  return page;
}

Result<VisibleClient> Service::GetClient(const Principal& who, const std::string& id, const Origin& origin) {
  VisibleClient out;
  auto st = db_.Read([&](db::Connection& c) -> Result<bool> {
    auto client = store::FindClient(c, who.practice_id, id, Today());
    if (!client) return tl::unexpected(client.error());
    if (!*client) return NotFound("client");
    auto rel = RelationshipTo(c, who, id);
    if (!rel) return tl::unexpected(rel.error());
    out.client = std::move(**client);
    out.view = DecideClientView(who.role, *rel);
    return true;
  });
  if (!st) return tl::unexpected(st.error());
  crypto::LazyKey key(keys_, who.practice_id);
  if (auto opened = OpenDiagnoses(out.client, key); !opened) return tl::unexpected(opened.error());
  EpochSeconds now = clock_.Now();
  if (out.view == ClientView::kNone) {
    audit::Event denied = AuditFor(who, "client.read", "client", id, origin, id);
    denied.outcome = "denied";
    audit::AppendOrReport(db_, denied, now);
    // The same answer as for a client that does not exist: do not confirm who is a client here.
    return NotFound("client");
  }
  if (origin.audited_as_one) return out;
  if (auto a = audit::AppendNow(db_, AuditFor(who, "client.read", "client", id, origin, id), now); !a)
    return tl::unexpected(a.error());
  return out;
}

namespace {
// The record's rules, and a language Duet has words for (the words are data, not code).
std::vector<FieldIssue> CheckClient(const Client& client, Date today) {
  auto issues = ValidateClient(client, today);
  if (!words::Known(client.language)) issues.push_back({"language", "Choose a language Duet has words for: en or es."});
  return issues;
}
}  // namespace

Result<VisibleClient> Service::CreateClient(const Principal& who, Client client, const Origin& origin) {
  EpochSeconds now = clock_.Now();
  FillClientDefaults(client);
  if (auto issues = CheckClient(client, DateOf(now)); !issues.empty()) return Invalid(issues);
  if (client.phone.size()) client.phone = *NormalizePhone(client.phone);
  client.id = crypto::NewId();
  client.practice_id = who.practice_id;
  client.created_at = client.updated_at = now;
  client.version = 1;
  VisibleClient out;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (who.role == Role::kClinician) {
      // A clinician who adds a client is that client's clinician, or could not open the chart.
      auto me = store::FindClinicianByUser(c, who.practice_id, who.user_id);
      if (!me) return tl::unexpected(me.error());
      if (!*me)
        return Fail(ErrorCode::kForbidden, "Your account has no clinician profile yet; ask the practice owner.");
      if (std::find(client.clinician_ids.begin(), client.clinician_ids.end(), (*me)->id) == client.clinician_ids.end())
        client.clinician_ids.push_back((*me)->id);
    } else if (!MayEditClient(who.role, {})) {
      return Fail(ErrorCode::kForbidden, "Your role cannot add clients.");
    }
    auto exist = store::CliniciansExist(c, who.practice_id, client.clinician_ids);
    if (!exist) return tl::unexpected(exist.error());
    if (!*exist) return Fail(ErrorCode::kInvalid, "Choose clinicians of this practice.", {}, "clinician_ids");
    if (policy_check_)
      if (auto checked = policy_check_(c, who.practice_id, client.insurance); !checked) return checked;
    if (auto sealed = SealDiagnoses(client); !sealed) return sealed;
    if (auto r = store::InsertClient(c, client); !r) return r;
    return audit::Append(c, AuditFor(who, "client.create", "client", client.id, origin, client.id), now);
  });
  if (!st) return tl::unexpected(st.error());
  client.diagnoses_sealed.clear();
  out.view = DecideClientView(who.role, {true, true, false});
  out.client = std::move(client);
  return out;
}

Result<VisibleClient> Service::UpdateClient(const Principal& who, Client client, const Origin& origin) {
  EpochSeconds now = clock_.Now();
  FillClientDefaults(client);
  if (auto issues = CheckClient(client, DateOf(now)); !issues.empty()) return Invalid(issues);
  if (client.phone.size()) client.phone = *NormalizePhone(client.phone);
  client.practice_id = who.practice_id;
  client.updated_at = now;
  client.version += 1;
  ClientView view = ClientView::kNone;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto rel = RelationshipTo(c, who, client.id);
    if (!rel) return tl::unexpected(rel.error());
    view = DecideClientView(who.role, *rel);
    if (!MayEditClient(who.role, *rel)) {
      return view == ClientView::kNone ? Status(NotFound("client"))
                                       : Status(Fail(ErrorCode::kForbidden, "Your role cannot change this client."));
    }
    auto exist = store::CliniciansExist(c, who.practice_id, client.clinician_ids);
    if (!exist) return tl::unexpected(exist.error());
    if (!*exist) return Fail(ErrorCode::kInvalid, "Choose clinicians of this practice.", {}, "clinician_ids");
    if (policy_check_)
      if (auto checked = policy_check_(c, who.practice_id, client.insurance); !checked) return checked;
    if (auto sealed = SealDiagnoses(client); !sealed) return sealed;
    auto ok = store::UpdateClient(c, client);
    if (!ok) return tl::unexpected(ok.error());
    if (!*ok)
      return Fail(ErrorCode::kConflict,
                  "Someone else changed this client. Reload to see their change, then edit again.");
    // The client's own account reads its pages in the client's language.
    if (auto synced = store::SyncAccountLanguage(c, who.practice_id, client.id, client.language); !synced)
      return synced;
    return audit::Append(c, AuditFor(who, "client.update", "client", client.id, origin, client.id), now);
  });
  if (!st) return tl::unexpected(st.error());
  client.diagnoses_sealed.clear();
  return VisibleClient{std::move(client), view};
}

}  // namespace duet::practice
