#pragma once
// Pure rules of the right of access: when a request is due, and whether it is late.
#include "access/model.hpp"

namespace duet::access {

//! A request is answered within 30 days of being made (45 CFR 164.524(b)(2)).
inline constexpr EpochSeconds kAnswerWithin = 30 * 86400;
EpochSeconds DueAt(EpochSeconds requested_at);
//! Still open past its due time.
bool IsOverdue(const RecordRequest& r, EpochSeconds now);

}  // namespace duet::access
