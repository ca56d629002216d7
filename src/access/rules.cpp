#include "access/rules.hpp"

namespace duet::access {

EpochSeconds DueAt(EpochSeconds requested_at) { return requested_at + kAnswerWithin; }

bool IsOverdue(const RecordRequest& r, EpochSeconds now) { return r.status == "open" && now > r.due_at; }

}  // namespace duet::access
