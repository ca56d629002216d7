#pragma once
// The route table: method + path pattern ("/api/v1/clinicians/{id}") → action and handler.
// The OpenAPI document is generated from this table, and the policy test walks it.
#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "platform/clock.hpp"
#include "platform/http.hpp"
#include "platform/origin.hpp"
#include "platform/policy.hpp"

namespace duet {

//! What one request carries through the layers: who, which practice, its id. Never a global.
struct Context {
  std::string request_id;
  std::optional<Principal> principal;
  std::vector<std::pair<std::string, std::string>> params;
  EpochSeconds now = 0;
  std::string remote_ip;

  //! A path parameter by name ("" when absent).
  std::string_view Param(std::string_view name) const {
    for (const auto& [k, v] : params)
      if (k == name) return v;
    return {};
  }
  //! The principal; only call on routes whose action requires one.
  const Principal& Who() const { return *principal; }
};

//! Where the request came from, as the services' audit events record it.
inline Origin OriginOf(const Context& ctx) { return Origin{ctx.remote_ip, ctx.request_id}; }

//! The route's `{id}` parameter.
inline std::string Id(const Context& ctx) { return std::string(ctx.Param("id")); }

using Handler = std::function<http::Response(Context&, const http::Request&)>;

//! One route. `action` is the policy action (platform/policy.cpp). Routes are declared through
//! platform/api.hpp, which fills the handler and the OpenAPI operation from the handler's signature.
struct Route {
  std::string method;
  std::string pattern;
  std::string action;
  std::string summary;
  std::string tag;
  Handler handler;
  //! Describes the OpenAPI operation's request body, query parameters and success response into `operation`, and
  //! the component schemas they refer to into `schemas` (by name), from the handler's signature (platform/api.hpp).
  //! Run when the document is asked for: kept as trees for every route, they would hold ~3 MiB for good.
  std::function<void(nlohmann::json& operation, nlohmann::json& schemas)> describe;
  //! The request body's media type when it is not JSON (an X12 file): the body is the handler's to read.
  std::string consumes;
};

class Router {
 public:
  //! Adds a route. Patterns use {name} for a path segment.
  void Add(Route route);
  //! The route matching method and path; fills params. `path_exists` is set when only the method differs.
  const Route* Match(std::string_view method, std::string_view path,
                     std::vector<std::pair<std::string, std::string>>& params, bool& path_exists) const;
  //! The methods some route answers at this path ("GET, HEAD, POST"), for a 405's Allow header.
  std::string AllowedMethods(std::string_view path) const;
  //! Every route, in the order added.
  const std::vector<Route>& routes() const { return routes_; }
  //! The index of a route (for metrics).
  std::size_t IndexOf(const Route* route) const { return static_cast<std::size_t>(route - routes_.data()); }

 private:
  std::vector<Route> routes_;
  std::vector<std::vector<std::string>> segments_;
};

}  // namespace duet
