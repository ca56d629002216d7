#pragma once
#include "plans/service.hpp"
#include "platform/router.hpp"

namespace duet::plans {
void RegisterRoutes(Router& router, Service& service);
}
