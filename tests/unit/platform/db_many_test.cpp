// Connection::ExecMany: one statement over many parameter rows, with each row's count. On SQLite
// always; on PostgreSQL (pipeline mode) when DUET_PG_DIR names the test cluster (ctest's
// unit_db_many_postgres): counts per row, a failing row fails the call and rolls the transaction
// back, and the connection works afterwards. Also Each, EachIn, SharedReads, and a write transaction's frame
// (statements sent later with ExecLater, failures, aborted transactions).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include "platform/crypto.hpp"
#include "platform/db/db.hpp"

namespace duet::db {
namespace {

std::string Url() {
  if (const char* dir = std::getenv("DUET_PG_DIR"); dir && *dir && std::getenv("DUET_TEST_PG_UNIT")) {
    std::ifstream in(std::filesystem::path(dir) / "url");
    std::string url;
    std::getline(in, url);
    return url;
  }
  static const auto dir = std::filesystem::temp_directory_path() / ("duet-many-" + crypto::RandomToken(6));
  std::filesystem::create_directories(dir);
  return "sqlite:" + (dir / "t.db").string();
}

// A table name of letters and digits only (a random token may hold '-' or '_').
std::string TableName(std::string prefix) {
  for (char ch : crypto::RandomToken(8))
    if (std::isalnum(static_cast<unsigned char>(ch))) prefix.push_back(ch);
  return prefix;
}

// Drops the test's table, closes the database, and removes SQLite's directory.
void DropAndClose(std::unique_ptr<Database>& db, const std::string& table) {
  (void)db->WithWrite([&](Connection& c) { return c.ExecScript("DROP TABLE " + table); });
  db.reset();
  if (!std::getenv("DUET_TEST_PG_UNIT"))
    std::filesystem::remove_all(std::filesystem::path(Url().substr(7)).parent_path());
}

TEST(DbExecMany, CountsEachRowAndAFailingRowRollsAllBack) {
  auto db = Open(Url());
  ASSERT_TRUE(db.has_value()) << db.error().public_message << " " << db.error().internal_detail;
  const std::string table = TableName("many_");
  ASSERT_TRUE((*db)->WithWrite([&](Connection& c) {
    return c.ExecScript("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, v BIGINT NOT NULL)");
  }));
  std::vector<std::vector<Value>> rows;
  for (std::int64_t i = 0; i < 600; ++i) rows.push_back({i, i * 2});
  ASSERT_TRUE((*db)->WithWrite([&](Connection& c) -> Status {
    auto n = c.ExecMany("INSERT INTO " + table + " (id, v) VALUES (?, ?)", rows);
    if (!n) return tl::unexpected(n.error());
    EXPECT_EQ(n->size(), 600u);
    return {};
  }));
  // Updates: the rows that exist count 1, the missing ones 0.
  ASSERT_TRUE((*db)->WithWrite([&](Connection& c) -> Status {
    auto n = c.ExecMany("UPDATE " + table + " SET v = ? WHERE id = ?", {{100, 7}, {100, 9999}, {100, 8}});
    if (!n) return tl::unexpected(n.error());
    EXPECT_EQ(*n, (std::vector<std::int64_t>{1, 0, 1}));
    return {};
  }));
  // A duplicate key in the middle of a batch: the call fails and nothing of the transaction stays.
  auto failed = (*db)->WithWrite([&](Connection& c) -> Status {
    auto n = c.ExecMany("INSERT INTO " + table + " (id, v) VALUES (?, ?)", {{1000, 1}, {5, 1}, {1001, 1}});
    if (!n) return tl::unexpected(n.error());
    return {};
  });
  EXPECT_FALSE(failed.has_value());
  Status after = (*db)->WithRead([&](Connection& c) -> Status {
    auto rows = c.Query("SELECT COUNT(*) FROM " + table + " WHERE id >= 1000", {});
    if (!rows) return tl::unexpected(rows.error());
    EXPECT_EQ(rows->front().Int(0), 0);
    auto v = c.Query("SELECT v FROM " + table + " WHERE id = 7", {});
    if (!v) return tl::unexpected(v.error());
    EXPECT_EQ(v->front().Int(0), 100);
    return {};
  });
  EXPECT_TRUE(after.has_value()) << after.error().internal_detail;
  DropAndClose(*db, table);
}

// Connection::Each reads each row where the engine holds it: every kind of value reads as Query's Row does
// (NULLs, integers, booleans, real numbers, text), and a callback that throws leaves the connection usable.
TEST(DbEach, ReadsEveryRowInPlaceAsQueryDoes) {
  auto db = Open(Url());
  ASSERT_TRUE(db.has_value()) << db.error().public_message << " " << db.error().internal_detail;
  const std::string table = TableName("each_");
  ASSERT_TRUE((*db)->WithWrite([&](Connection& c) -> Status {
    if (auto st = c.ExecScript("CREATE TABLE " + table +
                               " (id BIGINT PRIMARY KEY, n BIGINT, t TEXT, r DOUBLE PRECISION, b BOOLEAN)");
        !st)
      return st;
    for (std::int64_t i = 0; i < 50; ++i) {
      const bool nulls = i % 7 == 3;
      auto n = c.Exec("INSERT INTO " + table + " (id, n, t, r, b) VALUES (?, ?, ?, ?, " +
                          (nulls   ? "NULL"
                           : i % 2 ? "TRUE"
                                   : "FALSE") +
                          ")",
                      {i, nulls ? Value() : Value(i * 1000 - 7), nulls ? Value() : Value("text é " + std::to_string(i)),
                       nulls ? Value() : Value(i + 0.25)});
      if (!n) return tl::unexpected(n.error());
    }
    return {};
  }));
  const std::string select = "SELECT id, n, t, r, b FROM " + table + " WHERE id >= ? ORDER BY id";
  Status st = (*db)->WithRead([&](Connection& c) -> Status {
    auto rows = c.Query(select, {std::int64_t{0}});
    if (!rows) return tl::unexpected(rows.error());
    EXPECT_EQ(rows->size(), 50u);
    std::size_t k = 0;
    auto each = c.Each(select, std::vector<Value>{std::int64_t{0}}, [&](const Cells& cells) {
      ASSERT_LT(k, rows->size());
      const RowCells row((*rows)[k++]);
      for (std::size_t i = 0; i < 5; ++i) {
        EXPECT_EQ(cells.IsNull(i), row.IsNull(i)) << k << ":" << i;
        EXPECT_EQ(cells.Int(i), row.Int(i)) << k << ":" << i;
        EXPECT_DOUBLE_EQ(cells.Real(i), row.Real(i)) << k << ":" << i;
        if (i != 3) EXPECT_EQ(cells.Text(i), row.Text(i)) << k << ":" << i;  // a real's text differs by engine
      }
    });
    if (!each) return each;
    EXPECT_EQ(k, 50u);
    // A callback that throws: the statement is reset and runs again.
    EXPECT_THROW((void)c.Each(select, std::vector<Value>{std::int64_t{0}},
                              [](const Cells&) { throw std::runtime_error("stop"); }),
                 std::runtime_error);
    std::size_t again = 0;
    auto second = c.Each(select, std::vector<Value>{std::int64_t{40}}, [&](const Cells&) { ++again; });
    if (!second) return second;
    EXPECT_EQ(again, 10u);
    // A statement that fails is an error, not a crash.
    EXPECT_FALSE(c.Each("SELECT nothing FROM " + table, std::vector<Value>{}, [](const Cells&) {}).has_value());
    return {};
  });
  EXPECT_TRUE(st.has_value()) << st.error().internal_detail;
  DropAndClose(*db, table);
}

// EachIn: any number of values, in chunks, each list padded with its last value: every row asked for comes back
// once, whatever the length (0, 1, 9, 600 over two chunks).
TEST(DbEach, EachInFindsEveryValueOnceAtAnyLength) {
  auto db = Open(Url());
  ASSERT_TRUE(db.has_value()) << db.error().public_message << " " << db.error().internal_detail;
  const std::string table = TableName("eachin_");
  ASSERT_TRUE((*db)->WithWrite([&](Connection& c) -> Status {
    if (auto st = c.ExecScript("CREATE TABLE " + table + " (id TEXT PRIMARY KEY, grp TEXT NOT NULL)"); !st) return st;
    std::vector<std::vector<Value>> rows;
    for (int i = 0; i < 1000; ++i) rows.push_back({"k" + std::to_string(i), std::string(i % 2 ? "odd" : "even")});
    auto n = c.ExecMany("INSERT INTO " + table + " (id, grp) VALUES (?, ?)", rows);
    if (!n) return tl::unexpected(n.error());
    return {};
  }));
  for (std::size_t count : {0u, 1u, 9u, 600u}) {
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < count; ++i) ids.push_back("k" + std::to_string(i));
    ids.push_back("missing");
    std::vector<std::string> seen;
    Status st = (*db)->WithRead([&](Connection& c) {
      return EachIn(c, "SELECT id FROM " + table + " WHERE grp IN (?, ?) AND id ", "ORDER BY id", {"odd", "even"}, ids,
                    [&](const Cells& r) { seen.push_back(r.Text(0)); });
    });
    ASSERT_TRUE(st.has_value()) << st.error().internal_detail;
    std::sort(seen.begin(), seen.end());
    ids.pop_back();
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(seen, ids) << count;
  }
  DropAndClose(*db, table);
}

// SharedReads: a request's reads share one connection (and on SQLite one snapshot) until its first write; a
// write or EndSharedReads gives the connection back, and later reads see the write; a read inside another
// read's function runs on a connection of its own; the scope's end gives back what it holds, even on throw.
std::int64_t CountRows(Database& db, const std::string& table) {
  std::int64_t n = -1;
  EXPECT_TRUE(db.WithRead([&](Connection& c) -> Status {
    auto rows = c.Query("SELECT COUNT(*) FROM " + table, {});
    if (!rows) return tl::unexpected(rows.error());
    n = rows->front().Int(0);
    return {};
  }));
  return n;
}

Status InsertRow(Database& db, const std::string& table, std::int64_t id) {
  return db.WithWrite([&](Connection& c) -> Status {
    auto n = c.Exec("INSERT INTO " + table + " (id) VALUES (?)", {id});
    if (!n) return tl::unexpected(n.error());
    return {};
  });
}

// Each test: a database of the run's engine with one table of ids.
class DbSharedReads : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Open(Url());
    ASSERT_TRUE(opened.has_value()) << opened.error().public_message << " " << opened.error().internal_detail;
    db_ = std::move(*opened);
    ASSERT_TRUE(db_->WithWrite(
        [&](Connection& c) { return c.ExecScript("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY)"); }));
  }
  void TearDown() override { DropAndClose(db_, table); }

  std::unique_ptr<Database> db_;
  const std::string table = TableName("shared_");
};

TEST_F(DbSharedReads, ReadsShareOneConnectionUntilTheFirstWrite) {
  Database& d = *db_;
  const bool sqlite = d.engine() == Engine::kSqlite;
  ASSERT_TRUE(InsertRow(d, table, 1));
  {
    SharedReads together(d);
    EXPECT_EQ(d.Stats().in_use, 0);  // nothing held before the first read
    EXPECT_EQ(CountRows(d, table), 1);
    EXPECT_EQ(d.Stats().in_use, 1);  // held between reads
    // Another thread writes meanwhile: on SQLite this thread's reads keep their snapshot.
    std::thread other([&] { EXPECT_TRUE(InsertRow(d, table, 2)); });
    other.join();
    EXPECT_EQ(CountRows(d, table), sqlite ? 1 : 2);
    EXPECT_EQ(d.Stats().in_use, 1);
    // This thread's own write gives the connection back; later reads run on their own and see it.
    ASSERT_TRUE(InsertRow(d, table, 3));
    EXPECT_EQ(d.Stats().in_use, 0);
    EXPECT_EQ(CountRows(d, table), 3);
    EXPECT_EQ(d.Stats().in_use, 0);
  }
  EXPECT_EQ(d.Stats().in_use, 0);
}

TEST_F(DbSharedReads, EndSharedReadsAndTheScopesEndGiveTheConnectionBack) {
  Database& d = *db_;
  {
    SharedReads together(d);
    EXPECT_EQ(CountRows(d, table), 0);
    EXPECT_EQ(d.Stats().in_use, 1);
    EndSharedReads();  // e.g. before waiting on a mail server
    EXPECT_EQ(d.Stats().in_use, 0);
    EXPECT_EQ(CountRows(d, table), 0);
    EXPECT_EQ(d.Stats().in_use, 0);
  }
  // A scope left by an exception, from inside a read's function, gives its connection back too.
  EXPECT_THROW(
      {
        SharedReads together(d);
        (void)d.WithRead([&](Connection&) -> Status { throw std::runtime_error("boom"); });
      },
      std::runtime_error);
  EXPECT_EQ(d.Stats().in_use, 0);
  EXPECT_EQ(CountRows(d, table), 0);  // the connection works afterwards
  // A scope inside another (the same thread) changes nothing and gives nothing back early.
  {
    SharedReads outer(d);
    EXPECT_EQ(CountRows(d, table), 0);
    {
      SharedReads inner(d);
      EXPECT_EQ(CountRows(d, table), 0);
    }
    EXPECT_EQ(d.Stats().in_use, 1);
  }
  EXPECT_EQ(d.Stats().in_use, 0);
}

// No one waits on another service (a mail server, a payment processor) inside a write's function: every write
// would wait with it. Before and after a write — one that succeeds, fails or throws — leaving is allowed, and it
// gives back the shared reads' connection.
TEST_F(DbSharedReads, NoOneWaitsOnTheNetworkInsideAWrite) {
  Database& d = *db_;
  EXPECT_TRUE(LeaveForNetwork());
  std::optional<Status> inside;
  ASSERT_TRUE(d.WithWrite([&](Connection& c) -> Status {
    inside = LeaveForNetwork();
    auto n = c.Exec("INSERT INTO " + table + " (id) VALUES (1)", {});
    if (!n) return tl::unexpected(n.error());
    return {};
  }));
  ASSERT_TRUE(inside.has_value());
  EXPECT_FALSE(*inside);
  EXPECT_EQ(inside->error().code, ErrorCode::kInternal);
  EXPECT_TRUE(LeaveForNetwork());
  EXPECT_FALSE(d.WithWrite([](Connection&) -> Status { return Fail(ErrorCode::kInvalid, "No."); }));
  EXPECT_TRUE(LeaveForNetwork());
  EXPECT_THROW((void)d.WithWrite([](Connection&) -> Status { throw std::runtime_error("boom"); }), std::runtime_error);
  EXPECT_TRUE(LeaveForNetwork());
  {
    SharedReads together(d);
    EXPECT_EQ(CountRows(d, table), 1);
    EXPECT_EQ(d.Stats().in_use, 1);
    EXPECT_TRUE(LeaveForNetwork());
    EXPECT_EQ(d.Stats().in_use, 0);
  }
}

TEST_F(DbSharedReads, AReadInsideAReadRunsOnAConnectionOfItsOwn) {
  Database& d = *db_;
  for (std::int64_t i = 1; i <= 3; ++i) ASSERT_TRUE(InsertRow(d, table, i));
  {
    SharedReads together(d);
    std::int64_t sum = 0;
    EXPECT_TRUE(d.WithRead([&](Connection& c) {
      // The same statement again, inside the outer one's iteration: on one connection it would be reset.
      return c.Each("SELECT id FROM " + table + " ORDER BY id", {}, [&](const Cells& row) {
        EXPECT_EQ(d.Stats().in_use, 1);
        sum += row.Int(0) * CountRows(d, table);
      });
    }));
    EXPECT_EQ(sum, (1 + 2 + 3) * 3);
    EXPECT_EQ(d.Stats().in_use, 1);
  }
}

// A write transaction's statement error comes back as itself (a duplicate key is a conflict) and the transaction
// is undone; a refused write leaves nothing; a transaction in which nothing ran ends cleanly; a script and a
// statement share one transaction; the connection works after each. On both engines.
using DbTransactions = DbSharedReads;  // the same database and table

TEST_F(DbTransactions, ATransactionsFirstStatementAnswersForItselfAndItsBegin) {
  Database& d = *db_;
  ASSERT_TRUE(InsertRow(d, table, 1));
  auto duplicate = d.WithWrite([&](Connection& c) -> Status {
    auto n = c.Exec("INSERT INTO " + table + " (id) VALUES (?)", {std::int64_t{1}});
    if (!n) return tl::unexpected(n.error());
    return {};
  });
  ASSERT_FALSE(duplicate.has_value());
  EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict);
  EXPECT_TRUE(d.WithWrite([](Connection&) -> Status { return {}; }));  // nothing ran
  auto refused = d.WithWrite([&](Connection& c) -> Status {
    if (auto n = c.Exec("INSERT INTO " + table + " (id) VALUES (?)", {std::int64_t{2}}); !n)
      return tl::unexpected(n.error());
    return Fail(ErrorCode::kInvalid, "changed its mind");
  });
  EXPECT_FALSE(refused.has_value());
  EXPECT_EQ(CountRows(d, table), 1);  // the refused write's row is gone
  ASSERT_TRUE(InsertRow(d, table, 3));
  EXPECT_EQ(CountRows(d, table), 2);
  // A script, then a statement, in one transaction.
  EXPECT_TRUE(d.WithWrite([&](Connection& c) -> Status {
    if (auto st = c.ExecScript("DELETE FROM " + table + " WHERE id = 3"); !st) return st;
    auto n = c.Exec("INSERT INTO " + table + " (id) VALUES (?)", {std::int64_t{4}});
    if (!n) return tl::unexpected(n.error());
    return {};
  }));
  EXPECT_EQ(CountRows(d, table), 2);
}

// EachOf: several reads sent together (one round trip on PostgreSQL, after what waits) hand each its own rows, in
// order; a failing read fails the call and nothing of the transaction stays; a callback that throws leaves the
// connection usable.
TEST_F(DbTransactions, ReadsSentTogetherEachGetTheirOwnRows) {
  Database& d = *db_;
  for (std::int64_t i = 1; i <= 6; ++i) ASSERT_TRUE(InsertRow(d, table, i));
  const std::string between = "SELECT id FROM " + table + " WHERE id >= ? AND id <= ? ORDER BY id";
  ASSERT_TRUE(d.WithWrite([&](Connection& c) -> Status {
    if (auto st = c.ExecLater("INSERT INTO " + table + " (id) VALUES (?)", {std::int64_t{7}}); !st) return st;
    std::vector<std::int64_t> low, high, none;
    const Read reads[] = {
        {between, {std::int64_t{1}, std::int64_t{3}}, [&](const Cells& r) { low.push_back(r.Int(0)); }},
        {between, {std::int64_t{5}, std::int64_t{9}}, [&](const Cells& r) { high.push_back(r.Int(0)); }},
        {"SELECT id FROM " + table + " WHERE id > ?",
         {std::int64_t{100}},
         [&](const Cells& r) { none.push_back(r.Int(0)); }},
    };
    if (auto st = c.EachOf(reads); !st) return st;
    EXPECT_EQ(low, (std::vector<std::int64_t>{1, 2, 3}));
    EXPECT_EQ(high, (std::vector<std::int64_t>{5, 6, 7}));  // the insert that waited went first
    EXPECT_TRUE(none.empty());
    return {};
  }));
  EXPECT_EQ(CountRows(d, table), 7);
  // A read that fails: the call fails, and the insert before it is undone with the transaction.
  auto failed = d.WithWrite([&](Connection& c) -> Status {
    if (auto st = c.ExecLater("INSERT INTO " + table + " (id) VALUES (?)", {std::int64_t{8}}); !st) return st;
    const Read reads[] = {{between, {std::int64_t{1}, std::int64_t{2}}, [](const Cells&) {}},
                          {"SELECT nothing FROM " + table, {}, [](const Cells&) {}}};
    return c.EachOf(reads);
  });
  EXPECT_FALSE(failed.has_value());
  EXPECT_EQ(CountRows(d, table), 7);
  // A callback that throws.
  EXPECT_THROW((void)d.WithRead([&](Connection& c) -> Status {
    const Read reads[] = {
        {between, {std::int64_t{1}, std::int64_t{2}}, [](const Cells&) {}},
        {between, {std::int64_t{3}, std::int64_t{4}}, [](const Cells&) { throw std::runtime_error("stop"); }}};
    return c.EachOf(reads);
  }),
               std::runtime_error);
  EXPECT_EQ(CountRows(d, table), 7);
}

// ExecLater: statements whose results nobody reads wait (PostgreSQL) and go with the next read or COMMIT, in order;
// a later statement's failure fails the statement it travelled with, or COMMIT, and nothing of the transaction
// stays; a transaction of later statements alone commits them; a refused one leaves nothing.
TEST_F(DbTransactions, StatementsSentLaterKeepTheirOrderAndTheirFailures) {
  Database& d = *db_;
  const std::string insert = "INSERT INTO " + table + " (id) VALUES (?)";
  const std::string count = "SELECT COUNT(*) FROM " + table;
  // Two inserts wait; the read after them sees both (they were sent first, in the same round trip).
  ASSERT_TRUE(d.WithWrite([&](Connection& c) -> Status {
    if (auto st = c.ExecLater(insert, {std::int64_t{1}}); !st) return st;
    if (auto st = c.ExecLater(insert, {std::int64_t{2}}); !st) return st;
    auto rows = c.Query(count, {});
    if (!rows) return tl::unexpected(rows.error());
    EXPECT_EQ(rows->front().Int(0), 2);
    return c.ExecLater(insert, {std::int64_t{3}});  // sent with COMMIT
  }));
  EXPECT_EQ(CountRows(d, table), 3);
  // A duplicate among them: COMMIT fails as the duplicate would have (a conflict) and the new rows are gone.
  auto at_commit = d.WithWrite([&](Connection& c) -> Status {
    if (auto st = c.ExecLater(insert, {std::int64_t{10}}); !st) return st;
    if (auto st = c.ExecLater(insert, {std::int64_t{2}}); !st) return st;
    return c.ExecLater(insert, {std::int64_t{11}});
  });
  ASSERT_FALSE(at_commit.has_value());
  EXPECT_EQ(at_commit.error().code, ErrorCode::kConflict);
  EXPECT_EQ(CountRows(d, table), 3);
  // The read it travelled with reports it.
  auto at_read = d.WithWrite([&](Connection& c) -> Status {
    if (auto st = c.ExecLater(insert, {std::int64_t{12}}); !st) return st;
    if (auto st = c.ExecLater(insert, {std::int64_t{1}}); !st) return st;
    auto rows = c.Query(count, {});
    if (!rows) return tl::unexpected(rows.error());
    ADD_FAILURE() << "the read after a failed statement answered";
    return {};
  });
  ASSERT_FALSE(at_read.has_value());
  EXPECT_EQ(at_read.error().code, ErrorCode::kConflict);
  EXPECT_EQ(CountRows(d, table), 3);
  // Refused after statements waited: nothing stays (on PostgreSQL nothing was even sent).
  EXPECT_FALSE(d.WithWrite([&](Connection& c) -> Status {
    if (auto st = c.ExecLater(insert, {std::int64_t{20}}); !st) return st;
    return Fail(ErrorCode::kInvalid, "changed its mind");
  }));
  EXPECT_EQ(CountRows(d, table), 3);
  // A text PostgreSQL cannot take is refused at once, not when it would be sent (SQLite takes it).
  if (d.engine() == Engine::kPostgres) {
    auto nul = d.WithWrite([&](Connection& c) -> Status {
      return c.ExecLater("INSERT INTO " + table + " (id) SELECT ? WHERE ? <> ''",
                         {std::int64_t{30}, std::string("a\0b", 3)});
    });
    ASSERT_FALSE(nul.has_value());
    EXPECT_EQ(nul.error().code, ErrorCode::kInvalid);
    EXPECT_EQ(CountRows(d, table), 3);
  }
  // Statements that wait go before a batch (ExecMany) and a script.
  ASSERT_TRUE(d.WithWrite([&](Connection& c) -> Status {
    if (auto st = c.ExecLater(insert, {std::int64_t{40}}); !st) return st;
    auto n = c.ExecMany("UPDATE " + table + " SET id = ? WHERE id = ?", {{41, 40}, {42, 3}});
    if (!n) return tl::unexpected(n.error());
    EXPECT_EQ(*n, (std::vector<std::int64_t>{1, 1}));
    if (auto st = c.ExecLater(insert, {std::int64_t{43}}); !st) return st;
    return c.ExecScript("DELETE FROM " + table + " WHERE id = 43");
  }));
  EXPECT_EQ(CountRows(d, table), 4);
}

// A PostgreSQL transaction that a failed statement aborted cannot report success, even when the code ignored the
// failure: its COMMIT answers ROLLBACK, and the write fails.
TEST_F(DbTransactions, AnAbortedTransactionDoesNotCommitQuietly) {
  Database& d = *db_;
  if (d.engine() != Engine::kPostgres) GTEST_SKIP() << "SQLite goes on after a failed statement";
  ASSERT_TRUE(InsertRow(d, table, 1));
  auto ignored = d.WithWrite([&](Connection& c) -> Status {
    if (auto st = c.ExecLater("INSERT INTO " + table + " (id) VALUES (?)", {std::int64_t{2}}); !st) return st;
    (void)c.Exec("INSERT INTO " + table + " (id) VALUES (?)", {std::int64_t{1}});  // fails; ignored
    return {};
  });
  EXPECT_FALSE(ignored.has_value());
  EXPECT_EQ(CountRows(d, table), 1);
  ASSERT_TRUE(InsertRow(d, table, 3));  // the connection works afterwards
  EXPECT_EQ(CountRows(d, table), 2);
}

}  // namespace
}  // namespace duet::db
