#pragma once
// Rules for getting paid, pure: an invoice's lines from the client's books, and the amount a hosted
// payment page asks for. Tested in tests/unit/payments/payments_test.cpp.
#include <optional>
#include <string>
#include <vector>

#include "ledger/model.hpp"
#include "payments/model.hpp"
#include "platform/result.hpp"

namespace duet::payments {

//! The lines of an invoice for the charges dated in [from, to] (the client's part of each: charged,
//! paid, adjusted, still owed), oldest first; descriptions are filled by the caller.
std::vector<InvoiceLine> InvoiceLines(const std::vector<ledger::Entry>& entries, Date from, Date to);

//! What a payment page asks for: the amount named (at most what is owed, or the deposit for a new
//! client), else what the client owes. An error in words when there is nothing to pay.
struct AmountAsked {
  std::int64_t amount = 0;
  std::string description;
};
Result<AmountAsked> CheckoutAmount(const ledger::Balance& balance, std::optional<std::int64_t> requested,
                                   std::int64_t deposit_due);

//! The deposit a client still owes ahead of care: the practice's deposit for a new client (no charges
//! and no payments yet), less any credit.
std::int64_t DepositDue(const std::vector<ledger::Entry>& entries, std::int64_t deposit);

}  // namespace duet::payments
