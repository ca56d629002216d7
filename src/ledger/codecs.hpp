#pragma once
// The ledger's wire types, declared once (platform/codec.hpp).
#include <optional>
#include <string>
#include <vector>

#include "ledger/model.hpp"
#include "platform/codec.hpp"

namespace duet::ledger {

using codec::Field;

constexpr auto CodecOf(const Entry*) {
  using E = Entry;
  return codec::Object<E>(
      "LedgerEntry", Field("id", &E::id), Field("charge_id", &E::charge_id, {.null_when_empty = true}),
      Field("party", &E::party, {.description = "client or payer"}),
      Field("payer_id", &E::payer_ref, {.null_when_empty = true}),
      Field("kind", &E::kind,
            {.description = "charge, payment, adjustment, refund, write_off, transfer (between the client's and the "
                            "payer's part, or credit applied), reversal"}),
      Field("amount", &E::amount, {.description = "Cents: + raises what the party owes, − lowers it"}),
      Field("payment_id", &E::payment_id, {.null_when_empty = true}),
      Field("reverses", &E::reverses, {.null_when_empty = true}), Field("reason", &E::reason), Field("on", &E::on),
      Field("created_at", &E::created_at, {.format = codec::Format::kTimestamp}), Field("by_name", &E::by_name));
}

constexpr auto CodecOf(const Payment*) {
  using P = Payment;
  return codec::Object<P>("Payment", Field("id", &P::id), Field("client_id", &P::client_id),
                          Field("amount", &P::amount, {.description = "Cents"}), Field("method", &P::method),
                          Field("reference", &P::reference), Field("received_on", &P::received_on),
                          Field("refunded", &P::refunded, {.description = "Cents refunded so far"}),
                          Field("created_at", &P::created_at, {.format = codec::Format::kTimestamp}),
                          Field("by_name", &P::by_name));
}

constexpr auto CodecOf(const ChargeBalance*) {
  using C = ChargeBalance;
  return codec::Object<C>("ChargeBalance", Field("charge_id", &C::charge_id), Field("on", &C::on),
                          Field("charged", &C::charged), Field("client", &C::client), Field("payer", &C::payer));
}

constexpr auto CodecOf(const Balance*) {
  using B = Balance;
  return codec::Object<B>(
      "Balance", Field("client", &B::client, {.description = "Cents the client owes"}),
      Field("payer", &B::payer, {.description = "Cents payers owe on the client's charges"}),
      Field("credit", &B::credit, {.description = "Cents on account, not applied yet"}),
      Field("charges", &B::charges, {.description = "What is open per charge, oldest first"}),
      codec::Computed<std::vector<std::int64_t>>(
          "aging", [](const B& b) { return std::vector<std::int64_t>(b.aging.begin(), b.aging.end()); },
          {.description = "What the client owes by the charge's age: 0–30, 31–60, 61–90, over 90 days"}));
}

constexpr auto CodecOf(const ClientAging*) {
  using C = ClientAging;
  return codec::Object<C>(
      "ClientAging", Field("client_id", &C::client_id), Field("client_name", &C::client_name),
      Field("owed", &C::owed, {.description = "Cents the client owes"}), Field("credit", &C::credit),
      Field("payer", &C::payer, {.description = "Cents payers owe on the client's charges"}),
      codec::Computed<std::vector<std::int64_t>>(
          "aging", [](const C& c) { return std::vector<std::int64_t>(c.aging.begin(), c.aging.end()); },
          {.description = "0–30, 31–60, 61–90, over 90 days"}));
}

constexpr auto CodecOf(const AgingReport*) {
  using A = AgingReport;
  return codec::Object<A>(
      "AgingReport", Field("clients", &A::clients, {.description = "Largest balance first"}),
      codec::Computed<std::vector<std::int64_t>>(
          "totals", [](const A& a) { return std::vector<std::int64_t>(a.totals.begin(), a.totals.end()); },
          {.description = "What clients owe by age: 0–30, 31–60, 61–90, over 90 days"}),
      Field("owed", &A::owed), Field("credit", &A::credit), Field("payer", &A::payer));
}

//! `GET /api/v1/clients/{id}/ledger`.
struct ClientLedger {
  Balance balance;
  std::vector<Entry> entries;  // newest first
  std::vector<Payment> payments;
};
constexpr auto CodecOf(const ClientLedger*) {
  using L = ClientLedger;
  return codec::Object<L>("ClientLedger", Field("balance", &L::balance), Field("entries", &L::entries),
                          Field("payments", &L::payments));
}

constexpr auto CodecOf(const Application*) {
  using A = Application;
  return codec::Object<A>("Application", Field("charge_id", &A::charge_id, {.required = true, .max_len = 36}),
                          Field("amount", &A::amount, {.required = true, .min = 1, .max = 100000000}));
}

//! `POST /api/v1/payments`: money the client paid, by hand.
struct PaymentRequest {
  std::string client_id;
  std::int64_t amount = 0;
  PaymentMethod method = PaymentMethod::kCash;
  std::string reference;
  std::optional<Date> received_on;
  std::vector<Application> applications;
};
constexpr auto CodecOf(const PaymentRequest*) {
  using R = PaymentRequest;
  return codec::Object<R>(
      "PaymentRequest", Field("client_id", &R::client_id, {.required = true, .max_len = 36}),
      Field("amount", &R::amount, {.required = true, .min = 1, .max = 100000000, .description = "Cents"}),
      Field("method", &R::method, {.required = true, .description = "cash, check, card_terminal, card_online, other"}),
      Field("reference", &R::reference, {.max_len = 100, .description = "Check number, terminal receipt …"}),
      Field("received_on", &R::received_on, {.description = "Default: today"}),
      Field("applications", &R::applications,
            {.max_items = 100,
             .description = "Charges to pay first (each up to what is open); the rest pays the oldest open charges, "
                            "then stays as credit"}));
}

//! `POST /api/v1/payments/{id}/refund`.
struct RefundRequest {
  std::int64_t amount = 0;
  std::string reason;
};
constexpr auto CodecOf(const RefundRequest*) {
  using R = RefundRequest;
  return codec::Object<R>("RefundRequest", Field("amount", &R::amount, {.required = true, .min = 1, .max = 100000000}),
                          Field("reason", &R::reason, {.required = true, .max_len = 500}));
}

//! `POST /api/v1/clients/{id}/adjustments`: a discount, a correction or a write-off on one charge.
struct AdjustmentRequest {
  std::string charge_id;
  Party party = Party::kClient;
  EntryKind kind = EntryKind::kAdjustment;
  std::int64_t amount = 0;
  std::string reason;
};
constexpr auto CodecOf(const AdjustmentRequest*) {
  using R = AdjustmentRequest;
  return codec::Object<R>(
      "AdjustmentRequest", Field("charge_id", &R::charge_id, {.required = true, .max_len = 36}),
      Field("party", &R::party, {.description = "Whose part it lowers: client (default) or payer"}),
      Field("kind", &R::kind, {.description = "adjustment (default) or write_off"}),
      Field("amount", &R::amount, {.required = true, .min = 1, .max = 100000000, .description = "Cents"}),
      Field("reason", &R::reason, {.required = true, .max_len = 500}));
}

}  // namespace duet::ledger
