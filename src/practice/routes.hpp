#pragma once
#include "platform/router.hpp"
#include "practice/service.hpp"

namespace duet::practice {
//! Registers the directory routes: clinicians, licenses, coverage, credentials, compacts, clients.
void RegisterRoutes(Router& router, Service& service);
}  // namespace duet::practice
