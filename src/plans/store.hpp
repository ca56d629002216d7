#pragma once
// SQL for plans of care; the plan arrives sealed.
#include <optional>
#include <string>
#include <vector>

#include "plans/model.hpp"
#include "platform/db/db.hpp"

namespace duet::plans::store {

//! `v.plan_json` holds sealed text. Fails with a conflict if the version exists (a concurrent save).
Status InsertVersion(db::Connection& c, const std::string& practice_id, const PlanVersion& v);
//! A client's versions, newest first (with sealed plans).
Result<std::vector<PlanVersion>> ListVersions(db::Connection& c, const std::string& practice_id,
                                              const std::string& client_id);
//! Adds the signature if that version has none of this kind yet (false otherwise).
Result<bool> Sign(db::Connection& c, const std::string& practice_id, const std::string& client_id, int version,
                  PlanSigner who, const PlanSignature& s);
//! A member's signature on their part of a version (false if they had signed it already).
Result<bool> SignPart(db::Connection& c, const std::string& practice_id, const std::string& client_id, int version,
                      const std::string& clinician_id, const PlanSignature& s);
//! The newest version of every client's plan whose review or re-evaluation falls on or before `by` (YYYY-MM-DD).
Result<std::vector<PlanVersion>> LatestDueBy(db::Connection& c, const std::string& practice_id, const std::string& by);

}  // namespace duet::plans::store
