#pragma once
// Wire types declared once. A codec is the list of a type's fields — JSON name, member, rules —
// declared beside its model in <capability>/codecs.hpp:
//
//   constexpr auto CodecOf(const Location*) {
//     return codec::Object<Location>("Location",
//         codec::Field("id", &Location::id, {.read_only = true}),
//         codec::Field("name", &Location::name, {.required = true, .max_len = 200}),
//         codec::Field("state", &Location::state, {.null_when_empty = true, .format = codec::Format::kUsState}));
//   }
//
// From it come strict decoding (unknown fields refused, every field problem reported at once with
// its path, "blocks[0].mode"), encoding, and the OpenAPI 3.1 schemas: "Location" for what the
// server writes, "LocationInput" for what it reads. Enums name their values once with NamesOf.
//
// Rules across fields (one of two fields required) go in CheckFields(const T&, path, Problems&)
// beside the codec; it runs after the fields are read, so its problems join theirs.
//
// One rule for null across the API: null and an absent field read the same (the member keeps its
// default); a field with no value is written as null (optionals, and strings marked
// null_when_empty), never left out unless marked omit_when_empty.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "platform/dates.hpp"
#include "platform/problem.hpp"

namespace duet::codec {

using nlohmann::json;
using Problems = std::vector<FieldError>;

//! How a value is written on the wire, beyond its C++ type.
enum class Format {
  kNone,
  kDate,       // "2026-12-24" (a Date member, or a string holding one)
  kTimestamp,  // RFC 3339 with offset (an EpochSeconds member is written in UTC)
  kTimeOfDay,  // "09:00" (an int member holds minutes from midnight)
  kEmail,
  kUsState,  // two upper-case letters
};

//! What a field allows. Designated initialisers must follow this order.
struct Rules {
  bool required = false;         // must be present and not null; a string must not be blank
  bool read_only = false;        // written by the server; ignored when a request sends it back
  bool write_only = false;       // read from a request, never written (passwords, codes)
  bool null_when_empty = false;  // a string: "" is written as null
  bool omit_when_empty = false;  // left out of the response when empty or false
  Format format = Format::kNone;
  std::size_t max_len = 500;  // characters (Unicode code points), for strings
  std::int64_t min = std::numeric_limits<std::int64_t>::min();
  std::int64_t max = std::numeric_limits<std::int64_t>::max();
  std::size_t max_items = 50;  // for lists
  std::span<const std::string_view> one_of{};
  bool (*check)(std::string_view) = nullptr;  // a string's own shape rule (a zone, an NPI)
  std::string_view message{};                 // said when `check` or `one_of` refuses a value
  std::string_view description{};
};

// ---- Declaring ----

template <class T, class M>
struct MemberField {
  std::string_view name;
  M T::*member;
  Rules rules;
};
//! A field stored in a member.
template <class T, class M>
constexpr MemberField<T, M> Field(std::string_view name, M T::*member, Rules rules = {}) {
  return {name, member, rules};
}

template <class T, class V, class Get>
struct ComputedField {
  std::string_view name;
  Get get;
  Rules rules;
};
namespace detail {
template <class G>
struct FirstArg : FirstArg<decltype(&G::operator())> {};
template <class C, class R, class A>
struct FirstArg<R (C::*)(A) const> {
  using type = std::remove_cvref_t<A>;
};
}  // namespace detail

//! A field written from other members (never read): `get(const T&) → V`.
template <class V, class Get>
constexpr auto Computed(std::string_view name, Get get, Rules rules = {}) {
  rules.read_only = true;
  return ComputedField<typename detail::FirstArg<Get>::type, V, Get>{name, get, rules};
}

template <class T, class M, class W, class ToWire, class FromWire>
struct AdaptedField {
  std::string_view name;
  M T::*member;
  ToWire to_wire;      // (const M&) → W
  FromWire from_wire;  // (const W&) → std::optional<M>; nullopt: rules.message
  Rules rules;
};
//! A member written as another wire type W (an optional enum written as "any" when empty).
template <class W, class T, class M, class ToWire, class FromWire>
constexpr AdaptedField<T, M, W, ToWire, FromWire> Adapted(std::string_view name, M T::*member, ToWire to, FromWire from,
                                                          Rules rules = {}) {
  return {name, member, to, from, rules};
}

template <class T, class... F>
struct ObjectCodec {
  using Type = T;
  std::string_view name;
  std::tuple<F...> fields;
};
//! A type's codec: its schema name and fields, in the order they are written.
template <class T, class... F>
constexpr ObjectCodec<T, F...> Object(std::string_view name, F... fields) {
  return {name, {fields...}};
}
//! The codec of T, derived from Base: Base's fields, then its own.
template <class T, class Base, class... F>
constexpr auto Extend(std::string_view name, F... fields) {
  static_assert(std::is_base_of_v<Base, T>);
  auto all = std::tuple_cat(CodecOf(static_cast<const Base*>(nullptr)).fields, std::tuple<F...>{fields...});
  return std::apply([&](auto... f) { return ObjectCodec<T, decltype(f)...>{name, {f...}}; }, all);
}

//! A list answer: {"items": [...], "next": cursor or null}.
template <class T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next;
};

template <class T>
concept HasCodec = requires {
  CodecOf(static_cast<const T*>(nullptr));
};
template <class T>
concept HasNames = requires {
  NamesOf(static_cast<const T*>(nullptr));
};

template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};
template <class T>
struct IsVector : std::false_type {};
template <class T>
struct IsVector<std::vector<T>> : std::true_type {};

//! A JSON object keyed by short strings (a code → its minutes); the rules apply to the values.
template <class T>
struct IsMap : std::false_type {};
template <class T>
struct IsMap<std::map<std::string, T>> : std::true_type {};

// ---- Helpers that are not templates (codec.cpp) ----
namespace detail {
//! Checks a trimmed string against the rules; adds problems at path.
void CheckString(const std::string& value, const Rules& rules, const std::string& path, Problems& problems);
std::string Trim(std::string_view s);
std::string Index(const std::string& path, std::size_t i);
std::string Child(const std::string& prefix, std::string_view name);
std::optional<int> ParseTimeOfDay(std::string_view s);
std::string FormatTimeOfDay(int minute);
std::string_view FormatMessage(Format f);
std::string OneOfMessage(std::span<const std::string_view> names);
//! The JSON Schema of a scalar kind with the rules' limits ("string", "integer", "number", "boolean").
json ScalarSchema(std::string_view type, const Rules& rules);
json Nullable(json schema);
}  // namespace detail

enum class Direction { kResponse, kRequest };

template <class T>
constexpr auto CodecFor() {
  return CodecOf(static_cast<const T*>(nullptr));
}

// ---- Decoding ----

template <class M>
void ReadValue(const json& v, M& out, const Rules& r, const std::string& path, Problems& p);

template <class T>
void ReadObject(const json& v, T& out, const std::string& path, Problems& p, bool patch = false);

template <class M>
void ReadValue(const json& v, M& out, const Rules& r, const std::string& path, Problems& p) {
  if constexpr (IsOptional<M>::value) {
    if (v.is_null()) return out.reset();
    typename M::value_type inner{};
    const auto before = p.size();
    ReadValue(v, inner, r, path, p);
    if (p.size() == before) out = std::move(inner);
  } else if constexpr (IsMap<M>::value) {
    if (!v.is_object()) return p.push_back({path, "Must be an object."});
    if (v.size() > r.max_items) return p.push_back({path, "At most " + std::to_string(r.max_items) + " entries."});
    out.clear();
    Rules element = r;
    element.required = true;
    for (const auto& [key, item] : v.items()) {
      std::string at = path;
      if (!at.empty()) at += '.';
      at += key;
      if (key.empty() || key.size() > 64) {
        p.push_back({at, "Each key must have 1 to 64 characters."});
        continue;
      }
      typename M::mapped_type value{};
      ReadValue(item, value, element, at, p);
      out.emplace(key, std::move(value));
    }
  } else if constexpr (IsVector<M>::value) {
    if (!v.is_array()) return p.push_back({path, "Must be a list."});
    if (v.size() > r.max_items) return p.push_back({path, "At most " + std::to_string(r.max_items) + " entries."});
    out.clear();
    out.reserve(v.size());
    Rules element = r;
    element.required = true;
    for (std::size_t i = 0; i < v.size(); ++i) {
      typename M::value_type item{};
      ReadValue(v[i], item, element, detail::Index(path, i), p);
      out.push_back(std::move(item));
    }
  } else if constexpr (std::is_same_v<M, std::string>) {
    if (!v.is_string()) return p.push_back({path, "Must be a string."});
    out = detail::Trim(v.get_ref<const std::string&>());
    detail::CheckString(out, r, path, p);
  } else if constexpr (std::is_same_v<M, bool>) {
    if (!v.is_boolean()) return p.push_back({path, "Must be true or false."});
    out = v.get<bool>();
  } else if constexpr (std::is_same_v<M, Date>) {
    auto d = v.is_string() ? ParseDate(v.get_ref<const std::string&>()) : std::nullopt;
    if (!d) return p.push_back({path, std::string(detail::FormatMessage(Format::kDate))});
    out = *d;
  } else if constexpr (std::is_integral_v<M>) {
    if (r.format == Format::kTimestamp || r.format == Format::kTimeOfDay) {
      std::optional<std::int64_t> t;
      if (v.is_string()) {
        const auto& s = v.get_ref<const std::string&>();
        if (r.format == Format::kTimestamp)
          t = ParseTimestamp(s);
        else if (auto m = detail::ParseTimeOfDay(s))
          t = *m;
      }
      if (!t) return p.push_back({path, std::string(detail::FormatMessage(r.format))});
      out = static_cast<M>(*t);
      return;
    }
    if (!v.is_number_integer()) return p.push_back({path, "Must be a whole number."});
    const auto n = v.get<std::int64_t>();
    const std::int64_t lo = std::max<std::int64_t>(r.min, std::numeric_limits<M>::min());
    const std::int64_t hi = std::min<std::int64_t>(r.max, static_cast<std::int64_t>(std::numeric_limits<M>::max()));
    if (n < lo || n > hi)
      return p.push_back({path, "Must be between " + std::to_string(lo) + " and " + std::to_string(hi) + "."});
    out = static_cast<M>(n);
  } else if constexpr (std::is_floating_point_v<M>) {
    if (!v.is_number()) return p.push_back({path, "Must be a number."});
    const double d = v.get<double>();
    if (d < static_cast<double>(r.min) || d > static_cast<double>(r.max))
      return p.push_back({path, "Must be between " + std::to_string(r.min) + " and " + std::to_string(r.max) + "."});
    out = static_cast<M>(d);
  } else if constexpr (HasNames<M>) {
    constexpr auto names = NamesOf(static_cast<const M*>(nullptr));
    if (v.is_string())
      for (const auto& [value, name] : names)
        if (v.get_ref<const std::string&>() == name) {
          out = value;
          return;
        }
    std::array<std::string_view, names.size()> list{};
    for (std::size_t i = 0; i < names.size(); ++i) list[i] = names[i].second;
    p.push_back({path, r.message.empty() ? detail::OneOfMessage(list) : std::string(r.message)});
  } else if constexpr (HasCodec<M>) {
    ReadObject(v, out, path, p);
  } else if constexpr (std::is_same_v<M, json>) {
    out = v;
  } else {
    static_assert(sizeof(M) == 0, "no codec for this member type");
  }
}

namespace detail {
template <class O, class T, class M>
void ReadField(const MemberField<T, M>& f, const json& obj, O& out, const std::string& prefix, Problems& p,
               bool patch) {
  if (f.rules.read_only) return;
  const std::string path = Child(prefix, f.name);
  auto it = obj.find(f.name);
  if (it == obj.end() || it->is_null()) {
    if (f.rules.required && !(patch && it == obj.end()))
      p.push_back({path, "Required."});
    else if constexpr (IsOptional<M>::value) {
      if (it != obj.end()) (out.*f.member).reset();  // null clears an optional
    }
    return;
  }
  ReadValue(*it, out.*f.member, f.rules, path, p);
}
template <class O, class T, class V, class G>
void ReadField(const ComputedField<T, V, G>&, const json&, O&, const std::string&, Problems&, bool) {}
template <class O, class T, class M, class W, class To, class From>
void ReadField(const AdaptedField<T, M, W, To, From>& f, const json& obj, O& out, const std::string& prefix,
               Problems& p, bool patch) {
  if (f.rules.read_only) return;
  const std::string path = Child(prefix, f.name);
  auto it = obj.find(f.name);
  if (it == obj.end() || it->is_null()) {
    if (f.rules.required && !(patch && it == obj.end())) p.push_back({path, "Required."});
    return;
  }
  W wire{};
  const auto before = p.size();
  ReadValue(*it, wire, f.rules, path, p);
  if (p.size() != before) return;
  if (auto m = f.from_wire(wire))
    out.*f.member = std::move(*m);
  else
    p.push_back({path, f.rules.message.empty() ? std::string("Not a valid value.") : std::string(f.rules.message)});
}
// A read-only field sent back (the app returns what it read) is accepted and ignored.
template <class F>
bool Reads(const F& f, std::string_view key) {
  return f.name == key;
}
}  // namespace detail

//! Reads the object at `path` into `out`. With `patch`, only the fields present change and none
//! is required (a nested object present is read whole).
template <class T>
void ReadObject(const json& v, T& out, const std::string& path, Problems& p, bool patch) {
  static constexpr auto c = CodecFor<T>();
  if (!v.is_object()) return p.push_back({path, "Must be an object."});
  for (auto it = v.begin(); it != v.end(); ++it) {
    const bool known = std::apply([&](const auto&... f) { return (detail::Reads(f, it.key()) || ...); }, c.fields);
    if (!known) p.push_back({detail::Child(path, it.key()), "Unknown field."});
  }
  std::apply([&](const auto&... f) { (detail::ReadField(f, v, out, path, p, patch), ...); }, c.fields);
  // Rules across fields, declared beside the codec as CheckFields(const T&, const std::string& path, Problems&).
  if constexpr (requires { CheckFields(out, path, p); })
    if (!patch) CheckFields(out, path, p);
}

//! An error whose fields are named inside the object at `path` (a rule's issues about a plan sent
//! as {"plan": …} are named "plan.goals[0].text", as the codec names its own).
inline Error Within(std::string_view path, Error e) {
  for (auto& [field, message] : e.field_errors) field = detail::Child(std::string(path), field);
  if (!e.field.empty()) e.field = detail::Child(std::string(path), e.field);
  return e;
}

//! The path of a field inside the object at `path`, for CheckFields: "recurrence.count".
inline std::string At(const std::string& path, std::string_view field) { return detail::Child(path, field); }

//! Parses a request body into T (starting from T's defaults); every problem is added to `p`. An
//! empty body reads as {}.
template <class T>
T Decode(std::string_view body, Problems& p) {
  T out{};
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) body = "{}";
  json v = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (v.is_discarded())
    p.push_back({"", "The body is not valid JSON."});
  else if (!v.is_object())
    p.push_back({"", "The body must be a JSON object."});
  else
    ReadObject(v, out, "", p);
  return out;
}

//! The 400 error for field problems (`message` for the summary; by default the one problem's own
//! message, or how many fields need attention).
Error Invalid(Problems problems, std::string message = {});

//! A PATCH body for T: only the fields present change (validated on arrival; applied to the record).
template <class T>
struct Patch {
  json body = json::object();
  //! True if the body names the field (null included).
  bool Has(std::string_view field) const { return body.contains(field); }
  //! Applies the present fields to `target`; rules across fields may still refuse (as a 400).
  Status ApplyTo(T& target) const {
    Problems p;
    ReadObject(body, target, "", p, /*patch=*/true);
    if constexpr (requires { CheckFields(target, std::string(), p); }) CheckFields(target, std::string(), p);
    if (p.empty()) return {};
    return tl::unexpected(Invalid(std::move(p)));
  }
};

//! Parses a PATCH body: every problem of the fields present is added to `p`.
template <class T>
Patch<T> DecodePatch(std::string_view body, Problems& p) {
  Patch<T> out;
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) body = "{}";
  out.body = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (out.body.is_discarded())
    p.push_back({"", "The body is not valid JSON."});
  else if (!out.body.is_object())
    p.push_back({"", "The body must be a JSON object."});
  else {
    T scratch{};
    ReadObject(out.body, scratch, "", p, /*patch=*/true);
  }
  if (!p.empty()) out.body = json::object();
  return out;
}

// ---- Encoding ----

template <class M>
json WriteValue(const M& v, const Rules& r);

template <class T>
json Encode(const T& value);

template <class M>
json WriteValue(const M& v, const Rules& r) {
  if constexpr (IsOptional<M>::value) {
    return v ? WriteValue(*v, r) : json(nullptr);
  } else if constexpr (IsVector<M>::value) {
    json out = json::array();
    for (const auto& x : v) out.push_back(WriteValue(x, r));
    return out;
  } else if constexpr (IsMap<M>::value) {
    json out = json::object();
    for (const auto& [key, x] : v) out[key] = WriteValue(x, r);
    return out;
  } else if constexpr (std::is_same_v<M, std::string>) {
    return r.null_when_empty && v.empty() ? json(nullptr) : json(v);
  } else if constexpr (std::is_same_v<M, bool>) {
    return json(v);
  } else if constexpr (std::is_same_v<M, Date>) {
    return json(FormatDate(v));
  } else if constexpr (std::is_integral_v<M>) {
    if (r.format == Format::kTimestamp && r.null_when_empty && v == 0) return json(nullptr);
    if (r.format == Format::kTimestamp) return json(FormatTimestamp(v));
    if (r.format == Format::kTimeOfDay) return json(detail::FormatTimeOfDay(static_cast<int>(v)));
    return json(v);
  } else if constexpr (std::is_floating_point_v<M>) {
    return json(v);
  } else if constexpr (HasNames<M>) {
    for (const auto& [value, name] : NamesOf(static_cast<const M*>(nullptr)))
      if (value == v) return json(name);
    return json(nullptr);
  } else if constexpr (HasCodec<M>) {
    return Encode(v);
  } else if constexpr (std::is_same_v<M, json>) {
    return v;
  } else {
    static_assert(sizeof(M) == 0, "no codec for this member type");
  }
}

namespace detail {
inline bool Empty(const json& j) {
  return j.is_null() || (j.is_boolean() && !j.get<bool>()) ||
         (j.is_string() && j.get_ref<const std::string&>().empty()) || ((j.is_array() || j.is_object()) && j.empty());
}
// omit_when_empty: an optional is empty when it has no value (an empty list inside is written);
// anything else when it is null, false, "" or [].
template <class V>
void Put(json& out, std::string_view name, const V& value, const Rules& r) {
  if (r.write_only) return;
  if (r.omit_when_empty) {
    if constexpr (IsOptional<V>::value) {
      if (!value) return out.erase(std::string(name)), void();
    }
    json j = WriteValue(value, r);
    if (!IsOptional<V>::value && Empty(j)) return out.erase(std::string(name)), void();
    out[std::string(name)] = std::move(j);
    return;
  }
  out[std::string(name)] = WriteValue(value, r);
}
template <class O, class T, class M>
void WriteField(const MemberField<T, M>& f, const O& t, json& out) {
  Put(out, f.name, t.*f.member, f.rules);
}
template <class O, class T, class V, class G>
void WriteField(const ComputedField<T, V, G>& f, const O& t, json& out) {
  Put(out, f.name, static_cast<V>(f.get(t)), f.rules);
}
template <class O, class T, class M, class W, class To, class From>
void WriteField(const AdaptedField<T, M, W, To, From>& f, const O& t, json& out) {
  Put(out, f.name, static_cast<W>(f.to_wire(t.*f.member)), f.rules);
}
}  // namespace detail

//! The JSON the server writes for a value.
template <class T>
json Encode(const T& value) {
  static constexpr auto c = CodecFor<T>();
  json out = json::object();
  std::apply([&](const auto&... f) { (detail::WriteField(f, value, out), ...); }, c.fields);
  return out;
}

//! A list answer.
template <class T>
json EncodePage(const std::vector<T>& items, const std::optional<std::string>& next = std::nullopt) {
  json list = json::array();
  for (const auto& x : items) list.push_back(WriteValue(x, Rules{}));
  return {{"items", std::move(list)}, {"next", next ? json(*next) : json(nullptr)}};
}

// ---- Answers written as text directly ----
// The same encoding as Encode/EncodePage (the same fields, names, nulls and omissions), written straight
// into the answer's text without building a JSON tree first: a listed week is hundreds of objects.
// Fields come in declaration order (a field named again by Extend replaces the earlier one).

template <class M>
void AppendValue(std::string& out, const M& v, const Rules& r);

namespace detail {
//! `s` as a JSON string: quoted, escaped; invalid UTF-8 replaced by U+FFFD (as the tree's dump does).
void AppendString(std::string& out, std::string_view s);
void AppendInteger(std::string& out, std::int64_t v);
void AppendJson(std::string& out, const json& v);

// True when the value would be written as null, false, "", [] or {} (omit_when_empty drops it).
template <class V>
bool WritesEmpty(const V& v) {
  if constexpr (IsOptional<V>::value) {
    return !v;
  } else if constexpr (IsVector<V>::value || IsMap<V>::value) {
    return v.empty();
  } else if constexpr (std::is_same_v<V, std::string>) {
    return v.empty();
  } else if constexpr (std::is_same_v<V, bool>) {
    return !v;
  } else if constexpr (HasNames<V>) {
    for (const auto& [value, name] : NamesOf(static_cast<const V*>(nullptr)))
      if (value == v) return false;
    return true;
  } else if constexpr (std::is_same_v<V, json>) {
    return Empty(v);
  } else {
    return false;
  }
}

template <class V>
void AppendField(std::string& out, bool& first, std::string_view name, const V& value, const Rules& r) {
  if (r.write_only) return;
  if (r.omit_when_empty && WritesEmpty(value)) return;
  out += first ? '{' : ',';
  first = false;
  AppendString(out, name);
  out += ':';
  AppendValue(out, value, r);
}
template <class O, class T, class M>
void AppendFieldOf(std::string& out, bool& first, const MemberField<T, M>& f, const O& t) {
  AppendField(out, first, f.name, t.*f.member, f.rules);
}
template <class O, class T, class V, class G>
void AppendFieldOf(std::string& out, bool& first, const ComputedField<T, V, G>& f, const O& t) {
  AppendField(out, first, f.name, static_cast<V>(f.get(t)), f.rules);
}
template <class O, class T, class M, class W, class To, class From>
void AppendFieldOf(std::string& out, bool& first, const AdaptedField<T, M, W, To, From>& f, const O& t) {
  AppendField(out, first, f.name, static_cast<W>(f.to_wire(t.*f.member)), f.rules);
}

// Which fields a later field of the same name replaces (Extend), worked out once per type.
template <class T>
const auto& Replaced() {
  static constexpr auto c = CodecFor<T>();
  static const auto replaced = [] {
    constexpr std::size_t n = std::tuple_size_v<decltype(c.fields)>;
    std::array<std::string_view, n> names{};
    std::size_t i = 0;
    std::apply([&](const auto&... f) { ((names[i++] = f.name), ...); }, c.fields);
    std::array<bool, n> out{};
    for (std::size_t a = 0; a < n; ++a)
      for (std::size_t b = a + 1; b < n; ++b) out[a] = out[a] || names[a] == names[b];
    return out;
  }();
  return replaced;
}
}  // namespace detail

//! The object's JSON text appended to out.
template <class T>
void AppendObject(std::string& out, const T& value) {
  static constexpr auto c = CodecFor<T>();
  const auto& replaced = detail::Replaced<T>();
  bool first = true;
  std::size_t i = 0;
  std::apply([&](const auto&... f) { ((replaced[i++] ? void() : detail::AppendFieldOf(out, first, f, value)), ...); },
             c.fields);
  out += first ? "{}" : "}";
}

template <class M>
void AppendValue(std::string& out, const M& v, const Rules& r) {
  if constexpr (IsOptional<M>::value) {
    if (v)
      AppendValue(out, *v, r);
    else
      out += "null";
  } else if constexpr (IsVector<M>::value) {
    out += '[';
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i) out += ',';
      AppendValue(out, v[i], r);
    }
    out += ']';
  } else if constexpr (IsMap<M>::value) {
    out += '{';
    bool first = true;
    for (const auto& [key, x] : v) {
      if (!first) out += ',';
      first = false;
      detail::AppendString(out, key);
      out += ':';
      AppendValue(out, x, r);
    }
    out += '}';
  } else if constexpr (std::is_same_v<M, std::string>) {
    if (r.null_when_empty && v.empty())
      out += "null";
    else
      detail::AppendString(out, v);
  } else if constexpr (std::is_same_v<M, bool>) {
    out += v ? "true" : "false";
  } else if constexpr (std::is_same_v<M, Date>) {
    detail::AppendString(out, FormatDate(v));
  } else if constexpr (std::is_integral_v<M>) {
    if (r.format == Format::kTimestamp && r.null_when_empty && v == 0)
      out += "null";  // a moment that has not happened yet
    else if (r.format == Format::kTimestamp)
      detail::AppendString(out, FormatTimestamp(v));
    else if (r.format == Format::kTimeOfDay)
      detail::AppendString(out, detail::FormatTimeOfDay(static_cast<int>(v)));
    else
      detail::AppendInteger(out, static_cast<std::int64_t>(v));
  } else if constexpr (std::is_floating_point_v<M>) {
    detail::AppendJson(out, json(v));
  } else if constexpr (HasNames<M>) {
    for (const auto& [value, name] : NamesOf(static_cast<const M*>(nullptr)))
      if (value == v) return detail::AppendString(out, name);
    out += "null";
  } else if constexpr (HasCodec<M>) {
    AppendObject(out, v);
  } else if constexpr (std::is_same_v<M, json>) {
    detail::AppendJson(out, v);
  } else {
    static_assert(sizeof(M) == 0, "no codec for this member type");
  }
}

//! The answer's text for a value (what Encode(value).dump() writes, in declaration order).
template <class T>
std::string EncodeText(const T& value) {
  std::string out;
  out.reserve(256);
  AppendValue(out, value, Rules{});
  return out;
}

//! A list answer's text: {"items": [...], "next": cursor or null}.
template <class T>
std::string EncodePageText(const std::vector<T>& items, const std::optional<std::string>& next = std::nullopt) {
  std::string out;
  // A listed visit is ~650 bytes: one allocation for the whole answer, not a copy at every doubling.
  out.reserve(64 + items.size() * 768);
  out += "{\"items\":";
  AppendValue(out, items, Rules{});
  out += ",\"next\":";
  if (next)
    detail::AppendString(out, *next);
  else
    out += "null";
  out += '}';
  return out;
}

// ---- JSON columns ----

// Stored and shipped data is ours, not a request: no request-sized limits on its length.
inline constexpr Rules kStoredRules{.max_len = std::numeric_limits<std::size_t>::max(), .max_items = 100'000};

//! A value stored in a JSON column, in its codec's form (the same as on the wire).
template <class T>
std::string ToColumn(const T& value) {
  return WriteValue(value, kStoredRules).dump();
}

//! A JSON column read back by the codec. Stored data is not a request: a malformed column, or a field
//! it does not know, reads as what could be read (the type's defaults for the rest) rather than failing.
template <class T>
T FromColumn(std::string_view text) {
  T out{};
  json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || j.is_null()) return out;
  Problems ignored;
  ReadValue(j, out, kStoredRules, "", ignored);
  return out;
}

//! A data file shipped with the binary (data/*.json), read strictly: one that does not read stops the
//! start, naming the file, the field and the problem (a start-up failure, so it throws).
template <class T>
T ReadShipped(std::string_view file, std::string_view text) {
  T out{};
  Problems problems;
  json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded())
    problems.push_back({"", "not valid JSON"});
  else
    ReadValue(j, out, kStoredRules, "", problems);
  if (!problems.empty())
    throw std::runtime_error(std::string(file) + ": " + problems.front().field + ": " + problems.front().message);
  return out;
}

// ---- Schemas ----

template <class T>
json SchemaRef(Direction d, json& components);

template <class M>
json SchemaOf(const Rules& r, Direction d, json& components) {
  if constexpr (IsOptional<M>::value) {
    return detail::Nullable(SchemaOf<typename M::value_type>(r, d, components));
  } else if constexpr (IsVector<M>::value) {
    Rules element = r;
    element.description = {};
    json s = {{"type", "array"}, {"items", SchemaOf<typename M::value_type>(element, d, components)}};
    if (d == Direction::kRequest) s["maxItems"] = r.max_items;
    if (!r.description.empty()) s["description"] = r.description;
    return s;
  } else if constexpr (IsMap<M>::value) {
    Rules element = r;
    element.description = {};
    json s = {{"type", "object"}, {"additionalProperties", SchemaOf<typename M::mapped_type>(element, d, components)}};
    if (d == Direction::kRequest) s["maxProperties"] = r.max_items;
    if (!r.description.empty()) s["description"] = r.description;
    return s;
  } else if constexpr (std::is_same_v<M, std::string>) {
    json s = detail::ScalarSchema("string", r);
    return r.null_when_empty ? detail::Nullable(std::move(s)) : s;
  } else if constexpr (std::is_same_v<M, bool>) {
    return detail::ScalarSchema("boolean", r);
  } else if constexpr (std::is_same_v<M, Date>) {
    Rules dr = r;
    dr.format = Format::kDate;
    return detail::ScalarSchema("string", dr);
  } else if constexpr (std::is_integral_v<M>) {
    if (r.format == Format::kTimestamp && r.null_when_empty) return detail::Nullable(detail::ScalarSchema("string", r));
    if (r.format == Format::kTimestamp || r.format == Format::kTimeOfDay) return detail::ScalarSchema("string", r);
    Rules ir = r;
    ir.min = std::max<std::int64_t>(r.min, std::numeric_limits<M>::min());
    ir.max = std::min<std::int64_t>(r.max, static_cast<std::int64_t>(std::numeric_limits<M>::max()));
    return detail::ScalarSchema("integer", ir);
  } else if constexpr (std::is_floating_point_v<M>) {
    return detail::ScalarSchema("number", r);
  } else if constexpr (HasNames<M>) {
    json names = json::array();
    for (const auto& [value, name] : NamesOf(static_cast<const M*>(nullptr))) names.push_back(name);
    json s = {{"type", "string"}, {"enum", names}};
    if (!r.description.empty()) s["description"] = r.description;
    return s;
  } else if constexpr (HasCodec<M>) {
    return SchemaRef<M>(d, components);
  } else if constexpr (std::is_same_v<M, json>) {
    json s = json::object();
    if (!r.description.empty()) s["description"] = r.description;
    return s;
  } else {
    static_assert(sizeof(M) == 0, "no codec for this member type");
  }
}

namespace detail {
// A later field of the same name (Extend) replaces the earlier one, in `required` too.
inline void Require(json& required, std::string_view name, bool yes) {
  required.erase(std::remove(required.begin(), required.end(), json(name)), required.end());
  if (yes) required.push_back(name);
}
inline void ReadOnlyInRequest(json& props, std::string_view name, json s) {
  if (props.contains(std::string(name))) return;  // a readable field of the same name comes first
  s["readOnly"] = true;
  props[std::string(name)] = std::move(s);
}
template <class O, class T, class M>
void DescribeField(const MemberField<T, M>& f, Direction d, json& props, json& required, json& components) {
  if (d == Direction::kResponse && f.rules.write_only) return;
  if (d == Direction::kRequest && f.rules.read_only)
    return ReadOnlyInRequest(props, f.name, SchemaOf<M>(f.rules, d, components));
  json s = SchemaOf<M>(f.rules, d, components);
  if (d == Direction::kRequest && !f.rules.required) {
    if constexpr (std::is_default_constructible_v<T> && !IsOptional<M>::value && !IsVector<M>::value &&
                  !IsMap<M>::value && !HasCodec<M> && !std::is_same_v<M, json>) {
      json def = WriteValue(T{}.*f.member, f.rules);
      if (!def.is_null() && !(def.is_string() && def.get_ref<const std::string&>().empty()) && !s.contains("$ref"))
        s["default"] = def;
    }
  }
  props[std::string(f.name)] = std::move(s);
  Require(required, f.name, d == Direction::kRequest ? f.rules.required : !f.rules.omit_when_empty);
}
template <class O, class T, class V, class G>
void DescribeField(const ComputedField<T, V, G>& f, Direction d, json& props, json& required, json& components) {
  if (d == Direction::kRequest) return ReadOnlyInRequest(props, f.name, SchemaOf<V>(f.rules, d, components));
  props[std::string(f.name)] = SchemaOf<V>(f.rules, d, components);
  Require(required, f.name, !f.rules.omit_when_empty);
}
template <class O, class T, class M, class W, class To, class From>
void DescribeField(const AdaptedField<T, M, W, To, From>& f, Direction d, json& props, json& required,
                   json& components) {
  if (d == Direction::kResponse && f.rules.write_only) return;
  if (d == Direction::kRequest && f.rules.read_only)
    return ReadOnlyInRequest(props, f.name, SchemaOf<W>(f.rules, d, components));
  props[std::string(f.name)] = SchemaOf<W>(f.rules, d, components);
  Require(required, f.name, d == Direction::kRequest ? f.rules.required : !f.rules.omit_when_empty);
}
}  // namespace detail

//! The schema name of T in a direction: "Location" or "LocationInput".
template <class T>
std::string SchemaName(Direction d) {
  static constexpr auto c = CodecFor<T>();
  return std::string(c.name) + (d == Direction::kRequest ? "Input" : "");
}

//! A $ref to T's schema, adding it (and what it refers to) to `components` the first time.
template <class T>
json SchemaRef(Direction d, json& components) {
  static constexpr auto c = CodecFor<T>();
  const std::string name = SchemaName<T>(d);
  if (!components.contains(name)) {
    components[name] = json::object();  // placeholder first: a type may refer to itself
    json props = json::object(), required = json::array();
    std::apply([&](const auto&... f) { (detail::DescribeField<T>(f, d, props, required, components), ...); }, c.fields);
    json s = {{"type", "object"}, {"properties", props}};
    if (d == Direction::kRequest) s["additionalProperties"] = false;
    if (!required.empty()) s["required"] = required;
    components[name] = std::move(s);
  }
  return {{"$ref", "#/components/schemas/" + name}};
}

//! The schema of a list answer of T.
template <class T>
json PageSchema(json& components) {
  return {
      {"type", "object"},
      {"properties",
       {{"items", {{"type", "array"}, {"items", SchemaOf<T>(Rules{}, Direction::kResponse, components)}}},
        {"next",
         {{"type", json::array({"string", "null"})}, {"description", "Cursor of the next page; null on the last"}}}}},
      {"required", json::array({"items", "next"})}};
}

}  // namespace duet::codec
