// Insurance billing's figures (issue 15's targets): the coding rule over 10,000 visits (< 1 s), an
// 837P of 1,000 claims (< 200 ms), and an 835 of 10,000 service lines read and posted through the real
// billing service — every claim matched, updated with its charge and audited in one transaction —
// (< 2 s) on SQLite and, when DUET_BENCH_PG names a database, on PostgreSQL.
#include <benchmark/benchmark.h>

#include <cstdlib>

#include "billing/rules.hpp"
#include "billing/rules_x12.hpp"
#include "billing/store.hpp"
#include "fixture.hpp"
#include "scheduling/store.hpp"

namespace duet::billing {
namespace {

// A mix like a hybrid practice's week: psychotherapy in person and by video (some dropped to audio),
// prescriber visits with add-ons, family sessions, and rehab visits with several timed codes.
std::vector<VisitFacts> Visits(std::size_t n) {
  std::vector<VisitFacts> out;
  out.reserve(n);
  const Date day = *ParseDate("2026-12-07");
  for (std::size_t i = 0; i < n; ++i) {
    VisitFacts v;
    v.date_of_service = day;
    v.diagnoses = {"F41.1", "F32.1"};
    v.minutes = 20 + static_cast<int>(i % 50);
    switch (i % 5) {
      case 0:
        v.cpt = "90834";
        break;
      case 1:
        v.cpt = "90837";
        v.booked = v.delivered = Delivery::kVideo;
        v.where = ClientLocation::kHome;
        if (i % 10 == 1) {
          v.delivered = Delivery::kAudio;
          v.video_minutes = 10;
          v.audio_minutes = v.minutes - 10;
        }
        break;
      case 2:
        v.cpt = "99214";
        v.em_minutes = 25;
        v.psychotherapy_minutes = 30;
        v.complexity_factor = "interpreter";
        break;
      case 3:
        v.cpt = "90847";
        break;
      default:
        v.cpt = "97110";
        v.therapy = Therapy::kPhysical;
        v.timed_minutes = {{"97110", 23}, {"97140", 15}, {"97530", 9}};
        v.assistant = i % 2 == 0;
        break;
    }
    out.push_back(std::move(v));
  }
  return out;
}

void BM_CodeVisits(benchmark::State& state) {
  auto visits = Visits(static_cast<std::size_t>(state.range(0)));
  PayerRules payer;
  payer.telehealth_windows = {{"97", std::nullopt, *ParseDate("2027-12-31"), "window"}};
  for (auto _ : state) {
    std::size_t lines = 0;
    for (const auto& v : visits) lines += CodeVisit(v, payer).lines.size();
    benchmark::DoNotOptimize(lines);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_CodeVisits)->Arg(10'000)->Unit(benchmark::kMillisecond);

BillingProvider Provider() {
  BillingProvider p;
  p.name = "Bench Practice LLC";
  p.npi = "1287654325";
  p.tax_id = "000000000";
  p.taxonomy = "101YP2500X";
  p.address_line = "100 Demo Street";
  p.city = "Portland";
  p.state = "OR";
  p.postal_code = "972040001";
  p.phone = "5035550100";
  return p;
}

Claim BenchClaim(std::size_t i) {
  Claim c;
  c.id = "claim-" + std::to_string(i);
  c.number = "DU" + std::to_string(10'000'000 + i);
  c.client_name = "Alex Morgan";
  c.date_of_service = *ParseDate("2026-12-07");
  c.detail.payer_name = "Aetna";
  c.detail.payer_id = "60054";
  c.detail.subscriber = {"Alex",     "Morgan",   "1991-03-14", "U",    "W" + std::to_string(100000 + i),
                         "1 Oak St", "Portland", "OR",         "97204"};
  if (i % 4 == 0) {
    c.detail.relationship = "child";
    c.detail.patient = c.detail.subscriber;
    c.detail.subscriber.given_name = "Sam";
  }
  c.detail.rendering_given_name = "Rowan";
  c.detail.rendering_family_name = "Stone";
  c.detail.rendering_npi = "1245319599";
  c.detail.rendering_taxonomy = "101YP2500X";
  c.detail.diagnoses = {"F41.1", "Z63.72"};
  c.detail.pos = "10";
  c.status = ClaimStatus::kSent;
  c.lines = {ClaimLine{"90834", {"95"}, 1, 15000, "10", {1, 2}, 0, {}, ""},
             ClaimLine{"90785", {"95"}, 1, 2000, "10", {1}, 0, {}, ""}};
  c.total = 17000;
  return c;
}

void BM_Write837P(benchmark::State& state) {
  std::vector<Claim> claims;
  for (std::int64_t i = 0; i < state.range(0); ++i) claims.push_back(BenchClaim(static_cast<std::size_t>(i)));
  Interchange envelope{"SUBMITTER1", "CLEARHOUSE", "Bench Clearinghouse", 42, 1796300000, false};
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto file = Write837P(envelope, Provider(), claims);
    bytes = file.size();
    benchmark::DoNotOptimize(file);
  }
  state.counters["bytes"] = static_cast<double>(bytes);
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Write837P)->Arg(1'000)->Unit(benchmark::kMillisecond);

//! An 835 paying each claim in part (two lines, coinsurance to the client, the rest contractual).
std::string Era(const std::vector<Claim>& claims, const std::string& trace) {
  std::string body = "BPR*I*" + X12Amount(static_cast<std::int64_t>(claims.size()) * 12000) +
                     "*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20261210~TRN*1*" + trace +
                     "*1512345678~N1*PR*AETNA~LX*1~";
  for (const auto& c : claims) {
    body += "CLP*" + c.number + "*1*170*120*30*12*PCN" + c.number + "~NM1*QC*1*MORGAN*ALEX~";
    body += "SVC*HC:90834:95*150*120~DTM*472*20261207~CAS*PR*2*30~REF*6R*1~";
    body += "SVC*HC:90785:95*20*0~DTM*472*20261207~CAS*CO*45*20~REF*6R*2~";
  }
  int segments = 2;
  for (char ch : body) segments += ch == '~';
  return "ISA*00*          *00*          *ZZ*AETNA          *ZZ*SUBMITTER1     *261210*1200*^*00501*000000777*0*P*:~"
         "GS*HP*AETNA*SUBMITTER1*20261210*1200*777*X*005010X221A1~ST*835*0001~" +
         body + "SE*" + std::to_string(segments) + "*0001~GE*1*777~IEA*1*000000777~";
}

void BM_Parse835(benchmark::State& state) {
  std::vector<Claim> claims;
  for (std::int64_t i = 0; i < state.range(0) / 2; ++i) claims.push_back(BenchClaim(static_cast<std::size_t>(i)));
  const std::string file = Era(claims, "EFT-BENCH");
  for (auto _ : state) {
    auto r = Parse835(file);
    if (!r) state.SkipWithError(r.error().reason.c_str());
    benchmark::DoNotOptimize(r);
  }
  state.counters["bytes"] = static_cast<double>(file.size());
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Parse835)->Arg(10'000)->Unit(benchmark::kMillisecond);

// Posting through the service: 5,000 sent claims of 5,000 visits (two lines each), each with its charge.
struct Claimed {
  bench::SeededApp& p;
  std::vector<Claim> claims;

  explicit Claimed(const std::string& database) : p(bench::SharedApp(database)) {
    auto& app = *p.app;
    auto clinicians = app.practice().ListClinicians(p.owner);
    bench::Check(clinicians, "clinicians");
    auto page = app.practice().SearchClients(p.owner, "", std::nullopt, std::nullopt, 100, p.origin);
    bench::Check(page, "clients");
    auto services = app.scheduling().ListServices(p.owner);
    bench::Check(services, "services");
    const auto& clinician = clinicians->front();
    const auto& client = page->items.front();
    const EpochSeconds start = p.clock.Now() - 400 * 86400;
    auto st = app.database().WithWrite([&](db::Connection& c) -> Status {
      for (std::size_t i = 0; i < 5'000; ++i) {
        scheduling::Appointment a;
        a.id = crypto::NewId();
        a.practice_id = p.owner.practice_id;
        a.clinician_id = clinician.id;
        a.client_ids = {client.id};
        a.service_id = services->front().id;
        a.mode = scheduling::VisitMode::kVideo;
        a.start = start + static_cast<EpochSeconds>(i) * 3600;
        a.end = a.start + 50 * 60;
        a.time_zone = "America/Denver";
        a.created_at = p.clock.Now();
        if (auto s = scheduling::store::InsertAppointment(c, a, p.owner.user_id); !s) return s;
        Charge h;
        h.id = crypto::NewId();
        h.appointment_id = a.id;
        h.client_id = client.id;
        h.clinician_id = clinician.id;
        h.note_id = "note";
        h.date_of_service = DateOf(a.start);
        h.status = ChargeStatus::kClaimed;
        h.fee = 17000;
        auto made = store::InsertCharge(c, p.owner.practice_id, h);
        if (!made) return tl::unexpected(made.error());
        Claim claim = BenchClaim(i);
        claim.id = crypto::NewId();
        claim.charge_id = h.id;
        claim.appointment_id = a.id;
        claim.client_id = client.id;
        claim.clinician_id = clinician.id;
        claim.payer_ref = "bench";
        claim.payer_name = "Aetna";
        if (auto s = store::InsertClaim(c, p.owner.practice_id, claim); !s) return s;
        claims.push_back(std::move(claim));
      }
      return {};
    });
    bench::Check(st, "claims");
  }
};

void PostRemittance(benchmark::State& state, std::string database) {
  static std::map<std::string, std::unique_ptr<Claimed>> all;
  auto& fixture = all[database];
  if (!fixture) fixture = std::make_unique<Claimed>(database);
  auto& p = fixture->p;
  int round = 0;
  int posted = 0;
  for (auto _ : state) {
    state.PauseTiming();
    // Every round posts a new payment (its own trace number) to claims that are sent again.
    auto reset = p.app->database().WithWrite([&](db::Connection& c) -> Status {
      if (auto n = c.Exec("UPDATE claims SET status = 'sent' WHERE practice_id = ?", {p.owner.practice_id}); !n)
        return tl::unexpected(n.error());
      return {};
    });
    bench::Check(reset, "reset");
    const std::string file = Era(fixture->claims, "EFT-" + std::to_string(++round) + "-" + crypto::RandomToken(4));
    state.ResumeTiming();
    auto r = p.app->billing().PostRemittance(p.owner, file, false, p.origin);
    bench::Check(r, "post");
    posted = r->posted;
  }
  state.counters["claims_posted"] = posted;
  state.SetItemsProcessed(state.iterations() * 10'000);
}

const bool registered = [] {
  crypto::Init();
  std::vector<std::pair<std::string, std::string>> engines = {{"sqlite", ""}};
  if (const char* pg = std::getenv("DUET_BENCH_PG"); pg && *pg) engines.emplace_back("postgres", pg);
  for (const auto& [name, url] : engines)
    benchmark::RegisterBenchmark(("BM_Post835_10000Lines/" + name).c_str(), PostRemittance, url)
        ->Iterations(3)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  return true;
}();

}  // namespace
}  // namespace duet::billing
