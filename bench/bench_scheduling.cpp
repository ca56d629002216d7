// Booking throughput (every rule, durable and audited) and the week view of a 50-clinician practice,
// through the real services on SQLite and, when DUET_BENCH_PG names a database, on PostgreSQL.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <map>

#include "fixture.hpp"
#include "scheduling/rules.hpp"
#include "scheduling/store.hpp"

namespace duet {
namespace {

using bench::Check;

struct Practice {
  bench::SeededApp& seeded;
  SystemClock& clock;
  std::unique_ptr<app::App>& app;
  Principal& owner;
  std::string rowan, alex, therapy;
  std::vector<std::string> clinicians, clients;
  EpochSeconds week_start = 0;

  explicit Practice(const std::string& database)
      : seeded(bench::SharedApp(database)), clock(seeded.clock), app(seeded.app), owner(seeded.owner) {
    practice::Origin origin{"bench", "bench"};
    auto listed = app->practice().ListClinicians(owner);
    Check(listed, "clinicians");
    for (const auto& k : *listed) {
      clinicians.push_back(k.id);
      if (k.given_name == "Rowan") rowan = k.id;
    }
    for (int i = static_cast<int>(clinicians.size()); i < 50; ++i) {
      practice::Clinician k;
      k.given_name = "Bench";
      k.family_name = "Clinician" + std::to_string(i);
      k.home_state = "CO";
      k.time_zone = "America/Denver";
      k.credentials = "LPC";
      auto made = app->practice().CreateClinician(owner, k, origin);
      if (!made) {
        std::fprintf(stderr, "clinician: %s\n", made.error().public_message.c_str());
        std::abort();
      }
      clinicians.push_back(made->id);
    }
    auto page = app->practice().SearchClients(owner, "", std::nullopt, std::nullopt, 100, origin);
    Check(page, "clients");
    for (const auto& c : page->items) {
      clients.push_back(c.id);
      if (c.given_name == "Alex") alex = c.id;
    }
    auto services = app->scheduling().ListServices(owner);
    Check(services, "services");
    for (const auto& s : *services)
      if (s.cpt_code == "90834") therapy = s.id;
    // Four weeks of 25 visits a week per clinician, inserted directly (the week view is measured).
    week_start = scheduling::FromLocal(DateOf(clock.Now()) + date::days{400}, 0, "America/Denver");
    (void)app->database().WithWrite([&](db::Connection& c) -> Status {
      for (std::size_t k = 0; k < clinicians.size(); ++k)
        for (int w = -2; w < 2; ++w)
          for (int v = 0; v < 25; ++v) {
            scheduling::Appointment a;
            a.id = crypto::NewId();
            a.practice_id = owner.practice_id;
            a.clinician_id = clinicians[k];
            a.client_ids = {clients[(k + v) % clients.size()]};
            a.service_id = therapy;
            a.mode = v % 3 == 0 ? scheduling::VisitMode::kInPerson : scheduling::VisitMode::kVideo;
            a.start = week_start + w * 7 * 86400 + (v / 5) * 86400 + (9 + v % 5) * 3600;
            a.end = a.start + 50 * 60;
            a.time_zone = "America/Denver";
            a.created_at = clock.Now();
            if (auto st = scheduling::store::InsertAppointment(c, a, owner.user_id); !st) return st;
          }
      return {};
    });
  }
};

Practice& Shared(const std::string& database) {
  static std::map<std::string, std::unique_ptr<Practice>> all;
  auto& p = all[database];
  if (!p) p = std::make_unique<Practice>(database);
  return *p;
}

void BookVideoVisits(benchmark::State& state, std::string database) {
  auto& p = Shared(database);
  practice::Origin origin{"bench", "bench"};
  EpochSeconds base = p.clock.Now() + 86400;
  static std::int64_t n = 0;
  std::int64_t failures = 0;
  for (auto _ : state) {
    scheduling::NewAppointment r;
    r.clinician_id = p.rowan;
    r.client_ids = {p.alex};
    r.service_id = p.therapy;
    r.mode = scheduling::VisitMode::kVideo;
    r.start = base + (n++) * 1800;  // 25-minute visits every half hour, around the clock
    r.end = r.start + 25 * 60;
    r.override_reason = "benchmark";
    auto a = p.app->scheduling().Book(p.owner, r, origin);
    if (!a && failures++ == 0) std::fprintf(stderr, "booking refused: %s\n", a.error().public_message.c_str());
  }
  state.counters["failures"] = static_cast<double>(failures);
  state.SetItemsProcessed(state.iterations());
}

void WeekOfPractice(benchmark::State& state, std::string database) {
  auto& p = Shared(database);
  practice::Origin origin{"bench", "bench"};
  std::size_t n = 0;
  for (auto _ : state) {
    auto list = p.app->scheduling().ListAppointments(p.owner, std::nullopt, std::nullopt, p.week_start,
                                                     p.week_start + 7 * 86400, origin);
    n = list ? list->size() : 0;
    benchmark::DoNotOptimize(n);
  }
  state.counters["visits"] = static_cast<double>(n);
}

void WeekOfOneClinician(benchmark::State& state, std::string database) {
  auto& p = Shared(database);
  practice::Origin origin{"bench", "bench"};
  std::size_t n = 0;
  for (auto _ : state) {
    auto list = p.app->scheduling().ListAppointments(p.owner, p.clinicians[7], std::nullopt, p.week_start,
                                                     p.week_start + 7 * 86400, origin);
    n = list ? list->size() : 0;
    benchmark::DoNotOptimize(n);
  }
  state.counters["visits"] = static_cast<double>(n);
}

const bool registered = [] {
  crypto::Init();
  std::vector<std::pair<std::string, std::string>> engines = {{"sqlite", ""}};
  if (const char* pg = std::getenv("DUET_BENCH_PG"); pg && *pg) engines.emplace_back("postgres", pg);
  for (const auto& [name, url] : engines) {
    benchmark::RegisterBenchmark(("BM_BookVideoVisit/" + name).c_str(), BookVideoVisits, url)
        ->Iterations(1000)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark(("BM_WeekView50Clinicians/" + name).c_str(), WeekOfPractice, url)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark(("BM_WeekViewOneClinician/" + name).c_str(), WeekOfOneClinician, url)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  }
  return true;
}();

}  // namespace
}  // namespace duet
