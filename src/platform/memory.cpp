#include "platform/memory.hpp"

#include <malloc.h>
#include <unistd.h>

#include <barrier>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <set>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

namespace duet::memory {
namespace {
// A long list's answer (a week of 500 visits is ~320 KB) is allocated and freed on every request. With glibc's
// defaults each such buffer is a fresh mmap, or the workers' arenas are trimmed after it, so every page of it
// faults in again and is zeroed by the kernel (a tenth of the week's CPU). Kept in the heap and reused instead:
// the week +40 %, RSS under load ~75 MiB (docs/performance.md).
constexpr int kMmapThreshold = 8 << 20;
constexpr int kTrimThreshold = 64 << 20;
// Each of the ~20 worker threads would otherwise get an arena of its own (glibc allows 8 per core), each keeping
// its freed buffers: four shared arenas hold RSS under load near 85 MiB instead of 95–110, at the same speed.
constexpr int kArenas = 4;
// glibc's arenas other than the main one are heaps of at most 64 MiB, each aligned to its size.
constexpr std::uintptr_t kArenaHeapSize = std::uintptr_t{64} << 20;

// How many arenas glibc has made so far (malloc_info lists each as a <heap>).
std::size_t ArenaCount() {
  char* text = nullptr;
  std::size_t size = 0;
  FILE* out = ::open_memstream(&text, &size);
  if (out == nullptr) return 0;
  ::malloc_info(0, out);
  std::fclose(out);
  std::size_t count = 0;
  for (std::string_view rest(text, size); rest.find("<heap nr=") != std::string_view::npos; ++count)
    rest.remove_prefix(rest.find("<heap nr=") + 1);
  std::free(text);
  return count;
}
}  // namespace

void TuneHeap() {
  ::mallopt(M_MMAP_THRESHOLD, kMmapThreshold);
  ::mallopt(M_TRIM_THRESHOLD, kTrimThreshold);
  ::mallopt(M_ARENA_MAX, kArenas);
}

void GiveBackHeap() {
  // malloc_trim gives back the pages of every free chunk in every arena, and the free end of the main heap; the free
  // end of each other arena (~8 MiB after a busy spell) goes back only when a free() in that arena finds it larger
  // than the trim threshold. So, with the threshold lowered for a moment, short-lived threads free a block each in
  // the arena glibc gives them (a new thread takes the next one round the arenas), until every arena has had one.
  ::malloc_trim(0);
  const std::size_t arenas = ArenaCount();
  ::mallopt(M_TRIM_THRESHOLD, 128 << 10);
  std::mutex mutex;
  std::set<std::uintptr_t> reached;  // each arena by its heap (the main one as 0)
  const auto main_heap_end = reinterpret_cast<std::uintptr_t>(::sbrk(0));
  constexpr int kThreads = 2 * kArenas;
  bool threads_ok = true;
  for (int round = 0; round < 4 && threads_ok && reached.size() < arenas; ++round) {
    std::barrier all_attached(kThreads);  // all alive at once: no two take an arena one of them gave back
    std::vector<std::thread> threads;
    threads.reserve(kThreads);
    try {
      for (int i = 0; i < kThreads; ++i)
        threads.emplace_back([&] {
          void* block = std::malloc(256 << 10);  // attaches this thread to an arena and takes the block from it
          const auto at = reinterpret_cast<std::uintptr_t>(block);
          {
            std::lock_guard lock(mutex);
            reached.insert(at < main_heap_end ? 0 : at & ~(kArenaHeapSize - 1));
          }
          all_attached.arrive_and_wait();
          std::free(block);  // 256 KiB back into the arena: glibc trims its free end down to the threshold
        });
    } catch (const std::system_error&) {
      threads_ok = false;  // the system refused a thread: those started finish, and that is all for now
    }
    for (std::size_t i = threads.size(); i < kThreads; ++i) all_attached.arrive_and_drop();
    for (auto& t : threads) t.join();
  }
  ::mallopt(M_TRIM_THRESHOLD, kTrimThreshold);
}

std::uint64_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  std::uint64_t size = 0;
  std::uint64_t resident = 0;
  if (!(statm >> size >> resident)) return 0;
  return resident * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
}

}  // namespace duet::memory
