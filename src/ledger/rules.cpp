#include "ledger/rules.hpp"

#include <algorithm>
#include <map>

namespace duet::ledger {

Balance Summarize(const std::vector<Entry>& entries, Date today) {
  Balance out;
  std::map<std::string, ChargeBalance> by_charge;
  std::int64_t on_account = 0;
  for (const auto& e : entries) {
    if (e.charge_id.empty()) {
      on_account += e.amount;  // only the client's money sits on account
      continue;
    }
    auto& c = by_charge[e.charge_id];
    c.charge_id = e.charge_id;
    if (e.kind == EntryKind::kCharge) {
      c.charged += e.amount;
      if (c.on == Date{} || e.on < c.on) c.on = e.on;
    }
    (e.party == Party::kClient ? c.client : c.payer) += e.amount;
  }
  for (auto& [_, c] : by_charge) {
    out.client += c.client;
    out.payer += c.payer;
    if (c.client > 0) {
      const int days = DaysBetween(c.on, today);
      out.aging[days <= 30 ? 0 : days <= 60 ? 1 : days <= 90 ? 2 : 3] += c.client;
    }
    out.charges.push_back(std::move(c));
  }
  std::sort(out.charges.begin(), out.charges.end(), [](const ChargeBalance& a, const ChargeBalance& b) {
    return a.on != b.on ? a.on < b.on : a.charge_id < b.charge_id;
  });
  out.credit = on_account < 0 ? -on_account : 0;
  out.client += on_account > 0 ? on_account : 0;  // a refund past the credit would show as owed
  return out;
}

AgingReport Age(const std::vector<ClientCharge>& rows, Date today) {
  AgingReport out;
  std::map<std::string, ClientAging> by_client;
  for (const auto& r : rows) {
    auto& c = by_client[r.client_id];
    c.client_id = r.client_id;
    c.client_name = r.client_name;
    const auto& b = r.balance;
    if (b.charge_id.empty()) {
      // On account: money not applied yet (a credit), or a refund past it (owed).
      if (b.client < 0) c.credit += -b.client;
      if (b.client > 0) c.owed += b.client;
      continue;
    }
    c.payer += b.payer;
    if (b.client > 0) {
      c.owed += b.client;
      const int days = DaysBetween(b.on, today);
      c.aging[days <= 30 ? 0 : days <= 60 ? 1 : days <= 90 ? 2 : 3] += b.client;
    }
  }
  for (auto& [_, c] : by_client) {
    if (c.owed == 0 && c.credit == 0 && c.payer == 0) continue;
    out.owed += c.owed;
    out.credit += c.credit;
    out.payer += c.payer;
    for (std::size_t i = 0; i < 4; ++i) out.totals[i] += c.aging[i];
    out.clients.push_back(std::move(c));
  }
  std::sort(out.clients.begin(), out.clients.end(), [](const ClientAging& a, const ClientAging& b) {
    return a.owed != b.owed ? a.owed > b.owed : a.client_name < b.client_name;
  });
  return out;
}

Allocation Allocate(std::int64_t amount, const Balance& balance, const std::vector<Application>& requested) {
  Allocation out;
  std::map<std::string, std::int64_t> open;
  for (const auto& c : balance.charges)
    if (c.client > 0) open[c.charge_id] = c.client;
  std::int64_t left = std::max<std::int64_t>(0, amount);
  auto apply = [&](const std::string& charge_id, std::int64_t want) {
    auto it = open.find(charge_id);
    if (it == open.end() || left <= 0) return;
    const std::int64_t take = std::min({want, it->second, left});
    if (take <= 0) return;
    it->second -= take;
    left -= take;
    auto same = std::find_if(out.applied.begin(), out.applied.end(),
                             [&](const Application& a) { return a.charge_id == charge_id; });
    if (same != out.applied.end())
      same->amount += take;
    else
      out.applied.push_back({charge_id, take});
  };
  for (const auto& r : requested) apply(r.charge_id, r.amount);
  for (const auto& c : balance.charges) apply(c.charge_id, left);
  out.unapplied = left;
  return out;
}

namespace {
//! An entry of the client's money from one payment (its application, or its refund).
Entry MoneyEntry(const Payment& payment, EntryKind kind, std::string charge_id, std::int64_t amount) {
  Entry e;
  e.client_id = payment.client_id;
  e.charge_id = std::move(charge_id);
  e.party = Party::kClient;
  e.kind = kind;
  e.amount = amount;
  e.payment_id = payment.id;
  return e;
}
}  // namespace

std::vector<Entry> PaymentEntries(const Payment& payment, const Allocation& allocation) {
  std::vector<Entry> out;
  auto entry = [&](std::string charge_id, std::int64_t amount) {
    Entry e = MoneyEntry(payment, EntryKind::kPayment, std::move(charge_id), -amount);
    e.on = payment.received_on;
    return e;
  };
  for (const auto& a : allocation.applied) out.push_back(entry(a.charge_id, a.amount));
  if (allocation.unapplied > 0) out.push_back(entry("", allocation.unapplied));
  return out;
}

std::vector<Entry> CreditEntries(const std::string& client_id, const Balance& balance, Date on) {
  std::vector<Entry> out;
  if (balance.credit <= 0) return out;
  const Allocation a = Allocate(balance.credit, balance, {});
  for (const auto& app : a.applied) {
    Entry off;
    off.client_id = client_id;
    off.party = Party::kClient;
    off.kind = EntryKind::kTransfer;
    off.amount = app.amount;  // off the account …
    off.on = on;
    off.reason = "Credit applied";
    Entry onto = off;
    onto.charge_id = app.charge_id;
    onto.amount = -app.amount;  // … onto the charge
    out.push_back(std::move(off));
    out.push_back(std::move(onto));
  }
  return out;
}

std::vector<Entry> TransferToClient(const std::string& client_id, const std::string& charge_id,
                                    const std::string& payer_ref, std::int64_t amount, Date on) {
  if (amount <= 0) return {};
  Entry from_payer;
  from_payer.client_id = client_id;
  from_payer.charge_id = charge_id;
  from_payer.party = Party::kPayer;
  from_payer.payer_ref = payer_ref;
  from_payer.kind = EntryKind::kTransfer;
  from_payer.amount = -amount;
  from_payer.on = on;
  from_payer.reason = "The payer says the client owes it";
  Entry to_client = from_payer;
  to_client.party = Party::kClient;
  to_client.payer_ref.clear();
  to_client.amount = amount;
  return {from_payer, to_client};
}

std::optional<std::string> CheckAdjustment(const Balance& balance, const std::string& charge_id, Party party,
                                           std::int64_t amount) {
  if (amount <= 0) return "The amount must be more than zero.";
  auto c = std::find_if(balance.charges.begin(), balance.charges.end(),
                        [&](const ChargeBalance& x) { return x.charge_id == charge_id; });
  if (c == balance.charges.end()) return "That charge is not on this client's account.";
  const std::int64_t owed = party == Party::kClient ? c->client : c->payer;
  if (amount > owed) return "That is more than is owed on the charge.";
  return std::nullopt;
}

std::optional<std::string> CheckRefund(const Payment& payment, std::int64_t amount) {
  if (amount <= 0) return "The amount must be more than zero.";
  if (amount > payment.amount - payment.refunded) return "That is more than is left of the payment.";
  return std::nullopt;
}

std::vector<Entry> RefundEntries(const Payment& payment, std::int64_t amount, const std::vector<Entry>& payment_entries,
                                 std::int64_t credit) {
  std::vector<Entry> out;
  auto entry = [&](std::string charge_id, std::int64_t a) {
    return MoneyEntry(payment, EntryKind::kRefund, std::move(charge_id), a);
  };
  std::int64_t left = amount;
  // First what the client has on account (never more than the credit there).
  const std::int64_t from_credit = std::min(left, credit);
  if (from_credit > 0) {
    out.push_back(entry("", from_credit));
    left -= from_credit;
  }
  // Then re-open the charges this payment paid, newest application first.
  std::map<std::string, std::int64_t> paid;
  std::vector<std::string> order;
  for (const auto& e : payment_entries) {
    if (e.charge_id.empty()) continue;
    if (!paid.count(e.charge_id)) order.push_back(e.charge_id);
    paid[e.charge_id] += -e.amount;  // payments are negative, refunds positive
  }
  for (auto it = order.rbegin(); it != order.rend() && left > 0; ++it) {
    const std::int64_t take = std::min(left, paid[*it]);
    if (take <= 0) continue;
    out.push_back(entry(*it, take));
    left -= take;
  }
  if (left > 0) out.push_back(entry("", left));  // paid from credit that was used elsewhere since
  return out;
}

bool Balances(const std::vector<Entry>& entries) {
  std::int64_t by_kind = 0;
  for (const auto& e : entries) by_kind += e.amount;
  const Balance b = Summarize(entries, Date{});
  std::int64_t charges = 0;
  for (const auto& c : b.charges) charges += c.client + c.payer;
  std::int64_t on_account = 0;
  for (const auto& e : entries)
    if (e.charge_id.empty()) on_account += e.amount;
  return charges + on_account == by_kind && b.client + b.payer - b.credit == by_kind;
}

}  // namespace duet::ledger
