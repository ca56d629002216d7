// The only translation unit that instantiates Beast and Asio (it is slow to compile; keep it so).
// Shape after Beast's awaitable HTTP server and chat-multi WebSocket examples: the session loop
// reads like a loop (timeout, read, handle, write); a per-WebSocket write queue keeps one write in flight.
#include "platform/server.hpp"
#include "platform/framing.hpp"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <sys/resource.h>
#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <deque>
#include <iostream>
#include <mutex>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace duet::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

struct State {
  const Options& options;
  Handler& handler;
  asio::io_context ioc;
  asio::thread_pool workers;
  // Requests that change data: their threads mostly wait for the commit their write shares (SQLite's group
  // commit), so more of them make larger batches without taking the readers' threads.
  asio::thread_pool writers;
  tcp::acceptor acceptor;
  std::unique_ptr<asio::ssl::context> ssl;
  std::atomic<int> in_flight{0};
  std::atomic<std::uint64_t> requests{0};  // answered or started, since start (the quiet watch)
  std::atomic<bool> stopping{false};
  // Open connections, in total and per address: one address cannot take every descriptor.
  std::atomic<int> open{0};
  std::mutex per_ip_mutex;
  std::unordered_map<std::string, int> per_ip;
  std::atomic<bool> warned_descriptors{false};
  //! Under pressure (most of the allowance in use), idle keep-alive connections are closed sooner.
  bool UnderPressure() const { return open.load() * 5 >= options.max_connections * 4; }
  State(const Options& o, Handler& h)
      : options(o),
        handler(h),
        ioc(std::max(1, o.threads)),
        workers(std::max(1, o.workers)),
        writers(std::max(1, o.write_workers)),
        acceptor(ioc) {}
};

// Runs fn on the worker pool and resumes the calling coroutine on its own executor.
template <typename F>
asio::awaitable<std::invoke_result_t<F>> OnWorkers(State& s, F fn, bool writes = false) {
  co_return co_await asio::co_spawn(
      writes ? s.writers.get_executor() : s.workers.get_executor(),
      [fn = std::move(fn)]() mutable -> asio::awaitable<std::invoke_result_t<F>> { co_return fn(); },
      asio::use_awaitable);
}

// Resumes the calling coroutine on its own executor once the answer's awaited work has finished (from
// whichever thread finishes it), without holding a thread meanwhile. True when it succeeded.
asio::awaitable<bool> Finished(http::Awaited& work) {
  co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(bool)>(
      [&work](auto handler) {
        auto ex = asio::get_associated_executor(handler);
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        work.OnDone([ex, shared](bool ok) { asio::post(ex, [shared, ok]() mutable { std::move (*shared)(ok); }); });
      },
      asio::use_awaitable);
}

http::Request ToRequest(const bhttp::request<bhttp::string_body>& in, const std::string& remote_ip, bool tls) {
  http::Request req;
  req.method = std::string(in.method_string());
  req.target = std::string(in.target());
  if (!http::SplitTarget(req.target, req.path, req.query)) req.path.clear();
  req.headers.reserve(8);
  for (const auto& f : in) req.headers.push_back({std::string(f.name_string()), std::string(f.value())});
  req.body = in.body();
  req.remote_ip = remote_ip;
  req.tls = tls;
  return req;
}

bhttp::response<bhttp::string_body> ToBeast(http::Response&& res, unsigned version, bool keep_alive) {
  bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), version};
  for (auto& h : res.headers) out.insert(h.name, h.value);
  out.body() = std::move(res.body);
  out.keep_alive(keep_alive);
  out.prepare_payload();
  return out;
}

template <typename Stream>
class Live final : public LiveConnection, public std::enable_shared_from_this<Live<Stream>> {
 public:
  Live(Stream&& stream, std::string key) : ws_(std::move(stream)), key_(std::move(key)), signal_(ws_.get_executor()) {
    signal_.expires_at(asio::steady_timer::time_point::max());
  }
  websocket::stream<Stream>& ws() { return ws_; }
  const std::string& key() const override { return key_; }

  void Send(std::string text) override {
    asio::post(ws_.get_executor(), [self = this->shared_from_this(), text = std::move(text)]() mutable {
      if (self->closed_) return;
      if (self->queue_.size() > 256) {  // a peer that stops reading is dropped, not buffered forever
        self->Close();
        return;
      }
      self->queue_.push_back(std::move(text));
      self->signal_.cancel_one();
    });
  }

  void Close() override {
    asio::post(ws_.get_executor(), [self = this->shared_from_this()] {
      self->closed_ = true;
      self->signal_.cancel();
      beast::get_lowest_layer(self->ws_).cancel();
    });
  }

  asio::awaitable<void> Writer() {
    auto self = this->shared_from_this();
    while (!closed_) {
      while (!queue_.empty() && !closed_) {
        std::string msg = std::move(queue_.front());
        queue_.pop_front();
        auto [ec, n] = co_await ws_.async_write(asio::buffer(msg), kNoThrow);
        if (ec) {
          closed_ = true;
          co_return;
        }
      }
      if (closed_) break;
      signal_.expires_at(asio::steady_timer::time_point::max());
      co_await signal_.async_wait(kNoThrow);
    }
  }

  bool closed_ = false;

 private:
  websocket::stream<Stream> ws_;
  std::string key_;
  asio::steady_timer signal_;
  std::deque<std::string> queue_;
};

template <typename Stream>
asio::awaitable<void> ServeLive(State& s, Stream stream, bhttp::request<bhttp::string_body> req, std::string key) {
  beast::get_lowest_layer(stream).expires_never();
  auto live = std::make_shared<Live<Stream>>(std::move(stream), std::move(key));
  auto& ws = live->ws();
  ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  ws.read_message_max(64 * 1024);
  auto [aec] = co_await ws.async_accept(req, kNoThrow);
  if (aec) co_return;
  co_await OnWorkers(s, [&] {
    s.handler.OnLiveOpen(live);
    return 0;
  });
  asio::co_spawn(ws.get_executor(), live->Writer(), asio::detached);
  beast::flat_buffer buffer;
  while (!s.stopping) {
    auto [ec, n] = co_await ws.async_read(buffer, kNoThrow);
    if (ec) break;
    std::string text = beast::buffers_to_string(buffer.data());
    buffer.consume(buffer.size());
    co_await OnWorkers(s, [&] {
      s.handler.OnLiveMessage(live, text);
      return 0;
    });
  }
  live->Close();
  co_await OnWorkers(s, [&] {
    s.handler.OnLiveClose(live);
    return 0;
  });
}

template <typename Stream>
asio::awaitable<bool> WriteProblem(State& s, Stream& stream, int status, std::string detail) {
  auto res = s.handler.Problem(status, std::move(detail));
  auto out = ToBeast(std::move(res), 11, false);
  auto [ec, n] = co_await bhttp::async_write(stream, out, kNoThrow);
  co_return !ec;
}

// After refusing a request early, read and discard what the client is still sending (bounded)
// so that it sees our response instead of a reset connection.
asio::awaitable<void> DiscardRest(beast::tcp_stream& stream) {
  boost::system::error_code ignore;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignore);
  stream.expires_after(std::chrono::seconds(2));
  std::array<char, 16384> sink;
  std::size_t total = 0;
  while (total < (64u << 20)) {
    auto [ec, n] = co_await stream.async_read_some(asio::buffer(sink), kNoThrow);
    if (ec) break;
    total += n;
  }
}

template <typename Stream>
asio::awaitable<void> ServeHttp(State& s, Stream& stream, const std::string& remote_ip, bool tls) {
  beast::flat_buffer buffer;
  bool first = true;
  for (;;) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.body_limit(s.options.body_limit);
    parser.header_limit(static_cast<std::uint32_t>(s.options.header_limit));
    // Waiting for the next request on a kept-alive connection: shorter when connections run short.
    const int wait =
        first || !s.UnderPressure() ? s.options.read_timeout_seconds : std::min(s.options.read_timeout_seconds, 2);
    first = false;
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(wait));
    auto [hec, hn] = co_await bhttp::async_read_header(stream, buffer, parser, kNoThrow);
    if (!hec) {
      if (const char* why = http::AmbiguousFraming(parser.get().base())) {
        co_await WriteProblem(s, stream, 400, why);
        co_return;  // the rest of the connection cannot be trusted
      }
    }
    auto [ec, n] = hec ? std::tuple<boost::system::error_code, std::size_t>{hec, hn}
                       : co_await bhttp::async_read(stream, buffer, parser, kNoThrow);
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted)
      co_return;
    if (ec == bhttp::error::body_limit) {
      co_await WriteProblem(s, stream, 413, "The request body is larger than this server accepts.");
      co_await DiscardRest(beast::get_lowest_layer(stream));
      co_return;
    }
    if (ec == bhttp::error::header_limit) {
      co_await WriteProblem(s, stream, 431, "The request headers are larger than this server accepts.");
      co_return;
    }
    if (ec) {
      if (ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category())
        co_await WriteProblem(s, stream, 400, "The request is not valid HTTP/1.1.");
      co_return;
    }
    auto breq = parser.release();
    if (websocket::is_upgrade(breq) && breq.target().starts_with("/api/v1/live")) {
      http::Request req = ToRequest(breq, remote_ip, tls);
      http::Response refusal;
      auto key = co_await OnWorkers(s, [&] { return s.handler.AuthorizeLive(req, refusal); });
      if (!key) {
        auto out = ToBeast(std::move(refusal), breq.version(), false);
        co_await bhttp::async_write(stream, out, kNoThrow);
        co_return;
      }
      co_await ServeLive(s, std::move(stream), std::move(breq), std::move(*key));
      co_return;
    }
    http::Request req = ToRequest(breq, remote_ip, tls);
    ++s.in_flight;
    s.requests.fetch_add(1, std::memory_order_relaxed);
    const bool writes = breq.method() != bhttp::verb::get && breq.method() != bhttp::verb::head;
    http::Response res = co_await OnWorkers(
        s, [&] { return s.handler.Handle(req); }, writes);
    // Not sent before its audit events are stored; the worker is free meanwhile.
    if (auto work = std::move(res.awaited); work && !co_await Finished(*work)) res = work->failure();
    --s.in_flight;
    bool keep_alive = breq.keep_alive() && !s.stopping;
    auto out = ToBeast(std::move(res), breq.version(), keep_alive);
    if (breq.method() == bhttp::verb::head) {
      bhttp::response<bhttp::empty_body> head{out.result(), out.version()};
      for (const auto& f : out.base()) head.insert(f.name_string(), f.value());
      head.keep_alive(keep_alive);
      auto [wec, wn] = co_await bhttp::async_write(stream, head, kNoThrow);
      if (wec || !keep_alive) break;
      continue;
    }
    auto [wec, wn] = co_await bhttp::async_write(stream, out, kNoThrow);
    if (wec || !keep_alive) break;
  }
}

asio::awaitable<void> Session(State& s, tcp::socket socket) {
  std::string remote_ip;
  boost::system::error_code rec;
  auto ep = socket.remote_endpoint(rec);
  if (!rec) remote_ip = ep.address().to_string();
  // Count the connection; over either allowance it is closed at once (before any byte is read).
  bool admitted = true;
  {
    std::lock_guard lock(s.per_ip_mutex);
    int& mine = s.per_ip[remote_ip];
    if (s.open.load() >= s.options.max_connections || mine >= s.options.max_connections_per_ip)
      admitted = false;
    else {
      ++mine;
      ++s.open;
    }
    if (!admitted && mine == 0) s.per_ip.erase(remote_ip);
  }
  if (!admitted) {
    socket.close(rec);
    co_return;
  }
  struct Release {
    State& s;
    const std::string& ip;
    ~Release() {
      std::lock_guard lock(s.per_ip_mutex);
      --s.open;
      if (auto it = s.per_ip.find(ip); it != s.per_ip.end() && --it->second <= 0) s.per_ip.erase(it);
    }
  } release{s, remote_ip};
  // Small live messages (signaling, presence) must not wait for Nagle's algorithm and a delayed ACK.
  socket.set_option(tcp::no_delay(true), rec);
  beast::tcp_stream stream(std::move(socket));
  if (s.ssl) {
    beast::ssl_stream<beast::tcp_stream> tls(std::move(stream), *s.ssl);
    beast::get_lowest_layer(tls).expires_after(std::chrono::seconds(s.options.read_timeout_seconds));
    auto [hec] = co_await tls.async_handshake(asio::ssl::stream_base::server, kNoThrow);
    if (hec) co_return;
    co_await ServeHttp(s, tls, remote_ip, true);
    co_await tls.async_shutdown(kNoThrow);
  } else {
    co_await ServeHttp(s, stream, remote_ip, false);
    boost::system::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  }
}

asio::awaitable<void> Accept(State& s) {
  while (!s.stopping) {
    auto [ec, socket] = co_await s.acceptor.async_accept(asio::make_strand(s.ioc), kNoThrow);
    if (ec) {
      if (s.stopping || ec == asio::error::operation_aborted) co_return;
      // Out of file descriptors: pause accepting (instead of spinning) until connections close.
      if (ec == asio::error::no_descriptors || ec.value() == ENFILE) {
        if (!s.warned_descriptors.exchange(true))
          std::cerr << "{\"level\":\"warn\",\"event\":\"out_of_descriptors\",\"open\":" << s.open.load() << "}\n";
        asio::steady_timer pause(s.ioc);
        pause.expires_after(std::chrono::milliseconds(100));
        co_await pause.async_wait(kNoThrow);
      }
      continue;
    }
    s.warned_descriptors = false;
    auto ex = socket.get_executor();
    asio::co_spawn(ex, Session(s, std::move(socket)), [](std::exception_ptr e) {
      if (e) {
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          std::cerr << "{\"level\":\"error\",\"event\":\"session_exception\",\"what\":\"" << ex.what() << "\"}\n";
        }
      }
    });
  }
}

// After a quiet spell (no request for options.quiet_seconds), the handler gives back what it keeps for speed;
// once per spell.
asio::awaitable<void> WatchQuiet(State& s) {
  if (s.options.quiet_seconds <= 0) co_return;
  const auto spell = std::chrono::seconds(s.options.quiet_seconds);
  asio::steady_timer timer(s.ioc);
  std::uint64_t seen = s.requests.load();
  auto since = std::chrono::steady_clock::now();
  bool released = false;
  while (!s.stopping) {
    timer.expires_after(std::min<std::chrono::steady_clock::duration>(spell / 4 + std::chrono::milliseconds(1),
                                                                      std::chrono::seconds(5)));
    if (auto [ec] = co_await timer.async_wait(kNoThrow); ec) co_return;
    const auto now = std::chrono::steady_clock::now();
    if (const auto n = s.requests.load(); n != seen) {
      seen = n;
      since = now;
      released = false;
    } else if (!released && s.in_flight == 0 && now - since >= spell && !s.stopping) {
      released = true;
      co_await OnWorkers(s, [&] {
        s.handler.OnQuiet();
        return 0;
      });
    }
  }
}

asio::awaitable<void> Drain(State& s) {
  // Finish in-flight requests (bounded), then stop the loop.
  asio::steady_timer timer(s.ioc);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(s.options.shutdown_grace_seconds);
  while (s.in_flight > 0 && std::chrono::steady_clock::now() < deadline) {
    timer.expires_after(std::chrono::milliseconds(20));
    co_await timer.async_wait(kNoThrow);
  }
  s.ioc.stop();
}

}  // namespace

int Run(const Options& options, Handler& handler) {
  // Each connection is a descriptor: take the soft limit up to the hard one the system allows.
  if (rlimit lim{}; ::getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    (void)::setrlimit(RLIMIT_NOFILE, &lim);
  }
  State s(options, handler);
  if (!options.tls_cert.empty() && !options.tls_key.empty()) {
    s.ssl = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
    s.ssl->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                       asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
    boost::system::error_code ec;
    s.ssl->use_certificate_chain_file(options.tls_cert, ec);
    if (!ec) s.ssl->use_private_key_file(options.tls_key, asio::ssl::context::pem, ec);
    if (ec) {
      std::cerr << "{\"level\":\"error\",\"event\":\"tls_load_failed\",\"detail\":\"" << ec.message() << "\"}\n";
      return 2;
    }
  }
  boost::system::error_code ec;
  auto address = asio::ip::make_address(options.host, ec);
  if (ec) {
    std::cerr << "{\"level\":\"error\",\"event\":\"bad_host\"}\n";
    return 2;
  }
  tcp::endpoint endpoint(address, static_cast<unsigned short>(options.port));
  s.acceptor.open(endpoint.protocol(), ec);
  if (!ec) s.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) s.acceptor.bind(endpoint, ec);
  if (!ec) s.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    std::cerr << "{\"level\":\"error\",\"event\":\"listen_failed\",\"detail\":\"" << ec.message() << "\"}\n";
    return 2;
  }
  handler.OnListening(s.acceptor.local_endpoint().port(), s.ssl != nullptr);

  asio::signal_set signals(s.ioc, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& sec, int) {
    if (sec) return;
    s.stopping = true;
    handler.OnStopping();
    boost::system::error_code ignore;
    s.acceptor.close(ignore);
    asio::co_spawn(s.ioc, Drain(s), asio::detached);
  });
  asio::co_spawn(s.ioc, Accept(s), asio::detached);
  asio::co_spawn(s.ioc, WatchQuiet(s), asio::detached);

  std::vector<std::thread> threads;
  for (int i = 1; i < std::max(1, options.threads); ++i) threads.emplace_back([&] { s.ioc.run(); });
  s.ioc.run();
  for (auto& t : threads) t.join();
  s.workers.join();
  s.writers.join();
  return 0;
}

}  // namespace duet::server
