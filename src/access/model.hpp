#pragma once
// A client's request for their whole record (the right of access, 45 CFR 164.524): answered within 30
// days, delivered as a PDF the client downloads in their portal.
#include <string>

#include "platform/clock.hpp"

namespace duet::access {

struct RecordRequest {
  std::string id;
  std::string client_id;
  std::string client_name;  // staff lists
  EpochSeconds requested_at = 0;
  EpochSeconds due_at = 0;
  std::string status = "open";  // open | delivered
  std::string document_id;      // delivered: the record, shared with the client
  EpochSeconds delivered_at = 0;
  bool overdue = false;
};

}  // namespace duet::access
