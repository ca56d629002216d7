#pragma once
// Scheduling's wire types, declared once (platform/codec.hpp): decoding, encoding and OpenAPI schemas.
#include "platform/codec.hpp"
#include "practice/rules.hpp"
#include "scheduling/model.hpp"
#include "scheduling/service.hpp"

namespace duet::scheduling {

using namespace std::string_view_literals;
using codec::Field;
using codec::Format;

inline constexpr std::string_view kLocationKinds[] = {"clinic", "client_home"};
inline constexpr std::string_view kTimesOfDay[] = {"morning", "afternoon", "evening"};
inline constexpr std::string_view kScopes[] = {"this", "following"};
inline constexpr std::string_view kWaitModes[] = {"in_person", "video", "audio", "any"};

constexpr auto CodecOf(const Location*) {
  return codec::Object<Location>(
      "Location", Field("id", &Location::id, {.read_only = true}),
      Field("name", &Location::name, {.required = true, .max_len = 200}),
      Field("kind", &Location::kind, {.one_of = kLocationKinds}), Field("address", &Location::address),
      Field("time_zone", &Location::time_zone,
            {.required = true,
             .max_len = 64,
             .check = practice::IsValidTimeZone,
             .message = "Use an IANA time zone such as America/Denver."}),
      Field("state", &Location::state, {.null_when_empty = true, .format = Format::kUsState, .max_len = 2}));
}

constexpr auto CodecOf(const Fees*) {
  constexpr codec::Rules cents{
      .min = 0, .max = 10'000'000, .description = "Integer cents; null where the service is not offered that way"};
  return codec::Object<Fees>("Fees", Field("in_person", &Fees::in_person, cents), Field("video", &Fees::video, cents),
                             Field("audio", &Fees::audio, cents));
}

constexpr auto CodecOf(const ClinicalService*) {
  using S = ClinicalService;
  return codec::Object<S>(
      "Service", Field("id", &S::id, {.read_only = true}), Field("name", &S::name, {.required = true, .max_len = 200}),
      Field("cpt_code", &S::cpt_code, {.max_len = 10}),
      Field("duration_minutes", &S::duration_minutes, {.min = 5, .max = 480}), Field("modes", &S::modes),
      Field("in_person_required", &S::in_person_required), Field("disciplines", &S::disciplines),
      Field("group_size", &S::group_size, {.min = 1, .max = 50}), Field("fees", &S::fees),
      Field("client_bookable", &S::client_bookable, {.description = "Clients may book it themselves in their portal"}),
      Field("new_clients", &S::new_clients,
            {.description = "New clients may book it as a first visit on the practice's public page"}));
}

struct ClientBooking {
  bool client_bookable = false;
  std::optional<bool> new_clients;
};
constexpr auto CodecOf(const ClientBooking*) {
  return codec::Object<ClientBooking>(
      "ServiceClientBooking", Field("client_bookable", &ClientBooking::client_bookable, {.required = true}),
      Field("new_clients", &ClientBooking::new_clients,
            {.description = "New clients may book it on the public page (unchanged when left out)"}));
}

constexpr auto CodecOf(const Block*) {
  return codec::Object<Block>(
      "Block",
      Field("weekday", &Block::weekday,
            {.required = true, .min = 1, .max = 7, .description = "1 (Monday) to 7 (Sunday)"}),
      Field("start_time", &Block::start_minute, {.required = true, .format = Format::kTimeOfDay}),
      Field("end_time", &Block::end_minute, {.required = true, .format = Format::kTimeOfDay}),
      Field("mode", &Block::mode, {.required = true}),
      Field("location_id", &Block::location_id, {.null_when_empty = true, .max_len = 36}));
}

constexpr auto CodecOf(const BlockException*) {
  using E = BlockException;
  return codec::Object<E>("BlockException", Field("date", &E::date, {.required = true}),
                          Field("kind", &E::kind, {.required = true}),
                          Field("start_time", &E::start_minute, {.format = Format::kTimeOfDay}),
                          Field("end_time", &E::end_minute, {.format = Format::kTimeOfDay}), Field("mode", &E::mode),
                          Field("location_id", &E::location_id, {.null_when_empty = true, .max_len = 36}));
}

constexpr auto CodecOf(const Availability*) {
  return codec::Object<Availability>("Availability", Field("blocks", &Availability::blocks, {.max_items = 200}),
                                     Field("exceptions", &Availability::exceptions, {.max_items = 500}));
}

constexpr auto CodecOf(const Warning*) {
  return codec::Object<Warning>(
      "Warning", Field("code", &Warning::code, {.description = "sprinkle, block_conversion, after_hours, …"}),
      Field("message", &Warning::message));
}

constexpr auto CodecOf(const Appointment*) {
  using A = Appointment;
  constexpr codec::Rules ro{.read_only = true};
  constexpr codec::Rules ro_null{.read_only = true, .null_when_empty = true};
  return codec::Object<A>(
      "Appointment", Field("id", &A::id, ro), Field("clinician_id", &A::clinician_id, ro),
      codec::Computed<std::optional<std::string>>("client_id",
                                                  [](const A& a) {
                                                    return a.client_ids.empty()
                                                               ? std::nullopt
                                                               : std::optional<std::string>(a.client_ids.front());
                                                  },
                                                  {.description = "The first client (the only one, outside groups)"}),
      Field("client_ids", &A::client_ids, ro), Field("service_id", &A::service_id, ro), Field("mode", &A::mode, ro),
      Field("location_id", &A::location_id, ro_null),
      codec::Computed<std::string>("start", [](const A& a) { return FormatTimestampIn(a.start, a.time_zone); },
                                   {.format = Format::kTimestamp}),
      codec::Computed<std::string>("end", [](const A& a) { return FormatTimestampIn(a.end, a.time_zone); },
                                   {.format = Format::kTimestamp}),
      Field("time_zone", &A::time_zone, ro), Field("status", &A::status, ro),
      Field("override_reason", &A::override_reason, ro_null), Field("warnings", &A::warnings, ro),
      Field("block_conversion", &A::block_conversion, ro), Field("version", &A::version, ro),
      Field("series_id", &A::series_id, ro_null),
      Field("client_state", &A::client_state,
            {.read_only = true,
             .null_when_empty = true,
             .description = "The state the client said they will be in (booked in the portal)"}),
      Field("joint_clinician_id", &A::joint_clinician_id,
            {.read_only = true,
             .null_when_empty = true,
             .description = "A joint visit: the clinician who joins this in-person visit by video"}),
      Field("joint_service_id", &A::joint_service_id,
            {.read_only = true, .null_when_empty = true, .description = "The service the joint clinician's part is"}),
      Field("partner_id", &A::partner_id,
            {.read_only = true,
             .null_when_empty = true,
             .description = "A partner organization whose clinician joins this in-person visit by video"}),
      Field("partner_clinician_id", &A::partner_clinician_id,
            {.read_only = true,
             .null_when_empty = true,
             .description = "The partner organization's clinician who joins by video"}),
      Field("kind", &A::kind,
            {.read_only = true, .description = "visit, or conference: a case conference among staff about the client"}),
      Field("attendee_ids", &A::attendee_ids,
            {.read_only = true, .omit_when_empty = true, .description = "A case conference's other clinicians"}),
      Field("client_names", &A::client_names,
            {.read_only = true, .omit_when_empty = true, .description = "In client_ids order, for staff lists"}),
      Field("busy", &A::busy,
            {.read_only = true,
             .omit_when_empty = true,
             .description = "Taken time only: the viewer may not see whose visit it is"}));
}

//! A booking's answer: the visit, and for a series every occurrence; a dry run has no ids.
struct BookingAnswer : Appointment {
  bool dry_run = false;
  std::vector<BookingAnswer> occurrences;
};
constexpr auto CodecOf(const BookingAnswer*) {
  using B = BookingAnswer;
  return codec::Extend<B, Appointment>(
      "BookingAnswer",
      codec::Computed<std::optional<std::string>>(
          "id", [](const B& b) { return b.dry_run ? std::nullopt : std::optional<std::string>(b.id); }),
      codec::Computed<std::optional<std::string>>("series_id",
                                                  [](const B& b) {
                                                    return b.dry_run || b.series_id.empty()
                                                               ? std::nullopt
                                                               : std::optional<std::string>(b.series_id);
                                                  }),
      Field("dry_run", &B::dry_run, {.read_only = true, .omit_when_empty = true}),
      Field("occurrences", &B::occurrences, {.read_only = true, .omit_when_empty = true}));
}

constexpr auto CodecOf(const Recurrence*) {
  return codec::Object<Recurrence>("Recurrence", Field("every_weeks", &Recurrence::every_weeks, {.min = 1, .max = 52}),
                                   Field("count", &Recurrence::count, {.min = 1, .max = 104}),
                                   Field("until", &Recurrence::until));
}

inline constexpr std::string_view kAppointmentKinds[] = {"visit", "conference"};
constexpr auto CodecOf(const NewAppointment*) {
  using N = NewAppointment;
  return codec::Object<N>(
      "Booking", Field("clinician_id", &N::clinician_id, {.required = true, .max_len = 36}),
      codec::Adapted<std::string>(
          "client_id", &N::client_ids,
          [](const std::vector<std::string>& ids) { return ids.empty() ? std::string() : ids.front(); },
          [](const std::string& id) { return std::optional<std::vector<std::string>>(std::vector<std::string>{id}); },
          {.max_len = 36, .description = "The client (or client_ids for a group)"}),
      Field("client_ids", &N::client_ids, {.max_len = 36}),
      Field("service_id", &N::service_id, {.required = true, .max_len = 36}),
      Field("mode", &N::mode, {.required = true}),
      Field("start", &N::start, {.required = true, .format = Format::kTimestamp}),
      Field("end", &N::end, {.format = Format::kTimestamp, .description = "Default: the service's length"}),
      Field("location_id", &N::location_id, {.max_len = 36}), Field("override_reason", &N::override_reason),
      Field("recurrence", &N::recurrence), Field("waitlist_entry_id", &N::waitlist_entry_id, {.max_len = 36}),
      Field("joint_clinician_id", &N::joint_clinician_id,
            {.max_len = 36, .description = "In person only: a second clinician who joins by video (a joint visit)"}),
      Field("joint_service_id", &N::joint_service_id,
            {.max_len = 36, .description = "The service the joint clinician's part is coded as"}),
      Field("partner_id", &N::partner_id,
            {.max_len = 36,
             .description = "joint_clinician_id is a clinician of this connected partner organization (no service: "
                            "their organization codes and bills their part)"}),
      Field("kind", &N::kind,
            {.max_len = 20,
             .one_of = kAppointmentKinds,
             .message = "visit or conference.",
             .description = "conference: a case conference about the client among staff only, by video"}),
      Field(
          "attendee_ids", &N::attendee_ids,
          {.max_len = 36, .max_items = 20, .description = "A case conference's other clinicians (care-team members)"}));
}

//! Who joins an in-person visit by video (a joint visit); no clinician takes the joint clinician off it.
struct JointChange {
  std::string joint_clinician_id;
  std::string joint_service_id;
  std::string partner_id;  // joint_clinician_id is a clinician of this connected partner organization
  std::int64_t version = 0;
};
constexpr auto CodecOf(const JointChange*) {
  using J = JointChange;
  return codec::Object<J>(
      "JointChange",
      Field("joint_clinician_id", &J::joint_clinician_id,
            {.null_when_empty = true, .max_len = 36, .description = "Empty or null: nobody joins any more"}),
      Field("joint_service_id", &J::joint_service_id, {.null_when_empty = true, .max_len = 36}),
      Field("partner_id", &J::partner_id,
            {.null_when_empty = true,
             .max_len = 36,
             .description = "The joining clinician is of this connected partner organization (no service)"}),
      Field("version", &J::version, {.description = "The visit's version as read (0: do not check)"}));
}

inline void CheckFields(const Recurrence& r, const std::string& path, codec::Problems& p) {
  if (!r.count && !r.until)
    p.push_back({codec::At(path, "count"), "Say how many times (count) or until when (until)."});
}
inline void CheckFields(const NewAppointment& a, const std::string& path, codec::Problems& p) {
  const bool reported =
      std::any_of(p.begin(), p.end(), [](const FieldError& e) { return e.field.starts_with("client_id"); });
  if (a.client_ids.empty() && !reported) p.push_back({codec::At(path, "client_id"), "Required."});
}

//! A change to a visit: only what is sent changes.
struct VisitChange {
  std::optional<EpochSeconds> start;
  std::optional<EpochSeconds> end;
  std::optional<VisitMode> mode;
  std::optional<std::string> location_id;
  std::optional<std::string> override_reason;
  std::int64_t version = 0;
  std::string scope = "this";
};
constexpr auto CodecOf(const VisitChange*) {
  using V = VisitChange;
  return codec::Object<V>(
      "VisitChange",
      Field("start", &V::start, {.format = Format::kTimestamp, .description = "Moves the visit, keeping its length"}),
      Field("end", &V::end, {.format = Format::kTimestamp}), Field("mode", &V::mode),
      Field("location_id", &V::location_id, {.max_len = 36}), Field("override_reason", &V::override_reason),
      Field("version", &V::version, {.min = 1, .description = "The version you last read"}),
      Field("scope", &V::scope, {.max_len = 20, .one_of = kScopes}));
}

//! Why a visit's status changes, and for a series whether the rest change too.
struct StatusChange {
  std::string reason;
  std::string scope = "this";
};
constexpr auto CodecOf(const StatusChange*) {
  return codec::Object<StatusChange>("StatusChange", Field("reason", &StatusChange::reason),
                                     Field("scope", &StatusChange::scope, {.max_len = 20, .one_of = kScopes}));
}

struct AppointmentsQuery {
  EpochSeconds from = 0;
  EpochSeconds to = 0;
  std::optional<std::string> clinician_id;
  std::optional<std::string> client_id;
  std::optional<std::string> status;
};
inline constexpr std::string_view kListedStatuses[] = {"requested",  "booked",         "confirmed",
                                                       "checked_in", "in_session",     "completed",
                                                       "cancelled",  "late_cancelled", "no_show"};
constexpr auto CodecOf(const AppointmentsQuery*) {
  using Q = AppointmentsQuery;
  return codec::Object<Q>(
      "AppointmentsQuery", Field("from", &Q::from, {.required = true, .format = Format::kTimestamp}),
      Field("to", &Q::to, {.required = true, .format = Format::kTimestamp}),
      Field("clinician_id", &Q::clinician_id, {.max_len = 36}), Field("client_id", &Q::client_id, {.max_len = 36}),
      Field("status", &Q::status,
            {.one_of = kListedStatuses, .description = "Only visits in this status (requested: booking requests)"}));
}

struct BookingQuery {
  bool dry_run = false;
};
constexpr auto CodecOf(const BookingQuery*) {
  return codec::Object<BookingQuery>(
      "BookingQuery", Field("dry_run", &BookingQuery::dry_run,
                            {.description = "Check every rule and answer 200 with the warnings, saving nothing"}));
}

struct SlotsQuery {
  std::string service_id;
  std::string client_id;
  VisitMode mode = VisitMode::kInPerson;
  EpochSeconds from = 0;
  EpochSeconds to = 0;
  std::optional<std::string> clinician_id;
};
constexpr auto CodecOf(const SlotsQuery*) {
  using Q = SlotsQuery;
  return codec::Object<Q>("SlotsQuery", Field("service_id", &Q::service_id, {.required = true, .max_len = 36}),
                          Field("client_id", &Q::client_id, {.required = true, .max_len = 36}),
                          Field("mode", &Q::mode, {.required = true}),
                          Field("from", &Q::from, {.required = true, .format = Format::kTimestamp}),
                          Field("to", &Q::to, {.required = true, .format = Format::kTimestamp}),
                          Field("clinician_id", &Q::clinician_id, {.max_len = 36}));
}

//! An open slot, written in its clinician's zone.
struct OpenSlot : Slot {
  std::string zone;
};
constexpr auto CodecOf(const OpenSlot*) {
  return codec::Object<OpenSlot>(
      "Slot", Field("clinician_id", &OpenSlot::clinician_id),
      codec::Computed<std::string>("start", [](const OpenSlot& s) { return FormatTimestampIn(s.start, s.zone); },
                                   {.format = Format::kTimestamp}),
      codec::Computed<std::string>("end", [](const OpenSlot& s) { return FormatTimestampIn(s.end, s.zone); },
                                   {.format = Format::kTimestamp}),
      Field("mode", &OpenSlot::mode),
      Field("keeps_block", &OpenSlot::keeps_block, {.description = "false: it would be a sprinkle"}),
      Field("location_id", &OpenSlot::location_id,
            {.null_when_empty = true, .description = "In person: the block's place, to book it at"}));
}

struct HealthQuery {
  std::optional<Date> from;
  std::optional<Date> to;
};
constexpr auto CodecOf(const HealthQuery*) {
  return codec::Object<HealthQuery>("HealthQuery",
                                    Field("from", &HealthQuery::from, {.description = "Default: 12 weeks ago"}),
                                    Field("to", &HealthQuery::to));
}

struct Hours {
  double in_person = 0;
  double video = 0;
  double audio = 0;
};
constexpr auto CodecOf(const Hours*) {
  return codec::Object<Hours>("HoursByMode", Field("in_person", &Hours::in_person), Field("video", &Hours::video),
                              Field("audio", &Hours::audio));
}

constexpr auto CodecOf(const HealthWeek*) {
  using H = HealthWeek;
  return codec::Object<H>(
      "HealthWeek", Field("week_start", &H::week_start),
      codec::Computed<Hours>("hours",
                             [](const H& w) {
                               return Hours{w.minutes_in_person / 60.0, w.minutes_video / 60.0, w.minutes_audio / 60.0};
                             }),
      Field("visits", &H::visits), Field("sprinkles", &H::sprinkles), Field("block_conversions", &H::block_conversions),
      Field("after_hours", &H::after_hours), Field("reschedules", &H::reschedules),
      Field("cancellations", &H::cancellations), Field("late_cancellations", &H::late_cancellations),
      Field("no_shows", &H::no_shows));
}

struct FeedState {
  bool active = false;
};
constexpr auto CodecOf(const FeedState*) {
  return codec::Object<FeedState>("CalendarFeedState", Field("active", &FeedState::active));
}
constexpr auto CodecOf(const FeedLink*) {
  return codec::Object<FeedLink>("CalendarFeedLink", Field("token", &FeedLink::token, {.description = "Shown once"}),
                                 Field("path", &FeedLink::path));
}

struct FeedQuery {
  std::string token;
};
constexpr auto CodecOf(const FeedQuery*) {
  return codec::Object<FeedQuery>("FeedQuery", Field("token", &FeedQuery::token, {.max_len = 200}));
}

struct WaitlistQuery {
  std::optional<std::string> appointment_id;
};
constexpr auto CodecOf(const WaitlistQuery*) {
  return codec::Object<WaitlistQuery>("WaitlistQuery",
                                      Field("appointment_id", &WaitlistQuery::appointment_id,
                                            {.max_len = 36, .description = "Only those a freed visit suits"}));
}

constexpr auto CodecOf(const WaitlistEntry*) {
  using W = WaitlistEntry;
  return codec::Object<W>(
      "WaitlistEntry", Field("id", &W::id, {.read_only = true}),
      Field("client_id", &W::client_id, {.required = true, .max_len = 36}),
      Field("service_id", &W::service_id, {.required = true, .max_len = 36}),
      codec::Adapted<std::string>(
          "mode", &W::mode,
          [](const std::optional<VisitMode>& m) { return m ? std::string(NameOf(*m)) : std::string("any"); },
          [](const std::string& s) {
            return std::optional<std::optional<VisitMode>>(s == "any" ? std::nullopt : ParseName<VisitMode>(s));
          },
          {.max_len = 20, .one_of = kWaitModes}),
      Field("clinician_id", &W::clinician_id, {.null_when_empty = true, .max_len = 36}),
      Field("times_of_day", &W::times_of_day, {.max_len = 20, .one_of = kTimesOfDay}),
      Field("weekdays", &W::weekdays, {.min = 1, .max = 7, .description = "1 (Monday) to 7 (Sunday)"}),
      Field("note", &W::note), Field("status", &W::status, {.read_only = true}),
      Field("created_at", &W::created_at, {.read_only = true, .format = Format::kTimestamp}));
}
constexpr auto CodecOf(const WaitlistView*) {
  return codec::Extend<WaitlistView, WaitlistEntry>(
      "WaitlistView", Field("client_name", &WaitlistView::client_name, {.read_only = true}));
}

}  // namespace duet::scheduling
