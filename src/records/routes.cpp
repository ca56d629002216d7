// HTTP/JSON mapping for the record: parse strictly, one service call, map the result.
#include "records/routes.hpp"

#include <charconv>

#include "platform/dates.hpp"
#include "platform/input.hpp"
#include "platform/problem.hpp"
#include "records/rules.hpp"

namespace duet::records {
namespace {
using nlohmann::json;

Origin OriginOf(const Context& ctx) { return Origin{ctx.remote_ip, ctx.request_id}; }

std::vector<std::string> StringList(Input& in, std::string_view field) {
  std::vector<std::string> out;
  const auto* list = in.OptionalArray(field);
  if (!list) return out;
  for (const auto& x : *list) {
    if (!x.is_string() || x.get_ref<const std::string&>().size() > 200) {
      in.AddError(in.Path(field), "Must be a list of short strings.");
      return {};
    }
    out.push_back(x.get<std::string>());
  }
  return out;
}

// A template from a request body, read as strictly as every other body (wrong types and unknown
// fields are field problems, never a failure). The server numbers versions: `version` and
// `built_in` are accepted (the app sends back what it read) and ignored.
std::optional<Template> ReadTemplate(Input& in) {
  Template t;
  t.key = in.RequiredString("key", 64);
  (void)in.OptionalInt("version", 0, 1000000);
  (void)in.OptionalBool("built_in");
  t.name = in.RequiredString("name", 200);
  if (auto kind = in.OptionalString("kind", 20)) {
    if (auto k = ParseNoteKind(*kind)) t.kind = *k;
    else in.AddError(in.Path("kind"), "Must be progress or psychotherapy.");
  }
  t.disciplines = StringList(in, "disciplines");
  if (const auto* sections = in.OptionalArray("sections")) {
    for (std::size_t i = 0; i < sections->size(); ++i) {
      std::string at = "sections[" + std::to_string(i) + "].";
      Input sec((*sections)[i], {"id", "title", "fields"}, at, in);
      SectionDef def;
      def.id = sec.RequiredString("id", 64);
      def.title = sec.OptionalString("title", 200).value_or("");
      if (const auto* fields = sec.OptionalArray("fields")) {
        for (std::size_t j = 0; j < fields->size(); ++j) {
          Input f((*fields)[j], {"id", "label", "type", "required", "options", "columns", "instruments", "min", "max"},
                  at + "fields[" + std::to_string(j) + "].", in);
          FieldDef d;
          d.id = f.RequiredString("id", 64);
          d.label = f.OptionalString("label", 300).value_or("");
          std::string type = f.RequiredString("type", 20);
          if (auto ft = ParseFieldType(type)) d.type = *ft;
          else if (!type.empty()) f.AddError(f.Path("type"), "Not a field type.");
          d.required = f.OptionalBool("required").value_or(false);
          d.options = StringList(f, "options");
          d.columns = StringList(f, "columns");
          d.instruments = StringList(f, "instruments");
          d.min = f.OptionalNumber("min").value_or(0.0);
          d.max = f.OptionalNumber("max").value_or(10.0);
          def.fields.push_back(std::move(d));
        }
      }
      t.sections.push_back(std::move(def));
    }
  }
  if (!in.ok()) return std::nullopt;
  return t;
}

json SignatureJson(const std::optional<Signature>& s) {
  if (!s) return nullptr;
  return {{"user_id", s->user_id}, {"name", s->name}, {"at", FormatTimestamp(s->at)}, {"hash", s->hash}};
}

json NoteMeta(const Note& n) {
  return {{"id", n.id},
          {"client_id", n.client_id},
          {"appointment_id", n.appointment_id.empty() ? json(nullptr) : json(n.appointment_id)},
          {"author", {{"user_id", n.author_user_id}, {"name", n.author_name}}},
          {"kind", NoteKindName(n.kind)},
          {"template", {{"key", n.template_key}, {"version", n.template_version}}},
          {"status", n.status == NoteStatus::kSigned ? "signed" : "draft"},
          {"created_at", FormatTimestamp(n.created_at)},
          {"updated_at", FormatTimestamp(n.updated_at)},
          {"version", n.version},
          {"signature", SignatureJson(n.signature)},
          {"cosign_required", n.cosign_required},
          {"cosignature", SignatureJson(n.cosignature)}};
}

json ViewJson(const NoteView& v) {
  json out = NoteMeta(v.note);
  out["content"] = json::parse(v.note.content_json, nullptr, false);
  out["visit"] = json::parse(v.note.visit_json, nullptr, false);
  json addenda = json::array();
  for (const auto& a : v.addenda)
    addenda.push_back({{"id", a.id}, {"author", {{"user_id", a.author_user_id}, {"name", a.author_name}}}, {"text", a.text},
                       {"created_at", FormatTimestamp(a.created_at)}, {"hash", a.hash}});
  out["addenda"] = addenda;
  out["can"] = {{"edit", v.access.edit}, {"sign", v.access.edit}, {"addend", v.access.addend}, {"cosign", v.access.cosign}};
  return out;
}

http::Response NoteResponse(const Result<NoteView>& r, const Context& ctx, int status = 200) {
  return r ? JsonResponse(status, ViewJson(*r)) : ToProblem(r.error(), ctx.request_id);
}

}  // namespace

void RegisterRoutes(Router& router, Service& service) {
  Service& s = service;
  router.Add({"GET", "/api/v1/note-templates", "notes.read", "Note templates: built-in ones and the practice's own versions", "records",
              [&s](Context& ctx, const http::Request&) {
                auto r = s.Templates(ctx.Who());
                if (!r) return ToProblem(r.error(), ctx.request_id);
                json items = json::array();
                for (const auto& t : *r) items.push_back(json::parse(TemplateToJson(t)));
                return JsonResponse(200, {{"items", items}});
              }, ""});
  router.Add({"GET", "/api/v1/note-templates/{key}", "notes.read",
              "One note template: the newest in use, or ?version= (the version a note was written with)", "records",
              [&s](Context& ctx, const http::Request& req) {
                std::optional<int> version;
                if (auto q = req.QueryParam("version"); q && !q->empty()) {
                  int v = 0;
                  if (std::from_chars(q->data(), q->data() + q->size(), v).ec != std::errc() || v < 1)
                    return ToProblem(Error{ErrorCode::kInvalid, "version is a version number.", {}, "version", {}, {}}, ctx.request_id);
                  version = v;
                }
                auto r = s.GetTemplate(ctx.Who(), std::string(ctx.Param("key")), version);
                return r ? JsonResponse(200, json::parse(TemplateToJson(*r))) : ToProblem(r.error(), ctx.request_id);
              }, ""});
  router.Add({"POST", "/api/v1/note-templates", "notes.templates",
              "Save a practice's copy or adaptation of a template (the next version of its key); notes keep their version",
              "records", [&s](Context& ctx, const http::Request& req) {
                Input in(req.body, {"key", "version", "kind", "name", "disciplines", "sections", "built_in"});
                auto t = ReadTemplate(in);
                if (!t) return InvalidProblem(in.errors(), ctx.request_id);
                auto r = s.SaveTemplate(ctx.Who(), std::move(*t), OriginOf(ctx));
                return r ? JsonResponse(201, json::parse(TemplateToJson(*r))) : ToProblem(r.error(), ctx.request_id);
              }, ""});
  router.Add({"GET", "/api/v1/notes", "notes.read", "A client's notes the caller may read (?client_id=), without content", "records",
              [&s](Context& ctx, const http::Request& req) {
                auto client = req.QueryParam("client_id");
                if (!client || client->empty())
                  return ToProblem(Error{ErrorCode::kInvalid, "Say whose notes (client_id).", {}, "client_id", {}, {}}, ctx.request_id);
                auto r = s.ListNotes(ctx.Who(), std::string(*client), OriginOf(ctx));
                if (!r) return ToProblem(r.error(), ctx.request_id);
                json items = json::array();
                for (const auto& n : *r) items.push_back(NoteMeta(n));
                return JsonResponse(200, {{"items", items}});
              }, ""});
  router.Add({"POST", "/api/v1/notes", "notes.write",
              "Start a note {client_id, appointment_id?, template_key}: a draft pre-filled with the visit's facts (date, times, "
              "delivered mode, place; for telehealth the platform and where the client said they were)", "records",
              [&s](Context& ctx, const http::Request& req) {
                Input in(req.body, {"client_id", "appointment_id", "template_key"});
                NewNote n;
                n.client_id = in.RequiredString("client_id", 64);
                n.appointment_id = in.OptionalString("appointment_id", 64).value_or("");
                n.template_key = in.RequiredString("template_key", 64);
                if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
                return NoteResponse(s.StartNote(ctx.Who(), n, OriginOf(ctx)), ctx, 201);
              }, ""});
  router.Add({"GET", "/api/v1/notes/overdue", "notes.read",
              "Visits without a signed note past the practice's allowance (?clinician_id= for owners and supervisors)", "records",
              [&s](Context& ctx, const http::Request& req) {
                std::optional<std::string> clinician;
                if (auto q = req.QueryParam("clinician_id"); q && !q->empty()) clinician = std::string(*q);
                auto r = s.Overdue(ctx.Who(), clinician, OriginOf(ctx));
                if (!r) return ToProblem(r.error(), ctx.request_id);
                json items = json::array();
                for (const auto& o : *r)
                  items.push_back({{"appointment_id", o.appointment_id}, {"client_id", o.client_id}, {"clinician_id", o.clinician_id},
                                   {"visit_end", FormatTimestamp(o.end)}, {"hours_overdue", o.hours_overdue},
                                   {"note_id", o.note_id.empty() ? json(nullptr) : json(o.note_id)},
                                   {"client_name", o.client_name}, {"mode", o.mode}, {"visit_start", FormatTimestamp(o.start)}});
                return JsonResponse(200, {{"items", items}});
              }, ""});
  router.Add({"GET", "/api/v1/notes/work", "notes.read",
              "The caller's note work: visits to write up (last 30 days), drafts to finish and sign, notes waiting for their co-signature",
              "records", [&s](Context& ctx, const http::Request&) {
                auto r = s.Work(ctx.Who(), OriginOf(ctx));
                if (!r) return ToProblem(r.error(), ctx.request_id);
                json items = json::array();
                auto opt = [](const std::string& v) { return v.empty() ? json(nullptr) : json(v); };
                for (const auto& t : *r)
                  items.push_back({{"kind", t.kind}, {"client_id", t.client_id}, {"client_name", t.client_name},
                                   {"appointment_id", opt(t.appointment_id)}, {"note_id", opt(t.note_id)},
                                   {"template_key", opt(t.template_key)}, {"author_name", opt(t.author_name)}, {"mode", opt(t.mode)},
                                   {"visit_start", t.visit_start ? json(FormatTimestamp(t.visit_start)) : json(nullptr)},
                                   {"since", FormatTimestamp(t.since)},
                                   {"hours_overdue", t.hours_overdue ? json(*t.hours_overdue) : json(nullptr)}});
                return JsonResponse(200, {{"items", items}, {"next", nullptr}});
              }, ""});
  router.Add({"GET", "/api/v1/notes/{id}", "notes.read", "A note with its content, visit facts, signatures and addenda", "records",
              [&s](Context& ctx, const http::Request&) { return NoteResponse(s.GetNote(ctx.Who(), std::string(ctx.Param("id")), OriginOf(ctx)), ctx); },
              ""});
  router.Add({"PUT", "/api/v1/notes/{id}", "notes.write", "Autosave a draft: {content, version} (409 if it changed elsewhere)", "records",
              [&s](Context& ctx, const http::Request& req) {
                Input in(req.body, {"content", "version"});
                const json* content = in.OptionalObject("content");
                auto version = in.OptionalInt("version", 1, 1'000'000'000);
                if (!content) in.AddError("content", "Required.");
                if (!version) in.AddError("version", "Required.");
                if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
                return NoteResponse(s.SaveDraft(ctx.Who(), std::string(ctx.Param("id")), content->dump(), *version, OriginOf(ctx)), ctx);
              }, ""});
  router.Add({"POST", "/api/v1/notes/{id}/sign", "notes.write",
              "Sign and lock a draft {version}: records who, when and a hash of the content", "records",
              [&s](Context& ctx, const http::Request& req) {
                Input in(req.body, {"version"});
                auto version = in.OptionalInt("version", 1, 1'000'000'000);
                if (!version) in.AddError("version", "Required.");
                if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
                return NoteResponse(s.Sign(ctx.Who(), std::string(ctx.Param("id")), *version, OriginOf(ctx)), ctx);
              }, ""});
  router.Add({"POST", "/api/v1/notes/{id}/cosign", "notes.write", "Co-sign a supervisee's signed note", "records",
              [&s](Context& ctx, const http::Request&) { return NoteResponse(s.Cosign(ctx.Who(), std::string(ctx.Param("id")), OriginOf(ctx)), ctx); },
              ""});
  router.Add({"POST", "/api/v1/notes/{id}/addenda", "notes.write", "Add an addendum {text} to a signed note", "records",
              [&s](Context& ctx, const http::Request& req) {
                Input in(req.body, {"text"});
                std::string text = in.RequiredString("text", 20'000);
                if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
                return NoteResponse(s.AddAddendum(ctx.Who(), std::string(ctx.Param("id")), text, OriginOf(ctx)), ctx, 201);
              }, ""});
  router.Add({"GET", "/api/v1/record-settings", "records.settings", "When notes are due and whether supervisees' notes need co-signing",
              "records", [&s](Context& ctx, const http::Request&) {
                auto r = s.GetSettings(ctx.Who());
                return r ? JsonResponse(200, {{"notes_due_hours", r->notes_due_hours}, {"cosign_supervised", r->cosign_supervised}})
                         : ToProblem(r.error(), ctx.request_id);
              }, ""});
  router.Add({"PUT", "/api/v1/record-settings", "records.settings", "Set {notes_due_hours, cosign_supervised}", "records",
              [&s](Context& ctx, const http::Request& req) {
                Input in(req.body, {"notes_due_hours", "cosign_supervised"});
                store::Settings settings;
                settings.notes_due_hours = static_cast<int>(in.OptionalInt("notes_due_hours", 1, 720).value_or(48));
                settings.cosign_supervised = in.OptionalBool("cosign_supervised").value_or(false);
                if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
                auto r = s.PutSettings(ctx.Who(), settings, OriginOf(ctx));
                return r ? JsonResponse(200, {{"notes_due_hours", r->notes_due_hours}, {"cosign_supervised", r->cosign_supervised}})
                         : ToProblem(r.error(), ctx.request_id);
              }, ""});
}

}  // namespace duet::records
