#include "platform/db/wal_vfs.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <new>
#include <vector>

namespace duet::db {
namespace {

constexpr int kFrameHeader = 24;                            // a WAL frame's header, written before its page
constexpr std::size_t kMaxGathered = std::size_t{1} << 20;  // written past this, commit or not
constexpr std::size_t kMaxWrite = std::size_t{64} << 10;    // one call's bytes

sqlite3_vfs* Unix() {
  static sqlite3_vfs* const os = sqlite3_vfs_find(nullptr);
  return os;
}

// A WAL file: the unix file it wraps (placed right after it) and the writes gathered for it.
struct WalFile {
  sqlite3_file base;
  sqlite3_file* real;
  std::vector<unsigned char> gathered;
  sqlite3_int64 at = 0;       // the file offset of gathered[0]
  bool commit_frame = false;  // the last write was the header of a commit's last frame: its page ends the commit
};

constexpr std::size_t kRealOffset = (sizeof(WalFile) + 15) & ~std::size_t{15};

WalFile* Of(sqlite3_file* f) { return reinterpret_cast<WalFile*>(f); }

std::atomic<std::uint64_t> asked{0};  // writes SQLite asked for
std::atomic<std::uint64_t> made{0};   // writes made to the file

int Flush(WalFile* w) {
  if (w->gathered.empty()) return SQLITE_OK;
  // In pieces the unix VFS writes whole (it writes at most 128 KiB a call: `nBuf &= 0x1ffff`).
  int rc = SQLITE_OK;
  for (std::size_t done = 0; rc == SQLITE_OK && done < w->gathered.size(); done += kMaxWrite) {
    const std::size_t n = std::min(kMaxWrite, w->gathered.size() - done);
    made.fetch_add(1, std::memory_order_relaxed);
    rc = w->real->pMethods->xWrite(w->real, w->gathered.data() + done, static_cast<int>(n),
                                   w->at + static_cast<sqlite3_int64>(done));
  }
  w->gathered.clear();
  return rc;
}

int Close(sqlite3_file* f) {
  WalFile* w = Of(f);
  int rc = Flush(w);
  int closed = w->real->pMethods ? w->real->pMethods->xClose(w->real) : SQLITE_OK;
  w->~WalFile();
  return rc != SQLITE_OK ? rc : closed;
}

int Read(sqlite3_file* f, void* out, int amount, sqlite3_int64 offset) {
  WalFile* w = Of(f);
  if (int rc = Flush(w); rc != SQLITE_OK) return rc;
  return w->real->pMethods->xRead(w->real, out, amount, offset);
}

int Write(sqlite3_file* f, const void* data, int amount, sqlite3_int64 offset) {
  WalFile* w = Of(f);
  asked.fetch_add(1, std::memory_order_relaxed);
  // Only writes that follow one another are gathered (a frame SQLite writes again in place goes after them).
  if (!w->gathered.empty() && offset != w->at + static_cast<sqlite3_int64>(w->gathered.size()))
    if (int rc = Flush(w); rc != SQLITE_OK) return rc;
  if (w->gathered.empty()) w->at = offset;
  const auto* bytes = static_cast<const unsigned char*>(data);
  w->gathered.insert(w->gathered.end(), bytes, bytes + amount);
  const bool ends_commit = w->commit_frame;
  // A frame header's second field is the database's size in pages after the commit on a commit's last frame, 0 on
  // the others (the WAL's own header is 32 bytes).
  w->commit_frame = amount == kFrameHeader && (bytes[4] | bytes[5] | bytes[6] | bytes[7]) != 0;
  if (ends_commit || w->gathered.size() >= kMaxGathered) return Flush(w);
  return SQLITE_OK;
}

int Truncate(sqlite3_file* f, sqlite3_int64 size) {
  WalFile* w = Of(f);
  if (int rc = Flush(w); rc != SQLITE_OK) return rc;
  return w->real->pMethods->xTruncate(w->real, size);
}

int Sync(sqlite3_file* f, int flags) {
  WalFile* w = Of(f);
  if (int rc = Flush(w); rc != SQLITE_OK) return rc;
  return w->real->pMethods->xSync(w->real, flags);
}

int FileSize(sqlite3_file* f, sqlite3_int64* size) {
  WalFile* w = Of(f);
  if (int rc = Flush(w); rc != SQLITE_OK) return rc;
  return w->real->pMethods->xFileSize(w->real, size);
}

int Lock(sqlite3_file* f, int level) { return Of(f)->real->pMethods->xLock(Of(f)->real, level); }
int Unlock(sqlite3_file* f, int level) { return Of(f)->real->pMethods->xUnlock(Of(f)->real, level); }
int CheckReservedLock(sqlite3_file* f, int* out) { return Of(f)->real->pMethods->xCheckReservedLock(Of(f)->real, out); }
int FileControl(sqlite3_file* f, int op, void* arg) {
  WalFile* w = Of(f);
  if (int rc = Flush(w); rc != SQLITE_OK) return rc;
  return w->real->pMethods->xFileControl(w->real, op, arg);
}
int SectorSize(sqlite3_file* f) { return Of(f)->real->pMethods->xSectorSize(Of(f)->real); }
int DeviceCharacteristics(sqlite3_file* f) { return Of(f)->real->pMethods->xDeviceCharacteristics(Of(f)->real); }
int ShmMap(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
  return Of(f)->real->pMethods->xShmMap(Of(f)->real, region, size, extend, out);
}
int ShmLock(sqlite3_file* f, int offset, int n, int flags) {
  return Of(f)->real->pMethods->xShmLock(Of(f)->real, offset, n, flags);
}
void ShmBarrier(sqlite3_file* f) { Of(f)->real->pMethods->xShmBarrier(Of(f)->real); }
int ShmUnmap(sqlite3_file* f, int delete_flag) { return Of(f)->real->pMethods->xShmUnmap(Of(f)->real, delete_flag); }
int Fetch(sqlite3_file* f, sqlite3_int64 offset, int amount, void** out) {
  WalFile* w = Of(f);
  if (int rc = Flush(w); rc != SQLITE_OK) return rc;
  return w->real->pMethods->xFetch(w->real, offset, amount, out);
}
int Unfetch(sqlite3_file* f, sqlite3_int64 offset, void* p) {
  return Of(f)->real->pMethods->xUnfetch(Of(f)->real, offset, p);
}

const sqlite3_io_methods kWalMethods = {3,
                                        Close,
                                        Read,
                                        Write,
                                        Truncate,
                                        Sync,
                                        FileSize,
                                        Lock,
                                        Unlock,
                                        CheckReservedLock,
                                        FileControl,
                                        SectorSize,
                                        DeviceCharacteristics,
                                        ShmMap,
                                        ShmLock,
                                        ShmBarrier,
                                        ShmUnmap,
                                        Fetch,
                                        Unfetch};

int Open(sqlite3_vfs*, const char* name, sqlite3_file* f, int flags, int* out_flags) {
  sqlite3_vfs* os = Unix();
  // Every other file is the unix VFS's own, in the same memory (it is at least as large).
  if (!(flags & SQLITE_OPEN_WAL)) return os->xOpen(os, name, f, flags, out_flags);
  auto* w = new (f) WalFile{};
  w->base.pMethods = nullptr;  // until opened: SQLite does not close a file that failed to open
  w->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<unsigned char*>(f) + kRealOffset);
  int rc = os->xOpen(os, name, w->real, flags, out_flags);
  if (rc != SQLITE_OK || w->real->pMethods == nullptr) {
    if (w->real->pMethods) w->real->pMethods->xClose(w->real);
    w->~WalFile();
    f->pMethods = nullptr;
    return rc != SQLITE_OK ? rc : SQLITE_CANTOPEN;
  }
  w->base.pMethods = &kWalMethods;
  return SQLITE_OK;
}

}  // namespace

void ReleaseWalMemory(sqlite3_file* wal) {
  if (wal == nullptr || wal->pMethods != &kWalMethods) return;
  WalFile* w = Of(wal);
  if (w->gathered.empty()) std::vector<unsigned char>().swap(w->gathered);
}

WalWrites WalWriteCounts() { return {asked.load(std::memory_order_relaxed), made.load(std::memory_order_relaxed)}; }

const char* WalGatheringVfs() {
  static const char* const name = [] {
    static sqlite3_vfs vfs = *Unix();  // the unix VFS's every call, but opening files and their size
    vfs.zName = "duet-wal-gathering";
    vfs.pNext = nullptr;
    vfs.szOsFile = static_cast<int>(kRealOffset) + Unix()->szOsFile;
    vfs.xOpen = Open;
    sqlite3_vfs_register(&vfs, 0);
    return vfs.zName;
  }();
  return name;
}

}  // namespace duet::db
