#include "app/commands.hpp"

#include "platform/openapi.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/app.hpp"
#include "app/demo.hpp"
#include "identity/rules.hpp"
#include "platform/audit.hpp"
#include "platform/dates.hpp"
#include "platform/log.hpp"
#include "platform/openapi.hpp"

namespace duet::app {
namespace {

int Report(const Error& e) {
  std::cerr << "duet: " << e.public_message;
  if (!e.internal_detail.empty()) std::cerr << " (" << e.internal_detail << ")";
  std::cerr << "\n";
  return e.code == ErrorCode::kInvalid || e.code == ErrorCode::kConflict || e.code == ErrorCode::kNotFound ? 2 : 1;
}

std::string MaskUrl(const std::string& url) {
  // postgresql://user:secret@host/db → postgresql://user:***@host/db
  auto scheme = url.find("://");
  auto at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos) return url;
  auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

}  // namespace

std::string DescribeConfig(const Config& c) {
  std::ostringstream out;
  out << "host=" << c.host << " port=" << c.port << " threads=" << c.threads << " workers=" << c.workers
      << " write_workers=" << WriteWorkers(c) << " database=" << MaskUrl(c.database) << " db_pool=" << c.db_pool
      << " var_dir=" << c.var_dir << " web_root=" << (c.web_root.empty() ? DefaultWebRoot() : c.web_root)
      << " master_key="
      << (c.master_key.empty() ? "file:" + (c.master_key_file.empty() ? c.var_dir + "/master.key" : c.master_key_file)
                               : std::string("***"))
      << " tls=" << (c.tls_cert.empty() ? "off" : "on") << " session_idle_seconds=" << c.session_idle_seconds
      << " session_absolute_seconds=" << c.session_absolute_seconds << " sign_in_memory_ms=" << c.sign_in_memory_ms
      << " body_limit=" << c.body_limit << " read_timeout_seconds=" << c.read_timeout_seconds
      << " log_level=" << c.log_level << " smtp=" << (c.smtp_url.empty() ? "off" : MaskUrl(c.smtp_url))
      << " smtp_password=" << (c.smtp_password.empty() ? "unset" : "***") << " mail_from=" << c.mail_from
      << " notice_interval_seconds=" << c.notice_interval_seconds << " job_poll_seconds=" << c.job_poll_seconds
      << " reminder_offsets=" << c.reminder_offsets << " public_url=" << c.public_url
      << " sms=" << (c.sms_webhook_url.empty() ? "off" : MaskUrl(c.sms_webhook_url))
      << " sms_token=" << (c.sms_token.empty() ? "unset" : "***") << " stun_urls=" << c.stun_urls
      << " turn_urls=" << c.turn_urls << " turn_secret=" << (c.turn_secret.empty() ? "unset" : "***")
      << " turn_ttl_seconds=" << c.turn_ttl_seconds << " ice_relay_only=" << (c.ice_relay_only ? "true" : "false");
  return out.str();
}

int Serve(const Config& config) {
  log::Init(config.log_level);
  auto started = std::chrono::steady_clock::now();
  log::Event(log::Level::kInfo, "starting", {{"version", DUET_VERSION}, {"config", DescribeConfig(config)}});
  SystemClock system_clock;
  std::unique_ptr<SettableClock> fixed;
  if (config.clock.starts_with("fixed:")) {
    auto at = ParseTimestamp(config.clock.substr(6));
    if (!at)
      return Report(
          Error{ErrorCode::kInvalid, "--clock fixed: needs an RFC 3339 time, e.g. fixed:2026-12-07T15:00:00Z"});
    fixed = std::make_unique<SettableClock>(*at);
    log::Event(log::Level::kWarn, "test_clock",
               {{"at", FormatTimestamp(*at)}, {"note", "time stands still: for tests only"}});
  } else if (config.clock != "system") {
    return Report(Error{ErrorCode::kInvalid, "--clock is system or fixed:<RFC 3339>"});
  }
  const Clock& clock = fixed ? static_cast<const Clock&>(*fixed) : system_clock;
  auto app = App::Create(config, clock);
  if (!app) return Report(app.error());
  if (fixed) (*app)->EnableTestClock(*fixed);
  if (config.demo) {
    auto count = (*app)->identity().CountPractices();
    if (!count) return Report(count.error());
    if (*count == 0) {
      auto seeded = SeedDemoPractice(**app, config.demo_visits);
      if (!seeded) return Report(seeded.error());
      log::Event(log::Level::kInfo, "demo_seeded", {});
    }
    std::printf("%s", DemoSignIns().c_str());
  }
  server::Options options;
  options.host = config.host;
  options.port = config.port;
  options.threads = config.threads;
  options.workers = config.workers;
  options.write_workers = WriteWorkers(config);
  options.quiet_seconds = config.release_memory_after_seconds;
  options.body_limit = config.body_limit;
  options.read_timeout_seconds = config.read_timeout_seconds;
  options.max_connections = config.max_connections;
  options.max_connections_per_ip = config.max_connections_per_ip;
  options.tls_cert = config.tls_cert;
  options.tls_key = config.tls_key;
  log::Event(
      log::Level::kInfo, "ready",
      {{"startup_ms", std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count()}});
  int rc = server::Run(options, **app);
  app->reset();  // closes the database cleanly before exit
  log::Event(log::Level::kInfo, "stopped", {});
  return rc;
}

int CreatePractice(const Config& config, const std::string& name, const std::string& owner_email,
                   const std::string& owner_password_file, const std::string& owner_name) {
  log::Init("warn");
  std::ifstream in(owner_password_file);
  if (!in) {
    std::cerr << "duet: cannot read the password file " << owner_password_file << "\n";
    return 2;
  }
  std::string password;
  std::getline(in, password);
  SystemClock clock;
  auto app = App::Create(config, clock);
  if (!app) return Report(app.error());
  auto id = (*app)->identity().CreatePractice({name, owner_email, owner_name, password, false});
  if (!id) return Report(id.error());
  std::printf("practice %s created; owner %s must set up two-step sign-in at first sign-in\n", id->c_str(),
              owner_email.c_str());
  return 0;
}

int CreateToken(const Config& config, const std::string& email, const std::string& name, const std::string& scope,
                int expires_days) {
  log::Init("warn");
  SystemClock clock;
  auto app = App::Create(config, clock);
  if (!app) return Report(app.error());
  identity::Service::NewToken request;
  request.name = name;
  request.scope = identity::ParseTokenScope(scope).value_or(identity::TokenScope::kReadWrite);
  request.expires_in_days = expires_days;
  auto token = (*app)->identity().CreateApiToken(email, request);
  if (!token) return Report(token.error());
  std::printf("%s\n", token->second.c_str());
  std::fprintf(stderr, "token %s: %s, expires %s\n", token->first.id.c_str(), scope.c_str(),
               FormatTimestamp(token->first.expires_at).c_str());
  return 0;
}

int ListTokens(const Config& config) {
  log::Init("warn");
  SystemClock clock;
  auto app = App::Create(config, clock);
  if (!app) return Report(app.error());
  auto tokens = (*app)->identity().ListTokens(nullptr);
  if (!tokens) return Report(tokens.error());
  const EpochSeconds now = clock.Now();
  std::printf("%-36s  %-36s  %-32s  %-10s  %-20s  %-20s  %s\n", "id", "practice", "user", "scope", "last used",
              "expires", "state");
  for (const auto& t : *tokens)
    std::printf("%-36s  %-36s  %-32s  %-10s  %-20s  %-20s  %s\n", t.id.c_str(), t.practice_id.c_str(),
                t.user_email.c_str(), std::string(identity::TokenScopeName(t.scope)).c_str(),
                t.last_used_at ? FormatTimestamp(t.last_used_at).c_str() : "never",
                t.expires_at ? FormatTimestamp(t.expires_at).c_str() : "never",
                t.revoked_at                   ? "revoked"
                : identity::TokenValid(t, now) ? "active"
                                               : "expired");
  return 0;
}

int RevokeToken(const Config& config, const std::string& id) {
  log::Init("warn");
  SystemClock clock;
  auto app = App::Create(config, clock);
  if (!app) return Report(app.error());
  if (auto st = (*app)->identity().RevokeToken(nullptr, id, identity::Origin{"cli", ""}); !st)
    return Report(st.error());
  std::printf("token %s revoked\n", id.c_str());
  return 0;
}

namespace {
//! Opens the app for one command (quiet logs) and runs `fn` with it.
template <typename F>
int WithApp(const Config& config, F&& fn) {
  log::Init("warn");
  SystemClock clock;
  auto app = App::Create(config, clock);
  if (!app) return Report(app.error());
  return fn(**app);
}

std::optional<Role> StaffRole(const std::string& name) {
  auto role = ParseRole(name);
  if (!role || !IsStaff(*role)) {
    std::cerr << "duet: --role is one of owner, clinician, supervisor, biller, front_desk\n";
    return std::nullopt;
  }
  return role;
}
}  // namespace

int InviteUser(const Config& config, const UserArgs& args) {
  auto role = StaffRole(args.role);
  if (!role) return 2;
  return WithApp(config, [&](App& app) {
    auto practice = app.identity().PracticeForCli(args.practice_id);
    if (!practice) return Report(practice.error());
    auto issued = app.identity().InviteFromCli(*practice, {args.email, args.name, *role, args.clinician_id});
    if (!issued) return Report(issued.error());
    std::printf("invitation for %s as %s, valid until %s:\n%s%s\n", issued->invitation.email.c_str(), args.role.c_str(),
                FormatTimestamp(issued->invitation.expires_at).c_str(), config.public_url.c_str(),
                issued->Path().c_str());
    return 0;
  });
}

int CreateUser(const Config& config, const UserArgs& args) {
  auto role = StaffRole(args.role);
  if (!role) return 2;
  std::ifstream in(args.password_file);
  if (!in) {
    std::cerr << "duet: cannot read the password file " << args.password_file << "\n";
    return 2;
  }
  std::string password;
  std::getline(in, password);
  return WithApp(config, [&](App& app) {
    auto practice = app.identity().PracticeForCli(args.practice_id);
    if (!practice) return Report(practice.error());
    std::string name = args.name.empty() ? args.email.substr(0, args.email.find('@')) : args.name;
    auto id = app.identity().CreateUser(*practice, {args.email, name, *role, password, false, args.clinician_id});
    if (!id) return Report(id.error());
    std::printf("user %s created as %s\n", id->c_str(), args.role.c_str());
    return 0;
  });
}

int DeactivateUser(const Config& config, const std::string& email) {
  return WithApp(config, [&](App& app) {
    if (auto st = app.identity().DeactivateByEmail(email); !st) return Report(st.error());
    std::printf("%s deactivated: sessions and API tokens ended\n", email.c_str());
    return 0;
  });
}

int SeedDemo(const Config& config) {
  log::Init("warn");
  SystemClock clock;
  auto app = App::Create(config, clock);
  if (!app) return Report(app.error());
  auto id = SeedDemoPractice(**app, config.demo_visits);
  if (!id) return Report(id.error());
  std::printf("demo practice %s seeded\n%s", id->c_str(), DemoSignIns().c_str());
  return 0;
}

int MigrateOnly(const Config& config) {
  log::Init("info");
  SystemClock clock;
  auto app = App::Create(config, clock);
  if (!app) return Report(app.error());
  auto versions = db::MigrationVersions((*app)->database());
  if (!versions) return Report(versions.error());
  std::printf("schema at version %d\n", versions->second);
  return 0;
}

int PrintOpenApi(Config config) {
  std::string dir = (std::filesystem::temp_directory_path() / "duet-openapi-XXXXXX").string();
  if (!mkdtemp(dir.data())) {
    std::cerr << "duet: cannot make a temporary directory\n";
    return 1;
  }
  config.var_dir = dir;
  config.database = "sqlite:" + dir + "/openapi.db";
  config.master_key.clear();
  config.master_key_file.clear();
  int rc = WithApp(config, [&](App& app) {
    std::cout << OpenApiDocument(app.router(), DUET_VERSION).dump(2) << "\n";
    return 0;
  });
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return rc;
}

int Backup(const Config& config, const std::string& file) {
  log::Init("warn");
  if (!config.database.starts_with("sqlite:")) {
    std::cerr << "duet: back up PostgreSQL with pg_dump --format=custom (see docs/operations.md)\n";
    return 2;
  }
  SystemClock clock;
  auto app = App::Create(config, clock);
  if (!app) return Report(app.error());
  if (auto st = (*app)->database().Backup(file); !st) return Report(st.error());
  std::printf("backup written to %s\n", file.c_str());
  return 0;
}

std::optional<std::array<unsigned char, 32>> ExistingAuditKey(const Config& config) {
  // Verification never creates a master key: without the one the events were keyed with, they are
  // reported as not checked.
  const std::string file = config.master_key_file.empty() ? config.var_dir + "/master.key" : config.master_key_file;
  if (config.master_key.empty() && !std::filesystem::exists(file)) return std::nullopt;
  if (!crypto::Init()) return std::nullopt;
  auto keys = crypto::Keyring::Load(file, config.master_key);
  if (!keys) return std::nullopt;
  return AuditKey(*keys);
}

int Restore(const Config& config, const std::string& file) {
  log::Init("warn");
  if (!config.database.starts_with("sqlite:")) {
    std::cerr << "duet: restore PostgreSQL with pg_restore (see docs/operations.md)\n";
    return 2;
  }
  if (!std::ifstream(file)) {
    std::cerr << "duet: cannot read the backup file " << file << "\n";
    return 2;
  }
  // Check that the file is a Duet database before it replaces anything.
  auto source = db::Open("sqlite:" + file, db::OpenOptions{1});
  if (!source) return Report(source.error());
  auto versions = db::MigrationVersions(**source);
  if (!versions || versions->second == 0) {
    std::cerr << "duet: " << file << " is not a Duet backup\n";
    return 2;
  }
  if (auto st = (*source)->Backup(config.database.substr(7)); !st) return Report(st.error());
  source->reset();
  auto verify = [&]() -> int {
    auto db = db::Open(config.database, db::OpenOptions{1});
    if (!db) return Report(db.error());
    auto report = audit::Verify(**db, ExistingAuditKey(config));
    if (!report) return Report(report.error());
    std::printf("restored %s into %s: %lld practices, %lld audit events, audit chain %s\n", file.c_str(),
                config.database.c_str(), static_cast<long long>(report->practices),
                static_cast<long long>(report->events), report->ok() ? "intact" : "BROKEN");
    return report->ok() ? 0 : 1;
  };
  return verify();
}

int AuditVerify(const Config& config) {
  log::Init("warn");
  auto db = db::Open(config.database, db::OpenOptions{1});
  if (!db) return Report(db.error());
  auto key = ExistingAuditKey(config);
  std::optional<audit::Checkpoint> checkpoint;
  std::vector<std::string> problems;
  if (std::ifstream in(AuditCheckpointPath(config)); in && key) {
    std::stringstream text;
    text << in.rdbuf();
    auto cp = audit::OpenCheckpoint(text.str(), *key);
    if (cp)
      checkpoint = *cp;
    else
      problems.push_back(cp.error().public_message);
  }
  auto report = audit::Verify(**db, key, checkpoint);
  if (!report) return Report(report.error());
  for (const auto& b : problems) std::printf("BREAK %s\n", b.c_str());
  for (const auto& b : report->breaks) std::printf("BREAK %s\n", b.c_str());
  if (report->unchecked > 0)
    std::printf("%lld keyed events not checked: the master key is not here\n",
                static_cast<long long>(report->unchecked));
  if (checkpoint) std::printf("checked against the signed checkpoint of %s\n", FormatTimestamp(checkpoint->at).c_str());
  const bool ok = report->ok() && problems.empty();
  std::printf("%lld practices, %lld events: %s\n", static_cast<long long>(report->practices),
              static_cast<long long>(report->events), ok ? "audit chain intact" : "audit chain BROKEN");
  return ok ? 0 : 1;
}

}  // namespace duet::app
