#pragma once
// Time is injected: services take a Clock; rules take the time as a value and never read a clock.
#include <atomic>
#include <chrono>
#include <cstdint>

namespace duet {

//! Seconds since the Unix epoch, UTC. Every stored time is one of these.
using EpochSeconds = std::int64_t;

//! The source of "now" for services. Tests use a FakeClock.
class Clock {
 public:
  virtual ~Clock() = default;
  //! The current time in seconds since the epoch.
  virtual EpochSeconds Now() const = 0;
};

//! The system clock.
class SystemClock final : public Clock {
 public:
  EpochSeconds Now() const override {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

//! A clock that tests move by hand.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(EpochSeconds now) : now_(now) {}
  EpochSeconds Now() const override { return now_; }
  void Advance(EpochSeconds seconds) { now_ += seconds; }
  void Set(EpochSeconds now) { now_ = now; }

 private:
  EpochSeconds now_;
};

//! A clock that stands still at a chosen instant until it is set or advanced: `duet serve --clock
//! fixed:<RFC 3339>` for tests of time-dependent flows (late cancellation, join windows, reminders,
//! overdue notes) at chosen instants instead of real time and polling. Safe across threads.
class SettableClock final : public Clock {
 public:
  explicit SettableClock(EpochSeconds now) : now_(now) {}
  EpochSeconds Now() const override { return now_.load(std::memory_order_relaxed); }
  void Set(EpochSeconds now) { now_.store(now, std::memory_order_relaxed); }
  void Advance(EpochSeconds seconds) { now_.fetch_add(seconds, std::memory_order_relaxed); }

 private:
  std::atomic<EpochSeconds> now_;
};

}  // namespace duet
