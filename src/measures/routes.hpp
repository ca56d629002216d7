#pragma once
#include "measures/service.hpp"
#include "platform/router.hpp"

namespace duet::measures {
void RegisterRoutes(Router& router, Service& service);
}
