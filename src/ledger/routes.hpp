#pragma once
#include "ledger/service.hpp"
#include "platform/router.hpp"

namespace duet::ledger {
void RegisterRoutes(Router& router, Service& service);
}
