// Dates and instants written without streams read the same as the time-zone library writes them.
#include <gtest/gtest.h>

#include <date/tz.h>

#include "platform/dates.hpp"

namespace duet {
namespace {

TEST(Dates, WriteInstantsAsTheZoneLibraryDoes) {
  const char* zones[] = {"America/New_York", "America/Denver", "America/Phoenix",    "Pacific/Honolulu",
                         "America/St_Johns", "Asia/Kolkata",   "Australia/Adelaide", "UTC",
                         "Europe/London"};
  // Every 7 hours 13 minutes across 2026–2027 (both DST changes of each year), and around 1970.
  for (std::int64_t t = 1767225600; t < 1830297600; t += 7 * 3600 + 13 * 60 + 7) {
    const date::sys_seconds at{std::chrono::seconds{t}};
    ASSERT_EQ(FormatTimestamp(t), date::format("%FT%TZ", at)) << t;
    for (const char* z : zones)
      ASSERT_EQ(FormatTimestampIn(t, z), date::format("%FT%T%Ez", date::make_zoned(z, at))) << t << " " << z;
  }
  EXPECT_EQ(FormatTimestamp(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatTimestamp(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(FormatTimestampIn(1772953200, "America/New_York"), "2026-03-08T03:00:00-04:00");  // just after the jump
  EXPECT_EQ(FormatTimestampIn(1772953199, "America/New_York"), "2026-03-08T01:59:59-05:00");
  EXPECT_EQ(FormatTimestampIn(1772953200, "Not/AZone"), FormatTimestamp(1772953200));  // an unknown zone: UTC
  EXPECT_EQ(FormatDate(*ParseDate("2026-02-28")), "2026-02-28");
  EXPECT_EQ(FormatDate(*ParseDate("2028-02-29")), "2028-02-29");
}

}  // namespace
}  // namespace duet
