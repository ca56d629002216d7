#pragma once
#include "platform/router.hpp"
#include "portal/service.hpp"

namespace duet::portal {
void RegisterRoutes(Router& router, Service& service);
}
