// The chart's objective measures: a rehab client with a year of weekly sessions (six measures each,
// one comment sealed per session) against a plan with two objectives. Measured through the real
// measures service on SQLite and, when DUET_BENCH_PG names a database, on PostgreSQL: reading them
// all with each objective's progress (audited), and recording a session (validated, sealed, audited).
#include <benchmark/benchmark.h>

#include <cstdlib>

#include "fixture.hpp"
#include "measures/rules.hpp"

namespace duet {
namespace {

using bench::Check;

constexpr const char* kPlan = R"({"problems":[{"id":"p1","text":"Weak grasp limits self-care","diagnosis":"F82"}],
  "goals":[{"id":"g1","problem_id":"p1","text":"Dresses independently","objectives":[
    {"id":"o-grip","text":"Functional grip","measure":"Grip strength, right, kg","baseline":"8 kg","target":"14 kg","target_date":"2099-01-01"},
    {"id":"o-peg","text":"Fine motor speed","measure":"Nine-Hole Peg Test, right","baseline":"42 s","target":"30 s","target_date":"2099-01-01"}]}],
  "interventions":[{"text":"Graded grasp work","goal_ids":["g1"]}],"frequency":"weekly","review_due":"2099-01-01"})";

std::vector<measures::ObservationInput> Session(Date on, int week) {
  auto one = [&](const char* code, const char* side, std::optional<double> value, const char* grade,
                 const char* objective) {
    measures::ObservationInput in;
    in.code = code;
    in.side = side;
    in.value = value;
    in.grade = grade;
    in.observed_on = on;
    in.objective_id = objective;
    return in;
  };
  auto s = std::vector<measures::ObservationInput>{one("grip", "right", 8 + week * 0.1, "", "o-grip"),
                                                   one("grip", "left", 10 + week * 0.05, "", ""),
                                                   one("9hpt", "right", 42 - week * 0.2, "", "o-peg"),
                                                   one("mmt.shoulder.flexion", "right", std::nullopt, "4", ""),
                                                   one("rom.wrist.extension", "right", 50 + week * 0.3, "", ""),
                                                   one("copm.performance", "", 4 + week % 5, "", "")};
  s[0].comment = "Reports less fatigue writing; guarded at end range of wrist extension.";
  return s;
}

struct RehabChart {
  bench::SeededApp& p;
  Principal ot;
  std::string client;

  explicit RehabChart(const std::string& database) : p(bench::SharedApp(database)) {
    auto clients = p.app->practice().SearchClients(p.owner, "Emery", std::nullopt, std::nullopt, 5, p.origin);
    Check(clients, "clients");
    client = clients->items.front().id;
    ot = p.owner;
    Check(p.app->plans().Save(p.owner, client, *plans::PlanFromJson(kPlan), p.origin), "plan");
    const Date today = DateOf(p.clock.Now());
    for (int week = 52; week >= 1; --week)
      Check(p.app->measures().Observe(p.owner, client, Session(today - date::days{7 * week}, 52 - week), p.origin),
            "session");
  }
};

RehabChart& Chart(const std::string& database) {
  static std::map<std::string, std::unique_ptr<RehabChart>> all;
  auto& c = all[database];
  if (!c) c = std::make_unique<RehabChart>(database);
  return *c;
}

void ReadAYearOfMeasures(benchmark::State& state, std::string database) {
  auto& c = Chart(database);
  std::size_t n = 0;
  for (auto _ : state) {
    auto r = c.p.app->measures().Observations(c.ot, c.client, c.p.origin);
    n = r ? r->observations.size() : 0;
    benchmark::DoNotOptimize(n);
  }
  state.counters["observations"] = static_cast<double>(n);
}

void RecordASession(benchmark::State& state, std::string database) {
  auto& c = Chart(database);
  const auto session = Session(DateOf(c.p.clock.Now()), 53);
  std::int64_t failures = 0;
  for (auto _ : state)
    if (!c.p.app->measures().Observe(c.ot, c.client, session, c.p.origin)) ++failures;
  state.counters["failures"] = static_cast<double>(failures);
}

void ValidateAndProgress(benchmark::State& state) {
  const measures::ObservationType grip{
      "grip", measures::ObservationKind::kStrength, "Grip", "kg", 0, 120, true, measures::Better::kHigher, {}};
  const auto session = Session(date::sys_days{date::year{2026} / 12 / 1}, 10);
  std::vector<double> values(52);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = 8 + static_cast<double>(i) * 0.1;
  const Date today = date::sys_days{date::year{2026} / 12 / 1};
  for (auto _ : state) {
    auto issues = measures::ValidateObservation(&grip, session[0], today, "observations[0]");
    auto p = measures::ObjectiveProgress("8 kg", "14 kg", values, measures::Better::kHigher);
    benchmark::DoNotOptimize(issues);
    benchmark::DoNotOptimize(p);
  }
}
BENCHMARK(ValidateAndProgress)->Name("BM_ObservationRuleAndProgress");

const bool registered = [] {
  crypto::Init();
  std::vector<std::pair<std::string, std::string>> engines = {{"sqlite", ""}};
  if (const char* pg = std::getenv("DUET_BENCH_PG"); pg && *pg) engines.emplace_back("postgres", pg);
  for (const auto& [name, url] : engines) {
    benchmark::RegisterBenchmark(("BM_ReadYearOfObjectiveMeasures/" + name).c_str(), ReadAYearOfMeasures, url)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark(("BM_RecordSessionOfSixMeasures/" + name).c_str(), RecordASession, url)
        ->Iterations(300)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  }
  return true;
}();

}  // namespace
}  // namespace duet
