#pragma once
#include "messages/service.hpp"
#include "platform/router.hpp"

namespace duet::messages {
void RegisterRoutes(Router& router, Service& service);
}
