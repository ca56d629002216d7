#include "payments/adapter_stripe.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

#include "platform/crypto.hpp"
#include "platform/outbound.hpp"

namespace duet::payments::stripe {
namespace {

//! The processor's answer as JSON, or a problem naming what went wrong (never the key).
Result<nlohmann::json> Call(const Account& account, const std::string& path,
                            const std::vector<std::pair<std::string, std::string>>& fields,
                            const std::string& idempotency_key) {
  if (account.secret_key.empty())
    return Fail(ErrorCode::kRule, "Card payments are not set up: add the processor's keys in Settings.");
  auto answer =
      outbound::Post(account.api_base + path, "application/x-www-form-urlencoded", outbound::FormEncode(fields),
                     account.secret_key, {{"Idempotency-Key", idempotency_key}});
  if (!answer)
    return Fail(ErrorCode::kUnavailable, "The card processor could not be reached; nothing was charged.",
                answer.error().internal_detail);
  auto j = nlohmann::json::parse(answer->body, nullptr, false);
  if (answer->status < 200 || answer->status >= 300 || !j.is_object()) {
    std::string why = "processor answered " + std::to_string(answer->status);
    if (j.is_object() && j.contains("error") && j["error"].is_object() && j["error"].value("message", "") != "")
      why += ": " + j["error"].value("message", "");
    return Fail(ErrorCode::kUnavailable, "The card processor refused the request; nothing was charged.", why);
  }
  return j;
}

//! The page a created session answers with; an error naming what is missing.
Result<Checkout> PageOf(const Result<nlohmann::json>& j, std::string_view what) {
  if (!j) return tl::unexpected(j.error());
  Checkout out{j->value("id", ""), j->value("url", "")};
  if (out.id.empty() || out.url.empty())
    return Fail(ErrorCode::kUnavailable, "The card processor gave no " + std::string(what) + ".", "no id or url");
  return out;
}

}  // namespace

Result<Checkout> CreateCheckout(const Account& account, std::int64_t amount, const std::string& description,
                                const std::string& practice_id, const std::string& client_id,
                                const std::string& success_url, const std::string& cancel_url,
                                const std::string& idempotency_key) {
  auto j = Call(account, "/v1/checkout/sessions",
                {{"mode", "payment"},
                 {"line_items[0][price_data][currency]", "usd"},
                 {"line_items[0][price_data][unit_amount]", std::to_string(amount)},
                 {"line_items[0][price_data][product_data][name]", description},
                 {"line_items[0][quantity]", "1"},
                 {"client_reference_id", client_id},
                 {"metadata[practice_id]", practice_id},
                 {"metadata[client_id]", client_id},
                 {"payment_intent_data[metadata][practice_id]", practice_id},
                 {"payment_intent_data[metadata][client_id]", client_id},
                 {"success_url", success_url},
                 {"cancel_url", cancel_url}},
                idempotency_key);
  return PageOf(j, "payment page");
}

Result<Checkout> CreateCardSetup(const Account& account, const std::string& consent_text,
                                 const std::string& practice_id, const std::string& client_id,
                                 const std::string& success_url, const std::string& cancel_url,
                                 const std::string& idempotency_key) {
  auto j = Call(account, "/v1/checkout/sessions",
                {{"mode", "setup"},
                 {"currency", "usd"},
                 {"customer_creation", "always"},
                 {"client_reference_id", client_id},
                 {"metadata[practice_id]", practice_id},
                 {"metadata[client_id]", client_id},
                 {"setup_intent_data[metadata][practice_id]", practice_id},
                 {"setup_intent_data[metadata][client_id]", client_id},
                 {"custom_text[submit][message]", consent_text},
                 {"success_url", success_url},
                 {"cancel_url", cancel_url}},
                idempotency_key);
  return PageOf(j, "page to save a card");
}

Result<SavedCard> GetSetupIntent(const Account& account, const std::string& setup_intent) {
  auto answer = outbound::Get(account.api_base + "/v1/setup_intents/" + setup_intent, account.secret_key);
  if (!answer)
    return Fail(ErrorCode::kUnavailable, "The card processor could not be reached.", answer.error().internal_detail);
  auto j = nlohmann::json::parse(answer->body, nullptr, false);
  if (answer->status != 200 || !j.is_object())
    return Fail(ErrorCode::kUnavailable, "The card processor did not confirm the saved card.",
                "processor answered " + std::to_string(answer->status));
  SavedCard out{j.value("customer", ""), j.value("payment_method", "")};
  if (out.customer.empty() || out.payment_method.empty())
    return Fail(ErrorCode::kUnavailable, "The card processor did not confirm the saved card.", "no customer or method");
  return out;
}

Result<std::string> ChargeSavedCard(const Account& account, const SavedCard& card, std::int64_t amount,
                                    const std::string& description, const std::string& practice_id,
                                    const std::string& client_id, const std::string& idempotency_key) {
  auto j = Call(account, "/v1/payment_intents",
                {{"amount", std::to_string(amount)},
                 {"currency", "usd"},
                 {"customer", card.customer},
                 {"payment_method", card.payment_method},
                 {"off_session", "true"},
                 {"confirm", "true"},
                 {"description", description},
                 {"metadata[practice_id]", practice_id},
                 {"metadata[client_id]", client_id}},
                idempotency_key);
  if (!j) return tl::unexpected(j.error());
  if (j->value("status", "") != "succeeded")
    return FailRule("card_declined", "The card on file was not charged (" +
                                         j->value("status", std::string("no answer")) +
                                         "): ask the client to pay another way.");
  return j->value("id", "");
}

Result<std::string> Refund(const Account& account, const std::string& payment_intent, std::int64_t amount,
                           const std::string& idempotency_key) {
  auto j = Call(account, "/v1/refunds", {{"payment_intent", payment_intent}, {"amount", std::to_string(amount)}},
                idempotency_key);
  if (!j) return tl::unexpected(j.error());
  const std::string id = j->value("id", "");
  if (id.empty()) return Fail(ErrorCode::kUnavailable, "The card processor did not confirm the refund.", "no id");
  return id;
}

Status VerifySignature(std::string_view header, std::string_view body, const std::vector<std::string>& secrets,
                       EpochSeconds now, EpochSeconds tolerance) {
  auto refuse = [](std::string why) { return Fail(ErrorCode::kInvalid, "The webhook's signature is not valid.", why); };
  if (header.empty()) return refuse("no Stripe-Signature header");
  std::string_view t;
  std::vector<std::string_view> v1;
  while (!header.empty()) {
    const auto comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header.remove_prefix(comma == std::string_view::npos ? header.size() : comma + 1);
    const auto eq = item.find('=');
    if (eq == std::string_view::npos) continue;
    const auto key = item.substr(0, eq);
    if (key == "t") t = item.substr(eq + 1);
    if (key == "v1") v1.push_back(item.substr(eq + 1));
  }
  EpochSeconds at = 0;
  if (t.empty() || std::from_chars(t.data(), t.data() + t.size(), at).ec != std::errc()) return refuse("no timestamp");
  if (v1.empty()) return refuse("no v1 signature");
  if (at < now - tolerance || at > now + tolerance) return refuse("timestamp outside the tolerance");
  const std::string payload = std::string(t) + "." + std::string(body);
  for (const auto& secret : secrets) {
    if (secret.empty()) continue;
    const std::string expected = crypto::HmacSha256Hex(secret, payload);
    for (auto sig : v1)
      if (crypto::Equal(expected, sig)) return {};
  }
  return refuse("no signature matches");
}

std::string SignatureHeader(std::string_view secret, std::string_view body, EpochSeconds t) {
  const std::string payload = std::to_string(t) + "." + std::string(body);
  return "t=" + std::to_string(t) + ",v1=" + crypto::HmacSha256Hex(secret, payload);
}

}  // namespace duet::payments::stripe
