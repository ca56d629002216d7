#pragma once
// The append-only, hash-chained audit log. Each practice has its own chain: every event carries the
// hash of the one before it, so an edited or deleted row breaks every hash after it. The hash is keyed
// with a key derived from the master key (which is not in the database), so someone who can write to
// the database cannot recompute a rewritten chain; signed checkpoints of every chain's head, kept
// outside the database, show when its newest events were cut.
// HIPAA Security Rule §164.312(b) (audit controls); see shared reference hipaa.md.
#include <array>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "platform/clock.hpp"
#include "platform/db/db.hpp"
#include "platform/http.hpp"
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
//! Appends an event to its practice's trail, inside the caller's write transaction (stored with it, or not at
//! all). On SQLite it is chained at once (one writer); on PostgreSQL it goes to the outbox, so that writes of
//! one practice do not queue behind each other's commit on the chain head, and is chained by Settle.
Status Append(db::Connection& c, const Event& event, EpochSeconds now);
//! Appends many events (one per client a bulk operation touched) inside the caller's write transaction,
//! in few statements (SQLite: one chain-head update and one insert per 256 events).
Status AppendMany(db::Connection& c, const std::vector<Event>& events, EpochSeconds now);
//! PostgreSQL: chains what the outbox holds, in order, one head lock per practice per batch of 256 (rows
//! written under a key wait for one); each row's MAC is checked, and a row without a valid one is chained as
//! `audit.outbox_rejected`. Rows another transaction is chaining (an appender, of this server or another) are
//! waited for, so that when it returns every row it saw at its start is in the trail: reading the trail,
//! verifying it and signing a checkpoint run it first. The server's appender chains within milliseconds of a
//! write and skips such rows instead (they are someone else's to finish). Returns how many rows it moved (0 on
//! SQLite).
Result<std::size_t> Settle(db::Database& db, const std::array<unsigned char, 32>* key);
//! The same with the chain key the server was given.
Result<std::size_t> Settle(db::Database& db);
//! Appends an event for an operation that has no write transaction of its own (a read). Inside a
//! request (a Deferred scope on this thread) the event goes to the server's Appender and the call
//! returns at once: the request's answer is sent only once the event is stored, and becomes a 503 if it
//! cannot be. Elsewhere (commands, jobs) it is written now, in a transaction of its own.
Status AppendNow(db::Database& db, const Event& event, EpochSeconds now);
//! For a denial that is answered whatever happens to its record: appends, and when that fails logs it
//! and counts it (`duet_audit_write_failures_total` in /metrics) instead of dropping it silently.
void AppendOrReport(db::Database& db, const Event& event, EpochSeconds now);
//! How many audit events could not be written since start.
std::int64_t WriteFailures();

//! Figures of the Appender, for /metrics.
struct AppenderStats {
  std::uint64_t batches = 0;
  std::uint64_t events = 0;
};

//! The server's audit appender (group commit): one thread writes whatever events requests have handed
//! it since its last transaction (up to 256) in one transaction — per practice one head update, one
//! insert and one head write — and then tells each request. A batch that fails is written again event
//! by event, so one bad event fails only its own request. Nothing waits in a queue while the thread is
//! idle, so a quiet server adds no delay.
class Appender {
 public:
  explicit Appender(db::Database& db);
  //! Writes what has been queued, then stops the thread.
  ~Appender();
  Appender(const Appender&) = delete;
  Appender& operator=(const Appender&) = delete;
  //! Queues an event; `done` is called from the appender's thread once it is stored or has failed.
  void Submit(Event event, EpochSeconds now, std::function<void(const Status&)> done);
  AppenderStats Stats() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

//! The audit events of one request that its answer waits for (an http::Awaited).
class RequestEvents;

//! While alive, AppendNow and AppendOrReport on this thread hand events to `appender` for the request
//! whose answer waits for `events` (a failed AppendOrReport is logged and counted; the answer stands).
class Deferred {
 public:
  Deferred(Appender& appender, std::shared_ptr<RequestEvents> events);
  ~Deferred();
  Deferred(const Deferred&) = delete;
  Deferred& operator=(const Deferred&) = delete;

 private:
  Deferred* previous_;
  Appender* appender_;
  std::shared_ptr<RequestEvents> events_;
  friend void Defer(Deferred&, const Event&, EpochSeconds, bool);
};

//! A request's events to wait for (its `failure` is the answer sent if one cannot be stored).
std::shared_ptr<RequestEvents> NewRequestEvents();
//! The request's answer waits for its events, if it handed any to the appender (null otherwise).
std::shared_ptr<http::Awaited> AwaitedOf(const std::shared_ptr<RequestEvents>& events);

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
