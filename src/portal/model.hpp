#pragma once
// What a client sees of their own care when they sign in: who they are to the practice and their
// visits, each with what they can do next (join the video room when it is open).
#include <string>
#include <vector>

#include "platform/clock.hpp"
#include "scheduling/model.hpp"

namespace duet::portal {

//! One of the client's visits, in words a client reads (no internal ids but the visit's own).
struct PortalVisit {
  std::string id;
  EpochSeconds start = 0;
  EpochSeconds end = 0;
  std::string mode;    // in_person | video | audio
  std::string status;  // booked | checked_in | completed | cancelled | late_cancelled | no_show
  std::string clinician_name;
  std::string service_name;
  std::string location_name;  // in-person visits: where
  std::string location_address;
  std::string room;  // video and audio visits: open | early | closed; in person: none
};

struct PortalHome {
  std::string client_id;
  std::string name;  // the name the client goes by
  std::string practice_name;
  std::vector<PortalVisit> upcoming;  // soonest first, including one happening now
  std::vector<PortalVisit> past;      // most recent first, the last 90 days
};

}  // namespace duet::portal
