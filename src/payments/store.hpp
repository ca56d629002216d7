#pragma once
// The payments' SQL: the practice's processor settings (keys as sealed by the service), payment pages
// opened, processor events seen, and invoices (lines as sealed by the service).
#include <optional>
#include <string>
#include <vector>

#include "payments/model.hpp"
#include "platform/db/db.hpp"

namespace duet::payments::store {

//! The settings with the keys still sealed; the default (no processor) when none are saved.
Result<Settings> GetSettings(db::Connection& c, const std::string& practice_id);
Status PutSettings(db::Connection& c, const std::string& practice_id, const Settings& sealed);
//! The next invoice number (INV-000001 …), counted per practice under the settings row's lock.
Result<std::string> NextInvoiceNumber(db::Connection& c, const std::string& practice_id, EpochSeconds now);

Status InsertCheckout(db::Connection& c, const std::string& practice_id, const Checkout& k);
Result<std::optional<Checkout>> FindCheckout(db::Connection& c, const std::string& practice_id, const std::string& id);
Status SetCheckoutPaid(db::Connection& c, const std::string& practice_id, const std::string& id,
                       const std::string& payment_id);
//! The practice's name (words a client consents to name it).
Result<std::string> PracticeName(db::Connection& c, const std::string& practice_id);
Result<std::optional<CardOnFile>> FindCard(db::Connection& c, const std::string& practice_id,
                                           const std::string& client_id);
Status PutCard(db::Connection& c, const std::string& practice_id, const CardOnFile& card);
Status DeleteCard(db::Connection& c, const std::string& practice_id, const std::string& client_id);
//! The charge made for one client's visit (a missed visit's fee), or "".
Result<std::string> VisitCharge(db::Connection& c, const std::string& practice_id, const std::string& appointment_id,
                                const std::string& client_id);
//! Records a processor event; false when it was seen before (nothing more is done for it).
Result<bool> FirstTimeEvent(db::Connection& c, const std::string& practice_id, const std::string& event_id,
                            const std::string& kind, EpochSeconds now);

//! An invoice row; `lines` is the sealed JSON of its lines.
struct InvoiceRow {
  Invoice head;
  std::string lines;
};
Status InsertInvoice(db::Connection& c, const std::string& practice_id, const InvoiceRow& row);
Result<std::vector<InvoiceRow>> ClientInvoices(db::Connection& c, const std::string& practice_id,
                                               const std::string& client_id);
Result<std::optional<InvoiceRow>> FindInvoice(db::Connection& c, const std::string& practice_id, const std::string& id);
Status MarkInvoiceSent(db::Connection& c, const std::string& practice_id, const std::string& id, EpochSeconds at);

}  // namespace duet::payments::store
