#pragma once
// The network shell: HTTP/1.1 and WebSocket over Boost.Beast on C++20 coroutines. Everything here
// is plain types so that only server.cpp instantiates Beast and Asio.
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "platform/http.hpp"

namespace duet::server {

struct Options {
  std::string host = "127.0.0.1";
  int port = 8080;
  int threads = 2;  // network threads
  int workers = 4;  // threads for handlers and database work
  // threads for requests that change data: they mostly wait for the commit their write shares with others
  int write_workers = 16;
  std::size_t body_limit = 1 << 20;
  std::size_t header_limit = 16 * 1024;
  int read_timeout_seconds = 30;
  int max_connections = 4000;        // open at once, in total (WebSockets included)
  int max_connections_per_ip = 256;  // open at once from one address (a clinic's NAT holds many people)
  int shutdown_grace_seconds = 10;
  int quiet_seconds = 30;  // Handler::OnQuiet after this long without a request (0: never)
  std::string tls_cert;    // PEM files; TLS is on when both are set
  std::string tls_key;
};

//! One open WebSocket on /api/v1/live. Send may be called from any thread.
class LiveConnection {
 public:
  virtual ~LiveConnection() = default;
  //! Queues a text frame; frames go out one at a time, in order.
  virtual void Send(std::string text) = 0;
  //! Closes the socket.
  virtual void Close() = 0;
  //! What the application attached when it authorised the connection (Duet: "practice/user#nonce").
  virtual const std::string& key() const = 0;
};

//! What the server calls. Handle and the Live* methods run on worker threads, never network threads.
class Handler {
 public:
  virtual ~Handler() = default;
  //! Answers one request. Must not throw (exceptions are caught and become a 500).
  virtual http::Response Handle(http::Request& request) = 0;
  //! A problem response for a failure the server detects itself (413, 431, 400).
  virtual http::Response Problem(int status, std::string detail) = 0;
  //! Decides whether a WebSocket upgrade on /api/v1/live is allowed; returns the connection key, or a response to send
  //! instead.
  virtual std::optional<std::string> AuthorizeLive(const http::Request& request, http::Response& refusal) = 0;
  virtual void OnLiveOpen(const std::shared_ptr<LiveConnection>& conn) = 0;
  virtual void OnLiveMessage(const std::shared_ptr<LiveConnection>& conn, const std::string& text) = 0;
  virtual void OnLiveClose(const std::shared_ptr<LiveConnection>& conn) = 0;
  //! Called once the port is bound (port 0 resolves to the real port).
  virtual void OnListening(int port, bool tls) = 0;
  //! Called when SIGINT/SIGTERM arrive, before in-flight requests finish.
  virtual void OnStopping() = 0;
  //! Called on a worker once no request has arrived for Options::quiet_seconds (again after the next quiet spell).
  virtual void OnQuiet() {}
};

//! Serves until SIGINT or SIGTERM, then stops accepting, lets in-flight requests finish (up to the
//! grace period) and returns 0. Returns non-zero if the port cannot be bound or TLS files fail to load.
int Run(const Options& options, Handler& handler);

}  // namespace duet::server
