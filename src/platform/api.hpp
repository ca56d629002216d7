#pragma once
// Routes as declarations. A route names its method, path, policy action and summary, and its
// handler's signature says the rest:
//
//   api.Post("/api/v1/locations", "services.write", "Add a location",
//            [&s](Context& ctx, const Location& body) { return s.CreateLocation(ctx.Who(), body, OriginOf(ctx)); },
//            {.status = 201});
//
// A parameter of a type with a codec is the JSON body; codec::Query<Q> is the query string;
// Context& and const http::Request& are passed through. The body and the query are decoded before
// the handler runs, and every problem in them is answered together as one 400. The handler returns
// Result<T> (T encoded with its codec), Result<std::vector<T>> or Result<codec::Page<T>> (a list
// answer), Result<Reply<T>> (a status chosen at run time), Status (204), or an http::Response for
// the rare answer that is not JSON (then Doc says what it is). The same signature gives the
// OpenAPI operation: request body, query parameters and success response, with schemas.
#include <functional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "platform/codec.hpp"
#include "platform/problem.hpp"
#include "platform/router.hpp"

namespace duet {

namespace codec {
//! The query string read into Q by Q's codec (values arrive as text; numbers and booleans are read as such).
template <class Q>
struct Query {
  Q value;
  const Q* operator->() const { return &value; }
  const Q& operator*() const { return value; }
};
}  // namespace codec

//! A JSON answer whose status the handler decides (200 for a dry run, 201 when saved).
template <class T>
struct Reply {
  int status = 200;
  T body;
};

//! What a route's signature cannot say by itself. Kept with the route and read when the OpenAPI document is asked
//! for, so its texts must outlive the router: string literals.
struct Doc {
  int status = 0;                                         // the success status (200, or 204 for Status)
  std::string_view produces{};                            // a raw answer's content type, e.g. "text/calendar"
  std::string_view consumes{};                            // a raw request body's type (the handler reads it)
  nlohmann::json (*response)(nlohmann::json&) = nullptr;  // a raw JSON answer's schema (adds its components)
  std::string_view response_description{};
};

//! A raw handler's JSON answer schema, for Doc::response: `.response = ResponseSchema<Me>`.
template <class T>
nlohmann::json ResponseSchema(nlohmann::json& components) {
  return codec::SchemaRef<T>(codec::Direction::kResponse, components);
}
namespace api_detail {
template <class F>
struct Signature : Signature<decltype(&F::operator())> {};
template <class C, class R, class... A>
struct Signature<R (C::*)(A...) const> {
  using Return = R;
  using Args = std::tuple<A...>;
};

template <class T>
struct IsQuery : std::false_type {};
template <class Q>
struct IsQuery<codec::Query<Q>> : std::true_type {};
template <class T>
struct IsPatch : std::false_type {};
template <class T>
struct IsPatch<codec::Patch<T>> : std::true_type {};
template <class T>
struct IsReply : std::false_type {};
template <class T>
struct IsReply<Reply<T>> : std::true_type {};
template <class T>
struct IsPage : std::false_type {};
template <class T>
struct IsPage<codec::Page<T>> : std::true_type {};

template <class A>
using Bare = std::remove_cvref_t<A>;
template <class R>
struct ReplyResult : std::false_type {};
template <class T>
struct ReplyResult<Result<Reply<T>>> : std::true_type {};
template <class R>
constexpr bool IsReplyResult = ReplyResult<Bare<R>>::value;
template <class A>
constexpr bool kIsBody =
    !std::is_same_v<Bare<A>, Context> && !std::is_same_v<Bare<A>, http::Request> && !IsQuery<Bare<A>>::value;

template <class T>
T ReadTarget(const codec::Patch<T>&);

template <class A>
using Holder = std::conditional_t<
    std::is_same_v<Bare<A>, Context>, std::reference_wrapper<Context>,
    std::conditional_t<std::is_same_v<Bare<A>, http::Request>, std::reference_wrapper<const http::Request>, Bare<A>>>;

//! Reads one query value as JSON of the member's kind (text stays text: the codec reports it).
nlohmann::json QueryValue(const std::string& text, bool integral, bool boolean);

template <class M>
constexpr bool kQueryIntegral = std::is_integral_v<M> && !std::is_same_v<M, bool>;

template <class M>
struct Unopt {
  using type = M;
};
template <class M>
struct Unopt<std::optional<M>> {
  using type = M;
};

template <class Q>
Q DecodeQuery(const http::Request& req, codec::Problems& p) {
  static constexpr auto c = codec::CodecFor<Q>();
  nlohmann::json obj = nlohmann::json::object();
  auto one = [&](const auto& field) {
    using M = typename Unopt<std::remove_cvref_t<decltype(std::declval<Q&>().*field.member)>>::type;
    if (auto v = req.QueryParam(field.name))
      obj[std::string(field.name)] =
          QueryValue(*v, kQueryIntegral<M> && field.rules.format == codec::Format::kNone, std::is_same_v<M, bool>);
  };
  std::apply([&](const auto&... f) { (one(f), ...); }, c.fields);
  Q out{};
  codec::ReadObject(obj, out, "", p);
  return out;
}

template <class A>
Holder<A> Extract(Context& ctx, const http::Request& req, codec::Problems& p) {
  using B = Bare<A>;
  if constexpr (std::is_same_v<B, Context>)
    return std::ref(ctx);
  else if constexpr (std::is_same_v<B, http::Request>)
    return std::cref(req);
  else if constexpr (IsQuery<B>::value)
    return B{DecodeQuery<std::remove_cvref_t<decltype(std::declval<B>().value)>>(req, p)};
  else if constexpr (IsPatch<B>::value)
    return codec::DecodePatch<std::remove_cvref_t<decltype(ReadTarget(std::declval<B>()))>>(req.body, p);
  else
    return codec::Decode<B>(req.body, p);
}

inline Context& Unwrap(std::reference_wrapper<Context> h) { return h.get(); }
inline const http::Request& Unwrap(std::reference_wrapper<const http::Request> h) { return h.get(); }
template <class H>
H& Unwrap(H& h) {
  return h;
}

template <class R>
http::Response Respond(R&& r, int status, const Context& ctx) {
  using T = Bare<R>;
  if constexpr (std::is_same_v<T, http::Response>) {
    return std::forward<R>(r);
  } else if constexpr (std::is_same_v<T, Status>) {
    return NoContentOr(r, ctx.request_id);
  } else {
    using V = typename T::value_type;
    if (!r) return ToProblem(r.error(), ctx.request_id);
    // Written as text straight from the codecs (no JSON tree in between).
    if constexpr (IsReply<V>::value)
      return JsonText(r->status, codec::EncodeText(r->body));
    else if constexpr (IsPage<V>::value)
      return JsonText(status, codec::EncodePageText(r->items, r->next));
    else if constexpr (codec::IsVector<V>::value)
      return JsonText(status, codec::EncodePageText(*r));
    else
      return JsonText(status, codec::EncodeText(*r));
  }
}

//! The success response object of the operation.
template <class R>
nlohmann::json SuccessDoc(const Doc& doc, nlohmann::json& components, int& status) {
  using nlohmann::json;
  using T = Bare<R>;
  auto content = [](std::string_view type, json schema) {
    return json{{"content", {{std::string(type), {{"schema", std::move(schema)}}}}}};
  };
  json out;
  if constexpr (std::is_same_v<T, http::Response>) {
    if (doc.response)
      out = content("application/json", doc.response(components));
    else if (!doc.produces.empty())
      out = content(doc.produces, {{"type", "string"}});
  } else if constexpr (std::is_same_v<T, Status>) {
    status = 204;
  } else {
    using V = typename T::value_type;
    if constexpr (IsReply<V>::value)
      out = content("application/json",
                    codec::SchemaRef<decltype(std::declval<V>().body)>(codec::Direction::kResponse, components));
    else if constexpr (IsPage<V>::value)
      out = content("application/json", codec::PageSchema<typename decltype(V::items)::value_type>(components));
    else if constexpr (codec::IsVector<V>::value)
      out = content("application/json", codec::PageSchema<typename V::value_type>(components));
    else
      out = content("application/json", codec::SchemaRef<V>(codec::Direction::kResponse, components));
  }
  if (status == 0) status = 200;
  out["description"] = doc.response_description.empty() ? std::string(status == 201   ? "Created"
                                                                      : status == 204 ? "Done"
                                                                                      : "Success")
                                                        : std::string(doc.response_description);
  return out;
}

template <class A>
void DescribeArg(nlohmann::json& op, nlohmann::json& components) {
  using nlohmann::json;
  using B = Bare<A>;
  if constexpr (IsQuery<B>::value) {
    using Q = std::remove_cvref_t<decltype(std::declval<B>().value)>;
    json schema = codec::SchemaRef<Q>(codec::Direction::kRequest, components);
    const std::string name = codec::SchemaName<Q>(codec::Direction::kRequest);
    json object = components[name];
    components.erase(name);  // parameters are listed one by one, not as an object
    for (auto& [field, s] : object["properties"].items()) {
      // A query value is absent or text: never null.
      if (s.contains("type") && s["type"].is_array()) s["type"] = s["type"][0];
      if (s.contains("enum"))
        s["enum"].erase(std::remove(s["enum"].begin(), s["enum"].end(), nullptr), s["enum"].end());
      bool required = object.contains("required") && std::find(object["required"].begin(), object["required"].end(),
                                                               field) != object["required"].end();
      op["parameters"].push_back({{"name", field}, {"in", "query"}, {"required", required}, {"schema", s}});
    }
  } else if constexpr (IsPatch<B>::value) {
    using T = std::remove_cvref_t<decltype(ReadTarget(std::declval<B>()))>;
    codec::SchemaRef<T>(codec::Direction::kRequest, components);
    const std::string name = codec::SchemaName<T>(codec::Direction::kResponse) + "Patch";
    json patch = components[codec::SchemaName<T>(codec::Direction::kRequest)];
    patch.erase("required");
    patch["description"] = "Only the fields sent change; send `version` where the record has one";
    components[name] = patch;
    op["requestBody"] = {{"required", true},
                         {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/" + name}}}}}}}};
  } else if constexpr (kIsBody<A>) {
    op["requestBody"] = {
        {"required", true},
        {"content", {{"application/json", {{"schema", codec::SchemaRef<B>(codec::Direction::kRequest, components)}}}}}};
  }
}
}  // namespace api_detail

//! Declares the routes of one capability (its OpenAPI tag).
class Api {
 public:
  Api(Router& router, std::string tag) : router_(router), tag_(std::move(tag)) {}

  template <class F>
  void Get(std::string pattern, std::string action, std::string summary, F f, Doc doc = {}) {
    Add("GET", std::move(pattern), std::move(action), std::move(summary), std::move(f), doc);
  }
  template <class F>
  void Post(std::string pattern, std::string action, std::string summary, F f, Doc doc = {}) {
    Add("POST", std::move(pattern), std::move(action), std::move(summary), std::move(f), doc);
  }
  template <class F>
  void Put(std::string pattern, std::string action, std::string summary, F f, Doc doc = {}) {
    Add("PUT", std::move(pattern), std::move(action), std::move(summary), std::move(f), doc);
  }
  template <class F>
  void Patch(std::string pattern, std::string action, std::string summary, F f, Doc doc = {}) {
    Add("PATCH", std::move(pattern), std::move(action), std::move(summary), std::move(f), doc);
  }
  template <class F>
  void Delete(std::string pattern, std::string action, std::string summary, F f, Doc doc = {}) {
    Add("DELETE", std::move(pattern), std::move(action), std::move(summary), std::move(f), doc);
  }

 private:
  template <class F>
  void Add(std::string method, std::string pattern, std::string action, std::string summary, F f, Doc doc) {
    using Sig = api_detail::Signature<F>;
    Route route{std::move(method), std::move(pattern), std::move(action), std::move(summary), tag_, {}};
    // The success status: 204 for a Status, else the Doc's (200 by default); SuccessDoc says the same.
    const int status = std::is_same_v<api_detail::Bare<typename Sig::Return>, Status> ? 204
                       : doc.status != 0                                              ? doc.status
                                                                                      : 200;
    route.consumes = std::string(doc.consumes);
    route.describe = [doc](nlohmann::json& operation, nlohmann::json& schemas) {
      int status = doc.status;
      [&]<class... A>(std::tuple<A...>*) {
        (api_detail::DescribeArg<A>(operation, schemas), ...);
      }(static_cast<typename Sig::Args*>(nullptr));
      nlohmann::json success = api_detail::SuccessDoc<typename Sig::Return>(doc, schemas, status);
      if constexpr (api_detail::IsReplyResult<typename Sig::Return>) operation["responses"]["200"] = success;
      operation["responses"][std::to_string(status)] = std::move(success);
      if (!doc.consumes.empty())
        operation["requestBody"] = {{"required", true},
                                    {"content", {{std::string(doc.consumes), {{"schema", {{"type", "string"}}}}}}}};
    };
    route.handler = [f = std::move(f), status](Context& ctx, const http::Request& req) -> http::Response {
      return [&]<class... A>(std::tuple<A...>*) -> http::Response {
        codec::Problems problems;
        std::tuple<api_detail::Holder<A>...> args{api_detail::Extract<A>(ctx, req, problems)...};
        if (!problems.empty()) return InvalidProblem(problems, ctx.request_id);
        return api_detail::Respond(std::apply([&](auto&... h) { return f(api_detail::Unwrap(h)...); }, args), status,
                                   ctx);
      }(static_cast<typename Sig::Args*>(nullptr));
    };
    router_.Add(std::move(route));
  }

  Router& router_;
  std::string tag_;
};

}  // namespace duet
