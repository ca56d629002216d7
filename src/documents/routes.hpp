#pragma once
#include "documents/service.hpp"
#include "platform/router.hpp"

namespace duet::documents {
void RegisterRoutes(Router& router, Service& service);
}
