// The durable job queue against a real SQLite file: once-only under competing workers, retries
// with backoff, dedupe keys, skips.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "../migrated_sqlite.hpp"
#include "platform/crypto.hpp"
#include "platform/db/db.hpp"
#include "platform/jobs.hpp"

namespace duet {
namespace {

class Jobs : public MigratedSqlite {
 protected:
  bool Add(const std::string& key, EpochSeconds run_at) {
    return db_->Write([&](db::Connection& c) { return jobs::Enqueue(c, "test", key, "", "{}", run_at, clock_.Now()); })
        .value();
  }
  std::string StatusOf(const std::string& key) {
    return db_
        ->Read([&](db::Connection& c) { return c.QueryOne("SELECT status FROM jobs WHERE dedupe_key = ?", {key}); })
        ->Text(0);
  }
  FakeClock clock_{1'800'000'000};
};

TEST_F(Jobs, EachJobRunsOnceAcrossCompetingWorkers) {
  for (int i = 0; i < 200; ++i) ASSERT_TRUE(Add("k" + std::to_string(i), clock_.Now()));
  EXPECT_FALSE(Add("k0", clock_.Now())) << "a key is queued once";
  std::atomic<int> runs{0};
  auto worker = [&](const std::string& name) {
    jobs::Runner r(*db_, clock_, name);
    r.On("test", [&](const jobs::Job&) -> Result<std::string> {
      runs.fetch_add(1);
      return std::string("ok");
    });
    ASSERT_TRUE(r.RunDue(1000));
  };
  std::thread a(worker, "a"), b(worker, "b"), c(worker, "c");
  a.join();
  b.join();
  c.join();
  EXPECT_EQ(runs.load(), 200);
  EXPECT_EQ(StatusOf("k199"), "done");
}

TEST_F(Jobs, FailuresRetryWithBackoffThenGiveUp) {
  ASSERT_TRUE(Add("flaky", clock_.Now()));
  jobs::Runner r(*db_, clock_, "w");
  int calls = 0;
  r.On(
      "test",
      [&](const jobs::Job& job) -> Result<std::string> {
        ++calls;
        EXPECT_EQ(job.attempts, calls);
        return Fail(ErrorCode::kUnavailable, "down", "connection refused");
      },
      2);
  auto first = r.RunDue().value();
  EXPECT_EQ(first.retried, 1);
  EXPECT_EQ(StatusOf("flaky"), "pending");
  EXPECT_EQ(r.RunDue().value().retried, 0) << "not due again until the backoff passes";
  clock_.Advance(61);
  EXPECT_EQ(r.RunDue().value().failed, 1);
  EXPECT_EQ(StatusOf("flaky"), "failed");
  EXPECT_EQ(calls, 2);
}

TEST_F(Jobs, AnUrgentKindRetriesSooner) {  // safety-alert e-mails: 10 s, 20 s, 40 s …
  ASSERT_TRUE(Add("urgent", clock_.Now()));
  jobs::Runner r(*db_, clock_, "w");
  int calls = 0;
  r.On(
      "test",
      [&](const jobs::Job&) -> Result<std::string> {
        if (++calls < 3) return Fail(ErrorCode::kUnavailable, "down", "connection refused");
        return std::string("sent");
      },
      10, 5);
  EXPECT_EQ(r.RunDue().value().retried, 1);
  clock_.Advance(9);
  EXPECT_EQ(r.RunDue().value().retried, 0) << "not before 10 s";
  clock_.Advance(1);
  EXPECT_EQ(r.RunDue().value().retried, 1);
  clock_.Advance(20);
  EXPECT_EQ(r.RunDue().value().done, 1);
  EXPECT_EQ(StatusOf("urgent"), "done");
}

TEST_F(Jobs, FutureJobsWaitAndSkippedJobsNeverRun) {
  ASSERT_TRUE(Add("reminder:a1:v1:120", clock_.Now() + 3600));
  ASSERT_TRUE(Add("reminder:a2:v1:120", clock_.Now() + 3600));
  ASSERT_TRUE(db_->WithWrite(
      [&](db::Connection& c) { return jobs::SkipPending(c, "reminder:a1:", "cancelled", clock_.Now()); }));
  jobs::Runner r(*db_, clock_, "w");
  std::vector<std::string> ran;
  r.On("test", [&](const jobs::Job& job) -> Result<std::string> {
    ran.push_back(job.dedupe_key);
    return std::string("ok");
  });
  EXPECT_EQ(r.RunDue().value().done, 0);
  clock_.Advance(3600);
  EXPECT_EQ(r.RunDue().value().done, 1);
  EXPECT_EQ(ran, std::vector<std::string>{"reminder:a2:v1:120"});
  EXPECT_EQ(StatusOf("reminder:a1:v1:120"), "skipped");
}

}  // namespace
}  // namespace duet
