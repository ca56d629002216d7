#pragma once
// What makes a release valid, and whether it allows a disclosure today.
#include <string_view>
#include <vector>

#include "care/model.hpp"
#include "platform/result.hpp"
#include "practice/model.hpp"

namespace duet::care {

//! Every problem with a release before it is signed: a recipient and a purpose; a scope of known
//! categories, each once; an expiry date (164.508(c)(1)(v)) not before the effective date nor
//! before `today`, and at most five years ahead; the name of whoever signed.
std::vector<practice::FieldIssue> ValidateRelease(const Release& r, Date today);

//! A release's state on `today` (revocation wins; the expiry day still counts).
ReleaseState StateOf(const Release& r, Date today);
std::string_view StateName(ReleaseState s);

//! Allows a disclosure under `r` today, or says why not (rule `release_inactive`).
Status MayDisclose(const Release& r, Date today);

}  // namespace duet::care
