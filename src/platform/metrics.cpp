#include "platform/metrics.hpp"

#include "platform/audit.hpp"

#include <sstream>

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
                            int live_connections) const {
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
  out << "# HELP duet_db_pool_connections Database connections in the pool.\n# TYPE duet_db_pool_connections gauge\n"
      << "duet_db_pool_connections " << pool.size << "\n"
      << "# HELP duet_db_pool_in_use Database connections lent out now.\n# TYPE duet_db_pool_in_use gauge\n"
      << "duet_db_pool_in_use " << pool.in_use << "\n"
      << "# HELP duet_db_pool_waits_total Times a request waited for a connection.\n# TYPE duet_db_pool_waits_total "
         "counter\n"
      << "duet_db_pool_waits_total " << pool.waits << "\n"
      << "# HELP duet_db_write_batches_total Transactions of writes (SQLite commits queued writes together).\n"
         "# TYPE duet_db_write_batches_total counter\n"
      << "duet_db_write_batches_total " << pool.write_batches << "\n"
      << "# HELP duet_db_batched_writes_total Writes those transactions held (writes / batches = the mean batch).\n"
         "# TYPE duet_db_batched_writes_total counter\n"
      << "duet_db_batched_writes_total " << pool.batched_writes << "\n"
      << "# HELP duet_audit_batches_total Transactions of the audit appender.\n"
         "# TYPE duet_audit_batches_total counter\n"
      << "duet_audit_batches_total " << audit.batches << "\n"
      << "# HELP duet_audit_batched_events_total Events the audit appender stored (events / batches = the mean "
         "batch).\n# TYPE duet_audit_batched_events_total counter\n"
      << "duet_audit_batched_events_total " << audit.events << "\n"
      << "# HELP duet_live_connections Open WebSocket connections.\n# TYPE duet_live_connections gauge\n"
      << "duet_live_connections " << live_connections << "\n"
      << "# HELP duet_audit_write_failures_total Audit events that could not be written (each is also logged).\n"
      << "# TYPE duet_audit_write_failures_total counter\nduet_audit_write_failures_total " << audit::WriteFailures()
      << "\n";
  return out.str();
}

}  // namespace duet
