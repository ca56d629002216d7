#pragma once
// The ledger's SQL: entries (insert and read only), payments, and the per-client head row.
#include <optional>
#include <string>
#include <vector>

#include "ledger/model.hpp"
#include "ledger/rules.hpp"
#include "platform/db/db.hpp"

namespace duet::ledger::store {

//! Waits for (on PostgreSQL: locks) the client's books until the transaction ends; first use makes the row.
Status LockClient(db::Connection& c, const std::string& practice_id, const std::string& client_id);
Result<std::vector<Entry>> ClientEntries(db::Connection& c, const std::string& practice_id,
                                         const std::string& client_id);
//! Appends entries (they are never changed afterwards).
Status InsertEntries(db::Connection& c, const std::string& practice_id, const std::vector<Entry>& entries);

//! Every client's balance per charge (and on account), with the client's name, for the aging report.
Result<std::vector<ClientCharge>> PracticeBalances(db::Connection& c, const std::string& practice_id);
Status InsertPayment(db::Connection& c, const std::string& practice_id, const Payment& p);
Result<std::optional<Payment>> FindPayment(db::Connection& c, const std::string& practice_id, const std::string& id);
Status SetRefunded(db::Connection& c, const std::string& practice_id, const std::string& id, std::int64_t refunded);
Result<std::vector<Payment>> ClientPayments(db::Connection& c, const std::string& practice_id,
                                            const std::string& client_id);

}  // namespace duet::ledger::store
