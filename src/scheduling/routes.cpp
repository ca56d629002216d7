// HTTP/JSON mapping for scheduling: parse strictly, one service call, map the result.
#include "scheduling/routes.hpp"

#include "platform/input.hpp"
#include "platform/problem.hpp"
#include "practice/rules.hpp"
#include "scheduling/rules.hpp"

namespace duet::scheduling {
namespace {
using nlohmann::json;

Origin OriginOf(const Context& ctx) { return Origin{ctx.remote_ip, ctx.request_id}; }

std::string HhMm(int minute) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minute / 60, minute % 60);
  return buf;
}
std::optional<int> ParseHhMm(const std::string& s) {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  if (!std::isdigit(static_cast<unsigned char>(s[0])) || !std::isdigit(static_cast<unsigned char>(s[1])) ||
      !std::isdigit(static_cast<unsigned char>(s[3])) || !std::isdigit(static_cast<unsigned char>(s[4])))
    return std::nullopt;
  int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
  if (h > 24 || m > 59 || (h == 24 && m != 0)) return std::nullopt;
  return h * 60 + m;
}

json ServiceJson(const ClinicalService& s) {
  json modes = json::array();
  for (auto m : s.modes) modes.push_back(VisitModeName(m));
  json disciplines = json::array();
  for (auto d : s.disciplines) disciplines.push_back(practice::DisciplineName(d));
  auto fee = [](const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); };
  return {{"id", s.id}, {"name", s.name}, {"cpt_code", s.cpt_code}, {"duration_minutes", s.duration_minutes}, {"modes", modes},
          {"in_person_required", s.in_person_required}, {"disciplines", disciplines}, {"group_size", s.group_size},
          {"fees", {{"in_person", fee(s.fees.in_person)}, {"video", fee(s.fees.video)}, {"audio", fee(s.fees.audio)}}}};
}

json LocationJson(const Location& l) {
  return {{"id", l.id}, {"name", l.name}, {"kind", l.kind}, {"address", l.address}, {"time_zone", l.time_zone},
          {"state", l.state.empty() ? json(nullptr) : json(l.state)}};
}

json AvailabilityJson(const Availability& a) {
  json blocks = json::array(), exceptions = json::array();
  for (const auto& b : a.blocks)
    blocks.push_back({{"weekday", b.weekday}, {"start_time", HhMm(b.start_minute)}, {"end_time", HhMm(b.end_minute)},
                      {"mode", BlockModeName(b.mode)}, {"location_id", b.location_id.empty() ? json(nullptr) : json(b.location_id)}});
  for (const auto& e : a.exceptions)
    exceptions.push_back({{"date", FormatDate(e.date)}, {"kind", e.kind == BlockException::Kind::kTimeOff ? "time_off" : "mode_change"},
                          {"start_time", HhMm(e.start_minute)}, {"end_time", HhMm(e.end_minute)}, {"mode", BlockModeName(e.mode)},
                          {"location_id", e.location_id.empty() ? json(nullptr) : json(e.location_id)}});
  return {{"blocks", blocks}, {"exceptions", exceptions}};
}

json AppointmentJson(const Appointment& a) {
  json warnings = json::array();
  for (const auto& w : a.warnings) warnings.push_back({{"code", w.code}, {"message", w.message}});
  json out = {{"id", a.id}, {"clinician_id", a.clinician_id}, {"client_id", a.client_ids.empty() ? json(nullptr) : json(a.client_ids.front())},
          {"client_ids", a.client_ids}, {"service_id", a.service_id}, {"mode", VisitModeName(a.mode)},
          {"location_id", a.location_id.empty() ? json(nullptr) : json(a.location_id)},
          {"start", FormatTimestampIn(a.start, a.time_zone)}, {"end", FormatTimestampIn(a.end, a.time_zone)}, {"time_zone", a.time_zone},
          {"status", a.status}, {"override_reason", a.override_reason.empty() ? json(nullptr) : json(a.override_reason)},
          {"warnings", warnings}, {"block_conversion", a.block_conversion}, {"version", a.version},
          {"series_id", a.series_id.empty() ? json(nullptr) : json(a.series_id)}};
  if (!a.client_names.empty()) out["client_names"] = a.client_names;
  if (a.busy) out["busy"] = true;
  return out;
}

std::optional<std::int64_t> Fee(Input& fees, std::string_view mode) { return fees.OptionalInt(mode, 0, 10'000'000); }

// "this" (default) or "following": which visits of a series a change applies to.
Scope ScopeOf(Input& in) {
  auto v = in.OptionalString("scope", 20).value_or("this");
  if (v != "this" && v != "following") in.AddError("scope", "this or following.");
  return v == "following" ? Scope::kFollowing : Scope::kThis;
}

json HealthJson(const HealthWeek& w) {
  return {{"week_start", FormatDate(w.week_start)},
          {"hours", {{"in_person", w.minutes_in_person / 60.0}, {"video", w.minutes_video / 60.0}, {"audio", w.minutes_audio / 60.0}}},
          {"visits", w.visits}, {"sprinkles", w.sprinkles}, {"block_conversions", w.block_conversions}, {"after_hours", w.after_hours},
          {"reschedules", w.reschedules}, {"cancellations", w.cancellations}, {"late_cancellations", w.late_cancellations},
          {"no_shows", w.no_shows}};
}

json WaitlistJson(const WaitlistView& v) {
  const auto& e = v.entry;
  return {{"id", e.id}, {"client_id", e.client_id}, {"client_name", v.client_name}, {"service_id", e.service_id},
          {"mode", e.mode ? json(VisitModeName(*e.mode)) : json("any")},
          {"clinician_id", e.clinician_id.empty() ? json(nullptr) : json(e.clinician_id)}, {"times_of_day", e.times_of_day},
          {"weekdays", e.weekdays}, {"note", e.note}, {"status", e.status}, {"created_at", FormatTimestamp(e.created_at)}};
}

}  // namespace

void RegisterRoutes(Router& router, Service& service) {
  Service& s = service;
  router.Add({"GET", "/api/v1/locations", "scheduling.read", "Places of in-person care", "scheduling",
              [&s](Context& ctx, const http::Request&) {
                auto r = s.ListLocations(ctx.Who());
                if (!r) return ToProblem(r.error(), ctx.request_id);
                json items = json::array();
                for (const auto& l : *r) items.push_back(LocationJson(l));
                return JsonResponse(200, {{"items", items}, {"next", nullptr}});
              }, ""});
  router.Add({"POST", "/api/v1/locations", "services.write", "Add a location (clinic, or the client's home)", "scheduling",
              [&s](Context& ctx, const http::Request& req) {
                Input in(req.body, {"name", "kind", "address", "time_zone", "state"});
                Location l;
                l.name = in.RequiredString("name", 200);
                l.kind = in.OptionalString("kind", 20).value_or("clinic");
                l.address = in.OptionalString("address", 500).value_or("");
                l.time_zone = in.RequiredString("time_zone", 64);
                l.state = in.OptionalString("state", 2).value_or("");
                if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
                auto r = s.CreateLocation(ctx.Who(), l, OriginOf(ctx));
                return r ? JsonResponse(201, LocationJson(*r)) : ToProblem(r.error(), ctx.request_id);
              }, ""});
  router.Add({"GET", "/api/v1/services", "scheduling.read", "Services with length, modes allowed and fee per mode", "scheduling",
              [&s](Context& ctx, const http::Request&) {
                auto r = s.ListServices(ctx.Who());
                if (!r) return ToProblem(r.error(), ctx.request_id);
                json items = json::array();
                for (const auto& x : *r) items.push_back(ServiceJson(x));
                return JsonResponse(200, {{"items", items}, {"next", nullptr}});
              }, ""});
  router.Add({"POST", "/api/v1/services", "services.write", "Add a service (fees in integer cents per mode)", "scheduling",
              [&s](Context& ctx, const http::Request& req) {
                Input in(req.body, {"name", "cpt_code", "duration_minutes", "modes", "in_person_required", "disciplines", "group_size", "fees"});
                ClinicalService x;
                x.name = in.RequiredString("name", 200);
                x.cpt_code = in.OptionalString("cpt_code", 10).value_or("");
                x.duration_minutes = static_cast<int>(in.OptionalInt("duration_minutes", 5, 480).value_or(0));
                x.in_person_required = in.OptionalBool("in_person_required").value_or(false);
                x.group_size = static_cast<int>(in.OptionalInt("group_size", 1, 50).value_or(1));
                if (const json* modes = in.OptionalArray("modes"))
                  for (const auto& m : *modes) {
                    auto mode = m.is_string() ? ParseVisitMode(m.get<std::string>()) : std::nullopt;
                    if (mode) x.modes.push_back(*mode);
                    else in.AddError("modes", "Modes are in_person, video and audio.");
                  }
                if (const json* ds = in.OptionalArray("disciplines"))
                  for (const auto& d : *ds) {
                    auto disc = d.is_string() ? practice::ParseDiscipline(d.get<std::string>()) : std::nullopt;
                    if (disc) x.disciplines.push_back(*disc);
                    else in.AddError("disciplines", "Unknown discipline.");
                  }
                if (const json* fees = in.OptionalObject("fees")) {
                  Input f(*fees, {"in_person", "video", "audio"}, "fees.", in);
                  x.fees = {Fee(f, "in_person"), Fee(f, "video"), Fee(f, "audio")};
                }
                if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
                auto r = s.CreateService(ctx.Who(), x, OriginOf(ctx));
                return r ? JsonResponse(201, ServiceJson(*r)) : ToProblem(r.error(), ctx.request_id);
              }, ""});
  router.Add({"GET", "/api/v1/clinicians/{id}/availability", "scheduling.read", "Weekly mode blocks and dated exceptions", "scheduling",
              [&s](Context& ctx, const http::Request&) {
                auto r = s.GetAvailability(ctx.Who(), std::string(ctx.Param("id")));
                return r ? JsonResponse(200, AvailabilityJson(*r)) : ToProblem(r.error(), ctx.request_id);
              }, ""});
  router.Add({"PUT", "/api/v1/clinicians/{id}/availability", "scheduling.write", "Replace the weekly mode blocks and exceptions", "scheduling",
              [&s](Context& ctx, const http::Request& req) {
                Input in(req.body, {"blocks", "exceptions"});
                Availability a;
                if (const json* blocks = in.OptionalArray("blocks"))
                  for (std::size_t i = 0; i < blocks->size(); ++i) {
                    Input b((*blocks)[i], {"weekday", "start_time", "end_time", "mode", "location_id"}, "blocks[" + std::to_string(i) + "].", in);
                    Block block;
                    block.weekday = static_cast<int>(b.OptionalInt("weekday", 1, 7).value_or(0));
                    auto start = ParseHhMm(b.RequiredString("start_time", 5));
                    auto end = ParseHhMm(b.RequiredString("end_time", 5));
                    auto mode = ParseBlockMode(b.RequiredString("mode", 20));
                    block.location_id = b.OptionalString("location_id", 36).value_or("");
                    if (!start) b.AddError(b.Path("start_time"), "Use HH:MM, e.g. 09:00.");
                    if (!end) b.AddError(b.Path("end_time"), "Use HH:MM, e.g. 17:00.");
                    if (!mode) b.AddError(b.Path("mode"), "in_person or telehealth.");
                    if (block.weekday == 0) b.AddError(b.Path("weekday"), "1 (Monday) to 7 (Sunday).");
                    block.start_minute = start.value_or(0);
                    block.end_minute = end.value_or(0);
                    block.mode = mode.value_or(BlockMode::kInPerson);
                    a.blocks.push_back(block);
                  }
                if (const json* ex = in.OptionalArray("exceptions"))
                  for (std::size_t i = 0; i < ex->size(); ++i) {
                    Input e((*ex)[i], {"date", "kind", "start_time", "end_time", "mode", "location_id"}, "exceptions[" + std::to_string(i) + "].", in);
                    BlockException x;
                    auto day = ParseDate(e.RequiredString("date", 10));
                    std::string kind = e.RequiredString("kind", 20);
                    auto start = ParseHhMm(e.OptionalString("start_time", 5).value_or("00:00"));
                    auto end = ParseHhMm(e.OptionalString("end_time", 5).value_or("24:00"));
                    auto mode = ParseBlockMode(e.OptionalString("mode", 20).value_or("telehealth"));
                    if (!day) e.AddError(e.Path("date"), "Use a date like 2026-12-24.");
                    if (kind != "time_off" && kind != "mode_change") e.AddError(e.Path("kind"), "time_off or mode_change.");
                    if (!start || !end || !mode) e.AddError(e.Path("start_time"), "Use HH:MM times and a mode of in_person or telehealth.");
                    x.date = day.value_or(Date{});
                    x.kind = kind == "mode_change" ? BlockException::Kind::kModeChange : BlockException::Kind::kTimeOff;
                    x.start_minute = start.value_or(0);
                    x.end_minute = end.value_or(24 * 60);
                    x.mode = mode.value_or(BlockMode::kTelehealth);
                    x.location_id = e.OptionalString("location_id", 36).value_or("");
                    a.exceptions.push_back(x);
                  }
                if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
                auto r = s.PutAvailability(ctx.Who(), std::string(ctx.Param("id")), a, OriginOf(ctx));
                return r ? JsonResponse(200, AvailabilityJson(*r)) : ToProblem(r.error(), ctx.request_id);
              }, ""});
  router.Add({"POST", "/api/v1/appointments", "scheduling.write",
              "Book: 201 with warnings (sprinkle, block_conversion, after_hours), 409 if taken, 422 naming the rule that forbids it; "
              "?dry_run=true checks every rule and returns 200 with the warnings, saving nothing", "scheduling",
              [&s](Context& ctx, const http::Request& req) {
                Input in(req.body, {"clinician_id", "client_id", "client_ids", "service_id", "mode", "start", "end", "location_id", "override_reason",
                                    "recurrence", "waitlist_entry_id"});
                NewAppointment a;
                a.clinician_id = in.RequiredString("clinician_id", 36);
                if (auto c = in.OptionalString("client_id", 36)) a.client_ids.push_back(*c);
                if (const json* ids = in.OptionalArray("client_ids"))
                  for (const auto& id : *ids) {
                    if (id.is_string()) a.client_ids.push_back(id.get<std::string>());
                    else in.AddError("client_ids", "Must be a list of client ids.");
                  }
                if (a.client_ids.empty() && in.ok()) in.AddError("client_id", "Required.");
                a.service_id = in.RequiredString("service_id", 36);
                auto mode = ParseVisitMode(in.RequiredString("mode", 20));
                auto start = ParseTimestamp(in.RequiredString("start", 40));
                if (auto end = in.OptionalString("end", 40)) {
                  a.end = ParseTimestamp(*end);
                  if (!a.end) in.AddError("end", "Use an RFC 3339 time with offset, e.g. 2026-12-01T09:50:00-07:00.");
                }
                a.location_id = in.OptionalString("location_id", 36).value_or("");
                a.override_reason = in.OptionalString("override_reason", 500);
                a.waitlist_entry_id = in.OptionalString("waitlist_entry_id", 36).value_or("");
                if (const json* rec = in.OptionalObject("recurrence")) {
                  Input r(*rec, {"every_weeks", "count", "until"}, "recurrence.", in);
                  Recurrence x;
                  x.every_weeks = static_cast<int>(r.OptionalInt("every_weeks", 1, 52).value_or(1));
                  if (auto n = r.OptionalInt("count", 1, 104)) x.count = static_cast<int>(*n);
                  if (auto u = r.OptionalString("until", 10)) {
                    x.until = ParseDate(*u);
                    if (!x.until) r.AddError(r.Path("until"), "Use a date like 2027-03-01.");
                  }
                  if (!x.count && !x.until) r.AddError(r.Path("count"), "Say how many times (count) or until when (until).");
                  a.recurrence = x;
                }
                if (in.ok() && !mode) in.AddError("mode", "in_person, video or audio.");
                if (in.ok() && !start) in.AddError("start", "Use an RFC 3339 time with offset, e.g. 2026-12-01T09:00:00-07:00.");
                if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
                a.mode = *mode;
                a.start = *start;
                a.dry_run = req.QueryParam("dry_run").value_or("") == "true";
                // A dry run answers 200 with what would be booked (no ids, nothing saved), for one visit or a series.
                auto dry = [](json body) {
                  body["id"] = nullptr;
                  body["series_id"] = nullptr;
                  body["dry_run"] = true;
                  return body;
                };
                if (a.recurrence) {
                  auto series = s.BookSeries(ctx.Who(), a, OriginOf(ctx));
                  if (!series) return ToProblem(series.error(), ctx.request_id);
                  json all = json::array();
                  for (const auto& x : *series) all.push_back(a.dry_run ? dry(AppointmentJson(x)) : AppointmentJson(x));
                  json body = all.front();
                  body["occurrences"] = all;
                  return JsonResponse(a.dry_run ? 200 : 201, body);
                }
                auto r = s.Book(ctx.Who(), a, OriginOf(ctx));
                if (!r) return ToProblem(r.error(), ctx.request_id);
                if (a.dry_run) return JsonResponse(200, dry(AppointmentJson(*r)));
                return JsonResponse(201, AppointmentJson(*r));
              }, ""});
  router.Add({"GET", "/api/v1/appointments", "scheduling.read", "Appointments between from and to (RFC 3339), by clinician or client", "scheduling",
              [&s](Context& ctx, const http::Request& req) {
                auto from = ParseTimestamp(req.QueryParam("from").value_or(""));
                auto to = ParseTimestamp(req.QueryParam("to").value_or(""));
                if (!from || !to)
                  return ToProblem(Error{ErrorCode::kInvalid, "from and to are RFC 3339 times with offset.", {}, !from ? "from" : "to"}, ctx.request_id);
                auto r = s.ListAppointments(ctx.Who(), req.QueryParam("clinician_id"), req.QueryParam("client_id"), *from, *to, OriginOf(ctx));
                if (!r) return ToProblem(r.error(), ctx.request_id);
                json items = json::array();
                for (const auto& a : *r) items.push_back(AppointmentJson(a));
                return JsonResponse(200, {{"items", items}, {"next", nullptr}});
              }, ""});
  router.Add({"PATCH", "/api/v1/appointments/{id}", "scheduling.write",
              "Reschedule or change mode or place; the booking rules apply again (send `version`)", "scheduling",
              [&s](Context& ctx, const http::Request& req) {
                auto current = s.GetAppointment(ctx.Who(), std::string(ctx.Param("id")), OriginOf(ctx));
                if (!current) return ToProblem(current.error(), ctx.request_id);
                Input in(req.body, {"start", "end", "mode", "location_id", "override_reason", "version", "scope"});
                NewAppointment a;
                a.mode = current->mode;
                a.start = current->start;
                a.end = current->end;
                a.location_id = current->location_id;
                if (auto v = in.OptionalString("start", 40)) {
                  auto t = ParseTimestamp(*v);
                  if (!t) in.AddError("start", "Use an RFC 3339 time with offset.");
                  else {
                    a.end = *t + (current->end - current->start);
                    a.start = *t;
                  }
                }
                if (auto v = in.OptionalString("end", 40)) {
                  a.end = ParseTimestamp(*v);
                  if (!a.end) in.AddError("end", "Use an RFC 3339 time with offset.");
                }
                if (auto v = in.OptionalString("mode", 20)) {
                  auto m = ParseVisitMode(*v);
                  if (!m) in.AddError("mode", "in_person, video or audio.");
                  else a.mode = *m;
                }
                if (auto v = in.OptionalString("location_id", 36)) a.location_id = *v;
                a.override_reason = in.OptionalString("override_reason", 500);
                auto version = in.OptionalInt("version", 1, INT64_MAX).value_or(0);
                Scope scope = ScopeOf(in);
                if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
                auto r = s.Reschedule(ctx.Who(), current->id, a, version, OriginOf(ctx), scope);
                return r ? JsonResponse(200, AppointmentJson(*r)) : ToProblem(r.error(), ctx.request_id);
              }, ""});
  auto status_route = [&s, &router](const char* path, StatusAction action, const char* summary, bool needs_reason) {
    router.Add({"POST", std::string("/api/v1/appointments/{id}/") + path, "scheduling.write", summary, "scheduling",
                [&s, action, needs_reason](Context& ctx, const http::Request& req) {
                  std::string reason;
                  Scope scope = Scope::kThis;
                  if (!req.body.empty()) {
                    Input in(req.body, {"reason", "scope"});
                    reason = needs_reason ? in.RequiredString("reason", 500) : in.OptionalString("reason", 500).value_or("");
                    scope = ScopeOf(in);
                    if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
                  }
                  auto r = s.ChangeStatus(ctx.Who(), std::string(ctx.Param("id")), action, reason, OriginOf(ctx), scope);
                  return r ? JsonResponse(200, AppointmentJson(*r)) : ToProblem(r.error(), ctx.request_id);
                }, ""});
  };
  status_route("cancel", StatusAction::kCancel, "Cancel with a reason (late cancellation inside 24 hours); scope following cancels the rest of its series", true);
  status_route("no-show", StatusAction::kNoShow, "Mark a no-show (after the start time)", false);
  status_route("check-in", StatusAction::kCheckIn, "Check the client in (on the day)", false);
  status_route("confirm", StatusAction::kConfirm, "Mark a booked visit confirmed by the client", false);
  status_route("complete", StatusAction::kComplete, "Mark a visit that took place completed", false);
  router.Add({"GET", "/api/v1/slots", "scheduling.read",
              "Open slots that every rule allows for a client and service in a mode (?service_id&client_id&mode&from&to[&clinician_id])",
              "scheduling",
              [&s](Context& ctx, const http::Request& req) {
                auto from = ParseTimestamp(req.QueryParam("from").value_or(""));
                auto to = ParseTimestamp(req.QueryParam("to").value_or(""));
                auto mode = ParseVisitMode(req.QueryParam("mode").value_or(""));
                auto service_id = req.QueryParam("service_id").value_or("");
                auto client_id = req.QueryParam("client_id").value_or("");
                std::vector<FieldError> bad;
                if (service_id.empty()) bad.push_back({"service_id", "Required."});
                if (client_id.empty()) bad.push_back({"client_id", "Required."});
                if (!mode) bad.push_back({"mode", "in_person, video or audio."});
                if (!from) bad.push_back({"from", "An RFC 3339 time with offset."});
                if (!to) bad.push_back({"to", "An RFC 3339 time with offset."});
                if (!bad.empty()) return InvalidProblem(bad, ctx.request_id);
                auto r = s.FindOpenSlots(ctx.Who(), service_id, client_id, *mode, *from, *to, req.QueryParam("clinician_id"));
                if (!r) return ToProblem(r.error(), ctx.request_id);
                json items = json::array();
                for (const auto& [slot, zone] : *r)
                  items.push_back({{"clinician_id", slot.clinician_id}, {"start", FormatTimestampIn(slot.start, zone)},
                                   {"end", FormatTimestampIn(slot.end, zone)}, {"mode", VisitModeName(slot.mode)},
                                   {"keeps_block", slot.keeps_block}});
                return JsonResponse(200, {{"items", items}, {"next", nullptr}});
              }, ""});
  router.Add({"GET", "/api/v1/appointments/{id}", "scheduling.read", "One appointment", "scheduling",
              [&s](Context& ctx, const http::Request&) {
                auto r = s.GetAppointment(ctx.Who(), std::string(ctx.Param("id")), OriginOf(ctx));
                return r ? JsonResponse(200, AppointmentJson(*r)) : ToProblem(r.error(), ctx.request_id);
              }, ""});
  router.Add({"GET", "/api/v1/clinicians/{id}/schedule-health", "scheduling.health",
              "Weekly burnout signals (?from&to dates): hours by mode, sprinkles, block conversions, after-hours, reschedules, cancellations",
              "scheduling",
              [&s](Context& ctx, const http::Request& req) {
                // Absent: the service's default (the last 12 weeks); present but unreadable: 400.
                std::optional<Date> from, to;
                for (auto [name, out] : {std::pair{"from", &from}, std::pair{"to", &to}})
                  if (auto v = req.QueryParam(name)) {
                    *out = ParseDate(*v);
                    if (!*out) return ToProblem(Error{ErrorCode::kInvalid, "from and to are dates like 2026-11-22.", {}, name}, ctx.request_id);
                  }
                auto r = s.ScheduleHealthOf(ctx.Who(), std::string(ctx.Param("id")), from, to);
                if (!r) return ToProblem(r.error(), ctx.request_id);
                json items = json::array();
                for (const auto& w : *r) items.push_back(HealthJson(w));
                return JsonResponse(200, {{"items", items}, {"next", nullptr}});
              }, ""});
  router.Add({"GET", "/api/v1/clinicians/{id}/calendar-feed", "scheduling.read", "Whether a calendar feed link is live", "scheduling",
              [&s](Context& ctx, const http::Request&) {
                auto r = s.HasFeed(ctx.Who(), std::string(ctx.Param("id")));
                return r ? JsonResponse(200, {{"active", *r}}) : ToProblem(r.error(), ctx.request_id);
              }, ""});
  router.Add({"POST", "/api/v1/clinicians/{id}/calendar-feed", "scheduling.write",
              "A new calendar feed link (the old one stops working); the token is shown once", "scheduling",
              [&s](Context& ctx, const http::Request&) {
                auto r = s.CreateFeed(ctx.Who(), std::string(ctx.Param("id")), OriginOf(ctx));
                return r ? JsonResponse(201, {{"token", r->token}, {"path", r->path}}) : ToProblem(r.error(), ctx.request_id);
              }, ""});
  router.Add({"DELETE", "/api/v1/clinicians/{id}/calendar-feed", "scheduling.write", "Revoke the calendar feed link", "scheduling",
              [&s](Context& ctx, const http::Request&) {
                return NoContentOr(s.RevokeFeed(ctx.Who(), std::string(ctx.Param("id")), OriginOf(ctx)), ctx.request_id);
              }, ""});
  router.Add({"GET", "/api/v1/clinicians/{id}/calendar.ics", std::string(kPublicAction),
              "iCalendar feed (?token=): initials and mode only, no clinical detail", "scheduling",
              [&s](Context& ctx, const http::Request& req) {
                auto r = s.Feed(std::string(ctx.Param("id")), req.QueryParam("token").value_or(""), OriginOf(ctx));
                if (!r) return ToProblem(r.error(), ctx.request_id);
                http::Response res;
                res.body = std::move(*r);
                res.Set("Content-Type", "text/calendar; charset=utf-8");
                res.Set("Cache-Control", "no-store");
                return res;
              }, ""});
  router.Add({"GET", "/api/v1/waitlist", "waitlist.manage", "Clients waiting for a time (?appointment_id: those a freed visit suits)", "scheduling",
              [&s](Context& ctx, const http::Request& req) {
                auto r = s.Waitlist(ctx.Who(), req.QueryParam("appointment_id"), OriginOf(ctx));
                if (!r) return ToProblem(r.error(), ctx.request_id);
                json items = json::array();
                for (const auto& v : *r) items.push_back(WaitlistJson(v));
                return JsonResponse(200, {{"items", items}, {"next", nullptr}});
              }, ""});
  router.Add({"POST", "/api/v1/waitlist", "waitlist.manage", "Put a client on the waitlist for a service, mode and times", "scheduling",
              [&s](Context& ctx, const http::Request& req) {
                Input in(req.body, {"client_id", "service_id", "mode", "clinician_id", "times_of_day", "weekdays", "note"});
                WaitlistEntry e;
                e.client_id = in.RequiredString("client_id", 36);
                e.service_id = in.RequiredString("service_id", 36);
                std::string mode = in.OptionalString("mode", 20).value_or("any");
                e.mode = ParseVisitMode(mode);
                if (!e.mode && mode != "any") in.AddError("mode", "in_person, video, audio or any.");
                e.clinician_id = in.OptionalString("clinician_id", 36).value_or("");
                if (const json* t = in.OptionalArray("times_of_day"))
                  for (const auto& x : *t) {
                    std::string v = x.is_string() ? x.get<std::string>() : "";
                    if (v == "morning" || v == "afternoon" || v == "evening") e.times_of_day.push_back(v);
                    else in.AddError("times_of_day", "morning, afternoon or evening.");
                  }
                if (const json* d = in.OptionalArray("weekdays"))
                  for (const auto& x : *d) {
                    if (x.is_number_integer() && x.get<int>() >= 1 && x.get<int>() <= 7) e.weekdays.push_back(x.get<int>());
                    else in.AddError("weekdays", "1 (Monday) to 7 (Sunday).");
                  }
                e.note = in.OptionalString("note", 500).value_or("");
                if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
                auto r = s.AddToWaitlist(ctx.Who(), e, OriginOf(ctx));
                return r ? JsonResponse(201, WaitlistJson({*r, ""})) : ToProblem(r.error(), ctx.request_id);
              }, ""});
  router.Add({"DELETE", "/api/v1/waitlist/{id}", "waitlist.manage", "Take a client off the waitlist", "scheduling",
              [&s](Context& ctx, const http::Request&) {
                return NoContentOr(s.RemoveFromWaitlist(ctx.Who(), std::string(ctx.Param("id")), OriginOf(ctx)), ctx.request_id);
              }, ""});
}

}  // namespace duet::scheduling
