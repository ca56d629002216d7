#pragma once
// SQLite writes each frame of its write-ahead log with two system calls (the frame's 24-byte header, then the page),
// so a commit of a write batch touching 80 pages made 160 `pwrite`s, each a trip through the kernel that a virtual
// machine makes dear. This VFS is the operating system's own (unix) with one difference: a connection's writes to its
// WAL are gathered while they follow one another in the file and written, 64 KiB a call, when the commit's last
// frame is in (SQLite marks it in the frame's header), before SQLite publishes the commit to readers in the WAL index —
// so a reader never finds a frame that is not in the file, and a commit is in the file when it returns, as before. The
// gathered writes are also written before anything else touches that file (a read, a sync, its size, a truncation,
// a write elsewhere, closing it). Every other file and call is the unix VFS's own.

#include <cstdint>

struct sqlite3_file;

namespace duet::db {

//! The VFS's name for sqlite3_open_v2 (registered once, not as the default).
const char* WalGatheringVfs();

//! In this process so far: the WAL writes SQLite asked for, and the writes made to the files for them.
struct WalWrites {
  std::uint64_t asked = 0;
  std::uint64_t made = 0;
};
WalWrites WalWriteCounts();

//! Gives back the memory a WAL file of this VFS keeps for gathering (its largest commit's size) when nothing is
//! gathered; nothing for any other file. The caller holds the file's connection (no write in progress on it).
void ReleaseWalMemory(sqlite3_file* wal);

}  // namespace duet::db
