// The coding rule over a practice's visits: issue 15's target is 10,000 visits coded in under a second.
#include <benchmark/benchmark.h>

#include "billing/rules.hpp"

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

}  // namespace
}  // namespace duet::billing
