#pragma once
#include "intake/service.hpp"
#include "platform/router.hpp"

namespace duet::intake {
void RegisterRoutes(Router& router, Service& s);
}  // namespace duet::intake
