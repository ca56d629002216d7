#pragma once
// Scheduling use cases: locations, services, availability, booking.
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "platform/clock.hpp"
#include "platform/crypto.hpp"
#include "platform/db/db.hpp"
#include "platform/jobs.hpp"
#include "platform/mail.hpp"
#include "platform/policy.hpp"
#include "practice/service.hpp"
#include "scheduling/model.hpp"
#include "scheduling/rules.hpp"

namespace duet::scheduling {

using practice::Origin;

//! A booking as asked for.
struct NewAppointment {
  std::string clinician_id;
  std::vector<std::string> client_ids;
  std::string service_id;
  VisitMode mode = VisitMode::kInPerson;
  EpochSeconds start = 0;
  std::optional<EpochSeconds> end;  // default: the service's length
  std::string location_id;
  std::optional<std::string> override_reason;
  std::optional<Recurrence> recurrence;  // books a weekly series
  std::string waitlist_entry_id;         // closes this waitlist entry as booked
  std::string client_state;              // where the client says they will be (else their record's state)
  bool dry_run = false;                  // decide and report warnings, save nothing
  // A client's own booking the practice confirms first (its booking-approval setting): the time is held and the
  // visit is "requested" until staff approve it (reminders follow) or decline it.
  bool requested = false;
  std::string joint_clinician_id;  // a joint visit (in person): the clinician who joins by video
  std::string joint_service_id;    // … and the service their part is coded as
  std::string partner_id;          // … or: joint_clinician_id is a clinician of this connected partner organization
  std::string kind = "visit";      // or "conference": staff only, by video, about the client
  std::vector<std::string> attendee_ids;
};

//! Which visits of a series a change applies to.
enum class Scope { kThis, kFollowing };

//! Reminder offsets before a visit and the address clients join video visits at.
struct ReminderSettings {
  std::vector<int> offsets_minutes = {48 * 60, 2 * 60};
  std::string public_url = "http://localhost:8080";
  //! Makes a client's join link (path) for a video visit; set by the telehealth module.
  std::function<Result<std::string>(const std::string& practice_id, const std::string& appointment_id,
                                    const std::string& client_id)>
      join_link;
};

//! A new calendar feed: the token is shown once and only its hash is kept.
struct FeedLink {
  std::string token;
  std::string path;  // /api/v1/clinicians/{id}/calendar.ics?token=…
};

//! A waitlist entry with the name the front desk needs to call them.
struct WaitlistView : WaitlistEntry {
  std::string client_name;
};

struct Availability {
  std::vector<Block> blocks;
  std::vector<BlockException> exceptions;
};

class Service {
 public:
  Service(db::Database& db, const Clock& clock, practice::Service& directory, int travel_buffer_minutes = 30);

  Result<std::vector<Location>> ListLocations(const Principal& who);
  Result<Location> CreateLocation(const Principal& who, Location location, const Origin& origin);
  Result<std::vector<ClinicalService>> ListServices(const Principal& who);
  Result<ClinicalService> CreateService(const Principal& who, ClinicalService service, const Origin& origin);
  //! Lets clients book the service themselves in their portal (or stops it); the service as it now is.
  Result<ClinicalService> SetClientBookable(const Principal& who, const std::string& service_id, bool bookable,
                                            std::optional<bool> new_clients, const Origin& origin);

  Result<Availability> GetAvailability(const Principal& who, const std::string& clinician_id);
  //! Replaces the weekly blocks and exceptions (owner, front desk, or the clinician themself).
  Result<Availability> PutAvailability(const Principal& who, const std::string& clinician_id, Availability availability,
                                       const Origin& origin);

  //! Books after every rule allows it; 409 when the time is taken, 422 naming the rule otherwise.
  Result<Appointment> Book(const Principal& who, const NewAppointment& request, const Origin& origin);
  //! Books every occurrence of a weekly series, or none: the error names the date that failed.
  Result<std::vector<Appointment>> BookSeries(const Principal& who, const NewAppointment& request,
                                              const Origin& origin);
  //! Confirm, check in, cancel (with a reason; late inside 24 h), no-show…: who, when and why are kept.
  //! With Scope::kFollowing a cancellation also cancels the later visits of its series.
  Result<Appointment> ChangeStatus(const Principal& who, const std::string& id, StatusAction action,
                                   const std::string& reason, const Origin& origin, Scope scope = Scope::kThis);
  //! Moves a visit or changes its mode or place; the same rules as booking apply. `version` guards lost updates.
  //! With Scope::kFollowing the later visits of its series move the same way (same local time), all or none.
  Result<Appointment> Reschedule(const Principal& who, const std::string& id, const NewAppointment& changes,
                                 std::int64_t version, const Origin& origin, Scope scope = Scope::kThis);
  //! Open slots for a client and a service in a mode, across eligible clinicians (or one), that
  //! every rule allows; block-keeping slots first, soonest first. An empty `client_id` is a new client
  //! with no record yet, in `client_state`.
  Result<std::vector<std::pair<Slot, std::string>>> FindOpenSlots(const Principal& who, const std::string& service_id,
                                                                  const std::string& client_id, VisitMode mode,
                                                                  EpochSeconds from, EpochSeconds to,
                                                                  const std::optional<std::string>& clinician_id,
                                                                  const std::string& client_state = {});
  Result<Appointment> GetAppointment(const Principal& who, const std::string& id, const Origin& origin);
  //! An appointment without a principal, for modules that authorise and audit on their own
  //! (a client entering a video visit through a join link). Not found if not in the practice.
  Result<Appointment> FindAppointment(const std::string& practice_id, const std::string& id);
  //! One client's visits starting in [from, to), newest first, at most `limit` (a client's own history in
  //! their portal; the caller authorises and audits).
  Result<std::vector<Appointment>> ClientHistory(const std::string& practice_id, const std::string& client_id,
                                                 EpochSeconds from, EpochSeconds to, int limit);
  //! The practice's display name (join pages, reminders).
  Result<std::string> PracticeName(const std::string& practice_id);
  //! `status`: only visits in that status (the front desk's booking requests).
  //! A joint visit: a second clinician (with the service their part is coded as) joins this in-person visit by
  //! video; empty ids take them off it. The owner, the front desk, the visit's clinician or the joining clinician
  //! themself (on the client's care team).
  //! With `partner_id`, the joining clinician is a clinician of that connected partner organization (no service:
  //! their part is coded and billed by their organization), under the client's release naming it.
  Result<Appointment> SetJoint(const Principal& who, const std::string& id, const std::string& joint_clinician_id,
                               const std::string& joint_service_id, const std::string& partner_id, std::int64_t version,
                               const Origin& origin);
  //! A partner clinician's joint visits in other practices that start in [from, to) (their calendar and room;
  //! the caller checks the partner's grant and audits).
  Result<std::vector<Appointment>> PartnerVisits(const std::string& clinician_id, EpochSeconds from, EpochSeconds to);
  //! The state of the clinic at `location_id` of the practice, where a client seen there is ("" for the client's
  //! home, or a place without a state: then the client's own state counts).
  Result<std::string> ClinicState(const std::string& practice_id, const std::string& location_id);
  //! One visit a partner clinician joins, whatever practice it is in; not found otherwise.
  Result<Appointment> FindPartnerVisit(const std::string& clinician_id, const std::string& id);
  Result<std::vector<Appointment>> ListAppointments(const Principal& who,
                                                    const std::optional<std::string>& clinician_id,
                                                    const std::optional<std::string>& client_id, EpochSeconds from,
                                                    EpochSeconds to, const Origin& origin,
                                                    const std::optional<std::string>& status = std::nullopt);
  //! E-mails the client the practice's answer to their booking request (job `appointment.request_answer`): that it
  //! was confirmed or could not be, and to sign in; no detail.
  Result<std::string> SendRequestAnswer(const jobs::Job& job);

  //! Weekly burnout signals of a clinician (owner, supervisors, or the clinician themself).
  //! Without dates: the 12 weeks up to today.
  Result<std::vector<HealthWeek>> ScheduleHealthOf(const Principal& who, const std::string& clinician_id,
                                                   std::optional<Date> from, std::optional<Date> to);

  //! Calendar feeds: a new token (revoking the old), revoke, whether one is live, and the feed itself.
  Result<FeedLink> CreateFeed(const Principal& who, const std::string& clinician_id, const Origin& origin);
  Status RevokeFeed(const Principal& who, const std::string& clinician_id, const Origin& origin);
  Result<bool> HasFeed(const Principal& who, const std::string& clinician_id);
  //! The iCalendar text for a token; not_found for an unknown or revoked token.
  Result<std::string> Feed(const std::string& clinician_id, const std::string& token, const Origin& origin);

  //! The waitlist (owner and front desk); with an appointment, only entries its time suits.
  Result<std::vector<WaitlistView>> Waitlist(const Principal& who, const std::optional<std::string>& appointment_id,
                                             const Origin& origin);
  Result<WaitlistEntry> AddToWaitlist(const Principal& who, WaitlistEntry entry, const Origin& origin);
  Status RemoveFromWaitlist(const Principal& who, const std::string& id, const Origin& origin);

  //! Reminders go out through these; without them nothing is sent (and nothing is queued).
  void SetReminders(ReminderSettings settings, mail::Mailer* mailer, mail::WebhookTexter* texter);
  //! The job handler: sends one reminder (skips visits that moved, closed or passed).
  Result<std::string> SendReminder(const jobs::Job& job);

 public:
  //! The practice keys that seal override and cancel reasons and waitlist notes at rest.
  void SetKeys(crypto::KeyFor keys) { keys_ = std::move(keys); }
  //! What other capabilities warn about when a visit is booked (billing: not in network with the
  //! client's primary payer on the visit date). Warnings only: never a wall.
  using BookingAdvisor =
      std::function<Result<std::vector<Warning>>(const std::string& practice_id, const practice::Clinician& clinician,
                                                 const std::vector<practice::Client>& clients, Date on)>;
  void SetAdvisor(BookingAdvisor advisor) { advisor_ = std::move(advisor); }
  //! What else happens when a visit's status changes (billing charges a late cancellation's or a
  //! no-show's fee): the hook reads first and returns the write to run in the status change's transaction.
  using StatusHook = std::function<Result<std::function<Status(db::Connection&)>>(
      const Principal& who, const Appointment& visit, const std::string& status, EpochSeconds now)>;
  void OnStatusChanged(StatusHook hook) { status_hooks_.push_back(std::move(hook)); }
  //! What else happens when a visit is booked (not a client's request: that is booked when approved, a status
  //! change) — care/ advances a referral — inside the booking's write. The hook adds what it reads for the visit
  //! to `reads` (sent with the booking's own reads: one round trip on PostgreSQL) and returns the step to run,
  //! with what they found, after the visit's rows are written.
  using AfterBooked = std::function<Status(db::Connection&, EpochSeconds now)>;
  using BookedHook = std::function<AfterBooked(const Appointment& visit, std::vector<db::Read>& reads)>;
  void OnBooked(BookedHook hook) { booked_hooks_.push_back(std::move(hook)); }
  //! What else happens when a joint clinician leaves a visit (their part, scheduling::JointPart, is gone).
  using UnjoinedHook = std::function<Status(db::Connection&, const Appointment& part, EpochSeconds now)>;
  void OnUnjoined(UnjoinedHook hook) { unjoined_hooks_.push_back(std::move(hook)); }
  //! A partner organization's clinician who would join a visit by video: care/ decides from the partner's
  //! connection and the clients' releases naming it; the answer is the clinician as their practice knows them.
  using PartnerJoiner = std::function<Result<practice::Clinician>(
      const std::string& practice_id, const std::string& partner_id, const std::string& clinician_id,
      const std::vector<std::string>& client_ids)>;
  void SetPartnerJoiner(PartnerJoiner joiner) { partner_joiner_ = std::move(joiner); }

 private:
  crypto::KeyFor keys_;
  //! Free text staff write about a visit is sealed with the practice key before it is stored ...
  Result<std::string> SealText(const std::string& practice_id, const std::string& text, const std::string& context);
  //! ... and a visit's reason opened when it is read (`shared`: one key for a whole list).
  Status OpenReason(Appointment& a, crypto::LazyKey* shared = nullptr);
  //! Who the viewer is to visits: their clinician record, the clinicians they supervise, their client record.
  struct Viewer {
    std::string clinician_id;
    std::vector<std::string> supervisees;
    std::string client_id;
    std::unordered_set<std::string> charts;  // clients of the visits at hand whose full chart the viewer may read
  };
  //! `visits`: the visits about to be shown, whose clients' charts are looked up at once.
  Result<Viewer> ViewerOf(const Principal& who, const std::vector<Appointment>& visits = {});
  //! The viewer's relationship to a visit (`chart_known`: the caller already knows they may read the chart).
  VisitRelationship RelationTo(const Viewer& viewer, const Appointment& a, bool chart_known = false) const;
  //! Finds a visit the viewer may act on (check in, cancel, move); not found otherwise.
  Status MayActOn(const Principal& who, const Appointment& a);
  //! Saves a decided visit: the row, its reminders and an audit event per client.
  //! `ahead`: the booked hooks' steps, their reads already answered (Book sends them with the rules' reads);
  //! without it the hooks read here.
  Status Insert(db::Connection& c, const Principal& who, const Appointment& a, const Origin& origin, EpochSeconds now,
                const std::vector<AfterBooked>* ahead = nullptr);
  Status QueueReminders(db::Connection& c, const Appointment& a, EpochSeconds now);
  Status MaySeeHealth(const Principal& who, const practice::Clinician& clinician);
  Status MayManageWaitlist(const Principal& who);
  Status MayManageSchedule(const Principal& who, const practice::Clinician& clinician);
  //! A client books (from their portal) only for themselves, under every rule: no override, series or waitlist.
  Status MayBookForSelf(const Principal& who, const NewAppointment& r);
  //! Gathers the facts and decides a booking or a move, inside the caller's write transaction.
  //! `also`: other reads to send with the rules' own (one round trip on PostgreSQL).
  Result<BookingDecision> Decide(db::Connection& c, const Principal& who, const BookingRequest& request,
                                 BookingFacts facts, const std::string& clinician_id,
                                 const std::vector<std::string>& client_ids, const std::string& except_id,
                                 std::span<const db::Read> also = {});
  //! The joint clinician's facts read before the write: who they are, that their service is theirs and by video,
  //! and their telehealth licensure where the clinic is (else where each client is) on the visit's date.
  Result<JointFacts> PrepareJoint(const Principal& who, const std::string& clinician_id,
                                  const std::string& joint_clinician_id, const std::string& joint_service_id,
                                  const std::string& location_id, const std::vector<practice::Client>& clients,
                                  EpochSeconds start, const std::string& partner_id = {});
  //! The joining clinician's telehealth licensure where the clinic is (else where each client is) on the visit's date.
  Result<JointFacts> JointLicensure(const Principal& who, const practice::Clinician& k, const std::string& location_id,
                                    const std::vector<practice::Client>& clients, EpochSeconds start);
  //! A case conference about one client: the organizer and each attendee (once, active) on the care team today.
  Status PrepareConference(const Principal& who, const NewAppointment& r, const practice::Client& client);
  //! Whether a visit, once written, runs the booked hooks (not a request, not a case conference).
  static bool RunsBookedHooks(const Appointment& a);
  //! The booked hooks' reads for these parts of a visit, and each hook's step for each part.
  std::vector<AfterBooked> ReadBookedHooks(const std::vector<Appointment>& parts, std::vector<db::Read>& reads);
  //! Runs the booked hooks for these parts of a visit (reads, then steps).
  Status RunBookedHooks(db::Connection& c, const std::vector<Appointment>& parts, EpochSeconds now);
  //! The request and licensure facts for a booking of these people.
  Result<std::pair<BookingRequest, BookingFacts>> Prepare(const Principal& who, const NewAppointment& r,
                                                          const std::string& except_id = {});

  db::Database& db_;
  const Clock& clock_;
  practice::Service& directory_;
  int travel_buffer_minutes_;
  std::vector<StatusHook> status_hooks_;
  std::vector<BookedHook> booked_hooks_;
  std::vector<UnjoinedHook> unjoined_hooks_;
  BookingAdvisor advisor_;
  PartnerJoiner partner_joiner_;
  ReminderSettings reminders_;
  mail::Mailer* mailer_ = nullptr;
  mail::WebhookTexter* texter_ = nullptr;
};

}  // namespace duet::scheduling
