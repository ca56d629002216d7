#include "care/service.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_map>

#include "care/rules.hpp"
#include "care/store.hpp"
#include "identity/rules.hpp"
#include "platform/audit.hpp"
#include "platform/log.hpp"
#include "practice/rules.hpp"
#include "scheduling/rules.hpp"

namespace duet::care {
namespace {
using nlohmann::json;

std::string ScopeText(const std::vector<std::string>& scope) {
  std::string out;
  for (const auto& s : scope) out += (out.empty() ? "" : ", ") + s;
  return out;
}

access::Sections SectionsOf(const std::vector<std::string>& scope) {
  access::Sections s{false, false, false, false, false, false, false, false, true};
  for (const auto& c : scope) {
    if (c == "demographics") s.demographics = true;
    if (c == "diagnoses") s.diagnoses = true;
    if (c == "visits") s.visits = true;
    if (c == "notes") s.notes = true;
    if (c == "plan") s.plan = true;
    if (c == "measures") s.measures = true;
    if (c == "documents") s.documents = true;
    if (c == "part2") s.part2 = true;  // a consent naming SUD records (42 CFR 2.31); they carry the notice
  }
  return s;
}

std::string Recipient(const Release& r) {
  std::string out = r.recipient_name;
  if (!r.recipient_organization.empty()) out += ", " + r.recipient_organization;
  if (!r.recipient_contact.empty()) out += " (" + r.recipient_contact + ")";
  return out;
}

}  // namespace

Service::Service(db::Database& db, const Clock& clock, identity::Service& identity, practice::Service& directory,
                 scheduling::Service& scheduling, access::Service& access)
    : scheduling_(scheduling), db_(db), clock_(clock), identity_(identity), directory_(directory), access_(access) {}

namespace {
//! A stored release with its recipient, purpose and signer opened.
Result<Release> Opened(const crypto::DataKey& key, store::SealedRelease row) {
  auto details = key.Open(row.details_sealed, "release:" + row.release.id);
  auto signer = key.Open(row.signed_name_sealed, "release-signer:" + row.release.id);
  if (!details || !signer) return tl::unexpected(details ? signer.error() : details.error());
  json d = json::parse(*details, nullptr, false);
  Release r = std::move(row.release);
  r.recipient_name = d.value("recipient_name", "");
  r.recipient_organization = d.value("recipient_organization", "");
  r.recipient_contact = d.value("recipient_contact", "");
  r.purpose = d.value("purpose", "");
  r.signed_name = std::move(*signer);
  return r;
}
}  // namespace

Result<std::vector<Release>> Service::List(const Principal& who, const std::string& client_id, const Origin& origin) {
  if (auto ok = directory_.MayReadChart(who, client_id); !ok) return tl::unexpected(ok.error());
  auto rows = db_.Read([&](db::Connection& c) { return store::ListReleases(c, who.practice_id, client_id); });
  if (!rows) return tl::unexpected(rows.error());
  auto key = identity_.DataKeyFor(who.practice_id);
  if (!key) return tl::unexpected(key.error());
  std::vector<Release> out;
  for (auto& row : *rows) {
    auto r = Opened(*key, std::move(row));
    if (!r) return tl::unexpected(r.error());
    out.push_back(std::move(*r));
  }
  auto st = audit::AppendNow(
      db_, audit::ByPrincipal(who, "release.list", "client", client_id, origin.ip, origin.request_id, client_id),
      clock_.Now());
  if (!st) return tl::unexpected(st.error());
  return out;
}

Result<Release> Service::Create(const Principal& who, const std::string& client_id, Release r, const Origin& origin) {
  if (auto ok = directory_.MayReadChart(who, client_id); !ok) return tl::unexpected(ok.error());
  EpochSeconds now = clock_.Now();
  if (!r.partner_id.empty()) {
    // A release to a partner organization names it: its clinicians open what the release covers.
    auto partner = db_.Read([&](db::Connection& c) { return store::FindPartner(c, r.partner_id); });
    if (!partner) return tl::unexpected(partner.error());
    if (!*partner || (*partner)->practice_id != who.practice_id || (*partner)->status != "connected")
      return Fail(ErrorCode::kInvalid, "Choose a connected partner organization of this practice.", {}, "partner_id");
    if (r.recipient_name.empty()) r.recipient_name = (*partner)->name;
    r.recipient_organization = (*partner)->name;
  }
  if (auto issues = ValidateRelease(r, DateOf(now)); !issues.empty())
    return practice::InvalidFields(issues, "The release is missing something the client must agree to.");
  r.id = crypto::NewId();
  r.client_id = client_id;
  r.signed_at = now;
  r.witnessed_by = who.user_id;
  r.created_by = who.user_id;
  auto key = identity_.DataKeyFor(who.practice_id);
  if (!key) return tl::unexpected(key.error());
  json details = {{"recipient_name", r.recipient_name},
                  {"recipient_organization", r.recipient_organization},
                  {"recipient_contact", r.recipient_contact},
                  {"purpose", r.purpose}};
  auto sealed = key->Seal(details.dump(), "release:" + r.id);
  auto signer = key->Seal(r.signed_name, "release-signer:" + r.id);
  if (!sealed || !signer) return tl::unexpected(sealed ? signer.error() : sealed.error());
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto w = store::InsertRelease(c, who.practice_id, {r, *sealed, *signer}); !w) return w;
    return audit::Append(
        c, audit::ByPrincipal(who, "release.create", "release", r.id, origin.ip, origin.request_id, client_id), now);
  });
  if (!st) return tl::unexpected(st.error());
  return r;
}

Status Service::Revoke(const Principal& who, const std::string& client_id, const std::string& release_id,
                       const Origin& origin) {
  if (auto ok = directory_.MayReadChart(who, client_id); !ok) return ok;
  EpochSeconds now = clock_.Now();
  return db_.WithWrite([&](db::Connection& c) -> Status {
    auto done = store::Revoke(c, who.practice_id, client_id, release_id, who.user_id, now);
    if (!done) return tl::unexpected(done.error());
    if (!*done) return Fail(ErrorCode::kNotFound, "No such release, or it was already revoked.");
    return audit::Append(
        c, audit::ByPrincipal(who, "release.revoke", "release", release_id, origin.ip, origin.request_id, client_id),
        now);
  });
}

Result<std::string> Service::Package(const Principal& who, const std::string& client_id, const std::string& release_id,
                                     const Origin& origin) {
  if (auto ok = directory_.MayReadChart(who, client_id); !ok) return tl::unexpected(ok.error());
  auto row = db_.Read([&](db::Connection& c) { return store::FindRelease(c, who.practice_id, client_id, release_id); });
  if (!row) return tl::unexpected(row.error());
  if (!*row) return Fail(ErrorCode::kNotFound, "No such release.");
  auto key = identity_.DataKeyFor(who.practice_id);
  if (!key) return tl::unexpected(key.error());
  auto opened = Opened(*key, std::move(**row));
  if (!opened) return tl::unexpected(opened.error());
  const Release* r = &*opened;
  EpochSeconds now = clock_.Now();
  if (auto may = MayDisclose(*r, DateOf(now)); !may) return tl::unexpected(may.error());
  std::vector<std::string> preface = {
      "Released to: " + Recipient(*r),
      "Purpose: " + r->purpose,
      "Under the written authorization signed by " + r->signed_name + " on " + FormatDate(DateOf(r->signed_at)) +
          ", in effect from " + FormatDate(r->effective_on) + " until " + FormatDate(r->expires_on) + ".",
      "This package holds only what the authorization covers: " + ScopeText(r->scope) + ".",
      "It is shared with you because the client authorized it. Do not share it further unless the client authorizes it "
      "or the law allows.",
  };
  std::string included;
  int part2 = 0;
  auto bytes = access_.RecordPdf(who, client_id, SectionsOf(r->scope), preface, origin, &included, &part2);
  if (!bytes) return bytes;
  Disclosure d{crypto::NewId(), client_id,        r->id, Recipient(*r), r->purpose,
               r->scope,        who.display_name, now,   part2 > 0};
  auto st = db_.WithWrite(
      [&](db::Connection& c) { return RecordDisclosure(c, *key, who.practice_id, d, who, included, origin); });
  if (!st) return tl::unexpected(st.error());
  return bytes;
}

Status Service::RecordDisclosure(db::Connection& c, const crypto::DataKey& key, const std::string& practice_id,
                                 const Disclosure& d, const Principal& by, const std::string& detail,
                                 const Origin& origin) {
  auto sealed = key.Seal(json{{"recipient", d.recipient}, {"purpose", d.purpose}}.dump(), "disclosure:" + d.id);
  if (!sealed) return tl::unexpected(sealed.error());
  if (auto w = store::InsertDisclosure(c, practice_id, {d, *sealed}, by.user_id); !w) return w;
  audit::Event e =
      audit::ByPrincipal(by, "record.disclose", "release", d.release_id, origin.ip, origin.request_id, d.client_id);
  e.practice_id = practice_id;  // the disclosing practice's trail, whoever opened it
  e.detail = detail;
  return audit::Append(c, e, d.disclosed_at);
}

// ---- partner organizations ----

namespace {
constexpr std::string_view kBadPartnerCode =
    "That code is not valid, has been used, or has expired. Ask for a new one.";
}  // namespace

Result<std::vector<Partner>> Service::Partners(const Principal& who) {
  return db_.Read([&](db::Connection& c) { return store::ListPartners(c, who.practice_id); });
}

Result<Partner> Service::InvitePartner(const Principal& who, Partner p, const Origin& origin) {
  if (p.name.empty()) return Fail(ErrorCode::kInvalid, "Name the partner organization.", {}, "name");
  if (!p.email.empty()) {
    auto email = identity::NormalizeEmail(p.email);
    if (!email) return Fail(ErrorCode::kInvalid, "Enter the partner owner's e-mail address.", {}, "email");
    p.email = *email;
  }
  EpochSeconds now = clock_.Now();
  p.id = crypto::NewId();
  p.practice_id = who.practice_id;
  p.status = "invited";
  p.created_by = who.user_id;
  p.created_at = now;
  p.invite_expires_at = now + 14 * 86400;
  p.invite_code = crypto::RandomToken(24);
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto w = store::InsertPartner(c, p, crypto::HashHex(p.invite_code)); !w) return w;
    return audit::Append(c, audit::ByPrincipal(who, "partner.invite", "partner", p.id, origin.ip, origin.request_id),
                         now);
  });
  if (!st) return tl::unexpected(st.error());
  if (!p.email.empty() && mailer_ && mailer_->enabled()) {
    // Names the two organizations and nothing of anyone's care; the link works once, for 14 days.
    mail::Message m;
    m.to = p.email;
    m.subject = who.practice_name + " invites " + p.name + " to work together on Duet";
    m.body = "Hello,\n\n" + who.practice_name + " invites " + p.name +
             " to connect as a partner organization on Duet, to share the care of clients who agree to it.\n\n"
             "If your organization is not on Duet yet, open this link to create its practice and connect (it works "
             "once, for 14 days):\n\n" +
             public_url_ + "/partner-invite/" + p.invite_code +
             "\n\nIf it already is, its owner enters this code under Partner organizations:\n\n" + p.invite_code +
             "\n\nIf you did not expect this, ignore this e-mail.\n";
    auto sent = mailer_->Send(m);
    p.invite_emailed = sent.has_value();
    if (!sent) log::Event(log::Level::kWarn, "partner_invite_mail_failed", {{"detail", sent.error().internal_detail}});
  }
  p.email.clear();
  return p;
}

Result<Partner> Service::OpenInvite(const std::string& code, EpochSeconds now) {
  auto found = db_.Read([&](db::Connection& c) { return store::FindPartnerByInvite(c, crypto::HashHex(code)); });
  if (!found) return tl::unexpected(found.error());
  if (!*found || (*found)->status != "invited" || ((*found)->invite_expires_at && *(*found)->invite_expires_at < now))
    return Fail(ErrorCode::kNotFound, std::string(kBadPartnerCode));
  return **found;
}

Result<PartnerInvitePreview> Service::PreviewPartnerInvite(const std::string& code, const Origin& origin) {
  // The code is the credential: guessing is throttled per network address like a sign-in.
  if (auto st = identity_.ThrottleIp(origin.ip); !st) return tl::unexpected(st.error());
  auto p = OpenInvite(code, clock_.Now());
  if (!p) return tl::unexpected(p.error());
  return PartnerInvitePreview{p->practice_name, p->name, p->kind, p->invite_expires_at.value_or(0)};
}

Result<Partner> Service::JoinAsPartner(const PartnerJoin& join, const Origin& origin) {
  if (auto st = identity_.ThrottleIp(origin.ip); !st) return tl::unexpected(st.error());
  auto p = OpenInvite(join.token, clock_.Now());
  if (!p) return tl::unexpected(p.error());
  identity::NewPractice practice{join.practice_name, join.owner_email, join.owner_name, join.password, false};
  EpochSeconds joined_at = 0;
  auto created = identity_.CreatePractice(
      practice,
      [&](db::Connection& c, const identity::User& owner, EpochSeconds now) -> Status {
        joined_at = now;
        // The code is used once: a second join racing this one finds it connected and creates nothing.
        auto done = store::ConnectPartner(c, p->id, owner.practice_id, owner.id, now);
        if (!done) return tl::unexpected(done.error());
        if (!*done) return Fail(ErrorCode::kNotFound, std::string(kBadPartnerCode));
        Principal as_owner;
        as_owner.practice_id = owner.practice_id;
        as_owner.user_id = owner.id;
        as_owner.role = Role::kOwner;
        as_owner.display_name = owner.display_name;
        audit::Event mine =
            audit::ByPrincipal(as_owner, "partner.connect", "partner", p->id, origin.ip, origin.request_id);
        if (auto a = audit::Append(c, mine, now); !a) return a;
        audit::Event theirs = mine;
        theirs.action = "partner.connected";
        theirs.practice_id = p->practice_id;  // the inviting practice's trail too
        return audit::Append(c, theirs, now);
      },
      origin);
  if (!created) return tl::unexpected(created.error());
  p->status = "connected";
  p->partner_practice_id = *created;
  p->connected_at = joined_at;
  p->direction = "theirs";
  p->invite_expires_at.reset();
  return *p;
}

Result<Partner> Service::ConnectPartner(const Principal& who, const std::string& code, const Origin& origin) {
  EpochSeconds now = clock_.Now();
  auto found = OpenInvite(code, now);
  if (!found) return tl::unexpected(found.error());
  Partner p = *found;
  if (p.practice_id == who.practice_id)
    return FailRule("partner_self", "This code is your own practice's invitation: send it to the partner's owner.");
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto done = store::ConnectPartner(c, p.id, who.practice_id, who.user_id, now);
    if (!done) return tl::unexpected(done.error());
    if (!*done) return Fail(ErrorCode::kNotFound, std::string(kBadPartnerCode));
    if (auto a = audit::Append(
            c, audit::ByPrincipal(who, "partner.connect", "partner", p.id, origin.ip, origin.request_id), now);
        !a)
      return a;
    audit::Event theirs = audit::ByPrincipal(who, "partner.connected", "partner", p.id, origin.ip, origin.request_id);
    theirs.practice_id = p.practice_id;  // the inviting practice's trail too
    return audit::Append(c, theirs, now);
  });
  if (!st) return tl::unexpected(st.error());
  p.status = "connected";
  p.partner_practice_id = who.practice_id;
  p.connected_at = now;
  p.direction = "theirs";
  return p;
}

Result<Partner> Service::PartnerOfMine(const Principal& who, const std::string& partner_id) {
  auto found = db_.Read([&](db::Connection& c) { return store::FindPartner(c, partner_id); });
  if (!found) return tl::unexpected(found.error());
  if (!*found || (*found)->status != "connected" || (*found)->partner_practice_id != who.practice_id)
    return Fail(ErrorCode::kNotFound, "No such partner organization.");
  return **found;
}

namespace {
//! Who opens a shared record, as the disclosing practice's records see them: a partner clinician reads what the
//! release covers, in that practice's name (its audit trail names them and their organization).
Principal PartnerReader(const Principal& who, const Partner& p) {
  Principal r;
  r.practice_id = p.practice_id;
  r.practice_name = p.practice_name;
  r.user_id = who.user_id;
  r.role = Role::kOwner;  // the release, not a role, decides what is read: only its sections are built
  r.display_name = who.display_name + " (partner, " + p.name + ")";
  return r;
}
}  // namespace

Result<std::vector<Release>> Service::ReleasesInEffect(const Partner& p, const crypto::DataKey& key,
                                                       const std::string& client_id, Date today) {
  auto rows = db_.Read([&](db::Connection& c) { return store::ReleasesToPartner(c, p.practice_id, p.id); });
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Release> out;
  for (auto& row : *rows) {  // newest first: the newest release in effect speaks for its client
    if (!client_id.empty() && row.release.client_id != client_id) continue;
    if (std::any_of(out.begin(), out.end(), [&](const Release& r) { return r.client_id == row.release.client_id; }))
      continue;
    auto r = Opened(key, std::move(row));
    if (!r) return tl::unexpected(r.error());
    if (MayDisclose(*r, today)) out.push_back(std::move(*r));
  }
  return out;
}

Result<PartnerGrant> Service::PartnerGrantFor(const Principal& who, const std::string& partner_id,
                                              const std::string& client_id) {
  auto p = PartnerOfMine(who, partner_id);
  if (!p) return tl::unexpected(p.error());
  auto key = identity_.DataKeyFor(p->practice_id);
  if (!key) return tl::unexpected(key.error());
  auto releases =
      client_id.empty() ? Result<std::vector<Release>>() : ReleasesInEffect(*p, *key, client_id, DateOf(clock_.Now()));
  if (!releases) return tl::unexpected(releases.error());
  if (releases->empty())
    return Fail(ErrorCode::kNotFound, "No release in effect shares this client with your organization.");
  const Release& r = releases->front();
  return PartnerGrant{p->practice_id, p->id, p->name, p->partner_practice_id, r.id, r.purpose, r.expires_on};
}

Result<PartnerGrant> Service::PartnerInCare(const std::string& practice_id, const std::string& client_id,
                                            const std::string& partner_id) {
  auto found = db_.Read([&](db::Connection& c) { return store::FindPartner(c, partner_id); });
  if (!found) return tl::unexpected(found.error());
  if (!*found || (*found)->practice_id != practice_id || (*found)->status != "connected")
    return Fail(ErrorCode::kNotFound, "No such partner organization.");
  auto key = identity_.DataKeyFor(practice_id);
  if (!key) return tl::unexpected(key.error());
  auto releases = ReleasesInEffect(**found, *key, client_id, DateOf(clock_.Now()));
  if (!releases) return tl::unexpected(releases.error());
  PartnerGrant g{practice_id, partner_id, (*found)->name, (*found)->partner_practice_id, {}, {}, {}};
  if (!releases->empty()) {
    g.release_id = releases->front().id;
    g.purpose = releases->front().purpose;
    g.expires_on = releases->front().expires_on;
  }
  return g;
}

Status Service::RecordPartnerAccess(const Principal& who, const PartnerGrant& g, const std::string& client_id,
                                    const std::string& what, const Origin& origin) {
  auto key = identity_.DataKeyFor(g.practice_id);
  if (!key) return tl::unexpected(key.error());
  Partner p;
  p.practice_id = g.practice_id;
  p.name = g.partner_name;
  const Principal reader = PartnerReader(who, p);
  Disclosure d{
      crypto::NewId(),     client_id,    g.release_id, g.partner_name + " — " + who.display_name, g.purpose, {},
      reader.display_name, clock_.Now(), false};
  return db_.WithWrite(
      [&](db::Connection& c) { return RecordDisclosure(c, *key, g.practice_id, d, reader, what, origin); });
}

Result<practice::Clinician> Service::PartnerJoiner(const std::string& practice_id, const std::string& partner_id,
                                                   const std::string& clinician_id,
                                                   const std::vector<std::string>& client_ids) {
  auto found = db_.Read([&](db::Connection& c) { return store::FindPartner(c, partner_id); });
  if (!found) return tl::unexpected(found.error());
  if (!*found || (*found)->practice_id != practice_id || (*found)->status != "connected")
    return Fail(ErrorCode::kInvalid, "Choose a connected partner organization.", {}, "partner_id");
  const Partner& p = **found;
  auto key = identity_.DataKeyFor(practice_id);
  if (!key) return tl::unexpected(key.error());
  const Date today = DateOf(clock_.Now());
  for (const auto& client : client_ids) {
    auto releases = ReleasesInEffect(p, *key, client, today);
    if (!releases) return tl::unexpected(releases.error());
    if (releases->empty())
      return FailRule("release", "No release in effect names " + p.name +
                                     " for this client: record the client's release naming the organization first.");
  }
  auto k = directory_.ClinicianById(p.partner_practice_id, clinician_id);
  if (!k) {
    if (k.error().code != ErrorCode::kNotFound) return tl::unexpected(k.error());
    return Fail(ErrorCode::kInvalid, "Choose a clinician of " + p.name + ".", {}, "joint_clinician_id");
  }
  if (!k->active) return Fail(ErrorCode::kInvalid, "That clinician is not active.", {}, "joint_clinician_id");
  return *k;
}

Result<std::unordered_map<std::string, PartnerGrant>> Service::GrantsByClient(const Principal& who,
                                                                              const std::string& partner_id) {
  auto p = PartnerOfMine(who, partner_id);
  if (!p) return tl::unexpected(p.error());
  auto key = identity_.DataKeyFor(p->practice_id);
  if (!key) return tl::unexpected(key.error());
  auto releases = ReleasesInEffect(*p, *key, "", DateOf(clock_.Now()));
  if (!releases) return tl::unexpected(releases.error());
  std::unordered_map<std::string, PartnerGrant> out;
  for (const auto& r : *releases)
    out.emplace(r.client_id,
                PartnerGrant{p->practice_id, p->id, p->name, p->partner_practice_id, r.id, r.purpose, r.expires_on});
  return out;
}

Result<std::pair<scheduling::Appointment, std::vector<PartnerGrant>>> Service::PartnerVisitFor(
    const Principal& who, const std::string& appointment_id) {
  auto me = directory_.ClinicianOfUser(who.practice_id, who.user_id);
  if (!me) return tl::unexpected(me.error());
  if (!*me) return Fail(ErrorCode::kNotFound, "No such appointment.");
  auto a = scheduling_.FindPartnerVisit((*me)->id, appointment_id);
  if (!a) return tl::unexpected(a.error());
  // Every client of the visit under a release in effect naming the organization, at this very request.
  auto by_client = GrantsByClient(who, a->partner_id);
  if (!by_client) return tl::unexpected(by_client.error());
  std::vector<PartnerGrant> grants;
  for (const auto& client : a->client_ids) {
    auto g = by_client->find(client);
    if (g == by_client->end())
      return Fail(ErrorCode::kNotFound, "No release in effect shares this client with your organization.");
    grants.push_back(g->second);
  }
  if (grants.empty()) return Fail(ErrorCode::kNotFound, "No such appointment.");
  return std::make_pair(std::move(*a), std::move(grants));
}

Result<std::vector<PartnerVisit>> Service::PartnerVisits(const Principal& who, const PartnerVisitsQuery& q,
                                                         const Origin& origin) {
  constexpr EpochSeconds kDay = 24 * 3600;
  const EpochSeconds from = q.from.value_or(clock_.Now() - kDay);
  const EpochSeconds to = q.to.value_or(from + 62 * kDay);
  if (to <= from || to - from > 62 * kDay)
    return Fail(ErrorCode::kInvalid, "Ask for at most 62 days, with to after from.", {}, "to");
  std::vector<PartnerVisit> out;
  auto me = directory_.ClinicianOfUser(who.practice_id, who.user_id);
  if (!me) return tl::unexpected(me.error());
  if (!*me) return out;  // not a clinician: nobody of theirs joins visits elsewhere
  auto visits = scheduling_.PartnerVisits((*me)->id, from, to);
  if (!visits) return tl::unexpected(visits.error());
  std::vector<std::pair<std::string, PartnerGrant>> shown;  // each client's grant, for the disclosures
  std::unordered_map<std::string, std::unordered_map<std::string, PartnerGrant>> by_partner;  // read once each
  for (const auto& a : *visits) {
    if (a.status == "cancelled" || a.status == "late_cancelled" || a.status == "no_show") continue;
    auto known = by_partner.find(a.partner_id);
    if (known == by_partner.end()) {
      auto grants = GrantsByClient(who, a.partner_id);
      if (!grants && grants.error().code != ErrorCode::kNotFound) return tl::unexpected(grants.error());
      // No longer connected: none of its visits are theirs to see.
      known = by_partner.emplace(a.partner_id, grants ? std::move(*grants) : decltype(known->second){}).first;
    }
    std::vector<PartnerGrant> grants;
    for (const auto& client : a.client_ids)
      if (auto g = known->second.find(client); g != known->second.end()) grants.push_back(g->second);
    // A release ended: the visit is no longer theirs to see.
    if (grants.empty() || grants.size() != a.client_ids.size()) continue;
    auto names = directory_.ClientNames(a.practice_id, a.client_ids);
    if (!names) return tl::unexpected(names.error());
    auto k = directory_.ClinicianById(a.practice_id, a.clinician_id);
    if (!k) return tl::unexpected(k.error());
    auto practice = scheduling_.PracticeName(a.practice_id);
    if (!practice) return tl::unexpected(practice.error());
    std::string clinician = k->given_name + " " + k->family_name;
    if (!k->credentials.empty()) clinician += ", " + k->credentials;
    PartnerVisit v{a.id, a.partner_id, *practice, clinician, {}, a.start, a.end, a.time_zone, a.status};
    for (std::size_t i = 0; i < a.client_ids.size(); ++i) {
      v.client_names.push_back((*names)[a.client_ids[i]]);
      shown.emplace_back(a.client_ids[i], std::move(grants[i]));
    }
    out.push_back(std::move(v));
  }
  for (const auto& [client, grant] : shown)
    if (auto r = RecordPartnerAccess(who, grant, client, "partner calendar: a joint visit's time and the client's name",
                                     origin);
        !r)
      return tl::unexpected(r.error());
  return out;
}

Result<std::vector<SharedClient>> Service::SharedClients(const Principal& who, const std::string& partner_id,
                                                         const Origin& origin) {
  auto p = PartnerOfMine(who, partner_id);
  if (!p) return tl::unexpected(p.error());
  auto key = identity_.DataKeyFor(p->practice_id);
  if (!key) return tl::unexpected(key.error());
  EpochSeconds now = clock_.Now();
  auto releases = ReleasesInEffect(*p, *key, "", DateOf(now));
  if (!releases) return tl::unexpected(releases.error());
  std::vector<SharedClient> out;
  std::vector<std::string> ids;
  for (const auto& r : *releases) {
    out.push_back({r.client_id, "", r.id, r.purpose, r.scope, r.expires_on});
    ids.push_back(r.client_id);
  }
  auto names = directory_.ClientNames(p->practice_id, ids);
  if (!names) return tl::unexpected(names.error());
  for (auto& s : out) s.name = (*names)[s.client_id];
  if (out.empty()) return out;
  const Principal reader = PartnerReader(who, *p);
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    for (const auto& s : out) {
      Disclosure d{crypto::NewId(),
                   s.client_id,
                   s.release_id,
                   p->name + " — " + who.display_name,
                   s.purpose,
                   {"demographics"},
                   reader.display_name,
                   now,
                   false};
      if (auto w = RecordDisclosure(c, *key, p->practice_id, d, reader, "partner list: the client's name", origin); !w)
        return w;
    }
    return {};
  });
  if (!st) return tl::unexpected(st.error());
  return out;
}

Result<std::string> Service::SharedRecord(const Principal& who, const std::string& partner_id,
                                          const std::string& client_id, const Origin& origin) {
  auto p = PartnerOfMine(who, partner_id);
  if (!p) return tl::unexpected(p.error());
  auto key = identity_.DataKeyFor(p->practice_id);
  if (!key) return tl::unexpected(key.error());
  EpochSeconds now = clock_.Now();
  auto releases =
      client_id.empty() ? Result<std::vector<Release>>() : ReleasesInEffect(*p, *key, client_id, DateOf(now));
  if (!releases) return tl::unexpected(releases.error());
  // Revoked, expired or never given: as if there were no such client.
  if (releases->empty())
    return Fail(ErrorCode::kNotFound, "No release in effect shares this client with your organization.");
  const Release* release = &releases->front();
  const Principal reader = PartnerReader(who, *p);
  std::vector<std::string> preface = {
      "Opened by: " + who.display_name + ", " + p->name + " (a partner organization of " + p->practice_name + ")",
      "Purpose: " + release->purpose,
      "Under the written authorization signed by " + release->signed_name + " on " +
          FormatDate(DateOf(release->signed_at)) + ", in effect until " + FormatDate(release->expires_on) + ".",
      "This record holds only what the authorization covers: " + ScopeText(release->scope) + ".",
      "Do not share it further unless the client authorizes it or the law allows.",
  };
  std::string included;
  int part2 = 0;
  auto bytes = access_.RecordPdf(reader, client_id, SectionsOf(release->scope), preface, origin, &included, &part2);
  if (!bytes) return bytes;
  Disclosure d{crypto::NewId(),  client_id,      release->id,         p->name + " — " + who.display_name,
               release->purpose, release->scope, reader.display_name, now,
               part2 > 0};
  auto st = db_.WithWrite(
      [&](db::Connection& c) { return RecordDisclosure(c, *key, p->practice_id, d, reader, included, origin); });
  if (!st) return tl::unexpected(st.error());
  return bytes;
}

Result<std::vector<Disclosure>> Service::Disclosures(const Principal& who, const std::string& client_id,
                                                     const Origin& origin) {
  if (auto ok = directory_.MayReadChart(who, client_id); !ok) return tl::unexpected(ok.error());
  auto rows = db_.Read([&](db::Connection& c) { return store::ListDisclosures(c, who.practice_id, client_id); });
  if (!rows) return tl::unexpected(rows.error());
  auto key = identity_.DataKeyFor(who.practice_id);
  if (!key) return tl::unexpected(key.error());
  std::vector<Disclosure> out;
  for (auto& row : *rows) {
    auto text = key->Open(row.details_sealed, "disclosure:" + row.disclosure.id);
    if (!text) return tl::unexpected(text.error());
    json d = json::parse(*text, nullptr, false);
    row.disclosure.recipient = d.value("recipient", "");
    row.disclosure.purpose = d.value("purpose", "");
    out.push_back(std::move(row.disclosure));
  }
  auto st = audit::AppendNow(
      db_, audit::ByPrincipal(who, "disclosure.list", "client", client_id, origin.ip, origin.request_id, client_id),
      clock_.Now());
  if (!st) return tl::unexpected(st.error());
  return out;
}

// ---- the medication list ----
namespace {
std::string MedicationContext(const std::string& id) { return "medication:" + id; }
std::string EventContext(const std::string& id) { return "medication-event:" + id; }

json DetailsOf(const Medication& m) {
  return json{{"name", m.name},
              {"rxnorm", m.rxnorm},
              {"strength", m.strength},
              {"form", m.form},
              {"dose", m.dose},
              {"route", m.route},
              {"frequency", m.frequency},
              {"prescriber", m.prescriber},
              {"prescriber_clinician_id", m.prescriber_clinician_id},
              {"sent_to", m.sent_to},
              {"reason", m.reason},
              {"notes", m.notes},
              {"started_on", FormatDate(m.started_on)},
              {"stopped_on", m.stopped_on ? FormatDate(*m.stopped_on) : std::string()},
              {"stop_reason", m.stop_reason}};
}

Result<store::SealedMedication> Sealed(const crypto::DataKey& key, const Medication& m, const std::string& by) {
  auto sealed = key.Seal(DetailsOf(m).dump(), MedicationContext(m.id));
  if (!sealed) return tl::unexpected(sealed.error());
  return store::SealedMedication{
      m.id,         m.client_id,       m.stopped_on ? "stopped" : "active", m.version, by, m.created_at,
      m.updated_at, std::move(*sealed)};
}

Result<Medication> OpenedMedication(const crypto::DataKey& key, const store::SealedMedication& row) {
  auto details = key.Open(row.details_sealed, MedicationContext(row.id));
  if (!details) return tl::unexpected(details.error());
  json d = json::parse(*details, nullptr, false);
  if (!d.is_object()) return Fail(ErrorCode::kInternal, "Internal error.", "unreadable medication " + row.id);
  Medication m;
  m.id = row.id;
  m.client_id = row.client_id;
  for (auto [field, name] : std::initializer_list<std::pair<std::string*, const char*>>{
           {&m.name, "name"},
           {&m.rxnorm, "rxnorm"},
           {&m.strength, "strength"},
           {&m.form, "form"},
           {&m.dose, "dose"},
           {&m.route, "route"},
           {&m.frequency, "frequency"},
           {&m.prescriber, "prescriber"},
           {&m.prescriber_clinician_id, "prescriber_clinician_id"},
           {&m.sent_to, "sent_to"},
           {&m.reason, "reason"},
           {&m.notes, "notes"},
           {&m.stop_reason, "stop_reason"}})
    *field = d.value(name, "");
  m.started_on = ParseDate(d.value("started_on", "")).value_or(Date{});
  m.stopped_on = ParseDate(d.value("stopped_on", ""));
  m.version = row.version;
  m.created_at = row.created_at;
  m.updated_at = row.updated_at;
  return m;
}

Result<store::SealedMedicationEvent> SealedEvent(const crypto::DataKey& key, const Principal& who, const Medication& m,
                                                 const MedicationEvent& e) {
  json d{{"why", e.why}, {"changes", e.changes}, {"side_effects", e.side_effects}, {"note", e.note}};
  if (e.adherence) d["adherence"] = std::string(NameOf(*e.adherence));
  auto sealed = key.Seal(d.dump(), EventContext(e.id));
  if (!sealed) return tl::unexpected(sealed.error());
  return store::SealedMedicationEvent{e.id, m.client_id, m.id,      std::string(NameOf(e.kind)),
                                      e.at, who.user_id, e.by_name, std::move(*sealed)};
}

Result<MedicationEvent> OpenedEvent(const crypto::DataKey& key, const store::SealedMedicationEvent& row) {
  auto details = key.Open(row.details_sealed, EventContext(row.id));
  if (!details) return tl::unexpected(details.error());
  json d = json::parse(*details, nullptr, false);
  if (!d.is_object()) return Fail(ErrorCode::kInternal, "Internal error.", "unreadable medication event " + row.id);
  MedicationEvent e;
  e.id = row.id;
  e.kind = ParseName<MedicationEventKind>(row.kind).value_or(MedicationEventKind::kChanged);
  e.at = row.at;
  e.by_name = row.by_name;
  e.why = d.value("why", "");
  e.note = d.value("note", "");
  e.changes = d.value("changes", std::vector<std::string>{});
  e.side_effects = d.value("side_effects", std::vector<std::string>{});
  if (d.contains("adherence")) e.adherence = ParseName<Adherence>(d.value("adherence", ""));
  return e;
}

}  // namespace

Result<std::vector<Medication>> Service::Medications(const Principal& who, const std::string& client_id,
                                                     const Origin& origin) {
  if (auto ok = directory_.MayReadChart(who, client_id); !ok) return tl::unexpected(ok.error());
  std::vector<store::SealedMedication> rows;
  std::vector<store::SealedMedicationEvent> events;
  auto st = db_.WithRead([&](db::Connection& c) -> Status {
    auto r = store::ListMedications(c, who.practice_id, client_id);
    if (!r) return tl::unexpected(r.error());
    auto e = store::ListMedicationEvents(c, who.practice_id, client_id);
    if (!e) return tl::unexpected(e.error());
    rows = std::move(*r);
    events = std::move(*e);
    return {};
  });
  if (!st) return tl::unexpected(st.error());
  auto key = identity_.DataKeyFor(who.practice_id);
  if (!key) return tl::unexpected(key.error());
  std::vector<Medication> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    auto m = OpenedMedication(*key, row);
    if (!m) return tl::unexpected(m.error());
    out.push_back(std::move(*m));
  }
  for (const auto& row : events) {
    auto e = OpenedEvent(*key, row);
    if (!e) return tl::unexpected(e.error());
    for (auto& m : out)
      if (m.id == row.medication_id) m.history.push_back(std::move(*e));
  }
  if (origin.audited_as_one) return out;  // the answer to a change the caller's own event covers
  auto a = audit::AppendNow(
      db_, audit::ByPrincipal(who, "medication.list", "client", client_id, origin.ip, origin.request_id, client_id),
      clock_.Now());
  if (!a) return tl::unexpected(a.error());
  return out;
}

namespace {
// The answer to a change reads the list again under the change's own audit event.
Origin Quiet(Origin origin) {
  origin.audited_as_one = true;
  return origin;
}

// One of the client's medications, opened; 404 when it is not theirs.
Result<Medication> FindOpened(db::Database& db, const crypto::DataKey& key, const std::string& practice_id,
                              const std::string& client_id, const std::string& id) {
  auto found = db.Read([&](db::Connection& c) { return store::FindMedication(c, practice_id, client_id, id); });
  if (!found) return tl::unexpected(found.error());
  if (!*found) return Fail(ErrorCode::kNotFound, "No such medication.");
  return OpenedMedication(key, **found);
}

// A prescriber who is one of the practice's clinicians: checked, and named from their record when no name
// was typed (400 for a clinician of no such practice).
Status NamePrescriber(practice::Service& directory, const std::string& practice_id, Medication& m) {
  if (m.prescriber_clinician_id.empty()) return {};
  auto k = directory.ClinicianById(practice_id, m.prescriber_clinician_id);
  if (!k) return Fail(ErrorCode::kInvalid, "Choose a clinician of this practice.", {}, "prescriber_clinician_id");
  if (m.prescriber.empty()) m.prescriber = k->given_name + " " + k->family_name;
  return {};
}

// The one medication just written, with its whole history (the answer to a change).
Result<Medication> OneOf(Result<std::vector<Medication>> all, const std::string& id) {
  if (!all) return tl::unexpected(all.error());
  for (auto& m : *all)
    if (m.id == id) return std::move(m);
  return Fail(ErrorCode::kNotFound, "No such medication.");
}
}  // namespace

Result<Medication> Service::AddMedication(const Principal& who, const std::string& client_id, Medication m,
                                          const Origin& origin) {
  if (auto ok = directory_.MayReadChart(who, client_id); !ok) return tl::unexpected(ok.error());
  const EpochSeconds now = clock_.Now();
  if (m.started_on == Date{}) m.started_on = DateOf(now);
  m.stopped_on.reset();
  m.stop_reason.clear();
  if (auto issues = ValidateMedication(m, DateOf(now)); !issues.empty()) return practice::InvalidFields(issues);
  if (auto named = NamePrescriber(directory_, who.practice_id, m); !named) return tl::unexpected(named.error());
  m.id = crypto::NewId();
  m.client_id = client_id;
  m.version = 1;
  m.created_at = m.updated_at = now;
  auto key = identity_.DataKeyFor(who.practice_id);
  if (!key) return tl::unexpected(key.error());
  auto row = Sealed(*key, m, who.user_id);
  if (!row) return tl::unexpected(row.error());
  MedicationEvent started{
      crypto::NewId(), MedicationEventKind::kStarted, now, who.display_name, m.reason, {}, {}, {}, {}};
  auto event = SealedEvent(*key, who, m, started);
  if (!event) return tl::unexpected(event.error());
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto in = store::InsertMedication(c, who.practice_id, *row); !in) return in;
    if (auto in = store::InsertMedicationEvent(c, who.practice_id, *event); !in) return in;
    return audit::Append(
        c, audit::ByPrincipal(who, "medication.add", "medication", m.id, origin.ip, origin.request_id, client_id), now);
  });
  if (!st) return tl::unexpected(st.error());
  return OneOf(Medications(who, client_id, Quiet(origin)), m.id);
}

Result<Medication> Service::ChangeMedication(const Principal& who, const std::string& client_id, Medication m,
                                             const std::string& why, const Origin& origin) {
  if (auto ok = directory_.MayReadChart(who, client_id); !ok) return tl::unexpected(ok.error());
  if (why.find_first_not_of(" \t") == std::string::npos)
    return Fail(ErrorCode::kInvalid, "Say why it changed.", {}, "why");
  const EpochSeconds now = clock_.Now();
  auto key = identity_.DataKeyFor(who.practice_id);
  if (!key) return tl::unexpected(key.error());
  auto before = FindOpened(db_, *key, who.practice_id, client_id, m.id);
  if (!before) return tl::unexpected(before.error());
  if (before->stopped_on) return Fail(ErrorCode::kConflict, "This medication was stopped; add it again to restart it.");
  if (m.version != before->version)
    return Fail(ErrorCode::kConflict, "Someone else changed this medication. Reload to see their change.");
  m.client_id = client_id;
  m.stopped_on.reset();
  m.stop_reason.clear();
  if (m.started_on == Date{}) m.started_on = before->started_on;  // not sent: unchanged
  if (auto issues = ValidateMedication(m, DateOf(now)); !issues.empty()) return practice::InvalidFields(issues);
  if (auto named = NamePrescriber(directory_, who.practice_id, m); !named) return tl::unexpected(named.error());
  auto changes = DescribeChange(*before, m);
  if (changes.empty()) return Fail(ErrorCode::kInvalid, "Nothing changed.", {}, "dose");
  m.version = before->version + 1;
  m.created_at = before->created_at;
  m.updated_at = now;
  auto row = Sealed(*key, m, who.user_id);
  if (!row) return tl::unexpected(row.error());
  MedicationEvent changed{
      crypto::NewId(), MedicationEventKind::kChanged, now, who.display_name, why, changes, {}, {}, {}};
  auto event = SealedEvent(*key, who, m, changed);
  if (!event) return tl::unexpected(event.error());
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto ok = store::UpdateMedication(c, who.practice_id, *row, before->version);
    if (!ok) return tl::unexpected(ok.error());
    if (!*ok) return Fail(ErrorCode::kConflict, "Someone else changed this medication. Reload to see their change.");
    if (auto in = store::InsertMedicationEvent(c, who.practice_id, *event); !in) return in;
    return audit::Append(
        c, audit::ByPrincipal(who, "medication.change", "medication", m.id, origin.ip, origin.request_id, client_id),
        now);
  });
  if (!st) return tl::unexpected(st.error());
  return OneOf(Medications(who, client_id, Quiet(origin)), m.id);
}

Result<Medication> Service::StopMedication(const Principal& who, const std::string& client_id, const std::string& id,
                                           std::int64_t version, Date stopped_on, const std::string& reason,
                                           const Origin& origin) {
  if (auto ok = directory_.MayReadChart(who, client_id); !ok) return tl::unexpected(ok.error());
  const EpochSeconds now = clock_.Now();
  auto key = identity_.DataKeyFor(who.practice_id);
  if (!key) return tl::unexpected(key.error());
  auto m = FindOpened(db_, *key, who.practice_id, client_id, id);
  if (!m) return tl::unexpected(m.error());
  if (m->stopped_on) return Fail(ErrorCode::kConflict, "This medication is already stopped.");
  if (version != m->version)
    return Fail(ErrorCode::kConflict, "Someone else changed this medication. Reload to see their change.");
  const std::int64_t expected = m->version;
  m->stopped_on = stopped_on == Date{} ? DateOf(now) : stopped_on;
  m->stop_reason = reason;
  if (auto issues = ValidateMedication(*m, DateOf(now)); !issues.empty()) return practice::InvalidFields(issues);
  if (*m->stopped_on > DateOf(now))
    return Fail(ErrorCode::kInvalid, "Stop it today or on a past date.", {}, "stopped_on");
  m->version += 1;
  m->updated_at = now;
  auto row = Sealed(*key, *m, who.user_id);
  if (!row) return tl::unexpected(row.error());
  MedicationEvent stopped{crypto::NewId(),
                          MedicationEventKind::kStopped,
                          now,
                          who.display_name,
                          reason,
                          {"stopped: " + FormatDate(*m->stopped_on)},
                          {},
                          {},
                          {}};
  auto event = SealedEvent(*key, who, *m, stopped);
  if (!event) return tl::unexpected(event.error());
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto ok = store::UpdateMedication(c, who.practice_id, *row, expected);
    if (!ok) return tl::unexpected(ok.error());
    if (!*ok) return Fail(ErrorCode::kConflict, "Someone else changed this medication. Reload to see their change.");
    if (auto in = store::InsertMedicationEvent(c, who.practice_id, *event); !in) return in;
    return audit::Append(
        c, audit::ByPrincipal(who, "medication.stop", "medication", id, origin.ip, origin.request_id, client_id), now);
  });
  if (!st) return tl::unexpected(st.error());
  return OneOf(Medications(who, client_id, Quiet(origin)), id);
}

Result<Medication> Service::ObserveMedication(const Principal& who, const std::string& client_id, const std::string& id,
                                              std::optional<Adherence> adherence,
                                              const std::vector<std::string>& side_effects, const std::string& note,
                                              const Origin& origin) {
  if (auto ok = directory_.MayReadChart(who, client_id); !ok) return tl::unexpected(ok.error());
  if (auto issues = ValidateObservation(adherence, side_effects, note); !issues.empty())
    return practice::InvalidFields(issues);
  const EpochSeconds now = clock_.Now();
  auto key = identity_.DataKeyFor(who.practice_id);
  if (!key) return tl::unexpected(key.error());
  auto m = FindOpened(db_, *key, who.practice_id, client_id, id);
  if (!m) return tl::unexpected(m.error());
  MedicationEvent observed{
      crypto::NewId(), MedicationEventKind::kObserved, now, who.display_name, {}, {}, adherence, side_effects, note};
  auto event = SealedEvent(*key, who, *m, observed);
  if (!event) return tl::unexpected(event.error());
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto in = store::InsertMedicationEvent(c, who.practice_id, *event); !in) return in;
    return audit::Append(
        c, audit::ByPrincipal(who, "medication.observe", "medication", id, origin.ip, origin.request_id, client_id),
        now);
  });
  if (!st) return tl::unexpected(st.error());
  return OneOf(Medications(who, client_id, Quiet(origin)), id);
}

// ---- the care team ----
namespace {
std::optional<TeamVisit> Brief(const scheduling::Appointment* a) {
  if (!a) return std::nullopt;
  return TeamVisit{a->id, a->start, std::string(NameOf(a->mode)), a->status};
}
}  // namespace

Result<TeamView> Service::CareTeam(const Principal& who, const std::string& client_id, const Origin& origin) {
  auto team = directory_.CareTeamOf(who, client_id);
  if (!team) return tl::unexpected(team.error());
  auto sharing = db_.Read([&](db::Connection& c) { return store::FindSharing(c, who.practice_id, client_id); });
  if (!sharing) return tl::unexpected(sharing.error());
  // Each member's last and next visit with the client: three months either side, as the chart's calendar.
  const EpochSeconds now = clock_.Now();
  Origin quiet = origin;
  quiet.audited_as_one = true;  // this read is audited once, below
  std::vector<scheduling::Appointment> visits;
  for (auto [from, to] : {std::pair{now - 92 * 86400, now}, std::pair{now, now + 92 * 86400}}) {
    auto some = scheduling_.ListAppointments(who, std::nullopt, client_id, from, to, quiet);
    if (!some) return tl::unexpected(some.error());
    for (auto& a : *some) {
      if (scheduling::IsConference(a)) continue;  // a staff meeting, not a visit with the client
      // A joint visit is also the joining clinician's visit with the client (theirs by video).
      if (scheduling::IsJoint(a)) visits.push_back(scheduling::JointPart(a));
      visits.push_back(std::move(a));
    }
  }
  TeamView view{client_id, {}, std::move(*sharing), team->version};
  for (auto& m : team->members) {
    const scheduling::Appointment *last = nullptr, *next = nullptr;
    for (const auto& a : visits) {
      if (a.clinician_id != m.clinician_id || a.status == "cancelled" || a.status == "requested") continue;
      if (a.start < now && (!last || a.start > last->start)) last = &a;
      if (a.start >= now && (!next || a.start < next->start)) next = &a;
    }
    view.members.push_back({std::move(m), Brief(last), Brief(next)});
  }
  // Partner organizations on the team: those a release in effect names, with their clinicians.
  auto partner_releases =
      db_.Read([&](db::Connection& c) { return store::PartnerReleasesOf(c, who.practice_id, client_id); });
  if (!partner_releases) return tl::unexpected(partner_releases.error());
  if (!partner_releases->empty()) {
    auto key = identity_.DataKeyFor(who.practice_id);
    if (!key) return tl::unexpected(key.error());
    for (auto& row : *partner_releases) {
      auto r = Opened(*key, std::move(row));
      if (!r) return tl::unexpected(r.error());
      if (!MayDisclose(*r, DateOf(now)) ||
          std::any_of(view.partners.begin(), view.partners.end(),
                      [&](const TeamPartner& t) { return t.partner_id == r->partner_id; }))
        continue;
      auto found = db_.Read([&](db::Connection& c) -> Result<std::optional<TeamPartner>> {
        auto partner = store::FindPartner(c, r->partner_id);
        if (!partner) return tl::unexpected(partner.error());
        if (!*partner || (*partner)->status != "connected") return std::optional<TeamPartner>();
        auto clinicians = store::ClinicianNames(c, (*partner)->partner_practice_id);
        if (!clinicians) return tl::unexpected(clinicians.error());
        return TeamPartner{(*partner)->id, (*partner)->name, r->id, r->expires_on, r->scope, std::move(*clinicians)};
      });
      if (!found) return tl::unexpected(found.error());
      if (*found) view.partners.push_back(std::move(**found));
    }
  }
  if (!origin.audited_as_one)
    if (auto st = audit::AppendNow(
            db_,
            audit::ByPrincipal(who, "care_team.read", "client", client_id, origin.ip, origin.request_id, client_id),
            now);
        !st)
      return tl::unexpected(st.error());
  return view;
}

Result<TeamView> Service::SetCareTeam(const Principal& who, const std::string& client_id, practice::CareTeam team,
                                      std::optional<bool> shares_notes, std::optional<bool> shares_part2,
                                      const Origin& origin) {
  const EpochSeconds now = clock_.Now();
  auto also = [&](db::Connection& c) -> Status {
    if (!shares_notes && !shares_part2) return {};
    auto before = store::FindSharing(c, who.practice_id, client_id);
    if (!before) return tl::unexpected(before.error());
    TeamSharing after = *before;
    after.shares_notes = shares_notes.value_or(before->shares_notes);
    after.shares_part2 = shares_part2.value_or(before->shares_part2);
    if (before->recorded_at && before->shares_notes == after.shares_notes && before->shares_part2 == after.shares_part2)
      return {};  // as it was: who recorded it stays
    if (auto w = store::PutSharing(c, who.practice_id, client_id, after, who.user_id, now); !w) return w;
    audit::Event e =
        audit::ByPrincipal(who, "care_team.sharing", "client", client_id, origin.ip, origin.request_id, client_id);
    e.detail = std::string(after.shares_notes ? "shares_notes" : "shares_nothing") +
               (after.shares_part2 ? ", names Part 2" : "");
    return audit::Append(c, e, now);
  };
  auto saved = directory_.ReplaceCareTeam(who, client_id, std::move(team), also, origin);
  if (!saved) return tl::unexpected(saved.error());
  Origin quiet = origin;
  quiet.audited_as_one = true;  // the change was audited
  return CareTeam(who, client_id, quiet);
}

Result<TeamSharing> Service::Sharing(const std::string& practice_id, const std::string& client_id) {
  return db_.Read([&](db::Connection& c) { return store::FindSharing(c, practice_id, client_id); });
}

// ---- referrals ----
namespace {
std::string ReferralContext(const std::string& id) { return "referral:" + id; }
std::string AnswerContext(const std::string& id) { return "referral-answer:" + id; }
std::string NameOfClinician(const practice::Clinician& k) {
  return k.given_name + " " + k.family_name + (k.credentials.empty() ? "" : ", " + k.credentials);
}
audit::Event ReferralEvent(const Principal& who, std::string_view action, const Referral& r, const Origin& origin) {
  return audit::ByPrincipal(who, std::string(action), "referral", r.id, origin.ip, origin.request_id, r.client_id);
}
}  // namespace

void Service::Tell(const std::string& practice_id, const std::string& clinician_id, std::string_view type,
                   const std::string& referral_id) {
  if (!notify_) return;
  auto k = directory_.ClinicianById(practice_id, clinician_id);
  if (!k || k->user_id.empty()) return;
  notify_(practice_id, k->user_id, json{{"type", type}, {"referral_id", referral_id}}.dump());
}

Result<std::vector<Referral>> Service::OpenReferrals(const std::string& practice_id,
                                                     std::vector<store::SealedReferral> rows, bool clinical) {
  std::optional<crypto::DataKey> key;
  if (clinical && !rows.empty()) {
    auto k = identity_.DataKeyFor(practice_id);
    if (!k) return tl::unexpected(k.error());
    key = std::move(*k);
  }
  std::vector<Referral> out;
  out.reserve(rows.size());
  for (auto& row : rows) {
    Referral r = std::move(row.referral);
    if (key) {
      auto details = key->Open(row.details_sealed, ReferralContext(r.id));
      if (!details) return tl::unexpected(details.error());
      json d = json::parse(*details, nullptr, false);
      r.reason = d.value("reason", "");
      r.question = d.value("question", "");
      if (!row.answer_sealed.empty()) {
        auto answer = key->Open(row.answer_sealed, AnswerContext(r.id));
        if (!answer) return tl::unexpected(answer.error());
        r.answer = std::move(*answer);
      }
      // The chart documents it carries, by title (clinical detail, as the reason is).
      if (!r.attachment_ids.empty() && find_attachments_) {
        auto found = find_attachments_(practice_id, r.client_id, r.attachment_ids);
        if (!found) return tl::unexpected(found.error());
        r.attachments = std::move(*found);
      }
    }
    if (!key) r.attachment_ids.clear();
    out.push_back(std::move(r));
  }
  if (auto named = NameReferrals(practice_id, out); !named) return tl::unexpected(named.error());
  return out;
}

Result<std::pair<Attachment, std::string>> Service::ReferralAttachment(const Principal& who,
                                                                       const std::string& referral_id,
                                                                       const std::string& document_id,
                                                                       const Origin& origin) {
  auto row = db_.Read([&](db::Connection& c) { return store::FindReferral(c, who.practice_id, referral_id); });
  if (!row) return tl::unexpected(row.error());
  if (!*row) return Fail(ErrorCode::kNotFound, "No such referral.");
  const Referral& r = (*row)->referral;
  // Its referring and referred clinicians (the referred one before joining the team too) and the owner.
  bool theirs = who.role == Role::kOwner;
  if (!theirs) {
    auto me = directory_.ClinicianOfUser(who.practice_id, who.user_id);
    if (!me) return tl::unexpected(me.error());
    theirs = *me && ((*me)->id == r.from_clinician_id || (*me)->id == r.to_clinician_id);
  }
  if (!theirs || std::find(r.attachment_ids.begin(), r.attachment_ids.end(), document_id) == r.attachment_ids.end() ||
      !read_attachment_)
    return Fail(ErrorCode::kNotFound, "No such attachment.");
  auto doc = read_attachment_(who.practice_id, r.client_id, document_id);
  if (!doc) return tl::unexpected(doc.error());
  auto st = audit::AppendNow(db_,
                             audit::ByPrincipal(who, "referral.attachment_read", "document", document_id, origin.ip,
                                                origin.request_id, r.client_id),
                             clock_.Now());
  if (!st) return tl::unexpected(st.error());
  return doc;
}

Result<Referral> Service::OpenReferral(const std::string& practice_id, store::SealedReferral row, bool clinical) {
  std::vector<store::SealedReferral> one;
  one.push_back(std::move(row));
  auto opened = OpenReferrals(practice_id, std::move(one), clinical);
  if (!opened) return tl::unexpected(opened.error());
  return std::move(opened->front());
}

Status Service::NameReferrals(const std::string& practice_id, std::vector<Referral>& referrals) {
  std::unordered_map<std::string, std::string> clinicians;  // id → name, each looked up once
  std::vector<std::string> client_ids;
  for (const auto& r : referrals) {
    client_ids.push_back(r.client_id);
    for (const auto* id : {&r.from_clinician_id, &r.to_clinician_id})
      if (!clinicians.count(*id)) {
        auto k = directory_.ClinicianById(practice_id, *id);
        clinicians[*id] = k ? NameOfClinician(*k) : std::string();
      }
  }
  auto names = directory_.ClientNames(practice_id, client_ids);
  if (!names) return tl::unexpected(names.error());
  for (auto& r : referrals) {
    r.from_name = clinicians[r.from_clinician_id];
    r.to_name = clinicians[r.to_clinician_id];
    if (auto it = names->find(r.client_id); it != names->end()) r.client_name = it->second;
  }
  return {};
}

Result<std::vector<Referral>> Service::Referrals(const Principal& who, const ReferralFilter& filter,
                                                 const Origin& origin) {
  store::ReferralQuery q;
  static_cast<ReferralFilter&>(q) = filter;
  const bool everyone = who.role == Role::kOwner || who.role == Role::kFrontDesk;
  if (!everyone) {
    auto me = directory_.ClinicianOfUser(who.practice_id, who.user_id);
    if (!me) return tl::unexpected(me.error());
    if (!*me) return std::vector<Referral>{};  // no clinician record: none are theirs
    q.involving_clinician_id = (*me)->id;
  }
  auto rows = db_.Read([&](db::Connection& c) { return store::ListReferrals(c, who.practice_id, q); });
  if (!rows) return tl::unexpected(rows.error());
  auto opened = OpenReferrals(who.practice_id, std::move(*rows), who.role != Role::kFrontDesk);
  if (!opened) return tl::unexpected(opened.error());
  std::vector<Referral> out = std::move(*opened);
  if (!out.empty() && !origin.audited_as_one) {
    // Naming clients is a read of client data: one event for the list.
    audit::Event e = audit::ByPrincipal(who, "referral.list", "referral", "", origin.ip, origin.request_id);
    e.detail = std::to_string(out.size()) + " referrals";
    if (auto st = audit::AppendNow(db_, e, clock_.Now()); !st) return tl::unexpected(st.error());
  }
  return out;
}

Result<Referral> Service::GetReferral(const Principal& who, const std::string& id, const Origin& origin) {
  auto row = db_.Read([&](db::Connection& c) { return store::FindReferral(c, who.practice_id, id); });
  if (!row) return tl::unexpected(row.error());
  if (!*row) return Fail(ErrorCode::kNotFound, "No such referral.");
  if (who.role != Role::kOwner && who.role != Role::kFrontDesk) {
    auto me = directory_.ClinicianOfUser(who.practice_id, who.user_id);
    if (!me) return tl::unexpected(me.error());
    const auto& f = (*row)->referral;
    if (!*me || ((*me)->id != f.from_clinician_id && (*me)->id != f.to_clinician_id))
      return Fail(ErrorCode::kNotFound, "No such referral.");
  }
  auto r = OpenReferral(who.practice_id, std::move(**row), who.role != Role::kFrontDesk);
  if (!r) return r;
  if (auto st = audit::AppendNow(db_, ReferralEvent(who, "referral.read", *r, origin), clock_.Now()); !st)
    return tl::unexpected(st.error());
  return r;
}

Result<Referral> Service::Refer(const Principal& who, Referral r, const Origin& origin) {
  auto me = directory_.ClinicianOfUser(who.practice_id, who.user_id);
  if (!me) return tl::unexpected(me.error());
  if (*me) {
    r.from_clinician_id = (*me)->id;  // a clinician refers as themself
  } else {
    // The owner or a supervisor without a clinician profile refers on behalf of one of the practice's clinicians.
    if (r.from_clinician_id.empty())
      return Fail(ErrorCode::kInvalid, "Choose the clinician who refers.", {}, "from_clinician_id");
    if (!directory_.ClinicianById(who.practice_id, r.from_clinician_id))
      return Fail(ErrorCode::kInvalid, "Choose a clinician of this practice.", {}, "from_clinician_id");
  }
  if (auto issues = ValidateReferral(r); !issues.empty())
    return practice::InvalidFields(issues, "The referral is missing something.");
  if (auto ok = directory_.MayReadChart(who, r.client_id); !ok) return tl::unexpected(ok.error());
  if (auto to = directory_.ClinicianById(who.practice_id, r.to_clinician_id); !to)
    return Fail(ErrorCode::kInvalid, "Choose a clinician of this practice.", {}, "to_clinician_id");
  if (!r.attachment_ids.empty()) {
    // Documents of this client's chart, each once; a Part 2 record only under an agreement naming Part 2.
    std::sort(r.attachment_ids.begin(), r.attachment_ids.end());
    r.attachment_ids.erase(std::unique(r.attachment_ids.begin(), r.attachment_ids.end()), r.attachment_ids.end());
    if (!find_attachments_)
      return Fail(ErrorCode::kInvalid, "Documents cannot be attached here.", {}, "attachment_ids");
    auto found = find_attachments_(who.practice_id, r.client_id, r.attachment_ids);
    if (!found) return tl::unexpected(found.error());
    if (found->size() != r.attachment_ids.size())
      return Fail(ErrorCode::kInvalid, "Attach documents of this client's chart.", {}, "attachment_ids");
    if (std::any_of(found->begin(), found->end(), [](const Attachment& a) { return a.part2; })) {
      auto sharing = Sharing(who.practice_id, r.client_id);
      if (!sharing) return tl::unexpected(sharing.error());
      if (!TeamSeesPart2(*sharing))
        return FailRule("part2", "A Part 2 record goes with a referral only when the client's agreement names Part 2.");
    }
  }
  const EpochSeconds now = clock_.Now();
  r.id = crypto::NewId();
  r.state = ReferralState::kSent;
  r.sent_by = who.user_id;
  r.sent_at = now;
  r.version = 1;
  auto key = identity_.DataKeyFor(who.practice_id);
  if (!key) return tl::unexpected(key.error());
  auto sealed = key->Seal(json{{"reason", r.reason}, {"question", r.question}}.dump(), ReferralContext(r.id));
  if (!sealed) return tl::unexpected(sealed.error());
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto open = store::OpenReferralsTo(c, who.practice_id, r.client_id, r.to_clinician_id);
    if (!open) return tl::unexpected(open.error());
    if (!open->empty())
      return Fail(ErrorCode::kConflict, "This client already has an open referral to that clinician.");
    if (auto w = store::InsertReferral(c, who.practice_id, {r, *sealed, ""}); !w) return w;
    return audit::Append(c, ReferralEvent(who, "referral.create", r, origin), now);
  });
  if (!st) return tl::unexpected(st.error());
  Tell(who.practice_id, r.to_clinician_id, "referral.new", r.id);
  std::vector<Referral> one{std::move(r)};
  if (auto named = NameReferrals(who.practice_id, one); !named) return tl::unexpected(named.error());
  return std::move(one.front());
}

Status Service::Advance(db::Connection& c, const std::string& practice_id, store::SealedReferral& row,
                        ReferralStep step, EpochSeconds now) {
  auto& r = row.referral;
  auto next = NextReferralState(r.state, step);
  if (!next) return tl::unexpected(next.error());
  if (step == ReferralStep::kAccept || (step == ReferralStep::kBook && !r.accepted_at)) r.accepted_at = now;
  if (step == ReferralStep::kBook) r.booked_at = now;
  if (step == ReferralStep::kHold) r.held_at = now;
  if (IsClosed(*next)) r.closed_at = now;
  r.state = *next;
  const std::int64_t expected = r.version++;
  auto ok = store::UpdateReferral(c, practice_id, row, expected);
  if (!ok) return tl::unexpected(ok.error());
  if (!*ok) return Fail(ErrorCode::kConflict, "Someone else moved this referral. Reload to see where it stands.");
  return {};
}

Result<store::SealedReferral> Service::ReferralToMe(const Principal& who, const std::string& id) {
  auto row = db_.Read([&](db::Connection& c) { return store::FindReferral(c, who.practice_id, id); });
  if (!row) return tl::unexpected(row.error());
  if (!*row) return Fail(ErrorCode::kNotFound, "No such referral.");
  if (who.role == Role::kOwner) return std::move(**row);
  auto me = directory_.ClinicianOfUser(who.practice_id, who.user_id);
  if (!me) return tl::unexpected(me.error());
  const auto& r = (*row)->referral;
  if (*me && (*me)->id == r.to_clinician_id) return std::move(**row);
  if (*me && (*me)->id == r.from_clinician_id)
    return Fail(ErrorCode::kForbidden, "The clinician you referred to answers this referral.");
  return Fail(ErrorCode::kNotFound, "No such referral.");
}

Result<Referral> Service::AcceptReferral(const Principal& who, const std::string& id, const Origin& origin) {
  auto row = ReferralToMe(who, id);
  if (!row) return tl::unexpected(row.error());
  auto to = directory_.ClinicianById(who.practice_id, row->referral.to_clinician_id);
  if (!to) return tl::unexpected(to.error());
  const EpochSeconds now = clock_.Now();
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto w = Advance(c, who.practice_id, *row, ReferralStep::kAccept, now); !w) return w;
    // The referred clinician joins the client's care team: they see the chart and book with the client.
    if (auto w =
            directory_.JoinCareTeam(c, who.practice_id, row->referral.client_id, to->id, ReferredRole(to->discipline));
        !w)
      return w;
    return audit::Append(c, ReferralEvent(who, "referral.accept", row->referral, origin), now);
  });
  if (!st) return tl::unexpected(st.error());
  Tell(who.practice_id, row->referral.from_clinician_id, "referral.changed", row->referral.id);
  return OpenReferral(who.practice_id, std::move(*row), true);
}

Result<Referral> Service::DeclineReferral(const Principal& who, const std::string& id, const std::string& reason,
                                          const Origin& origin) {
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos)
    return Fail(ErrorCode::kInvalid, "Say why you decline, for the referring clinician.", {}, "reason");
  auto row = ReferralToMe(who, id);
  if (!row) return tl::unexpected(row.error());
  auto key = identity_.DataKeyFor(who.practice_id);
  if (!key) return tl::unexpected(key.error());
  auto sealed = key->Seal(reason, AnswerContext(row->referral.id));
  if (!sealed) return tl::unexpected(sealed.error());
  row->answer_sealed = *sealed;
  const EpochSeconds now = clock_.Now();
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto w = Advance(c, who.practice_id, *row, ReferralStep::kDecline, now); !w) return w;
    return audit::Append(c, ReferralEvent(who, "referral.decline", row->referral, origin), now);
  });
  if (!st) return tl::unexpected(st.error());
  Tell(who.practice_id, row->referral.from_clinician_id, "referral.changed", row->referral.id);
  return OpenReferral(who.practice_id, std::move(*row), true);
}

Result<Referral> Service::AnswerReferral(const Principal& who, const std::string& id, const std::string& answer,
                                         const std::string& note_id, const Origin& origin) {
  if (answer.find_first_not_of(" \t\r\n") == std::string::npos && note_id.empty())
    return Fail(ErrorCode::kInvalid, "Write the answer for the referring clinician.", {}, "answer");
  auto row = ReferralToMe(who, id);
  if (!row) return tl::unexpected(row.error());
  auto key = identity_.DataKeyFor(who.practice_id);
  if (!key) return tl::unexpected(key.error());
  if (!answer.empty()) {
    auto sealed = key->Seal(answer, AnswerContext(row->referral.id));
    if (!sealed) return tl::unexpected(sealed.error());
    row->answer_sealed = *sealed;
  }
  row->referral.answer_note_id = note_id;
  const EpochSeconds now = clock_.Now();
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto w = Advance(c, who.practice_id, *row, ReferralStep::kAnswer, now); !w) return w;
    return audit::Append(c, ReferralEvent(who, "referral.answer", row->referral, origin), now);
  });
  if (!st) return tl::unexpected(st.error());
  Tell(who.practice_id, row->referral.from_clinician_id, "referral.changed", row->referral.id);
  return OpenReferral(who.practice_id, std::move(*row), true);
}

namespace {
//! Each client's open referrals to the visit's clinician (what the calendar advances): a read per client, added to
//! `reads`, filling `found` in the visit's client order.
using VisitReferrals = std::vector<std::vector<store::SealedReferral>>;
void ReadVisitReferrals(const scheduling::Appointment& visit, VisitReferrals& found, std::vector<db::Read>& reads) {
  found.resize(visit.client_ids.size());
  for (std::size_t i = 0; i < visit.client_ids.size(); ++i)
    reads.push_back(store::ReadOpenReferralsTo(visit.practice_id, visit.client_ids[i], visit.clinician_id, found[i]));
}

//! The same, read now (one round trip on PostgreSQL).
Result<VisitReferrals> VisitReferralsNow(db::Connection& c, const scheduling::Appointment& visit) {
  VisitReferrals found;
  std::vector<db::Read> reads;
  ReadVisitReferrals(visit, found, reads);
  if (auto st = c.EachOf(reads); !st) return tl::unexpected(st.error());
  return found;
}

//! Moves the open referrals of the visit's clients to its clinician (`found`) that stand at `from` a step, by the
//! calendar.
template <typename AdvanceFn>
Status FromCalendar(db::Connection& c, const scheduling::Appointment& visit, ReferralState from,
                    std::string_view action, EpochSeconds now, AdvanceFn advance, VisitReferrals& found) {
  for (std::size_t i = 0; i < visit.client_ids.size(); ++i) {
    const std::string& client = visit.client_ids[i];
    for (auto& row : found[i]) {
      const bool booking = from == ReferralState::kAccepted;
      if (row.referral.state != from && !(booking && row.referral.state == ReferralState::kSent)) continue;
      if (booking) row.referral.first_visit_id = visit.id;
      auto moved = advance(row);
      if (!moved) return tl::unexpected(moved.error());
      if (!*moved) continue;
      audit::Event e;
      e.practice_id = visit.practice_id;
      e.actor_role = "system";
      e.action = std::string(action);
      e.resource_type = "referral";
      e.resource_id = row.referral.id;
      e.client_id = client;
      e.detail = "by the calendar";
      if (auto w = audit::Append(c, e, now); !w) return w;
    }
  }
  return {};
}
}  // namespace

scheduling::Service::AfterBooked Service::VisitBooked(const scheduling::Appointment& visit,
                                                      std::vector<db::Read>& reads) {
  auto found = std::make_shared<VisitReferrals>();
  ReadVisitReferrals(visit, *found, reads);
  return [this, visit, found](db::Connection& c, EpochSeconds now) { return BookFromCalendar(c, visit, now, *found); };
}

Status Service::VisitBooked(db::Connection& c, const scheduling::Appointment& visit, EpochSeconds now) {
  auto found = VisitReferralsNow(c, visit);
  if (!found) return tl::unexpected(found.error());
  return BookFromCalendar(c, visit, now, *found);
}

Status Service::BookFromCalendar(db::Connection& c, const scheduling::Appointment& visit, EpochSeconds now,
                                 std::vector<std::vector<store::SealedReferral>>& found) {
  return FromCalendar(
      c, visit, ReferralState::kAccepted, "referral.booked", now,
      [&](store::SealedReferral& row) -> Result<bool> {
        const bool accepts = row.referral.state == ReferralState::kSent;
        if (auto w = Advance(c, visit.practice_id, row, ReferralStep::kBook, now); !w) return tl::unexpected(w.error());
        if (!accepts) return true;
        // Booking the first visit accepts the referral: the referred clinician joins the team.
        auto to = directory_.ClinicianById(visit.practice_id, visit.clinician_id);
        if (!to) return tl::unexpected(to.error());
        if (auto w = directory_.JoinCareTeam(c, visit.practice_id, row.referral.client_id, to->id,
                                             ReferredRole(to->discipline));
            !w)
          return tl::unexpected(w.error());
        return true;
      },
      found);
}

Status Service::VisitDropped(db::Connection& c, const scheduling::Appointment& visit, EpochSeconds now) {
  auto found = VisitReferralsNow(c, visit);
  if (!found) return tl::unexpected(found.error());
  return FromCalendar(
      c, visit, ReferralState::kBooked, "referral.unbooked", now,
      [&](store::SealedReferral& row) -> Result<bool> {
        if (row.referral.first_visit_id != visit.id) return false;  // another visit: the first stands
        row.referral.first_visit_id.clear();
        row.referral.booked_at.reset();
        if (auto w = Advance(c, visit.practice_id, row, ReferralStep::kUnbook, now); !w)
          return tl::unexpected(w.error());
        return true;
      },
      *found);
}

Status Service::VisitHeld(db::Connection& c, const scheduling::Appointment& visit, EpochSeconds now) {
  auto found = VisitReferralsNow(c, visit);
  if (!found) return tl::unexpected(found.error());
  return FromCalendar(
      c, visit, ReferralState::kBooked, "referral.held", now,
      [&](store::SealedReferral& row) -> Result<bool> {
        if (auto w = Advance(c, visit.practice_id, row, ReferralStep::kHold, now); !w) return tl::unexpected(w.error());
        return true;
      },
      *found);
}

Status Service::NoteSigned(db::Connection& c, const Principal& who, const std::string& clinician_id,
                           const std::string& client_id, const std::string& note_id, EpochSeconds now) {
  auto open = store::OpenReferralsTo(c, who.practice_id, client_id, clinician_id);
  if (!open) return tl::unexpected(open.error());
  for (auto& row : *open) {
    if (row.referral.state != ReferralState::kHeld) continue;
    row.referral.answer_note_id = note_id;
    if (auto w = Advance(c, who.practice_id, row, ReferralStep::kAnswer, now); !w) return w;
    if (auto w = audit::Append(c, ReferralEvent(who, "referral.answer", row.referral, Origin{}), now); !w) return w;
  }
  return {};
}

}  // namespace duet::care
