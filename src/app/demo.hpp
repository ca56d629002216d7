#pragma once
// The demo practice: synthetic people only. Seeded by `duet demo seed` or `duet serve --demo` when
// the database holds no practice yet.
#include <string>

#include "app/app.hpp"

namespace duet::app {

//! The password every demo user signs in with.
inline constexpr std::string_view kDemoPassword = "duet-demo-2026";

//! Seeds the demo practice. Returns its id, or a conflict if the demo users already exist.
//! With `visits`, this week's and next week's visits are booked too, with plans of care and a few
//! weeks of measures for two clients (tests leave all of these out).
Result<std::string> SeedDemoPractice(App& app, bool visits = true);
//! A printable list of the demo sign-ins.
std::string DemoSignIns();

}  // namespace duet::app
