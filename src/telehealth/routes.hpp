#pragma once
#include "platform/router.hpp"
#include "telehealth/service.hpp"

namespace duet::telehealth {
void RegisterRoutes(Router& router, Service& service);
}
