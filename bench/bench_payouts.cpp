// Payouts' figure (issue 16's target): a weekly run for 200 clinicians and 5,000 visits (< 2 s) — the
// pure statement rule alone, and the whole run through the payouts service (visits with their notes,
// claims and collections read in one statement, every clinician's statement computed, the lines
// written and audited) on SQLite and, when DUET_BENCH_PG names a database, on PostgreSQL. Each
// iteration runs the same draft week again, which replaces its lines.
#include <benchmark/benchmark.h>

#include <cstdlib>

#include "fixture.hpp"
#include "payouts/rules.hpp"
#include "scheduling/rules.hpp"
#include "scheduling/store.hpp"

namespace duet::payouts {
namespace {

constexpr int kClinicians = 200;
constexpr int kVisitsPerClinician = 25;
const Date kWeek = *ParseDate("2026-10-05");

Plan BenchPlan(const std::string& clinician_id) {
  Plan p;
  p.clinician_id = clinician_id;
  p.rates = {{"", "in_person", 7000}, {"", "", 6500}};
  p.late_cancel = {MissedPay::kFixed, 2500, 0};
  return p;
}

void BM_StatementRule(benchmark::State& state) {
  std::vector<Visit> week;
  for (int i = 0; i < kVisitsPerClinician; ++i) {
    Visit v;
    v.appointment_id = "a" + std::to_string(i);
    v.clinician_id = "c";
    v.mode = i % 3 ? "video" : "in_person";
    v.status = i % 10 == 0 ? "late_cancelled" : "completed";
    v.note_signed = i % 7 != 0;
    v.minutes = 53;
    v.on = kWeek + date::days{i % 5};
    week.push_back(v);
  }
  const Plan plan = BenchPlan("c");
  for (auto _ : state) {
    auto lines = StatementLines(plan, week, {});
    benchmark::DoNotOptimize(lines);
  }
}
BENCHMARK(BM_StatementRule)->Unit(benchmark::kMicrosecond);

void WeeklyRun(benchmark::State& state, std::string database) {
  auto& p = bench::SharedApp(database);
  static std::map<std::string, bool> seeded;
  if (!seeded[database]) {
    seeded[database] = true;
    auto listed = p.app->practice().ListClinicians(p.owner);
    bench::Check(listed, "clinicians");
    std::vector<std::string> clinicians;
    for (const auto& k : *listed) clinicians.push_back(k.id);
    for (int i = static_cast<int>(clinicians.size()); i < kClinicians; ++i) {
      practice::Clinician k;
      k.given_name = "Payout";
      k.family_name = "Clinician" + std::to_string(i);
      k.home_state = "CO";
      k.time_zone = "America/Denver";
      auto made = p.app->practice().CreateClinician(p.owner, k, p.origin);
      bench::Check(made, "clinician");
      clinicians.push_back(made->id);
    }
    clinicians.resize(kClinicians);
    auto page = p.app->practice().SearchClients(p.owner, "", std::nullopt, std::nullopt, 100, p.origin);
    bench::Check(page, "clients");
    auto services = p.app->scheduling().ListServices(p.owner);
    bench::Check(services, "services");
    std::string therapy;
    for (const auto& s : *services)
      if (s.cpt_code == "90834") therapy = s.id;
    auto cal = p.app->estimates().CalendarOf(p.owner.practice_id);
    bench::Check(cal, "calendar");
    for (const auto& k : clinicians) bench::Check(p.app->payouts().PutPlan(p.owner, k, BenchPlan(k), p.origin), "plan");
    // 25 visits a week per clinician, held (a few late-cancelled), most with a signed note.
    auto st = p.app->database().WithWrite([&](db::Connection& c) -> Status {
      std::vector<std::vector<db::Value>> notes;
      int n = 0;
      for (const auto& k : clinicians)
        for (int i = 0; i < kVisitsPerClinician; ++i, ++n) {
          scheduling::Appointment a;
          a.id = crypto::NewId();
          a.practice_id = p.owner.practice_id;
          a.clinician_id = k;
          a.client_ids = {page->items[static_cast<std::size_t>(n) % page->items.size()].id};
          a.service_id = therapy;
          a.mode = i % 3 ? scheduling::VisitMode::kVideo : scheduling::VisitMode::kInPerson;
          a.start = scheduling::FromLocal(kWeek + date::days{i % 5}, (8 + i / 5) * 60, cal->time_zone);
          a.end = a.start + 53 * 60;
          a.time_zone = cal->time_zone;
          a.status = i % 10 == 0 ? "late_cancelled" : "completed";
          a.created_at = a.updated_at = a.start - 7 * 86400;
          if (auto in = scheduling::store::InsertAppointment(c, a, p.owner.user_id); !in) return in;
          if (a.status == "completed" && i % 7 != 0)
            notes.push_back({crypto::NewId(), p.owner.practice_id, a.client_ids[0], a.id, p.owner.user_id,
                             std::string("Bench"), std::string("progress"), std::string("soap"), std::int64_t{1},
                             std::string("signed"), std::string(""), std::string(""), a.end, a.end});
        }
      auto in = c.ExecMany(
          "INSERT INTO notes (id, practice_id, client_id, appointment_id, author_user_id, author_name, kind, "
          "template_key, template_version, status, content_sealed, visit_sealed, created_at, updated_at) VALUES "
          "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          notes);
      if (!in) return tl::unexpected(in.error());
      return {};
    });
    bench::Check(st, "visits");
  }
  std::int64_t total = 0;
  std::size_t lines = 0;
  for (auto _ : state) {
    auto run = p.app->payouts().RunWeek(p.owner, {kWeek}, p.origin);
    bench::Check(run, "run");
    total = run->body.total;
    lines = 0;
    for (const auto& s : run->body.statements) lines += s.lines.size();
  }
  state.counters["lines"] = static_cast<double>(lines);
  state.counters["total_cents"] = static_cast<double>(total);
}

const bool registered = [] {
  crypto::Init();
  std::vector<std::pair<std::string, std::string>> engines = {{"sqlite", ""}};
  if (const char* pg = std::getenv("DUET_BENCH_PG"); pg && *pg) engines.emplace_back("postgres", pg);
  for (const auto& [name, url] : engines)
    benchmark::RegisterBenchmark(("BM_WeeklyPayoutRun200x5000/" + name).c_str(), WeeklyRun, url)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime()
        ->Iterations(3);
  return true;
}();

}  // namespace
}  // namespace duet::payouts
