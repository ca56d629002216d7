#include "platform/audit.hpp"

#include <algorithm>
#include <atomic>
#include <bit>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <span>
#include <thread>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "platform/crypto.hpp"
#include "platform/db/reserve.hpp"
#include "platform/log.hpp"

namespace duet::audit {
namespace {
constexpr std::string_view kKeyedPrefix = "k1:";

// Audit events that could not be written (or outbox rows refused) since start (/metrics).
std::atomic<std::int64_t> write_failures{0};

// The chain key, set at start before any request is served (and by tests), read on every append.
std::array<unsigned char, 32> chain_key{};
bool has_chain_key = false;
// The server's chain key, or none (events are then chained by plain hashes).
const std::array<unsigned char, 32>* ServerKey() { return has_chain_key ? &chain_key : nullptr; }

constexpr std::string_view kGenesis = "0000000000000000000000000000000000000000000000000000000000000000";

constexpr std::string_view kBumpHead = "UPDATE audit_heads SET seq = seq + ? WHERE practice_id = ? RETURNING seq, hash";
constexpr std::string_view kSetHead = "UPDATE audit_heads SET hash = ? WHERE practice_id = ?";
constexpr std::string_view kInsert =
    "INSERT INTO audit_events (practice_id, seq, id, at, actor_user_id, actor_role, action, resource_type, "
    "resource_id, client_id, ip, outcome, request_id, prev_hash, hash, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "?, ?, ?, ?, ?, ?)";
constexpr std::size_t kInsertColumns = 16;
constexpr std::string_view kSelectColumns =
    "SELECT practice_id, seq, id, at, actor_user_id, actor_role, action, resource_type, resource_id, client_id, ip, "
    "outcome, request_id, prev_hash, hash, detail FROM audit_events ";

db::Value OrNull(const std::string& s) { return s.empty() ? db::Value() : db::Value(s); }

Stored FromRow(const db::Row& r) {
  Stored s;
  s.event.practice_id = r.Text(0);
  s.seq = r.Int(1);
  s.id = r.Text(2);
  s.at = r.Int(3);
  s.event.actor_user_id = r.Text(4);
  s.event.actor_role = r.Text(5);
  s.event.action = r.Text(6);
  s.event.resource_type = r.Text(7);
  s.event.resource_id = r.Text(8);
  s.event.client_id = r.Text(9);
  s.event.ip = r.Text(10);
  s.event.outcome = r.Text(11);
  s.event.request_id = r.Text(12);
  s.prev_hash = r.Text(13);
  s.hash = r.Text(14);
  s.event.detail = r.Text(15);
  return s;
}
}  // namespace

Event ByPrincipal(const Principal& who, std::string action, std::string resource_type, std::string resource_id,
                  std::string ip, std::string request_id, std::string client_id) {
  Event e;
  e.practice_id = who.practice_id;
  e.actor_user_id = who.user_id;
  e.actor_role = std::string(RoleName(who.role));
  e.action = std::move(action);
  e.resource_type = std::move(resource_type);
  e.resource_id = std::move(resource_id);
  e.client_id = std::move(client_id);
  e.ip = std::move(ip);
  e.request_id = std::move(request_id);
  return e;
}

void SetChainKey(const std::optional<std::array<unsigned char, 32>>& key) {
  has_chain_key = key.has_value();
  chain_key = key.value_or(std::array<unsigned char, 32>{});
}

std::string ChainHash(const std::string& prev_hash, const Stored& s, const std::array<unsigned char, 32>* key) {
  // Unit separator between fields: no field can contain it unnoticed because every field is
  // length-prefixed.
  std::string buf;
  auto add = [&](std::string_view v) {
    buf += std::to_string(v.size());
    buf += ':';
    buf += v;
    buf += '\x1f';
  };
  add(prev_hash);
  add(s.event.practice_id);
  add(std::to_string(s.seq));
  add(s.id);
  add(std::to_string(s.at));
  add(s.event.actor_user_id);
  add(s.event.actor_role);
  add(s.event.action);
  add(s.event.resource_type);
  add(s.event.resource_id);
  add(s.event.client_id);
  add(s.event.ip);
  add(s.event.outcome);
  add(s.event.request_id);
  // Events from before the detail existed have none; hashing it only when present keeps them verifiable.
  if (!s.event.detail.empty()) add(s.event.detail);
  return key ? std::string(kKeyedPrefix) + crypto::KeyedHashHex(*key, buf) : crypto::HashHex(buf);
}

Status StartChain(db::Connection& c, const std::string& practice_id) {
  auto r =
      c.Exec("INSERT INTO audit_heads (practice_id, seq, hash) VALUES (?, 0, ?)", {practice_id, std::string(kGenesis)});
  if (!r) return tl::unexpected(r.error());
  return {};
}

namespace {
struct Item {
  const Event* event;
  EpochSeconds now;
  std::string_view id = {};  // the event's id in the chain when it was given earlier (an outbox row's), else new
};

// The insert of n events in one statement (cached per n, as each SQL text is prepared once). AppendAll asks only
// for powers of two: a connection keeps 9 of these prepared, not one for every batch size (a 256-row insert
// prepared on SQLite takes ~100 KB).
const std::string& InsertOf(std::size_t n) {
  static std::mutex mutex;
  static std::vector<std::string> cache;
  std::lock_guard lock(mutex);
  if (cache.size() <= n) cache.resize(n + 1);
  if (cache[n].empty()) {
    std::string sql(kInsert);
    const std::string one = sql.substr(sql.find("VALUES ") + 7);
    for (std::size_t i = 1; i < n; ++i) sql += ", " + one;
    cache[n] = std::move(sql);
  }
  return cache[n];
}

// Appends events in order: per practice, the head is moved once for all of its events (its row lock on
// PostgreSQL, the single writer on SQLite, so no two events share a sequence number), the chain is
// extended in memory, the events go in in one statement and the head is set once.
Status AppendAll(db::Connection& c, std::span<const Item> items,
                 const std::array<unsigned char, 32>* key = ServerKey()) {
  std::vector<std::string_view> practices;
  for (const auto& it : items)
    if (std::find(practices.begin(), practices.end(), it.event->practice_id) == practices.end())
      practices.push_back(it.event->practice_id);
  std::vector<db::Value> params;
  for (auto practice : practices) {
    std::int64_t n = 0;
    for (const auto& it : items) n += it.event->practice_id == practice ? 1 : 0;
    const std::string practice_id(practice);
    auto head = c.Query(kBumpHead, {n, practice_id});
    if (!head) return tl::unexpected(head.error());
    if (head->empty()) return Fail(ErrorCode::kInternal, "Internal error.", "audit chain head missing");
    std::int64_t seq = head->front().Int(0) - n;
    std::string prev = head->front().Text(1);
    params.clear();
    params.reserve(static_cast<std::size_t>(n) * kInsertColumns);
    for (const auto& it : items) {
      const Event& event = *it.event;
      if (event.practice_id != practice) continue;
      Stored s;
      s.event = event;
      s.seq = ++seq;
      s.prev_hash = prev;
      s.id = it.id.empty() ? crypto::NewId() : std::string(it.id);
      s.at = it.now;
      s.hash = ChainHash(s.prev_hash, s, key);
      prev = s.hash;
      for (db::Value v :
           {db::Value(event.practice_id), db::Value(s.seq), db::Value(s.id), db::Value(s.at),
            OrNull(event.actor_user_id), OrNull(event.actor_role), db::Value(event.action), OrNull(event.resource_type),
            OrNull(event.resource_id), OrNull(event.client_id), OrNull(event.ip), db::Value(event.outcome),
            OrNull(event.request_id), db::Value(s.prev_hash), db::Value(s.hash), OrNull(event.detail)})
        params.push_back(std::move(v));
    }
    // Sent with COMMIT (or the next practice's head), in one round trip (ExecLater): the rows in runs of a power of
    // two each, largest first.
    const std::span<const db::Value> all(params);
    for (std::size_t done = 0, left = static_cast<std::size_t>(n); left > 0;) {
      const std::size_t run = std::bit_floor(left);
      if (auto ins = c.ExecLater(InsertOf(run), all.subspan(done * kInsertColumns, run * kInsertColumns)); !ins)
        return ins;
      done += run;
      left -= run;
    }
    if (auto set = c.ExecLater(kSetHead, {prev, practice_id}); !set) return set;
  }
  return {};
}

constexpr std::size_t kMaxBatch = 256;
// PostgreSQL: while reads keep coming (the last batch held this many events or more), the appender waits this long
// for more before it takes a batch. Each batch is a commit flushed to disk and five statements in a backend that
// shares the machine's cores; larger batches leave more of them to answering (reading a client at 64 connections:
// 6–8 events a batch → 22–24, +7 to +21 % a second in six pairs, a lower p99). An idle or lightly used server never
// waits. On SQLite the commits were not what bounds reads (the same speed in three pairs), so it does not wait.
constexpr std::size_t kLingerFrom = 4;
constexpr auto kLinger = std::chrono::milliseconds(1);

// An audit write of its own may use the pages a capped SQLite file keeps for the trail (db/reserve.hpp), so
// reads go on being recorded when the disk is full; the reserve closes again whatever happens.
template <typename F>
Status WithReserve(db::Connection& c, F&& write) {
  if (auto st = db::UseAuditReserve(c, true); !st) return st;
  Status result;
  try {
    result = write();
  } catch (...) {
    (void)db::UseAuditReserve(c, false);
    throw;
  }
  if (auto st = db::UseAuditReserve(c, false); !st) return st;
  return result;
}

// ---- the outbox (PostgreSQL) ----

constexpr std::string_view kToOutbox =
    "INSERT INTO audit_outbox (id, practice_id, at, actor_user_id, actor_role, action, resource_type, resource_id, "
    "client_id, ip, outcome, request_id, detail, mac, event_id) VALUES (nextval('audit_outbox_ids'), ?, ?, ?, ?, ?, ?, "
    "?, ?, ?, ?, ?, ?, ?, ?)";
// A reader of the trail waits for rows another transaction is chaining; the appender skips them (SKIP LOCKED).
constexpr std::string_view kFromOutbox =
    "SELECT id, practice_id, at, actor_user_id, actor_role, action, resource_type, resource_id, client_id, ip, "
    "outcome, request_id, detail, mac, event_id, CASE WHEN event_id <> '' AND EXISTS (SELECT 1 FROM audit_events e "
    "WHERE e.id = audit_outbox.event_id) THEN 1 ELSE 0 END FROM audit_outbox WHERE (? = 1 OR mac = '') ORDER BY id "
    "LIMIT 256 FOR UPDATE";

// Rows written to the outbox by this process (the appender looks when the figure moves, and now and then).
std::atomic<std::uint64_t> outbox_written{0};

// An outbox row's MAC: its event, time and the id it will have in the chain under the chain key (none without a
// key). Rows from before the outbox named the id ('') were written with the event and time alone.
std::string OutboxMac(const Event& e, EpochSeconds at, std::string_view event_id,
                      const std::array<unsigned char, 32>* key) {
  if (!key) return "";
  Stored s;
  s.event = e;
  s.at = at;
  s.id = event_id.empty() ? "outbox" : std::string(event_id);
  return ChainHash("outbox", s, key);
}

Status ToOutbox(db::Connection& c, std::span<const Item> items) {
  const std::array<unsigned char, 32>* key = ServerKey();
  for (const auto& it : items) {
    const Event& e = *it.event;
    std::string id = crypto::NewId();
    std::string mac = OutboxMac(e, it.now, id, key);
    // Sent with the transaction's COMMIT or next read (ExecLater).
    auto r = c.ExecLater(kToOutbox,
                         {db::Value(e.practice_id), db::Value(it.now), OrNull(e.actor_user_id), OrNull(e.actor_role),
                          db::Value(e.action), OrNull(e.resource_type), OrNull(e.resource_id), OrNull(e.client_id),
                          OrNull(e.ip), db::Value(e.outcome), OrNull(e.request_id), OrNull(e.detail),
                          db::Value(std::move(mac)), db::Value(std::move(id))});
    if (!r) return r;
  }
  outbox_written.fetch_add(items.size(), std::memory_order_relaxed);
  return {};
}

// Inside a business write: on PostgreSQL into the outbox (no head lock), on SQLite straight into the chain.
Status AppendInWrite(db::Connection& c, std::span<const Item> items) {
  if (c.engine() == db::Engine::kPostgres) return ToOutbox(c, items);
  return AppendAll(c, items);
}

Result<std::size_t> ChainOutbox(db::Database& db, const std::array<unsigned char, 32>* key, bool skip_locked) {
  if (db.engine() != db::Engine::kPostgres) return std::size_t{0};
  std::size_t total = 0;
  for (;;) {
    std::size_t taken = 0;
    auto st = db.WithWrite([&](db::Connection& c) -> Status {
      // Rows another transaction is chaining: waited for, or skipped by an appender; rows with a MAC wait for a key.
      static const std::string skipping = std::string(kFromOutbox) + " SKIP LOCKED";
      auto rows = c.Query(skip_locked ? std::string_view(skipping) : kFromOutbox, {std::int64_t{key ? 1 : 0}});
      if (!rows) return tl::unexpected(rows.error());
      taken = rows->size();
      if (rows->empty()) return {};
      std::vector<Event> events(rows->size());
      std::vector<std::string> event_ids(rows->size());
      std::unordered_set<std::string_view> chaining;  // the event ids this batch chains
      std::vector<Item> items;
      std::string ids = "{";
      for (std::size_t i = 0; i < rows->size(); ++i) {
        const auto& r = (*rows)[i];
        Event& e = events[i];
        e = Event{r.Text(1), r.Text(3), r.Text(4),  r.Text(5),  r.Text(6), r.Text(7),
                  r.Text(8), r.Text(9), r.Text(10), r.Text(11), r.Text(12)};
        event_ids[i] = r.Text(14);
        const char* refused = nullptr;
        if (key && r.Text(13) != OutboxMac(e, r.Int(2), event_ids[i], key)) {
          refused = "an audit row without a valid MAC was not chained";
        } else if (!event_ids[i].empty() && (r.Int(15) != 0 || !chaining.insert(event_ids[i]).second)) {
          // Chained already, or earlier in this batch.
          refused = "a copy of an audit row already chained was not chained again";
        }
        if (refused) {
          // Not written by a server with the key, or written once and copied: chained as what it is, never as the
          // event it claims to be.
          write_failures.fetch_add(1, std::memory_order_relaxed);
          log::Event(log::Level::kError, "audit_outbox_rejected", {{"practice", e.practice_id}});
          Event rejected;
          rejected.practice_id = e.practice_id;
          rejected.action = "audit.outbox_rejected";
          rejected.outcome = "failure";
          rejected.detail = refused;
          e = std::move(rejected);
          event_ids[i].clear();  // a new id in the chain
        }
        items.push_back({&e, r.Int(2), event_ids[i]});
        ids += (i ? "," : "") + r.Text(0);
      }
      if (auto a = AppendAll(c, items, key); !a) return a;
      return c.ExecLater("DELETE FROM audit_outbox WHERE id = ANY(CAST(? AS BIGINT[]))", {ids + "}"});
    });
    if (!st) return tl::unexpected(st.error());
    total += taken;
    if (taken < 256) return total;
  }
}

}  // namespace

Result<std::size_t> Settle(db::Database& db, const std::array<unsigned char, 32>* key) {
  return ChainOutbox(db, key, false);
}

Result<std::size_t> Settle(db::Database& db) { return Settle(db, ServerKey()); }

Status Append(db::Connection& c, const Event& event, EpochSeconds now) {
  const Item one{&event, now};
  return AppendInWrite(c, std::span<const Item>(&one, 1));
}

Status AppendMany(db::Connection& c, const std::vector<Event>& events, EpochSeconds now) {
  std::vector<Item> items;
  items.reserve(events.size());
  for (const auto& e : events) items.push_back({&e, now});
  if (c.engine() == db::Engine::kPostgres) return ToOutbox(c, items);
  for (std::size_t i = 0; i < items.size(); i += 256) {
    const auto n = std::min<std::size_t>(256, items.size() - i);
    if (auto st = AppendAll(c, std::span<const Item>(items.data() + i, n)); !st) return st;
  }
  return {};
}

// ---- the appender ----
struct Appender::State {
  struct Queued {
    Event event;
    EpochSeconds now;
    std::function<void(const Status&)> done;
  };
  explicit State(db::Database& d) : db(d) {}
  db::Database& db;
  std::mutex mutex;
  std::condition_variable wake;
  std::vector<Queued> queue;
  bool stopping = false;
  bool lingering = false;
  std::atomic<std::uint64_t> batches{0};
  std::atomic<std::uint64_t> events{0};
  std::thread thread;

  Status Write(std::span<const Item> items) {
    try {
      return db.WithWrite([&](db::Connection& c) { return WithReserve(c, [&] { return AppendAll(c, items); }); });
    } catch (const std::exception& e) {
      return Fail(ErrorCode::kInternal, "Internal error.", e.what());
    }
  }

  // PostgreSQL: the outbox is chained when this process wrote to it since the last look (within 10 ms),
  // and at least every second (rows another server left, or from before a restart).
  void SettleOutbox(std::uint64_t& seen, std::chrono::steady_clock::time_point& last) {
    const auto now = std::chrono::steady_clock::now();
    const std::uint64_t written = outbox_written.load(std::memory_order_relaxed);
    if (written == seen && now - last < std::chrono::seconds(1)) return;
    seen = written;
    last = now;
    if (auto settled = ChainOutbox(db, ServerKey(), true); !settled)
      log::Event(log::Level::kError, "audit_outbox_not_settled", {{"detail", settled.error().internal_detail}});
  }

  void Run() {
    std::vector<Queued> batch;
    std::vector<Item> items;
    const bool outbox = db.engine() == db::Engine::kPostgres;
    std::uint64_t seen = 0;
    std::chrono::steady_clock::time_point last{};
    std::size_t last_batch = 0;
    std::unique_lock lock(mutex);
    for (;;) {
      if (outbox) {
        wake.wait_for(lock, std::chrono::milliseconds(10), [&] { return stopping || !queue.empty(); });
        lock.unlock();
        SettleOutbox(seen, last);
        lock.lock();
      } else {
        wake.wait(lock, [&] { return stopping || !queue.empty(); });
      }
      if (queue.empty() && !stopping) continue;
      if (queue.empty()) return;  // stopping, and everything queued is written
      if (outbox && last_batch >= kLingerFrom && queue.size() < kMaxBatch && !stopping) {
        lingering = true;  // Submit wakes the thread only once a batch is full
        wake.wait_for(lock, kLinger, [&] { return stopping || queue.size() >= kMaxBatch; });
        lingering = false;
      }
      const auto n = static_cast<std::ptrdiff_t>(std::min(queue.size(), kMaxBatch));
      batch.assign(std::make_move_iterator(queue.begin()), std::make_move_iterator(queue.begin() + n));
      queue.erase(queue.begin(), queue.begin() + n);
      lock.unlock();
      items.clear();
      for (const auto& q : batch) items.push_back({&q.event, q.now});
      Status together = Write(items);
      if (together || batch.size() == 1) {
        for (auto& q : batch) q.done(together);
      } else {
        // Something in the batch failed and took the others down with it: each alone, so only it fails.
        for (std::size_t i = 0; i < batch.size(); ++i) batch[i].done(Write(std::span<const Item>(&items[i], 1)));
      }
      batches.fetch_add(1, std::memory_order_relaxed);
      events.fetch_add(batch.size(), std::memory_order_relaxed);
      last_batch = batch.size();
      batch.clear();
      lock.lock();
    }
  }
};

Appender::Appender(db::Database& db) : state_(std::make_unique<State>(db)) {
  state_->thread = std::thread([s = state_.get()] { s->Run(); });
}

Appender::~Appender() {
  {
    std::lock_guard lock(state_->mutex);
    state_->stopping = true;
  }
  state_->wake.notify_one();
  state_->thread.join();
}

void Appender::Submit(Event event, EpochSeconds now, std::function<void(const Status&)> done) {
  bool notify = false;
  {
    std::lock_guard lock(state_->mutex);
    state_->queue.push_back({std::move(event), now, std::move(done)});
    notify = !state_->lingering || state_->queue.size() >= kMaxBatch;
  }
  if (notify) state_->wake.notify_one();
}

AppenderStats Appender::Stats() const {
  return {state_->batches.load(std::memory_order_relaxed), state_->events.load(std::memory_order_relaxed)};
}

// The events one request handed to the appender: its answer is sent when the last is stored.
class RequestEvents final : public http::Awaited {
 public:
  void Add() {
    std::lock_guard lock(mutex_);
    ++outstanding_;
    any_ = true;
  }
  void Finished(const Status& st) {
    std::function<void(bool)> done;
    bool ok = false;
    {
      std::lock_guard lock(mutex_);
      if (!st) failed_ = true;
      if (--outstanding_ == 0 && done_) {
        done = std::move(done_);
        ok = !failed_;
      }
    }
    if (done) done(ok);
  }
  void OnDone(std::function<void(bool ok)> done) override {
    bool ok = false;
    {
      std::lock_guard lock(mutex_);
      if (outstanding_ > 0) {
        done_ = std::move(done);
        return;
      }
      ok = !failed_;
    }
    done(ok);
  }
  bool Any() const {
    std::lock_guard lock(mutex_);
    return any_;
  }

 private:
  mutable std::mutex mutex_;
  int outstanding_ = 0;
  bool any_ = false;
  bool failed_ = false;
  std::function<void(bool)> done_;
};

std::shared_ptr<RequestEvents> NewRequestEvents() { return std::make_shared<RequestEvents>(); }

std::shared_ptr<http::Awaited> AwaitedOf(const std::shared_ptr<RequestEvents>& events) {
  return events && events->Any() ? events : nullptr;
}

namespace {
thread_local Deferred* current_request = nullptr;
}  // namespace

Deferred::Deferred(Appender& appender, std::shared_ptr<RequestEvents> events)
    : previous_(current_request), appender_(&appender), events_(std::move(events)) {
  current_request = this;
}

Deferred::~Deferred() { current_request = previous_; }

namespace {
void Report(const std::string& action, const std::string& outcome, const Status& st) {
  if (st) return;
  write_failures.fetch_add(1, std::memory_order_relaxed);
  log::Event(log::Level::kError, "audit_write_failed",
             {{"action", action}, {"outcome", outcome}, {"detail", st.error().internal_detail}});
}
}  // namespace

// Hands the event to the request's appender; the answer waits for it. `binding`: a failure to store it
// withholds the answer (a read); otherwise it is only logged and counted (a denial).
void Defer(Deferred& d, const Event& event, EpochSeconds now, bool binding) {
  d.events_->Add();
  d.appender_->Submit(event, now,
                      [events = d.events_, action = event.action, outcome = event.outcome, binding](const Status& st) {
                        Report(action, outcome, st);
                        events->Finished(binding ? st : Status{});
                      });
}

Status AppendNow(db::Database& db, const Event& event, EpochSeconds now) {
  if (Deferred* d = current_request) return Defer(*d, event, now, /*binding=*/true), Status{};
  return db.WithWrite([&](db::Connection& c) { return WithReserve(c, [&] { return Append(c, event, now); }); });
}

void AppendOrReport(db::Database& db, const Event& event, EpochSeconds now) {
  // The answer waits for it too (so the record is there when the next request looks), but is sent
  // whatever becomes of it.
  if (Deferred* d = current_request) return Defer(*d, event, now, /*binding=*/false);
  Report(event.action, event.outcome, db.WithWrite([&](db::Connection& c) { return Append(c, event, now); }));
}

std::int64_t WriteFailures() { return write_failures.load(std::memory_order_relaxed); }

Result<std::vector<Stored>> List(db::Connection& c, const std::string& practice_id,
                                 const std::optional<std::string>& client_id, std::int64_t before_seq, int limit) {
  std::string sql = std::string(kSelectColumns) + "WHERE practice_id = ? AND seq < ?" +
                    (client_id ? " AND client_id = ?" : "") + " ORDER BY seq DESC LIMIT ?";
  Result<db::Rows> rows = client_id
                              ? c.Query(sql, {practice_id, before_seq, *client_id, static_cast<std::int64_t>(limit)})
                              : c.Query(sql, {practice_id, before_seq, static_cast<std::int64_t>(limit)});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Stored> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(FromRow(r));
  return out;
}

Result<VerifyReport> Verify(db::Database& db, const std::optional<std::array<unsigned char, 32>>& key,
                            const std::optional<Checkpoint>& checkpoint) {
  // Events still in the outbox are chained first (with the key they were written under).
  if (auto settled = Settle(db, key ? &*key : nullptr); !settled) return tl::unexpected(settled.error());
  return db.Read([&](db::Connection& c) -> Result<VerifyReport> {
    VerifyReport report;
    auto heads = c.Query("SELECT practice_id, seq, hash FROM audit_heads ORDER BY practice_id");
    if (!heads) return tl::unexpected(heads.error());
    std::map<std::string, bool> seen;
    for (const auto& head : *heads) {
      ++report.practices;
      std::string practice = head.Text(0);
      seen[practice] = true;
      auto rows = c.Query(std::string(kSelectColumns) + "WHERE practice_id = ? ORDER BY seq", {practice});
      if (!rows) return tl::unexpected(rows.error());
      std::string prev(kGenesis);
      std::int64_t expected_seq = 1;
      bool keyed_seen = false;
      std::optional<std::pair<std::int64_t, std::string>> signed_head;
      if (checkpoint)
        if (auto it = checkpoint->heads.find(practice); it != checkpoint->heads.end()) signed_head = it->second;
      bool signed_found = !signed_head || signed_head->first == 0;
      for (const auto& row : *rows) {
        Stored s = FromRow(row);
        ++report.events;
        const std::string at = "practice " + practice + ": event " + std::to_string(s.seq);
        if (s.seq != expected_seq)
          report.breaks.push_back("practice " + practice + ": event " + std::to_string(expected_seq) + " is missing");
        if (s.prev_hash != prev) report.breaks.push_back(at + " does not follow its predecessor");
        const bool keyed = s.hash.starts_with(kKeyedPrefix);
        if (keyed) {
          keyed_seen = true;
          if (!key)
            ++report.unchecked;
          else if (ChainHash(s.prev_hash, s, &*key) != s.hash)
            report.breaks.push_back(at + " was altered");
        } else if (keyed_seen) {
          // Unkeyed events exist only from before keying; one after a keyed event was rewritten.
          report.breaks.push_back(at + " is not keyed after keyed events: it was rewritten");
        } else if (ChainHash(s.prev_hash, s) != s.hash) {
          report.breaks.push_back(at + " was altered");
        }
        if (signed_head && s.seq == signed_head->first) {
          signed_found = true;
          if (s.hash != signed_head->second)
            report.breaks.push_back(at + " differs from the signed checkpoint: the chain was rewritten");
        }
        prev = s.hash;
        expected_seq = s.seq + 1;
      }
      if (head.Int(1) != expected_seq - 1 || head.Text(2) != prev)
        report.breaks.push_back("practice " + practice + ": the newest events were removed");
      if (!signed_found)
        report.breaks.push_back("practice " + practice + ": events up to " + std::to_string(signed_head->first) +
                                " were in the signed checkpoint and are gone: the newest events were cut");
    }
    if (checkpoint)
      for (const auto& [practice, h] : checkpoint->heads)
        if (!seen.count(practice))
          report.breaks.push_back("practice " + practice + ": in the signed checkpoint, and its whole chain is gone");
    return report;
  });
}

Result<Checkpoint> ReadHeads(db::Database& db, EpochSeconds now) {
  if (auto settled = Settle(db); !settled) return tl::unexpected(settled.error());
  return db.Read([&](db::Connection& c) -> Result<Checkpoint> {
    auto rows = c.Query("SELECT practice_id, seq, hash FROM audit_heads ORDER BY practice_id");
    if (!rows) return tl::unexpected(rows.error());
    Checkpoint cp;
    cp.at = now;
    for (const auto& r : *rows) cp.heads[r.Text(0)] = {r.Int(1), r.Text(2)};
    return cp;
  });
}

namespace {
std::string CheckpointBody(const Checkpoint& cp) {
  nlohmann::json heads = nlohmann::json::object();
  for (const auto& [practice, h] : cp.heads) heads[practice] = {{"seq", h.first}, {"hash", h.second}};
  return nlohmann::json{{"at", cp.at}, {"heads", heads}}.dump();
}
}  // namespace

std::string SignCheckpoint(const Checkpoint& cp, const std::array<unsigned char, 32>& key) {
  const std::string body = CheckpointBody(cp);
  return nlohmann::json{{"checkpoint", nlohmann::json::parse(body)}, {"mac", crypto::KeyedHashHex(key, body)}}.dump() +
         "\n";
}

Result<Checkpoint> OpenCheckpoint(std::string_view text, const std::array<unsigned char, 32>& key) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  auto bad = [] {
    return Fail(ErrorCode::kInvalid, "The audit checkpoint is not valid: it was edited or is not Duet's.");
  };
  if (!j.is_object() || !j.contains("checkpoint") || !j.contains("mac") || !j["mac"].is_string()) return bad();
  const auto& body = j["checkpoint"];
  if (!body.is_object() || !body.contains("at") || !body["at"].is_number_integer() || !body.contains("heads") ||
      !body["heads"].is_object())
    return bad();
  Checkpoint cp;
  cp.at = body["at"].get<std::int64_t>();
  for (auto it = body["heads"].begin(); it != body["heads"].end(); ++it) {
    const auto& h = it.value();
    if (!h.is_object() || !h.contains("seq") || !h["seq"].is_number_integer() || !h.contains("hash") ||
        !h["hash"].is_string())
      return bad();
    cp.heads[it.key()] = {h["seq"].get<std::int64_t>(), h["hash"].get<std::string>()};
  }
  if (!crypto::Equal(crypto::KeyedHashHex(key, CheckpointBody(cp)), j["mac"].get<std::string>())) return bad();
  return cp;
}

}  // namespace duet::audit
