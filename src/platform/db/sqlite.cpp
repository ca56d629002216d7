// SQLite driver: WAL, foreign keys, busy timeout; one writer connection behind a mutex (BEGIN
// IMMEDIATE) and a pool of reader connections. https://www.sqlite.org/wal.html
#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "platform/db/db.hpp"
#include "platform/db/pool.hpp"
#include "platform/db/reserve.hpp"
#include "platform/db/wal_vfs.hpp"
#include "platform/log.hpp"

namespace duet::db {
namespace {

// DUET_SQL_STEPS=1 (development): counts SQLite's virtual-machine steps per statement and prints the
// costliest statements when the process exits — a statement that scans shows up at the top.
class StepCounts {
 public:
  static StepCounts& Get() {
    static StepCounts counts;
    return counts;
  }
  bool on() const { return on_; }
  void Add(std::string_view sql, sqlite3_stmt* stmt) {
    const auto steps = sqlite3_stmt_status(stmt, SQLITE_STMTSTATUS_VM_STEP, 1);
    std::lock_guard lock(mutex_);
    auto& [total, runs] = counts_[std::string(sql)];
    total += steps;
    runs += 1;
  }
  ~StepCounts() {
    if (!on_) return;
    std::vector<std::pair<std::string, std::pair<std::int64_t, std::int64_t>>> top(counts_.begin(), counts_.end());
    std::sort(top.begin(), top.end(), [](const auto& a, const auto& b) { return a.second.first > b.second.first; });
    for (std::size_t i = 0; i < top.size() && i < 15; ++i)
      std::fprintf(stderr, "%12lld steps %8lld runs  %s\n", static_cast<long long>(top[i].second.first),
                   static_cast<long long>(top[i].second.second), top[i].first.substr(0, 160).c_str());
  }

 private:
  StepCounts() : on_(std::getenv("DUET_SQL_STEPS") != nullptr) {}
  bool on_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::pair<std::int64_t, std::int64_t>> counts_;
};

// One write of a group commit is undone alone when it fails.
constexpr std::string_view kSavepoint = "SAVEPOINT duet_write";
constexpr std::string_view kRelease = "RELEASE duet_write";
constexpr std::string_view kRollbackTo = "ROLLBACK TO duet_write";

Error SqliteError(sqlite3* handle, int rc, std::string_view sql) {
  int ext = handle ? sqlite3_extended_errcode(handle) : rc;
  std::string detail =
      std::string(handle ? sqlite3_errmsg(handle) : sqlite3_errstr(rc)) + " in: " + std::string(sql.substr(0, 120));
  if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
    return Error{ErrorCode::kConflict, "That already exists.", detail, {}, {}};
  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    return Error{ErrorCode::kInvalid, "The change breaks a data constraint.", detail, {}, {}};
  if ((rc & 0xff) == SQLITE_FULL || ext == SQLITE_IOERR_WRITE || ext == SQLITE_IOERR_FSYNC)
    return Error{ErrorCode::kUnavailable, std::string(kStorageFullMessage), detail, {}, std::string(kStorageFull), {}};
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
    return Error{ErrorCode::kUnavailable, "The database is busy; try again.", detail, {}, {}};
  return Error{ErrorCode::kInternal, "Internal error.", detail, {}, {}};
}

// SQLite's current row of a statement, read in place.
class StatementCells final : public Cells {
 public:
  explicit StatementCells(sqlite3_stmt* stmt) : stmt_(stmt) {}
  bool IsNull(std::size_t i) const override { return sqlite3_column_type(stmt_, Col(i)) == SQLITE_NULL; }
  std::int64_t Int(std::size_t i) const override { return sqlite3_column_int64(stmt_, Col(i)); }
  double Real(std::size_t i) const override { return sqlite3_column_double(stmt_, Col(i)); }
  std::string_view View(std::size_t i) const override {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, Col(i)));
    if (text == nullptr) return {};
    return {text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, Col(i)))};
  }

 private:
  static int Col(std::size_t i) { return static_cast<int>(i); }
  sqlite3_stmt* stmt_;
};

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* handle) : handle_(handle) {}
  ~SqliteConnection() override {
    for (auto& [_, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close_v2(handle_);
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  //! A size cap of `pages`, the last `reserve` of them kept for the audit trail (db/reserve.hpp).
  Status SetCap(std::int64_t pages, std::int64_t reserve) {
    cap_pages_ = pages;
    reserve_pages_ = reserve;
    return UseReserve(false);
  }
  Status UseReserve(bool on) {
    if (cap_pages_ <= 0) return {};
    // SQLite never lowers the limit below the file's size: once the reserve is in use, nothing else grows.
    return ExecScript("PRAGMA max_page_count = " + std::to_string(on ? cap_pages_ : cap_pages_ - reserve_pages_));
  }

  Result<Rows> Query(std::string_view sql, std::span<const Value> params) override {
    auto stmt = Prepare(sql, params);
    if (!stmt) return tl::unexpected(stmt.error());
    Rows rows;
    int columns = sqlite3_column_count(*stmt);
    for (;;) {
      int rc = sqlite3_step(*stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        auto err = SqliteError(handle_, rc, sql);
        sqlite3_reset(*stmt);
        return tl::unexpected(err);
      }
      Row row;
      row.values.reserve(columns);
      for (int c = 0; c < columns; ++c) {
        switch (sqlite3_column_type(*stmt, c)) {
          case SQLITE_INTEGER:
            row.values.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(*stmt, c)));
            break;
          case SQLITE_FLOAT:
            row.values.emplace_back(sqlite3_column_double(*stmt, c));
            break;
          case SQLITE_NULL:
            row.values.emplace_back(std::monostate{});
            break;
          default: {
            auto* text = reinterpret_cast<const char*>(sqlite3_column_text(*stmt, c));
            row.values.emplace_back(std::string(text, sqlite3_column_bytes(*stmt, c)));
          }
        }
      }
      rows.push_back(std::move(row));
    }
    if (StepCounts::Get().on()) StepCounts::Get().Add(sql, *stmt);
    sqlite3_reset(*stmt);
    return rows;
  }

  Status Each(std::string_view sql, std::span<const Value> params,
              const std::function<void(const Cells&)>& each) override {
    auto stmt = Prepare(sql, params);
    if (!stmt) return tl::unexpected(stmt.error());
    // Reset however this ends (a callback that throws included), so the statement can run again.
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() { sqlite3_reset(s); }
    } reset{*stmt};
    const StatementCells cells(*stmt);
    for (;;) {
      int rc = sqlite3_step(*stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return tl::unexpected(SqliteError(handle_, rc, sql));
      each(cells);
    }
    if (StepCounts::Get().on()) StepCounts::Get().Add(sql, *stmt);
    return {};
  }

  Result<std::int64_t> Exec(std::string_view sql, std::span<const Value> params) override {
    auto stmt = Prepare(sql, params);
    if (!stmt) return tl::unexpected(stmt.error());
    int rc;
    while ((rc = sqlite3_step(*stmt)) == SQLITE_ROW) {
    }
    if (StepCounts::Get().on()) StepCounts::Get().Add(sql, *stmt);
    sqlite3_reset(*stmt);
    if (rc != SQLITE_DONE) return tl::unexpected(SqliteError(handle_, rc, sql));
    return static_cast<std::int64_t>(sqlite3_changes64(handle_));
  }

  Status ExecScript(std::string_view sql) override {
    // A transaction's own statements run on every request: prepared once per connection, not parsed
    // each time.
    if (sql == "BEGIN" || sql == "BEGIN IMMEDIATE" || sql == "COMMIT" || sql == "ROLLBACK" || sql == kSavepoint ||
        sql == kRelease || sql == kRollbackTo) {
      if (auto n = Exec(sql, {}); !n) return tl::unexpected(n.error());
      return {};
    }
    std::string copy(sql);
    char* message = nullptr;
    int rc = sqlite3_exec(handle_, copy.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
      std::string detail = message ? message : "";
      sqlite3_free(message);
      return tl::unexpected(Error{ErrorCode::kInternal, "Internal error.", detail, {}, {}});
    }
    return {};
  }

  Engine engine() const override { return Engine::kSqlite; }
  sqlite3* handle() { return handle_; }

  //! Gives back what the connection keeps for speed: its page cache, its prepared statements (~250 KB, prepared
  //! again when next used) and what its WAL keeps for gathering a commit's writes (the writer's: up to ~1 MiB).
  void ReleaseMemory() {
    for (auto& [_, stmt] : statements_) sqlite3_finalize(stmt);
    statements_.clear();
    sqlite3_db_release_memory(handle_);
    sqlite3_file* wal = nullptr;
    if (sqlite3_file_control(handle_, "main", SQLITE_FCNTL_JOURNAL_POINTER, &wal) == SQLITE_OK) ReleaseWalMemory(wal);
  }

 private:
  Result<sqlite3_stmt*> Prepare(std::string_view sql, std::span<const Value> params) {
    sqlite3_stmt* stmt = nullptr;
    if (auto it = statements_.find(sql); it != statements_.end()) {
      stmt = it->second;
    } else {
      std::string key(sql);
      int rc = sqlite3_prepare_v3(handle_, key.data(), static_cast<int>(key.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                                  nullptr);
      if (rc != SQLITE_OK) return tl::unexpected(SqliteError(handle_, rc, sql));
      statements_.emplace(std::move(key), stmt);
    }
    sqlite3_clear_bindings(stmt);
    for (std::size_t i = 0; i < params.size(); ++i) {
      int idx = static_cast<int>(i + 1);
      const Value& v = params[i];
      if (auto* n = std::get_if<std::int64_t>(&v))
        sqlite3_bind_int64(stmt, idx, *n);
      else if (auto* d = std::get_if<double>(&v))
        sqlite3_bind_double(stmt, idx, *d);
      else if (auto* s = std::get_if<std::string>(&v))
        sqlite3_bind_text(stmt, idx, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
      else
        sqlite3_bind_null(stmt, idx);
    }
    return stmt;
  }

  // Looked up by the caller's string_view, without copying it.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  sqlite3* handle_;
  std::int64_t cap_pages_ = 0;
  std::int64_t reserve_pages_ = 0;
  std::unordered_map<std::string, sqlite3_stmt*, Hash, std::equal_to<>> statements_;
};

Result<std::unique_ptr<SqliteConnection>> OpenConnection(const std::string& path, bool writer) {
  // SQLite's memory statistics take one process-wide mutex on every allocation, which every request's
  // connections then contend for; nothing reads them. Must be set before SQLite initializes.
  static const bool configured = [] { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK; }();
  (void)configured;
  sqlite3* handle = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (writer ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path.c_str(), &handle, flags, WalGatheringVfs());
  if (rc != SQLITE_OK) {
    std::string detail = handle ? sqlite3_errmsg(handle) : sqlite3_errstr(rc);
    sqlite3_close_v2(handle);
    return Fail(ErrorCode::kUnavailable, "The database cannot be opened.", detail + ": " + path);
  }
  // A database written by an earlier version (or copied in) may be readable by others: not any more.
  if (writer && path != ":memory:" && !path.starts_with("file:"))
    for (const char* suffix : {"", "-wal", "-shm"}) ::chmod((path + suffix).c_str(), 0600);
  auto conn = std::make_unique<SqliteConnection>(handle);
  auto st = conn->ExecScript(
      // secure_delete: content that is deleted or overwritten is zeroed in the file, not left in free space.
      "PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY; PRAGMA "
      "secure_delete=ON;");
  if (!st) return tl::unexpected(st.error());
  if (writer) {
    // The writer's page cache outlives its transactions (no other connection changes the file), so a larger one
    // than SQLite's 2 MiB keeps the pages the writes touch (bookings read them again from the file otherwise);
    // the readers' caches are emptied by each write anyway.
    st = conn->ExecScript("PRAGMA journal_mode=WAL; PRAGMA cache_size=-8192;");
    if (!st) return tl::unexpected(st.error());
  }
  return conn;
}

// Checkpoints the WAL on a thread and connection of its own, so that no write waits for one (SQLite's automatic
// checkpoint runs inside the commit that crosses the threshold, stalling every request queued behind it). PASSIVE:
// it copies what no reader still needs and never blocks readers or the writer.
class Checkpointer {
 public:
  static constexpr int kPages = 1000;  // copied each time the WAL has this many new pages (SQLite's own threshold)
  // Completed between two write batches once the WAL is this long (16 MiB of 4 KiB pages): that pass holds the
  // writes for its two fsyncs (5-20 ms each time on a virtual disk), so it is not done every 1,000 pages.
  static constexpr int kRestartPages = 4000;
  Checkpointer(std::unique_ptr<SqliteConnection> conn, std::mutex& writer_mutex)
      : conn_(std::move(conn)), writer_mutex_(writer_mutex), thread_([this] { Run(); }) {}
  ~Checkpointer() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;
  //! What it did so far (`/metrics`): its passes, and those that held the writes and for how long.
  void AddTo(PoolStats& stats) const {
    stats.checkpoints = passes_.load(std::memory_order_relaxed);
    stats.checkpoint_holds = holds_.load(std::memory_order_relaxed);
    stats.checkpoint_held_microseconds = held_us_.load(std::memory_order_relaxed);
  }
  //! The writer's WAL hook: after each commit, with the pages the WAL holds.
  static int OnCommit(void* self, sqlite3*, const char*, int pages) {
    auto* me = static_cast<Checkpointer*>(self);
    int copied = me->copied_.load(std::memory_order_relaxed);
    if (pages < copied) {  // the WAL was started again from its beginning
      copied = 0;
      me->copied_.store(0, std::memory_order_relaxed);
    }
    if (pages - copied >= kPages) me->Nudge();
    return SQLITE_OK;
  }

 private:
  void Nudge() {
    {
      std::lock_guard lock(mutex_);
      due_ = true;
    }
    wake_.notify_one();
  }
  void Run() {
    std::unique_lock lock(mutex_);
    for (;;) {
      wake_.wait(lock, [&] { return stop_ || due_; });
      if (stop_) return;
      due_ = false;
      lock.unlock();
      // The WAL is copied while writes go on. Once it is long, between two write batches the few frames
      // committed meanwhile too, so that the checkpoint is complete and the next write starts the WAL again from
      // its beginning (a WAL that is never wholly checkpointed is never reused and grows with every write).
      int wal = 0, copied = 0;
      int rc = sqlite3_wal_checkpoint_v2(conn_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &wal, &copied);
      passes_.fetch_add(1, std::memory_order_relaxed);
      if (rc == SQLITE_OK) copied_.store(copied, std::memory_order_relaxed);
      if (rc == SQLITE_OK && wal >= kRestartPages) {
        // What the passes copied and the frames written so far are flushed before the writes are held, so that
        // the pass between two batches flushes only what was committed since.
        Sync(SQLITE_FCNTL_FILE_POINTER);
        Sync(SQLITE_FCNTL_JOURNAL_POINTER);
        std::lock_guard writes(writer_mutex_);
        const auto held = std::chrono::steady_clock::now();
        rc = sqlite3_wal_checkpoint_v2(conn_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        holds_.fetch_add(1, std::memory_order_relaxed);
        held_us_.fetch_add(
            static_cast<std::uint64_t>(
                std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - held).count()),
            std::memory_order_relaxed);
      }
      if (rc != SQLITE_OK && rc != SQLITE_BUSY)
        log::Event(log::Level::kWarn, "wal_checkpoint_failed", {{"detail", sqlite3_errstr(rc)}});
      lock.lock();
    }
  }

  // fsync of the database file (SQLITE_FCNTL_FILE_POINTER) or its WAL (SQLITE_FCNTL_JOURNAL_POINTER).
  void Sync(int which) {
    sqlite3_file* f = nullptr;
    if (sqlite3_file_control(conn_->handle(), "main", which, &f) == SQLITE_OK && f && f->pMethods)
      (void)f->pMethods->xSync(f, SQLITE_SYNC_NORMAL);
  }

  std::unique_ptr<SqliteConnection> conn_;
  std::mutex& writer_mutex_;  // held by each write batch
  std::mutex mutex_;
  std::condition_variable wake_;
  bool due_ = false;
  bool stop_ = false;
  std::atomic<int> copied_{0};  // the WAL's pages already copied by the last pass (read by the writer's hook)
  std::atomic<std::uint64_t> passes_{0};
  std::atomic<std::uint64_t> holds_{0};
  std::atomic<std::uint64_t> held_us_{0};
  std::thread thread_;  // last: started once the rest is ready
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::unique_ptr<SqliteConnection> writer, std::vector<std::unique_ptr<SqliteConnection>> readers,
                 std::unique_ptr<SqliteConnection> checkpointer)
      : writer_(std::move(writer)), readers_(std::move(readers)) {
    if (checkpointer) {
      checkpointer_ = std::make_unique<Checkpointer>(std::move(checkpointer), writer_mutex_);
      sqlite3_wal_hook(writer_->handle(), &Checkpointer::OnCommit, checkpointer_.get());  // replaces the automatic one
    }
  }
  ~SqliteDatabase() override {
    if (checkpointer_) sqlite3_wal_hook(writer_->handle(), nullptr, nullptr);
  }
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  Status ReadTransaction(const std::function<Status(Connection&)>& fn) override {
    // A deferred transaction gives the reads one consistent snapshot.
    return readers_.Lend([&](SqliteConnection& c) { return InTransaction(c, "BEGIN", fn); });
  }

  Result<Connection*> HoldRead() override {
    SqliteConnection* c = readers_.Acquire();
    if (auto st = c->ExecScript("BEGIN"); !st) {
      readers_.Release(c);
      return tl::unexpected(st.error());
    }
    return c;
  }

  void ReleaseRead(Connection* c) override {
    auto* conn = static_cast<SqliteConnection*>(c);
    if (!sqlite3_get_autocommit(conn->handle())) (void)conn->ExecScript("COMMIT");
    readers_.Release(conn);
  }

  // Group commit: writes that queue while one is being stored go in the next transaction together, each
  // under its own savepoint (a failed write is undone alone), and commit once — the WAL is written once
  // for all of them. Each caller is answered only after the commit that holds its write. The thread that
  // finds no batch running runs the next one (its own write among them); the others wait for it. So a write's
  // function may run on another request's thread: it must not rely on thread-local state (none does; an audit
  // event inside a write is appended with audit::Append on the write's connection, never deferred).
  Status WriteTransaction(const std::function<Status(Connection&)>& fn) override {
    PendingWrite me{&fn};
    std::unique_lock lock(queue_mutex_);
    queue_.push_back(&me);
    while (!me.done) {
      if (batch_running_) {
        me.wake.wait(lock);
        continue;
      }
      // This thread runs the queued writes (its own among them), then wakes their threads and the next
      // leader only: the others go on sleeping (waking every waiter after each batch woke threads that
      // only went back to sleep).
      batch_running_ = true;
      std::vector<PendingWrite*> batch;
      const std::size_t n = std::min(queue_.size(), kMaxBatch);
      batch.assign(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
      lock.unlock();
      RunBatch(batch);
      write_batches_.fetch_add(1, std::memory_order_relaxed);
      batched_writes_.fetch_add(batch.size(), std::memory_order_relaxed);
      lock.lock();
      batch_running_ = false;
      // Woken under the lock: a waiter that sees `done` returns and its PendingWrite is gone.
      for (auto* p : batch) {
        p->done = true;
        if (p != &me) p->wake.notify_one();
      }
      if (!queue_.empty()) queue_.front()->wake.notify_one();
    }
    lock.unlock();
    if (me.thrown) std::rethrow_exception(me.thrown);
    return me.result;
  }

  Engine engine() const override { return Engine::kSqlite; }

  Status Checkpoint() override {
    std::lock_guard lock(writer_mutex_);
    return writer_->ExecScript("PRAGMA wal_checkpoint(TRUNCATE)");
  }

  void ReleaseMemory() override {
    readers_.ForEachFree([](SqliteConnection& c) { c.ReleaseMemory(); });
    std::lock_guard lock(writer_mutex_);
    writer_->ReleaseMemory();
  }

  PoolStats Stats() const override {
    PoolStats stats = readers_.Stats();
    stats.write_batches = write_batches_.load(std::memory_order_relaxed);
    stats.batched_writes = batched_writes_.load(std::memory_order_relaxed);
    stats.size += 1;  // the writer
    if (writer_in_use_) stats.in_use += 1;
    if (checkpointer_) checkpointer_->AddTo(stats);
    return stats;
  }

  Status Backup(const std::string& path) override {
    sqlite3* dest = nullptr;
    if (sqlite3_open(path.c_str(), &dest) != SQLITE_OK) {
      std::string detail = dest ? sqlite3_errmsg(dest) : "open failed";
      sqlite3_close(dest);
      return Fail(ErrorCode::kUnavailable, "The backup file cannot be written.", detail);
    }
    std::lock_guard lock(writer_mutex_);
    sqlite3_backup* backup = sqlite3_backup_init(dest, "main", writer_->handle(), "main");
    if (!backup) {
      std::string detail = sqlite3_errmsg(dest);
      sqlite3_close(dest);
      return Fail(ErrorCode::kInternal, "Backup failed.", detail);
    }
    sqlite3_backup_step(backup, -1);
    sqlite3_backup_finish(backup);
    int rc = sqlite3_errcode(dest);
    sqlite3_close(dest);
    if (rc != SQLITE_OK) return Fail(ErrorCode::kInternal, "Backup failed.", sqlite3_errstr(rc));
    return {};
  }

 private:
  struct PendingWrite {
    const std::function<Status(Connection&)>* fn;
    Status result;
    std::exception_ptr thrown;
    bool done = false;
    std::condition_variable wake;  // this write is done, or its thread is to lead the next batch
  };
  static constexpr std::size_t kMaxBatch = 64;

  // One transaction for the batch's writes.
  void RunBatch(const std::vector<PendingWrite*>& batch) {
    std::lock_guard lock(writer_mutex_);
    writer_in_use_ = true;
    struct Clear {
      bool& flag;
      ~Clear() { flag = false; }
    } clear{writer_in_use_};
    sqlite3* h = writer_->handle();
    const auto before = sqlite3_total_changes64(h);
    // Writes that had succeeded fail with the batch (a write that failed keeps its own answer).
    auto fail_all = [&](const Status& st) {
      for (auto* p : batch)
        if (!p->thrown && p->result) p->result = st;
    };
    if (batch.size() == 1) {
      PendingWrite& p = *batch.front();
      try {
        p.result = InTransaction(*writer_, "BEGIN IMMEDIATE", *p.fn);
      } catch (...) {
        p.thrown = std::current_exception();
      }
    } else if (auto st = writer_->ExecScript("BEGIN IMMEDIATE"); !st) {
      fail_all(st);
    } else {
      for (std::size_t i = 0; i < batch.size(); ++i) {
        PendingWrite& p = *batch[i];
        if (auto sp = writer_->ExecScript(kSavepoint); !sp) {
          p.result = sp;
          continue;
        }
        try {
          p.result = (*p.fn)(*writer_);
        } catch (...) {
          p.thrown = std::current_exception();
        }
        if (p.result && !p.thrown) {
          if (auto r = writer_->ExecScript(kRelease); !r) p.result = r;
          continue;
        }
        if (sqlite3_get_autocommit(h)) {
          // SQLite rolled the whole transaction back (a full disk, an I/O error): the earlier writes
          // of the batch are gone with it, so they fail as this one did; the later ones never ran.
          fail_all(p.thrown ? Fail(ErrorCode::kUnavailable, "The change was not saved; try again.",
                                   "a write of the batch threw and SQLite rolled the transaction back")
                            : p.result);
          return Note(batch, before);
        }
        (void)writer_->ExecScript(kRollbackTo);
        (void)writer_->ExecScript(kRelease);
      }
      if (auto st = writer_->ExecScript("COMMIT"); !st) {
        (void)writer_->ExecScript("ROLLBACK");
        fail_all(st);
      }
    }
    Note(batch, before);
  }

  void Note(const std::vector<PendingWrite*>& batch, std::int64_t before) {
    const bool changed = sqlite3_total_changes64(writer_->handle()) != before;
    for (auto* p : batch)
      if (NoteWrite(p->result, changed))
        log::Event(log::Level::kError, "storage_full", {{"detail", p->result.error().internal_detail}});
  }

  std::unique_ptr<SqliteConnection> writer_;
  Pool<SqliteConnection> readers_;
  std::mutex writer_mutex_;
  bool writer_in_use_ = false;
  std::mutex queue_mutex_;
  std::deque<PendingWrite*> queue_;
  bool batch_running_ = false;
  std::atomic<std::uint64_t> write_batches_{0};
  std::atomic<std::uint64_t> batched_writes_{0};
  std::unique_ptr<Checkpointer> checkpointer_;  // after the writer: stopped before it closes
};

}  // namespace

Status UseAuditReserve(Connection& c, bool on) {
  if (auto* s = dynamic_cast<SqliteConnection*>(&c)) return s->UseReserve(on);
  return {};
}

Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path, const OpenOptions& options) {
  auto writer = OpenConnection(path, true);
  if (!writer) return tl::unexpected(writer.error());
  if (options.max_bytes > 0) {
    // A cap on the file: past it SQLite answers SQLITE_FULL, exactly as a full disk does.
    auto pages = (*writer)->Query("PRAGMA page_size", {});
    std::int64_t page = pages && !pages->empty() ? pages->front().Int(0) : 4096;
    // The last pages (a tenth, at most 256 KB) are kept for the audit trail (db/reserve.hpp).
    const std::int64_t cap = std::max<std::int64_t>(1, options.max_bytes / page);
    if (auto st = (*writer)->SetCap(cap, std::min<std::int64_t>(cap / 10, (256 * 1024) / page)); !st)
      return tl::unexpected(st.error());
  }
  std::vector<std::unique_ptr<SqliteConnection>> readers;
  for (int i = 0; i < std::max(1, options.pool_size); ++i) {
    auto reader = OpenConnection(path, false);
    if (!reader) return tl::unexpected(reader.error());
    readers.push_back(std::move(*reader));
  }
  // A file in WAL mode gets its own checkpointing thread; an in-memory database has no WAL.
  std::unique_ptr<SqliteConnection> checkpointer;
  if (path != ":memory:" && !path.starts_with("file:")) {
    auto c = OpenConnection(path, false);
    if (!c) return tl::unexpected(c.error());
    checkpointer = std::move(*c);
  }
  return std::unique_ptr<Database>(new SqliteDatabase(std::move(*writer), std::move(readers), std::move(checkpointer)));
}

}  // namespace duet::db
