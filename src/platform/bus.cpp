// The PostgreSQL bus's listener runs in the PostgreSQL module (platform/module.hpp: Listen).
#include "platform/bus.hpp"

#include <atomic>
#include <chrono>
#include <thread>

#include "platform/crypto.hpp"
#include "platform/log.hpp"
#include "platform/module.hpp"

namespace duet::bus {
namespace {

class LocalBus final : public Bus {
 public:
  Status Publish(const std::string& payload) override {
    if (deliver_) deliver_(payload);
    return {};
  }
  void Start(std::function<void(const std::string&)> deliver) override { deliver_ = std::move(deliver); }
  void Stop() override {}

 private:
  std::function<void(const std::string&)> deliver_;
};

std::int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

class PgBus final : public Bus {
 public:
  PgBus(std::string url, db::Database& db) : url_(std::move(url)), db_(db) {}
  ~PgBus() override { Stop(); }

  Status Publish(const std::string& payload) override {
    return db_.WithWrite([&](db::Connection& c) -> Status {
      std::string notice = payload;
      if (payload.size() > kInlineLimit) {
        std::string id = crypto::NewId();
        auto now = NowSeconds();
        if (auto r = c.Exec("INSERT INTO live_messages (id, payload, created_at) VALUES (?, ?, ?)", {id, payload, now});
            !r)
          return tl::unexpected(r.error());
        if (auto r = c.Exec("DELETE FROM live_messages WHERE created_at < ?", {now - 300}); !r)
          return tl::unexpected(r.error());
        notice = "@" + id;
      }
      auto r = c.Query("SELECT pg_notify('duet_live', ?)", {notice});
      if (!r) return tl::unexpected(r.error());
      return {};
    });
  }

  void Start(std::function<void(const std::string&)> deliver) override {
    deliver_ = std::move(deliver);
    thread_ = std::thread([this] { Listen(); });
    // Wait (briefly) until LISTEN is in place so that events published right after start arrive.
    for (int i = 0; i < 200 && !listening_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }

  void Stop() override {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }

 private:
  void Listen() {
    int backoff_ms = 100;
    auto api = module::Postgres();
    while (!stop_) {
      if (api && (*api)->listen(
                     url_, "duet_live", stop_, [&] { listening_ = true; },
                     [&](std::string payload) { Deliver(std::move(payload)); }))
        backoff_ms = 100;
      if (stop_) break;
      log::Event(log::Level::kWarn, "bus_reconnect", {{"after_ms", backoff_ms}});
      std::this_thread::sleep_for(std::chrono::milliseconds(backoff_ms));
      backoff_ms = std::min(backoff_ms * 2, 5000);
    }
  }

  // A notification's payload, or the id of one kept in live_messages ("@id").
  void Deliver(std::string payload) {
    if (!payload.empty() && payload[0] == '@') {
      auto rows = db_.Read([&](db::Connection& c) {
        return c.Query("SELECT payload FROM live_messages WHERE id = ?", {payload.substr(1)});
      });
      if (!rows || rows->empty()) return;
      payload = rows->front().Text(0);
    }
    deliver_(payload);
  }

  std::string url_;
  db::Database& db_;
  std::function<void(const std::string&)> deliver_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> listening_{false};
};

}  // namespace

std::unique_ptr<Bus> MakeLocal() { return std::make_unique<LocalBus>(); }
std::unique_ptr<Bus> MakePostgres(const std::string& url, db::Database& db) { return std::make_unique<PgBus>(url, db); }

}  // namespace duet::bus
