#include "platform/metrics.hpp"

#include "platform/audit.hpp"
#include "platform/memory.hpp"

#include <sstream>
#include <string_view>

namespace duet {

Metrics::Metrics(std::size_t routes) {
  for (std::size_t i = 0; i < routes + 2; ++i) slots_.push_back(std::make_unique<Slot>());
}

void Metrics::Record(std::size_t slot, int status, double seconds) {
  if (slot >= slots_.size()) slot = UnmatchedSlot();
  Slot& s = *slots_[slot];
  int cls = status / 100;
  if (cls >= 1 && cls <= 5) s.by_class[cls].fetch_add(1, std::memory_order_relaxed);
  for (std::size_t b = 0; b < kBuckets.size(); ++b)
    if (seconds <= kBuckets[b]) s.buckets[b].fetch_add(1, std::memory_order_relaxed);
  s.count.fetch_add(1, std::memory_order_relaxed);
  s.sum_micros.fetch_add(static_cast<std::uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

std::string Metrics::Render(const Router& router, const db::PoolStats& pool, const audit::AppenderStats& audit,
                            int live_connections, const SignIns& sign_ins) const {
  std::ostringstream out;
  auto label = [&](std::size_t i) -> std::string {
    if (i == StaticSlot()) return "route=\"static\"";
    if (i == UnmatchedSlot()) return "route=\"unmatched\"";
    const auto& r = router.routes()[i];
    return "method=\"" + r.method + "\",route=\"" + r.pattern + "\"";
  };
  out << "# HELP duet_http_requests_total HTTP requests by route and status class.\n# TYPE duet_http_requests_total "
         "counter\n";
  for (std::size_t i = 0; i < slots_.size(); ++i)
    for (int c = 1; c <= 5; ++c) {
      auto n = slots_[i]->by_class[c].load(std::memory_order_relaxed);
      if (n) out << "duet_http_requests_total{" << label(i) << ",status=\"" << c << "xx\"} " << n << "\n";
    }
  out << "# HELP duet_http_request_duration_seconds Request latency by route.\n# TYPE "
         "duet_http_request_duration_seconds histogram\n";
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    const Slot& s = *slots_[i];
    auto count = s.count.load(std::memory_order_relaxed);
    if (!count) continue;
    for (std::size_t b = 0; b < kBuckets.size(); ++b)
      out << "duet_http_request_duration_seconds_bucket{" << label(i) << ",le=\"" << kBuckets[b] << "\"} "
          << s.buckets[b].load(std::memory_order_relaxed) << "\n";
    out << "duet_http_request_duration_seconds_bucket{" << label(i) << ",le=\"+Inf\"} " << count << "\n";
    out << "duet_http_request_duration_seconds_sum{" << label(i) << "} "
        << static_cast<double>(s.sum_micros.load()) / 1e6 << "\n";
    out << "duet_http_request_duration_seconds_count{" << label(i) << "} " << count << "\n";
  }
  // One value each: its help, its type and the value.
  auto one = [&](std::string_view name, std::string_view type, std::string_view help, auto value) {
    out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n'
        << name << ' ' << value << '\n';
  };
  one("duet_db_pool_connections", "gauge", "Database connections in the pool.", pool.size);
  one("duet_db_pool_in_use", "gauge", "Database connections lent out now.", pool.in_use);
  one("duet_db_pool_waits_total", "counter", "Times a request waited for a connection.", pool.waits);
  one("duet_db_write_batches_total", "counter", "Transactions of writes (SQLite commits queued writes together).",
      pool.write_batches);
  one("duet_db_batched_writes_total", "counter", "Writes those transactions held (writes / batches = the mean batch).",
      pool.batched_writes);
  one("duet_db_checkpoints_total", "counter", "SQLite: passes copying the WAL into the database while writes go on.",
      pool.checkpoints);
  one("duet_db_checkpoint_holds_total", "counter",
      "SQLite: passes that held the writes to complete the checkpoint (the WAL then starts again).",
      pool.checkpoint_holds);
  one("duet_db_checkpoint_held_seconds_total", "counter", "SQLite: how long those passes held the writes.",
      static_cast<double>(pool.checkpoint_held_microseconds) / 1e6);
  one("duet_audit_batches_total", "counter", "Transactions of the audit appender.", audit.batches);
  one("duet_audit_batched_events_total", "counter",
      "Events the audit appender stored (events / batches = the mean batch).", audit.events);
  one("duet_live_connections", "gauge", "Open WebSocket connections.", live_connections);
  one("duet_sign_ins_remembered_total", "counter",
      "Requests whose session or API token was taken as checked in the last second (--sign-in-memory-ms).",
      sign_ins.remembered);
  one("duet_sign_ins_read_total", "counter", "Requests whose session or API token was read from the database.",
      sign_ins.read);
  one("duet_audit_write_failures_total", "counter", "Audit events that could not be written (each is also logged).",
      audit::WriteFailures());
  one("duet_memory_releases_total", "counter",
      "Times the server gave back the memory it keeps for speed (database page caches, freed heap) after a quiet "
      "spell.",
      memory_releases_.load(std::memory_order_relaxed));
  one("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", memory::ResidentBytes());
  return out.str();
}

}  // namespace duet
