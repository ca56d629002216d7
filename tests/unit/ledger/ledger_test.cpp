// The ledger's rules: balances from entries, money applied where asked then oldest first, credit kept
// and applied, refunds; and a property test over random sequences of thousands of operations — the
// books always balance, no charge is paid past what is owed, and no payment is applied twice.
#include <gtest/gtest.h>

#include <random>

#include "ledger/rules.hpp"

namespace duet::ledger {
namespace {

const Date kDay = *ParseDate("2026-12-01");

Entry ChargeEntry(std::string id, std::int64_t amount, Date on, Party party = Party::kClient) {
  Entry e;
  e.client_id = "k";
  e.charge_id = std::move(id);
  e.party = party;
  e.payer_ref = party == Party::kPayer ? "aetna" : "";
  e.kind = EntryKind::kCharge;
  e.amount = amount;
  e.on = on;
  return e;
}

Payment Pay(std::string id, std::int64_t amount) {
  Payment p;
  p.id = std::move(id);
  p.client_id = "k";
  p.amount = amount;
  p.received_on = kDay;
  return p;
}

TEST(Ledger, AppliesWhereAskedThenOldestFirstAndKeepsTheRestAsCredit) {
  std::vector<Entry> e = {ChargeEntry("c1", 10000, kDay - date::days{40}),
                          ChargeEntry("c2", 5000, kDay - date::days{10}), ChargeEntry("c3", 7000, kDay)};
  Balance b = Summarize(e, kDay);
  EXPECT_EQ(b.client, 22000);
  EXPECT_EQ(b.aging[0], 12000);
  EXPECT_EQ(b.aging[1], 10000);
  auto a = Allocate(25000, b, {{"c3", 3000}});
  ASSERT_EQ(a.applied.size(), 3u);
  EXPECT_EQ(a.applied[0].charge_id, "c3");
  EXPECT_EQ(a.applied[0].amount, 7000);  // 3,000 asked, then the rest of c3 in date order
  EXPECT_EQ(a.applied[1].charge_id, "c1");
  EXPECT_EQ(a.unapplied, 3000);
  auto entries = PaymentEntries(Pay("p1", 25000), a);
  e.insert(e.end(), entries.begin(), entries.end());
  b = Summarize(e, kDay);
  EXPECT_EQ(b.client, 0);
  EXPECT_EQ(b.credit, 3000);
  // A new charge takes the credit.
  e.push_back(ChargeEntry("c4", 5000, kDay));
  auto credit = CreditEntries("k", Summarize(e, kDay), kDay);
  e.insert(e.end(), credit.begin(), credit.end());
  b = Summarize(e, kDay);
  EXPECT_EQ(b.credit, 0);
  EXPECT_EQ(b.client, 2000);
  EXPECT_TRUE(Balances(e));
}

TEST(Ledger, RefundsTakeCreditFirstThenReopenWhatThePaymentPaid) {
  std::vector<Entry> e = {ChargeEntry("c1", 10000, kDay)};
  Payment p = Pay("p1", 15000);
  auto entries = PaymentEntries(p, Allocate(15000, Summarize(e, kDay), {}));
  e.insert(e.end(), entries.begin(), entries.end());
  EXPECT_EQ(CheckRefund(p, 16000).has_value(), true);
  auto refund = RefundEntries(p, 8000, entries, Summarize(e, kDay).credit);
  e.insert(e.end(), refund.begin(), refund.end());
  Balance b = Summarize(e, kDay);
  EXPECT_EQ(b.credit, 0);
  EXPECT_EQ(b.client, 3000);  // 5,000 of credit went back, then 3,000 of c1 re-opened
  EXPECT_TRUE(Balances(e));
}

TEST(Ledger, AdjustmentsNeverPassWhatIsOwed) {
  std::vector<Entry> e = {ChargeEntry("c1", 10000, kDay, Party::kPayer)};
  Balance b = Summarize(e, kDay);
  EXPECT_FALSE(CheckAdjustment(b, "c1", Party::kPayer, 10000).has_value());
  EXPECT_TRUE(CheckAdjustment(b, "c1", Party::kPayer, 10001).has_value());
  EXPECT_TRUE(CheckAdjustment(b, "c1", Party::kClient, 1).has_value());
  EXPECT_TRUE(CheckAdjustment(b, "nope", Party::kPayer, 1).has_value());
  EXPECT_TRUE(CheckAdjustment(b, "c1", Party::kPayer, 0).has_value());
  auto moved = TransferToClient("k", "c1", "aetna", 2500, kDay);
  e.insert(e.end(), moved.begin(), moved.end());
  b = Summarize(e, kDay);
  EXPECT_EQ(b.payer, 7500);
  EXPECT_EQ(b.client, 2500);
}

TEST(Ledger, TheAgingReportSumsClientsByTheAgeOfWhatTheyOwe) {
  const Date today = *ParseDate("2026-12-03");
  auto row = [](std::string client, std::string charge, std::string on, std::int64_t client_part, std::int64_t payer) {
    ClientCharge c;
    c.client_id = client;
    c.client_name = "Client " + client;
    c.balance.charge_id = std::move(charge);
    if (!on.empty()) c.balance.on = *ParseDate(on);
    c.balance.client = client_part;
    c.balance.payer = payer;
    return c;
  };
  auto report =
      Age({row("a", "c1", "2026-11-20", 5000, 0), row("a", "c2", "2026-08-01", 2000, 0),
           row("b", "c3", "2026-10-20", 0, 12000), row("b", "", "", -3000, 0), row("c", "c4", "2026-12-01", 0, 0)},
          today);
  ASSERT_EQ(report.clients.size(), 2u);  // c owes nothing and has no credit
  EXPECT_EQ(report.clients[0].client_id, "a");
  EXPECT_EQ(report.clients[0].aging[0], 5000);
  EXPECT_EQ(report.clients[0].aging[3], 2000);
  EXPECT_EQ(report.clients[1].credit, 3000);
  EXPECT_EQ(report.clients[1].payer, 12000);
  EXPECT_EQ(report.owed, 7000);
  EXPECT_EQ(report.totals[0] + report.totals[1] + report.totals[2] + report.totals[3], 7000);
}

// Random sequences: charges (client or payer), payments (some asking for a charge), adjustments and
// write-offs, transfers from the payer, refunds and credit applied. After every step the books
// balance, no charge's client part is below zero, and no payment is applied past its amount.
TEST(LedgerProperty, RandomSequencesAlwaysBalance) {
  std::mt19937 rng(20261203);
  for (int run = 0; run < 20; ++run) {
    std::vector<Entry> e;
    std::vector<Payment> payments;
    std::int64_t charged = 0, paid = 0, adjusted = 0, refunded = 0;
    for (int step = 0; step < 1000; ++step) {
      const Date on = kDay + date::days{step / 5};
      const Balance b = Summarize(e, on);
      std::vector<Entry> add;
      switch (rng() % 6) {
        case 0: {
          const std::int64_t amount = 1000 + static_cast<std::int64_t>(rng() % 20000);
          add.push_back(
              ChargeEntry("c" + std::to_string(step), amount, on, rng() % 2 ? Party::kPayer : Party::kClient));
          charged += amount;
          break;
        }
        case 1: {
          Payment p = Pay("p" + std::to_string(step), 500 + static_cast<std::int64_t>(rng() % 15000));
          std::vector<Application> ask;
          if (!b.charges.empty() && rng() % 2)
            ask.push_back({b.charges[rng() % b.charges.size()].charge_id, static_cast<std::int64_t>(rng() % 8000)});
          add = PaymentEntries(p, Allocate(p.amount, b, ask));
          payments.push_back(p);
          paid += p.amount;
          break;
        }
        case 2: {
          if (b.charges.empty()) break;
          const auto& c = b.charges[rng() % b.charges.size()];
          const Party party = rng() % 2 ? Party::kPayer : Party::kClient;
          const std::int64_t owed = party == Party::kClient ? c.client : c.payer;
          if (owed <= 0) break;
          const std::int64_t amount = 1 + static_cast<std::int64_t>(rng() % owed);
          ASSERT_FALSE(CheckAdjustment(b, c.charge_id, party, amount).has_value());
          Entry adj;
          adj.client_id = "k";
          adj.charge_id = c.charge_id;
          adj.party = party;
          adj.kind = rng() % 2 ? EntryKind::kAdjustment : EntryKind::kWriteOff;
          adj.amount = -amount;
          add.push_back(adj);
          adjusted += amount;
          break;
        }
        case 3: {
          if (b.charges.empty()) break;
          const auto& c = b.charges[rng() % b.charges.size()];
          if (c.payer <= 0) break;
          add = TransferToClient("k", c.charge_id, "aetna", 1 + static_cast<std::int64_t>(rng() % c.payer), on);
          break;
        }
        case 4: {
          if (payments.empty()) break;
          Payment& p = payments[rng() % payments.size()];
          const std::int64_t left = p.amount - p.refunded;
          if (left <= 0) break;
          const std::int64_t amount = 1 + static_cast<std::int64_t>(rng() % left);
          std::vector<Entry> of;
          for (const auto& x : e)
            if (x.payment_id == p.id && x.kind == EntryKind::kPayment) of.push_back(x);
          add = RefundEntries(p, amount, of, b.credit);
          p.refunded += amount;
          refunded += amount;
          break;
        }
        default:
          add = CreditEntries("k", b, on);
          break;
      }
      e.insert(e.end(), add.begin(), add.end());
      const Balance after = Summarize(e, on);
      ASSERT_TRUE(Balances(e)) << "run " << run << " step " << step;
      ASSERT_EQ(after.client + after.payer - after.credit, charged - paid - adjusted + refunded)
          << "run " << run << " step " << step;
      for (const auto& c : after.charges) ASSERT_GE(c.client, 0) << c.charge_id;
      for (const auto& p : payments) {
        std::int64_t applied = 0;
        for (const auto& x : e)
          if (x.payment_id == p.id && x.kind == EntryKind::kPayment) applied += -x.amount;
        ASSERT_EQ(applied, p.amount) << "a payment's entries add up to exactly its amount";
      }
    }
  }
}

}  // namespace
}  // namespace duet::ledger
