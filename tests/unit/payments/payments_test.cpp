// Getting paid: the processor's webhook signature (accepted, forged, stale, several signatures, rotated
// secrets), invoice lines from the books, what a payment page asks for, and the deposit of a new client.
#include <gtest/gtest.h>

#include "ledger/rules.hpp"
#include "payments/adapter_stripe.hpp"
#include "payments/rules.hpp"

namespace duet::payments {
namespace {

TEST(WebhookSignature, AcceptsOnlyTheRightSecretWithinTheTolerance) {
  const std::string body = R"({"id":"evt_1","type":"checkout.session.completed"})";
  const EpochSeconds now = 1796688000;
  const std::string good = stripe::SignatureHeader("whsec_a", body, now);
  EXPECT_TRUE(stripe::VerifySignature(good, body, {"whsec_a"}, now));
  EXPECT_TRUE(stripe::VerifySignature(good, body, {"whsec_old", "whsec_a"}, now + 299)) << "rotation, 299 s later";
  EXPECT_FALSE(stripe::VerifySignature(good, body, {"whsec_a"}, now + 301)) << "stale";
  EXPECT_FALSE(stripe::VerifySignature(good, body, {"whsec_a"}, now - 301)) << "from the future";
  EXPECT_FALSE(stripe::VerifySignature(good, body, {"whsec_b"}, now)) << "forged";
  EXPECT_FALSE(stripe::VerifySignature(good, body + " ", {"whsec_a"}, now)) << "body changed";
  EXPECT_FALSE(stripe::VerifySignature("", body, {"whsec_a"}, now));
  EXPECT_FALSE(stripe::VerifySignature("t=" + std::to_string(now), body, {"whsec_a"}, now)) << "no v1";
  EXPECT_FALSE(stripe::VerifySignature("v1=abc", body, {"whsec_a"}, now)) << "no timestamp";
  EXPECT_FALSE(stripe::VerifySignature(good, body, {""}, now)) << "no secret";
  // Several signatures (and other schemes) in one header: any v1 that matches.
  const std::string v1 = good.substr(good.find("v1=") + 3);
  EXPECT_TRUE(
      stripe::VerifySignature("t=" + std::to_string(now) + ",v0=zz,v1=deadbeef,v1=" + v1, body, {"whsec_a"}, now));
}

ledger::Entry E(const char* charge, ledger::EntryKind kind, std::int64_t amount, const char* on,
                ledger::Party party = ledger::Party::kClient) {
  ledger::Entry e;
  e.client_id = "k";
  e.charge_id = charge;
  e.kind = kind;
  e.amount = amount;
  e.party = party;
  e.on = *ParseDate(on);
  return e;
}

TEST(Invoice, LinesFromTheBooks) {
  using K = ledger::EntryKind;
  const std::vector<ledger::Entry> books{E("a", K::kCharge, 15000, "2026-11-02"),
                                         E("a", K::kPayment, -6000, "2026-11-03"),
                                         E("b", K::kCharge, 12000, "2026-11-20", ledger::Party::kPayer),
                                         E("b", K::kTransfer, -2500, "2026-11-25", ledger::Party::kPayer),
                                         E("b", K::kTransfer, 2500, "2026-11-25"),
                                         E("c", K::kCharge, 9000, "2026-10-01"),
                                         E("a", K::kAdjustment, -1000, "2026-11-04"),
                                         E("", K::kPayment, -3000, "2026-11-26")};  // on account
  const auto lines = InvoiceLines(books, *ParseDate("2026-11-01"), *ParseDate("2026-11-30"));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].charge_id, "a");
  EXPECT_EQ(lines[0].charged, 15000);
  EXPECT_EQ(lines[0].paid, 6000);
  EXPECT_EQ(lines[0].adjusted, 1000);
  EXPECT_EQ(lines[0].owed, 8000);
  EXPECT_EQ(lines[1].charge_id, "b");
  EXPECT_EQ(lines[1].charged, 2500) << "the client's part that the payer left";
  EXPECT_EQ(lines[1].owed, 2500);
}

TEST(Checkout, AmountAsked) {
  ledger::Balance b;
  b.client = 9000;
  b.credit = 1000;
  EXPECT_EQ(CheckoutAmount(b, std::nullopt, 0)->amount, 8000);
  EXPECT_EQ(CheckoutAmount(b, 5000, 0)->amount, 5000);
  EXPECT_FALSE(CheckoutAmount(b, 8001, 0));
  EXPECT_FALSE(CheckoutAmount(b, 0, 0));
  ledger::Balance none;
  EXPECT_FALSE(CheckoutAmount(none, std::nullopt, 0));
  EXPECT_EQ(CheckoutAmount(none, std::nullopt, 10000)->amount, 10000);
  EXPECT_EQ(CheckoutAmount(none, std::nullopt, 10000)->description, "Deposit ahead of your first visit");
}

TEST(Deposit, OnlyBeforeAnyChargeOrPayment) {
  using K = ledger::EntryKind;
  EXPECT_EQ(DepositDue({}, 10000), 10000);
  EXPECT_EQ(DepositDue({}, 0), 0);
  EXPECT_EQ(DepositDue({E("", K::kPayment, -10000, "2026-11-01")}, 10000), 0);
  EXPECT_EQ(DepositDue({E("a", K::kCharge, 100, "2026-11-01")}, 10000), 0);
}

}  // namespace
}  // namespace duet::payments
