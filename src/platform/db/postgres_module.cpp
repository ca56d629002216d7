// The PostgreSQL module (platform/module.hpp), opened when the database is PostgreSQL.
// PostgreSQL driver over libpq: a fixed pool of connections, statements prepared once per
// connection, `?` placeholders rewritten to `$n`, results converted by column type.
// https://www.postgresql.org/docs/15/libpq-exec.html
#include <libpq-fe.h>

#include <atomic>
#include <charconv>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

#include <poll.h>

#include "platform/db/db.hpp"
#include "platform/db/pool.hpp"
#include "platform/module.hpp"

namespace duet::db {
namespace {

// Type OIDs from pg_type.h (stable across releases).
constexpr Oid kBoolOid = 16, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23, kFloat4Oid = 700, kFloat8Oid = 701,
              kNumericOid = 1700;

std::string RewritePlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  bool in_string = false;
  for (char ch : sql) {
    if (ch == '\'') in_string = !in_string;
    if (ch == '?' && !in_string) {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += ch;
    }
  }
  return out;
}

Error PgError(PGconn* conn, const PGresult* res, std::string_view sql) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string detail =
      std::string(res ? PQresultErrorMessage(res) : PQerrorMessage(conn)) + " in: " + std::string(sql.substr(0, 120));
  std::string_view code = state ? state : "";
  if (code == "23505") return Error{ErrorCode::kConflict, "That already exists.", detail, {}, {}};
  if (code == "40001" || code == "40P01")
    return Error{ErrorCode::kConflict, "A concurrent change won; try again.", detail, {}, {}};
  if (code.starts_with("23") || code.starts_with("22"))
    return Error{ErrorCode::kInvalid, "The change breaks a data constraint.", detail, {}, {}};
  if (code == "53100" || code == "53400")  // disk_full, configuration_limit_exceeded
    return Error{ErrorCode::kUnavailable, std::string(kStorageFullMessage), detail, {}, std::string(kStorageFull), {}};
  if (code.starts_with("08") || PQstatus(conn) != CONNECTION_OK)
    return Error{ErrorCode::kUnavailable, "The database is unavailable; try again.", detail, {}, {}};
  return Error{ErrorCode::kInternal, "Internal error.", detail, {}, {}};
}

// A row of a PostgreSQL result, read in place (values arrive as text).
class ResultCells final : public Cells {
 public:
  ResultCells(const PGresult* r, int row) : r_(r), row_(row) {}
  void At(int row) { row_ = row; }
  bool IsNull(std::size_t i) const override { return PQgetisnull(r_, row_, Col(i)) != 0; }
  std::int64_t Int(std::size_t i) const override {
    if (IsNull(i)) return 0;
    const char* v = PQgetvalue(r_, row_, Col(i));
    if (PQftype(r_, Col(i)) == kBoolOid) return v[0] == 't' ? 1 : 0;
    if (IsFloat(i)) return static_cast<std::int64_t>(std::strtod(v, nullptr));
    std::int64_t n = 0;
    std::from_chars(v, v + PQgetlength(r_, row_, Col(i)), n);
    return n;
  }
  double Real(std::size_t i) const override {
    if (IsNull(i)) return 0;
    if (PQftype(r_, Col(i)) == kBoolOid) return static_cast<double>(Int(i));
    return std::strtod(PQgetvalue(r_, row_, Col(i)), nullptr);
  }
  std::string_view View(std::size_t i) const override {
    if (IsNull(i)) return {};
    // A boolean reads as the Row of Query holds it: 1 or 0.
    if (PQftype(r_, Col(i)) == kBoolOid) return PQgetvalue(r_, row_, Col(i))[0] == 't' ? "1" : "0";
    return {PQgetvalue(r_, row_, Col(i)), static_cast<std::size_t>(PQgetlength(r_, row_, Col(i)))};
  }

 private:
  static int Col(std::size_t i) { return static_cast<int>(i); }
  bool IsFloat(std::size_t i) const {
    const Oid type = PQftype(r_, Col(i));
    return type == kFloat4Oid || type == kFloat8Oid || type == kNumericOid;
  }
  const PGresult* r_;
  int row_;
};

class PgConnection final : public Connection {
 public:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  ~PgConnection() override { PQfinish(conn_); }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  Result<Rows> Query(std::string_view sql, std::span<const Value> params) override {
    auto res = Run(sql, params);
    if (!res) return tl::unexpected(res.error());
    std::unique_ptr<PGresult, void (*)(PGresult*)> r(*res, PQclear);
    // Values converted by column type, through the same reading as Each.
    Rows rows;
    const int nrows = PQntuples(r.get()), ncols = PQnfields(r.get());
    rows.reserve(nrows);
    ResultCells cells(r.get(), 0);
    for (int i = 0; i < nrows; ++i) {
      cells.At(i);
      Row row;
      row.values.reserve(ncols);
      for (int c = 0; c < ncols; ++c) {
        const auto k = static_cast<std::size_t>(c);
        const Oid type = PQftype(r.get(), c);
        if (cells.IsNull(k))
          row.values.emplace_back(std::monostate{});
        else if (type == kInt8Oid || type == kInt4Oid || type == kInt2Oid || type == kBoolOid)
          row.values.emplace_back(cells.Int(k));
        else if (type == kFloat4Oid || type == kFloat8Oid || type == kNumericOid)
          row.values.emplace_back(cells.Real(k));
        else
          row.values.emplace_back(std::string(cells.View(k)));
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

  Status Each(std::string_view sql, std::span<const Value> params,
              const std::function<void(const Cells&)>& each) override {
    auto res = Run(sql, params);
    if (!res) return tl::unexpected(res.error());
    std::unique_ptr<PGresult, void (*)(PGresult*)> r(*res, PQclear);
    ResultCells cells(r.get(), 0);
    const int nrows = PQntuples(r.get());
    for (int i = 0; i < nrows; ++i) {
      cells.At(i);
      each(cells);
    }
    return {};
  }

  Result<std::int64_t> Exec(std::string_view sql, std::span<const Value> params) override {
    auto res = Run(sql, params);
    if (!res) return tl::unexpected(res.error());
    const std::int64_t n = Affected(*res);
    PQclear(*res);
    return n;
  }

  Result<std::vector<std::int64_t>> ExecMany(std::string_view sql,
                                             const std::vector<std::vector<Value>>& rows) override {
    if (rows.size() < 2) return Connection::ExecMany(sql, rows);
    std::vector<std::int64_t> out;
    out.reserve(rows.size());
    // In batches, so that what is sent and not yet read stays small (libpq's blocking pipeline); what waits goes
    // with the first.
    constexpr std::size_t kBatch = 256;
    for (std::size_t first = 0; first < rows.size(); first += kBatch) {
      std::vector<Waiting> batch;
      for (std::size_t i = first; i < std::min(rows.size(), first + kBatch); ++i) {
        auto w = ToSend(sql, rows[i]);
        if (!w) return tl::unexpected(w.error());
        batch.push_back(std::move(*w));
      }
      auto answers = Pipeline(std::move(batch));
      if (!answers) return tl::unexpected(answers.error());
      for (const auto& a : *answers) out.push_back(Affected(a.get()));
    }
    return out;
  }

  Status ExecLater(std::string_view sql, std::span<const Value> params) override {
    if (!in_transaction_) return Done(Exec(sql, params));
    // Refused now (a NUL in a text), not when it would be sent: a statement never sent must fail the transaction.
    auto w = ToSend(sql, params);
    if (!w) return tl::unexpected(w.error());
    waiting_.push_back(std::move(*w));
    return {};
  }

  Status Begin(std::string_view begin) override {
    if (begin != "BEGIN") {
      auto st = ExecScript(begin);
      open_ = st.has_value();
      return st;
    }
    in_transaction_ = true;
    open_ = false;
    waiting_.push_back(Waiting{nullptr, "BEGIN", {}, {}});
    return {};
  }

  Status Commit() override {
    if (!in_transaction_) {
      open_ = false;
      return ExecScript("COMMIT");
    }
    in_transaction_ = false;
    if (!open_ && waiting_.size() == 1) {  // only BEGIN waits: nothing ran, nothing to commit
      waiting_.clear();
      return {};
    }
    std::vector<Waiting> commit;
    commit.push_back(Waiting{nullptr, "COMMIT", {}, {}});
    auto r = Pipeline(std::move(commit));
    if (!r) return tl::unexpected(r.error());
    open_ = false;
    // A transaction an earlier statement aborted answers COMMIT with ROLLBACK.
    const bool committed = std::strcmp(PQcmdStatus(r->front().get()), "COMMIT") == 0;
    if (!committed) return Fail(ErrorCode::kInternal, "Internal error.", "the transaction rolled back at COMMIT");
    return {};
  }

  void Rollback() override {
    // Not when BEGIN still waits (nothing was sent), nor when the transaction ended at its COMMIT.
    const bool open = open_;
    in_transaction_ = open_ = false;
    waiting_.clear();
    if (open) (void)ExecScript("ROLLBACK");
  }

  Status EachOf(std::span<const Read> reads) override {
    if (reads.size() == 1 && waiting_.empty()) return Each(reads.front().sql, reads.front().params, reads.front().each);
    std::vector<Waiting> asked;
    asked.reserve(reads.size());
    for (const auto& r : reads) {
      auto w = ToSend(r.sql, r.params);
      if (!w) return tl::unexpected(w.error());
      asked.push_back(std::move(*w));
    }
    auto answers = Pipeline(std::move(asked));
    if (!answers) return tl::unexpected(answers.error());
    // Rows are handed on once every result is in and the pipeline is left: a callback that throws leaves the
    // connection as it found it.
    for (std::size_t i = 0; i < reads.size(); ++i) {
      const PGresult* r = (*answers)[i].get();
      ResultCells cells(r, 0);
      const int nrows = PQntuples(r);
      for (int k = 0; k < nrows; ++k) {
        cells.At(k);
        reads[i].each(cells);
      }
    }
    return {};
  }

  Status ExecScript(std::string_view sql) override {
    if (auto st = SendWaiting(); !st) return st;
    std::string copy(sql);
    PGresult* r = PQexec(conn_, copy.c_str());
    ExecStatusType status = PQresultStatus(r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      auto err = PgError(conn_, r, sql);
      PQclear(r);
      return tl::unexpected(err);
    }
    PQclear(r);
    return {};
  }

  Engine engine() const override { return Engine::kPostgres; }

  //! Restores a broken connection; prepared statements are gone with it.
  bool EnsureHealthy() {
    waiting_.clear();
    in_transaction_ = open_ = false;
    if (PQstatus(conn_) == CONNECTION_OK) return true;
    PQreset(conn_);
    statements_.clear();
    return PQstatus(conn_) == CONNECTION_OK;
  }

 private:
  //! A statement's text and its prepared name on this connection.
  using Statement = std::pair<const std::string, std::string>;

  //! The statement as prepared on this connection, preparing it the first time.
  Result<const Statement*> Prepare(std::string_view sql) {
    std::string key(sql);
    auto it = statements_.find(key);
    if (it == statements_.end()) {
      std::string name = "s";
      name += std::to_string(statements_.size() + 1);
      std::string rewritten = RewritePlaceholders(sql);
      PGresult* prep = PQprepare(conn_, name.c_str(), rewritten.c_str(), 0, nullptr);
      if (PQresultStatus(prep) != PGRES_COMMAND_OK) {
        auto err = PgError(conn_, prep, sql);
        PQclear(prep);
        return tl::unexpected(err);
      }
      PQclear(prep);
      it = statements_.emplace(std::move(key), std::move(name)).first;
    }
    return &*it;
  }

  Result<PGresult*> Run(std::string_view sql, std::span<const Value> params) {
    auto w = ToSend(sql, params);
    if (!w) return tl::unexpected(w.error());
    if (!waiting_.empty()) {  // sent after what waits, in one round trip
      std::vector<Waiting> now;
      now.push_back(std::move(*w));
      auto r = Pipeline(std::move(now));
      if (!r) return tl::unexpected(r.error());
      return r->front().release();
    }
    const std::vector<const char*> values = w->Values();
    PGresult* r = PQexecPrepared(conn_, w->statement->second.c_str(), static_cast<int>(values.size()), values.data(),
                                 nullptr, nullptr, 0);
    ExecStatusType status = PQresultStatus(r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      auto err = PgError(conn_, r, sql);
      PQclear(r);
      return tl::unexpected(err);
    }
    return r;
  }

  //! Parameters as libpq's text values (null stays a null pointer).
  static Status Texts(std::span<const Value> params, std::vector<std::string>& text, std::vector<const char*>& values) {
    text.assign(params.size(), std::string());
    values.assign(params.size(), nullptr);
    for (std::size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (auto* n = std::get_if<std::int64_t>(&v))
        text[i] = std::to_string(*n);
      else if (auto* d = std::get_if<double>(&v)) {
        char buf[32];  // shortest text that reads back as the same double
        text[i].assign(buf, std::to_chars(buf, buf + sizeof buf, *d).ptr);
      } else if (auto* s = std::get_if<std::string>(&v)) {
        // libpq reads parameters as C strings: a NUL would cut the value silently. Never store less
        // than was given (the input layer refuses NUL first; this is the last line).
        if (s->find('\0') != std::string::npos)
          return tl::unexpected(Error{ErrorCode::kInvalid,
                                      "Text cannot contain a NUL character.",
                                      "NUL in parameter " + std::to_string(i + 1),
                                      {},
                                      {},
                                      {}});
        text[i] = *s;
      } else
        continue;
      values[i] = text[i].c_str();
    }
    return {};
  }

  // ---- statements that wait (ExecLater) inside a write transaction ----
  //! A statement to send: prepared (name) or plain text without parameters (BEGIN, COMMIT).
  struct Waiting {
    const Statement* statement;
    const char* plain;
    std::vector<std::string> text;
    std::vector<bool> null;
    //! The parameters as libpq reads them (valid while this lives).
    std::vector<const char*> Values() const {
      std::vector<const char*> values(text.size());
      for (std::size_t i = 0; i < text.size(); ++i) values[i] = null[i] ? nullptr : text[i].c_str();
      return values;
    }
  };

  //! Sends what waits, in one round trip.
  Status SendWaiting() {
    if (waiting_.empty()) return {};
    auto r = Pipeline({});
    if (!r) return tl::unexpected(r.error());
    return {};
  }

  //! The rows a statement changed.
  static std::int64_t Affected(PGresult* r) {
    const char* affected = PQcmdTuples(r);
    std::int64_t n = 0;
    if (affected && *affected) std::from_chars(affected, affected + std::strlen(affected), n);
    return n;
  }

  //! A statement's result, cleared when dropped.
  using Answer = std::unique_ptr<PGresult, void (*)(PGresult*)>;

  //! Sends every waiting statement and then `asked` in pipeline mode, one round trip, and returns the results of
  //! `asked`, in order. The first failure is the answer (PostgreSQL skips the rest); what waited is gone either way.
  Result<std::vector<Answer>> Pipeline(std::vector<Waiting> asked) {
    std::vector<Waiting> batch = std::move(waiting_);
    waiting_.clear();
    const std::size_t first_asked = batch.size();
    for (auto& w : asked) batch.push_back(std::move(w));
    if (PQenterPipelineMode(conn_) != 1)
      return Fail(ErrorCode::kUnavailable, "The database is unavailable; try again.", PQerrorMessage(conn_));
    std::optional<Error> failed;
    std::size_t sent = 0;
    for (const auto& w : batch) {
      int ok = 0;
      if (w.plain) {
        ok = PQsendQueryParams(conn_, w.plain, 0, nullptr, nullptr, nullptr, nullptr, 0);
        if (ok == 1 && std::strcmp(w.plain, "BEGIN") == 0) open_ = true;
      } else {
        const std::vector<const char*> values = w.Values();
        ok = PQsendQueryPrepared(conn_, w.statement->second.c_str(), static_cast<int>(values.size()), values.data(),
                                 nullptr, nullptr, 0);
      }
      if (ok != 1) {
        failed = Error{
            ErrorCode::kUnavailable, "The database is unavailable; try again.", PQerrorMessage(conn_), {}, {}, {}};
        break;
      }
      ++sent;
    }
    PQpipelineSync(conn_);
    // Every result is read, up to the sync, before the pipeline is left (even after a failure).
    std::vector<Answer> answers;
    answers.reserve(batch.size() - first_asked);
    for (std::size_t i = 0; i < sent; ++i) {
      while (PGresult* r = PQgetResult(conn_)) {
        Answer kept(r, PQclear);
        const ExecStatusType status = PQresultStatus(r);
        const bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
        if (!ok && !failed && status != PGRES_PIPELINE_ABORTED)
          failed = PgError(conn_, r, batch[i].plain ? std::string_view(batch[i].plain) : batch[i].statement->first);
        if (ok && i >= first_asked && answers.size() == i - first_asked) answers.push_back(std::move(kept));
      }
    }
    while (PGresult* r = PQgetResult(conn_)) {  // the sync's own result
      const bool sync = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
      PQclear(r);
      if (sync) break;
    }
    PQexitPipelineMode(conn_);
    if (failed) return tl::unexpected(*failed);
    if (answers.size() != batch.size() - first_asked)
      return Fail(ErrorCode::kUnavailable, "The database is unavailable; try again.", PQerrorMessage(conn_));
    return answers;
  }

  //! A statement to send, prepared, with its parameters as text (a NUL in a text is refused here).
  Result<Waiting> ToSend(std::string_view sql, std::span<const Value> params) {
    auto statement = Prepare(sql);
    if (!statement) return tl::unexpected(statement.error());
    Waiting w{*statement, nullptr, {}, {}};
    std::vector<const char*> values;
    if (auto st = Texts(params, w.text, values); !st) return tl::unexpected(st.error());
    w.null.reserve(values.size());
    for (const char* v : values) w.null.push_back(v == nullptr);
    return w;
  }

  PGconn* conn_;
  std::unordered_map<std::string, std::string> statements_;
  std::vector<Waiting> waiting_;
  bool in_transaction_ = false;  // a write transaction whose statements may wait (Begin … Commit or Rollback)
  bool open_ = false;            // its BEGIN was sent, and its COMMIT not yet answered
};

class PgDatabase final : public Database {
 public:
  PgDatabase(std::vector<std::unique_ptr<PgConnection>> conns, void (*report)(std::string_view, std::string_view))
      : pool_(std::move(conns)), report_(report) {}

  Status ReadTransaction(const std::function<Status(Connection&)>& fn) override {
    return Lend([&](PgConnection& c) { return fn(c); });
  }

  Result<Connection*> HoldRead() override {
    PgConnection* c = pool_.Acquire();
    if (auto st = Healthy(*c); !st) {
      pool_.Release(c);
      return tl::unexpected(st.error());
    }
    return c;
  }

  void ReleaseRead(Connection* c) override { pool_.Release(static_cast<PgConnection*>(c)); }

  Status WriteTransaction(const std::function<Status(Connection&)>& fn) override {
    Status st = Lend([&](PgConnection& c) { return InTransaction(c, "BEGIN", fn); });
    writes_.fetch_add(1, std::memory_order_relaxed);
    if (NoteWrite(st, true) && report_) report_("storage_full", st.error().internal_detail);
    return st;
  }

  Engine engine() const override { return Engine::kPostgres; }
  PoolStats Stats() const override {
    PoolStats stats = pool_.Stats();
    stats.write_batches = stats.batched_writes = writes_.load(std::memory_order_relaxed);
    return stats;
  }

  Status Checkpoint() override { return {}; }

  Status Backup(const std::string&) override {
    return Fail(ErrorCode::kInvalid, "Back up PostgreSQL with pg_dump (see docs/operations.md).");
  }

 private:
  template <typename F>
  Status Lend(F&& fn) {
    return pool_.Lend([&](PgConnection& c) -> Status {
      if (auto st = Healthy(c); !st) return st;
      return fn(c);
    });
  }

  //! A connection taken from the pool works, reconnected if it had broken.
  static Status Healthy(PgConnection& c) {
    if (!c.EnsureHealthy()) return Fail(ErrorCode::kUnavailable, "The database is unavailable; try again.");
    return {};
  }

  Pool<PgConnection> pool_;
  void (*report_)(std::string_view, std::string_view);
  std::atomic<std::uint64_t> writes_{0};
};

Result<std::unique_ptr<Database>> OpenPostgres(const std::string& conninfo, const OpenOptions& options,
                                               void (*report)(std::string_view, std::string_view)) {
  std::vector<std::unique_ptr<PgConnection>> conns;
  for (int i = 0; i < std::max(1, options.pool_size); ++i) {
    PGconn* conn = PQconnectdb(conninfo.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
      std::string detail = PQerrorMessage(conn);
      PQfinish(conn);
      return Fail(ErrorCode::kUnavailable, "The database cannot be reached.", detail);
    }
    auto c = std::make_unique<PgConnection>(conn);
    if (auto st = c->ExecScript("SET client_min_messages TO warning; SET TIME ZONE 'UTC'"); !st)
      return tl::unexpected(st.error());
    conns.push_back(std::move(c));
  }
  return std::unique_ptr<Database>(new PgDatabase(std::move(conns), report));
}

// https://www.postgresql.org/docs/15/libpq-notify.html — waits on the connection's socket with poll()
// and drains PQnotifies after PQconsumeInput.
bool Listen(const std::string& url, const std::string& channel, const std::atomic<bool>& stop,
            const std::function<void()>& listening, const std::function<void(std::string)>& note) {
  PGconn* conn = PQconnectdb(url.c_str());
  bool ok = PQstatus(conn) == CONNECTION_OK;
  if (ok) {
    char* quoted = PQescapeIdentifier(conn, channel.c_str(), channel.size());
    PGresult* res = PQexec(conn, ("LISTEN " + std::string(quoted ? quoted : "")).c_str());
    PQfreemem(quoted);
    ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
  }
  if (ok) {
    listening();
    pollfd pfd{PQsocket(conn), POLLIN, 0};
    while (!stop) {
      int n = poll(&pfd, 1, 200);
      if (n < 0 || (n > 0 && !PQconsumeInput(conn))) break;
      while (PGnotify* notice = PQnotifies(conn)) {
        std::string payload = notice->extra;
        PQfreemem(notice);
        note(std::move(payload));
      }
    }
  }
  PQfinish(conn);
  return ok;
}

}  // namespace
}  // namespace duet::db

DUET_MODULE_EXPORT const duet::module::PostgresApi* duet_postgres_api() {
  static const duet::module::PostgresApi api{duet::db::OpenPostgres, duet::db::Listen};
  return &api;
}
