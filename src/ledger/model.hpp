#pragma once
// The practice's books, plain types: entries that are never edited or deleted (charges, payments,
// adjustments, refunds, write-offs, transfers between the client's and a payer's part, reversals), and
// the payments behind them. Every amount is integer cents. Balances are derived, never stored.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "platform/clock.hpp"
#include "platform/dates.hpp"
#include "platform/names.hpp"

namespace duet::ledger {

enum class EntryKind { kCharge, kPayment, kAdjustment, kRefund, kWriteOff, kTransfer, kReversal };
constexpr auto NamesOf(const EntryKind*) {
  using P = std::pair<EntryKind, std::string_view>;
  return std::array{P{EntryKind::kCharge, "charge"},         P{EntryKind::kPayment, "payment"},
                    P{EntryKind::kAdjustment, "adjustment"}, P{EntryKind::kRefund, "refund"},
                    P{EntryKind::kWriteOff, "write_off"},    P{EntryKind::kTransfer, "transfer"},
                    P{EntryKind::kReversal, "reversal"}};
}

//! Who owes an entry's amount: the client, or a payer (insurance).
enum class Party { kClient, kPayer };
constexpr auto NamesOf(const Party*) {
  using P = std::pair<Party, std::string_view>;
  return std::array{P{Party::kClient, "client"}, P{Party::kPayer, "payer"}};
}

//! One line of the books. `amount` is signed from the party's side: a charge raises what they owe
//! (+), a payment, adjustment or write-off lowers it (−), a refund raises it again (+). An entry with
//! no charge is on the client's account (unapplied money: a credit when negative).
struct Entry {
  std::string id;
  std::string client_id;
  std::string charge_id;  // empty: on account
  Party party = Party::kClient;
  std::string payer_ref;  // when the party is a payer
  EntryKind kind = EntryKind::kCharge;
  std::int64_t amount = 0;
  std::string payment_id;  // the payment it applies or refunds
  std::string reverses;    // the entry a reversal undoes
  std::string reason;
  Date on{};  // the charge's date of service, or the day the money moved
  EpochSeconds created_at = 0;
  std::string by_name;
};

enum class PaymentMethod { kCash, kCheck, kCardTerminal, kCardOnline, kOther };
constexpr auto NamesOf(const PaymentMethod*) {
  using P = std::pair<PaymentMethod, std::string_view>;
  return std::array{P{PaymentMethod::kCash, "cash"}, P{PaymentMethod::kCheck, "check"},
                    P{PaymentMethod::kCardTerminal, "card_terminal"}, P{PaymentMethod::kCardOnline, "card_online"},
                    P{PaymentMethod::kOther, "other"}};
}

//! Money a client paid (by hand, or through the processor).
struct Payment {
  std::string id;
  std::string client_id;
  std::int64_t amount = 0;
  PaymentMethod method = PaymentMethod::kCash;
  std::string reference;  // check number, terminal receipt, processor id
  Date received_on{};
  std::int64_t refunded = 0;
  EpochSeconds created_at = 0;
  std::string by_name;
};

//! What is still owed on one charge, by party.
struct ChargeBalance {
  std::string charge_id;
  Date on{};
  std::int64_t charged = 0;  // the charge entries' total
  std::int64_t client = 0;
  std::int64_t payer = 0;
};

//! A client's books, derived from their entries.
struct Balance {
  std::int64_t client = 0;             // what the client owes on charges
  std::int64_t payer = 0;              // what payers owe on the client's charges
  std::int64_t credit = 0;             // unapplied money on account (≥ 0)
  std::vector<ChargeBalance> charges;  // oldest first
  // Aging of what the client owes, by the charge's date: 0–30, 31–60, 61–90, over 90 days.
  std::array<std::int64_t, 4> aging{};
};

//! One client's line of the practice's aging report.
struct ClientAging {
  std::string client_id;
  std::string client_name;
  std::int64_t owed = 0;    // what the client owes on charges
  std::int64_t credit = 0;  // unapplied money on account
  std::int64_t payer = 0;   // what payers owe on their charges
  std::array<std::int64_t, 4> aging{};
};

//! What every client owes the practice, by age (0–30, 31–60, 61–90, over 90 days), largest first.
struct AgingReport {
  std::vector<ClientAging> clients;  // those who owe, or have credit, or whose payers owe
  std::array<std::int64_t, 4> totals{};
  std::int64_t owed = 0;
  std::int64_t credit = 0;
  std::int64_t payer = 0;
};

//! One application of money to a charge.
struct Application {
  std::string charge_id;
  std::int64_t amount = 0;
};

}  // namespace duet::ledger
