#pragma once
// The durable job queue: background work kept in the database, so it survives a restart and runs
// once even when several servers share the database. A worker leases a due job with a guarded
// UPDATE (only one UPDATE can win), runs it outside any transaction, then records the outcome. A
// lease that expires (the server died mid-job) lets another worker take the job over.
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "platform/clock.hpp"
#include "platform/db/db.hpp"

namespace duet::jobs {

struct Job {
  std::string id;
  std::string kind;
  std::string dedupe_key;
  std::string practice_id;
  std::string payload;  // JSON; never client names, contact details or clinical text
  EpochSeconds run_at = 0;
  int attempts = 0;  // including this one
};

//! Adds a job unless one with the same key exists; true when it was added.
Result<bool> Enqueue(db::Connection& c, const std::string& kind, const std::string& dedupe_key,
                     const std::string& practice_id, const std::string& payload, EpochSeconds run_at, EpochSeconds now);
//! Marks still-pending jobs whose key starts with `key_prefix` as skipped (a visit was cancelled or moved).
Status SkipPending(db::Connection& c, const std::string& key_prefix, const std::string& why, EpochSeconds now);

//! What a handler made of a job: done (with a short outcome such as "sent"), or an error to retry.
using Handler = std::function<Result<std::string>(const Job&)>;

struct Counts {
  int done = 0;
  int retried = 0;
  int failed = 0;
};

class Runner {
 public:
  //! `owner` names this worker in leases (host and process); `lease_seconds` bounds one job's run.
  Runner(db::Database& db, const Clock& clock, std::string owner, int lease_seconds = 300);
  //! Handles jobs of one kind, giving up after `max_attempts` (then the job is marked failed). A
  //! failed attempt n is retried after `retry_base_seconds` × 2^n, at most an hour later.
  void On(const std::string& kind, Handler handler, int max_attempts = 5, int retry_base_seconds = 30);
  //! Leases and runs due jobs until none is due or `max_jobs` ran.
  Result<Counts> RunDue(int max_jobs = 200);

 private:
  struct Kind {
    Handler handler;
    int max_attempts = 5;
    int retry_base_seconds = 30;
  };
  db::Database& db_;
  const Clock& clock_;
  std::string owner_;
  int lease_seconds_;
  std::unordered_map<std::string, Kind> kinds_;
};

}  // namespace duet::jobs
