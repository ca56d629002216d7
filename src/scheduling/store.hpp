#pragma once
// SQL for locations, services, availability and appointments.
#include <optional>
#include <string>
#include <vector>

#include "platform/db/db.hpp"
#include "scheduling/model.hpp"

namespace duet::scheduling::store {

//! The most visits one list answers, and the longest waitlist read at once: lists read one more row, and
//! the service refuses (400) rather than cut the answer short silently.
inline constexpr int kMaxListedVisits = 2000;
inline constexpr int kMaxWaitlist = 1000;

Status InsertLocation(db::Connection& c, const std::string& practice_id, const Location& l, EpochSeconds now);
Result<std::vector<Location>> ListLocations(db::Connection& c, const std::string& practice_id);
//! Starts of the clinician's live in-person visits at places in a state between two times (TAP days).
Result<std::vector<EpochSeconds>> InPersonStartsInState(db::Connection& c, const std::string& practice_id,
                                                        const std::string& clinician_id, const std::string& state,
                                                        EpochSeconds from, EpochSeconds to,
                                                        const std::string& except_id);
Status InsertService(db::Connection& c, const std::string& practice_id, const ClinicalService& s, EpochSeconds now);
//! Whether clients may book the service themselves; false when the practice has no such service.
Result<bool> SetClientBookable(db::Connection& c, const std::string& practice_id, const std::string& service_id,
                               bool bookable, std::optional<bool> new_clients);
Result<std::vector<ClinicalService>> ListServices(db::Connection& c, const std::string& practice_id);
Result<std::optional<ClinicalService>> FindService(db::Connection& c, const std::string& practice_id,
                                                   const std::string& id);
//! FindService's read, to send with others (Connection::EachOf); `out` must outlive it.
db::Read ReadService(const std::string& practice_id, const std::string& id, std::optional<ClinicalService>& out);

//! The reads behind LoadAvailability, BusyForClinician and BusyForClients, to send with others in one round trip
//! (Connection::EachOf); each appends what it reads to `out`, which must outlive the read.
db::Read ReadBlocks(const std::string& practice_id, const std::string& clinician_id, std::vector<Block>& out);
db::Read ReadExceptions(const std::string& practice_id, const std::string& clinician_id,
                        std::vector<BlockException>& out);
db::Read ReadClinicianBusy(const std::string& practice_id, const std::string& clinician_id, EpochSeconds from,
                           EpochSeconds to, const std::string& except_id, std::vector<Busy>& out);
db::Read ReadClientBusy(const std::string& practice_id, const std::string& client_id, EpochSeconds from,
                        EpochSeconds to, const std::string& except_id, std::vector<Busy>& out);

Result<std::pair<std::vector<Block>, std::vector<BlockException>>> LoadAvailability(db::Connection& c,
                                                                                    const std::string& practice_id,
                                                                                    const std::string& clinician_id);
Status ReplaceAvailability(db::Connection& c, const std::string& practice_id, const std::string& clinician_id,
                           const std::vector<Block>& blocks, const std::vector<BlockException>& exceptions);

//! Takes the clinician's and clients' row locks (PostgreSQL) so that two bookings for the same
//! people are decided one after the other; SQLite's single writer already does this.
//! Every clinician of the visit (its own, a joint visit's second, a conference's attendees) is locked, in id order.
Status LockPeople(db::Connection& c, const std::string& practice_id, std::vector<std::string> clinician_ids,
                  std::vector<std::string> client_ids);
//! Live (not cancelled / no-show) appointments of the clinician, or of any of the clients, overlapping [from, to).
Result<std::vector<Busy>> BusyForClinician(db::Connection& c, const std::string& practice_id,
                                           const std::string& clinician_id, EpochSeconds from, EpochSeconds to,
                                           const std::string& except_id);
Result<std::vector<Busy>> BusyForClients(db::Connection& c, const std::string& practice_id,
                                         const std::vector<std::string>& client_ids, EpochSeconds from, EpochSeconds to,
                                         const std::string& except_id);

Status InsertAppointment(db::Connection& c, const Appointment& a, const std::string& actor_user_id);
//! Moves the status if it is still `from` (false when someone changed it first) and records who, when, why.
Result<bool> UpdateStatus(db::Connection& c, const Appointment& a, const std::string& from, const std::string& to,
                          const std::string& actor_user_id, const std::string& reason, EpochSeconds now);
//! Moves or changes a visit (time, mode, place, warnings) when its version is still a.version - 1.
Result<bool> UpdateBooking(db::Connection& c, const Appointment& a, const std::string& actor_user_id, EpochSeconds now);
//! Sets (or clears, with empty ids) the visit's joint clinician and their service, if the version still matches.
Result<bool> SetJoint(db::Connection& c, const Appointment& a, EpochSeconds now);
Result<std::optional<Appointment>> FindAppointment(db::Connection& c, const std::string& practice_id,
                                                   const std::string& id);
//! Visits of any practice a partner organization's clinician joins by video, starting in [from, to) (or the one
//! with `id`).
Result<std::vector<Appointment>> PartnerVisits(db::Connection& c, const std::string& clinician_id, EpochSeconds from,
                                               EpochSeconds to, const std::string& id = {});
struct AppointmentQuery {
  std::optional<std::string> clinician_id;
  std::optional<std::string> client_id;
  EpochSeconds from = 0;
  EpochSeconds to = 0;
  std::optional<std::string> status;  // only visits in this status (e.g. requested)
};
Result<std::vector<Appointment>> ListAppointments(db::Connection& c, const std::string& practice_id,
                                                  const AppointmentQuery& q);
//! One client's visits starting in [from, to), newest first, at most `limit`, read through the client's own
//! rows (however long the range); client_ids holds that client only.
Result<std::vector<Appointment>> ClientHistory(db::Connection& c, const std::string& practice_id,
                                               const std::string& client_id, EpochSeconds from, EpochSeconds to,
                                               int limit);

//! The practice's display name, for messages to clients.
Result<std::string> PracticeName(db::Connection& c, const std::string& practice_id);

Status InsertSeries(db::Connection& c, const std::string& practice_id, const std::string& id,
                    const std::string& clinician_id, const Recurrence& r, const std::string& actor_user_id,
                    EpochSeconds now);
//! The live visits of a series from a time on, in order.
Result<std::vector<Appointment>> SeriesFrom(db::Connection& c, const std::string& practice_id,
                                            const std::string& series_id, EpochSeconds from);
//! The (current) start of each move of the clinician's visits that now start between two times: one entry per move.
Result<std::vector<EpochSeconds>> RescheduleTimes(db::Connection& c, const std::string& practice_id,
                                                  const std::string& clinician_id, EpochSeconds from, EpochSeconds to);

//! Calendar feeds are found by the SHA-256 of their token; the token itself is never stored.
Status InsertFeed(db::Connection& c, const std::string& practice_id, const std::string& clinician_id,
                  const std::string& token_hash, const std::string& actor_user_id, EpochSeconds now);
Result<std::int64_t> RevokeFeeds(db::Connection& c, const std::string& practice_id, const std::string& clinician_id,
                                 EpochSeconds now);
//! (practice, clinician) of a live feed token.
Result<std::optional<std::pair<std::string, std::string>>> FindFeed(db::Connection& c, const std::string& token_hash);
Result<bool> HasFeed(db::Connection& c, const std::string& practice_id, const std::string& clinician_id);

Status InsertWaitlist(db::Connection& c, const std::string& practice_id, const WaitlistEntry& e,
                      const std::string& actor_user_id);
//! Entries still waiting, oldest first.
Result<std::vector<WaitlistEntry>> ListWaitlist(db::Connection& c, const std::string& practice_id);
//! Marks a waiting entry booked or removed; false when it is no longer waiting.
Result<bool> CloseWaitlist(db::Connection& c, const std::string& practice_id, const std::string& id,
                           const std::string& status, EpochSeconds now);

}  // namespace duet::scheduling::store
