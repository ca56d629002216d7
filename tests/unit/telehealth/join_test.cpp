// The room's opening hours and coturn's credential scheme.
#include <gtest/gtest.h>

#include "platform/crypto.hpp"
#include "telehealth/rules.hpp"

namespace duet::telehealth {
namespace {

TEST(Join, TheRoomOpensHalfAnHourBeforeAndClosesTwoHoursAfter) {
  const EpochSeconds start = 1'800'000'000, end = start + 50 * 60;
  EXPECT_TRUE(MayJoinNow("video", "booked", start - 30 * 60, start, end));
  EXPECT_TRUE(MayJoinNow("audio", "checked_in", end + 119 * 60, start, end));
  EXPECT_EQ(MayJoinNow("video", "booked", start - 31 * 60, start, end).error().rule, "join_window");
  EXPECT_EQ(MayJoinNow("video", "booked", end + 121 * 60, start, end).error().rule, "join_window");
  EXPECT_EQ(MayJoinNow("video", "cancelled", start, start, end).error().rule, "join_window");
  EXPECT_EQ(MayJoinNow("in_person", "booked", start, start, end).error().rule, "mode");
}

TEST(Join, ARoomIsOpenEarlyClosedOrAbsent) {
  const EpochSeconds start = 1'800'000'000, end = start + 50 * 60;
  EXPECT_EQ(RoomState("video", "booked", start - 31 * 60, start, end), "early");
  EXPECT_EQ(RoomState("video", "booked", start - 30 * 60, start, end), "open");
  EXPECT_EQ(RoomState("audio", "checked_in", end + 119 * 60, start, end), "open");
  EXPECT_EQ(RoomState("video", "booked", end + 121 * 60, start, end), "closed");
  EXPECT_EQ(RoomState("video", "cancelled", start - 3600, start, end), "closed");
  EXPECT_EQ(RoomState("video", "no_show", start - 3600, start, end), "closed");
  EXPECT_EQ(RoomState("in_person", "booked", start, start, end), "none");
}

TEST(Join, TurnCredentialsFollowCoturnsSharedSecretScheme) {
  EXPECT_EQ(TurnUsername(1'800'003'600, "u1"), "1800003600:u1");
  // RFC 2202 test case 2 for HMAC-SHA1, in base64.
  EXPECT_EQ(crypto::HmacSha1Base64("Jefe", "what do ya want for nothing?"), "7/zfauXrL6LSdBbV8YTfnCWafHk=");
}

}  // namespace
}  // namespace duet::telehealth

namespace duet::telehealth {
namespace {

TEST(Join, AtMostFourPeopleShareARoom) {
  EXPECT_TRUE(MayAdmitOneMore(0));
  EXPECT_TRUE(MayAdmitOneMore(3));
  EXPECT_EQ(MayAdmitOneMore(4).error().rule, "room_full");
}

}  // namespace
}  // namespace duet::telehealth
