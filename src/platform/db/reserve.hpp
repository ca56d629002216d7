#pragma once
// SQLite under a size cap (--max-database-mb, the stand-in for a full disk) keeps its last pages for the
// audit trail: ordinary writes stop short of them, so that once the disk is "full" reads still work and are
// still recorded. The audit appender opens the reserve around its own writes.
#include "platform/db/db.hpp"

namespace duet::db {

//! While `on`, writes on this connection may use the pages kept for the audit trail (no effect on
//! PostgreSQL, or on SQLite without a cap).
Status UseAuditReserve(Connection& c, bool on);

}  // namespace duet::db
