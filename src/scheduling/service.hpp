#pragma once
// Scheduling use cases: locations, services, availability, booking.
#include <optional>
#include <string>
#include <vector>

#include "platform/clock.hpp"
#include "platform/db/db.hpp"
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

  Result<Availability> GetAvailability(const Principal& who, const std::string& clinician_id);
  //! Replaces the weekly blocks and exceptions (owner, front desk, or the clinician themself).
  Result<Availability> PutAvailability(const Principal& who, const std::string& clinician_id, Availability availability,
                                       const Origin& origin);

  //! Books after every rule allows it; 409 when the time is taken, 422 naming the rule otherwise.
  Result<Appointment> Book(const Principal& who, const NewAppointment& request, const Origin& origin);
  //! Confirm, check in, cancel (with a reason; late inside 24 h), no-show…: who, when and why are kept.
  Result<Appointment> ChangeStatus(const Principal& who, const std::string& id, StatusAction action, const std::string& reason,
                                   const Origin& origin);
  //! Moves a visit or changes its mode or place; the same rules as booking apply. `version` guards lost updates.
  Result<Appointment> Reschedule(const Principal& who, const std::string& id, const NewAppointment& changes, std::int64_t version,
                                 const Origin& origin);
  //! Open slots for a client and a service in a mode, across eligible clinicians (or one), that
  //! every rule allows; block-keeping slots first, soonest first.
  Result<std::vector<std::pair<Slot, std::string>>> FindOpenSlots(const Principal& who, const std::string& service_id,
                                                                   const std::string& client_id, VisitMode mode, EpochSeconds from,
                                                                   EpochSeconds to, const std::optional<std::string>& clinician_id);
  Result<Appointment> GetAppointment(const Principal& who, const std::string& id, const Origin& origin);
  Result<std::vector<Appointment>> ListAppointments(const Principal& who, const std::optional<std::string>& clinician_id,
                                                    const std::optional<std::string>& client_id, EpochSeconds from, EpochSeconds to,
                                                    const Origin& origin);

 private:
  Status MayManageSchedule(const Principal& who, const practice::Clinician& clinician);
  //! Gathers the facts and decides a booking or a move, inside the caller's write transaction.
  Result<BookingDecision> Decide(db::Connection& c, const Principal& who, const BookingRequest& request, BookingFacts facts,
                                 const std::string& clinician_id, const std::vector<std::string>& client_ids, const std::string& except_id);
  //! The request and licensure facts for a booking of these people.
  Result<std::pair<BookingRequest, BookingFacts>> Prepare(const Principal& who, const NewAppointment& r);

  db::Database& db_;
  const Clock& clock_;
  practice::Service& directory_;
  int travel_buffer_minutes_;
};

}  // namespace duet::scheduling
