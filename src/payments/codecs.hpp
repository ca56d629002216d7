#pragma once
// The payments' wire types, declared once (platform/codec.hpp).
#include <optional>
#include <string>
#include <vector>

#include "ledger/codecs.hpp"
#include "payments/model.hpp"
#include "platform/codec.hpp"

namespace duet::payments {

using codec::Field;

inline constexpr std::string_view kProcessors[] = {"", "stripe"};
constexpr auto CodecOf(const Settings*) {
  using S = Settings;
  return codec::Object<S>(
      "PaymentSettings",
      Field("processor", &S::processor,
            {.max_len = 10,
             .one_of = kProcessors,
             .message = "Choose stripe, or none (\"\").",
             .description = "stripe, or \"\": payments are recorded by hand"}),
      Field("secret_key", &S::secret_key,
            {.write_only = true, .max_len = 200, .description = "The processor's secret API key (kept sealed)"}),
      Field("webhook_secret", &S::webhook_secret,
            {.write_only = true, .max_len = 200, .description = "The webhook endpoint's signing secret (whsec_…)"}),
      Field("key_hint", &S::key_hint, {.read_only = true}), Field("connected", &S::connected, {.read_only = true}),
      Field("webhook_url", &S::webhook_url,
            {.read_only = true, .description = "Give the processor this address for its events"}),
      Field("new_client_deposit", &S::new_client_deposit,
            {.min = 0, .max = 10000000, .description = "Cents a new client pays ahead of their first visit"}),
      Field("updated_at", &S::updated_at, {.read_only = true, .format = codec::Format::kTimestamp}));
}

constexpr auto CodecOf(const Checkout*) {
  using C = Checkout;
  return codec::Object<C>(
      "Checkout", Field("id", &C::id), Field("client_id", &C::client_id), Field("amount", &C::amount),
      Field("url", &C::url, {.description = "The processor's payment page: open it or send it to the client"}),
      Field("created_at", &C::created_at, {.format = codec::Format::kTimestamp}), Field("created_by", &C::created_by),
      Field("payment_id", &C::payment_id, {.null_when_empty = true}),
      Field("purpose", &C::purpose, {.description = "payment, or card_on_file (a page to save a card)"}),
      Field("mail_problem", &C::mail_problem,
            {.null_when_empty = true,
             .description = "When `send` was asked and the e-mail could not be sent: why (the page exists all the "
                            "same; give the client its link another way)"}));
}

constexpr auto CodecOf(const CardOnFile*) {
  using C = CardOnFile;
  return codec::Object<C>(
      "CardOnFile", Field("client_id", &C::client_id), Field("on_file", &C::on_file),
      Field("consent_text", &C::consent_text, {.description = "The exact words the client consented to"}),
      Field("consented_at", &C::consented_at, {.null_when_empty = true, .format = codec::Format::kTimestamp}),
      Field("consented_by", &C::consented_by));
}

//! `POST /api/v1/clients/{id}/card-on-file/charge`.
struct ChargeCardRequest {
  std::optional<std::int64_t> amount;
};
constexpr auto CodecOf(const ChargeCardRequest*) {
  return codec::Object<ChargeCardRequest>(
      "ChargeCardRequest", Field("amount", &ChargeCardRequest::amount,
                                 {.min = 1, .max = 100000000, .description = "Cents; default: what the client owes"}));
}

//! `POST /api/v1/clients/{id}/checkout`.
struct CheckoutRequest {
  std::optional<std::int64_t> amount;
  bool send = false;
};
constexpr auto CodecOf(const CheckoutRequest*) {
  using R = CheckoutRequest;
  return codec::Object<R>(
      "CheckoutRequest",
      Field("amount", &R::amount, {.min = 1, .max = 100000000, .description = "Cents; default: what the client owes"}),
      Field("send", &R::send, {.description = "E-mail the client the link (no clinical detail)"}));
}

constexpr auto CodecOf(const InvoiceLine*) {
  using L = InvoiceLine;
  constexpr codec::Rules kAny = codec::kStoredRules;
  return codec::Object<L>("InvoiceLine", Field("charge_id", &L::charge_id, kAny), Field("on", &L::on, kAny),
                          Field("description", &L::description, kAny), Field("charged", &L::charged, kAny),
                          Field("paid", &L::paid, kAny), Field("adjusted", &L::adjusted, kAny),
                          Field("owed", &L::owed, kAny));
}

constexpr auto CodecOf(const Invoice*) {
  using I = Invoice;
  return codec::Object<I>(
      "Invoice", Field("id", &I::id), Field("number", &I::number), Field("client_id", &I::client_id),
      Field("issued_on", &I::issued_on), Field("due_on", &I::due_on), Field("period_from", &I::period_from),
      Field("period_to", &I::period_to), Field("lines", &I::lines), Field("charged", &I::charged),
      Field("paid", &I::paid),
      Field("owed", &I::owed, {.description = "The client's whole balance when issued, less credit"}),
      Field("sent_at", &I::sent_at, {.null_when_empty = true, .format = codec::Format::kTimestamp}),
      Field("created_at", &I::created_at, {.format = codec::Format::kTimestamp}), Field("created_by", &I::created_by),
      Field("mail_problem", &I::mail_problem,
            {.null_when_empty = true,
             .description = "In the answer that issued it, when `send` was asked and the e-mail could not be sent: why "
                            "(the invoice is issued all the same, `sent_at` stays empty)"}));
}

//! `POST /api/v1/clients/{id}/invoices`.
struct InvoiceRequest {
  std::optional<Date> from;
  std::optional<Date> to;
  bool send = false;
};
constexpr auto CodecOf(const InvoiceRequest*) {
  using R = InvoiceRequest;
  return codec::Object<R>(
      "InvoiceRequest", Field("from", &R::from, {.description = "First date of service; default: a month ago"}),
      Field("to", &R::to, {.description = "Last date of service; default: today"}),
      Field("send", &R::send, {.description = "E-mail the client that it is ready (a link, no clinical detail)"}));
}

//! What a processor's webhook did.
struct WebhookAnswer {
  bool received = true;
  bool duplicate = false;
  std::string payment_id;
};
constexpr auto CodecOf(const WebhookAnswer*) {
  using W = WebhookAnswer;
  return codec::Object<W>("WebhookAnswer", Field("received", &W::received), Field("duplicate", &W::duplicate),
                          Field("payment_id", &W::payment_id, {.null_when_empty = true}));
}

//! `GET /api/v1/portal/bills`: what the signed-in client owes, any deposit due, their invoices.
struct Bills {
  ledger::Balance balance;
  std::int64_t deposit_due = 0;
  bool can_pay_online = false;
  bool card_on_file = false;
  std::vector<Invoice> invoices;
};
constexpr auto CodecOf(const Bills*) {
  using B = Bills;
  return codec::Object<B>("Bills", Field("balance", &B::balance), Field("deposit_due", &B::deposit_due),
                          Field("can_pay_online", &B::can_pay_online), Field("card_on_file", &B::card_on_file),
                          Field("invoices", &B::invoices));
}

}  // namespace duet::payments
