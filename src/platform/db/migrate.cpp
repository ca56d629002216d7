// Numbered migrations (migrations/NNNN_name.sql, plus NNNN_name.sqlite.sql / .postgres.sql for the
// few statements the engines spell differently), run at start-up in one transaction.
#include <algorithm>
#include <charconv>
#include <ctime>
#include <map>

#include "platform/db/db.hpp"
#include "platform/embedded.hpp"

namespace duet::db {
namespace {

struct Step {
  int version = 0;
  std::string name;
  std::vector<std::string_view> scripts;
};

std::map<int, Step> StepsFor(Engine engine) {
  std::map<int, Step> steps;
  std::vector<EmbeddedFile> files = EmbeddedMigrations();
  std::sort(files.begin(), files.end(), [](auto& a, auto& b) { return a.name < b.name; });
  // The shared file of a version runs before its engine-specific one: "0001_x.sql" sorts after
  // "0001_x.postgres.sql", so order explicitly.
  std::stable_sort(files.begin(), files.end(), [](auto& a, auto& b) {
    auto specific = [](std::string_view n) { return n.ends_with(".sqlite.sql") || n.ends_with(".postgres.sql"); };
    int va = 0, vb = 0;
    std::from_chars(a.name.data(), a.name.data() + 4, va);
    std::from_chars(b.name.data(), b.name.data() + 4, vb);
    if (va != vb) return va < vb;
    return !specific(a.name) && specific(b.name);
  });
  for (const auto& f : files) {
    int version = 0;
    std::from_chars(f.name.data(), f.name.data() + std::min<std::size_t>(4, f.name.size()), version);
    if (version <= 0) continue;
    bool sqlite_only = f.name.ends_with(".sqlite.sql");
    bool postgres_only = f.name.ends_with(".postgres.sql");
    if (sqlite_only && engine != Engine::kSqlite) continue;
    if (postgres_only && engine != Engine::kPostgres) continue;
    Step& step = steps[version];
    step.version = version;
    constexpr std::string_view kSqliteSuffix = ".sqlite.sql", kPostgresSuffix = ".postgres.sql";
    if (!sqlite_only && !postgres_only)
      step.name = std::string(f.name.substr(0, f.name.size() - 4));
    else if (step.name.empty())  // a version only this engine has: named by its own file
      step.name =
          std::string(f.name.substr(0, f.name.size() - (sqlite_only ? kSqliteSuffix.size() : kPostgresSuffix.size())));
    step.scripts.push_back(f.text);
  }
  return steps;
}

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT "
    "NOT NULL)";

}  // namespace

Result<int> Migrate(Database& db) {
  auto steps = StepsFor(db.engine());
  return db.Write([&](Connection& c) -> Result<int> {
    if (c.engine() == Engine::kPostgres) {
      // Several servers may start at once; one migrates, the others wait and find nothing to do.
      if (auto r = c.Query("SELECT pg_advisory_xact_lock(740301)"); !r) return tl::unexpected(r.error());
    }
    if (auto st = c.ExecScript(kCreateTable); !st) return tl::unexpected(st.error());
    auto applied_rows = c.Query("SELECT version, name FROM schema_migrations");
    if (!applied_rows) return tl::unexpected(applied_rows.error());
    std::vector<std::int64_t> applied;
    for (auto& r : *applied_rows) {
      applied.push_back(r.Int(0));
      // A version only one engine has was recorded without a name before 2026-12-05: named now.
      auto step = steps.find(static_cast<int>(r.Int(0)));
      if (r.Text(1).empty() && step != steps.end() && !step->second.name.empty())
        if (auto u = c.Exec("UPDATE schema_migrations SET name = ? WHERE version = ?", {step->second.name, r.Int(0)});
            !u)
          return tl::unexpected(u.error());
    }
    int ran = 0;
    for (auto& [version, step] : steps) {
      if (std::find(applied.begin(), applied.end(), version) != applied.end()) continue;
      for (auto script : step.scripts) {
        if (auto st = c.ExecScript(script); !st) {
          Error e = st.error();
          e.internal_detail = "migration " + step.name + ": " + e.internal_detail;
          return tl::unexpected(e);
        }
      }
      auto ins = c.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                        {static_cast<std::int64_t>(version), step.name, static_cast<std::int64_t>(std::time(nullptr))});
      if (!ins) return tl::unexpected(ins.error());
      ++ran;
    }
    return ran;
  });
}

Result<std::pair<int, int>> MigrationVersions(Database& db) {
  auto steps = StepsFor(db.engine());
  int newest = steps.empty() ? 0 : steps.rbegin()->first;
  auto applied = db.Read([](Connection& c) -> Result<int> {
    auto rows = c.Query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (!rows) return tl::unexpected(rows.error());
    return static_cast<int>(rows->empty() ? 0 : rows->front().Int(0));
  });
  if (!applied) return tl::unexpected(applied.error());
  return std::make_pair(newest, *applied);
}

}  // namespace duet::db
