// Micro-benchmarks of the pure code and the hot helpers on the request path.
#include <benchmark/benchmark.h>

#include "identity/codecs.hpp"
#include "identity/rules.hpp"
#include "platform/audit.hpp"
#include "platform/crypto.hpp"
#include "platform/policy.hpp"
#include "platform/router.hpp"
#include "scheduling/codecs.hpp"

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

// ---- Wire types: the codec against the hand-written encoder it replaced ----

std::vector<scheduling::Appointment> WeekOfVisits() {
  std::vector<scheduling::Appointment> out(1250);
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto& a = out[i];
    a.id = "0193b2c4-" + std::to_string(100000 + i);
    a.clinician_id = "0193b2c4-clinician-" + std::to_string(i % 50);
    a.client_ids = {"0193b2c4-client-" + std::to_string(i)};
    a.client_names = {"Synthetic Client " + std::to_string(i)};
    a.service_id = "0193b2c4-service";
    a.mode = i % 3 == 0 ? scheduling::VisitMode::kInPerson : scheduling::VisitMode::kVideo;
    a.start = 1'796'000'000 + static_cast<EpochSeconds>(i) * 3600;
    a.end = a.start + 3000;
    a.time_zone = "America/New_York";
    a.warnings = {{"sprinkle", "A telehealth visit inside an in-person block."}};
  }
  return out;
}

// The encoder the scheduling routes had before codecs, field for field, as the baseline.
nlohmann::json HandWritten(const scheduling::Appointment& a) {
  using nlohmann::json;
  json warnings = json::array();
  for (const auto& w : a.warnings) warnings.push_back({{"code", w.code}, {"message", w.message}});
  json out = {{"id", a.id},
              {"clinician_id", a.clinician_id},
              {"client_id", a.client_ids.empty() ? json(nullptr) : json(a.client_ids.front())},
              {"client_ids", a.client_ids},
              {"service_id", a.service_id},
              {"mode", scheduling::VisitModeName(a.mode)},
              {"location_id", a.location_id.empty() ? json(nullptr) : json(a.location_id)},
              {"start", FormatTimestampIn(a.start, a.time_zone)},
              {"end", FormatTimestampIn(a.end, a.time_zone)},
              {"time_zone", a.time_zone},
              {"status", a.status},
              {"override_reason", a.override_reason.empty() ? json(nullptr) : json(a.override_reason)},
              {"warnings", warnings},
              {"block_conversion", a.block_conversion},
              {"version", a.version},
              {"series_id", a.series_id.empty() ? json(nullptr) : json(a.series_id)}};
  if (!a.client_names.empty()) out["client_names"] = a.client_names;
  if (a.busy) out["busy"] = true;
  return out;
}

void BM_EncodeWeekHandWritten(benchmark::State& state) {
  auto week = WeekOfVisits();
  for (auto _ : state) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& a : week) items.push_back(HandWritten(a));
    benchmark::DoNotOptimize(nlohmann::json{{"items", std::move(items)}, {"next", nullptr}}.dump());
  }
}
BENCHMARK(BM_EncodeWeekHandWritten)->Unit(benchmark::kMillisecond);

void BM_EncodeWeekCodec(benchmark::State& state) {
  auto week = WeekOfVisits();
  for (auto _ : state) benchmark::DoNotOptimize(codec::EncodePage(week).dump());
}
BENCHMARK(BM_EncodeWeekCodec)->Unit(benchmark::kMillisecond);

// What the server answers with now: the same codec written straight to text (no JSON tree).
void BM_EncodeWeekCodecText(benchmark::State& state) {
  auto week = WeekOfVisits();
  for (auto _ : state) benchmark::DoNotOptimize(codec::EncodePageText(week));
}
BENCHMARK(BM_EncodeWeekCodecText)->Unit(benchmark::kMillisecond);

void BM_DecodeBookingCodec(benchmark::State& state) {
  const std::string body =
      R"({"clinician_id":"0193b2c4-clinician-1","client_id":"0193b2c4-client-1","service_id":"0193b2c4-service","mode":"video",)"
      R"("start":"2026-12-08T10:00:00-05:00","override_reason":"evening visit asked for","recurrence":{"every_weeks":1,"count":6}})";
  for (auto _ : state) {
    codec::Problems problems;
    benchmark::DoNotOptimize(codec::Decode<scheduling::NewAppointment>(body, problems));
  }
}
BENCHMARK(BM_DecodeBookingCodec);

}  // namespace
}  // namespace duet

BENCHMARK_MAIN();
