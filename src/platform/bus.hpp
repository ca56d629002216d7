#pragma once
// Live events between Duet servers that share one database. With SQLite there is one server and
// the bus is a direct call; with PostgreSQL every server LISTENs on one channel and publishing is a
// NOTIFY, so two people connected to different servers meet in the same video room. Payloads over
// NOTIFY's 8,000-byte limit (large SDP offers) go through the live_messages table by id.
#include <functional>
#include <memory>
#include <string>

#include "platform/db/db.hpp"

namespace duet::bus {

class Bus {
 public:
  virtual ~Bus() = default;
  //! Sends a payload to every server, this one included. Any thread.
  virtual Status Publish(const std::string& payload) = 0;
  //! Starts delivering payloads to `deliver` (on the bus's own thread for PostgreSQL, on the
  //! publishing thread for the local bus). Call once, before Publish.
  virtual void Start(std::function<void(const std::string&)> deliver) = 0;
  //! Stops delivering; joins the listener thread.
  virtual void Stop() = 0;
};

//! One server: Publish calls deliver directly.
std::unique_ptr<Bus> MakeLocal();
//! PostgreSQL LISTEN/NOTIFY on channel `duet_live`, over its own connection to `url` (reconnects
//! with back-off if the connection drops; events published meanwhile are lost, as with any
//! live presence: clients re-send state when they reconnect).
std::unique_ptr<Bus> MakePostgres(const std::string& url, db::Database& db);

//! The largest payload sent inline in a NOTIFY.
inline constexpr std::size_t kInlineLimit = 7900;

}  // namespace duet::bus
