#pragma once
// The ledger's rules, pure: balances derived from entries, and how money is applied — to the charges
// the person names, then to the oldest open ones, the rest kept as credit. Property-tested in
// tests/unit/ledger/ledger_test.cpp (random sequences: the books always balance, nothing is applied
// twice or past what is owed).
#include <optional>
#include <string>
#include <vector>

#include "ledger/model.hpp"

namespace duet::ledger {

//! The client's balance on `today` from their entries (any order).
Balance Summarize(const std::vector<Entry>& entries, Date today);

//! The practice's aging from each client's per-charge balances (a charge id empty: on account).
struct ClientCharge {
  std::string client_id;
  std::string client_name;
  ChargeBalance balance;
};
AgingReport Age(const std::vector<ClientCharge>& rows, Date today);

//! How `amount` applies to what the client owes: first the charges asked for (each up to what is
//! open), then the oldest open charges; what is left is credit. Never more than open on a charge.
struct Allocation {
  std::vector<Application> applied;
  std::int64_t unapplied = 0;
};
Allocation Allocate(std::int64_t amount, const Balance& balance, const std::vector<Application>& requested);

//! The entries of a payment: its applications to charges, and what is left on account.
std::vector<Entry> PaymentEntries(const Payment& payment, const Allocation& allocation);

//! The client's credit applied to their oldest open charges (transfers off the account onto charges);
//! none when there is no credit or nothing open.
std::vector<Entry> CreditEntries(const std::string& client_id, const Balance& balance, Date on);

//! Part of a charge moved from the payer to the client (the payer's remittance says the client owes it).
std::vector<Entry> TransferToClient(const std::string& client_id, const std::string& charge_id,
                                    const std::string& payer_ref, std::int64_t amount, Date on);

//! What is wrong with a request to move money, in words (empty: nothing): amounts positive, an
//! adjustment no more than what the party owes on the charge, a refund no more than what is left of the
//! payment.
std::optional<std::string> CheckAdjustment(const Balance& balance, const std::string& charge_id, Party party,
                                           std::int64_t amount);
std::optional<std::string> CheckRefund(const Payment& payment, std::int64_t amount);

//! The entries of a refund: first from the credit the payment left, then re-opening the charges it
//! paid, newest first.
std::vector<Entry> RefundEntries(const Payment& payment, std::int64_t amount, const std::vector<Entry>& payment_entries,
                                 std::int64_t credit);

//! The books' identity: Σ balances = charges − payments − adjustments − write-offs + refunds (transfers
//! and reversals net to their own kinds). True when `entries` satisfy it.
bool Balances(const std::vector<Entry>& entries);

}  // namespace duet::ledger
