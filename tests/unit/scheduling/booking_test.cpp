// The booking rules and the time-zone arithmetic behind them.
#include <gtest/gtest.h>

#include <functional>

#include "scheduling/rules.hpp"

namespace duet::scheduling {
namespace {

Date D(const char* s) { return *ParseDate(s); }
constexpr const char* kDenver = "America/Denver";
EpochSeconds At(const char* day, int hour, int minute = 0, const char* zone = kDenver) {
  return FromLocal(D(day), hour * 60 + minute, zone);
}

ClinicalService Followup() {
  ClinicalService s;
  s.id = "svc";
  s.name = "Follow-up psychotherapy";
  s.cpt_code = "90834";
  s.duration_minutes = 50;
  s.modes = {VisitMode::kInPerson, VisitMode::kVideo, VisitMode::kAudio};
  return s;
}

practice::Coverage Covered(bool allowed) {
  practice::Coverage c;
  c.state = "CO";
  c.allowed = allowed;
  c.message = allowed ? "Licensed in Colorado." : "No Texas license or compact privilege.";
  if (!allowed) c.state = "TX";
  return c;
}

// Tuesday 2026-12-01: in person 08:00–12:00 at the clinic, telehealth 13:00–17:00.
BookingFacts Week() {
  BookingFacts f;
  f.blocks = {{2, 8 * 60, 12 * 60, BlockMode::kInPerson, "clinic"}, {2, 13 * 60, 17 * 60, BlockMode::kTelehealth, ""}};
  f.licensure = Covered(true);
  f.travel_buffer_minutes = 30;
  return f;
}

BookingRequest Visit(VisitMode mode, EpochSeconds start, std::string location = "clinic") {
  return {kDenver, Followup(), mode, start, start + 50 * 60, std::move(location), std::nullopt};
}

TEST(Booking, DecidesEveryCaseOfTheTable) {
  struct Case {
    const char* name;
    BookingRequest request;
    BookingFacts facts;
    ErrorCode error;  // kInternal means "no error"
    std::string rule;
    std::vector<std::string> warnings;
  };
  auto with = [](BookingFacts f, auto change) {
    change(f);
    return f;
  };
  ClinicalService intake = Followup();
  intake.name = "Intake";
  intake.in_person_required = true;
  BookingRequest intake_video = Visit(VisitMode::kVideo, At("2026-12-01", 14));
  intake_video.service = intake;
  ClinicalService in_person_only = Followup();
  in_person_only.modes = {VisitMode::kInPerson};
  BookingRequest audio_not_offered = Visit(VisitMode::kAudio, At("2026-12-01", 14));
  audio_not_offered.service = in_person_only;
  BookingRequest after_hours = Visit(VisitMode::kVideo, At("2026-12-01", 18));
  BookingRequest after_hours_override = after_hours;
  after_hours_override.override_reason = "Client works days; agreed evening visit";
  BookingRequest far_clinic = Visit(VisitMode::kInPerson, At("2026-12-01", 10, 10), "annex");
  BookingRequest far_clinic_override = far_clinic;
  far_clinic_override.override_reason = "Annex is next door";

  const Case cases[] = {
      {"in-person visit in an in-person block",
       Visit(VisitMode::kInPerson, At("2026-12-01", 9)),
       Week(),
       ErrorCode::kInternal,
       "",
       {}},
      {"video visit in a telehealth block",
       Visit(VisitMode::kVideo, At("2026-12-01", 13)),
       Week(),
       ErrorCode::kInternal,
       "",
       {}},
      {"a visit that ends exactly when the block ends",
       Visit(VisitMode::kVideo, At("2026-12-01", 16, 10)),
       Week(),
       ErrorCode::kInternal,
       "",
       {}},
      {"in-person-required service by video", intake_video, Week(), ErrorCode::kRule, "in_person_required", {}},
      {"mode the service does not offer", audio_not_offered, Week(), ErrorCode::kRule, "mode", {}},
      {"telehealth where the clinician is not licensed",
       Visit(VisitMode::kVideo, At("2026-12-01", 14)),
       with(Week(), [](BookingFacts& f) { f.licensure = Covered(false); }),
       ErrorCode::kRule,
       "licensure",
       {}},
      {"audio-only counts as telehealth for licensure",
       Visit(VisitMode::kAudio, At("2026-12-01", 14)),
       with(Week(), [](BookingFacts& f) { f.licensure = Covered(false); }),
       ErrorCode::kRule,
       "licensure",
       {}},
      {"in person needs no telehealth licensure answer",
       Visit(VisitMode::kInPerson, At("2026-12-01", 9)),
       with(Week(), [](BookingFacts& f) { f.licensure.reset(); }),
       ErrorCode::kInternal,
       "",
       {}},
      {"clinician double-booked",
       Visit(VisitMode::kVideo, At("2026-12-01", 14)),
       with(Week(),
            [](BookingFacts& f) {
              f.clinician_busy.push_back(
                  {"a", At("2026-12-01", 14, 30), At("2026-12-01", 15, 20), VisitMode::kVideo, ""});
            }),
       ErrorCode::kConflict,
       "",
       {}},
      {"client double-booked with someone else",
       Visit(VisitMode::kVideo, At("2026-12-01", 14)),
       with(Week(),
            [](BookingFacts& f) {
              f.client_busy.push_back(
                  {"b", At("2026-12-01", 13, 30), At("2026-12-01", 14, 1), VisitMode::kInPerson, "x"});
            }),
       ErrorCode::kConflict,
       "",
       {}},
      {"back to back is not an overlap",
       Visit(VisitMode::kVideo, At("2026-12-01", 14)),
       with(Week(),
            [](BookingFacts& f) {
              f.clinician_busy.push_back({"a", At("2026-12-01", 13), At("2026-12-01", 14), VisitMode::kVideo, ""});
            }),
       ErrorCode::kInternal,
       "",
       {}},
      {"outside every block", after_hours, Week(), ErrorCode::kRule, "working_hours", {}},
      {"outside every block with a reason", after_hours_override, Week(), ErrorCode::kInternal, "", {"after_hours"}},
      {"in the lunch gap",
       Visit(VisitMode::kInPerson, At("2026-12-01", 11, 30)),
       Week(),
       ErrorCode::kRule,
       "working_hours",
       {}},
      {"on a day with no blocks",
       Visit(VisitMode::kVideo, At("2026-12-02", 14)),
       Week(),
       ErrorCode::kRule,
       "working_hours",
       {}},
      {"time off cuts the block",
       Visit(VisitMode::kVideo, At("2026-12-01", 14)),
       with(Week(),
            [](BookingFacts& f) {
              f.exceptions.push_back({D("2026-12-01"), BlockException::Kind::kTimeOff, 13 * 60, 15 * 60});
            }),
       ErrorCode::kRule,
       "working_hours",
       {}},
      {"what time off leaves stays open",
       Visit(VisitMode::kVideo, At("2026-12-01", 15)),
       with(Week(),
            [](BookingFacts& f) {
              f.exceptions.push_back({D("2026-12-01"), BlockException::Kind::kTimeOff, 13 * 60, 15 * 60});
            }),
       ErrorCode::kInternal,
       "",
       {}},
      {"a sprinkle: video in an in-person morning",
       Visit(VisitMode::kVideo, At("2026-12-01", 9)),
       Week(),
       ErrorCode::kInternal,
       "",
       {"sprinkle", "block_conversion"}},
      {"the second sprinkle that morning is not a new conversion",
       Visit(VisitMode::kVideo, At("2026-12-01", 10)),
       with(Week(),
            [](BookingFacts& f) {
              f.clinician_busy.push_back({"a", At("2026-12-01", 8), At("2026-12-01", 8, 50), VisitMode::kVideo, ""});
            }),
       ErrorCode::kInternal,
       "",
       {"sprinkle"}},
      {"in person in a telehealth afternoon",
       Visit(VisitMode::kInPerson, At("2026-12-01", 14)),
       Week(),
       ErrorCode::kInternal,
       "",
       {"sprinkle", "block_conversion"}},
      {"a one-day mode change makes the morning telehealth",
       Visit(VisitMode::kVideo, At("2026-12-01", 9)),
       with(Week(),
            [](BookingFacts& f) {
              f.exceptions.push_back(
                  {D("2026-12-01"), BlockException::Kind::kModeChange, 8 * 60, 12 * 60, BlockMode::kTelehealth});
            }),
       ErrorCode::kInternal,
       "",
       {}},
      {"no time to travel between places",
       far_clinic,
       with(Week(),
            [](BookingFacts& f) {
              f.clinician_busy.push_back(
                  {"a", At("2026-12-01", 9), At("2026-12-01", 9, 50), VisitMode::kInPerson, "clinic"});
            }),
       ErrorCode::kRule,
       "travel_buffer",
       {}},
      {"no time to travel, with a reason",
       far_clinic_override,
       with(Week(),
            [](BookingFacts& f) {
              f.clinician_busy.push_back(
                  {"a", At("2026-12-01", 9), At("2026-12-01", 9, 50), VisitMode::kInPerson, "clinic"});
            }),
       ErrorCode::kInternal,
       "",
       {"travel_buffer"}},
      {"same place needs no travel time",
       Visit(VisitMode::kInPerson, At("2026-12-01", 10)),
       with(Week(),
            [](BookingFacts& f) {
              f.clinician_busy.push_back(
                  {"a", At("2026-12-01", 9), At("2026-12-01", 9, 50), VisitMode::kInPerson, "clinic"});
            }),
       ErrorCode::kInternal,
       "",
       {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto got = CheckBooking(c.request, c.facts);
    if (c.error == ErrorCode::kInternal) {
      ASSERT_TRUE(got) << got.error().public_message;
      std::vector<std::string> codes;
      for (const auto& w : got->warnings) codes.push_back(w.code);
      EXPECT_EQ(codes, c.warnings);
    } else {
      ASSERT_FALSE(got);
      EXPECT_EQ(got.error().code, c.error);
      EXPECT_EQ(got.error().rule, c.rule);
      EXPECT_FALSE(got.error().public_message.empty());
    }
  }
}

TEST(Booking, LicensureErrorOffersTheFix) {
  BookingFacts f = Week();
  f.licensure = Covered(false);
  auto got = CheckBooking(Visit(VisitMode::kVideo, At("2026-12-01", 14)), f);
  ASSERT_FALSE(got);
  EXPECT_NE(got.error().public_message.find("Telehealth to TX: No Texas license"), std::string::npos);
  EXPECT_NE(got.error().public_message.find("Book in person, choose another clinician"), std::string::npos);
}

TEST(Booking, InPersonNeedsLicensureWhereTheClinicIs) {
  BookingFacts f = Week();
  f.licensure = Covered(false);  // the clinic's state; nullopt when the place has no state recorded
  auto in_person = Visit(VisitMode::kInPerson, At("2026-12-01", 9));
  in_person.location_id = "clinic";
  auto got = CheckBooking(in_person, f);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().rule, "licensure");
  EXPECT_NE(got.error().public_message.find("In person in TX"), std::string::npos);
  f.licensure = Covered(true);
  EXPECT_TRUE(CheckBooking(in_person, f));
  f.licensure.reset();
  EXPECT_TRUE(CheckBooking(in_person, f)) << "no state recorded for the place: no in-person check";
}

TEST(JointVisits, TheJoiningClinicianKeepsEveryRuleThatIsTheirs) {
  JointFacts j;
  j.clinician_id = "np";
  j.licensure = Covered(true);
  BookingFacts f = Week();
  f.joint = j;
  auto in_person = Visit(VisitMode::kInPerson, At("2026-12-01", 9));
  EXPECT_TRUE(CheckBooking(in_person, f)) << "in person, the joining clinician licensed where the clinic is, and free";
  struct Case {
    const char* name;
    VisitMode mode;
    std::function<void(JointFacts&)> change;
    ErrorCode error;
    std::string rule;
  };
  const Case cases[] = {
      {"a video visit has its own room: joint visits are in person", VisitMode::kVideo, [](JointFacts&) {},
       ErrorCode::kRule, "joint"},
      {"not licensed by telehealth where the clinic is", VisitMode::kInPerson,
       [](JointFacts& x) { x.licensure = Covered(false); }, ErrorCode::kRule, "licensure"},
      {"nothing known about where the client will be", VisitMode::kInPerson, [](JointFacts& x) { x.licensure.reset(); },
       ErrorCode::kRule, "licensure"},
      {"the joining clinician has a visit then (their own or one they join)", VisitMode::kInPerson,
       [](JointFacts& x) {
         x.busy.push_back({"other", At("2026-12-01", 9, 30), At("2026-12-01", 10, 30), VisitMode::kVideo, ""});
       },
       ErrorCode::kConflict, ""},
  };
  for (const auto& c : cases) {
    JointFacts x = j;
    c.change(x);
    auto got = CheckJoint(c.mode, At("2026-12-01", 9), At("2026-12-01", 9, 50), x);
    ASSERT_FALSE(got) << c.name;
    EXPECT_EQ(got.error().code, c.error) << c.name;
    EXPECT_EQ(got.error().rule, c.rule) << c.name;
  }
  // A visit just after the joining clinician's other visit is fine.
  JointFacts after = j;
  after.busy.push_back({"other", At("2026-12-01", 8), At("2026-12-01", 9), VisitMode::kVideo, ""});
  EXPECT_TRUE(CheckJoint(VisitMode::kInPerson, At("2026-12-01", 9), At("2026-12-01", 9, 50), after));
}

TEST(CaseConferences, StaffOnlyByVideoAndEveryAttendeeFree) {
  BookingFacts f = Week();
  f.conference = true;
  f.licensure = Covered(false);  // no client is treated: licensure where the client is does not apply
  f.client_busy.push_back({"client-visit", At("2026-12-01", 14), At("2026-12-01", 15), VisitMode::kVideo, ""});
  auto video = Visit(VisitMode::kVideo, At("2026-12-01", 14));
  EXPECT_TRUE(CheckBooking(video, f)) << "the client's own visit then does not matter: they are not in it";
  auto in_person = Visit(VisitMode::kInPerson, At("2026-12-01", 9));
  auto refused = CheckBooking(in_person, f);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().rule, "conference");
  f.attendee_busy.push_back({"other", At("2026-12-01", 14, 30), At("2026-12-01", 15), VisitMode::kVideo, ""});
  auto busy = CheckBooking(video, f);
  ASSERT_FALSE(busy);
  EXPECT_EQ(busy.error().code, ErrorCode::kConflict);
  EXPECT_NE(busy.error().public_message.find("attendee"), std::string::npos);
  f.conference = false;
  f.attendee_busy.clear();
  f.client_busy.clear();
  EXPECT_EQ(CheckBooking(video, f).error().rule, "licensure") << "a visit with the client keeps its licensure rule";
}

TEST(JointVisits, TheJoiningClinicianHasTheirOwnPartByVideo) {
  Appointment a;
  a.id = "v";
  a.clinician_id = "therapist";
  a.service_id = "therapy";
  a.mode = VisitMode::kInPerson;
  a.location_id = "clinic";
  EXPECT_FALSE(IsJoint(a));
  EXPECT_EQ(RoomMode(a), "in_person") << "no room for a visit in person only";
  EXPECT_EQ(PartOf(a, "np").clinician_id, "therapist");
  a.joint_clinician_id = "np";
  a.joint_service_id = "medication";
  EXPECT_TRUE(IsJoint(a));
  EXPECT_EQ(RoomMode(a), "video");
  Appointment part = JointPart(a);
  EXPECT_EQ(part.id, "v");
  EXPECT_EQ(part.clinician_id, "np");
  EXPECT_EQ(part.service_id, "medication");
  EXPECT_EQ(part.mode, VisitMode::kVideo);
  EXPECT_TRUE(part.location_id.empty());
  EXPECT_FALSE(IsJoint(part));
  EXPECT_EQ(PartOf(a, "np").service_id, "medication");
  EXPECT_EQ(PartOf(a, "therapist").service_id, "therapy");
}

TEST(JointVisits, APartnersClinicianOpensTheRoomButHasNoPartHere) {
  Appointment a;
  a.clinician_id = "therapist";
  a.service_id = "therapy";
  a.mode = VisitMode::kInPerson;
  a.partner_id = "summit";
  a.partner_clinician_id = "psychiatrist";
  EXPECT_TRUE(IsPartnerJoint(a));
  EXPECT_FALSE(IsJoint(a)) << "no note or charge of theirs in this practice: their organization codes their part";
  EXPECT_EQ(RoomMode(a), "video") << "they join the in-person visit by video";
  EXPECT_EQ(PartOf(a, "psychiatrist").clinician_id, "therapist");
  a.partner_clinician_id.clear();
  EXPECT_EQ(RoomMode(a), "in_person");
}

TEST(TimeZones, AWeeklySeriesKeepsItsLocalTimeAcrossDst) {
  // US DST ends 2026-11-01: Denver moves from UTC-6 to UTC-7; Phoenix stays at UTC-7.
  auto denver = WeeklySeries(D("2026-10-20"), 9 * 60, kDenver, 1, 4, std::nullopt);
  ASSERT_EQ(denver.size(), 4u);
  for (auto t : denver) EXPECT_EQ(ToLocal(t, kDenver).minute, 9 * 60);
  EXPECT_EQ((denver[1] - denver[0]) / 3600, 7 * 24);      // 10-20 → 10-27, both MDT
  EXPECT_EQ((denver[2] - denver[1]) / 3600, 7 * 24 + 1);  // across the change: one hour longer
  auto phoenix = WeeklySeries(D("2026-10-20"), 9 * 60, "America/Phoenix", 1, 4, std::nullopt);
  for (std::size_t i = 1; i < phoenix.size(); ++i) EXPECT_EQ((phoenix[i] - phoenix[i - 1]) / 3600, 7 * 24);
  // A client in New York sees the 09:00 Denver visit at 11:00 once both are back on standard time.
  EXPECT_EQ(ToLocal(denver[2], "America/New_York").minute, 11 * 60);
}

TEST(TimeZones, SeriesStopAtTheirEndDateAndSkipWeeks) {
  auto s = WeeklySeries(D("2026-12-01"), 10 * 60, kDenver, 2, 10, D("2027-01-12"));
  ASSERT_EQ(s.size(), 4u);  // 12-01, 12-15, 12-29, 01-12
  EXPECT_EQ(ToLocal(s.back(), kDenver).date, D("2027-01-12"));
  EXPECT_EQ(ToLocal(s.back(), kDenver).weekday, 2);
}

TEST(TimeZones, AmbiguousAndSkippedLocalTimesHaveOneAnswer) {
  // 01:30 happens twice on 2026-11-01 in Denver: the earlier (MDT, UTC-6) is chosen.
  EXPECT_EQ(FromLocal(D("2026-11-01"), 90, kDenver), FromLocal(D("2026-11-01"), 90, "Etc/GMT+6"));
  // 02:30 does not exist on 2026-03-08: it becomes the moment the clocks change (09:00 UTC).
  EXPECT_EQ(ToLocal(FromLocal(D("2026-03-08"), 150, kDenver), "UTC").minute, 9 * 60);
}

TEST(Slots, OfferOpenTimesInsideBlocksFirstThenSprinkles) {
  ClinicianCalendar cal{"k1", kDenver, Week().blocks, {}, {}, D("2027-12-31"), std::nullopt};
  cal.busy = {{"a", At("2026-12-01", 13), At("2026-12-01", 13, 50), VisitMode::kVideo, ""}};
  auto slots = FindSlots(Followup(), VisitMode::kVideo, At("2026-12-01", 0), At("2026-12-02", 0), {cal}, {}, 30, 50);
  ASSERT_FALSE(slots.empty());
  // Telehealth block 13:00–17:00 with 13:00–13:50 taken: on a 30-minute grid 14:00 is the first free start.
  EXPECT_TRUE(slots.front().keeps_block);
  EXPECT_EQ(slots.front().start, At("2026-12-01", 14));
  std::size_t fitting = 0;
  for (const auto& s : slots) fitting += s.keeps_block;
  EXPECT_EQ(fitting, 5u);                  // 14:00, 14:30, 15:00, 15:30, 16:00 (16:30 would end after 17:00)
  EXPECT_FALSE(slots.back().keeps_block);  // then the in-person morning, as sprinkles
  for (const auto& s : slots) EXPECT_GE(s.start, At("2026-12-01", 8));
}

TEST(Slots, NeedLicensureForTelehealthAndRespectTheClient) {
  ClinicianCalendar cal{"k1", kDenver, Week().blocks, {}, {}, std::nullopt, std::nullopt};
  EXPECT_TRUE(FindSlots(Followup(), VisitMode::kVideo, At("2026-12-01", 0), At("2026-12-02", 0), {cal}, {}).empty());
  EXPECT_FALSE(
      FindSlots(Followup(), VisitMode::kInPerson, At("2026-12-01", 0), At("2026-12-02", 0), {cal}, {}).empty());
  cal.licensed_through = D("2027-01-01");
  std::vector<Busy> client = {{"x", At("2026-12-01", 13), At("2026-12-01", 17), VisitMode::kInPerson, "elsewhere"}};
  auto slots = FindSlots(Followup(), VisitMode::kVideo, At("2026-12-01", 0), At("2026-12-02", 0), {cal}, client);
  for (const auto& s : slots) EXPECT_FALSE(s.keeps_block) << "the client is busy all afternoon";
}

TEST(Status, MovesOnlyAlongTheAllowedPaths) {
  const EpochSeconds start = 1'800'000'000, end = start + 3000;
  struct Case {
    const char* name;
    const char* from;
    StatusAction action;
    EpochSeconds now;
    const char* want;  // "" means refused
  } cases[] = {
      {"cancel two days ahead", "booked", StatusAction::kCancel, start - 48 * 3600, "cancelled"},
      {"cancel the evening before is late", "confirmed", StatusAction::kCancel, start - 10 * 3600, "late_cancelled"},
      {"exactly 24 hours ahead is late", "booked", StatusAction::kCancel, start - 24 * 3600, "late_cancelled"},
      {"no-show before the start", "booked", StatusAction::kNoShow, start - 60, ""},
      {"no-show after the start", "booked", StatusAction::kNoShow, start + 600, "no_show"},
      {"check in on the day", "confirmed", StatusAction::kCheckIn, start - 3600, "checked_in"},
      {"check in a week early", "booked", StatusAction::kCheckIn, start - 7 * 86400, ""},
      {"cancel after check-in", "checked_in", StatusAction::kCancel, start, ""},
      {"complete after the session", "in_session", StatusAction::kComplete, end, "completed"},
      {"anything after cancellation", "cancelled", StatusAction::kCheckIn, start, ""},
      {"confirm twice", "confirmed", StatusAction::kConfirm, start - 86400, ""},
      {"approve a request", "requested", StatusAction::kApprove, start - 86400, "booked"},
      {"decline a request", "requested", StatusAction::kDecline, start - 86400, "cancelled"},
      {"approve a booked visit", "booked", StatusAction::kApprove, start - 86400, ""},
      {"decline a booked visit", "booked", StatusAction::kDecline, start - 86400, ""},
      {"withdraw a request late is not late", "requested", StatusAction::kCancel, start - 3600, "cancelled"},
      {"check in a request", "requested", StatusAction::kCheckIn, start - 3600, ""},
      {"confirm a request", "requested", StatusAction::kConfirm, start - 86400, ""},
      {"no-show for a request", "requested", StatusAction::kNoShow, start + 600, ""},
      {"approve a cancelled request", "cancelled", StatusAction::kApprove, start - 86400, ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto got = NextStatus(c.from, c.action, c.now, start, end);
    if (*c.want) {
      ASSERT_TRUE(got) << got.error().public_message;
      EXPECT_EQ(*got, c.want);
    } else {
      ASSERT_FALSE(got);
      EXPECT_EQ(got.error().rule, "status");
    }
  }
}

}  // namespace
}  // namespace duet::scheduling

namespace duet::scheduling {
namespace {

// Slot search and booking share rule 6 and in-person licensure: a slot offered can be booked.
TEST(Slots, KeepTheTravelBufferAndInPersonLicensureThatBookingApplies) {
  const std::vector<Block> blocks = {{2, 8 * 60, 12 * 60, BlockMode::kInPerson, "north"}};
  ClinicianCalendar cal{"k1", "America/Denver", blocks, {}, {}, std::nullopt, std::nullopt, {}};
  const EpochSeconds day = FromLocal(*ParseDate("2026-12-01"), 0, "America/Denver");
  // An in-person visit at another place from 08:00 to 08:50.
  cal.busy = {{"a", day + 8 * 3600, day + 8 * 3600 + 3000, VisitMode::kInPerson, "south"}};
  ClinicalService service;
  service.modes = {VisitMode::kInPerson};
  service.duration_minutes = 50;
  auto slots = FindSlots(service, VisitMode::kInPerson, day, day + 86400, {cal}, {}, 15, 50, 30);
  ASSERT_FALSE(slots.empty());
  // 08:50 + 30 minutes of travel: 09:30 is the first start on the 15-minute grid.
  EXPECT_EQ(slots.front().start, day + 9 * 3600 + 30 * 60);
  EXPECT_EQ(slots.front().location_id, "north");
  // Booking each offered slot passes the same rule.
  for (const auto& s : slots)
    EXPECT_FALSE(TooCloseToTravel(VisitMode::kInPerson, s.location_id, s.start, s.end, cal.busy, 30));
  // Not licensed in the place's state: no in-person slot there at all.
  cal.place_licensed_through["north"] = std::nullopt;
  EXPECT_TRUE(FindSlots(service, VisitMode::kInPerson, day, day + 86400, {cal}, {}, 15, 50, 30).empty());
  // Licensed until the day before: none on the day either.
  cal.place_licensed_through["north"] = *ParseDate("2026-11-30");
  EXPECT_TRUE(FindSlots(service, VisitMode::kInPerson, day, day + 86400, {cal}, {}, 15, 50, 30).empty());
}

}  // namespace
}  // namespace duet::scheduling

namespace duet::scheduling {
namespace {

// The stores read time windows bounded below by kLongestVisitSeconds, so nothing longer may be booked.
TEST(Booking, RefusesAVisitLongerThanADay) {
  BookingRequest r = Visit(VisitMode::kVideo, At("2026-12-01", 13));
  r.end = r.start + kLongestVisitSeconds + 60;
  auto d = CheckBooking(r, Week());
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(d.error().field, "end");
  r.end = r.start + 50 * 60;
  EXPECT_TRUE(CheckBooking(r, Week()));
}

}  // namespace
}  // namespace duet::scheduling

namespace duet::scheduling {
namespace {

// A booking reads the clinician's visits overlapping its local day (rule 5), the travel buffer around it (rule 6)
// and the visit itself (rule 3): each of those visits overlaps the window, and nothing of the days around it is
// needed.
TEST(Booking, ReadsTheClinicianVisitsOfTheVisitsLocalDay) {
  BookingRequest r = Visit(VisitMode::kInPerson, At("2026-12-01", 10));
  TimeWindow w = ClinicianWindow(r, 30);
  EXPECT_EQ(w.from, At("2026-12-01", 0));
  EXPECT_EQ(w.to, At("2026-12-02", 0));
  // Late in the evening the buffer reaches past midnight; a visit across midnight is read to its end.
  r.start = At("2026-12-01", 23, 0);
  r.end = At("2026-12-02", 0, 30);
  w = ClinicianWindow(r, 30);
  EXPECT_EQ(w.from, At("2026-12-01", 0));
  EXPECT_EQ(w.to, At("2026-12-02", 1, 0));
  // Just after midnight the buffer reaches back into the day before.
  r.start = At("2026-12-02", 0, 10);
  r.end = At("2026-12-02", 1, 0);
  w = ClinicianWindow(r, 30);
  EXPECT_EQ(w.from, At("2026-12-01", 23, 40));
  EXPECT_EQ(w.to, At("2026-12-03", 0));
  // The local day is the clinician's, across a change of the clocks (a 25-hour day in Denver).
  r.start = At("2026-11-01", 12);
  r.end = r.start + 50 * 60;
  w = ClinicianWindow(r, 0);
  EXPECT_EQ(w.to - w.from, 25 * 3600);
  // The visits the rules look at all overlap it: a visit earlier the same day in the same block (rule 5).
  BookingFacts f = Week();
  f.travel_buffer_minutes = 30;
  r = Visit(VisitMode::kVideo, At("2026-12-01", 10));
  w = ClinicianWindow(r, f.travel_buffer_minutes);
  const EpochSeconds earlier = At("2026-12-01", 8);
  EXPECT_TRUE(earlier < w.to && earlier + 50 * 60 > w.from);
}

}  // namespace
}  // namespace duet::scheduling
