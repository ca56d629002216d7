// Connection::ExecMany: one statement over many parameter rows, with each row's count. On SQLite
// always; on PostgreSQL (pipeline mode) when DUET_PG_DIR names the test cluster (ctest's
// unit_db_many_postgres): counts per row, a failing row fails the call and rolls the transaction
// back, and the connection works afterwards.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>

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

TEST(DbExecMany, CountsEachRowAndAFailingRowRollsAllBack) {
  auto db = Open(Url());
  ASSERT_TRUE(db.has_value()) << db.error().public_message << " " << db.error().internal_detail;
  // A name of letters and digits only (a random token may hold '-' or '_').
  std::string table = "many_";
  for (char ch : crypto::RandomToken(8))
    if (std::isalnum(static_cast<unsigned char>(ch))) table.push_back(ch);
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
  (void)(*db)->WithWrite([&](Connection& c) { return c.ExecScript("DROP TABLE " + table); });
  db->reset();
  if (!std::getenv("DUET_TEST_PG_UNIT"))
    std::filesystem::remove_all(std::filesystem::path(Url().substr(7)).parent_path());
}

}  // namespace
}  // namespace duet::db
