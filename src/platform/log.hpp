#pragma once
// JSON-lines logging through spdlog. Log events carry request ids, route patterns, statuses and
// internal error detail — never client data (no names, no query strings, no bodies).
#include <nlohmann/json.hpp>
#include <string_view>

namespace duet::log {

enum class Level { kDebug, kInfo, kWarn, kError };

//! Sets up the JSON-lines logger on stderr; `level` is debug/info/warn/error.
void Init(std::string_view level);
//! Whether events of this level are written: a caller whose fields cost something to gather (one per request)
//! asks first.
bool Enabled(Level level);
//! Writes one JSON line: {"ts","level","event", ...fields}.
void Event(Level level, std::string_view event, nlohmann::json fields = nlohmann::json::object());

}  // namespace duet::log
