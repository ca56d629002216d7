// Client search over 100,000 clients in SQLite, and the licensure coverage computation.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "platform/crypto.hpp"
#include "platform/db/db.hpp"
#include "platform/embedded.hpp"
#include "practice/rules.hpp"
#include "practice/store.hpp"

namespace duet {
namespace {

constexpr int kClients = 100'000;

struct Fixture {
  std::filesystem::path dir;
  std::unique_ptr<db::Database> db;
  Fixture() {
    crypto::Init();
    dir = std::filesystem::temp_directory_path() / ("duet-bench-" + crypto::RandomToken(6));
    std::filesystem::create_directories(dir);
    db = std::move(*db::Open("sqlite:" + (dir / "bench.db").string()));
    (void)db::Migrate(*db);
    const char* given[] = {"Ana", "Ben", "Cara", "Dev",  "Eli",  "Fay", "Gus",  "Hana",
                           "Ivo", "Jun", "Kai",  "Lena", "Milo", "Nia", "Omar", "Pia"};
    const char* family[] = {"Silva", "Brooks", "Chen", "Diaz",   "Evans",  "Fischer", "Garcia", "Hughes",
                            "Ito",   "Jensen", "Khan", "Lopez",  "Moreau", "Novak",   "Okafor", "Patel",
                            "Quinn", "Rossi",  "Sato", "Tanaka", "Ueda",   "Vega"};
    (void)db->WithWrite([&](db::Connection& c) -> Status {
      (void)c.Exec("INSERT INTO practices (id, name, wrapped_key, created_at) VALUES ('p', 'Bench', 'k', 1)");
      for (int i = 0; i < kClients; ++i) {
        practice::Client k;
        k.id = crypto::NewId();
        k.practice_id = "p";
        k.given_name = given[i % 16];
        k.family_name = family[(i / 16) % 22];
        k.family_name += std::to_string(i / 352);
        char birth[11];
        std::snprintf(birth, sizeof birth, "19%02d-%02d-1%d", 50 + i % 50, 1 + i % 9, i % 9);
        k.birth_date = birth;
        char phone[16];
        std::snprintf(phone, sizeof phone, "+1720%07d", i);
        k.phone = phone;
        k.location_state = "CO";
        k.time_zone = "America/Denver";
        if (auto st = practice::store::InsertClient(c, k); !st) return st;
      }
      return {};
    });
  }
  ~Fixture() {
    db.reset();
    std::filesystem::remove_all(dir);
  }
};

Fixture& Shared() {
  static Fixture f;
  return f;
}

void Search(benchmark::State& state, practice::store::ClientQuery q) {
  auto& f = Shared();
  std::size_t found = 0;
  for (auto _ : state) {
    auto rows = f.db->Read([&](db::Connection& c) { return practice::store::SearchClients(c, "p", q); });
    found = rows ? rows->size() : 0;
    benchmark::DoNotOptimize(found);
  }
  state.counters["results"] = static_cast<double>(found);
}

void BM_SearchByNamePrefix(benchmark::State& s) {
  practice::store::ClientQuery q;
  q.token_prefixes = {"garcia12"};
  Search(s, q);
}
BENCHMARK(BM_SearchByNamePrefix)->Unit(benchmark::kMicrosecond);

void BM_SearchByTwoNameWords(benchmark::State& s) {
  practice::store::ClientQuery q;
  q.token_prefixes = {"hana", "lopez1"};
  Search(s, q);
}
BENCHMARK(BM_SearchByTwoNameWords)->Unit(benchmark::kMicrosecond);

void BM_SearchByBirthDate(benchmark::State& s) {
  practice::store::ClientQuery q;
  q.birth_date = "1977-09-18";
  Search(s, q);
}
BENCHMARK(BM_SearchByBirthDate)->Unit(benchmark::kMicrosecond);

void BM_SearchByPhoneEnding(benchmark::State& s) {
  practice::store::ClientQuery q;
  q.phone_suffix_reversed = practice::ReversedDigits("54321");
  Search(s, q);
}
BENCHMARK(BM_SearchByPhoneEnding)->Unit(benchmark::kMicrosecond);

void BM_ListFirstPage(benchmark::State& s) {
  practice::store::ClientQuery q;
  Search(s, q);
}
BENCHMARK(BM_ListFirstPage)->Unit(benchmark::kMicrosecond);

void BM_CoverageFiftyOneStates(benchmark::State& state) {
  std::string_view defs, states;
  for (const auto& f : EmbeddedData()) {
    if (f.name == "compact_definitions.csv") defs = f.text;
    if (f.name == "compacts.csv") states = f.text;
  }
  auto table = *practice::ParseCompactData(defs, states);
  Date on = *ParseDate("2026-12-01");
  practice::LicensureFacts facts{practice::Discipline::kCounseling, "OH", {}, 0};
  auto lic = [&](practice::LicenseKind k, const char* st, const char* compact) {
    practice::License l;
    l.kind = k;
    l.state = st;
    l.compact = compact;
    l.issued_on = *ParseDate("2024-01-01");
    l.expires_on = *ParseDate("2028-01-01");
    return l;
  };
  facts.licenses = {lic(practice::LicenseKind::kLicense, "OH", ""), lic(practice::LicenseKind::kLicense, "CO", ""),
                    lic(practice::LicenseKind::kCompactPrivilege, "AZ", "COUNSELING"),
                    lic(practice::LicenseKind::kCompactPrivilege, "MN", "COUNSELING")};
  for (auto _ : state)
    benchmark::DoNotOptimize(practice::CoverageForAllStates(facts, table, on, practice::Mode::kTelehealth));
}
BENCHMARK(BM_CoverageFiftyOneStates)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace duet
