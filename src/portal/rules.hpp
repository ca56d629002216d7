#pragma once
// Pure rules of the client's own pages.
#include <string_view>
#include <vector>

#include "platform/clock.hpp"
#include "platform/result.hpp"
#include "portal/model.hpp"

namespace duet::portal {

//! A visit is the client's own when they are one of its clients; anything else is not found to
//! them (rule `own_visit`), so ids of other people's visits reveal nothing.
Status MayActOn(const std::vector<std::string>& visit_client_ids, std::string_view client_id);

//! Whether a visit belongs on the upcoming list: not yet over, or its room still open.
bool IsUpcoming(const PortalVisit& v, EpochSeconds now);

}  // namespace duet::portal
