#pragma once
// What every service benchmark starts from: a fresh database (SQLite in a temp directory, or the
// PostgreSQL named by DUET_BENCH_PG) with the demo practice seeded through the real services, and
// its owner as the caller.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "app/app.hpp"
#include "app/demo.hpp"
#include "platform/crypto.hpp"

namespace duet::bench {

//! Aborts the benchmark run when setup fails (a figure over a broken setup would mislead).
template <typename R>
void Check(const R& r, const char* what) {
  if (r) return;
  std::fprintf(stderr, "bench setup (%s): %s %s\n", what, r.error().public_message.c_str(),
               r.error().internal_detail.c_str());
  std::abort();
}

struct SeededApp {
  std::filesystem::path dir;
  SystemClock clock;
  std::unique_ptr<app::App> app;
  Principal owner;
  practice::Origin origin{"bench", "bench"};

  //! `database` empty: SQLite in a temp directory.
  explicit SeededApp(const std::string& database) {
    dir = std::filesystem::temp_directory_path() / ("duet-bench-" + crypto::RandomToken(6));
    std::filesystem::create_directories(dir);
    app::Config config;
    config.var_dir = dir.string();
    config.database = database.empty() ? "sqlite:" + (dir / "bench.db").string() : database;
    config.reminder_offsets = "";
    auto created = app::App::Create(config, clock);
    Check(created, "app");
    app = std::move(*created);
    auto practice_id = app::SeedDemoPractice(*app, false);
    Check(practice_id, "demo");
    owner.practice_id = *practice_id;
    owner.role = Role::kOwner;
    auto users = app->identity().ListUsers(owner);
    Check(users, "users");
    for (const auto& u : *users)
      if (u.email == "owner@demo.example.com") {
        owner.user_id = u.id;
        owner.display_name = u.display_name;
      }
  }
  ~SeededApp() {
    app.reset();
    std::filesystem::remove_all(dir);
  }
};

//! One seeded practice per database for the whole run (a database holds the demo practice once).
SeededApp& SharedApp(const std::string& database);

}  // namespace duet::bench
