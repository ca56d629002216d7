#pragma once
#include "platform/router.hpp"
#include "scheduling/service.hpp"

namespace duet::scheduling {
//! Registers locations, services, availability and appointment routes.
void RegisterRoutes(Router& router, Service& service);
}  // namespace duet::scheduling
