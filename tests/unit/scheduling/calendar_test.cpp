// Schedule health, reminder wording, the iCalendar writer, waitlist matching and series shifts.
#include <gtest/gtest.h>

#include "scheduling/rules.hpp"

namespace duet::scheduling {
namespace {

Date D(const char* s) { return *ParseDate(s); }
constexpr const char* kDenver = "America/Denver";
EpochSeconds At(const char* day, int hour, int minute = 0, const char* zone = kDenver) {
  return FromLocal(D(day), hour * 60 + minute, zone);
}

Appointment Visit(const char* day, int hour, VisitMode mode, const char* status = "booked", int minutes = 50) {
  Appointment a;
  a.start = At(day, hour);
  a.end = a.start + minutes * 60;
  a.mode = mode;
  a.status = status;
  return a;
}

TEST(ScheduleHealth, CountsHoursByModeAndTheSignalsPerWeek) {
  std::vector<Appointment> visits = {
      Visit("2027-03-02", 9, VisitMode::kInPerson),
      Visit("2027-03-02", 11, VisitMode::kVideo),
      Visit("2027-03-07", 23, VisitMode::kAudio, "booked", 60),  // Sunday night: still week one
      Visit("2027-03-09", 9, VisitMode::kInPerson, "cancelled"),
      Visit("2027-03-10", 9, VisitMode::kInPerson, "late_cancelled"),
      Visit("2027-03-11", 9, VisitMode::kVideo, "no_show"),
      Visit("2027-04-30", 9, VisitMode::kVideo)};
  visits[1].warnings = {{"sprinkle", ""}, {"block_conversion", ""}};
  visits[1].block_conversion = true;
  visits[2].warnings = {{"after_hours", ""}};
  auto weeks = ScheduleHealth(visits, {At("2027-03-09", 10), At("2027-03-09", 11)}, kDenver, D("2027-03-03"), 2);
  ASSERT_EQ(weeks.size(), 2u);
  EXPECT_EQ(weeks[0].week_start, D("2027-03-01"));  // the Monday on or before
  EXPECT_EQ(weeks[0].minutes_in_person, 50);
  EXPECT_EQ(weeks[0].minutes_video, 50);
  EXPECT_EQ(weeks[0].minutes_audio, 60);
  EXPECT_EQ(weeks[0].visits, 3);
  EXPECT_EQ(weeks[0].sprinkles, 1);
  EXPECT_EQ(weeks[0].block_conversions, 1);
  EXPECT_EQ(weeks[0].after_hours, 1);
  EXPECT_EQ(weeks[1].cancellations, 1);
  EXPECT_EQ(weeks[1].late_cancellations, 1);
  EXPECT_EQ(weeks[1].no_shows, 1);
  EXPECT_EQ(weeks[1].visits, 1);  // the no-show held the time
  EXPECT_EQ(weeks[1].minutes_video, 50);
  EXPECT_EQ(weeks[1].reschedules, 2);
}

TEST(Reminder, SaysWhenAndWhereInTheClientsZoneAndNothingClinical) {
  ReminderFacts f{"Riverbend Practice",         At("2026-12-01", 9), "America/New_York", VisitMode::kVideo, "",
                  "https://duet.test/visit/abc"};
  const auto& en = words::For("en");
  auto m = ComposeReminder(f, en);
  EXPECT_EQ(m.subject, "Appointment reminder");
  EXPECT_NE(m.body.find("Tuesday 1 December 2026 at 11:00 (America/New_York time)"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("https://duet.test/visit/abc"), std::string::npos);
  EXPECT_NE(m.text.find("video appointment"), std::string::npos);
  f.mode = VisitMode::kInPerson;
  f.address = "1 Example Rd";
  m = ComposeReminder(f, en);
  EXPECT_NE(m.body.find("at 1 Example Rd"), std::string::npos);
  EXPECT_EQ(m.body.find("video"), std::string::npos);
  EXPECT_EQ(m.body.find("/visit/"), std::string::npos);
}

TEST(Reminder, InTheClientsLanguage) {
  ReminderFacts f{"Riverbend Practice",         At("2026-12-01", 9), "America/New_York", VisitMode::kVideo, "",
                  "https://duet.test/visit/abc"};
  const auto& es = words::For("es");
  auto m = ComposeReminder(f, es);
  EXPECT_EQ(m.subject, "Recordatorio de cita");
  EXPECT_NE(m.body.find("Tiene una cita por video con Riverbend Practice el martes 1 de diciembre de 2026 a las 11:00 "
                        "(hora de America/New_York)"),
            std::string::npos)
      << m.body;
  EXPECT_NE(m.text.find("Entrar: https://duet.test/visit/abc"), std::string::npos) << m.text;
  f.mode = VisitMode::kInPerson;
  f.address = "1 Example Rd";
  f.practice_name.clear();
  m = ComposeReminder(f, es);
  EXPECT_NE(m.body.find("con su equipo de atención el martes"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("en 1 Example Rd"), std::string::npos) << m.body;
  // A code Duet has no words for is said in English.
  EXPECT_EQ(ComposeReminder(f, words::For("xx")).subject, "Appointment reminder");
}

TEST(CalendarFeed, EscapesTextFoldsLongLinesAndUsesUtc) {
  FeedEvent e{"id-1",
              At("2026-12-01", 9),
              At("2026-12-01", 9, 50),
              "A.R., B.C. · video; group",
              "CONFIRMED",
              std::string(120, 'x') + "é",
              2};
  std::string ics = CalendarFeed("Duet", {e}, At("2026-11-22", 12));
  EXPECT_EQ(ics.rfind("BEGIN:VCALENDAR\r\n", 0), 0u);
  EXPECT_NE(ics.find("DTSTART:20261201T160000Z\r\n"), std::string::npos);
  EXPECT_NE(ics.find("SUMMARY:A.R.\\, B.C. · video\\; group\r\n"), std::string::npos);
  EXPECT_NE(ics.find("SEQUENCE:2\r\n"), std::string::npos);
  std::size_t start = 0;
  while (start < ics.size()) {
    std::size_t end = ics.find("\r\n", start);
    ASSERT_NE(end, std::string::npos) << "every line ends in CRLF";
    EXPECT_LE(end - start, 75u) << ics.substr(start, end - start);
    start = end + 2;
  }
  EXPECT_NE(ics.find("\r\n x"), std::string::npos) << "long lines continue with a space";
}

TEST(CalendarFeed, InitialsKeepMultibyteLetters) {
  EXPECT_EQ(Initials("alex", "Morgan"), "A.M.");
  EXPECT_EQ(Initials("Élodie", "Ørsted"), "É.Ø.");
  EXPECT_EQ(Initials("", "Lee"), "L.");
}

TEST(Waitlist, MatchesServiceClinicianModeDayAndTimeOfDay) {
  WaitlistEntry e;
  e.service_id = "svc";
  e.clinician_id = "k1";
  e.mode = VisitMode::kInPerson;
  e.weekdays = {2};
  e.times_of_day = {"morning"};
  LocalTime tuesday_morning{D("2026-12-01"), 2, 9 * 60};
  LocalTime tuesday_afternoon{D("2026-12-01"), 2, 14 * 60};
  LocalTime wednesday_morning{D("2026-12-02"), 3, 9 * 60};
  EXPECT_TRUE(MatchesWaitlist(e, "k1", "svc", VisitMode::kInPerson, tuesday_morning));
  EXPECT_FALSE(MatchesWaitlist(e, "k1", "svc", VisitMode::kInPerson, tuesday_afternoon));
  EXPECT_FALSE(MatchesWaitlist(e, "k1", "svc", VisitMode::kInPerson, wednesday_morning));
  EXPECT_FALSE(MatchesWaitlist(e, "k2", "svc", VisitMode::kInPerson, tuesday_morning));
  EXPECT_FALSE(MatchesWaitlist(e, "k1", "other", VisitMode::kInPerson, tuesday_morning));
  EXPECT_FALSE(MatchesWaitlist(e, "k1", "svc", VisitMode::kVideo, tuesday_morning));
  WaitlistEntry any;
  any.service_id = "svc";
  EXPECT_TRUE(MatchesWaitlist(any, "k9", "svc", VisitMode::kAudio, tuesday_afternoon));
  any.status = "booked";
  EXPECT_FALSE(MatchesWaitlist(any, "k9", "svc", VisitMode::kAudio, tuesday_afternoon));
}

TEST(Series, FollowingVisitsKeepTheNewLocalTimeAcrossDst) {
  // Moved from Tuesday 09:00 to Wednesday 10:00 before the change; the next occurrence follows.
  EpochSeconds moved = ShiftLikeSibling(At("2027-03-16", 9), At("2027-03-09", 9), At("2027-03-10", 10), kDenver);
  EXPECT_EQ(moved, At("2027-03-17", 10));
  EXPECT_EQ(ToLocal(moved, kDenver).minute, 10 * 60);
}

}  // namespace
}  // namespace duet::scheduling

namespace duet {
namespace {
TEST(Timestamps, AcceptRfc3339WithFractionsAndOffsets) {
  EXPECT_EQ(ParseTimestamp("2026-12-01T14:00:00Z"), ParseTimestamp("2026-12-01T09:00:00-05:00"));
  EXPECT_EQ(ParseTimestamp("2026-12-01T14:00:00.123Z"), ParseTimestamp("2026-12-01T14:00:00Z"));
  EXPECT_EQ(ParseTimestamp("2026-12-01T09:00:00.5-05:00"), ParseTimestamp("2026-12-01T14:00:00Z"));
  EXPECT_FALSE(ParseTimestamp("2026-12-01T14:00:00.Z"));
  EXPECT_FALSE(ParseTimestamp("2026-12-01 14:00"));
  EXPECT_FALSE(ParseTimestamp("2026-12-01T14:00:00Zjunk"));
}
}  // namespace
}  // namespace duet
