#pragma once
// Getting paid by clients, plain types: the practice's card processor settings, hosted payment pages
// (checkouts) opened for a client, invoices as issued with their lines. Amounts in integer cents.
#include <cstdint>
#include <string>
#include <vector>

#include "platform/clock.hpp"
#include "platform/dates.hpp"

namespace duet::payments {

//! The practice's processor (only Stripe is spoken) and what new clients pay ahead.
struct Settings {
  std::string processor;       // "stripe", or "" (payments are recorded by hand)
  std::string secret_key;      // write-only; sealed at rest
  std::string webhook_secret;  // write-only; sealed at rest
  std::string key_hint;        // the key's last four characters, to recognise it
  bool connected = false;
  std::string webhook_url;  // where the processor sends events
  std::int64_t new_client_deposit = 0;
  EpochSeconds updated_at = 0;
};

//! A hosted payment page opened for a client's balance (the card never reaches Duet).
struct Checkout {
  std::string id;  // the processor's session id
  std::string client_id;
  std::int64_t amount = 0;
  std::string url;
  EpochSeconds created_at = 0;
  std::string created_by;
  std::string payment_id;           // once paid (or the card saved)
  std::string purpose = "payment";  // payment | card_on_file
  std::string mail_problem;         // in the answer that opened it: why its link could not be e-mailed
};

//! A card kept at the processor with the client's consent, for the fees they agreed to.
struct CardOnFile {
  std::string client_id;
  bool on_file = false;
  std::string consent_text;  // the exact words consented to
  EpochSeconds consented_at = 0;
  std::string consented_by;  // who saved it (the client on the processor's page)
  // At rest only: the processor's ids.
  std::string customer;
  std::string payment_method;
};

//! One line of an invoice: a charge of the period.
struct InvoiceLine {
  std::string charge_id;
  Date on{};
  std::string description;   // "Session with Rowan Stone, LPC (video)" — no codes, no diagnoses
  std::int64_t charged = 0;  // the client's part
  std::int64_t paid = 0;
  std::int64_t adjusted = 0;
  std::int64_t owed = 0;
};

struct Invoice {
  std::string id;
  std::string number;  // INV-000001
  std::string client_id;
  Date issued_on{};
  Date due_on{};
  Date period_from{};
  Date period_to{};
  std::vector<InvoiceLine> lines;  // sealed at rest
  std::int64_t charged = 0;
  std::int64_t paid = 0;
  std::int64_t owed = 0;  // the client's whole balance when issued (every period), less credit
  EpochSeconds sent_at = 0;
  EpochSeconds created_at = 0;
  std::string created_by;
  std::string mail_problem;  // in the answer that issued it: why it could not be e-mailed
};

}  // namespace duet::payments
