// The heap a quiet server gives back (platform/memory.hpp).
#include "platform/memory.hpp"

#include <gtest/gtest.h>
#include <malloc.h>

#include <barrier>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

namespace duet {
namespace {

constexpr std::uint64_t kMiB = 1 << 20;

TEST(Memory, AQuietServerGivesBackWhatItsBusyThreadsFreed) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer replaces glibc's allocator";
#endif
  memory::TuneHeap();
  // Like the server's workers under load: a dozen threads, alive throughout, each holding 32 answers of 320 KiB at
  // once (~10 MiB), then freeing them. The arenas keep it (TuneHeap's trim threshold), mostly at their free end.
  constexpr int kWorkers = 12;
  const std::uint64_t before = memory::ResidentBytes();
  std::barrier freed(kWorkers + 1);
  std::barrier done(kWorkers + 1);
  std::vector<std::thread> workers;
  for (int i = 0; i < kWorkers; ++i)
    workers.emplace_back([&] {
      std::vector<void*> answers;
      for (int k = 0; k < 32; ++k) {
        answers.push_back(std::malloc(320 << 10));
        std::memset(answers.back(), 1, 320 << 10);
      }
      for (void* a : answers) std::free(a);
      freed.arrive_and_wait();
      done.arrive_and_wait();
    });
  freed.arrive_and_wait();
  const std::uint64_t busy = memory::ResidentBytes();
  ::malloc_trim(0);  // what a quiet server did before: the free chunks, and the main heap's free end only
  const std::uint64_t trimmed = memory::ResidentBytes();
  memory::GiveBackHeap();
  const std::uint64_t quiet = memory::ResidentBytes();
  done.arrive_and_wait();
  for (auto& w : workers) w.join();

  ASSERT_GT(busy, before + 60 * kMiB);
  // All of it back, whichever arenas glibc gave the workers (malloc_trim alone leaves 10–30 MiB of it).
  EXPECT_LT(quiet, before + 10 * kMiB) << "before " << before / kMiB << ", busy " << busy / kMiB << ", malloc_trim "
                                       << trimmed / kMiB << ", given back " << quiet / kMiB << " MiB";
  // And the heap still works, in every arena, at the threshold TuneHeap set.
  std::vector<std::thread> again;
  for (int i = 0; i < kWorkers; ++i)
    again.emplace_back([] {
      void* p = std::malloc(320 << 10);
      std::memset(p, 2, 320 << 10);
      std::free(p);
    });
  for (auto& t : again) t.join();
}

}  // namespace
}  // namespace duet
