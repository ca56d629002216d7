#pragma once
// Ledger use cases: a client's books (balance, entries, payments), payments taken by hand with where
// they apply, refunds, adjustments and write-offs — each in one transaction that first locks the
// client's books, so two payments on one balance never both apply to the same open amount. Billing
// posts charges, payers' remittances and voids through the static functions, inside its transactions.
#include <functional>
#include <string>
#include <vector>

#include "ledger/codecs.hpp"
#include "ledger/model.hpp"
#include "ledger/rules.hpp"
#include "platform/db/db.hpp"
#include "platform/origin.hpp"
#include "platform/policy.hpp"
#include "practice/service.hpp"

namespace duet::ledger {

class Service {
 public:
  Service(db::Database& db, const Clock& clock, practice::Service& directory);

  //! The client's balance (with aging), entries newest first and payments (audited).
  Result<ClientLedger> Ledger(const Principal& who, const std::string& client_id, const Origin& origin);
  //! What every client owes the practice by age, and the totals (audited: it names clients).
  Result<AgingReport> Aging(const Principal& who, const Origin& origin);
  //! Money the client paid: applied to the charges named, then the oldest open ones; the rest is credit.
  Result<Payment> RecordPayment(const Principal& who, const PaymentRequest& request, const Origin& origin);
  //! Gives back part or all of a payment: from the credit it left first, then re-opening what it paid.
  Result<Payment> Refund(const Principal& who, const std::string& payment_id, const RefundRequest& request,
                         const Origin& origin);
  //! Lowers what a party owes on one charge (a discount, a correction, a write-off), with the reason.
  Result<ClientLedger> Adjust(const Principal& who, const std::string& client_id, const AdjustmentRequest& request,
                              const Origin& origin);

  //! Posts a payment inside the caller's transaction: the client's books locked, the payment applied to
  //! the charges named, then the oldest open ones, the rest kept as credit.
  static Status PostPayment(db::Connection& c, const std::string& practice_id, const Payment& payment,
                            const std::vector<Application>& applications, EpochSeconds now);
  //! Gives a card payment back through the processor (payments/ sets it); an error stops the refund.
  using Refunder = std::function<Status(const std::string& practice_id, const Payment& payment, std::int64_t amount)>;
  void SetRefunder(Refunder refunder) { refunder_ = std::move(refunder); }

  //! A new charge: owed by the payer when `payer_ref` is given, else by the client (who may have credit).
  static Status PostCharge(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                           const std::string& charge_id, const std::string& payer_ref, std::int64_t fee, Date on,
                           const std::string& reason, EpochSeconds now, const std::string& by_name);
  //! What a payer's remittance did to one charge: its payment, its contractual and other adjustments,
  //! and the part it says the client owes.
  struct Remitted {
    std::string client_id;
    std::string charge_id;
    std::string payer_ref;
    std::int64_t paid = 0;
    std::int64_t adjusted = 0;
    std::int64_t patient = 0;
    Date on{};
    std::string reason;
  };
  //! Posts a remittance's charges: the payer's payment and adjustments, the client's part moved to the
  //! client, then each client's credit applied — each client's books locked once.
  static Status PostRemittance(db::Connection& c, const std::string& practice_id, const std::vector<Remitted>& items,
                               EpochSeconds now, const std::string& by_name);
  //! A charge voided: its charge entries reversed.
  static Status VoidCharge(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                           const std::string& charge_id, const std::string& reason, EpochSeconds now,
                           const std::string& by_name);

 private:
  db::Database& db_;
  const Clock& clock_;
  practice::Service& directory_;
  Refunder refunder_;
};

}  // namespace duet::ledger
