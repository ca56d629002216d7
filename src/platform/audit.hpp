#pragma once
// The append-only, hash-chained audit log. Each practice has its own chain: every event carries the
// hash of the one before it, so an edited or deleted row breaks every hash after it. The hash is keyed
// with a key derived from the master key (which is not in the database), so someone who can write to
// the database cannot recompute a rewritten chain; signed checkpoints of every chain's head, kept
// outside the database, show when its newest events were cut.
// HIPAA Security Rule §164.312(b) (audit controls); see shared reference hipaa.md.
#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "platform/clock.hpp"
#include "platform/db/db.hpp"
#include "platform/policy.hpp"

namespace duet::audit {

//! One event as the caller describes it.
struct Event {
  std::string practice_id;
  std::string actor_user_id;  // empty for anonymous (failed sign-in of an unknown account is not chained)
  std::string actor_role;
  std::string action;         // e.g. "auth.login", "client.read"
  std::string resource_type;  // e.g. "user", "client"
  std::string resource_id;
  std::string client_id;  // the client whose information was touched, if any
  std::string ip;
  std::string outcome = "success";  // success | failure | denied
  std::string request_id;
  std::string detail;  // what an operation covered, in words without client data ("sections: visits, notes (12)")
};

//! A stored event.
struct Stored {
  Event event;
  std::int64_t seq = 0;
  std::string id;
  EpochSeconds at = 0;
  std::string prev_hash;
  std::string hash;
};

//! An event done by a signed-in principal (who, from where, in which request).
Event ByPrincipal(const Principal& who, std::string action, std::string resource_type, std::string resource_id,
                  std::string ip, std::string request_id, std::string client_id = {});

//! Creates the chain head for a new practice (inside its creating transaction).
Status StartChain(db::Connection& c, const std::string& practice_id);
//! Appends an event to its practice's chain, inside the caller's write transaction.
Status Append(db::Connection& c, const Event& event, EpochSeconds now);
//! Appends in a write transaction of its own or shared with events that arrive meanwhile (group
//! commit, db::Database::WriteGrouped), for reads that have no transaction of their own. Returns once
//! the event is committed: nothing is answered before its audit event is stored.
Status AppendNow(db::Database& db, const Event& event, EpochSeconds now);
//! For a denial that is answered whatever happens to its record: appends, and when that fails logs it
//! and counts it (`duet_audit_write_failures_total` in /metrics) instead of dropping it silently.
void AppendOrReport(db::Database& db, const Event& event, EpochSeconds now);
//! How many audit events could not be written since start.
std::int64_t WriteFailures();

//! The events of a practice, newest first, optionally for one client, after a cursor (seq).
Result<std::vector<Stored>> List(db::Connection& c, const std::string& practice_id,
                                 const std::optional<std::string>& client_id, std::int64_t before_seq, int limit);

//! The result of checking every chain.
struct VerifyReport {
  std::int64_t practices = 0;
  std::int64_t events = 0;
  std::int64_t unchecked = 0;       // keyed events not checked because the master key was not given
  std::vector<std::string> breaks;  // "practice P: event N ..." (ids only, no client data)
  bool ok() const { return breaks.empty(); }
};
//! Every practice's chain head: what a checkpoint signs.
struct Checkpoint {
  EpochSeconds at = 0;
  std::map<std::string, std::pair<std::int64_t, std::string>> heads;  // practice → (seq, hash)
};

//! Sets the key that chains new events (at start, before any request; from
//! `Keyring::DeriveKey("duet:audit-chain")`). Without one, events are chained unkeyed, as before
//! keying existed (unit tests).
void SetChainKey(const std::optional<std::array<unsigned char, 32>>& key);

//! Recomputes every practice's chain: keyed events with `key` (events chained before keying existed
//! are accepted only before a chain's first keyed event), and, with a checkpoint, that each head it
//! signed is still there.
Result<VerifyReport> Verify(db::Database& db, const std::optional<std::array<unsigned char, 32>>& key = std::nullopt,
                            const std::optional<Checkpoint>& checkpoint = std::nullopt);

//! The heads of every chain now.
Result<Checkpoint> ReadHeads(db::Database& db, EpochSeconds now);
//! A checkpoint as signed text (JSON with a MAC under `key`).
std::string SignCheckpoint(const Checkpoint& checkpoint, const std::array<unsigned char, 32>& key);
//! A signed checkpoint read back; invalid when its MAC does not match (it was edited or forged).
Result<Checkpoint> OpenCheckpoint(std::string_view text, const std::array<unsigned char, 32>& key);

//! The hash of an event given the previous hash: keyed ("k1:" + hex) with `key`, else unkeyed (exposed for tests).
std::string ChainHash(const std::string& prev_hash, const Stored& s,
                      const std::array<unsigned char, 32>* key = nullptr);

}  // namespace duet::audit
