// The SQLite driver, migrations and the audit chain against a real database file.
#include <gtest/gtest.h>

#include <filesystem>

#include "platform/audit.hpp"
#include "platform/crypto.hpp"
#include "platform/db/db.hpp"
#include "../migrated_sqlite.hpp"

namespace duet {
namespace {

class Sqlite : public MigratedSqlite {
 protected:
  void AddPractice(const std::string& id) {
    ASSERT_TRUE(db_->WithWrite([&](db::Connection& c) -> Status {
      auto r = c.Exec("INSERT INTO practices (id, name, wrapped_key, created_at) VALUES (?, ?, ?, ?)",
                      {id, std::string("P"), std::string("k"), std::int64_t{1}});
      if (!r) return tl::unexpected(r.error());
      return audit::StartChain(c, id);
    }));
  }
};

TEST_F(Sqlite, MigrationsRunOnceAndReportTheirVersion) {
  auto again = db::Migrate(*db_);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0);
  auto v = db::MigrationVersions(*db_).value();
  EXPECT_EQ(v.first, v.second);
  EXPECT_GE(v.first, 1);
}

TEST_F(Sqlite, AFailedWriteLeavesNothingBehind) {
  AddPractice("p1");
  auto st = db_->WithWrite([&](db::Connection& c) -> Status {
    auto r = c.Exec("INSERT INTO practices (id, name, wrapped_key, created_at) VALUES ('p2', 'half', 'k', 1)");
    if (!r) return tl::unexpected(r.error());
    return Fail(ErrorCode::kRule, "a rule said no after the first insert");
  });
  EXPECT_FALSE(st);
  auto count = db_->Read([](db::Connection& c) -> Result<std::int64_t> {
    auto r = c.QueryOne("SELECT COUNT(*) FROM practices WHERE id = 'p2'");
    if (!r) return tl::unexpected(r.error());
    return r->Int(0);
  });
  EXPECT_EQ(count.value(), 0);
}

TEST_F(Sqlite, UniqueViolationIsAConflictWithoutSqlInThePublicMessage) {
  AddPractice("p1");
  auto st = db_->WithWrite([&](db::Connection& c) -> Status {
    auto r = c.Exec("INSERT INTO practices (id, name, wrapped_key, created_at) VALUES ('p1', 'dup', 'k', 1)");
    if (!r) return tl::unexpected(r.error());
    return {};
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kConflict);
  EXPECT_EQ(st.error().public_message.find("INSERT"), std::string::npos);
  EXPECT_NE(st.error().internal_detail.find("UNIQUE"), std::string::npos);
}

TEST_F(Sqlite, AuditChainVerifiesAndDetectsAnEditedRow) {
  AddPractice("p1");
  AddPractice("p2");
  for (int i = 0; i < 20; ++i) {
    audit::Event e{i % 2 ? "p1" : "p2", "u", "owner", "client.read", "client", "c" + std::to_string(i), "c", "127.0.0.1", "success", "r"};
    ASSERT_TRUE(audit::AppendNow(*db_, e, 1000 + i));
  }
  auto report = audit::Verify(*db_).value();
  EXPECT_TRUE(report.ok());
  EXPECT_EQ(report.events, 20);
  EXPECT_EQ(report.practices, 2);

  // The table refuses edits; an attacker with file access drops the guard first.
  auto blocked = db_->WithWrite([](db::Connection& c) -> Status {
    auto r = c.Exec("UPDATE audit_events SET outcome = 'denied' WHERE seq = 3");
    if (!r) return tl::unexpected(r.error());
    return {};
  });
  EXPECT_FALSE(blocked);
  ASSERT_TRUE(db_->WithWrite([](db::Connection& c) -> Status {
    if (auto st = c.ExecScript("DROP TRIGGER audit_events_no_update"); !st) return st;
    auto r = c.Exec("UPDATE audit_events SET outcome = 'denied' WHERE practice_id = 'p1' AND seq = 3");
    if (!r) return tl::unexpected(r.error());
    return {};
  }));
  report = audit::Verify(*db_).value();
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.breaks.front().find("practice p1: event 3 was altered"), std::string::npos);
}

TEST_F(Sqlite, AuditListPagesNewestFirstAndFiltersByClient) {
  AddPractice("p1");
  for (int i = 0; i < 5; ++i) {
    audit::Event e{"p1", "u", "clinician", "client.read", "client", "", i < 3 ? "c1" : "c2", "", "success", ""};
    ASSERT_TRUE(audit::AppendNow(*db_, e, 1000 + i));
  }
  auto all = db_->Read([](db::Connection& c) { return audit::List(c, "p1", std::nullopt, INT64_MAX, 2); }).value();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].seq, 5);
  auto c1 = db_->Read([](db::Connection& c) { return audit::List(c, "p1", std::string("c1"), INT64_MAX, 10); }).value();
  EXPECT_EQ(c1.size(), 3u);
}

}  // namespace
}  // namespace duet
