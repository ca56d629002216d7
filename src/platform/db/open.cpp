// Which engine a database URL names: SQLite in the binary, PostgreSQL from its module (platform/module.hpp).
#include "platform/db/db.hpp"
#include "platform/log.hpp"
#include "platform/module.hpp"

namespace duet::db {

Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path, const OpenOptions& options);

Result<std::unique_ptr<Database>> Open(const std::string& url, const OpenOptions& options) {
  if (url.rfind("sqlite:", 0) == 0) return OpenSqlite(url.substr(7), options);
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    auto api = module::Postgres();
    if (!api) return tl::unexpected(api.error());
    return (*api)->open(url, options, [](std::string_view event, std::string_view detail) {
      log::Event(log::Level::kError, event, {{"detail", std::string(detail)}});
    });
  }
  return Fail(ErrorCode::kInvalid, "The database must be sqlite:PATH or postgresql://...", url);
}

}  // namespace duet::db
