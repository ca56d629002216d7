#pragma once
#include "estimates/service.hpp"
#include "platform/router.hpp"

namespace duet::estimates {
//! Registers the Good Faith Estimate routes and the practice's business calendar.
void RegisterRoutes(Router& router, Service& service);
}  // namespace duet::estimates
