// The books' figures (issue 16's target): a client's balance over 10 years of weekly visits (< 5 ms),
// each visit a charge and a payment — the pure rule alone, and the whole read through the ledger service
// (entries and payments read, balance and aging derived, audited) on SQLite and, when DUET_BENCH_PG
// names a database, on PostgreSQL.
#include <benchmark/benchmark.h>

#include <cstdlib>

#include "fixture.hpp"
#include "ledger/rules.hpp"
#include "ledger/store.hpp"

namespace duet::ledger {
namespace {

std::vector<Entry> TenYears(const std::string& client_id) {
  std::vector<Entry> out;
  const Date first = *ParseDate("2016-12-05");
  for (int week = 0; week < 520; ++week) {
    Entry charge;
    charge.id = "c" + std::to_string(week);
    charge.client_id = client_id;
    charge.charge_id = "charge-" + std::to_string(week);
    charge.kind = EntryKind::kCharge;
    charge.amount = 15000;
    charge.on = first + date::days{7 * week};
    Entry paid = charge;
    paid.id = "p" + std::to_string(week);
    paid.kind = EntryKind::kPayment;
    paid.amount = week % 10 == 0 ? -10000 : -15000;  // one visit in ten paid in part
    paid.payment_id = "pay-" + std::to_string(week);
    out.push_back(charge);
    out.push_back(paid);
  }
  return out;
}

void BM_BalanceRule10Years(benchmark::State& state) {
  const auto entries = TenYears("k");
  const Date today = *ParseDate("2026-12-03");
  for (auto _ : state) {
    auto b = Summarize(entries, today);
    benchmark::DoNotOptimize(b);
  }
  state.counters["entries"] = static_cast<double>(entries.size());
}
BENCHMARK(BM_BalanceRule10Years)->Unit(benchmark::kMicrosecond);

void ClientLedger10Years(benchmark::State& state, std::string database) {
  auto& p = bench::SharedApp(database);
  static std::map<std::string, std::string> clients;
  auto& client = clients[database];
  if (client.empty()) {
    auto page = p.app->practice().SearchClients(p.owner, "", std::nullopt, std::nullopt, 100, p.origin);
    bench::Check(page, "clients");
    client = page->items.back().id;
    auto entries = TenYears(client);
    for (auto& e : entries) {
      e.id = crypto::NewId();
      e.created_at = p.clock.Now();
      e.by_name = "bench";
    }
    auto st = p.app->database().WithWrite(
        [&](db::Connection& c) { return store::InsertEntries(c, p.owner.practice_id, entries); });
    bench::Check(st, "entries");
  }
  std::int64_t owed = 0;
  for (auto _ : state) {
    auto l = p.app->ledger().Ledger(p.owner, client, p.origin);
    bench::Check(l, "ledger");
    owed = l->balance.client;
  }
  state.counters["client_owes_cents"] = static_cast<double>(owed);
}

const bool registered = [] {
  crypto::Init();
  std::vector<std::pair<std::string, std::string>> engines = {{"sqlite", ""}};
  if (const char* pg = std::getenv("DUET_BENCH_PG"); pg && *pg) engines.emplace_back("postgres", pg);
  for (const auto& [name, url] : engines)
    benchmark::RegisterBenchmark(("BM_ClientLedger10Years/" + name).c_str(), ClientLedger10Years, url)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  return true;
}();

}  // namespace
}  // namespace duet::ledger
