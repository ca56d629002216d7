#include "platform/jobs.hpp"

#include <algorithm>

#include "platform/crypto.hpp"
#include "platform/log.hpp"

namespace duet::jobs {

Result<bool> Enqueue(db::Connection& c, const std::string& kind, const std::string& dedupe_key,
                     const std::string& practice_id, const std::string& payload, EpochSeconds run_at,
                     EpochSeconds now) {
  auto n = c.Exec(
      "INSERT INTO jobs (id, kind, dedupe_key, practice_id, payload, run_at, status, attempts, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?) ON CONFLICT (dedupe_key) DO NOTHING",
      {crypto::NewId(), kind, dedupe_key, db::OrNull(practice_id), payload, run_at, now});
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

Status SkipPending(db::Connection& c, const std::string& key_prefix, const std::string& why, EpochSeconds now) {
  // Keys are ids and digits only, so a prefix match needs no escaping.
  return db::Done(
      c.Exec("UPDATE jobs SET status = 'skipped', outcome = ?, finished_at = ? WHERE status = 'pending' AND "
             "substr(dedupe_key, 1, ?) = ?",
             {why, now, static_cast<std::int64_t>(key_prefix.size()), key_prefix}));
}

Runner::Runner(db::Database& db, const Clock& clock, std::string owner, int lease_seconds)
    : db_(db), clock_(clock), owner_(std::move(owner)), lease_seconds_(lease_seconds) {}

void Runner::On(const std::string& kind, Handler handler, int max_attempts, int retry_base_seconds) {
  kinds_[kind] = Kind{std::move(handler), max_attempts, std::max(1, retry_base_seconds)};
}

Result<Counts> Runner::RunDue(int max_jobs) {
  Counts counts;
  while (counts.done + counts.retried + counts.failed < max_jobs) {
    EpochSeconds now = clock_.Now();
    auto due = db_.Read([&](db::Connection& c) {
      return c.Query(
          "SELECT id, kind, dedupe_key, practice_id, payload, run_at, attempts FROM jobs WHERE status = 'pending' AND "
          "run_at <= ? AND (lease_until IS NULL OR lease_until < ?) ORDER BY run_at, id LIMIT 20",
          {now, now});
    });
    if (!due) return tl::unexpected(due.error());
    if (due->empty()) break;
    int ran = 0;
    for (const auto& row : *due) {
      Job job{row.Text(0),
              row.Text(1),
              row.Text(2),
              row.Text(3),
              row.Text(4),
              row.Int(5),
              static_cast<int>(row.Int(6)) + 1};
      auto kind = kinds_.find(job.kind);
      if (kind == kinds_.end()) continue;  // another server version handles it
      // The lease: only the UPDATE that still sees the job free wins (SQLite: one writer;
      // PostgreSQL: the second UPDATE waits for the first, re-reads the row and matches nothing).
      auto leased = db_.Write([&](db::Connection& c) {
        return c.Exec(
            "UPDATE jobs SET lease_owner = ?, lease_until = ?, attempts = attempts + 1 WHERE id = ? AND status = "
            "'pending' "
            "AND (lease_until IS NULL OR lease_until < ?)",
            {owner_, now + lease_seconds_, job.id, now});
      });
      if (!leased) return tl::unexpected(leased.error());
      if (*leased != 1) continue;
      ++ran;
      Result<std::string> outcome = Fail(ErrorCode::kInternal, "The job's handler threw.");
      try {
        outcome = kind->second.handler(job);
      } catch (const std::exception& e) {
        outcome = Fail(ErrorCode::kInternal, "The job's handler threw.", e.what());
      }
      EpochSeconds end = clock_.Now();
      std::string status = "done", text;
      EpochSeconds next_run = job.run_at;
      if (outcome) {
        text = *outcome;
        ++counts.done;
      } else {
        text =
            outcome.error().internal_detail.empty() ? outcome.error().public_message : outcome.error().internal_detail;
        if (job.attempts >= kind->second.max_attempts) {
          status = "failed";
          ++counts.failed;
        } else {
          status = "pending";
          // With the usual 30 s base: 1 min, 2 min, 4 min … at most an hour.
          next_run = end + std::min<EpochSeconds>(3600, static_cast<EpochSeconds>(kind->second.retry_base_seconds)
                                                            << std::min(job.attempts, 7));
          ++counts.retried;
        }
        log::Event(log::Level::kWarn, "job_failed",
                   {{"kind", job.kind}, {"job", job.id}, {"attempt", job.attempts}, {"detail", text}});
      }
      auto st = db_.WithWrite([&](db::Connection& c) -> Status {
        return db::Done(
            c.Exec("UPDATE jobs SET status = ?, outcome = ?, run_at = ?, lease_owner = NULL, lease_until = NULL, "
                   "finished_at = ? "
                   "WHERE id = ? AND lease_owner = ?",
                   {status, text.substr(0, 500), next_run, status == "pending" ? db::Value() : db::Value(end), job.id,
                    owner_}));
      });
      if (!st) return tl::unexpected(st.error());
    }
    if (ran == 0) break;  // everything due is leased by others or of unknown kinds
  }
  return counts;
}

}  // namespace duet::jobs
