// HTTP/JSON mapping for scheduling: each route is a declaration; bodies, queries and answers
// come from the codecs in scheduling/codecs.hpp.
#include "scheduling/routes.hpp"

#include "platform/api.hpp"
#include "scheduling/codecs.hpp"

namespace duet::scheduling {
namespace {

Scope ScopeOf(const std::string& scope) { return scope == "following" ? Scope::kFollowing : Scope::kThis; }

}  // namespace

void RegisterRoutes(Router& router, Service& s) {
  Api api(router, "scheduling");
  api.Get("/api/v1/locations", "scheduling.read", "Places of in-person care",
          [&s](Context& ctx) { return s.ListLocations(ctx.Who()); });
  api.Post("/api/v1/locations", "services.write", "Add a location (clinic, or the client's home)",
           [&s](Context& ctx, const Location& l) { return s.CreateLocation(ctx.Who(), l, OriginOf(ctx)); },
           {.status = 201});
  api.Get("/api/v1/services", "scheduling.read", "Services with length, modes allowed and fee per mode",
          [&s](Context& ctx) { return s.ListServices(ctx.Who()); });
  api.Post("/api/v1/services", "services.write", "Add a service (fees in integer cents per mode)",
           [&s](Context& ctx, const ClinicalService& x) { return s.CreateService(ctx.Who(), x, OriginOf(ctx)); },
           {.status = 201});
  api.Put("/api/v1/services/{id}/client-booking", "services.write",
          "Let clients book the service themselves in their portal (instantly confirmed, under every booking rule), "
          "or stop it",
          [&s](Context& ctx, const ClientBooking& b) {
            return s.SetClientBookable(ctx.Who(), Id(ctx), b.client_bookable, b.new_clients, OriginOf(ctx));
          });
  api.Get("/api/v1/clinicians/{id}/availability", "scheduling.read", "Weekly mode blocks and dated exceptions",
          [&s](Context& ctx) { return s.GetAvailability(ctx.Who(), Id(ctx)); });
  api.Put(
      "/api/v1/clinicians/{id}/availability", "scheduling.write", "Replace the weekly mode blocks and exceptions",
      [&s](Context& ctx, const Availability& a) { return s.PutAvailability(ctx.Who(), Id(ctx), a, OriginOf(ctx)); });
  api.Post("/api/v1/appointments", "scheduling.write",
           "Book: 201 with warnings (sprinkle, block_conversion, after_hours), 409 if taken, 422 naming the rule that "
           "forbids it; "
           "?dry_run=true checks every rule and returns 200 with the warnings, saving nothing",
           [&s](Context& ctx, codec::Query<BookingQuery> q, NewAppointment a) -> Result<Reply<BookingAnswer>> {
             a.dry_run = q->dry_run;
             const int status = a.dry_run ? 200 : 201;
             auto answer = [&](const Appointment& x) {
               BookingAnswer b{x};
               b.dry_run = a.dry_run;
               return b;
             };
             if (!a.recurrence)
               return s.Book(ctx.Who(), a, OriginOf(ctx)).map([&](const Appointment& x) {
                 return Reply{status, answer(x)};
               });
             auto series = s.BookSeries(ctx.Who(), a, OriginOf(ctx));
             if (!series) return tl::unexpected(series.error());
             BookingAnswer first = answer(series->front());
             for (const auto& x : *series) first.occurrences.push_back(answer(x));
             return Reply{status, std::move(first)};
           },
           {.status = 201});
  api.Get(
      "/api/v1/appointments", "scheduling.read", "Appointments between from and to (RFC 3339), by clinician or client",
      [&s](Context& ctx, codec::Query<AppointmentsQuery> q) {
        return s.ListAppointments(ctx.Who(), q->clinician_id, q->client_id, q->from, q->to, OriginOf(ctx), q->status);
      });
  api.Patch("/api/v1/appointments/{id}", "scheduling.write",
            "Reschedule or change mode or place; the booking rules apply again (send `version`)",
            [&s](Context& ctx, const VisitChange& change) -> Result<Appointment> {
              auto current = s.GetAppointment(ctx.Who(), Id(ctx), OriginOf(ctx));
              if (!current) return current;
              NewAppointment a;
              a.mode = change.mode.value_or(current->mode);
              a.start = change.start.value_or(current->start);
              a.end = change.end ? *change.end : a.start + (current->end - current->start);
              a.location_id = change.location_id.value_or(current->location_id);
              a.override_reason = change.override_reason;
              return s.Reschedule(ctx.Who(), current->id, a, change.version, OriginOf(ctx), ScopeOf(change.scope));
            });
  api.Put("/api/v1/appointments/{id}/joint", "scheduling.write",
          "A joint visit: a second clinician joins this in-person visit by video with their own service (the "
          "joining clinician themself, on the client's care team, may do it), or with partner_id a clinician of a "
          "connected partner organization the client's release names (their licence checked; no service); null "
          "takes them off",
          [&s](Context& ctx, const JointChange& j) {
            return s.SetJoint(ctx.Who(), Id(ctx), j.joint_clinician_id, j.joint_service_id, j.partner_id, j.version,
                              OriginOf(ctx));
          });
  auto status_route = [&s, &api](const char* path, StatusAction action, const char* summary, bool needs_reason) {
    api.Post(std::string("/api/v1/appointments/{id}/") + path, "scheduling.write", summary,
             [&s, action, needs_reason](Context& ctx, const StatusChange& change) -> Result<Appointment> {
               if (needs_reason && change.reason.empty()) return Fail(ErrorCode::kInvalid, "Required.", {}, "reason");
               return s.ChangeStatus(ctx.Who(), Id(ctx), action, change.reason, OriginOf(ctx), ScopeOf(change.scope));
             });
  };
  status_route(
      "cancel", StatusAction::kCancel,
      "Cancel with a reason (late cancellation inside 24 hours); scope following cancels the rest of its series", true);
  status_route("no-show", StatusAction::kNoShow, "Mark a no-show (after the start time)", false);
  status_route("check-in", StatusAction::kCheckIn, "Check the client in (on the day)", false);
  status_route("confirm", StatusAction::kConfirm, "Mark a booked visit confirmed by the client", false);
  status_route("complete", StatusAction::kComplete, "Mark a visit that took place completed", false);
  status_route("approve", StatusAction::kApprove,
               "Approve a client's booking request: it becomes booked, its reminders are queued, the client is told",
               false);
  status_route("decline", StatusAction::kDecline,
               "Decline a client's booking request with a reason: the time is freed and the client is told", true);
  api.Get("/api/v1/slots", "scheduling.read", "Open slots that every rule allows for a client and service in a mode",
          [&s](Context& ctx, codec::Query<SlotsQuery> q) -> Result<std::vector<OpenSlot>> {
            auto r = s.FindOpenSlots(ctx.Who(), q->service_id, q->client_id, q->mode, q->from, q->to, q->clinician_id);
            if (!r) return tl::unexpected(r.error());
            std::vector<OpenSlot> out;
            out.reserve(r->size());
            for (auto& [slot, zone] : *r) out.push_back({slot, std::move(zone)});
            return out;
          });
  api.Get("/api/v1/appointments/{id}", "scheduling.read", "One appointment",
          [&s](Context& ctx) { return s.GetAppointment(ctx.Who(), Id(ctx), OriginOf(ctx)); });
  api.Get(
      "/api/v1/clinicians/{id}/schedule-health", "scheduling.health",
      "Weekly burnout signals: hours by mode, sprinkles, block conversions, after-hours, reschedules, cancellations",
      [&s](Context& ctx, codec::Query<HealthQuery> q) {
        return s.ScheduleHealthOf(ctx.Who(), Id(ctx), q->from, q->to);
      });
  api.Get("/api/v1/clinicians/{id}/calendar-feed", "scheduling.read", "Whether a calendar feed link is live",
          [&s](Context& ctx) { return s.HasFeed(ctx.Who(), Id(ctx)).map([](bool on) { return FeedState{on}; }); });
  api.Post("/api/v1/clinicians/{id}/calendar-feed", "scheduling.write",
           "A new calendar feed link (the old one stops working); the token is shown once",
           [&s](Context& ctx) { return s.CreateFeed(ctx.Who(), Id(ctx), OriginOf(ctx)); }, {.status = 201});
  api.Delete("/api/v1/clinicians/{id}/calendar-feed", "scheduling.write", "Revoke the calendar feed link",
             [&s](Context& ctx) { return s.RevokeFeed(ctx.Who(), Id(ctx), OriginOf(ctx)); });
  api.Get("/api/v1/clinicians/{id}/calendar.ics", std::string(kPublicAction),
          "iCalendar feed: initials and mode only, no clinical detail",
          [&s](Context& ctx, codec::Query<FeedQuery> q) {
            auto r = s.Feed(Id(ctx), q->token, OriginOf(ctx));
            if (!r) return ToProblem(r.error(), ctx.request_id);
            http::Response res;
            res.body = std::move(*r);
            res.Set("Content-Type", "text/calendar; charset=utf-8");
            res.Set("Cache-Control", "no-store");
            return res;
          },
          {.produces = "text/calendar"});
  api.Get("/api/v1/waitlist", "waitlist.manage", "Clients waiting for a time",
          [&s](Context& ctx, codec::Query<WaitlistQuery> q) {
            return s.Waitlist(ctx.Who(), q->appointment_id, OriginOf(ctx));
          });
  api.Post("/api/v1/waitlist", "waitlist.manage", "Put a client on the waitlist for a service, mode and times",
           [&s](Context& ctx, const WaitlistEntry& e) {
             return s.AddToWaitlist(ctx.Who(), e, OriginOf(ctx)).map([](WaitlistEntry x) {
               return WaitlistView{std::move(x), ""};
             });
           },
           {.status = 201});
  api.Delete("/api/v1/waitlist/{id}", "waitlist.manage", "Take a client off the waitlist",
             [&s](Context& ctx) { return s.RemoveFromWaitlist(ctx.Who(), Id(ctx), OriginOf(ctx)); });
}

}  // namespace duet::scheduling
