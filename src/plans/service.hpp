#pragma once
// Plan-of-care use cases: read a client's plan and its history, save a new version (validated as
// measurable), sign it (the clinician; the client in session, witnessed), and the due list for
// reviews and re-evaluations. Plans are sealed with the practice's data key.
#include <optional>
#include <string>
#include <vector>

#include "identity/service.hpp"
#include "plans/model.hpp"
#include "platform/crypto.hpp"
#include "platform/db/db.hpp"
#include "practice/service.hpp"

namespace duet::plans {

using practice::Origin;

class Service {
 public:
  Service(db::Database& db, const Clock& clock, identity::Service& identity, practice::Service& directory);

  //! Every version of the client's plan, newest first, plans opened.
  Result<std::vector<PlanVersion>> Versions(const Principal& who, const std::string& client_id, const Origin& origin);
  //! Saves the plan as the next version (400 naming each problem when it is not measurable).
  Result<PlanVersion> Save(const Principal& who, const std::string& client_id, const Plan& plan, const Origin& origin);
  //! The clinician signs (`client` false), or the client signs in session, witnessed by the caller.
  //! Signs a version as its clinician, co-signs as a supervisor, or records the client's signature in session
  //! (MaySignPlan).
  Result<PlanVersion> Sign(const Principal& who, const std::string& client_id, int version, PlanSigner signer,
                           const Origin& origin);
  //! The objectives of the client's newest plan (for measures that point at one); none without a plan.
  //! Not audited: callers audit what they do with them.
  Result<std::vector<Objective>> CurrentObjectives(const std::string& practice_id, const std::string& client_id);
  //! Reviews and re-evaluations due within `window_days` (or overdue) for clients the caller may see.
  Result<std::vector<DuePlan>> Due(const Principal& who, int window_days);

 private:
  db::Database& db_;
  const Clock& clock_;
  identity::Service& identity_;
  practice::Service& directory_;
};

//! Reads a stored or shipped plan by its codec (field errors for shapes that cannot be read; fields
//! it does not know, from older versions, are passed over).
Result<Plan> PlanFromJson(std::string_view text);

}  // namespace duet::plans
