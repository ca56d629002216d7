#pragma once
// Where a request came from, for the audit log and throttling: one type for every capability.
#include <string>

namespace duet {

struct Origin {
  std::string ip;
  std::string request_id;
  //! The caller writes one audit event for the whole operation (a record export names what it
  //! included); the reads it makes on the way write none of their own. Denials are still audited.
  bool audited_as_one = false;
};

}  // namespace duet
