#include "payments/service.hpp"

#include <map>

#include <nlohmann/json.hpp>

#include "billing/store.hpp"
#include "ledger/rules.hpp"
#include "ledger/store.hpp"
#include "payments/adapter_stripe.hpp"
#include "payments/rules.hpp"
#include "payments/store.hpp"
#include "platform/audit.hpp"
#include "platform/log.hpp"
#include "platform/pdf.hpp"
#include "platform/text.hpp"
#include "platform/words.hpp"

namespace duet::payments {
namespace {
constexpr const char kMailProblem[] = "The e-mail could not be sent (the mail server did not take it). ";
constexpr const char kGiveTheLink[] = "The payment page is ready: copy its link and give it to the client another way.";
constexpr const char kSendItLater[] = "The invoice is issued: print it, or let the client see it in their portal.";

std::string Hint(const std::string& key) { return key.size() > 4 ? key.substr(key.size() - 4) : std::string(); }

bool StartsWith(const std::string& s, std::string_view p) { return s.compare(0, p.size(), p) == 0; }

//! An audit event of the card processor's own doing (a webhook), for the client it touched.
audit::Event ByProcessor(const std::string& practice_id, std::string action, std::string resource_type,
                         std::string resource_id, const std::string& client_id, const Origin& origin) {
  audit::Event e;
  e.practice_id = practice_id;
  e.actor_role = "processor";
  e.action = std::move(action);
  e.resource_type = std::move(resource_type);
  e.resource_id = std::move(resource_id);
  e.client_id = client_id;
  e.ip = origin.ip;
  e.request_id = origin.request_id;
  return e;
}

//! A card payment taken through the processor, received now.
ledger::Payment CardPayment(const std::string& client_id, std::int64_t amount, std::string reference, EpochSeconds now,
                            std::string by_name) {
  ledger::Payment p;
  p.id = crypto::NewId();
  p.client_id = client_id;
  p.amount = amount;
  p.method = ledger::PaymentMethod::kCardOnline;
  p.reference = std::move(reference);
  p.received_on = DateOf(now);
  p.created_at = now;
  p.by_name = std::move(by_name);
  return p;
}

//! The words a client consents to when they keep a card on file (shown on the processor's page, kept).
std::string ConsentText(const std::string& practice_name) {
  return "I authorize " + practice_name +
         " to keep this card on file with its payment processor and to charge it for fees I agreed to: late "
         "cancellations and missed visits under the practice's policy, and balances I owe after my visits. I can "
         "withdraw this at any time by asking the practice or in my portal.";
}

}  // namespace

Service::Service(db::Database& db, const Clock& clock, practice::Service& directory, crypto::KeyFor keys,
                 std::string processor_api, std::string public_url)
    : db_(db),
      clock_(clock),
      directory_(directory),
      keys_(std::move(keys)),
      processor_api_(std::move(processor_api)),
      public_url_(std::move(public_url)) {}

Result<Settings> Service::OpenSettings(const std::string& practice_id) {
  auto s = db_.Read([&](db::Connection& c) { return store::GetSettings(c, practice_id); });
  if (!s) return tl::unexpected(s.error());
  if (!s->secret_key.empty() || !s->webhook_secret.empty()) {
    auto key = keys_(practice_id);
    if (!key) return tl::unexpected(key.error());
    for (auto* field : {&s->secret_key, &s->webhook_secret}) {
      if (field->empty()) continue;
      auto plain = crypto::OpenField(*key, *field, "processor:" + practice_id);
      if (!plain) return tl::unexpected(plain.error());
      *field = std::move(*plain);
    }
  }
  s->connected = s->processor == "stripe" && !s->secret_key.empty() && !s->webhook_secret.empty();
  s->webhook_url = public_url_ + "/api/v1/payments/webhooks/stripe";
  return s;
}

Result<Settings> Service::GetSettings(const Principal& who) {
  auto s = OpenSettings(who.practice_id);
  if (!s) return s;
  s->secret_key.clear();  // never shown again
  s->webhook_secret.clear();
  return s;
}

Result<Settings> Service::PutSettings(const Principal& who, Settings in, const Origin& origin) {
  auto current = OpenSettings(who.practice_id);
  if (!current) return current;
  Settings next = *current;
  next.processor = in.processor;
  next.new_client_deposit = in.new_client_deposit;
  if (in.processor.empty()) {
    next.secret_key.clear();
    next.webhook_secret.clear();
    next.key_hint.clear();
  } else {
    // A key left empty keeps the one saved.
    if (!in.secret_key.empty()) next.secret_key = in.secret_key;
    if (!in.webhook_secret.empty()) next.webhook_secret = in.webhook_secret;
    if (!StartsWith(next.secret_key, "sk_") && !StartsWith(next.secret_key, "rk_"))
      return Fail(ErrorCode::kInvalid, "Paste the processor's secret key (it starts with sk_ or rk_).", {},
                  "secret_key");
    if (!StartsWith(next.webhook_secret, "whsec_"))
      return Fail(ErrorCode::kInvalid, "Paste the webhook's signing secret (it starts with whsec_).", {},
                  "webhook_secret");
    next.key_hint = Hint(next.secret_key);
  }
  const EpochSeconds now = clock_.Now();
  next.updated_at = now;
  Settings sealed = next;
  auto key = keys_(who.practice_id);
  if (!key) return tl::unexpected(key.error());
  for (auto* field : {&sealed.secret_key, &sealed.webhook_secret}) {
    if (field->empty()) continue;
    auto s = crypto::SealField(*key, *field, "processor:" + who.practice_id);
    if (!s) return tl::unexpected(s.error());
    *field = std::move(*s);
  }
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto put = store::PutSettings(c, who.practice_id, sealed); !put) return put;
    return audit::Append(
        c, audit::ByPrincipal(who, "payments.settings", "practice", who.practice_id, origin.ip, origin.request_id, {}),
        now);
  });
  if (!st) return tl::unexpected(st.error());
  return GetSettings(who);
}

Status Service::CanMail(const practice::Client& client) const {
  if (client.email.empty()) return FailRule("no_email", "The client has no e-mail address to send it to.");
  if (!mailer_ || !mailer_->enabled())
    return FailRule("mail_off", "E-mail is not set up on this server: print it or give the link another way.");
  return {};
}

Result<practice::Client> Service::ClientFor(const Principal& who, const std::string& client_id) {
  if (who.role == Role::kClient) {
    // The client whose pages the account is on (a guardian: when the practice lets them see bills).
    auto own = directory_.PortalClient(who, practice::PortalArea::kBills);
    if (!own) return tl::unexpected(own.error());
    if (!client_id.empty() && client_id != own->client.id)
      return Fail(ErrorCode::kNotFound, "There is no such client.");
    return std::move(own->client);
  }
  auto k = directory_.ClientForBilling(who.practice_id, client_id);
  if (!k) return tl::unexpected(k.error());
  return std::move(*k);
}

Result<Checkout> Service::OpenCheckout(const Principal& who, std::string client_id, const CheckoutRequest& r,
                                       const Origin& origin) {
  auto client = ClientFor(who, client_id);
  if (!client) return tl::unexpected(client.error());
  if (r.send && who.role != Role::kClient)
    if (auto can = CanMail(*client); !can) return tl::unexpected(can.error());
  auto settings = OpenSettings(who.practice_id);
  if (!settings) return tl::unexpected(settings.error());
  if (!settings->connected)
    return FailRule("processor",
                    "Card payments online are not set up for this practice: record the payment by "
                    "hand, or add the processor's keys in Settings → Payments.");
  auto entries =
      db_.Read([&](db::Connection& c) { return ledger::store::ClientEntries(c, who.practice_id, client->id); });
  if (!entries) return tl::unexpected(entries.error());
  const EpochSeconds now = clock_.Now();
  auto asked = CheckoutAmount(ledger::Summarize(*entries, DateOf(now)), r.amount,
                              DepositDue(*entries, settings->new_client_deposit));
  if (!asked) return tl::unexpected(asked.error());
  Checkout out;
  out.client_id = client->id;
  out.amount = asked->amount;
  out.created_at = now;
  out.created_by = who.display_name;
  const std::string portal = public_url_ + "/portal";
  auto page = stripe::CreateCheckout({processor_api_, settings->secret_key}, asked->amount,
                                     asked->description + " — " + who.practice_name, who.practice_id, client->id,
                                     portal + "?paid=1", portal, crypto::NewId());
  if (!page) return tl::unexpected(page.error());
  out.id = page->id;
  out.url = page->url;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto in = store::InsertCheckout(c, who.practice_id, out); !in) return in;
    auto event =
        audit::ByPrincipal(who, "payments.checkout", "client", client->id, origin.ip, origin.request_id, client->id);
    event.detail = FormatDollars(out.amount);
    return audit::Append(c, event, now);
  });
  if (!st) return tl::unexpected(st.error());
  if (r.send && who.role != Role::kClient) {
    mail::Message m;
    m.to = client->email;
    const auto& w = words::For(client->language);
    m.subject = w.Say("pay_link.subject", {{"practice", who.practice_name}});
    m.body = w.Say("pay_link.body",
                   {{"practice", who.practice_name}, {"amount", FormatDollars(out.amount)}, {"link", out.url}});
    // The page exists whatever the mail server says: the answer gives its link, and says the e-mail failed.
    if (auto sent = mailer_->Send(m); !sent) {
      out.mail_problem = std::string(kMailProblem) + kGiveTheLink;
      log::Event(log::Level::kWarn, "pay_link_mail_failed", {{"detail", sent.error().internal_detail}});
    }
  }
  return out;
}

Result<WebhookAnswer> Service::Webhook(std::string_view signature, std::string_view body, const Origin& origin) {
  auto refuse = [](std::string why) {
    return Fail(ErrorCode::kInvalid, "The event is not one this server accepts.", std::move(why));
  };
  const auto event = nlohmann::json::parse(body, nullptr, false);
  if (!event.is_object() || !event.contains("id") || !event["id"].is_string() || !event.contains("type") ||
      !event["type"].is_string())
    return refuse("not an event");
  const auto data = event.contains("data") && event["data"].is_object()
                        ? event["data"].value("object", nlohmann::json())
                        : nlohmann::json();
  const auto meta = data.is_object() ? data.value("metadata", nlohmann::json()) : nlohmann::json();
  const std::string practice_id = meta.is_object() ? meta.value("practice_id", "") : "";
  if (practice_id.empty()) return refuse("no practice in the event's metadata");
  auto settings = OpenSettings(practice_id);
  if (!settings) return refuse("unknown practice");
  if (!settings->connected) return refuse("no processor for the practice");
  if (auto ok = stripe::VerifySignature(signature, body, {settings->webhook_secret}, clock_.Now()); !ok) {
    log::Event(log::Level::kWarn, "webhook_refused", {{"reason", ok.error().internal_detail}});
    return tl::unexpected(ok.error());
  }
  const std::string event_id = event["id"];
  const std::string type = event["type"];
  const EpochSeconds now = clock_.Now();
  // A page to save a card: what it saved is asked of the processor before anything is written.
  const bool setup = type == "checkout.session.completed" && data.value("mode", "") == "setup";
  std::optional<stripe::SavedCard> saved;
  if (setup) {
    auto card = stripe::GetSetupIntent({processor_api_, settings->secret_key}, data.value("setup_intent", ""));
    if (!card) return tl::unexpected(card.error());
    saved = std::move(*card);
  }
  WebhookAnswer out;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto first = store::FirstTimeEvent(c, practice_id, event_id, type, now);
    if (!first) return tl::unexpected(first.error());
    if (!*first) {
      out.duplicate = true;  // the processor retries: handled once
      return {};
    }
    if (setup) {
      auto checkout = store::FindCheckout(c, practice_id, data.value("id", ""));
      if (!checkout) return tl::unexpected(checkout.error());
      if (!*checkout || (*checkout)->purpose != "card_on_file" || (*checkout)->client_id != meta.value("client_id", ""))
        return refuse("a card page this practice did not open");
      CardOnFile card;
      card.client_id = (*checkout)->client_id;
      card.customer = saved->customer;
      card.payment_method = saved->payment_method;
      auto name = store::PracticeName(c, practice_id);
      if (!name) return tl::unexpected(name.error());
      card.consent_text = ConsentText(*name);
      card.consented_at = now;
      card.consented_by = "The client, on the processor's page";
      if (auto put = store::PutCard(c, practice_id, card); !put) return put;
      if (auto paid = store::SetCheckoutPaid(c, practice_id, (*checkout)->id, "card_on_file"); !paid) return paid;
      return audit::Append(c, ByProcessor(practice_id, "card.saved", "client", card.client_id, card.client_id, origin),
                           now);
    }
    if (type != "checkout.session.completed" || data.value("payment_status", "") != "paid") return {};
    const std::string session_id = data.value("id", "");
    auto checkout = store::FindCheckout(c, practice_id, session_id);
    if (!checkout) return tl::unexpected(checkout.error());
    // Only a page the practice opened is posted, for the client and the amount it was opened for.
    if (!*checkout) return refuse("a payment page this practice did not open");
    const auto amount = data.value("amount_total", std::int64_t{0});
    if ((*checkout)->client_id != meta.value("client_id", "") || amount != (*checkout)->amount)
      return refuse("the event does not match the payment page");
    if (!(*checkout)->payment_id.empty()) {
      out.duplicate = true;
      return {};
    }
    const ledger::Payment p = CardPayment((*checkout)->client_id, amount, data.value("payment_intent", session_id), now,
                                          "Card payment online");
    if (auto posted = ledger::Service::PostPayment(c, practice_id, p, {}, now); !posted) return posted;
    if (auto paid = store::SetCheckoutPaid(c, practice_id, session_id, p.id); !paid) return paid;
    out.payment_id = p.id;
    auto e = ByProcessor(practice_id, "payment.create", "payment", p.id, p.client_id, origin);
    e.detail = "card_online";
    return audit::Append(c, e, now);
  });
  if (!st) return tl::unexpected(st.error());
  return out;
}

Status Service::RefundThroughProcessor(const std::string& practice_id, const ledger::Payment& payment,
                                       std::int64_t amount) {
  auto settings = OpenSettings(practice_id);
  if (!settings) return tl::unexpected(settings.error());
  if (!settings->connected)
    return FailRule("processor", "This card payment was taken online: connect the processor again to refund it.");
  auto r = stripe::Refund({processor_api_, settings->secret_key}, payment.reference, amount, crypto::NewId());
  if (!r) return tl::unexpected(r.error());
  return {};
}

Result<std::vector<InvoiceLine>> Service::OpenLines(const std::string& practice_id, const std::string& invoice_id,
                                                    const std::string& sealed) {
  auto key = keys_(practice_id);
  if (!key) return tl::unexpected(key.error());
  auto plain = crypto::OpenField(*key, sealed, "invoice:" + invoice_id);
  if (!plain) return tl::unexpected(plain.error());
  return codec::FromColumn<std::vector<InvoiceLine>>(*plain);
}

Result<Invoice> Service::CreateInvoice(const Principal& who, const std::string& client_id, const InvoiceRequest& r,
                                       const Origin& origin) {
  auto client = ClientFor(who, client_id);
  if (!client) return tl::unexpected(client.error());
  if (r.send)
    if (auto can = CanMail(*client); !can) return tl::unexpected(can.error());
  const EpochSeconds now = clock_.Now();
  const Date today = DateOf(now);
  Invoice inv;
  inv.id = crypto::NewId();
  inv.client_id = client->id;
  inv.issued_on = today;
  inv.due_on = today + date::days{30};
  inv.period_to = r.to.value_or(today);
  inv.period_from = r.from.value_or(inv.period_to - date::days{30});
  if (inv.period_to < inv.period_from) return Fail(ErrorCode::kInvalid, "The period ends before it starts.", {}, "to");
  if (DaysBetween(inv.period_from, inv.period_to) > 366)
    return Fail(ErrorCode::kInvalid, "An invoice covers at most a year.", {}, "from");
  std::vector<ledger::Entry> entries;
  std::vector<billing::Charge> charges;
  auto read = db_.Read([&](db::Connection& c) -> Status {
    auto e = ledger::store::ClientEntries(c, who.practice_id, client->id);
    if (!e) return tl::unexpected(e.error());
    entries = std::move(*e);
    auto h = billing::store::ChargesBetween(c, who.practice_id, inv.period_from, inv.period_to, client->id);
    if (!h) return tl::unexpected(h.error());
    charges = std::move(*h);
    return {};
  });
  if (!read) return tl::unexpected(read.error());
  inv.lines = InvoiceLines(entries, inv.period_from, inv.period_to);
  std::map<std::string, std::string> who_saw;
  std::map<std::string, std::string> sessions_with;  // each clinician looked up once
  for (const auto& h : charges) {
    std::string d = "Missed-visit fee";
    if (!h.lines.empty()) {
      auto [it, fresh] = sessions_with.try_emplace(h.clinician_id);
      if (fresh) {
        auto k = directory_.ClinicianById(who.practice_id, h.clinician_id);
        it->second = "Session" + (k ? " with " + k->given_name + " " + k->family_name : std::string());
      }
      d = it->second;
    }
    who_saw[h.id] = std::move(d);
  }
  for (auto& l : inv.lines) {
    auto d = who_saw.find(l.charge_id);
    l.description = d != who_saw.end() ? d->second : "Charge";
    inv.charged += l.charged;
    inv.paid += l.paid;
  }
  const auto balance = ledger::Summarize(entries, today);
  inv.owed = std::max<std::int64_t>(0, balance.client - balance.credit);
  if (inv.lines.empty() && inv.owed == 0)
    return FailRule("nothing_to_invoice", "There is nothing to invoice in that period and nothing is owed.");
  inv.created_at = now;
  inv.created_by = who.display_name;
  auto key = keys_(who.practice_id);
  if (!key) return tl::unexpected(key.error());
  auto sealed = crypto::SealField(*key, codec::ToColumn(inv.lines), "invoice:" + inv.id);
  if (!sealed) return tl::unexpected(sealed.error());
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto number = store::NextInvoiceNumber(c, who.practice_id, now);
    if (!number) return tl::unexpected(number.error());
    inv.number = std::move(*number);
    if (auto in = store::InsertInvoice(c, who.practice_id, {inv, *sealed}); !in) return in;
    auto event = audit::ByPrincipal(who, "invoice.create", "invoice", inv.id, origin.ip, origin.request_id, client->id);
    event.detail = inv.number;
    return audit::Append(c, event, now);
  });
  if (!st) return tl::unexpected(st.error());
  if (r.send) {
    mail::Message m;
    m.to = client->email;
    const auto& w = words::For(client->language);
    m.subject = w.Say("invoice.subject", {{"number", inv.number}, {"practice", who.practice_name}});
    m.body = w.Say("invoice.body", {{"number", inv.number},
                                    {"practice", who.practice_name},
                                    {"amount", FormatDollars(inv.owed)},
                                    {"due", FormatDate(inv.due_on)},
                                    {"link", public_url_ + "/portal"}});
    // The invoice is issued whatever the mail server says (asking again would issue a second one).
    if (auto sent = mailer_->Send(m); !sent) {
      inv.mail_problem = std::string(kMailProblem) + kSendItLater;
      log::Event(log::Level::kWarn, "invoice_mail_failed", {{"detail", sent.error().internal_detail}});
      return inv;
    }
    inv.sent_at = clock_.Now();
    auto marked = db_.WithWrite(
        [&](db::Connection& c) { return store::MarkInvoiceSent(c, who.practice_id, inv.id, inv.sent_at); });
    if (!marked) return tl::unexpected(marked.error());
  }
  return inv;
}

Result<std::vector<Invoice>> Service::Invoices(const Principal& who, std::string client_id, const Origin& origin) {
  auto client = ClientFor(who, client_id);
  if (!client) return tl::unexpected(client.error());
  auto rows = db_.Read([&](db::Connection& c) { return store::ClientInvoices(c, who.practice_id, client->id); });
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Invoice> out;
  for (auto& r : *rows) {
    auto lines = OpenLines(who.practice_id, r.head.id, r.lines);
    if (!lines) return tl::unexpected(lines.error());
    r.head.lines = std::move(*lines);
    out.push_back(std::move(r.head));
  }
  if (auto a = audit::AppendNow(
          db_, audit::ByPrincipal(who, "invoice.list", "client", client->id, origin.ip, origin.request_id, client->id),
          clock_.Now());
      !a)
    return tl::unexpected(a.error());
  return out;
}

Result<std::string> Service::RenderInvoice(const Principal& who, const Invoice& inv, const practice::Client& client) {
  auto provider = db_.Read([&](db::Connection& c) { return billing::store::GetProvider(c, who.practice_id); });
  if (!provider) return tl::unexpected(provider.error());
  using pdf::Block;
  using pdf::Style;
  std::vector<Block> b;
  b.push_back({Style::kTitle, "Invoice " + inv.number});
  b.push_back({Style::kText, (provider->name.empty() ? who.practice_name : provider->name) + "\n" +
                                 provider->address_line + ", " + provider->city + ", " + provider->state + " " +
                                 provider->postal_code +
                                 (provider->phone.empty() ? "" : "\nPhone " + provider->phone)});
  b.push_back({Style::kHeading, "Bill to"});
  b.push_back({Style::kText, client.given_name + " " + client.family_name + "\n" + client.address.line1 +
                                 (client.address.line1.empty() ? "" : ", ") + client.address.city +
                                 (client.address.city.empty() ? "" : ", ") + client.address.state + " " +
                                 client.address.postal_code});
  b.push_back({Style::kSmall, "Issued " + FormatDate(inv.issued_on) + " · due " + FormatDate(inv.due_on) +
                                  " · services from " + FormatDate(inv.period_from) + " to " +
                                  FormatDate(inv.period_to)});
  b.push_back({Style::kHeading, "Services"});
  if (inv.lines.empty()) b.push_back({Style::kText, "No new services in this period."});
  for (const auto& l : inv.lines)
    b.push_back({Style::kText, FormatDate(l.on) + " · " + l.description + "\nCharged " + FormatDollars(l.charged) +
                                   " · paid " + FormatDollars(l.paid) +
                                   (l.adjusted ? " · adjusted " + FormatDollars(l.adjusted) : std::string()) +
                                   " · owed " + FormatDollars(l.owed)});
  b.push_back({Style::kSubheading,
               "Charged in this period " + FormatDollars(inv.charged) + " · paid " + FormatDollars(inv.paid)});
  b.push_back({Style::kHeading, "Amount due: " + FormatDollars(inv.owed)});
  b.push_back({Style::kText, "Pay by card in your portal (" + public_url_ + "/portal), or at the front desk."});
  return pdf::Render(b, who.practice_name + " · Invoice " + inv.number);
}

Result<std::string> Service::InvoicePdf(const Principal& who, const std::string& id, const Origin& origin) {
  auto row = db_.Read([&](db::Connection& c) { return store::FindInvoice(c, who.practice_id, id); });
  if (!row) return tl::unexpected(row.error());
  if (!*row) return Fail(ErrorCode::kNotFound, "There is no such invoice.");
  // A client reads only their own.
  auto client = ClientFor(who, who.role == Role::kClient ? std::string() : (*row)->head.client_id);
  if (!client) return tl::unexpected(client.error());
  if (client->id != (*row)->head.client_id) return Fail(ErrorCode::kNotFound, "There is no such invoice.");
  Invoice inv = (*row)->head;
  auto lines = OpenLines(who.practice_id, inv.id, (*row)->lines);
  if (!lines) return tl::unexpected(lines.error());
  inv.lines = std::move(*lines);
  if (auto a = audit::AppendNow(
          db_, audit::ByPrincipal(who, "invoice.read", "invoice", id, origin.ip, origin.request_id, client->id),
          clock_.Now());
      !a)
    return tl::unexpected(a.error());
  return RenderInvoice(who, inv, *client);
}

Result<std::string> Service::StatementPdf(const Principal& who, const std::string& client_id, const Origin& origin) {
  auto client = ClientFor(who, client_id);
  if (!client) return tl::unexpected(client.error());
  auto entries =
      db_.Read([&](db::Connection& c) { return ledger::store::ClientEntries(c, who.practice_id, client->id); });
  if (!entries) return tl::unexpected(entries.error());
  const Date today = DateOf(clock_.Now());
  const auto balance = ledger::Summarize(*entries, today);
  using pdf::Block;
  using pdf::Style;
  std::vector<Block> b;
  b.push_back({Style::kTitle, "Statement of account"});
  b.push_back({Style::kText,
               who.practice_name + "\n" + client->given_name + " " + client->family_name + " · " + FormatDate(today)});
  b.push_back({Style::kHeading, "Balance: " + FormatDollars(balance.client - balance.credit)});
  b.push_back({Style::kText, "Current (0–30 days) " + FormatDollars(balance.aging[0]) + " · 31–60 days " +
                                 FormatDollars(balance.aging[1]) + " · 61–90 days " + FormatDollars(balance.aging[2]) +
                                 " · over 90 days " + FormatDollars(balance.aging[3])});
  if (balance.credit) b.push_back({Style::kText, "Credit on account: " + FormatDollars(balance.credit)});
  if (balance.payer) b.push_back({Style::kText, "Waiting on insurance: " + FormatDollars(balance.payer)});
  b.push_back({Style::kHeading, "Activity of the last 90 days"});
  int shown = 0;
  for (auto it = entries->rbegin(); it != entries->rend(); ++it) {
    const auto& e = *it;
    if (e.party != ledger::Party::kClient || DaysBetween(e.on, today) > 90) continue;
    if (e.kind == ledger::EntryKind::kTransfer && e.charge_id.empty()) continue;  // the credit's other side
    b.push_back({Style::kText, FormatDate(e.on) + " · " + std::string(NameOf(e.kind)) + " · " +
                                   FormatDollars(e.amount) + (e.reason.empty() ? "" : " · " + e.reason)});
    ++shown;
  }
  if (!shown) b.push_back({Style::kText, "No activity."});
  if (auto a = audit::AppendNow(
          db_,
          audit::ByPrincipal(who, "statement.read", "client", client->id, origin.ip, origin.request_id, client->id),
          clock_.Now());
      !a)
    return tl::unexpected(a.error());
  return pdf::Render(b, who.practice_name + " · Statement");
}

Result<Checkout> Service::OpenCardSetup(const Principal& who, std::string client_id, const Origin& origin) {
  auto client = ClientFor(who, client_id);
  if (!client) return tl::unexpected(client.error());
  auto settings = OpenSettings(who.practice_id);
  if (!settings) return tl::unexpected(settings.error());
  if (!settings->connected)
    return FailRule("processor", "Card payments online are not set up for this practice (Settings → Payers).");
  const std::string portal = public_url_ + "/portal";
  auto page = stripe::CreateCardSetup({processor_api_, settings->secret_key}, ConsentText(who.practice_name),
                                      who.practice_id, client->id, portal + "?card=saved", portal, crypto::NewId());
  if (!page) return tl::unexpected(page.error());
  const EpochSeconds now = clock_.Now();
  Checkout out;
  out.id = page->id;
  out.url = page->url;
  out.client_id = client->id;
  out.created_at = now;
  out.created_by = who.display_name;
  out.purpose = "card_on_file";
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto in = store::InsertCheckout(c, who.practice_id, out); !in) return in;
    return audit::Append(
        c, audit::ByPrincipal(who, "card.setup", "client", client->id, origin.ip, origin.request_id, client->id), now);
  });
  if (!st) return tl::unexpected(st.error());
  return out;
}

Result<CardOnFile> Service::Card(const Principal& who, std::string client_id) {
  auto client = ClientFor(who, client_id);
  if (!client) return tl::unexpected(client.error());
  auto card = db_.Read([&](db::Connection& c) { return store::FindCard(c, who.practice_id, client->id); });
  if (!card) return tl::unexpected(card.error());
  CardOnFile out = card->value_or(CardOnFile{});
  out.client_id = client->id;
  out.customer.clear();  // the processor's ids stay on the server
  out.payment_method.clear();
  return out;
}

Status Service::RemoveCard(const Principal& who, std::string client_id, const Origin& origin) {
  auto client = ClientFor(who, client_id);
  if (!client) return tl::unexpected(client.error());
  const EpochSeconds now = clock_.Now();
  return db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto d = store::DeleteCard(c, who.practice_id, client->id); !d) return d;
    return audit::Append(
        c, audit::ByPrincipal(who, "card.removed", "client", client->id, origin.ip, origin.request_id, client->id),
        now);
  });
}

Result<ledger::Payment> Service::ChargeCard(const Principal& who, const std::string& client_id,
                                            const ChargeCardRequest& r, const Origin& origin) {
  auto client = ClientFor(who, client_id);
  if (!client) return tl::unexpected(client.error());
  auto settings = OpenSettings(who.practice_id);
  if (!settings) return tl::unexpected(settings.error());
  if (!settings->connected)
    return FailRule("processor", "Card payments online are not set up for this practice (Settings → Payers).");
  std::optional<CardOnFile> card;
  std::vector<ledger::Entry> entries;
  auto read = db_.Read([&](db::Connection& c) -> Status {
    auto k = store::FindCard(c, who.practice_id, client->id);
    if (!k) return tl::unexpected(k.error());
    card = std::move(*k);
    auto e = ledger::store::ClientEntries(c, who.practice_id, client->id);
    if (!e) return tl::unexpected(e.error());
    entries = std::move(*e);
    return {};
  });
  if (!read) return tl::unexpected(read.error());
  if (!card)
    return FailRule("no_card",
                    "The client has no card on file: ask them to save one, or take the payment another way.");
  const EpochSeconds now = clock_.Now();
  auto asked = CheckoutAmount(ledger::Summarize(entries, DateOf(now)), r.amount, 0);
  if (!asked) return tl::unexpected(asked.error());
  auto intent = stripe::ChargeSavedCard({processor_api_, settings->secret_key}, {card->customer, card->payment_method},
                                        asked->amount, asked->description + " — " + who.practice_name, who.practice_id,
                                        client->id, crypto::NewId());
  if (!intent) return tl::unexpected(intent.error());
  const ledger::Payment p = CardPayment(client->id, asked->amount, *intent, now, who.display_name + " (card on file)");
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto posted = ledger::Service::PostPayment(c, who.practice_id, p, {}, now); !posted) return posted;
    auto event = audit::ByPrincipal(who, "payment.create", "payment", p.id, origin.ip, origin.request_id, client->id);
    event.detail = "card on file";
    return audit::Append(c, event, now);
  });
  if (!st) return tl::unexpected(st.error());
  return p;
}

Result<std::function<Status(db::Connection&)>> Service::OnMissedVisit(const std::vector<std::string>& client_ids,
                                                                      const std::string& practice_id,
                                                                      const std::string& appointment_id,
                                                                      const std::string& status, EpochSeconds now) {
  std::function<Status(db::Connection&)> none;
  if (status != "late_cancelled" && status != "no_show") return none;
  std::vector<std::string> with_card;
  auto read = db_.Read([&](db::Connection& c) -> Status {
    for (const auto& id : client_ids) {
      auto card = store::FindCard(c, practice_id, id);
      if (!card) return tl::unexpected(card.error());
      if (*card) with_card.push_back(id);
    }
    return {};
  });
  if (!read) return tl::unexpected(read.error());
  if (with_card.empty()) return none;
  return std::function<Status(db::Connection&)>([=](db::Connection& c) -> Status {
    for (const auto& id : with_card) {
      const nlohmann::json payload{{"client_id", id}, {"appointment_id", appointment_id}};
      auto queued = jobs::Enqueue(c, "card.charge_fee", "card.fee:" + appointment_id + ":" + id, practice_id,
                                  payload.dump(), now, now);
      if (!queued) return tl::unexpected(queued.error());
    }
    return {};
  });
}

Result<std::string> Service::ChargeFeeJob(const jobs::Job& job) {
  const auto p = nlohmann::json::parse(job.payload, nullptr, false);
  if (!p.is_object()) return std::string("skipped: unreadable payload");
  const std::string client_id = p.value("client_id", "");
  const std::string appointment_id = p.value("appointment_id", "");
  auto settings = OpenSettings(job.practice_id);
  if (!settings) return tl::unexpected(settings.error());
  if (!settings->connected) return std::string("skipped: no processor");
  std::optional<CardOnFile> card;
  std::string charge_id;
  std::vector<ledger::Entry> entries;
  auto read = db_.Read([&](db::Connection& c) -> Status {
    auto k = store::FindCard(c, job.practice_id, client_id);
    if (!k) return tl::unexpected(k.error());
    card = std::move(*k);
    auto h = store::VisitCharge(c, job.practice_id, appointment_id, client_id);
    if (!h) return tl::unexpected(h.error());
    charge_id = std::move(*h);
    auto e = ledger::store::ClientEntries(c, job.practice_id, client_id);
    if (!e) return tl::unexpected(e.error());
    entries = std::move(*e);
    return {};
  });
  if (!read) return tl::unexpected(read.error());
  if (!card) return std::string("skipped: no card on file");
  if (charge_id.empty()) return std::string("skipped: no fee");
  const EpochSeconds now = clock_.Now();
  std::int64_t open = 0;
  for (const auto& b : ledger::Summarize(entries, DateOf(now)).charges)
    if (b.charge_id == charge_id) open = b.client;
  if (open <= 0) return std::string("skipped: nothing open on the fee");
  auto name = db_.Read([&](db::Connection& c) { return store::PracticeName(c, job.practice_id); });
  if (!name) return tl::unexpected(name.error());
  // The same key on a retry: the processor charges once.
  auto intent =
      stripe::ChargeSavedCard({processor_api_, settings->secret_key}, {card->customer, card->payment_method}, open,
                              "Missed-visit fee — " + *name, job.practice_id, client_id, "fee-" + job.id);
  if (!intent) {
    if (intent.error().code == ErrorCode::kRule) return std::string("declined: ") + intent.error().public_message;
    return tl::unexpected(intent.error());
  }
  const ledger::Payment pay = CardPayment(client_id, open, *intent, now, "Card on file (agreed fee)");
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto posted = ledger::Service::PostPayment(c, job.practice_id, pay, {{charge_id, open}}, now); !posted)
      return posted;
    auto e = ByProcessor(job.practice_id, "payment.create", "payment", pay.id, client_id, Origin{"", job.id});
    e.detail = "card on file: missed-visit fee";
    return audit::Append(c, e, now);
  });
  if (!st) return tl::unexpected(st.error());
  return std::string("charged");
}

Result<Bills> Service::MyBills(const Principal& who, const Origin& origin) {
  auto client = ClientFor(who, {});
  if (!client) return tl::unexpected(client.error());
  auto settings = OpenSettings(who.practice_id);
  if (!settings) return tl::unexpected(settings.error());
  auto entries =
      db_.Read([&](db::Connection& c) { return ledger::store::ClientEntries(c, who.practice_id, client->id); });
  if (!entries) return tl::unexpected(entries.error());
  Bills out;
  out.balance = ledger::Summarize(*entries, DateOf(clock_.Now()));
  out.deposit_due = DepositDue(*entries, settings->new_client_deposit);
  out.can_pay_online = settings->connected;
  auto card = db_.Read([&](db::Connection& c) { return store::FindCard(c, who.practice_id, client->id); });
  if (!card) return tl::unexpected(card.error());
  out.card_on_file = card->has_value();
  auto invoices = Invoices(who, client->id, origin);
  if (!invoices) return tl::unexpected(invoices.error());
  out.invoices = std::move(*invoices);
  return out;
}

}  // namespace duet::payments
