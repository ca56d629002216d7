#pragma once
#include "access/service.hpp"
#include "platform/router.hpp"

namespace duet::access {
void RegisterRoutes(Router& router, Service& service);
}
