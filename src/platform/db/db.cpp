#include "platform/db/db.hpp"
#include "platform/db/pool.hpp"

#include <algorithm>
#include <charconv>

namespace duet::db {

std::string JoinList(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
  return out;
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    out.emplace_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

std::int64_t Row::Int(std::size_t i) const {
  if (i >= values.size()) return 0;
  if (auto* v = std::get_if<std::int64_t>(&values[i])) return *v;
  if (auto* d = std::get_if<double>(&values[i])) return static_cast<std::int64_t>(*d);
  if (auto* s = std::get_if<std::string>(&values[i])) {
    std::int64_t out = 0;
    std::from_chars(s->data(), s->data() + s->size(), out);
    return out;
  }
  return 0;
}

std::string Row::Text(std::size_t i) const {
  if (i >= values.size()) return {};
  if (auto* s = std::get_if<std::string>(&values[i])) return *s;
  if (auto* v = std::get_if<std::int64_t>(&values[i])) return std::to_string(*v);
  if (auto* d = std::get_if<double>(&values[i])) return std::to_string(*d);
  return {};
}

std::optional<std::string> Row::OptText(std::size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Text(i);
}

std::optional<std::int64_t> Row::OptInt(std::size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Int(i);
}

double Row::Real(std::size_t i) const {
  if (i >= values.size()) return 0;
  if (auto* d = std::get_if<double>(&values[i])) return *d;
  if (auto* v = std::get_if<std::int64_t>(&values[i])) return static_cast<double>(*v);
  if (auto* s = std::get_if<std::string>(&values[i])) {
    double out = 0;
    std::from_chars(s->data(), s->data() + s->size(), out);
    return out;
  }
  return 0;
}

std::string_view RowCells::View(std::size_t i) const {
  if (i < row_.values.size())
    if (auto* s = std::get_if<std::string>(&row_.values[i])) return *s;
  scratch_ = row_.Text(i);
  return scratch_;
}

Status Connection::Each(std::string_view sql, std::span<const Value> params,
                        const std::function<void(const Cells&)>& each) {
  auto rows = Query(sql, params);
  if (!rows) return tl::unexpected(rows.error());
  for (const auto& r : *rows) each(RowCells(r));
  return {};
}

Status Connection::EachOf(std::span<const Read> reads) {
  for (const auto& r : reads)
    if (auto st = Each(r.sql, r.params, r.each); !st) return st;
  return {};
}

Status EachIn(Connection& c, std::string_view before, std::string_view after, const std::vector<Value>& params,
              std::span<const std::string> values, const std::function<void(const Cells&)>& each) {
  for (std::size_t first = 0; first < values.size(); first += kInListChunk) {
    const std::size_t n = std::min(kInListChunk, values.size() - first);
    std::size_t width = 8;
    while (width < n) width *= 4;
    std::vector<Value> all;
    all.reserve(params.size() + width);
    all.insert(all.end(), params.begin(), params.end());
    std::string sql(before);
    sql.reserve(before.size() + after.size() + width * 3 + 8);
    sql.append("IN (");
    for (std::size_t k = 0; k < width; ++k) {
      sql.append(k == 0 ? "?" : ", ?");
      all.emplace_back(values[first + std::min(k, n - 1)]);
    }
    sql.append(") ").append(after);
    if (auto st = c.Each(sql, std::span<const Value>(all), each); !st) return st;
  }
  return {};
}

Result<Row> Connection::QueryOne(std::string_view sql, std::initializer_list<Value> params) {
  auto rows = Query(sql, params);
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return Fail(ErrorCode::kNotFound, "Not found.");
  return std::move(rows->front());
}

namespace {

// This thread's SharedReads: the database, the connection held (none before the first read), whether a
// read's function is running on it now, and whether a write or EndSharedReads ended the sharing.
struct Shared {
  Database* db = nullptr;
  Connection* conn = nullptr;
  bool busy = false;
  bool ended = false;
};
thread_local Shared shared;
// How many writes' functions are running on this thread (on SQLite the group commit's leader runs a batch's).
thread_local int writing = 0;

}  // namespace

Status Database::WithRead(const std::function<Status(Connection&)>& fn) {
  if (shared.db != this || shared.ended || shared.busy) return ReadTransaction(fn);
  if (!shared.conn) {
    auto held = HoldRead();
    if (!held) return tl::unexpected(held.error());
    shared.conn = *held;
  }
  shared.busy = true;
  struct Idle {
    ~Idle() { shared.busy = false; }
  } idle;
  return fn(*shared.conn);
}

Status Database::WithWrite(const std::function<Status(Connection&)>& fn) {
  if (shared.db == this) EndSharedReads();
  return WriteTransaction([&fn](Connection& c) -> Status {
    ++writing;
    struct Done {
      ~Done() { --writing; }
    } done;
    return fn(c);
  });
}

SharedReads::SharedReads(Database& db) : owner_(shared.db == nullptr) {
  if (owner_) shared = Shared{&db};
}

SharedReads::~SharedReads() {
  if (!owner_) return;
  shared.busy = false;  // an exception may have left a read's function
  EndSharedReads();
  shared = Shared{};
}

void EndSharedReads() {
  shared.ended = true;
  // Inside a read's function the connection is still in use: the scope's end gives it back.
  if (shared.conn && !shared.busy) {
    shared.db->ReleaseRead(shared.conn);
    shared.conn = nullptr;
  }
}

Status LeaveForNetwork() {
  if (writing > 0)
    return Fail(ErrorCode::kInternal, "Internal error.", "waiting on another service inside a write's function");
  EndSharedReads();
  return {};
}

Status InTransaction(Connection& c, std::string_view begin, const std::function<Status(Connection&)>& fn) {
  if (auto st = c.Begin(begin); !st) return st;
  Status result;
  try {
    result = fn(c);
  } catch (...) {
    c.Rollback();
    throw;
  }
  if (!result) {
    c.Rollback();
    return result;
  }
  if (auto st = c.Commit(); !st) {
    c.Rollback();
    return st;
  }
  return {};
}

}  // namespace duet::db
