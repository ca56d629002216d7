#pragma once
// What the SQLite WAL's checkpointer did in this process (`/metrics`): its passes while writes go on, and the
// passes that held the writes so that the checkpoint completes and the WAL starts again from its beginning.
#include <cstdint>

namespace duet::db {

struct CheckpointStats {
  std::uint64_t passes = 0;             //!< PASSIVE passes while writes went on
  std::uint64_t holds = 0;              //!< passes that held the writes
  std::uint64_t held_microseconds = 0;  //!< how long those held them, in all
};

//! Zero on PostgreSQL (its server checkpoints itself).
CheckpointStats Checkpoints();

}  // namespace duet::db
