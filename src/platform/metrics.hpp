#pragma once
// Prometheus text exposition: request counts and latency histograms by route, pool use.
// https://prometheus.io/docs/instrumenting/exposition_formats/ — no client data, ever.
#include <array>
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "platform/audit.hpp"
#include "platform/db/db.hpp"
#include "platform/router.hpp"

namespace duet {

class Metrics {
 public:
  //! Upper bounds of the latency buckets, in seconds.
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1,    2.5};
  //! One slot per route plus "static" and "unmatched".
  explicit Metrics(std::size_t routes);
  //! Records one request. Lock-free.
  void Record(std::size_t slot, int status, double seconds);
  //! How requests' sessions and tokens were checked: taken from the last second, or read from the database.
  struct SignIns {
    std::uint64_t remembered = 0;
    std::uint64_t read = 0;
  };
  //! The exposition text.
  std::string Render(const Router& router, const db::PoolStats& pool, const audit::AppenderStats& audit,
                     int live_connections, const SignIns& sign_ins) const;
  //! The server gave memory back while quiet (counted for /metrics).
  void NoteMemoryRelease() { memory_releases_.fetch_add(1, std::memory_order_relaxed); }
  std::size_t StaticSlot() const { return slots_.size() - 2; }
  std::size_t UnmatchedSlot() const { return slots_.size() - 1; }

 private:
  struct Slot {
    std::array<std::atomic<std::uint64_t>, 6> by_class{};  // 1xx..5xx at [1..5]
    std::array<std::atomic<std::uint64_t>, kBuckets.size()> buckets{};
    std::atomic<std::uint64_t> count{0};
    std::atomic<std::uint64_t> sum_micros{0};
  };
  std::vector<std::unique_ptr<Slot>> slots_;
  std::atomic<std::uint64_t> memory_releases_{0};
};

}  // namespace duet
