#pragma once
// What both drivers share: a fixed pool of connections lent one at a time, and the
// begin/commit/rollback frame of a transaction.
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "platform/db/db.hpp"

namespace duet::db {

//! A fixed set of connections; Lend blocks until one is free.
template <typename Conn>
class Pool {
 public:
  explicit Pool(std::vector<std::unique_ptr<Conn>> conns) : conns_(std::move(conns)) {
    for (auto& c : conns_) free_.push_back(c.get());
  }

  //! Runs fn with a connection of its own; the connection returns to the pool afterwards, even on throw.
  template <typename F>
  Status Lend(F&& fn) {
    struct Return {
      Pool* self;
      Conn* conn;
      ~Return() { self->Release(conn); }
    } give_back{this, Acquire()};
    return fn(*give_back.conn);
  }

  //! A connection of its own until Release (blocks until one is free).
  Conn* Acquire() {
    std::unique_lock lock(mutex_);
    if (free_.empty()) ++waits_;
    available_.wait(lock, [&] { return !free_.empty(); });
    Conn* conn = free_.back();
    free_.pop_back();
    ++in_use_;
    return conn;
  }

  void Release(Conn* conn) {
    {
      std::lock_guard lock(mutex_);
      free_.push_back(conn);
      --in_use_;
    }
    available_.notify_one();
  }

  //! Runs fn on each connection not lent now (they stay in the pool; Acquire waits meanwhile).
  template <typename F>
  void ForEachFree(F&& fn) {
    std::lock_guard lock(mutex_);
    for (Conn* c : free_) fn(*c);
  }

  //! Size, connections lent now, and how often a caller had to wait.
  PoolStats Stats() const {
    std::lock_guard lock(mutex_);
    return PoolStats{static_cast<int>(conns_.size()), in_use_, waits_};
  }

 private:
  std::vector<std::unique_ptr<Conn>> conns_;
  mutable std::mutex mutex_;
  std::condition_variable available_;
  std::vector<Conn*> free_;
  int in_use_ = 0;
  std::uint64_t waits_ = 0;
};

//! Runs fn between `begin` and COMMIT; rolls back when fn fails or throws, or when COMMIT fails.
Status InTransaction(Connection& c, std::string_view begin, const std::function<Status(Connection&)>& fn);

}  // namespace duet::db
