#pragma once
#include "payments/service.hpp"
#include "platform/router.hpp"

namespace duet::payments {
//! Registers the card processor's settings and webhook, payment pages, invoices and statements, and the
//! client's own bills in the portal.
void RegisterRoutes(Router& router, Service& service);
}  // namespace duet::payments
