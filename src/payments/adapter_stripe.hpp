#pragma once
// The card processor's adapter, against Stripe's documented HTTP API: a hosted Checkout page for an
// amount (card numbers never reach Duet), refunds, and the signature on its webhooks
// (`Stripe-Signature: t=<unix>,v1=<hex>`: HMAC-SHA256 of "<t>.<raw body>" under the endpoint's
// secret, within a tolerance of now). ../shared/reference/payments.md has the facts.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "platform/clock.hpp"
#include "platform/result.hpp"

namespace duet::payments::stripe {

struct Account {
  std::string api_base;  // https://api.stripe.com, or a stand-in speaking the same endpoints
  std::string secret_key;
};

struct Checkout {
  std::string id;
  std::string url;
};
//! `POST /v1/checkout/sessions`: a hosted payment page for `amount` cents (USD), with the client and the
//! practice in its metadata so that the webhook can post it.
Result<Checkout> CreateCheckout(const Account& account, std::int64_t amount, const std::string& description,
                                const std::string& practice_id, const std::string& client_id,
                                const std::string& success_url, const std::string& cancel_url,
                                const std::string& idempotency_key);

//! `POST /v1/checkout/sessions` in setup mode: a hosted page where the client saves a card, shown the
//! words they consent to; a Stripe customer is made for them.
Result<Checkout> CreateCardSetup(const Account& account, const std::string& consent_text,
                                 const std::string& practice_id, const std::string& client_id,
                                 const std::string& success_url, const std::string& cancel_url,
                                 const std::string& idempotency_key);

//! What a completed setup saved: `GET /v1/setup_intents/{id}`.
struct SavedCard {
  std::string customer;
  std::string payment_method;
};
Result<SavedCard> GetSetupIntent(const Account& account, const std::string& setup_intent);

//! `POST /v1/payment_intents` off session, confirmed at once, on a saved card; the payment intent's id
//! when it succeeded (a card that needs the client, or is declined, is an error in words).
Result<std::string> ChargeSavedCard(const Account& account, const SavedCard& card, std::int64_t amount,
                                    const std::string& description, const std::string& practice_id,
                                    const std::string& client_id, const std::string& idempotency_key);

//! `POST /v1/refunds`: gives back `amount` cents of a payment intent; the refund's id.
Result<std::string> Refund(const Account& account, const std::string& payment_intent, std::int64_t amount,
                           const std::string& idempotency_key);

//! Checks a webhook's `Stripe-Signature` header over the raw body: accepted when a v1 signature matches
//! one of the secrets (constant-time) and its timestamp is within `tolerance` seconds of now.
Status VerifySignature(std::string_view header, std::string_view body, const std::vector<std::string>& secrets,
                       EpochSeconds now, EpochSeconds tolerance = 300);

//! The header a sender would put on `body` at time `t` (tests and the stand-in sign with it).
std::string SignatureHeader(std::string_view secret, std::string_view body, EpochSeconds t);

}  // namespace duet::payments::stripe
