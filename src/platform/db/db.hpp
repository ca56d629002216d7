#pragma once
// The one database interface. Stores speak SQL through it; nothing else does. Both engines run the
// same SQL subset: `?` placeholders (rewritten to $n for PostgreSQL), BIGINT epoch seconds, integer
// cents, TEXT ids and JSON, RETURNING and ON CONFLICT.
#include <atomic>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "platform/result.hpp"

namespace duet::db {

//! A parameter or a column value.
using Value = std::variant<std::monostate, std::int64_t, double, std::string>;

//! A Value that is NULL when the optional is empty.
inline Value Nullable(const std::optional<std::string>& v) { return v ? Value(*v) : Value(); }
inline Value Nullable(const std::optional<std::int64_t>& v) { return v ? Value(*v) : Value(); }

//! A Value that is NULL for an empty string (optional text columns).
inline Value OrNull(const std::string& v) { return v.empty() ? Value() : Value(v); }
//! A list of short tokens (codes, never free text) as one column: "a,b,c"; the empty list is "".
std::string JoinList(const std::vector<std::string>& items);
//! The tokens of a JoinList column ("" → none).
std::vector<std::string> SplitList(std::string_view text);

//! The status of an Exec whose row count does not matter.
inline Status Done(const Result<std::int64_t>& r) {
  if (!r) return tl::unexpected(r.error());
  return {};
}

//! One result row; accessors convert leniently and never throw.
struct Row {
  std::vector<Value> values;
  //! The column as an integer (0 when NULL or not a number).
  std::int64_t Int(std::size_t i) const;
  //! The column as text ("" when NULL).
  std::string Text(std::size_t i) const;
  //! The column as text, or nullopt when NULL.
  std::optional<std::string> OptText(std::size_t i) const;
  //! The column as an integer, or nullopt when NULL.
  std::optional<std::int64_t> OptInt(std::size_t i) const;
  //! The column as a floating-point number (0 when NULL or not a number).
  double Real(std::size_t i) const;
  //! True when the column is NULL.
  bool IsNull(std::size_t i) const { return i >= values.size() || std::holds_alternative<std::monostate>(values[i]); }
};

using Rows = std::vector<Row>;

//! One result row read where it is held, without copying it into a Row: SQLite's or PostgreSQL's current row
//! (Connection::Each), or a Row. Accessors convert leniently and never throw, as Row's do.
class Cells {
 public:
  virtual ~Cells() = default;
  //! True when the column is NULL.
  virtual bool IsNull(std::size_t i) const = 0;
  //! The column as an integer (0 when NULL or not a number).
  virtual std::int64_t Int(std::size_t i) const = 0;
  //! The column as a floating-point number (0 when NULL or not a number).
  virtual double Real(std::size_t i) const = 0;
  //! The column as text ("" when NULL), valid until the next View or the next row.
  virtual std::string_view View(std::size_t i) const = 0;
  //! The column as text, copied.
  std::string Text(std::size_t i) const { return std::string(View(i)); }
};

//! A Row read as Cells.
class RowCells final : public Cells {
 public:
  explicit RowCells(const Row& row) : row_(row) {}
  bool IsNull(std::size_t i) const override { return row_.IsNull(i); }
  std::int64_t Int(std::size_t i) const override { return row_.Int(i); }
  double Real(std::size_t i) const override { return row_.Real(i); }
  std::string_view View(std::size_t i) const override;

 private:
  const Row& row_;
  mutable std::string scratch_;  // a number's text
};

enum class Engine { kSqlite, kPostgres };

//! One of several reads sent together (Connection::EachOf): its statement, its parameters, and what takes each row.
struct Read {
  std::string sql;
  std::vector<Value> params;
  std::function<void(const Cells&)> each;
};

//! The rule name an error carries when the database cannot grow (disk full, or the configured cap).
inline constexpr std::string_view kStorageFull = "storage_full";
//! The public message for it: nothing was saved, and it is the server's problem, not the caller's.
inline constexpr std::string_view kStorageFullMessage =
    "The server cannot store anything right now (its disk is full). Nothing was saved; try again later.";

//! A connection lent for the duration of one Read or Write.
class Connection {
 public:
  virtual ~Connection() = default;
  //! Runs a statement (prepared once per connection, then reused) and returns its rows.
  virtual Result<Rows> Query(std::string_view sql, std::span<const Value> params) = 0;
  //! Runs a statement and returns the number of rows it changed.
  virtual Result<std::int64_t> Exec(std::string_view sql, std::span<const Value> params) = 0;
  //! Runs one statement for each parameter row and returns the rows each changed. PostgreSQL sends
  //! them in pipeline mode (a round trip per batch, not per row); SQLite runs them one by one.
  virtual Result<std::vector<std::int64_t>> ExecMany(std::string_view sql,
                                                     const std::vector<std::vector<Value>>& rows) {
    std::vector<std::int64_t> out;
    out.reserve(rows.size());
    for (const auto& r : rows) {
      auto n = Exec(sql, std::span<const Value>(r.data(), r.size()));
      if (!n) return tl::unexpected(n.error());
      out.push_back(*n);
    }
    return out;
  }
  //! Runs a statement whose rows and row count nobody reads (an insert, a lock) and whose failure fails the whole
  //! transaction. Inside a PostgreSQL write transaction it waits and is sent with the next statement whose result is
  //! read, or with COMMIT, in one round trip (a booking's locks go with its first read, its inserts with its COMMIT);
  //! its failure is reported there, and the transaction fails either way. Elsewhere it runs now.
  virtual Status ExecLater(std::string_view sql, std::span<const Value> params) { return Done(Exec(sql, params)); }
  Status ExecLater(std::string_view sql, std::initializer_list<Value> params) {
    return ExecLater(sql, std::span<const Value>(params.begin(), params.size()));
  }
  //! A transaction's frame (InTransaction). PostgreSQL sends BEGIN with the transaction's first statement and
  //! COMMIT with the statements that wait (ExecLater); a COMMIT that rolled back (an earlier statement failed) fails.
  virtual Status Begin(std::string_view begin) { return ExecScript(begin); }
  virtual Status Commit() { return ExecScript("COMMIT"); }
  virtual void Rollback() { (void)ExecScript("ROLLBACK"); }
  //! Runs a query and hands each row to `each` where the engine holds it, building no Rows (long lists: a
  //! row's strings are copied once, into what the caller makes of them). `each` must not use this connection.
  virtual Status Each(std::string_view sql, std::span<const Value> params,
                      const std::function<void(const Cells&)>& each);
  //! Runs several reads and hands each its rows, in order (each read's rows before the next read's). PostgreSQL sends
  //! them all, with any statements that wait, in one round trip; SQLite runs them one by one. The first failure is
  //! the answer. No `each` may use this connection.
  virtual Status EachOf(std::span<const Read> reads);
  //! Runs several statements with no parameters (migrations).
  virtual Status ExecScript(std::string_view sql) = 0;
  //! Which engine this is.
  virtual Engine engine() const = 0;

  Result<Rows> Query(std::string_view sql, std::initializer_list<Value> params = {}) {
    return Query(sql, std::span<const Value>(params.begin(), params.size()));
  }
  Result<std::int64_t> Exec(std::string_view sql, std::initializer_list<Value> params = {}) {
    return Exec(sql, std::span<const Value>(params.begin(), params.size()));
  }
  //! The first row, or not_found.
  Result<Row> QueryOne(std::string_view sql, std::initializer_list<Value> params = {});
};

//! The most values one statement of EachIn lists; longer lists run in chunks.
inline constexpr std::size_t kInListChunk = 512;

//! Runs `before + "IN (?, …)" + after` for `values`, in chunks of kInListChunk, and hands each row to `each` (ORDER
//! BY in `after` orders each chunk's rows). Each chunk's list is padded (its last value repeated, which matches
//! nothing more) to 8, 32, 128 or 512 values, so that a connection prepares at most four statements for the query
//! however many values are asked for. `params` are those before the list. No values: no statement, no rows.
Status EachIn(Connection& c, std::string_view before, std::string_view after, const std::vector<Value>& params,
              std::span<const std::string> values, const std::function<void(const Cells&)>& each);

//! Pool use, for /metrics.
struct PoolStats {
  int size = 0;
  int in_use = 0;
  std::uint64_t waits = 0;
  //! Transactions of writes, and the writes they held (SQLite commits queued writes together; on
  //! PostgreSQL each write is a transaction of its own).
  std::uint64_t write_batches = 0;
  std::uint64_t batched_writes = 0;
  //! SQLite's WAL checkpointer: its passes while writes go on, the passes that held the writes so that the
  //! checkpoint completes and the WAL starts again, and how long those held them. Zero on PostgreSQL.
  std::uint64_t checkpoints = 0;
  std::uint64_t checkpoint_holds = 0;
  std::uint64_t checkpoint_held_microseconds = 0;
};

//! A database: a pool of connections, read and write transactions.
class Database {
 public:
  virtual ~Database() = default;
  //! Lends a connection for reads (SQLite: a reader in a read transaction, one snapshot; PostgreSQL: a
  //! pooled connection, autocommit). Inside a SharedReads scope of this database on this thread, the
  //! scope's connection and snapshot instead.
  Status WithRead(const std::function<Status(Connection&)>& fn);
  //! Runs fn in one write transaction (SQLite: BEGIN IMMEDIATE on the single writer); rolls back if
  //! fn fails or throws. Ends this thread's shared reads first: later reads see the write.
  Status WithWrite(const std::function<Status(Connection&)>& fn);
  //! Which engine this is.
  virtual Engine engine() const = 0;
  //! Pool figures.
  virtual PoolStats Stats() const = 0;
  //! Writes a consistent copy of the database to path (SQLite online backup). PostgreSQL: unsupported.
  virtual Status Backup(const std::string& path) = 0;
  //! SQLite: folds the write-ahead log into the database file now (after old plain text was
  //! overwritten). PostgreSQL: nothing to do.
  virtual Status Checkpoint() = 0;
  //! Gives back the memory the connections keep between transactions (SQLite: each idle connection's page
  //! cache; the next transaction reads its pages from the file again). Called when the server is quiet.
  virtual void ReleaseMemory() {}

  //! True after a write failed because storage is full, until a write succeeds again (readiness).
  bool StorageFull() const { return storage_full_.load(std::memory_order_relaxed); }

 protected:
  friend class SharedReads;
  friend void EndSharedReads();
  //! Each engine's read and write transactions (WithRead and WithWrite, outside shared reads).
  virtual Status ReadTransaction(const std::function<Status(Connection&)>& fn) = 0;
  virtual Status WriteTransaction(const std::function<Status(Connection&)>& fn) = 0;
  //! A connection lent until ReleaseRead, in a read transaction on SQLite (for SharedReads).
  virtual Result<Connection*> HoldRead() = 0;
  virtual void ReleaseRead(Connection* c) = 0;

  //! Each engine's WithWrite reports how it ended (`changed`: it stored something). Returns true when
  //! storage just became full (log once). Only a write that stored something shows there is room again.
  bool NoteWrite(const Status& st, bool changed) {
    const bool full = !st && st.error().rule == kStorageFull;
    if (full) return !storage_full_.exchange(true);
    if (st && changed) storage_full_.store(false);
    return false;
  }

 private:
  std::atomic<bool> storage_full_{false};

 public:
  //! Read returning a value.
  template <typename F>
  auto Read(F&& fn) -> decltype(fn(std::declval<Connection&>())) {
    using R = decltype(fn(std::declval<Connection&>()));
    std::optional<R> out;
    Status st = WithRead([&](Connection& c) -> Status {
      out.emplace(fn(c));
      if (!*out) return tl::unexpected(out->error());
      return {};
    });
    if (!st) return tl::unexpected(st.error());
    return std::move(*out);
  }
  //! Write transaction returning a value.
  template <typename F>
  auto Write(F&& fn) -> decltype(fn(std::declval<Connection&>())) {
    using R = decltype(fn(std::declval<Connection&>()));
    std::optional<R> out;
    Status st = WithWrite([&](Connection& c) -> Status {
      out.emplace(fn(c));
      if (!*out) return tl::unexpected(out->error());
      return {};
    });
    if (!st) return tl::unexpected(st.error());
    return std::move(*out);
  }
};

//! Reads that run together: within this scope, every read of `db` on this thread shares one connection and
//! one snapshot (SQLite: one read transaction in place of one per read — each began by taking the WAL's read
//! lock and reading again every page a write had changed). Nothing is held until the first read. The first
//! write on this thread, or EndSharedReads (before waiting on the network), gives the connection back and
//! ends the sharing: later reads run on their own, as outside the scope, and see the write. A read inside
//! another read's function (its statements may still be stepping) runs on its own connection.
class SharedReads {
 public:
  explicit SharedReads(Database& db);
  ~SharedReads();
  SharedReads(const SharedReads&) = delete;
  SharedReads& operator=(const SharedReads&) = delete;

 private:
  bool owner_ = false;  // false when a scope of this thread was already open
};

//! Gives back the connection this thread's SharedReads holds and ends the sharing.
void EndSharedReads();

//! Called before waiting on another service (a mail server, a payment processor): gives back this thread's shared
//! reads, so that no database connection is held meanwhile, and refuses while a write's function runs on this thread
//! — every write would wait with it (on SQLite the writer is one for the whole server).
Status LeaveForNetwork();

//! Options for Open.
struct OpenOptions {
  int pool_size = 4;
  //! SQLite only: the largest the database may grow (0: no cap). Writes past it fail as a full disk would.
  std::int64_t max_bytes = 0;
};

//! Opens `sqlite:PATH` or `postgresql://...` (also `postgres://`). Fails with a clear message.
Result<std::unique_ptr<Database>> Open(const std::string& url, const OpenOptions& options = {});

//! Runs numbered migrations not yet applied, all in one transaction. Returns how many ran.
Result<int> Migrate(Database& db);
//! The newest migration version compiled in, and the newest applied (0 when none).
Result<std::pair<int, int>> MigrationVersions(Database& db);

}  // namespace duet::db
