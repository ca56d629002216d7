// The client's side (issue 17's figures): the portal's home and records pages for a client with five
// years of visits (< 10 ms), 1,000 clients each starting a secure conversation at once (8 threads), and
// the public page's first-visit slot search — through the real services, on SQLite and, when
// DUET_BENCH_PG names a database, on PostgreSQL.
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <map>
#include <thread>

#include "fixture.hpp"
#include "scheduling/store.hpp"

namespace duet::portal {
namespace {

constexpr int kYears = 5;
constexpr int kMessagingClients = 1000;

struct PortalSeed {
  Principal alex;
  std::vector<Principal> clients;  // kMessagingClients client accounts, each with their own record
  std::string intake_id;
};

PortalSeed& Seed(bench::SeededApp& p) {
  static std::map<bench::SeededApp*, PortalSeed> seeds;
  auto [it, fresh] = seeds.try_emplace(&p);
  if (!fresh) return it->second;
  PortalSeed& s = it->second;
  auto users = p.app->identity().ListUsers(p.owner);
  bench::Check(users, "users");
  for (const auto& u : *users)
    if (u.email == "client@demo.example.com") {
      s.alex.practice_id = p.owner.practice_id;
      s.alex.user_id = u.id;
      s.alex.role = Role::kClient;
    }
  auto alex = p.app->practice().ClientOfUser(p.owner.practice_id, s.alex.user_id);
  bench::Check(alex, "alex");
  auto services = p.app->scheduling().ListServices(p.owner);
  bench::Check(services, "services");
  std::string therapy;
  for (const auto& x : *services) {
    if (x.cpt_code == "90834") therapy = x.id;
    if (x.cpt_code == "90791") s.intake_id = x.id;
  }
  const EpochSeconds now = std::time(nullptr);
  // Five years of weekly visits for Alex (alternating in person and video), written directly.
  auto st = p.app->database().WithWrite([&](db::Connection& c) -> Status {
    for (int w = 1; w <= kYears * 52; ++w) {
      scheduling::Appointment a;
      a.id = crypto::NewId();
      a.practice_id = p.owner.practice_id;
      a.clinician_id = (*alex)->clinician_ids.front();
      a.client_ids = {(*alex)->id};
      a.service_id = therapy;
      a.mode = w % 2 ? scheduling::VisitMode::kVideo : scheduling::VisitMode::kInPerson;
      a.start = now - static_cast<EpochSeconds>(w) * 7 * 86400 - 3 * 3600;
      a.end = a.start + 53 * 60;
      a.time_zone = "America/New_York";
      a.status = "completed";
      a.created_at = a.updated_at = a.start - 86400;
      if (auto in = scheduling::store::InsertAppointment(c, a, p.owner.user_id); !in) return in;
    }
    // 1,000 clients with portal accounts (inserted as the invitation would leave them).
    for (int i = 0; i < kMessagingClients; ++i) {
      const std::string user = crypto::NewId(), client = crypto::NewId();
      auto u = c.Exec(
          "INSERT INTO users (id, practice_id, email, display_name, role, password_hash, created_at) VALUES (?, ?, ?, "
          "?, 'client', 'x', ?)",
          {user, p.owner.practice_id, "bench" + std::to_string(i) + "@client.example.com",
           "Bench Client " + std::to_string(i), now});
      if (!u) return tl::unexpected(u.error());
      auto k = c.Exec(
          "INSERT INTO clients (id, practice_id, user_id, given_name, family_name, birth_date, location_state, status, "
          "time_zone, created_at, updated_at) VALUES (?, ?, ?, 'Bench', ?, '1990-01-01', 'NY', 'active', "
          "'America/New_York', ?, "
          "?)",
          {client, p.owner.practice_id, user, "Client" + std::to_string(i), now, now});
      if (!k) return tl::unexpected(k.error());
      Principal who;
      who.practice_id = p.owner.practice_id;
      who.user_id = user;
      who.role = Role::kClient;
      s.clients.push_back(who);
    }
    return {};
  });
  bench::Check(st, "seed");
  return s;
}

void Home(benchmark::State& state, std::string database) {
  auto& p = bench::SharedApp(database);
  auto& s = Seed(p);
  std::size_t past = 0;
  for (auto _ : state) {
    auto home = p.app->portal().Home(s.alex, p.origin);
    bench::Check(home, "home");
    past = home->past.size();
  }
  state.counters["past_visits_shown"] = static_cast<double>(past);
}

void Records(benchmark::State& state, std::string database) {
  auto& p = bench::SharedApp(database);
  auto& s = Seed(p);
  std::size_t visits = 0;
  for (auto _ : state) {
    auto records = p.app->portal().Records(s.alex, p.origin);
    bench::Check(records, "records");
    visits = records->visits.size();
  }
  state.counters["visits"] = static_cast<double>(visits);
}

void ThousandClientsWrite(benchmark::State& state, std::string database) {
  auto& p = bench::SharedApp(database);
  auto& s = Seed(p);
  constexpr int kThreads = 8;
  for (auto _ : state) {
    std::atomic<int> next{0}, failed{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back([&] {
        for (int i = next++; i < kMessagingClients; i = next++) {
          messages::NewThread request{
              "front_desk", "", "A question about parking", {"Is there parking near the clinic?", "", ""}};
          if (!p.app->messages().ClientStart(s.clients[static_cast<std::size_t>(i)], request, p.origin)) ++failed;
        }
      });
    for (auto& t : threads) t.join();
    if (failed) {
      std::fprintf(stderr, "%d messages failed\n", failed.load());
      std::abort();
    }
  }
  state.counters["messages_per_s"] =
      benchmark::Counter(static_cast<double>(kMessagingClients), benchmark::Counter::kIsIterationInvariantRate);
}

void PublicSlots(benchmark::State& state, std::string database) {
  auto& p = bench::SharedApp(database);
  auto& s = Seed(p);
  const EpochSeconds now = std::time(nullptr);
  std::size_t found = 0;
  for (auto _ : state) {
    auto slots = p.app->portal().PublicSlots("duet-demo", s.intake_id, "in_person", "OR", now, now + 14 * 86400);
    bench::Check(slots, "slots");
    found = slots->size();
  }
  state.counters["slots"] = static_cast<double>(found);
}

const bool registered = [] {
  crypto::Init();
  std::vector<std::pair<std::string, std::string>> engines = {{"sqlite", ""}};
  if (const char* pg = std::getenv("DUET_BENCH_PG"); pg && *pg) engines.emplace_back("postgres", pg);
  for (const auto& [name, url] : engines) {
    benchmark::RegisterBenchmark(("BM_PortalHome5Years/" + name).c_str(), Home, url)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("BM_PortalRecords5Years/" + name).c_str(), Records, url)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("BM_ThousandClientsStartAConversation/" + name).c_str(), ThousandClientsWrite, url)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime()
        ->Iterations(1);
    benchmark::RegisterBenchmark(("BM_PublicPageSlots14Days/" + name).c_str(), PublicSlots, url)
        ->Unit(benchmark::kMillisecond);
  }
  return true;
}();

}  // namespace
}  // namespace duet::portal
