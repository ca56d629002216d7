// The SQLite driver, migrations and the audit chain against a real database file.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <future>
#include <mutex>
#include <thread>

#include "../migrated_sqlite.hpp"
#include "platform/audit.hpp"
#include "platform/crypto.hpp"
#include "platform/db/db.hpp"

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
    audit::Event e{i % 2 ? "p1" : "p2",     "u", "owner",     "client.read", "client",
                   "c" + std::to_string(i), "c", "127.0.0.1", "success",     "r"};
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

TEST_F(Sqlite, AKeyedChainCannotBeRewrittenWithoutTheKeyAndTheCheckpointShowsACutTail) {
  AddPractice("p1");
  auto append = [&](int i) {
    audit::Event e{"p1",        "u",       "owner", "client.read", "client", "c" + std::to_string(i), "c",
                   "127.0.0.1", "success", "r"};
    ASSERT_TRUE(audit::AppendNow(*db_, e, 1000 + i));
  };
  std::array<unsigned char, 32> key{}, wrong{};
  key.fill(7);
  wrong.fill(9);
  audit::SetChainKey(std::nullopt);
  for (int i = 1; i <= 3; ++i) append(i);  // from before keying: still verifiable
  audit::SetChainKey(key);
  for (int i = 4; i <= 8; ++i) append(i);
  audit::SetChainKey(std::nullopt);
  auto with_key = audit::Verify(*db_, key).value();
  EXPECT_TRUE(with_key.ok());
  auto without = audit::Verify(*db_).value();
  EXPECT_TRUE(without.ok());
  EXPECT_EQ(without.unchecked, 5);

  // A signed checkpoint of the heads; editing it is noticed.
  const std::string signed_text = audit::SignCheckpoint(audit::ReadHeads(*db_, 5000).value(), key);
  auto checkpoint = audit::OpenCheckpoint(signed_text, key).value();
  EXPECT_EQ(checkpoint.heads.at("p1").first, 8);
  EXPECT_TRUE(audit::Verify(*db_, key, checkpoint)->ok());
  std::string edited = signed_text;
  edited.replace(edited.find("\"seq\":8"), 7, "\"seq\":6");
  EXPECT_FALSE(audit::OpenCheckpoint(edited, key));
  EXPECT_FALSE(audit::OpenCheckpoint(signed_text, wrong));

  // Someone with write access rewrites event 6 and recomputes the chain from there, without the key.
  auto rewrite = [&](const std::array<unsigned char, 32>* with) {
    ASSERT_TRUE(db_->WithWrite([&](db::Connection& c) -> Status {
      (void)c.ExecScript("DROP TRIGGER IF EXISTS audit_events_no_update");
      auto rows = audit::List(c, "p1", std::nullopt, 1000, 100);
      if (!rows) return tl::unexpected(rows.error());
      std::vector<audit::Stored> events(rows->rbegin(), rows->rend());  // oldest first
      std::string prev = events[4].hash;                                // event 5
      for (std::size_t i = 5; i < events.size(); ++i) {
        auto& s = events[i];
        if (s.seq == 6) s.event.outcome = "denied";
        s.prev_hash = prev;
        s.hash = audit::ChainHash(prev, s, with);
        if (auto r = c.Exec(
                "UPDATE audit_events SET outcome = ?, prev_hash = ?, hash = ? WHERE practice_id = 'p1' AND seq = ?",
                {s.event.outcome, s.prev_hash, s.hash, s.seq});
            !r)
          return tl::unexpected(r.error());
        prev = s.hash;
      }
      auto r = c.Exec("UPDATE audit_heads SET hash = ? WHERE practice_id = 'p1'", {prev});
      if (!r) return tl::unexpected(r.error());
      return {};
    }));
  };
  rewrite(nullptr);
  auto unkeyed = audit::Verify(*db_, key).value();
  ASSERT_FALSE(unkeyed.ok());
  EXPECT_NE(unkeyed.breaks.front().find("event 6 is not keyed after keyed events"), std::string::npos)
      << unkeyed.breaks.front();
  rewrite(&wrong);
  auto guessed = audit::Verify(*db_, key).value();
  ASSERT_FALSE(guessed.ok());
  EXPECT_NE(guessed.breaks.front().find("event 6 was altered"), std::string::npos) << guessed.breaks.front();
  rewrite(&key);  // only the master key's holder can do this: back to a valid chain
  EXPECT_FALSE(audit::Verify(*db_, key, checkpoint)->ok()) << "the checkpoint signed the old head";

  // Cutting the newest events and rewinding the head passes a chain check alone; the checkpoint sees it.
  ASSERT_TRUE(db_->WithWrite([&](db::Connection& c) -> Status {
    (void)c.ExecScript("DROP TRIGGER IF EXISTS audit_events_no_delete");
    auto five = c.Query("SELECT hash FROM audit_events WHERE practice_id = 'p1' AND seq = 5");
    if (!five) return tl::unexpected(five.error());
    if (auto r = c.Exec("DELETE FROM audit_events WHERE practice_id = 'p1' AND seq > 5"); !r)
      return tl::unexpected(r.error());
    auto r = c.Exec("UPDATE audit_heads SET seq = 5, hash = ? WHERE practice_id = 'p1'", {five->front().Text(0)});
    if (!r) return tl::unexpected(r.error());
    return {};
  }));
  EXPECT_TRUE(audit::Verify(*db_, key)->ok());
  auto cut = audit::Verify(*db_, key, checkpoint).value();
  ASSERT_FALSE(cut.ok());
  EXPECT_NE(cut.breaks.back().find("events up to 8 were in the signed checkpoint and are gone"), std::string::npos)
      << cut.breaks.back();
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

namespace duet {
namespace {

class Appender : public Sqlite {};

audit::Event ReadBy(const std::string& practice, int i) {
  audit::Event e;
  e.practice_id = practice;
  e.actor_user_id = "u" + std::to_string(i % 3);
  e.action = "client.read";
  e.resource_type = "client";
  e.resource_id = "c" + std::to_string(i);
  e.client_id = e.resource_id;
  return e;
}

std::int64_t CountEvents(db::Database& db, const std::string& practice) {
  std::int64_t n = -1;
  EXPECT_TRUE(db.WithRead([&](db::Connection& c) -> Status {
    auto row = c.QueryOne("SELECT COUNT(*) FROM audit_events WHERE practice_id = ?", {practice});
    if (!row) return tl::unexpected(row.error());
    n = row->Int(0);
    return {};
  }));
  return n;
}

TEST_F(Appender, GroupsEventsFromManyThreadsIntoFewTransactionsAndKeepsEachChainWhole) {
  AddPractice("p1");
  AddPractice("p2");
  std::atomic<int> stored{0};
  std::atomic<int> failed{0};
  {
    audit::Appender appender(*db_);
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
      threads.emplace_back([&, t] {
        for (int i = 0; i < 250; ++i)
          appender.Submit(ReadBy(t % 2 ? "p1" : "p2", i), 1000 + i,
                          [&](const Status& st) { (st ? stored : failed).fetch_add(1); });
      });
    for (auto& th : threads) th.join();
    // The destructor writes what is still queued before it stops.
  }
  EXPECT_EQ(stored.load(), 2000);
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(CountEvents(*db_, "p1"), 1000);
  EXPECT_EQ(CountEvents(*db_, "p2"), 1000);
  auto report = audit::Verify(*db_).value();
  EXPECT_TRUE(report.ok()) << (report.breaks.empty() ? "" : report.breaks.front());
  EXPECT_EQ(report.events, 2000);
}

TEST_F(Appender, ABadEventFailsOnlyItself) {
  AddPractice("p1");
  audit::Appender appender(*db_);
  std::mutex mutex;
  std::condition_variable cv;
  int done = 0;
  std::vector<std::pair<std::string, bool>> results;
  auto submit = [&](audit::Event e) {
    std::string name = e.practice_id + "/" + e.resource_id;
    appender.Submit(std::move(e), 1000, [&, name](const Status& st) {
      std::lock_guard lock(mutex);
      results.emplace_back(name, static_cast<bool>(st));
      ++done;
      cv.notify_all();
    });
  };
  // Queued together while the thread is busy: a practice with no chain cannot take events.
  for (int i = 0; i < 20; ++i) submit(ReadBy(i == 7 ? "no-such-practice" : "p1", i));
  std::unique_lock lock(mutex);
  cv.wait(lock, [&] { return done == 20; });
  for (const auto& [name, ok] : results) EXPECT_EQ(ok, name != "no-such-practice/c7") << name;
  EXPECT_EQ(CountEvents(*db_, "p1"), 19);
  EXPECT_TRUE(audit::Verify(*db_).value().ok());
}

TEST_F(Appender, InsideARequestAReadReturnsAtOnceAndItsAnswerWaitsForTheEvent) {
  AddPractice("p1");
  audit::Appender appender(*db_);
  auto events = audit::NewRequestEvents();
  {
    audit::Deferred deferred(appender, events);
    ASSERT_TRUE(audit::AppendNow(*db_, ReadBy("p1", 1), 1000));
    ASSERT_TRUE(audit::AppendNow(*db_, ReadBy("p1", 2), 1000));
  }
  auto awaited = audit::AwaitedOf(events);
  ASSERT_NE(awaited, nullptr);
  std::promise<bool> finished;
  awaited->OnDone([&](bool ok) { finished.set_value(ok); });
  EXPECT_TRUE(finished.get_future().get());
  EXPECT_EQ(CountEvents(*db_, "p1"), 2);
  // A request that read nothing audited has nothing to wait for.
  EXPECT_EQ(audit::AwaitedOf(audit::NewRequestEvents()), nullptr);
  // Outside a request, AppendNow writes before it returns.
  ASSERT_TRUE(audit::AppendNow(*db_, ReadBy("p1", 3), 1000));
  EXPECT_EQ(CountEvents(*db_, "p1"), 3);
}

}  // namespace
}  // namespace duet
