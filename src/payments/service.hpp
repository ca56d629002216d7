#pragma once
// Getting paid by clients: the practice's card processor (keys sealed, never shown again), hosted
// payment pages for a balance or a deposit (sent by e-mail with no clinical detail), the processor's
// signed webhooks (forged, stale and repeated ones post nothing), refunds through the processor,
// invoices and statements as PDFs, and a client's own bills in the portal.
#include <functional>
#include <string>
#include <vector>

#include "ledger/service.hpp"
#include "payments/codecs.hpp"
#include "payments/model.hpp"
#include "platform/crypto.hpp"
#include "platform/db/db.hpp"
#include "platform/jobs.hpp"
#include "platform/mail.hpp"
#include "platform/origin.hpp"
#include "platform/policy.hpp"
#include "practice/service.hpp"

namespace duet::payments {

class Service {
 public:
  Service(db::Database& db, const Clock& clock, practice::Service& directory, crypto::KeyFor keys,
          std::string processor_api, std::string public_url);
  void SetMailer(mail::Mailer* mailer) { mailer_ = mailer; }

  Result<Settings> GetSettings(const Principal& who);
  Result<Settings> PutSettings(const Principal& who, Settings settings, const Origin& origin);

  //! A hosted payment page for what the client owes (or their deposit, or the amount named); staff for
  //! a client, or a client for themselves (`client_id` empty: the signed-in client).
  Result<Checkout> OpenCheckout(const Principal& who, std::string client_id, const CheckoutRequest& request,
                                const Origin& origin);
  //! The processor's event: verified against the practice's signing secret, handled once.
  Result<WebhookAnswer> Webhook(std::string_view signature, std::string_view body, const Origin& origin);
  //! Gives `amount` of a card payment back through the processor (ledger's refund calls it first).
  Status RefundThroughProcessor(const std::string& practice_id, const ledger::Payment& payment, std::int64_t amount);

  Result<Invoice> CreateInvoice(const Principal& who, const std::string& client_id, const InvoiceRequest& request,
                                const Origin& origin);
  //! A client's invoices, newest first (staff, or the client their own with `client_id` empty).
  Result<std::vector<Invoice>> Invoices(const Principal& who, std::string client_id, const Origin& origin);
  Result<std::string> InvoicePdf(const Principal& who, const std::string& id, const Origin& origin);
  //! The client's statement: balance, aging and the last 90 days of activity.
  Result<std::string> StatementPdf(const Principal& who, const std::string& client_id, const Origin& origin);
  //! A processor page where the client saves a card, consenting to the practice's words (staff for a
  //! client, or the client themselves with `client_id` empty).
  Result<Checkout> OpenCardSetup(const Principal& who, std::string client_id, const Origin& origin);
  //! Whether the client has a card on file, and the words and moment of their consent.
  Result<CardOnFile> Card(const Principal& who, std::string client_id);
  //! Forgets the card (the client withdrew their consent).
  Status RemoveCard(const Principal& who, std::string client_id, const Origin& origin);
  //! Charges the card on file for what the client owes (or the amount named, never more).
  Result<ledger::Payment> ChargeCard(const Principal& who, const std::string& client_id,
                                     const ChargeCardRequest& request, const Origin& origin);
  //! When a visit is marked a late cancellation or a no-show, a client with a card on file is charged the
  //! fee they agreed to: the status change queues the charge (the scheduling hook; read first, then the
  //! write inside the change's transaction) and the job charges the card for what is open on the fee.
  Result<std::function<Status(db::Connection&)>> OnMissedVisit(const std::vector<std::string>& client_ids,
                                                               const std::string& practice_id,
                                                               const std::string& appointment_id,
                                                               const std::string& status, EpochSeconds now);
  //! The job handler: charges the fee of one missed visit to the client's card on file.
  Result<std::string> ChargeFeeJob(const jobs::Job& job);

  //! What the client owes now, any deposit due, and their invoices (the portal's bills).
  Result<Bills> MyBills(const Principal& who, const Origin& origin);

 private:
  //! The client a principal may act for: staff name one of the practice's; a client is themselves.
  Result<practice::Client> ClientFor(const Principal& who, const std::string& client_id);
  Result<Settings> OpenSettings(const std::string& practice_id);
  //! Whether an e-mail to the client can go: they have an address and the server has a mail server.
  Status CanMail(const practice::Client& client) const;
  Result<std::vector<InvoiceLine>> OpenLines(const std::string& practice_id, const std::string& invoice_id,
                                             const std::string& sealed);
  Result<std::string> RenderInvoice(const Principal& who, const Invoice& invoice, const practice::Client& client);

  db::Database& db_;
  const Clock& clock_;
  practice::Service& directory_;
  crypto::KeyFor keys_;
  std::string processor_api_;
  std::string public_url_;
  mail::Mailer* mailer_ = nullptr;
};

}  // namespace duet::payments
