#pragma once
#include "platform/router.hpp"
#include "records/service.hpp"

namespace duet::records {
void RegisterRoutes(Router& router, Service& service);
}
