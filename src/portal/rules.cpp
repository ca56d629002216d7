#include "portal/rules.hpp"

#include <algorithm>

namespace duet::portal {

Status MayActOn(const std::vector<std::string>& visit_client_ids, std::string_view client_id) {
  if (!client_id.empty() &&
      std::find(visit_client_ids.begin(), visit_client_ids.end(), client_id) != visit_client_ids.end())
    return {};
  return Fail(ErrorCode::kNotFound, "No such appointment.", "rule own_visit");
}

bool IsUpcoming(const PortalVisit& v, EpochSeconds now) { return v.end > now || v.room == "open"; }

}  // namespace duet::portal
