#pragma once
#include "identity/service.hpp"
#include "platform/router.hpp"

namespace duet::identity {
//! The session cookie's name.
inline constexpr std::string_view kSessionCookie = "duet_session";
//! Registers sign-in, session, MFA, practice, user and audit routes.
void RegisterRoutes(Router& router, Service& service);
}  // namespace duet::identity
