#include "platform/log.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace duet::log {
namespace {
std::shared_ptr<spdlog::logger>& Logger() {
  static std::shared_ptr<spdlog::logger> logger = [] {
    auto l = spdlog::stderr_logger_mt("duet");
    l->set_pattern("{\"ts\":\"%Y-%m-%dT%H:%M:%S.%eZ\",\"level\":\"%l\",%v", spdlog::pattern_time_type::utc);
    return l;
  }();
  return logger;
}
}  // namespace

void Init(std::string_view level) {
  auto& l = Logger();
  if (level == "debug")
    l->set_level(spdlog::level::debug);
  else if (level == "warn")
    l->set_level(spdlog::level::warn);
  else if (level == "error")
    l->set_level(spdlog::level::err);
  else
    l->set_level(spdlog::level::info);
  l->flush_on(spdlog::level::info);
}

namespace {
spdlog::level::level_enum SpdLevel(Level level) {
  return level == Level::kDebug   ? spdlog::level::debug
         : level == Level::kWarn  ? spdlog::level::warn
         : level == Level::kError ? spdlog::level::err
                                  : spdlog::level::info;
}
}  // namespace

bool Enabled(Level level) { return Logger()->should_log(SpdLevel(level)); }

void Event(Level level, std::string_view event, nlohmann::json fields) {
  auto& l = Logger();
  const spdlog::level::level_enum lv = SpdLevel(level);
  if (!l->should_log(lv)) return;
  std::string body = fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  // Splice the fields into the line after "event": {"a":1} → "event":"x","a":1
  std::string line = "\"event\":" + nlohmann::json(event).dump();
  if (fields.is_object() && body.size() > 2) line += "," + body.substr(1, body.size() - 2);
  line += "}";
  l->log(lv, "{}", line);
}

}  // namespace duet::log
