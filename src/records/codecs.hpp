#pragma once
// The record's wire types, declared once (platform/codec.hpp). A template's codec is also the
// format templates are stored and shipped in (data/note_templates.json).
#include "platform/codec.hpp"
#include "records/model.hpp"
#include "records/service.hpp"
#include "records/store.hpp"

namespace duet::records {

using codec::Field;
using codec::Format;

inline constexpr std::string_view kVisitModes[] = {"in_person", "video", "audio"};

constexpr auto CodecOf(const FieldDef*) {
  using F = FieldDef;
  return codec::Object<F>(
      "TemplateField", Field("id", &F::id, {.required = true, .max_len = 64}),
      Field("label", &F::label, {.max_len = 300}),
      Field("type", &F::type, {.required = true, .message = "Not a field type."}), Field("required", &F::required),
      Field("options", &F::options, {.omit_when_empty = true, .max_len = 200, .max_items = 100}),
      Field("columns", &F::columns, {.omit_when_empty = true, .max_len = 200, .max_items = 100}),
      Field("instruments", &F::instruments, {.omit_when_empty = true, .max_len = 200, .max_items = 100}),
      Field("shown_if", &F::shown_if,
            {.omit_when_empty = true,
             .max_len = 130,
             .description = "Shown only while this earlier choice field (section.field) has shown_value"}),
      Field("shown_value", &F::shown_value, {.omit_when_empty = true, .max_len = 200}),
      // Read as numbers; written only for a scale.
      Field("min", &F::min), Field("max", &F::max),
      codec::Computed<std::optional<double>>(
          "min", [](const F& f) { return f.type == FieldType::kScale ? std::optional(f.min) : std::nullopt; },
          {.omit_when_empty = true}),
      codec::Computed<std::optional<double>>(
          "max", [](const F& f) { return f.type == FieldType::kScale ? std::optional(f.max) : std::nullopt; },
          {.omit_when_empty = true}));
}

constexpr auto CodecOf(const SectionDef*) {
  return codec::Object<SectionDef>("TemplateSection", Field("id", &SectionDef::id, {.required = true, .max_len = 64}),
                                   Field("title", &SectionDef::title, {.max_len = 200}),
                                   Field("fields", &SectionDef::fields, {.max_items = 200}));
}

constexpr auto CodecOf(const Template*) {
  using T = Template;
  return codec::Object<T>(
      "NoteTemplate", Field("key", &T::key, {.required = true, .max_len = 64}),
      Field("version", &T::version, {.min = 0, .max = 1'000'000, .description = "Numbered by the server when saved"}),
      Field("kind", &T::kind, {.message = "Must be progress or psychotherapy."}),
      Field("name", &T::name, {.required = true, .max_len = 200}),
      Field("disciplines", &T::disciplines, {.max_len = 200}), Field("sections", &T::sections, {.max_items = 100}),
      codec::Computed<bool>("built_in", [](const T& t) { return t.practice_id.empty(); }));
}

struct TemplateQuery {
  std::optional<int> version;
};
constexpr auto CodecOf(const TemplateQuery*) {
  return codec::Object<TemplateQuery>(
      "TemplateQuery",
      Field("version", &TemplateQuery::version, {.min = 1, .description = "The version a note was written with"}));
}

constexpr auto CodecOf(const Signature*) {
  return codec::Object<Signature>(
      "Signature", Field("user_id", &Signature::user_id), Field("name", &Signature::name),
      Field("at", &Signature::at, {.format = Format::kTimestamp}),
      Field("hash", &Signature::hash, {.description = "Covers the note's id, template, content and visit facts"}));
}

struct Author {
  std::string user_id;
  std::string name;
};
constexpr auto CodecOf(const Author*) {
  return codec::Object<Author>("Author", Field("user_id", &Author::user_id), Field("name", &Author::name));
}
struct TemplateRef {
  std::string key;
  int version = 1;
};
constexpr auto CodecOf(const TemplateRef*) {
  return codec::Object<TemplateRef>("TemplateRef", Field("key", &TemplateRef::key),
                                    Field("version", &TemplateRef::version));
}

//! A note without its content, for lists.
constexpr auto CodecOf(const Note*) {
  using N = Note;
  constexpr codec::Rules when{.format = Format::kTimestamp};
  return codec::Object<N>(
      "NoteSummary", Field("id", &N::id), Field("client_id", &N::client_id),
      Field("appointment_id", &N::appointment_id, {.null_when_empty = true}),
      codec::Computed<Author>("author",
                              [](const N& n) {
                                return Author{n.author_user_id, n.author_name};
                              }),
      Field("kind", &N::kind),
      codec::Computed<TemplateRef>("template",
                                   [](const N& n) {
                                     return TemplateRef{n.template_key, n.template_version};
                                   }),
      Field("status", &N::status), Field("created_at", &N::created_at, when), Field("updated_at", &N::updated_at, when),
      Field("version", &N::version), Field("signature", &N::signature), Field("cosign_required", &N::cosign_required),
      Field("cosignature", &N::cosignature),
      Field("part2", &N::part2, {.description = "A substance-use-disorder record (42 CFR Part 2)"}),
      Field("joint", &N::joint,
            {.read_only = true, .description = "The note of the clinician who joined this in-person visit by video"}));
}

struct Part2Body {
  bool part2 = false;
};
constexpr auto CodecOf(const Part2Body*) {
  return codec::Object<Part2Body>(
      "NotePart2Mark", Field("part2", &Part2Body::part2,
                             {.required = true, .description = "A substance-use-disorder record under 42 CFR Part 2"}));
}

constexpr auto CodecOf(const Addendum*) {
  using A = Addendum;
  return codec::Object<A>("Addendum", Field("id", &A::id),
                          codec::Computed<Author>("author",
                                                  [](const A& a) {
                                                    return Author{a.author_user_id, a.author_name};
                                                  }),
                          Field("text", &A::text), Field("created_at", &A::created_at, {.format = Format::kTimestamp}),
                          Field("hash", &A::hash));
}

constexpr auto CodecOf(const NoteAccess*) {
  using A = NoteAccess;
  return codec::Object<A>("NoteAccess", Field("edit", &A::edit),
                          codec::Computed<bool>("sign", [](const A& a) { return a.edit; }), Field("addend", &A::addend),
                          Field("cosign", &A::cosign));
}

//! A note with its content, visit facts, addenda and what the reader may do with it.
struct NoteAnswer : Note {
  std::vector<Addendum> addenda;
  NoteAccess can;
  NoteAnswer() = default;
  explicit NoteAnswer(NoteView v) : Note(std::move(v.note)), addenda(std::move(v.addenda)), can(v.access) {}
};
constexpr auto CodecOf(const NoteAnswer*) {
  using N = NoteAnswer;
  return codec::Extend<N, Note>(
      "Note",
      codec::Computed<nlohmann::json>("content",
                                      [](const N& n) { return nlohmann::json::parse(n.content_json, nullptr, false); },
                                      {.description = "\"section.field\" → value, as the template defines"}),
      codec::Computed<nlohmann::json>("visit",
                                      [](const N& n) { return nlohmann::json::parse(n.visit_json, nullptr, false); },
                                      {.description = "The visit's facts as pre-filled when the note was started"}),
      Field("addenda", &N::addenda), Field("can", &N::can));
}

constexpr auto CodecOf(const NewNote*) {
  return codec::Object<NewNote>("NewNote", Field("client_id", &NewNote::client_id, {.required = true, .max_len = 64}),
                                Field("appointment_id", &NewNote::appointment_id, {.max_len = 64}),
                                Field("template_key", &NewNote::template_key, {.required = true, .max_len = 64}));
}

struct NotesQuery {
  std::string client_id;
};
constexpr auto CodecOf(const NotesQuery*) {
  return codec::Object<NotesQuery>("NotesQuery",
                                   Field("client_id", &NotesQuery::client_id, {.required = true, .max_len = 64}));
}
struct OverdueQuery {
  std::optional<std::string> clinician_id;
};
constexpr auto CodecOf(const OverdueQuery*) {
  return codec::Object<OverdueQuery>("OverdueQuery",
                                     Field("clinician_id", &OverdueQuery::clinician_id, {.max_len = 64}));
}

constexpr auto CodecOf(const OverdueVisit*) {
  using O = OverdueVisit;
  constexpr codec::Rules when{.format = Format::kTimestamp};
  return codec::Object<O>("OverdueVisit", Field("appointment_id", &O::appointment_id),
                          Field("client_id", &O::client_id), Field("clinician_id", &O::clinician_id),
                          codec::Computed<EpochSeconds>(
                              "visit_end", [](const O& o) { return o.end; }, when),
                          Field("hours_overdue", &O::hours_overdue),
                          Field("note_id", &O::note_id, {.null_when_empty = true}),
                          Field("client_name", &O::client_name), Field("mode", &O::mode, {.one_of = kVisitModes}),
                          codec::Computed<EpochSeconds>(
                              "visit_start", [](const O& o) { return o.start; }, when));
}

inline constexpr std::string_view kTaskKinds[] = {"write", "draft", "cosign"};
constexpr auto CodecOf(const NoteTask*) {
  using T = NoteTask;
  constexpr codec::Rules opt{.null_when_empty = true};
  return codec::Object<T>(
      "NoteTask", Field("kind", &T::kind, {.one_of = kTaskKinds}), Field("client_id", &T::client_id),
      Field("client_name", &T::client_name), Field("appointment_id", &T::appointment_id, opt),
      Field("note_id", &T::note_id, opt), Field("template_key", &T::template_key, opt),
      Field("author_name", &T::author_name, opt),
      Field("mode", &T::mode, {.null_when_empty = true, .one_of = kVisitModes}),
      codec::Computed<std::optional<EpochSeconds>>(
          "visit_start", [](const T& t) { return t.visit_start ? std::optional(t.visit_start) : std::nullopt; },
          {.format = Format::kTimestamp}),
      Field("since", &T::since, {.format = Format::kTimestamp}), Field("hours_overdue", &T::hours_overdue));
}

struct DraftBody {
  nlohmann::json content;
  std::int64_t version = 0;
};
constexpr auto CodecOf(const DraftBody*) {
  return codec::Object<DraftBody>(
      "Draft", Field("content", &DraftBody::content, {.required = true, .description = "\"section.field\" → value"}),
      Field("version", &DraftBody::version, {.required = true, .min = 1, .max = 1'000'000'000}));
}
inline void CheckFields(const DraftBody& d, const std::string& path, codec::Problems& p) {
  if (!d.content.is_null() && !d.content.is_object()) p.push_back({codec::At(path, "content"), "Must be an object."});
}
struct VersionBody {
  std::int64_t version = 0;
};
constexpr auto CodecOf(const VersionBody*) {
  return codec::Object<VersionBody>(
      "VersionOnly", Field("version", &VersionBody::version, {.required = true, .min = 1, .max = 1'000'000'000}));
}
struct AddendumBody {
  std::string text;
};
constexpr auto CodecOf(const AddendumBody*) {
  return codec::Object<AddendumBody>("NewAddendum",
                                     Field("text", &AddendumBody::text, {.required = true, .max_len = 20'000}));
}

}  // namespace duet::records

namespace duet::records::store {
constexpr auto CodecOf(const Settings*) {
  return codec::Object<Settings>("RecordSettings",
                                 codec::Field("notes_due_hours", &Settings::notes_due_hours, {.min = 1, .max = 720}),
                                 codec::Field("cosign_supervised", &Settings::cosign_supervised));
}
}  // namespace duet::records::store
