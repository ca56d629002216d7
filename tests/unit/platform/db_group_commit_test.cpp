// SQLite's group commit: writes that queue while one is stored commit together, each under its own
// savepoint. A write that fails or throws is undone alone and answered alone; the others are stored;
// nobody is answered before the commit that holds their write.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include "platform/crypto.hpp"
#include "platform/db/db.hpp"
#include "platform/db/wal_vfs.hpp"

namespace duet::db {
namespace {

class DbGroupCommit : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("duet-group-" + crypto::RandomToken(6));
    std::filesystem::create_directories(dir_);
    auto db = Open("sqlite:" + (dir_ / "t.db").string());
    ASSERT_TRUE(db.has_value()) << db.error().internal_detail;
    db_ = std::move(*db);
    ASSERT_TRUE(db_->WithWrite([](Connection& c) { return c.ExecScript("CREATE TABLE t (id INTEGER PRIMARY KEY)"); }));
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  Status Insert(Connection& c, std::int64_t id) {
    auto n = c.Exec("INSERT INTO t (id) VALUES (?)", {id});
    if (!n) return tl::unexpected(n.error());
    return {};
  }
  std::int64_t Count(const std::string& where = "1=1") {
    std::int64_t n = -1;
    EXPECT_TRUE(db_->WithRead([&](Connection& c) -> Status {
      auto rows = c.Query("SELECT COUNT(*) FROM t WHERE " + where, {});
      if (!rows) return tl::unexpected(rows.error());
      n = rows->front().Int(0);
      return {};
    }));
    return n;
  }

  std::filesystem::path dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(DbGroupCommit, QueuedWritesCommitTogetherAndAFailedOneIsUndoneAlone) {
  const PoolStats before = db_->Stats();
  std::atomic<bool> first_started{false};
  std::thread first([&] {
    // Holds the writer while the others queue behind it.
    EXPECT_TRUE(db_->WithWrite([&](Connection& c) -> Status {
      first_started = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      return Insert(c, 1);
    }));
  });
  while (!first_started) std::this_thread::yield();
  std::int64_t seen_by_reader = -1;
  Status kept, failed, after;
  bool threw = false;
  std::thread a([&] { kept = db_->WithWrite([&](Connection& c) { return Insert(c, 2); }); });
  std::thread b([&] {
    failed = db_->WithWrite([&](Connection& c) -> Status {
      if (auto st = Insert(c, 3); !st) return st;
      return Fail(ErrorCode::kInvalid, "no");
    });
  });
  std::thread d([&] {
    try {
      (void)db_->WithWrite([&](Connection& c) -> Status {
        (void)Insert(c, 4);
        throw std::runtime_error("boom");
      });
    } catch (const std::runtime_error&) {
      threw = true;
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::thread e([&] {
    after = db_->WithWrite([&](Connection& c) -> Status {
      // Row 2 is written in this transaction but not yet committed: a reader does not see it.
      seen_by_reader = Count("id = 2");
      return Insert(c, 5);
    });
  });
  for (auto* t : {&first, &a, &b, &d, &e}) t->join();
  EXPECT_TRUE(kept.has_value());
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().code, ErrorCode::kInvalid);
  EXPECT_TRUE(threw);
  EXPECT_TRUE(after.has_value());
  EXPECT_EQ(seen_by_reader, 0) << "the queued writes ran one transaction at a time";
  EXPECT_EQ(Count(), 3);  // 1, 2, 5
  EXPECT_EQ(Count("id IN (3, 4)"), 0);
  // /metrics counts every write and the transactions that held them: the three queued behind the first shared one.
  const PoolStats stats = db_->Stats();
  EXPECT_EQ(stats.batched_writes - before.batched_writes, 5U);
  EXPECT_LE(stats.write_batches - before.write_batches, 3U);
  EXPECT_GE(stats.write_batches - before.write_batches, 2U);
}

TEST_F(DbGroupCommit, ManyThreadsEachAnsweredForTheirOwnWrite) {
  constexpr int kThreads = 8;
  constexpr int kEach = 150;
  const PoolStats before = db_->Stats();
  std::atomic<int> ok{0}, refused{0}, conflicts{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const std::int64_t id = t * 1000 + i;
        auto st = db_->WithWrite([&](Connection& c) -> Status {
          if (auto s = Insert(c, id); !s) return s;
          if (i % 5 == 0) return Fail(ErrorCode::kInvalid, "refused");
          // Every 7th also writes the key this thread's second write holds: a constraint error, undone alone.
          if (i % 7 == 0) return Insert(c, t * 1000 + 1);
          return {};
        });
        if (st)
          ++ok;
        else if (st.error().code == ErrorCode::kInvalid)
          ++refused;
        else if (st.error().code == ErrorCode::kConflict)
          ++conflicts;
      }
    });
  for (auto& t : threads) t.join();
  int expect_ok = 0, expect_refused = 0, expect_conflicts = 0;
  for (int i = 0; i < kEach; ++i) (i % 5 == 0 ? expect_refused : i % 7 == 0 ? expect_conflicts : expect_ok) += 1;
  EXPECT_EQ(ok, kThreads * expect_ok);
  EXPECT_EQ(refused, kThreads * expect_refused);
  EXPECT_EQ(conflicts, kThreads * expect_conflicts);
  EXPECT_EQ(Count(), kThreads * expect_ok);
  // Every thread was woken for its own write (none is left waiting) and each write was counted once.
  EXPECT_EQ(db_->Stats().batched_writes - before.batched_writes, static_cast<std::uint64_t>(kThreads * kEach));
}

// The WAL is checkpointed by its own thread: under a steady stream of commits (and readers) it is reused rather
// than growing with every write, and no commit runs a checkpoint itself.
TEST_F(DbGroupCommit, TheWalStaysBoundedUnderSteadyWrites) {
  const auto wal = dir_ / "t.db-wal";
  const PoolStats before = db_->Stats();
  std::atomic<bool> done{false};
  // Readers as a practice's are: short, one row at a time.
  std::thread reader([&] {
    for (int i = 0; !done; ++i) (void)Count("id = " + std::to_string(100000 + i % 40000));
  });
  std::uintmax_t largest = 0;
  for (int i = 0; i < 40000; ++i) {
    ASSERT_TRUE(db_->WithWrite([&](Connection& c) {
      auto n = c.Exec("INSERT INTO t (id) VALUES (?)", {std::int64_t{100000 + i}});
      if (!n) return Status(tl::unexpected(n.error()));
      return Status{};
    }));
    if (i % 100 == 0) {
      std::error_code ec;
      largest = std::max(largest, std::filesystem::file_size(wal, ec));
    }
  }
  done = true;
  reader.join();
  EXPECT_EQ(Count(), 40000);
  // 40,000 commits of at least one page each (4 KiB) would make a WAL of ~160 MiB if nothing were checkpointed;
  // it is completed and started again once it holds 4,000 pages (16 MiB), or soon after: 18-32 MiB at most in
  // runs on two cores, as the readers let the checkpoint complete.
  EXPECT_LT(largest, std::uintmax_t{48} << 20) << "WAL grew to " << largest << " bytes";
  // Counted for /metrics: passes while the writes went on, and at least one that held them to start the WAL again.
  const PoolStats after = db_->Stats();
  EXPECT_GE(after.checkpoints - before.checkpoints, 4u);
  EXPECT_GE(after.checkpoint_holds - before.checkpoint_holds, 1u);
  EXPECT_LE(after.checkpoint_holds - before.checkpoint_holds, after.checkpoints - before.checkpoints);
  EXPECT_GT(after.checkpoint_held_microseconds, before.checkpoint_held_microseconds);
}

// The WAL's frames are gathered and written with a few calls at the commit's last frame (db/wal_vfs.hpp): a commit
// is in the file for every other connection — another process's included, on SQLite's own VFS — as soon as it
// returns, whatever its size (one page, several, more than one call's 64 KiB, more than the 1 MiB written on the way),
// also right after the memory kept for gathering was given back.
TEST_F(DbGroupCommit, ACommitIsInTheFileForEveryoneWhenItReturns) {
  ASSERT_TRUE(
      db_->WithWrite([](Connection& c) { return c.ExecScript("CREATE TABLE b (id INTEGER PRIMARY KEY, v BLOB)"); }));
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open_v2((dir_ / "t.db").c_str(), &other, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  auto count = [&](const char* sql) {
    sqlite3_stmt* s = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(other, sql, -1, &s, nullptr), SQLITE_OK);
    EXPECT_EQ(sqlite3_step(s), SQLITE_ROW);
    const std::int64_t n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
  };
  const WalWrites before = WalWriteCounts();
  std::int64_t rows = 0, bytes = 0;
  for (int size : {100, 3000, 20000, 70000, 200000, 1500000, 10}) {
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE(db_->WithWrite([&](Connection& c) -> Status {
        // Many pages in one transaction: the blob, and rows beside it.
        for (int r = 0; r < 20; ++r)
          if (auto st = Insert(c, 1000000 + rows * 20 + r); !st) return st;
        auto n = c.Exec("INSERT INTO b (v) VALUES (zeroblob(?))", {std::int64_t{size}});
        if (!n) return tl::unexpected(n.error());
        return {};
      }));
      ++rows;
      bytes += size;
      if (i == 2) db_->ReleaseMemory();  // what the WAL kept for gathering is given back between two commits
      // Read by the other connection right after the commit returned.
      ASSERT_EQ(count("SELECT COUNT(*) FROM b"), rows) << "size " << size;
      ASSERT_EQ(count("SELECT SUM(length(v)) FROM b"), bytes);
      ASSERT_EQ(count("SELECT COUNT(*) FROM t"), rows * 20);
    }
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"), 0);
  sqlite3_close(other);
  // Two writes asked for each frame (its header, its page); far fewer made.
  const WalWrites after = WalWriteCounts();
  EXPECT_GT(after.asked - before.asked, 1000u);
  EXPECT_LT((after.made - before.made) * 4, after.asked - before.asked);
}

}  // namespace
}  // namespace duet::db
