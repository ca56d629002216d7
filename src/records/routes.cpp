// HTTP/JSON mapping for the record: each route is a declaration over the codecs in records/codecs.hpp.
#include "records/routes.hpp"

#include "platform/api.hpp"
#include "records/codecs.hpp"

namespace duet::records {
namespace {

NoteAnswer Answer(NoteView v) { return NoteAnswer(std::move(v)); }

}  // namespace

void RegisterRoutes(Router& router, Service& s) {
  Api api(router, "records");
  api.Get("/api/v1/note-templates", "notes.read", "Note templates: built-in ones and the practice's own versions",
          [&s](Context& ctx) { return s.Templates(ctx.Who()); });
  api.Get("/api/v1/note-templates/{key}", "notes.read",
          "One note template: the newest in use, or the version a note was written with",
          [&s](Context& ctx, codec::Query<TemplateQuery> q) {
            return s.GetTemplate(ctx.Who(), std::string(ctx.Param("key")), q->version);
          });
  api.Post("/api/v1/note-templates", "notes.templates",
           "Save a practice's copy or adaptation of a template (the next version of its key); notes keep their version",
           [&s](Context& ctx, Template t) { return s.SaveTemplate(ctx.Who(), std::move(t), OriginOf(ctx)); },
           {.status = 201});
  api.Get(
      "/api/v1/notes", "notes.read", "A client's notes the caller may read, without content",
      [&s](Context& ctx, codec::Query<NotesQuery> q) { return s.ListNotes(ctx.Who(), q->client_id, OriginOf(ctx)); });
  api.Post("/api/v1/notes", "notes.write",
           "Start a note: a draft pre-filled with the visit's facts (date, times, delivered mode, place; for "
           "telehealth the platform "
           "and where the client said they were)",
           [&s](Context& ctx, const NewNote& n) { return s.StartNote(ctx.Who(), n, OriginOf(ctx)).map(Answer); },
           {.status = 201});
  api.Get("/api/v1/notes/overdue", "notes.read",
          "Visits without a signed note past the practice's allowance (clinician_id for owners and supervisors)",
          [&s](Context& ctx, codec::Query<OverdueQuery> q) {
            return s.Overdue(ctx.Who(), q->clinician_id, OriginOf(ctx));
          });
  api.Get("/api/v1/notes/work", "notes.read",
          "The caller's note work: visits to write up (last 30 days), drafts to finish and sign, notes waiting for "
          "their co-signature",
          [&s](Context& ctx) { return s.Work(ctx.Who(), OriginOf(ctx)); });
  api.Get("/api/v1/notes/{id}", "notes.read", "A note with its content, visit facts, signatures and addenda",
          [&s](Context& ctx) { return s.GetNote(ctx.Who(), Id(ctx), OriginOf(ctx)).map(Answer); });
  api.Put("/api/v1/notes/{id}", "notes.write", "Autosave a draft (409 if it changed elsewhere)",
          [&s](Context& ctx, const DraftBody& d) {
            return s.SaveDraft(ctx.Who(), Id(ctx), d.content.dump(), d.version, OriginOf(ctx)).map(Answer);
          });
  api.Post("/api/v1/notes/{id}/sign", "notes.write",
           "Sign and lock a draft: records who, when and a hash of the content",
           [&s](Context& ctx, const VersionBody& v) {
             return s.Sign(ctx.Who(), Id(ctx), v.version, OriginOf(ctx)).map(Answer);
           });
  api.Put("/api/v1/notes/{id}/part2", "notes.write",
          "Mark a note as a substance-use-disorder record (42 CFR Part 2), or unmark it (its author or the owner)",
          [&s](Context& ctx, const Part2Body& b) {
            return s.MarkPart2(ctx.Who(), Id(ctx), b.part2, OriginOf(ctx)).map(Answer);
          });
  api.Post("/api/v1/notes/{id}/cosign", "notes.write", "Co-sign a supervisee's signed note",
           [&s](Context& ctx) { return s.Cosign(ctx.Who(), Id(ctx), OriginOf(ctx)).map(Answer); });
  api.Post("/api/v1/notes/{id}/addenda", "notes.write", "Add an addendum to a signed note",
           [&s](Context& ctx, const AddendumBody& a) {
             return s.AddAddendum(ctx.Who(), Id(ctx), a.text, OriginOf(ctx)).map(Answer);
           },
           {.status = 201});
  api.Get("/api/v1/record-settings", "records.settings",
          "When notes are due and whether supervisees' notes need co-signing",
          [&s](Context& ctx) { return s.GetSettings(ctx.Who()); });
  api.Put("/api/v1/record-settings", "records.settings",
          "Set when notes are due and whether supervisees' notes need co-signing",
          [&s](Context& ctx, const store::Settings& settings) {
            return s.PutSettings(ctx.Who(), settings, OriginOf(ctx));
          });
}

}  // namespace duet::records
