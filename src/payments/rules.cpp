#include "payments/rules.hpp"

#include <algorithm>
#include <map>

#include "ledger/rules.hpp"

namespace duet::payments {

std::vector<InvoiceLine> InvoiceLines(const std::vector<ledger::Entry>& entries, Date from, Date to) {
  using ledger::EntryKind;
  std::map<std::string, InvoiceLine> by;
  std::map<std::string, Date> dated;
  for (const auto& e : entries)
    if (!e.charge_id.empty() && e.kind == EntryKind::kCharge)
      if (auto [it, fresh] = dated.try_emplace(e.charge_id, e.on); !fresh && e.on < it->second) it->second = e.on;
  for (const auto& e : entries) {
    if (e.charge_id.empty() || e.party != ledger::Party::kClient) continue;
    const Date on = dated.count(e.charge_id) ? dated[e.charge_id] : e.on;
    if (on < from || on > to) continue;
    auto& l = by[e.charge_id];
    l.charge_id = e.charge_id;
    l.on = on;
    l.owed += e.amount;
    switch (e.kind) {
      case EntryKind::kCharge:
        l.charged += e.amount;
        break;
      case EntryKind::kTransfer:
        if (e.amount > 0)
          l.charged += e.amount;  // the payer says the client owes it
        else
          l.paid -= e.amount;  // credit applied
        break;
      case EntryKind::kPayment:
        l.paid -= e.amount;
        break;
      case EntryKind::kRefund:
        l.paid -= e.amount;
        break;
      case EntryKind::kAdjustment:
      case EntryKind::kWriteOff:
        l.adjusted -= e.amount;
        break;
      case EntryKind::kReversal:
        l.charged += e.amount;
        break;
    }
  }
  std::vector<InvoiceLine> out;
  for (auto& [_, l] : by)
    if (l.charged != 0 || l.paid != 0 || l.owed != 0) out.push_back(std::move(l));
  std::sort(out.begin(), out.end(), [](const InvoiceLine& a, const InvoiceLine& b) {
    return a.on != b.on ? a.on < b.on : a.charge_id < b.charge_id;
  });
  return out;
}

Result<AmountAsked> CheckoutAmount(const ledger::Balance& balance, std::optional<std::int64_t> requested,
                                   std::int64_t deposit_due) {
  const std::int64_t owed = std::max<std::int64_t>(0, balance.client - balance.credit);
  const std::int64_t most = std::max(owed, deposit_due);
  if (most <= 0) return Fail(ErrorCode::kRule, "The client owes nothing now.");
  if (requested) {
    if (*requested <= 0) return Fail(ErrorCode::kInvalid, "The amount must be more than $0.00.", {}, "amount");
    if (*requested > most) return Fail(ErrorCode::kInvalid, "That is more than the client owes.", {}, "amount");
    return AmountAsked{*requested, owed > 0 ? "Payment on your account" : "Deposit"};
  }
  return AmountAsked{most, owed > 0 ? "Balance on your account" : "Deposit ahead of your first visit"};
}

std::int64_t DepositDue(const std::vector<ledger::Entry>& entries, std::int64_t deposit) {
  if (deposit <= 0) return 0;
  for (const auto& e : entries)
    if (e.kind == ledger::EntryKind::kCharge || e.kind == ledger::EntryKind::kPayment) return 0;
  return deposit;
}

}  // namespace duet::payments
