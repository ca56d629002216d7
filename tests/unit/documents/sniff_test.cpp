// A chart keeps PDFs and images only, recognised by their bytes, not by what the upload claims.
#include <gtest/gtest.h>

#include <string>

#include "documents/rules.hpp"

namespace duet::documents {
namespace {

TEST(Documents, TheBytesDecideTheType) {
  EXPECT_EQ(SniffContentType("%PDF-1.7\n..."), "application/pdf");
  EXPECT_EQ(SniffContentType(std::string("\x89PNG\r\n\x1a\n\0\0", 10)), "image/png");
  EXPECT_EQ(SniffContentType("\xFF\xD8\xFF\xE0JFIF"), "image/jpeg");
  EXPECT_FALSE(SniffContentType("<html><script>alert(1)</script>"));
  EXPECT_FALSE(SniffContentType("MZ\x90\x00"));
  EXPECT_FALSE(SniffContentType(""));
}

TEST(Documents, KindsRoundTripAndConsentsAreSigned) {
  for (auto k : {Kind::kDocument, Kind::kTelehealthConsent, Kind::kTreatmentConsent, Kind::kFinancialPolicy})
    EXPECT_EQ(ParseKind(KindName(k)), k);
  EXPECT_FALSE(ParseKind("x"));
  EXPECT_TRUE(IsConsent(Kind::kTelehealthConsent));
  EXPECT_FALSE(IsConsent(Kind::kDocument));
}

TEST(Documents, VideoAndAudioVisitsStillToComeNeedATelehealthConsent) {
  EXPECT_TRUE(NeedsTelehealthConsent("video", "booked"));
  EXPECT_TRUE(NeedsTelehealthConsent("audio", "checked_in"));
  EXPECT_FALSE(NeedsTelehealthConsent("in_person", "booked"));
  for (auto closed : {"cancelled", "late_cancelled", "no_show", "completed"})
    EXPECT_FALSE(NeedsTelehealthConsent("video", closed)) << closed;
}

}  // namespace
}  // namespace duet::documents
