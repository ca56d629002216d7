#pragma once
#include "billing/service.hpp"
#include "platform/router.hpp"

namespace duet::billing {
void RegisterRoutes(Router& router, Service& service);
}
