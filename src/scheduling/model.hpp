#pragma once
// Services, mode blocks, appointments: the plain types of one calendar for two modes.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "platform/clock.hpp"
#include "platform/dates.hpp"
#include "platform/names.hpp"
#include "practice/model.hpp"

namespace duet::scheduling {

//! How a visit is delivered (API.md: in_person / video / audio).
enum class VisitMode { kInPerson, kVideo, kAudio };
//! The mode a clinician's block is set aside for.
enum class BlockMode { kInPerson, kTelehealth };

inline bool IsTelehealth(VisitMode m) { return m != VisitMode::kInPerson; }

constexpr auto NamesOf(const VisitMode*) {
  using P = std::pair<VisitMode, std::string_view>;
  return std::array{P{VisitMode::kInPerson, "in_person"}, P{VisitMode::kVideo, "video"}, P{VisitMode::kAudio, "audio"}};
}
constexpr auto NamesOf(const BlockMode*) {
  using P = std::pair<BlockMode, std::string_view>;
  return std::array{P{BlockMode::kInPerson, "in_person"}, P{BlockMode::kTelehealth, "telehealth"}};
}

//! Fees per mode in integer cents; nullopt where the service is not offered that way.
struct Fees {
  std::optional<std::int64_t> in_person;
  std::optional<std::int64_t> video;
  std::optional<std::int64_t> audio;
};

struct ClinicalService {
  std::string id;
  std::string name;
  std::string cpt_code;
  int duration_minutes = 50;
  std::vector<VisitMode> modes;
  bool in_person_required = false;  // intake, crisis, exposure work
  std::vector<practice::Discipline> disciplines;
  int group_size = 1;
  Fees fees;
  bool client_bookable = false;  // clients may book it themselves in their portal
  bool new_clients = false;      // new clients may book it as a first visit on the practice's public page
};

//! A weekly block in the clinician's time zone: weekday 1 = Monday … 7 = Sunday, minutes from midnight.
struct Block {
  int weekday = 1;
  int start_minute = 9 * 60;
  int end_minute = 17 * 60;
  BlockMode mode = BlockMode::kInPerson;
  std::string location_id;  // for in-person blocks
};

//! A dated change to the weekly pattern.
struct BlockException {
  enum class Kind { kTimeOff, kModeChange };
  Date date{};
  Kind kind = Kind::kTimeOff;
  int start_minute = 0;  // time off for the whole day: 0 … 1440
  int end_minute = 24 * 60;
  BlockMode mode = BlockMode::kTelehealth;  // for a mode change
  std::string location_id;
};
constexpr auto NamesOf(const BlockException::Kind*) {
  using P = std::pair<BlockException::Kind, std::string_view>;
  return std::array{P{BlockException::Kind::kTimeOff, "time_off"}, P{BlockException::Kind::kModeChange, "mode_change"}};
}

//! Time already taken: another appointment of the clinician or of the client.
struct Busy {
  std::string appointment_id;
  EpochSeconds start = 0;
  EpochSeconds end = 0;
  VisitMode mode = VisitMode::kInPerson;
  std::string location_id;
};

//! No visit lasts longer (booking refuses it), so a visit overlapping [from, to) started after
//! from − this: the stores bound their time-range reads with it and read only that window of an index.
inline constexpr EpochSeconds kLongestVisitSeconds = 24 * 3600;

//! What a booking (or reschedule, or a candidate slot) asks for.
struct BookingRequest {
  std::string clinician_zone;  // IANA zone of the clinician's blocks
  ClinicalService service;
  VisitMode mode = VisitMode::kInPerson;
  EpochSeconds start = 0;
  EpochSeconds end = 0;
  std::string location_id;
  std::optional<std::string> override_reason;  // books outside working hours or the travel buffer
};

//! Everything the rule needs, gathered by the service.
//! A warning that does not block (API.md: codes include sprinkle, block_conversion, after_hours).
struct Warning {
  std::string code;
  std::string message;
};

//! A second clinician joining an in-person visit by video (a joint visit), as the rules see them.
struct JointFacts {
  std::string clinician_id;
  std::string practice_id;  // a partner organization's clinician: their own practice (else the visit's)
  std::vector<Busy> busy;   // the joint clinician's other visits (their own and those they join)
  //! Telehealth licensure where the client is for the visit (the clinic's state), on the visit's date.
  std::optional<practice::Coverage> licensure;
};

struct BookingFacts {
  std::vector<Block> blocks;
  std::vector<BlockException> exceptions;
  std::vector<Busy> clinician_busy;  // not cancelled, excluding the appointment being moved
  std::vector<Busy> client_busy;
  //! For telehealth: the licensure answer for the client's expected state on the visit date.
  std::optional<practice::Coverage> licensure;
  int travel_buffer_minutes = 0;
  //! Warnings other capabilities add (billing: the clinician is not in network with the client's payer).
  std::vector<Warning> advisories;
  std::optional<JointFacts> joint;  // a joint visit's second clinician
  //! A case conference (staff only): no client licensure or client time; every attendee is free then.
  bool conference = false;
  std::vector<std::string> attendee_ids;
  std::vector<Busy> attendee_busy;  // the attendees' other visits
};

//! The rule's answer when a booking may go ahead.
struct BookingDecision {
  std::vector<Warning> warnings;
  bool after_hours_override = false;  // booked outside every block with a recorded reason
  bool block_conversion = false;      // first visit that changes this block's mode today
  std::optional<Block> block;         // the block the visit falls in
};

//! One clinician's calendar as slot search sees it.
struct ClinicianCalendar {
  std::string clinician_id;
  std::string zone;
  std::vector<Block> blocks;
  std::vector<BlockException> exceptions;
  std::vector<Busy> busy;  // sorted by start
  //! For telehealth: the last date the clinician may practise where the client is (nullopt: nowhere).
  std::optional<Date> licensed_through;
  std::optional<Date> licensed_from;
  //! In person: for each place of the clinician's blocks whose state is recorded, the last date the
  //! clinician may practise in that state (nullopt: not at all). Places not listed have no state.
  std::map<std::string, std::optional<Date>, std::less<>> place_licensed_through;
};

//! An open time that every rule allows.
struct Slot {
  std::string clinician_id;
  EpochSeconds start = 0;
  EpochSeconds end = 0;
  VisitMode mode = VisitMode::kInPerson;
  bool keeps_block = true;  // false: it would be a sprinkle
  std::string location_id;  // in person: the block's place, where booking it puts the visit
};

//! A place of in-person care, or the client's home.
struct Location {
  std::string id;
  std::string name;
  std::string kind = "clinic";  // clinic | client_home
  std::string address;
  std::string time_zone;
  std::string state;  // USPS code of a clinic; in-person visits there need licensure in it
};

struct Appointment {
  std::string id;
  std::string practice_id;
  std::string clinician_id;
  std::vector<std::string> client_ids;
  std::string service_id;
  VisitMode mode = VisitMode::kInPerson;
  std::string location_id;
  EpochSeconds start = 0;
  EpochSeconds end = 0;
  std::string time_zone;  // the clinician's zone when it was booked
  std::string status = "booked";
  std::string override_reason;
  std::vector<Warning> warnings;
  bool block_conversion = false;
  EpochSeconds created_at = 0;
  EpochSeconds updated_at = 0;
  std::int64_t version = 1;
  std::string series_id;
  std::string client_state;  // the state the client said they will be in (portal video bookings)
  //! A joint visit: a second clinician joins this in-person visit by video, with their own service (codes),
  //! their own progress note and charge; the visit is on both calendars (scheduling::JointPart).
  std::string joint_clinician_id;
  std::string joint_service_id;
  //! A partner organization's clinician joins this in-person visit by video instead (the client's release names
  //! the partner): their licence is checked as for the practice's own; their note and billing stay the partner's.
  std::string partner_id;
  std::string partner_clinician_id;
  //! "visit", or "conference": a case conference about the client among staff only (the clinician organizes,
  //! attendees join by video; the client is never in it, never reminded, never charged a fee).
  std::string kind = "visit";
  std::vector<std::string> attendee_ids;  // a conference's other clinicians
  std::vector<std::string> client_names;  // filled for lists shown to staff, in client_ids order
  bool busy = false;  // shown as taken time only: the viewer may not see whose visit it is (DecideVisitView)
};

//! A weekly series: every N weeks, a number of times or until a date (inclusive).
struct Recurrence {
  int every_weeks = 1;
  std::optional<int> count;
  std::optional<Date> until;
};

//! One ISO week (Monday to Sunday in the clinician's zone) of schedule health.
struct HealthWeek {
  Date week_start{};
  int minutes_in_person = 0;
  int minutes_video = 0;
  int minutes_audio = 0;
  int visits = 0;
  int sprinkles = 0;
  int block_conversions = 0;
  int after_hours = 0;
  int reschedules = 0;
  int cancellations = 0;       // cancelled with notice
  int late_cancellations = 0;  // inside the late-cancel window
  int no_shows = 0;
};

//! What the reminder says, in the client's zone: no service, no discipline, no names.
struct ReminderFacts {
  std::string practice_name;
  EpochSeconds start = 0;
  std::string client_zone;
  VisitMode mode = VisitMode::kInPerson;
  std::string address;   // in person: the clinic address
  std::string join_url;  // telehealth: where the client joins
};
struct ReminderMessage {
  std::string subject;
  std::string body;  // e-mail
  std::string text;  // SMS, one short line
};

//! An event of a clinician's calendar feed: initials only, no service or clinical detail.
struct FeedEvent {
  std::string uid;
  EpochSeconds start = 0;
  EpochSeconds end = 0;
  std::string summary;  // e.g. "A.R. · video"
  std::string status;   // CONFIRMED / CANCELLED
  std::string location;
  std::int64_t sequence = 0;
};

//! Someone waiting for a time: a service, a mode (or any), times of day and weekdays.
struct WaitlistEntry {
  std::string id;
  std::string client_id;
  std::string service_id;
  std::optional<VisitMode> mode;          // nullopt: any
  std::string clinician_id;               // empty: any clinician
  std::vector<std::string> times_of_day;  // morning (before 12), afternoon (12–17), evening (17 on); empty: any
  std::vector<int> weekdays;              // 1 = Monday … 7; empty: any
  std::string note;
  std::string status = "waiting";
  EpochSeconds created_at = 0;
};

}  // namespace duet::scheduling
