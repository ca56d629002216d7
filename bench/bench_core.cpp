// Micro-benchmarks of the pure code and the hot helpers on the request path.
#include <benchmark/benchmark.h>

#include "identity/codecs.hpp"
#include "identity/rules.hpp"
#include "platform/audit.hpp"
#include "platform/crypto.hpp"
#include "platform/policy.hpp"
#include "platform/router.hpp"

namespace duet {
namespace {

void BM_CheckSession(benchmark::State& state) {
  identity::SessionLimits limits;
  EpochSeconds now = 1'800'000'000;
  for (auto _ : state) benchmark::DoNotOptimize(identity::CheckSession(now - 600, now - 30, now, limits));
}
BENCHMARK(BM_CheckSession);

void BM_PolicyAllows(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(Allows(Role::kBiller, "audit.read"));
}
BENCHMARK(BM_PolicyAllows);

void BM_RouterMatch(benchmark::State& state) {
  Router r;
  for (const char* p : {"/api/v1/me", "/api/v1/practice", "/api/v1/users", "/api/v1/audit", "/api/v1/clinicians/{id}",
                        "/api/v1/clinicians/{id}/licenses", "/api/v1/clinicians/{id}/coverage", "/api/v1/clients/{id}",
                        "/api/v1/appointments/{id}", "/api/v1/appointments/{id}/cancel"})
    r.Add({"GET", p, "public", "", "", nullptr});
  std::vector<std::pair<std::string, std::string>> params;
  bool exists = false;
  for (auto _ : state) benchmark::DoNotOptimize(r.Match("GET", "/api/v1/appointments/0195-abc/cancel", params, exists));
}
BENCHMARK(BM_RouterMatch);

void BM_InputParseLogin(benchmark::State& state) {
  std::string body = R"({"email":"therapist@demo.example.com","password":"duet-demo-2026"})";
  for (auto _ : state) {
    codec::Problems problems;
    benchmark::DoNotOptimize(codec::Decode<identity::LoginRequest>(body, problems));
  }
}
BENCHMARK(BM_InputParseLogin);

void BM_AuditChainHash(benchmark::State& state) {
  audit::Stored s;
  s.event = {"practice", "user", "clinician", "client.read", "client", "id", "client", "127.0.0.1", "success", "req"};
  s.seq = 42;
  s.id = "0195a0b0-0000-7000-8000-000000000000";
  std::string prev(64, 'a');
  for (auto _ : state) benchmark::DoNotOptimize(audit::ChainHash(prev, s));
}
BENCHMARK(BM_AuditChainHash);

void BM_SealNote4KiB(benchmark::State& state) {
  crypto::Init();
  auto keys = crypto::Keyring::FromKey({7});
  std::string wrapped = keys.NewWrappedDataKey();
  std::string note(4096, 'n');
  for (auto _ : state) benchmark::DoNotOptimize(keys.Seal(wrapped, note, "note:1"));
}
BENCHMARK(BM_SealNote4KiB);

void BM_OpenNote4KiB(benchmark::State& state) {
  crypto::Init();
  auto keys = crypto::Keyring::FromKey({7});
  std::string wrapped = keys.NewWrappedDataKey();
  std::string sealed = keys.Seal(wrapped, std::string(4096, 'n'), "note:1").value();
  for (auto _ : state) benchmark::DoNotOptimize(keys.Open(wrapped, sealed, "note:1"));
}
BENCHMARK(BM_OpenNote4KiB);

void BM_SessionTokenHash(benchmark::State& state) {
  std::string token = crypto::RandomToken(32);
  for (auto _ : state) benchmark::DoNotOptimize(crypto::HashHex(token));
}
BENCHMARK(BM_SessionTokenHash);

void BM_Argon2idHash(benchmark::State& state) {
  crypto::Init();
  for (auto _ : state) benchmark::DoNotOptimize(crypto::HashPassword("duet-demo-2026"));
}
BENCHMARK(BM_Argon2idHash)->Unit(benchmark::kMillisecond)->Iterations(5);

}  // namespace
}  // namespace duet

BENCHMARK_MAIN();
