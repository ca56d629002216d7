#pragma once
#include "care/service.hpp"
#include "platform/router.hpp"

namespace duet::care {
void RegisterRoutes(Router& router, Service& service);
}
