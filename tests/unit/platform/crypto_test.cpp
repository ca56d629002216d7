#include "platform/crypto.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace duet::crypto {
namespace {

class Crypto : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(Init()); }
  Keyring keys_ = Keyring::FromKey({1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16,
                                    17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
};

TEST_F(Crypto, EnvelopeRoundTripsAndBindsTheContext) {
  std::string wrapped = keys_.NewWrappedDataKey();
  for (std::string text : {std::string(), std::string("Client reports better sleep."), std::string(4096, 'n')}) {
    auto sealed = keys_.Seal(wrapped, text, "note:1");
    ASSERT_TRUE(sealed);
    EXPECT_EQ(sealed->find(text.empty() ? "\x01" : text), std::string::npos);
    EXPECT_EQ(keys_.Open(wrapped, *sealed, "note:1").value(), text);
    EXPECT_FALSE(keys_.Open(wrapped, *sealed, "note:2"));  // moved to another row
  }
}

TEST_F(Crypto, TamperedTextOrAnotherPracticesKeyFailsToOpen) {
  std::string a = keys_.NewWrappedDataKey(), b = keys_.NewWrappedDataKey();
  auto sealed = keys_.Seal(a, "synthetic text", "note:1").value();
  EXPECT_FALSE(keys_.Open(b, sealed, "note:1"));
  std::string tampered = sealed;
  tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(keys_.Open(a, tampered, "note:1"));
  Keyring other = Keyring::FromKey({});
  EXPECT_FALSE(other.Open(a, sealed, "note:1"));  // a different master key cannot unwrap
}

TEST_F(Crypto, TotpMatchesRfc6238Vectors) {
  // RFC 6238 Appendix B, SHA-1 seed "12345678901234567890", truncated to 6 digits.
  const std::string secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
  EXPECT_EQ(TotpCode(secret, 59), "287082");
  EXPECT_EQ(TotpCode(secret, 1111111109), "081804");
  EXPECT_EQ(TotpCode(secret, 1234567890), "005924");
  EXPECT_EQ(TotpVerify(secret, "287082", 59).value(), 1);
  EXPECT_TRUE(TotpVerify(secret, TotpCode(secret, 1000 + 30), 1000));   // one step of clock skew
  EXPECT_FALSE(TotpVerify(secret, TotpCode(secret, 1000 + 90), 1000));  // three steps is too far
  EXPECT_FALSE(TotpVerify(secret, "12345", 59));
}

TEST_F(Crypto, IdsAreVersion7UuidsAndTokensAreUrlSafe) {
  std::regex uuid("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  // Past several refills of a thread's pool of identifier bytes, and on two threads at once: never the same twice.
  std::set<std::string> seen;
  auto make = [](std::vector<std::string>& out) {
    for (int i = 0; i < 1000; ++i) out.push_back(NewId());
  };
  std::vector<std::string> mine, theirs;
  std::thread other([&] { make(theirs); });
  make(mine);
  other.join();
  for (const auto* ids : {&mine, &theirs})
    for (const auto& id : *ids) {
      EXPECT_TRUE(std::regex_match(id, uuid)) << id;
      EXPECT_TRUE(seen.insert(id).second) << id;
    }
  for (int i = 0; i < 100; ++i) {
    std::string request = RequestId();
    EXPECT_EQ(request.size(), 12u);
    EXPECT_TRUE(seen.insert(request).second) << request;
  }
  std::string token = RandomToken(32);
  EXPECT_EQ(token.size(), 43u);
  EXPECT_EQ(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
}

TEST_F(Crypto, PasswordHashVerifiesOnlyTheRightPassword) {
  auto hash = HashPassword("correct horse battery");
  ASSERT_TRUE(hash);
  EXPECT_TRUE(hash->starts_with("$argon2id$"));
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse battery!"));
  EXPECT_FALSE(VerifyPassword("not a hash", "x"));
}

TEST_F(Crypto, QrCodeIsAnSvgImage) {
  std::string svg = QrSvg(TotpUri("Duet (Demo)", "a@example.com", "GEZDGNBV"));
  EXPECT_TRUE(svg.starts_with("<svg"));
  EXPECT_NE(svg.find("aria-label"), std::string::npos);
}

}  // namespace
}  // namespace duet::crypto
