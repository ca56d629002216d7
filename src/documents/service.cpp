#include "documents/service.hpp"

#include <algorithm>
#include <stdexcept>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "documents/codecs.hpp"
#include "documents/rules.hpp"
#include "documents/store.hpp"
#include "platform/audit.hpp"
#include "platform/dates.hpp"
#include "platform/embedded.hpp"
#include "platform/pdf.hpp"
#include "platform/words.hpp"

namespace duet::documents {
namespace {
using nlohmann::json;
std::string Context(const std::string& id) { return "document:" + id; }
std::string TitleContext(const std::string& id) { return "document-title:" + id; }

// Translations of the consents: data/consents.<code>.json, read once. Shipped data that does not read stops
// the start, like consents.json.
const std::unordered_map<std::string, std::unordered_map<std::string, ConsentText>>& Translations() {
  static const auto all = [] {
    std::unordered_map<std::string, std::unordered_map<std::string, ConsentText>> out;
    constexpr std::string_view kPrefix = "consents.", kSuffix = ".json";
    for (const auto& f : EmbeddedData()) {
      if (!f.name.starts_with(kPrefix) || !f.name.ends_with(kSuffix)) continue;
      const std::string code(f.name.substr(kPrefix.size(), f.name.size() - kPrefix.size() - kSuffix.size()));
      auto file = codec::ReadShipped<ConsentFile>("data/" + std::string(f.name), f.text);
      out[code] = {{"telehealth_consent", file.telehealth_consent},
                   {"treatment_consent", file.treatment_consent},
                   {"financial_policy", file.financial_policy}};
    }
    return out;
  }();
  return all;
}

// The wording of `kind` in `language`, or the English one; `used` says which.
const ConsentText& Wording(const std::string& kind, const ConsentText& english, const std::string& language,
                           std::string* used) {
  // A translation counts only while it says the same version: a stale one is never signed.
  if (auto lang = Translations().find(language); lang != Translations().end())
    if (auto t = lang->second.find(kind); t != lang->second.end() && t->second.version == english.version) {
      if (used) *used = language;
      return t->second;
    }
  if (used) *used = "en";
  return english;
}
}  // namespace

Service::Service(db::Database& db, const Clock& clock, identity::Service& identity, practice::Service& directory,
                 scheduling::Service& scheduling, std::string_view consents_json)
    : db_(db), clock_(clock), identity_(identity), directory_(directory), scheduling_(scheduling) {
  // Shipped data: a file that does not read stops the start.
  auto file = codec::ReadShipped<ConsentFile>("data/consents.json", consents_json);
  consents_["telehealth_consent"] = file.telehealth_consent;
  consents_["treatment_consent"] = file.treatment_consent;
  consents_["financial_policy"] = file.financial_policy;
}

Result<std::vector<Document>> Service::List(const Principal& who, const std::string& client_id, const Origin& origin) {
  if (auto ok = directory_.MayReadChart(who, client_id); !ok) return tl::unexpected(ok.error());
  auto list = db_.Read([&](db::Connection& c) { return store::List(c, who.practice_id, client_id); });
  if (!list) return list;
  // Part 2 documents reach other members of the team only under the client's agreement naming Part 2.
  std::erase_if(*list, [&](const Document& d) {
    auto hidden = HiddenPart2(who, d);
    return !hidden || *hidden;
  });
  if (!list->empty()) {
    // Titles are clinical text ("Referral for suspected autism"): sealed at rest.
    auto key = identity_.DataKeyFor(who.practice_id);
    if (!key) return tl::unexpected(key.error());
    for (auto& d : *list) {
      auto title = crypto::OpenField(*key, d.title, TitleContext(d.id));
      if (!title) return tl::unexpected(title.error());
      d.title = std::move(*title);
    }
  }
  if (origin.audited_as_one) return list;
  auto st = audit::AppendNow(
      db_, audit::ByPrincipal(who, "document.list", "client", client_id, origin.ip, origin.request_id, client_id),
      clock_.Now());
  if (!st) return tl::unexpected(st.error());
  return list;
}

Result<Document> Service::Store(const Principal& who, Document d, const std::string& bytes, const Origin& origin) {
  auto key = identity_.DataKeyFor(who.practice_id);
  if (!key) return tl::unexpected(key.error());
  auto sealed = key->Seal(bytes, Context(d.id));
  if (!sealed) return tl::unexpected(sealed.error());
  Document stored = d;
  auto title = crypto::SealField(*key, d.title, TitleContext(d.id));
  if (!title) return tl::unexpected(title.error());
  stored.title = std::move(*title);
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto r = store::Insert(c, who.practice_id, stored, *sealed); !r) return r;
    return audit::Append(c,
                         audit::ByPrincipal(who, IsConsent(d.kind) ? "consent.record" : "document.add", "document",
                                            d.id, origin.ip, origin.request_id, d.client_id),
                         d.created_at);
  });
  if (!st) return tl::unexpected(st.error());
  return d;
}

Document Service::SignedConsent(const std::string& client_id, Kind kind, const std::string& by, EpochSeconds now) {
  Document d;
  d.id = crypto::NewId();
  d.client_id = client_id;
  d.kind = kind;
  d.document_date = DateOf(now);
  d.uploaded_by = by;
  d.created_at = now;
  d.signed_at = now;
  return d;
}

Document Service::NewDocument(const Principal& who, const std::string& client_id, const Upload& upload,
                              std::string_view content_type, bool shared) {
  Document d;
  d.id = crypto::NewId();
  d.client_id = client_id;
  d.kind = Kind::kDocument;
  d.category = upload.category;
  d.title = upload.title;
  d.content_type = std::string(content_type);
  d.size = static_cast<std::int64_t>(upload.data.size());
  d.document_date = upload.document_date;
  d.uploaded_by = who.user_id;
  d.created_at = clock_.Now();
  d.shared_with_client = shared;
  return d;
}

Result<Document> Service::Add(const Principal& who, const std::string& client_id, const Upload& upload,
                              const Origin& origin) {
  if (auto ok = directory_.MayReadChart(who, client_id); !ok) return tl::unexpected(ok.error());
  if (upload.title.empty()) return Fail(ErrorCode::kInvalid, "Give the document a title.", {}, "title");
  if (!IsCategory(upload.category))
    return Fail(ErrorCode::kInvalid,
                "Say what it is: referral, evaluation_report, school_record, lab_result, imaging, insurance_card, "
                "identification, correspondence, outside_records or other.",
                {}, "category");
  if (static_cast<std::int64_t>(upload.data.size()) > kMaxDocumentBytes)
    return Fail(ErrorCode::kTooLarge, "Files up to 700 KB can be kept in the chart.", {}, "data");
  auto type = SniffContentType(upload.data);
  if (!type) return Fail(ErrorCode::kInvalid, "Only PDF, PNG and JPEG files can be kept in the chart.", {}, "data");
  return Store(who, NewDocument(who, client_id, upload, *type, false), upload.data, origin);
}

Result<Document> Service::RecordConsent(const Principal& who, const std::string& client_id, Kind kind,
                                        const std::string& signed_name, const Origin& origin) {
  if (!IsConsent(kind))
    return Fail(ErrorCode::kInvalid, "Choose a consent: telehealth_consent, treatment_consent, financial_policy.", {},
                "kind");
  if (auto ok = directory_.MayReadChart(who, client_id); !ok) return tl::unexpected(ok.error());
  auto text = consents_.find(std::string(KindName(kind)));
  if (text == consents_.end())
    return Fail(ErrorCode::kInternal, "Consent wording is missing.",
                "consents.json lacks " + std::string(KindName(kind)));
  auto names = directory_.ClientNames(who.practice_id, {client_id});
  if (!names) return tl::unexpected(names.error());
  EpochSeconds now = clock_.Now();
  Document d = SignedConsent(client_id, kind, who.user_id, now);
  d.title = text->second.title + " (version " + std::to_string(text->second.version) + ")";
  d.content_type = "text/plain";
  d.signed_name = signed_name.empty() ? (*names)[client_id] : signed_name;
  d.witnessed_by = who.display_name;
  std::string body = text->second.title + "\n\n" + text->second.text + "\n\nSigned by " + d.signed_name + " on " +
                     FormatTimestamp(now) + ", witnessed by " + d.witnessed_by + ".\n";
  d.size = static_cast<std::int64_t>(body.size());
  return Store(who, std::move(d), body, origin);
}

Result<Document> Service::SetShared(const Principal& who, const std::string& id, bool shared, const Origin& origin) {
  return SetFlag(who, id, store::Flag::kShared, shared, shared ? "document.share" : "document.unshare", origin);
}

Result<Document> Service::SetPart2(const Principal& who, const std::string& id, bool part2, const Origin& origin) {
  return SetFlag(who, id, store::Flag::kPart2, part2, part2 ? "document.part2" : "document.not_part2", origin);
}

Result<bool> Service::HiddenPart2(const Principal& who, const Document& d) {
  if (!d.part2 || who.role == Role::kOwner || d.uploaded_by == who.user_id) return false;
  if (!part2_sharing_) return true;
  auto shared = part2_sharing_(who.practice_id, d.client_id);
  if (!shared) return tl::unexpected(shared.error());
  return !*shared;
}

Result<Document> Service::SetFlag(const Principal& who, const std::string& id, store::Flag flag, bool on,
                                  std::string_view action, const Origin& origin) {
  auto found = db_.Read([&](db::Connection& c) { return store::Find(c, who.practice_id, id); });
  if (!found) return tl::unexpected(found.error());
  if (!*found) return Fail(ErrorCode::kNotFound, "No such document.");
  Document d = (*found)->first;
  if (auto ok = directory_.MayReadChart(who, d.client_id); !ok) return Fail(ErrorCode::kNotFound, "No such document.");
  auto hidden = HiddenPart2(who, d);
  if (!hidden) return tl::unexpected(hidden.error());
  if (*hidden) return Fail(ErrorCode::kNotFound, "No such document.");
  const EpochSeconds now = clock_.Now();
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto done = store::SetFlag(c, who.practice_id, id, flag, on);
    if (!done) return tl::unexpected(done.error());
    audit::Event e =
        audit::ByPrincipal(who, std::string(action), "document", id, origin.ip, origin.request_id, d.client_id);
    return audit::Append(c, e, now);
  });
  if (!st) return tl::unexpected(st.error());
  auto key = identity_.DataKeyFor(who.practice_id);
  if (!key) return tl::unexpected(key.error());
  auto title = crypto::OpenField(*key, d.title, TitleContext(d.id));
  if (!title) return tl::unexpected(title.error());
  d.title = std::move(*title);
  (flag == store::Flag::kShared ? d.shared_with_client : d.part2) = on;
  return d;
}

Result<std::vector<Document>> Service::SharedWith(const std::string& practice_id, const std::string& client_id) {
  auto docs = db_.Read([&](db::Connection& c) { return store::List(c, practice_id, client_id); });
  if (!docs) return tl::unexpected(docs.error());
  auto key = identity_.DataKeyFor(practice_id);
  if (!key) return tl::unexpected(key.error());
  std::vector<Document> out;
  for (auto& d : *docs) {
    if (!d.shared_with_client) continue;
    auto title = crypto::OpenField(*key, d.title, TitleContext(d.id));
    if (!title) return tl::unexpected(title.error());
    d.title = std::move(*title);
    out.push_back(std::move(d));
  }
  return out;
}

Result<std::pair<Document, std::string>> Service::SharedContent(const std::string& practice_id,
                                                                const std::string& client_id, const std::string& id) {
  auto found = db_.Read([&](db::Connection& c) { return store::Find(c, practice_id, id); });
  if (!found) return tl::unexpected(found.error());
  if (!*found || (*found)->first.client_id != client_id || !(*found)->first.shared_with_client)
    return Fail(ErrorCode::kNotFound, "No such document.");
  auto& [doc, sealed] = **found;
  auto key = identity_.DataKeyFor(practice_id);
  if (!key) return tl::unexpected(key.error());
  auto bytes = key->Open(sealed, Context(doc.id));
  if (!bytes) return tl::unexpected(bytes.error());
  auto title = crypto::OpenField(*key, doc.title, TitleContext(doc.id));
  if (!title) return tl::unexpected(title.error());
  doc.title = std::move(*title);
  return std::make_pair(std::move(doc), std::move(*bytes));
}

Result<Document> Service::AddShared(const Principal& who, const std::string& client_id, const Upload& upload,
                                    const Origin& origin) {
  // Made by the practice (no upload limit: a whole record may be long), so its type is known.
  if (auto ok = directory_.MayReadChart(who, client_id); !ok) return tl::unexpected(ok.error());
  auto type = SniffContentType(upload.data);
  if (!type) return Fail(ErrorCode::kInternal, "The document could not be kept.", "not a PDF or image");
  return Store(who, NewDocument(who, client_id, upload, *type, true), upload.data, origin);
}

Result<Document> Service::AddFromClient(const Principal& client, const std::string& client_id, const Upload& upload,
                                        const Origin& origin) {
  if (client.role != Role::kClient) return Fail(ErrorCode::kForbidden, "Only the client's own pages keep these.");
  auto type = SniffContentType(upload.data);
  if (!type) return Fail(ErrorCode::kInternal, "The document could not be kept.", "not a PDF or image");
  return Store(client, NewDocument(client, client_id, upload, *type, true), upload.data, origin);
}

Result<std::vector<ConsentToSign>> Service::ConsentsFor(const std::string& practice_id, const std::string& client_id,
                                                        const std::string& language) {
  auto docs = db_.Read([&](db::Connection& c) { return store::List(c, practice_id, client_id); });
  if (!docs) return tl::unexpected(docs.error());
  std::vector<ConsentToSign> out;
  for (Kind kind : {Kind::kTreatmentConsent, Kind::kTelehealthConsent, Kind::kFinancialPolicy}) {
    auto text = consents_.find(std::string(KindName(kind)));
    if (text == consents_.end()) continue;
    std::string used;
    const ConsentText& w = Wording(text->first, text->second, language, &used);
    ConsentToSign c{std::string(KindName(kind)), w.title, w.version, w.text, {}, used};
    for (const auto& d : *docs)
      if (d.kind == kind && d.signed_at && (!c.signed_at || *d.signed_at > *c.signed_at)) c.signed_at = d.signed_at;
    out.push_back(std::move(c));
  }
  return out;
}

Result<Document> Service::SignByClient(const Principal& client, const std::string& client_id, Kind kind,
                                       const std::string& signed_name, int version, const std::string& language,
                                       const Origin& origin) {
  if (!IsConsent(kind))
    return Fail(ErrorCode::kInvalid, "Choose a consent: telehealth_consent, treatment_consent, financial_policy.", {},
                "kind");
  auto text = consents_.find(std::string(KindName(kind)));
  if (text == consents_.end()) return Fail(ErrorCode::kNotFound, "No such consent.");
  if (version != text->second.version)
    return Fail(ErrorCode::kConflict, "The wording has changed since you opened it. Read it again and sign.");
  if (signed_name.find_first_not_of(" \t") == std::string::npos)
    return Fail(ErrorCode::kInvalid, "Type your full name to sign.", {}, "signed_name");
  EpochSeconds now = clock_.Now();
  // The wording the client read, in the language they read it (the chart's title stays the practice's).
  std::string used;
  const ConsentText& read = Wording(text->first, text->second, language, &used);
  const std::string in = used == "en" ? "" : ", in " + words::For(used).Say("language.english_name");
  Document d = SignedConsent(client_id, kind, client.user_id, now);
  d.title =
      text->second.title + " (version " + std::to_string(text->second.version) + ", signed in the portal" + in + ")";
  d.content_type = "application/pdf";
  d.signed_name = signed_name;
  d.shared_with_client = true;  // what they signed is theirs to see
  auto pdf =
      pdf::Render({{pdf::Style::kTitle, read.title},
                   {pdf::Style::kSmall,
                    "Version " + std::to_string(read.version) +
                        (used == "en" ? std::string() : " · read and signed" + in + " (" + text->second.title + ")")},
                   {pdf::Style::kText, read.text},
                   {pdf::Style::kSubheading, "Signed electronically"},
                   {pdf::Style::kText, "Signed by: " + signed_name},
                   {pdf::Style::kText, "Signed at: " + FormatTimestamp(now)},
                   {pdf::Style::kText, "From the address: " + (origin.ip.empty() ? std::string("unknown") : origin.ip)},
                   {pdf::Style::kText, "Signed in the client's own portal account after reading the text above."}},
                  text->second.title + ", version " + std::to_string(text->second.version));
  if (!pdf) return tl::unexpected(pdf.error());
  d.size = static_cast<std::int64_t>(pdf->size());
  return Store(client, std::move(d), *pdf, origin);
}

Result<std::pair<Document, std::string>> Service::Content(const Principal& who, const std::string& id,
                                                          const Origin& origin) {
  auto found = db_.Read([&](db::Connection& c) { return store::Find(c, who.practice_id, id); });
  if (!found) return tl::unexpected(found.error());
  if (!*found) return Fail(ErrorCode::kNotFound, "No such document.");
  auto& [doc, sealed] = **found;
  if (auto ok = directory_.MayReadChart(who, doc.client_id); !ok)
    return Fail(ErrorCode::kNotFound, "No such document.");
  if (auto hidden = HiddenPart2(who, doc); !hidden || *hidden)
    return hidden ? Fail(ErrorCode::kNotFound, "No such document.") : tl::unexpected(hidden.error());
  auto key = identity_.DataKeyFor(who.practice_id);
  if (!key) return tl::unexpected(key.error());
  auto bytes = key->Open(sealed, Context(doc.id));
  if (!bytes) return tl::unexpected(bytes.error());
  auto title = crypto::OpenField(*key, doc.title, TitleContext(doc.id));
  if (!title) return tl::unexpected(title.error());
  doc.title = std::move(*title);
  auto st = audit::AppendNow(
      db_, audit::ByPrincipal(who, "document.read", "document", doc.id, origin.ip, origin.request_id, doc.client_id),
      clock_.Now());
  if (!st) return tl::unexpected(st.error());
  return std::make_pair(doc, std::move(*bytes));
}

Result<std::vector<std::pair<Document, std::string>>> Service::ChartDocuments(const std::string& practice_id,
                                                                              const std::string& client_id,
                                                                              const std::vector<std::string>& ids,
                                                                              bool bytes) {
  std::vector<std::pair<Document, std::string>> out;
  if (ids.empty()) return out;
  auto key = identity_.DataKeyFor(practice_id);
  if (!key) return tl::unexpected(key.error());
  for (const auto& id : ids) {
    auto found = db_.Read([&](db::Connection& c) { return store::Find(c, practice_id, id); });
    if (!found) return tl::unexpected(found.error());
    if (!*found || (*found)->first.client_id != client_id) continue;
    auto& [doc, sealed] = **found;
    auto title = crypto::OpenField(*key, doc.title, TitleContext(doc.id));
    if (!title) return tl::unexpected(title.error());
    doc.title = std::move(*title);
    std::string content;
    if (bytes) {
      auto opened = key->Open(sealed, Context(doc.id));
      if (!opened) return tl::unexpected(opened.error());
      content = std::move(*opened);
    }
    out.emplace_back(std::move(doc), std::move(content));
  }
  return out;
}

Result<bool> Service::TeamSeesPart2(const std::string& practice_id, const std::string& client_id) {
  return part2_sharing_ ? part2_sharing_(practice_id, client_id) : Result<bool>(false);
}

Result<std::pair<Document, std::string>> Service::ForTeam(const std::string& practice_id, const std::string& client_id,
                                                          const std::string& id, bool bytes) {
  auto docs = ChartDocuments(practice_id, client_id, {id}, bytes);
  if (!docs) return tl::unexpected(docs.error());
  if (docs->empty()) return Fail(ErrorCode::kNotFound, "No such document in this client's chart.");
  if (docs->front().first.part2) {
    auto shared = TeamSeesPart2(practice_id, client_id);
    if (!shared) return tl::unexpected(shared.error());
    if (!*shared)
      return FailRule("part2",
                      "A Part 2 record is shown to the care team only under the client's agreement naming Part 2.");
  }
  return std::move(docs->front());
}

Result<std::optional<EpochSeconds>> Service::TelehealthConsentSigned(const std::string& practice_id,
                                                                     const std::string& client_id) {
  auto list = db_.Read([&](db::Connection& c) { return store::List(c, practice_id, client_id); });
  if (!list) return tl::unexpected(list.error());
  for (const auto& d : *list)
    if (d.kind == Kind::kTelehealthConsent && d.signed_at) return std::optional<EpochSeconds>(*d.signed_at);
  return std::optional<EpochSeconds>();
}

Result<std::vector<ConsentGap>> Service::MissingTelehealthConsents(const Principal& who,
                                                                   const std::optional<std::string>& client_id,
                                                                   const Origin& caller) {
  std::optional<std::string> clinician_id;
  if (who.role == Role::kClinician) {  // a clinician's own visits
    auto k = directory_.ClinicianOfUser(who.practice_id, who.user_id);
    if (!k) return tl::unexpected(k.error());
    if (!*k) return std::vector<ConsentGap>{};
    clinician_id = (*k)->id;
  }
  Origin origin = caller;
  origin.audited_as_one = true;
  const EpochSeconds now = clock_.Now();
  auto visits = scheduling_.ListAppointments(who, clinician_id, client_id, now - 3600, now + 30 * 86400, origin);
  if (!visits) return tl::unexpected(visits.error());
  std::sort(visits->begin(), visits->end(), [](const auto& a, const auto& b) { return a.start < b.start; });
  auto consented = db_.Read(
      [&](db::Connection& c) { return store::ClientsWithConsent(c, who.practice_id, Kind::kTelehealthConsent); });
  if (!consented) return tl::unexpected(consented.error());
  std::vector<ConsentGap> out;
  std::unordered_set<std::string> listed;
  for (const auto& a : *visits) {
    const std::string mode(scheduling::VisitModeName(a.mode));
    if (!NeedsTelehealthConsent(mode, a.status)) continue;
    for (std::size_t i = 0; i < a.client_ids.size(); ++i) {
      const auto& id = a.client_ids[i];
      if (consented->count(id) || !listed.insert(id).second) continue;
      out.push_back({id, i < a.client_names.size() ? a.client_names[i] : "", a.id, a.start, mode});
    }
  }
  audit::Event e = audit::ByPrincipal(who, "consent.missing_list", "client", client_id.value_or(""), caller.ip,
                                      caller.request_id, client_id.value_or(""));
  e.detail = std::to_string(out.size()) + " clients";
  if (auto st = audit::AppendNow(db_, e, now); !st) return tl::unexpected(st.error());
  return out;
}

}  // namespace duet::documents
