#pragma once
// The heap: how glibc's allocator is set for a server's load, and how a quiet server gives back what it keeps.

#include <cstdint>

namespace duet::memory {

//! Sets glibc's allocator for a server's load (main calls it first): large answers are kept in the heap and
//! reused rather than mapped and trimmed per request, in a few shared arenas.
void TuneHeap();

//! Gives the freed heap back to the system: the free chunks inside every arena and the free space at the end of
//! each (which TuneHeap keeps while busy). Cheap enough for a quiet moment (a few milliseconds), not for a request.
void GiveBackHeap();

//! The process's resident memory in bytes (/proc/self/statm; 0 where it cannot be read).
std::uint64_t ResidentBytes();

}  // namespace duet::memory
