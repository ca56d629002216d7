#pragma once
#include "payouts/service.hpp"
#include "platform/router.hpp"

namespace duet::payouts {
//! Registers compensation plans, payout runs, statements and their questions.
void RegisterRoutes(Router& router, Service& service);
}  // namespace duet::payouts
