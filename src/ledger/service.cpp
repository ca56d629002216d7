#include "ledger/service.hpp"

#include "ledger/rules.hpp"
#include "ledger/store.hpp"
#include "platform/audit.hpp"
#include "platform/crypto.hpp"

namespace duet::ledger {
namespace {

//! Gives the entries their ids, time and author, and appends them.
Status Append(db::Connection& c, const std::string& practice_id, std::vector<Entry> entries, EpochSeconds now,
              const std::string& by_name) {
  for (auto& e : entries) {
    e.id = crypto::NewId();
    e.created_at = now;
    e.by_name = by_name;
    if (e.on == Date{}) e.on = DateOf(now);
  }
  return store::InsertEntries(c, practice_id, entries);
}

//! The client's credit, if any, applied to their oldest open charges.
Status Settle(db::Connection& c, const std::string& practice_id, const std::string& client_id, EpochSeconds now,
              const std::string& by_name) {
  auto entries = store::ClientEntries(c, practice_id, client_id);
  if (!entries) return tl::unexpected(entries.error());
  auto credit = CreditEntries(client_id, Summarize(*entries, DateOf(now)), DateOf(now));
  return Append(c, practice_id, std::move(credit), now, by_name);
}

}  // namespace

Service::Service(db::Database& db, const Clock& clock, practice::Service& directory)
    : db_(db), clock_(clock), directory_(directory) {}

Result<ClientLedger> Service::Ledger(const Principal& who, const std::string& client_id, const Origin& origin) {
  if (auto k = directory_.ClientForBilling(who.practice_id, client_id); !k) return tl::unexpected(k.error());
  ClientLedger out;
  auto st = db_.Read([&](db::Connection& c) -> Status {
    auto entries = store::ClientEntries(c, who.practice_id, client_id);
    if (!entries) return tl::unexpected(entries.error());
    out.balance = Summarize(*entries, DateOf(clock_.Now()));
    out.entries = std::move(*entries);
    std::reverse(out.entries.begin(), out.entries.end());
    auto payments = store::ClientPayments(c, who.practice_id, client_id);
    if (!payments) return tl::unexpected(payments.error());
    out.payments = std::move(*payments);
    return {};
  });
  if (!st) return tl::unexpected(st.error());
  if (auto a = audit::AppendNow(
          db_, audit::ByPrincipal(who, "ledger.read", "client", client_id, origin.ip, origin.request_id, client_id),
          clock_.Now());
      !a)
    return tl::unexpected(a.error());
  return out;
}

Result<AgingReport> Service::Aging(const Principal& who, const Origin& origin) {
  auto rows = db_.Read([&](db::Connection& c) { return store::PracticeBalances(c, who.practice_id); });
  if (!rows) return tl::unexpected(rows.error());
  AgingReport out = Age(*rows, DateOf(clock_.Now()));
  auto event = audit::ByPrincipal(who, "ledger.aging", "practice", std::to_string(out.clients.size()) + " clients",
                                  origin.ip, origin.request_id, {});
  if (auto a = audit::AppendNow(db_, event, clock_.Now()); !a) return tl::unexpected(a.error());
  return out;
}

Result<Payment> Service::RecordPayment(const Principal& who, const PaymentRequest& r, const Origin& origin) {
  if (auto k = directory_.ClientForBilling(who.practice_id, r.client_id); !k) {
    if (k.error().code == ErrorCode::kNotFound)
      return Fail(ErrorCode::kInvalid, "Choose a client of this practice.", {}, "client_id");
    return tl::unexpected(k.error());
  }
  const EpochSeconds now = clock_.Now();
  Payment p;
  p.id = crypto::NewId();
  p.client_id = r.client_id;
  p.amount = r.amount;
  p.method = r.method;
  p.reference = r.reference;
  p.received_on = r.received_on.value_or(DateOf(now));
  p.created_at = now;
  p.by_name = who.display_name;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto posted = PostPayment(c, who.practice_id, p, r.applications, now); !posted) return posted;
    auto event = audit::ByPrincipal(who, "payment.create", "payment", p.id, origin.ip, origin.request_id, r.client_id);
    event.detail = std::string(NameOf(p.method));
    return audit::Append(c, event, now);
  });
  if (!st) return tl::unexpected(st.error());
  return p;
}

Status Service::PostPayment(db::Connection& c, const std::string& practice_id, const Payment& p,
                            const std::vector<Application>& applications, EpochSeconds now) {
  if (auto lock = store::LockClient(c, practice_id, p.client_id); !lock) return lock;
  auto entries = store::ClientEntries(c, practice_id, p.client_id);
  if (!entries) return tl::unexpected(entries.error());
  const Balance balance = Summarize(*entries, p.received_on);
  for (const auto& a : applications)
    if (std::none_of(balance.charges.begin(), balance.charges.end(),
                     [&](const ChargeBalance& b) { return b.charge_id == a.charge_id; }))
      return Fail(ErrorCode::kInvalid, "A charge to pay is not on this client's account.", {}, "applications");
  if (auto in = store::InsertPayment(c, practice_id, p); !in) return in;
  return Append(c, practice_id, PaymentEntries(p, Allocate(p.amount, balance, applications)), now, p.by_name);
}

Result<Payment> Service::Refund(const Principal& who, const std::string& payment_id, const RefundRequest& r,
                                const Origin& origin) {
  // A card payment taken online is given back through the processor first: nothing is recorded unless
  // the processor confirms it.
  if (refunder_) {
    auto found = db_.Read([&](db::Connection& c) { return store::FindPayment(c, who.practice_id, payment_id); });
    if (!found) return tl::unexpected(found.error());
    if (*found && (*found)->method == PaymentMethod::kCardOnline) {
      if (auto bad = CheckRefund(**found, r.amount)) return FailRule("refund", *bad);
      if (auto back = refunder_(who.practice_id, **found, r.amount); !back) return tl::unexpected(back.error());
    }
  }
  const EpochSeconds now = clock_.Now();
  Payment out;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto found = store::FindPayment(c, who.practice_id, payment_id);
    if (!found) return tl::unexpected(found.error());
    if (!*found) return Fail(ErrorCode::kNotFound, "There is no such payment in this practice.");
    Payment p = std::move(**found);
    if (auto lock = store::LockClient(c, who.practice_id, p.client_id); !lock) return lock;
    // Read again under the lock: a refund at the same moment is counted.
    auto locked = store::FindPayment(c, who.practice_id, payment_id);
    if (!locked || !*locked) return Fail(ErrorCode::kInternal, "Internal error.", "payment vanished");
    p = std::move(**locked);
    if (auto bad = CheckRefund(p, r.amount)) return FailRule("refund", *bad);
    auto entries = store::ClientEntries(c, who.practice_id, p.client_id);
    if (!entries) return tl::unexpected(entries.error());
    std::vector<Entry> of;
    for (const auto& e : *entries)
      if (e.payment_id == p.id && e.kind == EntryKind::kPayment) of.push_back(e);
    auto refund = RefundEntries(p, r.amount, of, Summarize(*entries, DateOf(now)).credit);
    for (auto& e : refund) e.reason = r.reason;
    if (auto in = Append(c, who.practice_id, std::move(refund), now, who.display_name); !in) return in;
    p.refunded += r.amount;
    if (auto set = store::SetRefunded(c, who.practice_id, p.id, p.refunded); !set) return set;
    out = p;
    auto event = audit::ByPrincipal(who, "payment.refund", "payment", p.id, origin.ip, origin.request_id, p.client_id);
    event.detail = r.reason;
    return audit::Append(c, event, now);
  });
  if (!st) return tl::unexpected(st.error());
  return out;
}

Result<ClientLedger> Service::Adjust(const Principal& who, const std::string& client_id, const AdjustmentRequest& r,
                                     const Origin& origin) {
  if (r.kind != EntryKind::kAdjustment && r.kind != EntryKind::kWriteOff)
    return Fail(ErrorCode::kInvalid, "An adjustment or a write-off.", {}, "kind");
  if (auto k = directory_.ClientForBilling(who.practice_id, client_id); !k) return tl::unexpected(k.error());
  const EpochSeconds now = clock_.Now();
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto lock = store::LockClient(c, who.practice_id, client_id); !lock) return lock;
    auto entries = store::ClientEntries(c, who.practice_id, client_id);
    if (!entries) return tl::unexpected(entries.error());
    const Balance balance = Summarize(*entries, DateOf(now));
    if (auto bad = CheckAdjustment(balance, r.charge_id, r.party, r.amount)) return FailRule("adjustment", *bad);
    Entry e;
    e.client_id = client_id;
    e.charge_id = r.charge_id;
    e.party = r.party;
    if (r.party == Party::kPayer)
      for (const auto& x : *entries)
        if (x.charge_id == r.charge_id && !x.payer_ref.empty()) e.payer_ref = x.payer_ref;
    e.kind = r.kind;
    e.amount = -r.amount;
    e.reason = r.reason;
    if (auto in = Append(c, who.practice_id, {e}, now, who.display_name); !in) return in;
    auto event =
        audit::ByPrincipal(who, "ledger.adjust", "charge", r.charge_id, origin.ip, origin.request_id, client_id);
    event.detail = std::string(NameOf(r.kind)) + ": " + r.reason;
    return audit::Append(c, event, now);
  });
  if (!st) return tl::unexpected(st.error());
  return Ledger(who, client_id, origin);
}

Status Service::PostCharge(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                           const std::string& charge_id, const std::string& payer_ref, std::int64_t fee, Date on,
                           const std::string& reason, EpochSeconds now, const std::string& by_name) {
  if (auto lock = store::LockClient(c, practice_id, client_id); !lock) return lock;
  Entry e;
  e.client_id = client_id;
  e.charge_id = charge_id;
  e.party = payer_ref.empty() ? Party::kClient : Party::kPayer;
  e.payer_ref = payer_ref;
  e.kind = EntryKind::kCharge;
  e.amount = fee;
  e.on = on;
  e.reason = reason;
  if (auto in = Append(c, practice_id, {e}, now, by_name); !in) return in;
  return payer_ref.empty() ? Settle(c, practice_id, client_id, now, by_name) : Status{};
}

Status Service::PostRemittance(db::Connection& c, const std::string& practice_id, const std::vector<Remitted>& items,
                               EpochSeconds now, const std::string& by_name) {
  std::vector<std::string> clients;
  std::vector<Entry> entries;
  for (const auto& it : items) {
    if (std::find(clients.begin(), clients.end(), it.client_id) == clients.end()) clients.push_back(it.client_id);
    auto payer_entry = [&](EntryKind kind, std::int64_t amount) {
      Entry e;
      e.client_id = it.client_id;
      e.charge_id = it.charge_id;
      e.party = Party::kPayer;
      e.payer_ref = it.payer_ref;
      e.kind = kind;
      e.amount = -amount;
      e.on = it.on;
      e.reason = it.reason;
      entries.push_back(std::move(e));
    };
    if (it.paid != 0) payer_entry(EntryKind::kPayment, it.paid);
    if (it.adjusted != 0) payer_entry(EntryKind::kAdjustment, it.adjusted);
    auto moved = TransferToClient(it.client_id, it.charge_id, it.payer_ref, it.patient, it.on);
    for (auto& m : moved) m.reason = it.reason;
    entries.insert(entries.end(), moved.begin(), moved.end());
  }
  std::sort(clients.begin(), clients.end());  // locks always taken in one order
  for (const auto& client : clients)
    if (auto lock = store::LockClient(c, practice_id, client); !lock) return lock;
  if (auto in = Append(c, practice_id, std::move(entries), now, by_name); !in) return in;
  for (const auto& client : clients)
    if (auto settled = Settle(c, practice_id, client, now, by_name); !settled) return settled;
  return {};
}

Status Service::VoidCharge(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                           const std::string& charge_id, const std::string& reason, EpochSeconds now,
                           const std::string& by_name) {
  if (auto lock = store::LockClient(c, practice_id, client_id); !lock) return lock;
  auto entries = store::ClientEntries(c, practice_id, client_id);
  if (!entries) return tl::unexpected(entries.error());
  // The charge and what lowered it without money (adjustments, write-offs) are reversed …
  std::vector<Entry> reversals;
  std::int64_t client_after = 0;
  for (const auto& e : *entries) {
    if (e.charge_id != charge_id) continue;
    const bool undo =
        e.kind == EntryKind::kCharge || e.kind == EntryKind::kAdjustment || e.kind == EntryKind::kWriteOff;
    if (e.party == Party::kClient) client_after += undo ? 0 : e.amount;
    if (!undo) continue;
    Entry r = e;
    r.kind = EntryKind::kReversal;
    r.amount = -e.amount;
    r.reverses = e.id;
    r.reason = reason;
    reversals.push_back(std::move(r));
  }
  // … and money the client paid on it goes back on their account as credit.
  if (client_after < 0) {
    Entry back;
    back.client_id = client_id;
    back.charge_id = charge_id;
    back.party = Party::kClient;
    back.kind = EntryKind::kTransfer;
    back.amount = -client_after;
    back.reason = "Paid on a voided charge: back on account";
    Entry credit = back;
    credit.charge_id.clear();
    credit.amount = client_after;
    reversals.push_back(std::move(back));
    reversals.push_back(std::move(credit));
  }
  return Append(c, practice_id, std::move(reversals), now, by_name);
}

}  // namespace duet::ledger
