#include "care/service.hpp"

#include <nlohmann/json.hpp>

#include "care/rules.hpp"
#include "care/store.hpp"
#include "platform/audit.hpp"
#include "practice/rules.hpp"

namespace duet::care {
namespace {
using nlohmann::json;

std::string ScopeText(const std::vector<std::string>& scope) {
  std::string out;
  for (const auto& s : scope) out += (out.empty() ? "" : ", ") + s;
  return out;
}

access::Sections SectionsOf(const std::vector<std::string>& scope) {
  access::Sections s{false, false, false, false, false, false, false};
  for (const auto& c : scope) {
    if (c == "demographics") s.demographics = true;
    if (c == "diagnoses") s.diagnoses = true;
    if (c == "visits") s.visits = true;
    if (c == "notes") s.notes = true;
    if (c == "plan") s.plan = true;
    if (c == "measures") s.measures = true;
    if (c == "documents") s.documents = true;
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
                 access::Service& access)
    : db_(db), clock_(clock), identity_(identity), directory_(directory), access_(access) {}

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
  auto bytes = access_.RecordPdf(who, client_id, SectionsOf(r->scope), preface, origin, &included);
  if (!bytes) return bytes;
  Disclosure d{crypto::NewId(), client_id, r->id, Recipient(*r), r->purpose, r->scope, who.display_name, now};
  auto sealed = key->Seal(json{{"recipient", d.recipient}, {"purpose", d.purpose}}.dump(), "disclosure:" + d.id);
  if (!sealed) return tl::unexpected(sealed.error());
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto w = store::InsertDisclosure(c, who.practice_id, {d, *sealed}, who.user_id); !w) return w;
    audit::Event e =
        audit::ByPrincipal(who, "record.disclose", "release", r->id, origin.ip, origin.request_id, client_id);
    e.detail = included;
    return audit::Append(c, e, now);
  });
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

}  // namespace duet::care
