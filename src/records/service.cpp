#include "records/service.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <unordered_map>

#include "platform/audit.hpp"
#include "platform/dates.hpp"
#include "practice/rules.hpp"
#include "records/codecs.hpp"
#include "records/rules.hpp"
#include "scheduling/rules.hpp"

namespace duet::records {
namespace {
using nlohmann::json;

audit::Event NoteEvent(const Principal& who, std::string action, const Note& n, const Origin& origin) {
  return audit::ByPrincipal(who, std::move(action), "note", n.id, origin.ip, origin.request_id, n.client_id);
}

std::vector<std::string> Strings(const json& j) {
  std::vector<std::string> out;
  if (j.is_array())
    for (const auto& x : j)
      if (x.is_string()) out.push_back(x.get<std::string>());
  return out;
}

std::string Context(const std::string& kind, const std::string& id) { return kind + ":" + id; }

}  // namespace

Result<Template> TemplateFromJson(std::string_view text) {
  codec::Problems problems;
  Template t = codec::Decode<Template>(text, problems);
  if (!problems.empty())
    return tl::unexpected(codec::Invalid(std::move(problems), "The template definition is not valid."));
  if (auto issues = ValidateTemplate(t); !issues.empty())
    return practice::InvalidFields(issues, "The template definition is not valid.");
  return t;
}

std::string TemplateToJson(const Template& t) { return codec::Encode(t).dump(); }

Result<Content> ContentFromJson(const Template& t, std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return Fail(ErrorCode::kInvalid, "Note content is a JSON object of fields.", {}, "content");
  std::vector<practice::FieldIssue> issues;
  Content out;
  std::map<std::string, FieldType> types;
  for (const auto& s : t.sections)
    for (const auto& f : s.fields) types[s.id + "." + f.id] = f.type;
  for (const auto& [name, value] : j.items()) {
    auto it = types.find(name);
    if (it == types.end()) {
      issues.push_back({name, "This template has no such field."});
      continue;
    }
    if (value.is_null()) continue;
    FieldValue v;
    bool ok = true;
    switch (it->second) {
      case FieldType::kText:
      case FieldType::kChoice:
      case FieldType::kDate:
        ok = value.is_string();
        if (ok) v.text = value.get<std::string>();
        break;
      case FieldType::kNumber:
      case FieldType::kScale:
        ok = value.is_number();
        if (ok) v.number = value.get<double>();
        break;
      case FieldType::kMultiChoice:
      case FieldType::kDiagnosis:
      case FieldType::kMeasure:
        ok = value.is_array() && std::all_of(value.begin(), value.end(), [](const json& x) { return x.is_string(); });
        if (ok) v.items = Strings(value);
        break;
      case FieldType::kTable:
        ok =
            value.is_array() && std::all_of(value.begin(), value.end(), [](const json& row) {
              return row.is_array() && std::all_of(row.begin(), row.end(), [](const json& x) { return x.is_string(); });
            });
        if (ok)
          for (const auto& row : value) v.rows.push_back(Strings(row));
        break;
    }
    if (!ok) {
      issues.push_back(
          {name, std::string("Expected a value for a ") + std::string(FieldTypeName(it->second)) + " field."});
      continue;
    }
    out[name] = std::move(v);
  }
  if (!issues.empty()) return practice::InvalidFields(issues);
  return out;
}

Service::Service(db::Database& db, const Clock& clock, identity::Service& identity, practice::Service& directory,
                 scheduling::Service& scheduling, telehealth::Service& telehealth, documents::Service& documents,
                 measures::Service& measures, std::string_view built_in_json)
    : db_(db),
      clock_(clock),
      identity_(identity),
      directory_(directory),
      scheduling_(scheduling),
      telehealth_(telehealth),
      documents_(documents),
      measures_(measures) {
  // Shipped templates are data: one that does not read stops the start, naming it and its problem.
  json all = json::parse(built_in_json, nullptr, false);
  if (!all.is_array()) throw std::runtime_error("data/note_templates.json: not a JSON list of templates");
  for (std::size_t i = 0; i < all.size(); ++i) {
    auto t = TemplateFromJson(all[i].dump());
    if (!t) {
      const auto& e = t.error();
      std::string where =
          e.field_errors.empty() ? e.field : e.field_errors.front().first + ": " + e.field_errors.front().second;
      throw std::runtime_error("data/note_templates.json: template " + std::to_string(i) + " (" +
                               all[i].value("key", "?") + "): " + e.public_message + " " + where);
    }
    built_in_.push_back(std::move(*t));
  }
}

// ---- keys ----

Result<std::string> Service::SealFor(const std::string& practice_id, const std::string& text,
                                     const std::string& context) {
  auto key = identity_.DataKeyFor(practice_id);
  if (!key) return tl::unexpected(key.error());
  return key->Seal(text, context);
}

Result<std::string> Service::OpenFor(const std::string& practice_id, const std::string& sealed,
                                     const std::string& context) {
  auto key = identity_.DataKeyFor(practice_id);
  if (!key) return tl::unexpected(key.error());
  return key->Open(sealed, context);
}

// ---- templates ----

std::map<std::string, NoteKind> Service::KindsByKey(const std::vector<store::StoredTemplate>& stored) const {
  // A key's kind is the kind of its first version: the built-in's, else the practice's first.
  std::map<std::string, NoteKind> kinds;
  for (const auto& b : built_in_) kinds.emplace(b.key, b.kind);
  for (const auto& s : stored) {
    if (kinds.contains(s.key)) continue;
    if (auto t = TemplateFromJson(s.definition)) kinds.emplace(s.key, t->kind);
  }
  return kinds;
}

std::optional<Template> Service::StoredToTemplate(const store::StoredTemplate& s, const std::string& practice_id,
                                                  const std::map<std::string, NoteKind>& kinds) const {
  auto t = TemplateFromJson(s.definition);
  if (!t) return std::nullopt;
  t->key = s.key;
  t->version = s.version;
  t->practice_id = practice_id;
  // Versions saved before the kind was fixed per key keep their key's kind (a psychotherapy note
  // template cannot have become a progress note one, nor the reverse).
  if (auto k = kinds.find(s.key); k != kinds.end()) t->kind = k->second;
  return std::optional<Template>(std::move(*t));
}

Result<std::vector<Template>> Service::Templates(const Principal& who) {
  auto stored = db_.Read([&](db::Connection& c) { return store::ListTemplates(c, who.practice_id); });
  if (!stored) return tl::unexpected(stored.error());
  auto kinds = KindsByKey(*stored);
  // The newest version of each built-in template (older ones stay readable for the notes written with them).
  std::vector<Template> out;
  for (const auto& b : built_in_) {
    auto same = std::find_if(out.begin(), out.end(), [&](const Template& x) { return x.key == b.key; });
    if (same == out.end())
      out.push_back(b);
    else if (same->version < b.version)
      *same = b;
  }
  for (const auto& s : *stored) {
    auto t = StoredToTemplate(s, who.practice_id, kinds);
    if (!t) continue;
    // The practice's newest version of a key replaces older ones (and the built-in) in the list.
    out.erase(std::remove_if(out.begin(), out.end(), [&](const Template& x) { return x.key == t->key; }), out.end());
    out.push_back(std::move(*t));
  }
  return out;
}

Result<Template> Service::GetTemplate(const Principal& who, const std::string& key, std::optional<int> version) {
  auto t = FindTemplate(who.practice_id, key, version);
  if (!t && t.error().code == ErrorCode::kInvalid) return Fail(ErrorCode::kNotFound, "There is no such note template.");
  return t;
}

Result<Template> Service::SaveTemplate(const Principal& who, Template t, const Origin& origin) {
  if (auto issues = ValidateTemplate(t); !issues.empty())
    return practice::InvalidFields(issues, "The template definition is not valid.");
  EpochSeconds now = clock_.Now();
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    // Read inside the write so that two saves of one key cannot take the same version.
    auto stored = store::ListTemplates(c, who.practice_id);
    if (!stored) return tl::unexpected(stored.error());
    auto kinds = KindsByKey(*stored);
    auto first = kinds.find(t.key);
    if (auto r = KeepsKind(first == kinds.end() ? std::nullopt : std::optional<NoteKind>(first->second), t.kind); !r)
      return r;
    int latest = 0;
    for (const auto& b : built_in_)
      if (b.key == t.key) latest = std::max(latest, b.version);
    for (const auto& x : *stored)
      if (x.key == t.key) latest = std::max(latest, x.version);
    t.version = latest + 1;
    t.practice_id = who.practice_id;
    if (auto r = store::InsertTemplate(c, who.practice_id, {t.key, t.version, TemplateToJson(t)}, who.user_id, now); !r)
      return r;
    return audit::Append(
        c, audit::ByPrincipal(who, "note_template.save", "note_template", t.key, origin.ip, origin.request_id), now);
  });
  if (!st) return tl::unexpected(st.error());
  return t;
}

Result<Template> Service::FindTemplate(const std::string& practice_id, const std::string& key,
                                       std::optional<int> version) {
  auto stored = db_.Read([&](db::Connection& c) { return store::ListTemplates(c, practice_id); });
  if (!stored) return tl::unexpected(stored.error());
  auto kinds = KindsByKey(*stored);
  std::optional<Template> best;
  for (const auto& b : built_in_)
    if (b.key == key && (version ? b.version == *version : !best || b.version > best->version)) best = b;
  for (const auto& s : *stored)
    if (s.key == key && (!version || s.version == *version))
      if (auto t = StoredToTemplate(s, practice_id, kinds)) best = std::move(*t);
  if (!best) return Fail(ErrorCode::kInvalid, "There is no such note template.", {}, "template_key");
  return *best;
}

// ---- notes ----

Result<std::string> Service::VisitFacts(const Principal& who, const NewNote& request, const Origin& origin,
                                        bool joint) {
  if (request.appointment_id.empty()) return json::object().dump();
  auto a = scheduling_.GetAppointment(who, request.appointment_id, origin);
  if (!a) return tl::unexpected(a.error());
  if (std::find(a->client_ids.begin(), a->client_ids.end(), request.client_id) == a->client_ids.end())
    return Fail(ErrorCode::kInvalid, "That visit is not this client's.", {}, "appointment_id");
  if (joint && scheduling::IsJoint(*a)) {
    // The joining clinician's part: by video into the in-person visit, the client at the clinic (not at home);
    // licensed for telehealth there (checked when booked and again when they joined); the booked length.
    auto local = scheduling::ToLocal(a->start, a->time_zone);
    json facts = {{"date", FormatDate(local.date)},
                  {"start", FormatTimestampIn(a->start, a->time_zone)},
                  {"end", FormatTimestampIn(a->end, a->time_zone)},
                  {"time_zone", a->time_zone},
                  {"mode", "video"},
                  {"joint", true},
                  {"platform", "Duet video (end-to-end between browsers; not recorded)"},
                  {"delivered_mode", "video"},
                  {"client_at_home", false},
                  {"licensure_allowed", true},
                  {"minutes", (a->end - a->start) / 60}};
    std::string place = "the clinic";
    if (auto places = scheduling_.ListLocations(who))
      for (const auto& l : *places)
        if (l.id == a->location_id) place = l.name;
    facts["place"] = "Telehealth, joining the in-person visit at " + place;
    auto consent = documents_.TelehealthConsentSigned(who.practice_id, request.client_id);
    facts["telehealth_consent"] = consent && *consent ? json("signed " + FormatDate(DateOf(**consent))) : json(nullptr);
    return facts.dump();
  }
  auto local_start = scheduling::ToLocal(a->start, a->time_zone);
  json facts = {{"date", FormatDate(local_start.date)},
                {"start", FormatTimestampIn(a->start, a->time_zone)},
                {"end", FormatTimestampIn(a->end, a->time_zone)},
                {"time_zone", a->time_zone},
                {"mode", scheduling::VisitModeName(a->mode)}};
  if (scheduling::IsTelehealth(a->mode)) {
    facts["place"] = "Telehealth";
    facts["platform"] = "Duet video (end-to-end between browsers; not recorded)";
    auto consent = documents_.TelehealthConsentSigned(who.practice_id, request.client_id);
    facts["telehealth_consent"] = consent && *consent ? json("signed " + FormatDate(DateOf(**consent))) : json(nullptr);
    if (auto v = telehealth_.GetVisit(who, a->id, origin)) {
      facts["client_stated_state"] = v->client_stated_state.empty() ? json(nullptr) : json(v->client_stated_state);
      facts["licensure_allowed"] = v->licensure_allowed ? json(*v->licensure_allowed) : json(nullptr);
      facts["client_at_home"] = v->client_at_home ? json(*v->client_at_home) : json(nullptr);
      facts["delivered_mode"] = v->delivered_mode.empty() ? json(nullptr) : json(v->delivered_mode);
      facts["minutes"] = v->minutes ? json(*v->minutes) : json(nullptr);
      if (v->minutes) facts["audio_minutes"] = (v->audio_only_seconds + 30) / 60;
      if (v->started_at) facts["start"] = FormatTimestampIn(*v->started_at, a->time_zone);
      if (v->ended_at) facts["end"] = FormatTimestampIn(*v->ended_at, a->time_zone);
    }
  } else {
    auto places = scheduling_.ListLocations(who);
    if (places)
      for (const auto& l : *places)
        if (l.id == a->location_id) facts["place"] = l.name + (l.address.empty() ? "" : " — " + l.address);
    facts["delivered_mode"] = "in_person";
    facts["minutes"] = (a->end - a->start) / 60;
  }
  return facts.dump();
}

Result<NoteView> Service::StartNote(const Principal& who, const NewNote& request, const Origin& origin) {
  auto t = FindTemplate(who.practice_id, request.template_key, std::nullopt);
  if (!t) return tl::unexpected(t.error());
  auto view = directory_.ChartView(who, request.client_id);
  if (!view) return tl::unexpected(view.error());
  if (!(who.role == Role::kOwner || who.role == Role::kClinician || who.role == Role::kSupervisor) ||
      *view != practice::ClientView::kFull)
    return Fail(ErrorCode::kForbidden, "Only the client's clinicians, their supervisors and the owner write notes.");
  // The joint clinician of a joint visit writes the note of their own part.
  bool joint = false;
  if (!request.appointment_id.empty()) {
    auto visit = scheduling_.FindAppointment(who.practice_id, request.appointment_id);
    if (visit && scheduling::IsJoint(*visit)) {
      auto me = directory_.ClinicianOfUser(who.practice_id, who.user_id);
      if (!me) return tl::unexpected(me.error());
      joint = *me && (*me)->id == visit->joint_clinician_id;
    }
  }
  auto facts = VisitFacts(who, request, origin, joint);
  if (!facts) return tl::unexpected(facts.error());
  // Table fields some other part of the chart already knows (the medication list) start filled in.
  nlohmann::json start = nlohmann::json::object();
  for (const auto& s : t->sections)
    for (const auto& f : s.fields)
      for (const auto& [field_id, fill] : table_prefills_) {
        if (f.type != FieldType::kTable || f.id != field_id) continue;
        auto rows = fill(who, request.client_id, f.columns, origin);
        if (!rows) return tl::unexpected(rows.error());
        if (!rows->empty()) start[s.id + "." + f.id] = *rows;
      }
  EpochSeconds now = clock_.Now();
  Note n;
  n.id = crypto::NewId();
  n.practice_id = who.practice_id;
  n.client_id = request.client_id;
  n.appointment_id = request.appointment_id;
  n.author_user_id = who.user_id;
  n.author_name = who.display_name;
  n.kind = t->kind;
  n.template_key = t->key;
  n.template_version = t->version;
  n.joint = joint;
  n.created_at = n.updated_at = now;
  auto content = SealFor(who.practice_id, start.dump(), Context("note", n.id));
  auto visit = SealFor(who.practice_id, *facts, Context("note-visit", n.id));
  if (!content || !visit) return tl::unexpected(content ? visit.error() : content.error());
  Note stored = n;
  stored.content_json = *content;
  stored.visit_json = *visit;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (!n.appointment_id.empty() && n.kind == NoteKind::kProgress) {
      auto existing = store::NotesForVisits(c, who.practice_id, {n.appointment_id});
      if (!existing) return tl::unexpected(existing.error());
      if (std::any_of(existing->begin(), existing->end(), [&](const Note& e) { return e.joint == n.joint; }))
        return Fail(ErrorCode::kConflict, "This visit already has a note; open it from the chart.");
    }
    if (auto r = store::InsertNote(c, stored); !r) {
      // The unique index decides when two requests race past the check above.
      if (r.error().code == ErrorCode::kConflict)
        return Fail(ErrorCode::kConflict, "This visit already has a note; open it from the chart.",
                    r.error().internal_detail);
      return r;
    }
    return audit::Append(c, NoteEvent(who, "note.create", n, origin), now);
  });
  if (!st) return tl::unexpected(st.error());
  n.content_json = start.dump();
  n.visit_json = *facts;
  return NoteView{n, {}, DecideNoteAccess(who.role, *view, true, false, TeamConsent{}, n)};
}

Result<TeamConsent> Service::TeamSharesNotes(const std::string& practice_id, const std::string& client_id) {
  if (!note_sharing_) return TeamConsent{};
  return note_sharing_(practice_id, client_id);
}

Result<NoteView> Service::Load(const Principal& who, const std::string& id, bool with_content) {
  auto found = db_.Read([&](db::Connection& c) { return store::FindNote(c, who.practice_id, id); });
  if (!found) return tl::unexpected(found.error());
  if (!*found) return Fail(ErrorCode::kNotFound, "No such note.");
  Note n = std::move(**found);
  auto view = directory_.ChartView(who, n.client_id);
  if (!view) return tl::unexpected(view.error());
  bool supervises = false;
  if (auto author = directory_.ClinicianOfUser(who.practice_id, n.author_user_id); author && *author)
    supervises = !(*author)->supervisor_user_id.empty() && (*author)->supervisor_user_id == who.user_id;
  auto shares = TeamSharesNotes(who.practice_id, n.client_id);
  if (!shares) return tl::unexpected(shares.error());
  NoteView out{n, {}, DecideNoteAccess(who.role, *view, n.author_user_id == who.user_id, supervises, *shares, n)};
  if (!out.access.read) {
    audit::Event denied = NoteEvent(who, "note.read", n, Origin{});
    denied.outcome = "denied";
    audit::AppendOrReport(db_, denied, clock_.Now());
    return Fail(ErrorCode::kNotFound, "No such note.");  // do not confirm that a note exists
  }
  if (!with_content) return out;
  auto content = OpenFor(who.practice_id, n.content_json, Context("note", n.id));
  auto visit = OpenFor(who.practice_id, n.visit_json, Context("note-visit", n.id));
  if (!content || !visit) return tl::unexpected(content ? visit.error() : content.error());
  out.note.content_json = *content;
  out.note.visit_json = *visit;
  auto addenda = db_.Read([&](db::Connection& c) { return store::ListAddenda(c, who.practice_id, n.id); });
  if (!addenda) return tl::unexpected(addenda.error());
  for (auto& a : *addenda) {
    auto text = OpenFor(who.practice_id, a.text, Context("addendum", a.id));
    if (!text) return tl::unexpected(text.error());
    a.text = *text;
  }
  out.addenda = std::move(*addenda);
  return out;
}

Result<NoteView> Service::GetNote(const Principal& who, const std::string& id, const Origin& origin) {
  auto v = Load(who, id, true);
  if (!v || origin.audited_as_one) return v;
  if (auto st = audit::AppendNow(db_, NoteEvent(who, "note.read", v->note, origin), clock_.Now()); !st)
    return tl::unexpected(st.error());
  return v;
}

Result<std::vector<Note>> Service::ListNotes(const Principal& who, const std::string& client_id, const Origin& origin) {
  auto view = directory_.ChartView(who, client_id);
  if (!view) return tl::unexpected(view.error());
  auto all = db_.Read([&](db::Connection& c) { return store::ListNotes(c, who.practice_id, client_id); });
  if (!all) return tl::unexpected(all.error());
  auto shares = TeamSharesNotes(who.practice_id, client_id);
  if (!shares) return tl::unexpected(shares.error());
  std::vector<Note> out;
  std::unordered_map<std::string, bool> supervised;  // author → the reader supervises them
  for (auto& n : *all) {
    auto [it, fresh] = supervised.try_emplace(n.author_user_id, false);
    if (fresh && who.role == Role::kSupervisor)
      if (auto author = directory_.ClinicianOfUser(who.practice_id, n.author_user_id); author && *author)
        it->second = (*author)->supervisor_user_id == who.user_id;
    if (DecideNoteAccess(who.role, *view, n.author_user_id == who.user_id, it->second, *shares, n).read)
      out.push_back(std::move(n));
  }
  if (origin.audited_as_one) return out;
  audit::Event e = audit::ByPrincipal(who, "note.list", "client", client_id, origin.ip, origin.request_id, client_id);
  if (auto st = audit::AppendNow(db_, e, clock_.Now()); !st) return tl::unexpected(st.error());
  return out;
}

Result<std::vector<Note>> Service::RecordNotes(const Principal& who, const std::string& client_id,
                                               const Origin& origin) {
  auto all = ListNotes(who, client_id, origin);
  if (!all) return all;
  std::erase_if(*all,
                [](const Note& n) { return n.kind != NoteKind::kProgress; });  // 45 CFR 164.501: not part of the record
  return all;
}

Result<NoteView> Service::SaveDraft(const Principal& who, const std::string& id, const std::string& content_json,
                                    std::int64_t version, const Origin& origin) {
  auto v = Load(who, id, false);
  if (!v) return v;
  if (auto ch = MayChange(v->note); !ch) return tl::unexpected(ch.error());
  if (!v->access.edit) return Fail(ErrorCode::kForbidden, "Only the note's author changes a draft.");
  auto t = FindTemplate(who.practice_id, v->note.template_key, v->note.template_version);
  if (!t) return tl::unexpected(t.error());
  auto content = ContentFromJson(*t, content_json);
  if (!content) return tl::unexpected(content.error());
  if (auto issues = ValidateContent(*t, *content, false); !issues.empty()) return practice::InvalidFields(issues);
  if (auto st = CheckMeasureEmbeds(*t, *content, v->note); !st) return tl::unexpected(st.error());
  std::string canonical = json::parse(content_json).dump();
  auto sealed = SealFor(who.practice_id, canonical, Context("note", id));
  if (!sealed) return tl::unexpected(sealed.error());
  EpochSeconds now = clock_.Now();
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto ok = store::UpdateDraft(c, who.practice_id, id, *sealed, version, now);
    if (!ok) return tl::unexpected(ok.error());
    if (!*ok)
      return Fail(ErrorCode::kConflict, "The note changed elsewhere (another tab?). Reload it before saving again.");
    return audit::Append(c, NoteEvent(who, "note.update", v->note, origin), now);
  });
  if (!st) return tl::unexpected(st.error());
  return Load(who, id, true);
}

Status Service::CheckMeasureEmbeds(const Template& t, const Content& content, const Note& note) {
  std::vector<practice::FieldIssue> issues;
  for (const auto& section : t.sections)
    for (const auto& f : section.fields) {
      auto it = f.type == FieldType::kMeasure ? content.find(section.id + "." + f.id) : content.end();
      if (it == content.end()) continue;
      auto st = measures_.CheckResponses(note.practice_id, note.client_id, it->second.items);
      if (!st && st.error().code != ErrorCode::kInvalid) return st;
      if (!st) issues.push_back({it->first, st.error().public_message});
    }
  if (!issues.empty()) return practice::InvalidFields(issues);
  return {};
}

Result<NoteView> Service::Sign(const Principal& who, const std::string& id, std::int64_t version,
                               const Origin& origin) {
  auto v = Load(who, id, true);
  if (!v) return v;
  if (auto may = MaySign(v->note); !may) return tl::unexpected(may.error());
  if (!v->access.edit) return Fail(ErrorCode::kForbidden, "Only the note's author signs it.");
  if (v->note.version != version)
    return Fail(ErrorCode::kConflict, "The note changed since you opened it. Reload before signing.");
  auto t = FindTemplate(who.practice_id, v->note.template_key, v->note.template_version);
  if (!t) return tl::unexpected(t.error());
  auto content = ContentFromJson(*t, v->note.content_json);
  if (!content) return tl::unexpected(content.error());
  if (auto issues = ValidateContent(*t, *content, true); !issues.empty())
    return practice::InvalidFields(issues, "Fill the required fields before signing.");
  auto settings = db_.Read([&](db::Connection& c) { return store::GetSettings(c, who.practice_id); });
  if (!settings) return tl::unexpected(settings.error());
  bool cosign = false;
  if (settings->cosign_supervised && v->note.kind == NoteKind::kProgress)
    if (auto me = directory_.ClinicianOfUser(who.practice_id, who.user_id); me && *me)
      cosign = !(*me)->supervisor_user_id.empty();
  EpochSeconds now = clock_.Now();
  const Note& n = v->note;
  Signature s{who.user_id, who.display_name, now,
              crypto::HashHex(n.id + "\n" + n.template_key + "@" + std::to_string(n.template_version) + "\n" +
                              n.content_json + "\n" + n.visit_json + "\n" + who.user_id + "\n" + std::to_string(now))};
  std::vector<SignedWrite> follow_ups;
  if (n.kind == NoteKind::kProgress)
    for (const auto& hook : signed_hooks_) {
      auto write = hook(who, n, now);
      if (!write) return tl::unexpected(write.error());
      if (*write) follow_ups.push_back(std::move(*write));
    }
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto ok = store::Sign(c, who.practice_id, id, version, s, cosign);
    if (!ok) return tl::unexpected(ok.error());
    if (!*ok) return Fail(ErrorCode::kConflict, "The note changed since you opened it. Reload before signing.");
    for (const auto& write : follow_ups)
      if (auto done = write(c); !done) return done;
    return audit::Append(c, NoteEvent(who, "note.sign", n, origin), now);
  });
  if (!st) return tl::unexpected(st.error());
  return Load(who, id, true);
}

Result<NoteView> Service::Cosign(const Principal& who, const std::string& id, const Origin& origin) {
  auto v = Load(who, id, true);
  if (!v) return v;
  if (auto may = MayCosign(v->note); !may) return tl::unexpected(may.error());
  if (!v->access.cosign) return Fail(ErrorCode::kForbidden, "Only the author's supervisor co-signs.");
  EpochSeconds now = clock_.Now();
  Signature s{who.user_id, who.display_name, now,
              crypto::HashHex(v->note.signature->hash + "\n" + who.user_id + "\n" + std::to_string(now))};
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto ok = store::Cosign(c, who.practice_id, id, s);
    if (!ok) return tl::unexpected(ok.error());
    if (!*ok) return FailRule("cosign", "This note is already co-signed.");
    return audit::Append(c, NoteEvent(who, "note.cosign", v->note, origin), now);
  });
  if (!st) return tl::unexpected(st.error());
  return Load(who, id, true);
}

Result<NoteView> Service::MarkPart2(const Principal& who, const std::string& id, bool part2, const Origin& origin) {
  auto v = Load(who, id, false);
  if (!v) return v;
  if (v->note.author_user_id != who.user_id && who.role != Role::kOwner)
    return Fail(ErrorCode::kForbidden, "The note's author (or the owner) marks it.");
  EpochSeconds now = clock_.Now();
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto ok = store::SetPart2(c, who.practice_id, id, part2);
    if (!ok) return tl::unexpected(ok.error());
    if (!*ok) return Fail(ErrorCode::kNotFound, "No such note.");
    return audit::Append(c, NoteEvent(who, part2 ? "note.part2" : "note.not_part2", v->note, origin), now);
  });
  if (!st) return tl::unexpected(st.error());
  return Load(who, id, true);
}

Result<NoteView> Service::AddAddendum(const Principal& who, const std::string& id, const std::string& text,
                                      const Origin& origin) {
  if (text.empty()) return Fail(ErrorCode::kInvalid, "Write the addendum.", {}, "text");
  auto v = Load(who, id, false);
  if (!v) return v;
  if (v->note.status != NoteStatus::kSigned)
    return FailRule("draft", "Change the draft itself; addenda are for signed notes.");
  if (!v->access.addend) return Fail(ErrorCode::kForbidden, "You may not add to this note.");
  EpochSeconds now = clock_.Now();
  Addendum a{crypto::NewId(), id, who.user_id, who.display_name, "", now, ""};
  a.hash = crypto::HashHex(a.id + "\n" + id + "\n" + v->note.signature->hash + "\n" + text + "\n" + who.user_id + "\n" +
                           std::to_string(now));
  auto sealed = SealFor(who.practice_id, text, Context("addendum", a.id));
  if (!sealed) return tl::unexpected(sealed.error());
  a.text = *sealed;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto r = store::InsertAddendum(c, who.practice_id, a); !r) return r;
    return audit::Append(c, NoteEvent(who, "note.addendum", v->note, origin), now);
  });
  if (!st) return tl::unexpected(st.error());
  return Load(who, id, true);
}

Result<std::vector<OverdueVisit>> Service::Overdue(const Principal& who, const std::optional<std::string>& clinician_id,
                                                   const Origin& origin) {
  std::optional<std::string> whose = clinician_id;
  if (!whose) {
    auto me = directory_.ClinicianOfUser(who.practice_id, who.user_id);
    if (!me) return tl::unexpected(me.error());
    if (*me)
      whose = (*me)->id;
    else if (who.role != Role::kOwner)
      return std::vector<OverdueVisit>{};
  }
  if (whose && who.role != Role::kOwner) {
    auto k = directory_.GetClinician(who, *whose);
    if (!k) return tl::unexpected(k.error());
    if (k->user_id != who.user_id && k->supervisor_user_id != who.user_id)
      return Fail(ErrorCode::kForbidden, "You see your own overdue notes and your supervisees'.");
  }
  EpochSeconds now = clock_.Now();
  auto settings = db_.Read([&](db::Connection& c) { return store::GetSettings(c, who.practice_id); });
  if (!settings) return tl::unexpected(settings.error());
  auto visits = scheduling_.ListAppointments(who, whose, std::nullopt, now - 30 * 86400, now, origin);
  if (!visits) return tl::unexpected(visits.error());
  std::vector<std::string> ids;
  for (const auto& a : *visits) ids.push_back(a.id);
  auto notes = db_.Read([&](db::Connection& c) { return store::NotesForVisits(c, who.practice_id, ids); });
  if (!notes) return tl::unexpected(notes.error());
  std::vector<OverdueVisit> out;
  for (const auto& a : *visits) {
    if (a.status == "cancelled" || a.status == "late_cancelled" || a.status == "no_show" || a.end > now) continue;
    if (scheduling::IsConference(a)) continue;  // a staff meeting: a note is welcome, never overdue
    auto hours = HoursOverdue(a.end, now, settings->notes_due_hours);
    if (!hours) continue;
    // A joint visit owes a note for each clinician's part (the one asked about, or both).
    std::vector<scheduling::Appointment> parts;
    if (whose)
      parts.push_back(scheduling::PartOf(a, *whose));
    else {
      parts.push_back(a);
      if (scheduling::IsJoint(a)) parts.push_back(scheduling::JointPart(a));
    }
    for (const auto& part : parts) {
      const bool joint = part.clinician_id != a.clinician_id;
      auto note = std::find_if(notes->begin(), notes->end(),
                               [&](const Note& n) { return n.appointment_id == a.id && n.joint == joint; });
      if (note != notes->end() && note->status == NoteStatus::kSigned) continue;
      out.push_back({a.id, a.client_ids.front(), part.clinician_id, a.end, *hours, note != notes->end() ? note->id : "",
                     "", std::string(scheduling::VisitModeName(part.mode)), a.start});
    }
  }
  std::vector<std::string> client_ids;
  for (const auto& o : out) client_ids.push_back(o.client_id);
  auto names = directory_.ClientNames(who.practice_id, client_ids);
  if (!names) return tl::unexpected(names.error());
  for (auto& o : out) o.client_name = (*names)[o.client_id];
  return out;
}

Result<std::vector<NoteTask>> Service::Work(const Principal& who, const Origin& origin) {
  EpochSeconds now = clock_.Now();
  auto settings = db_.Read([&](db::Connection& c) { return store::GetSettings(c, who.practice_id); });
  if (!settings) return tl::unexpected(settings.error());
  auto me = directory_.ClinicianOfUser(who.practice_id, who.user_id);
  if (!me) return tl::unexpected(me.error());
  std::vector<scheduling::Appointment> visits;
  if (*me) {
    auto list = scheduling_.ListAppointments(who, (*me)->id, std::nullopt, now - 30 * 86400, now, origin);
    if (!list) return tl::unexpected(list.error());
    visits = std::move(*list);
  }
  std::vector<std::string> ids;
  for (const auto& a : visits) ids.push_back(a.id);
  auto existing = db_.Read([&](db::Connection& c) { return store::NotesForVisits(c, who.practice_id, ids); });
  if (!existing) return tl::unexpected(existing.error());
  auto drafts = db_.Read([&](db::Connection& c) { return store::DraftsBy(c, who.practice_id, who.user_id); });
  if (!drafts) return tl::unexpected(drafts.error());
  auto cosign = db_.Read([&](db::Connection& c) { return store::AwaitingCosignBy(c, who.practice_id, who.user_id); });
  if (!cosign) return tl::unexpected(cosign.error());

  std::vector<NoteTask> out;
  auto visit_of = [&](const std::string& id) -> const scheduling::Appointment* {
    for (const auto& a : visits)
      if (a.id == id) return &a;
    return nullptr;
  };
  auto with_visit = [&](NoteTask& t, const scheduling::Appointment* a) {
    if (!a) return;
    t.mode = std::string(scheduling::VisitModeName(a->mode));
    t.visit_start = a->start;
    t.hours_overdue = HoursOverdue(a->end, now, settings->notes_due_hours);
  };
  for (const auto& a : visits) {
    if (a.status == "cancelled" || a.status == "late_cancelled" || a.status == "no_show" || a.end > now) continue;
    if (scheduling::IsConference(a)) continue;
    const bool joint = a.joint_clinician_id == (*me)->id;  // the part of the visit that is this clinician's
    bool has_note = std::any_of(existing->begin(), existing->end(),
                                [&](const Note& n) { return n.appointment_id == a.id && n.joint == joint; });
    if (has_note) continue;
    NoteTask t{"write", a.client_ids.front(), "", a.id, "", "", "", "", 0, a.end, std::nullopt};
    with_visit(t, &a);
    out.push_back(std::move(t));
  }
  for (const auto& n : *drafts) {
    NoteTask t{"draft",       n.client_id, "", n.appointment_id, n.id,        n.template_key,
               n.author_name, "",          0,  n.created_at,     std::nullopt};
    with_visit(t, visit_of(n.appointment_id));
    out.push_back(std::move(t));
  }
  for (const auto& n : *cosign)
    out.push_back({"cosign", n.client_id, "", n.appointment_id, n.id, n.template_key, n.author_name, "", 0,
                   n.signature ? n.signature->at : n.updated_at, std::nullopt});
  std::vector<std::string> client_ids;
  for (const auto& t : out) client_ids.push_back(t.client_id);
  auto names = directory_.ClientNames(who.practice_id, client_ids);
  if (!names) return tl::unexpected(names.error());
  for (auto& t : out) t.client_name = (*names)[t.client_id];
  audit::Event e = audit::ByPrincipal(who, "note.worklist", "note", std::to_string(out.size()) + " items", origin.ip,
                                      origin.request_id);
  if (auto st = audit::AppendNow(db_, e, now); !st) return tl::unexpected(st.error());
  return out;
}

Result<store::Settings> Service::GetSettings(const Principal& who) {
  return db_.Read([&](db::Connection& c) { return store::GetSettings(c, who.practice_id); });
}

Result<store::Settings> Service::PutSettings(const Principal& who, store::Settings settings, const Origin& origin) {
  if (settings.notes_due_hours < 1 || settings.notes_due_hours > 24 * 30)
    return Fail(ErrorCode::kInvalid, "Notes are due between 1 hour and 30 days after a visit.", {}, "notes_due_hours");
  EpochSeconds now = clock_.Now();
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto r = store::PutSettings(c, who.practice_id, settings); !r) return r;
    return audit::Append(
        c, audit::ByPrincipal(who, "record_settings.update", "practice", who.practice_id, origin.ip, origin.request_id),
        now);
  });
  if (!st) return tl::unexpected(st.error());
  return settings;
}

}  // namespace duet::records
