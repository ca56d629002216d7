#pragma once
// A table's columns, declared once beside the store that reads it, as
//   const auto kClients = db::Table<Client>("clients",
//       db::Col("id", &Client::id, {.editable = false}), db::Col("given_name", &Client::given_name), …);
// From that one list come the SELECT list (`kClients.Select("c.")`), the row reader
// (`kClients.Read(row)`), the INSERT and the UPDATE with their parameters in the same order — so a new
// column cannot shift the others silently.
//
// A member's type decides how it is stored: text, integers, booleans (0/1), dates (YYYY-MM-DD), enums by
// their wire names (NamesOf), lists of short tokens (text, numbers, enum names) as "a,b,c", and anything with a codec
// as a JSON column (codec::ToColumn / FromColumn). Reading is lenient, as stored data is ours: a NULL or a value that
// does not parse reads as the member's default.
#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "platform/codec.hpp"
#include "platform/dates.hpp"
#include "platform/db/db.hpp"
#include "platform/names.hpp"

namespace duet::db {

struct ColumnRules {
  //! The empty value is stored as NULL: "" for text (an optional foreign key), 0 for a number (a moment
  //! that has not happened yet, such as revoked_at).
  bool null_when_empty = false;
  //! An UPDATE writes it (false: set once, at INSERT).
  bool editable = true;
  //! A list of free text (sentences with commas) is stored as a JSON array, not as "a,b,c".
  bool json_list = false;
};

namespace detail {

// A list of short tokens (text or enum names) stored as "a,b,c"; a list of objects is a JSON column.
template <class M>
constexpr bool IsTokenList() {
  if constexpr (codec::IsVector<M>::value)
    return !codec::HasCodec<typename M::value_type>;
  else
    return false;
}

template <class M>
void ReadCell(const Cells& r, std::size_t i, M& out) {
  if constexpr (std::is_same_v<M, std::string>) {
    out.assign(r.View(i));
  } else if constexpr (std::is_same_v<M, bool>) {
    out = r.Int(i) != 0;
  } else if constexpr (std::is_integral_v<M>) {
    out = static_cast<M>(r.Int(i));
  } else if constexpr (std::is_floating_point_v<M>) {
    out = static_cast<M>(r.Real(i));
  } else if constexpr (std::is_same_v<M, Date>) {
    out = ParseDate(r.View(i)).value_or(Date{});
  } else if constexpr (std::is_enum_v<M>) {
    out = ParseName<M>(r.View(i)).value_or(M{});
  } else if constexpr (codec::IsOptional<M>::value) {
    if (r.IsNull(i)) {
      out.reset();
    } else {
      typename M::value_type v{};
      ReadCell(r, i, v);
      out = std::move(v);
    }
  } else if constexpr (IsTokenList<M>()) {
    using E = typename M::value_type;
    out.clear();
    const std::string_view text = r.View(i);
    if constexpr (std::is_same_v<E, std::string>) {
      // A json_list column (a token never starts with '[').
      if (!text.empty() && text.front() == '[') {
        out = codec::FromColumn<M>(text);
        return;
      }
    }
    for (auto& token : SplitList(text)) {
      if (token.empty()) continue;
      if constexpr (std::is_same_v<E, std::string>) {
        out.push_back(std::move(token));
      } else if constexpr (std::is_integral_v<E>) {
        E n{};
        auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), n);
        if (ec == std::errc() && end == token.data() + token.size()) out.push_back(n);
      } else {
        static_assert(std::is_enum_v<E>, "a list column holds short tokens: text or enum names");
        if (auto e = ParseName<E>(token)) out.push_back(*e);
      }
    }
  } else {
    out = codec::FromColumn<M>(r.View(i));
  }
}

template <class M>
Value WriteCell(const M& v, const ColumnRules& rules) {
  if constexpr (std::is_same_v<M, std::string>) {
    return rules.null_when_empty && v.empty() ? Value() : Value(v);
  } else if constexpr (std::is_integral_v<M>) {
    return rules.null_when_empty && v == 0 ? Value() : Value(static_cast<std::int64_t>(v));
  } else if constexpr (std::is_floating_point_v<M>) {
    return Value(static_cast<double>(v));
  } else if constexpr (std::is_same_v<M, Date>) {
    return Value(FormatDate(v));
  } else if constexpr (std::is_enum_v<M>) {
    return Value(std::string(NameOf(v)));
  } else if constexpr (codec::IsOptional<M>::value) {
    return v ? WriteCell(*v, ColumnRules{}) : Value();
  } else if constexpr (IsTokenList<M>()) {
    using E = typename M::value_type;
    if constexpr (std::is_same_v<E, std::string>) {
      return rules.json_list ? Value(codec::ToColumn(v)) : Value(JoinList(v));
    } else {
      std::vector<std::string> names;
      names.reserve(v.size());
      for (const auto& e : v) {
        if constexpr (std::is_integral_v<E>)
          names.push_back(std::to_string(e));
        else
          names.emplace_back(NameOf(e));
      }
      return Value(JoinList(names));
    }
  } else {
    return Value(codec::ToColumn(v));
  }
}

}  // namespace detail

//! A column stored from one member.
template <class T, class M>
struct MemberColumn {
  std::string_view name;
  M T::*member;
  ColumnRules rules;
  void Read(const Cells& r, std::size_t i, T& out) const { detail::ReadCell(r, i, out.*member); }
  Value Write(const T& in) const { return detail::WriteCell(in.*member, rules); }
};

//! A column stored from a member of a member (a service's fee for one mode: `&Service::fees, &Fees::video`).
template <class T, class N, class M>
struct NestedColumn {
  std::string_view name;
  N T::*outer;
  M N::*member;
  ColumnRules rules;
  void Read(const Cells& r, std::size_t i, T& out) const { detail::ReadCell(r, i, out.*outer.*member); }
  Value Write(const T& in) const { return detail::WriteCell(in.*outer.*member, rules); }
};

//! A column whose stored form the store decides (read: (const Cells&, index, T&); write: (const T&) -> Value).
//! A column that is written but never read back (a search key) has a read that does nothing.
template <class T, class R, class W>
struct CustomColumn {
  std::string_view name;
  R read;
  W write;
  ColumnRules rules;
  void Read(const Cells& r, std::size_t i, T& out) const { read(r, i, out); }
  Value Write(const T& in) const { return write(in); }
};

template <class T, class M>
constexpr MemberColumn<T, M> Col(std::string_view name, M T::*member, ColumnRules rules = {}) {
  return {name, member, rules};
}

template <class T, class N, class M>
constexpr NestedColumn<T, N, M> Col(std::string_view name, N T::*outer, M N::*member, ColumnRules rules = {}) {
  return {name, outer, member, rules};
}

template <class T, class R, class W>
constexpr CustomColumn<T, R, W> Custom(std::string_view name, R read, W write, ColumnRules rules = {}) {
  return {name, read, write, rules};
}

//! Several columns that hold one optional member together (a note's signature: who, name, when, hash).
//! The first column decides: NULL there reads as no value; no value writes NULL in every column.
template <class T, class S, class... C>
struct OptionalGroup {
  std::optional<S> T::*member;
  std::tuple<C...> columns;
  ColumnRules rules;
  static constexpr std::size_t kWidth = sizeof...(C);

  template <class F>
  void Names(F&& f) const {
    std::apply([&](const auto&... col) { (f(col.name), ...); }, columns);
  }
  void Read(const Cells& r, std::size_t i, T& out) const {
    if (r.IsNull(i)) {
      (out.*member).reset();
      return;
    }
    S value{};
    std::apply([&](const auto&... col) { (col.Read(r, i++, value), ...); }, columns);
    out.*member = std::move(value);
  }
  void Write(const T& in, std::vector<Value>& out) const {
    const auto& value = in.*member;
    std::apply([&](const auto&... col) { (out.push_back(value ? col.Write(*value) : Value()), ...); }, columns);
  }
};

template <class T, class S, class... C>
constexpr OptionalGroup<T, S, C...> Group(std::optional<S> T::*member, C... columns) {
  return {member, std::tuple<C...>(columns...), ColumnRules{}};
}

//! The version column of an optimistic lock: read back, written as 1 at INSERT, and raised by one at
//! each UPDATE (the caller's WHERE names the version it read).
template <class T>
struct VersionColumn {
  std::string_view name;
  std::int64_t T::*member;
};
template <class T>
constexpr VersionColumn<T> Version(std::int64_t T::*member, std::string_view name = "version") {
  return {name, member};
}

template <class T, class... C>
class TableColumns {
 public:
  TableColumns(std::string_view table, C... columns) : table_(table), columns_(columns...) {}

  //! "a.id, a.name, …" (alias "a." or empty), in declaration order.
  std::string Select(std::string_view alias = {}) const {
    std::string out;
    ForEachName([&](std::string_view name, const auto&) {
      if (!out.empty()) out += ", ";
      out.append(alias).append(name);
    });
    return out;
  }

  //! The row read back from the columns of Select, starting at column `offset`.
  T Read(const Row& r, std::size_t offset = 0) const { return Read(RowCells(r), offset); }
  //! The same, from a row read in place (Connection::Each).
  T Read(const Cells& r, std::size_t offset = 0) const {
    T out{};
    std::size_t i = offset;
    ForEach([&](const auto& col) {
      using Col = std::decay_t<decltype(col)>;
      if constexpr (IsVersion<Col>)
        out.*col.member = r.Int(i);
      else
        col.Read(r, i, out);
      i += WidthOf<Col>();
    });
    return out;
  }

  //! Number of columns Select lists (where the columns read beside these begin).
  static constexpr std::size_t size() { return (WidthOf<C>() + ... + 0); }

  //! "INSERT INTO t (every column, extra…) VALUES (?, …)".
  std::string Insert(std::initializer_list<std::string_view> extra = {}) const {
    std::string names;
    std::string marks;
    auto add = [&](std::string_view n) {
      if (!names.empty()) {
        names += ", ";
        marks += ", ";
      }
      names.append(n);
      marks += '?';
    };
    ForEachName([&](std::string_view name, const auto&) { add(name); });
    for (auto n : extra) add(n);
    return "INSERT INTO " + std::string(table_) + " (" + names + ") VALUES (" + marks + ")";
  }

  //! The parameters of Insert: every column of `row`, then the extra values.
  std::vector<Value> InsertValues(const T& row, std::initializer_list<Value> extra = {}) const {
    std::vector<Value> out;
    out.reserve(size() + extra.size());
    ForEach([&](const auto& col) {
      using Col = std::decay_t<decltype(col)>;
      if constexpr (IsVersion<Col>)
        out.emplace_back(std::int64_t{1});
      else if constexpr (IsGroup<Col>)
        col.Write(row, out);
      else
        out.push_back(col.Write(row));
    });
    out.insert(out.end(), extra.begin(), extra.end());
    return out;
  }

  //! "UPDATE t SET editable columns = ?, version = version + 1 WHERE <where>".
  std::string Update(std::string_view where) const {
    std::string sets;
    ForEachName([&](std::string_view name, const auto& col) {
      using Col = std::decay_t<decltype(col)>;
      if constexpr (IsVersion<Col>) {
        if (!sets.empty()) sets += ", ";
        sets.append(name).append(" = ").append(name).append(" + 1");
      } else {
        if (!col.rules.editable) return;
        if (!sets.empty()) sets += ", ";
        sets.append(name).append(" = ?");
      }
    });
    return "UPDATE " + std::string(table_) + " SET " + sets + " WHERE " + std::string(where);
  }

  //! The parameters of Update: the editable columns of `row`, then the WHERE clause's values.
  std::vector<Value> UpdateValues(const T& row, std::initializer_list<Value> where) const {
    std::vector<Value> out;
    out.reserve(size() + where.size());
    ForEach([&](const auto& col) {
      using Col = std::decay_t<decltype(col)>;
      if constexpr (IsGroup<Col>) {
        if (col.rules.editable) col.Write(row, out);
      } else if constexpr (!IsVersion<Col>) {
        if (col.rules.editable) out.push_back(col.Write(row));
      }
    });
    out.insert(out.end(), where.begin(), where.end());
    return out;
  }

 private:
  template <class X>
  static constexpr bool IsVersion = std::is_same_v<X, VersionColumn<T>>;

  template <class X>
  static constexpr bool IsGroup = requires {
    X::kWidth;
  };
  template <class X>
  static constexpr std::size_t WidthOf() {
    if constexpr (IsGroup<X>)
      return X::kWidth;
    else
      return 1;
  }

  template <class F>
  void ForEach(F&& f) const {
    std::apply([&](const auto&... col) { (f(col), ...); }, columns_);
  }
  //! Every stored column's name with the declaration it belongs to (a group names several).
  template <class F>
  void ForEachName(F&& f) const {
    ForEach([&](const auto& col) {
      if constexpr (IsGroup<std::decay_t<decltype(col)>>)
        col.Names([&](std::string_view name) { f(name, col); });
      else
        f(col.name, col);
    });
  }

  std::string_view table_;
  std::tuple<C...> columns_;
};

//! The columns of a table, in the order the store reads them.
template <class T, class... C>
TableColumns<T, C...> Table(std::string_view table, C... columns) {
  return TableColumns<T, C...>(table, columns...);
}

}  // namespace duet::db
