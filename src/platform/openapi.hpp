#pragma once
#include <nlohmann/json.hpp>
#include <string_view>

#include "platform/router.hpp"

namespace duet {
//! The OpenAPI 3.1 document generated from the route table: every registered route appears.
nlohmann::json OpenApiDocument(const Router& router, std::string_view version);
}  // namespace duet
