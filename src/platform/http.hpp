#pragma once
// Plain HTTP request and response types. Routes and services see these, never Beast's, so that
// only server.cpp instantiates Beast templates.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace duet::http {

struct Header {
  std::string name;
  std::string value;
};

struct Request {
  std::string method;
  std::string target;  // path and query as received
  std::string path;    // percent-decoded path
  std::string query;   // raw query string, without '?'
  std::vector<Header> headers;
  std::string body;
  std::string remote_ip;
  bool tls = false;

  //! The first header with this name (case-insensitive), or "".
  std::string_view HeaderValue(std::string_view name) const;
  //! The decoded value of a query parameter, or nullopt.
  std::optional<std::string> QueryParam(std::string_view name) const;
  //! The value of a cookie, or "".
  std::string CookieValue(std::string_view name) const;
};

struct Awaited;

struct Response {
  int status = 200;
  std::vector<Header> headers;
  std::string body;
  //! Work this answer waits for before it is sent (the request's audit events being stored); none
  //! when null.
  std::shared_ptr<Awaited> awaited;

  //! Sets (replaces) a header.
  void Set(std::string_view name, std::string value);
  //! The header's value, or "".
  std::string_view Get(std::string_view name) const;
};

//! Work an answer waits for: the server sends the answer once it has finished, or the answer `failure`
//! makes when it failed — without holding a worker thread meanwhile.
struct Awaited {
  virtual ~Awaited() = default;
  //! Calls done once, from any thread, when the work has finished (at once if it already has).
  virtual void OnDone(std::function<void(bool ok)> done) = 0;
  std::function<Response()> failure;
};

//! Splits a target into decoded path and raw query. Returns false for a malformed target.
bool SplitTarget(std::string_view target, std::string& path, std::string& query);
//! Percent-decodes (and '+' → ' ' when form is true). Returns nullopt on a bad escape.
std::optional<std::string> PercentDecode(std::string_view in, bool form);
//! The reason phrase for a status code.
std::string_view StatusText(int status);

}  // namespace duet::http
