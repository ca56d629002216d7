// duet: the one binary. Subcommands as in shared/brief API.md; every option also reads DUET_*.
#include <sys/stat.h>
#include <CLI/CLI.hpp>

#include "app/commands.hpp"
#include "platform/memory.hpp"

int main(int argc, char** argv) {
  // Everything Duet writes (the SQLite database and its WAL, backups, keys, checkpoints) holds client
  // data or secrets: readable by its own user only.
  ::umask(077);
  duet::memory::TuneHeap();
  using duet::app::Config;
  Config config;
  CLI::App cli{"Duet — practice platform for hybrid therapy practices"};
  cli.require_subcommand(1);
  cli.set_version_flag("--version", DUET_VERSION);

  auto add_common = [&config](CLI::App* cmd) {
    cmd->add_option("--database", config.database, "sqlite:PATH or postgresql://...")
        ->envname("DUET_DATABASE")
        ->capture_default_str();
    cmd->add_option("--var-dir", config.var_dir, "Directory for the master key and the default database")
        ->envname("DUET_VAR_DIR")
        ->capture_default_str();
    cmd->add_option("--master-key-file", config.master_key_file, "Master key file (created 0600 if missing)")
        ->envname("DUET_MASTER_KEY_FILE");
    config.master_key = std::getenv("DUET_MASTER_KEY") ? std::getenv("DUET_MASTER_KEY") : "";
  };

  auto* serve = cli.add_subcommand("serve", "Serve the API, the web app and the WebSocket hub");
  add_common(serve);
  serve->add_option("--host", config.host, "Address to bind")->envname("DUET_HOST")->capture_default_str();
  serve->add_option("--port", config.port, "Port (0 picks a free one)")
      ->envname("DUET_PORT")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  serve->add_option("--threads", config.threads, "Network threads")
      ->envname("DUET_THREADS")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  serve->add_option("--workers", config.workers, "Worker threads for handlers and database work")
      ->envname("DUET_WORKERS")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  serve
      ->add_option("--write-workers", config.write_workers,
                   "Worker threads for requests that change data (they mostly wait for a shared commit); 0: 32 on "
                   "SQLite, 6 on PostgreSQL")
      ->envname("DUET_WRITE_WORKERS")
      ->capture_default_str()
      ->check(CLI::Range(0, 256));
  serve
      ->add_option("--release-memory-after", config.release_memory_after_seconds,
                   "Seconds without a request after which the server gives back the memory it keeps for speed "
                   "(database page caches, freed heap); 0: never")
      ->envname("DUET_RELEASE_MEMORY_AFTER")
      ->capture_default_str()
      ->check(CLI::Range(0, 86400));
  serve
      ->add_option("--max-database-mb", config.max_database_mb,
                   "SQLite: refuse writes (503) once the database reaches this size; 0 for no limit")
      ->envname("DUET_MAX_DATABASE_MB")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  serve
      ->add_option("--max-connections", config.max_connections,
                   "Open connections at once, in total (WebSockets included)")
      ->envname("DUET_MAX_CONNECTIONS")
      ->capture_default_str()
      ->check(CLI::Range(1, 1'000'000));
  serve
      ->add_option("--max-connections-per-ip", config.max_connections_per_ip,
                   "Open connections at once from one address")
      ->envname("DUET_MAX_CONNECTIONS_PER_IP")
      ->capture_default_str()
      ->check(CLI::Range(1, 1'000'000));
  serve
      ->add_option("--db-pool", config.db_pool,
                   "Database connections (SQLite: readers; 0: 4 for SQLite, workers + write workers for PostgreSQL)")
      ->envname("DUET_DB_POOL")
      ->capture_default_str()
      ->check(CLI::Range(0, 256));
  serve->add_option("--web-root", config.web_root, "Built web app directory")->envname("DUET_WEB_ROOT");
  serve->add_option("--tls-cert", config.tls_cert, "TLS certificate chain (PEM)")->envname("DUET_TLS_CERT");
  serve->add_option("--tls-key", config.tls_key, "TLS private key (PEM)")->envname("DUET_TLS_KEY");
  serve->add_option("--session-idle-seconds", config.session_idle_seconds, "Sign out after this much inactivity")
      ->envname("DUET_SESSION_IDLE_SECONDS")
      ->capture_default_str()
      ->check(CLI::Range(5, 86400));
  serve
      ->add_option("--session-absolute-seconds", config.session_absolute_seconds, "Sign out after this long regardless")
      ->envname("DUET_SESSION_ABSOLUTE_SECONDS")
      ->capture_default_str()
      ->check(CLI::Range(60, 7 * 86400));
  serve
      ->add_option("--sign-in-memory-ms", config.sign_in_memory_ms,
                   "How long a checked session or API token is trusted without reading it again; a change made by "
                   "another server or a command takes effect here within it (0: read on every request)")
      ->envname("DUET_SIGN_IN_MEMORY_MS")
      ->capture_default_str()
      ->check(CLI::Range(0, 5000));
  serve->add_option("--login-rate", config.login_attempts_per_ip_per_minute, "Sign-in attempts per address per minute")
      ->envname("DUET_LOGIN_RATE")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  serve->add_option("--body-limit", config.body_limit, "Largest request body in bytes")
      ->envname("DUET_BODY_LIMIT")
      ->capture_default_str();
  serve->add_option("--read-timeout", config.read_timeout_seconds, "Seconds to wait for a request")
      ->envname("DUET_READ_TIMEOUT")
      ->capture_default_str();
  serve
      ->add_option("--clock", config.clock,
                   "system, or fixed:<RFC 3339> for tests: time stands still until POST /api/v1/test/clock moves it "
                   "(never in production)")
      ->envname("DUET_CLOCK")
      ->capture_default_str();
  serve->add_option("--log-level", config.log_level, "debug, info, warn or error")
      ->envname("DUET_LOG_LEVEL")
      ->capture_default_str();
  serve->add_flag("--demo", config.demo, "Seed the demo practice when the database is empty")->envname("DUET_DEMO");
  serve
      ->add_flag("--demo-visits,!--no-demo-visits", config.demo_visits,
                 "Seed the demo practice with this week's and next week's visits")
      ->envname("DUET_DEMO_VISITS")
      ->capture_default_str();
  serve->add_option("--smtp-url", config.smtp_url, "Mail server, smtp://host:port (none: no e-mail)")
      ->envname("DUET_SMTP_URL");
  serve->add_option("--stripe-api", config.stripe_api, "The card processor's API address (Stripe's, or a stand-in)")
      ->envname("DUET_STRIPE_API");
  serve->add_option("--smtp-username", config.smtp_username, "Mail server user")->envname("DUET_SMTP_USERNAME");
  config.smtp_password = std::getenv("DUET_SMTP_PASSWORD") ? std::getenv("DUET_SMTP_PASSWORD") : "";
  serve->add_option("--mail-from", config.mail_from, "From address of e-mail")
      ->envname("DUET_MAIL_FROM")
      ->capture_default_str();
  serve->add_option("--notice-interval", config.notice_interval_seconds, "Seconds between license expiry checks")
      ->envname("DUET_NOTICE_INTERVAL")
      ->capture_default_str()
      ->check(CLI::Range(1, 86400));
  serve->add_option("--job-poll-seconds", config.job_poll_seconds, "Seconds between checks of the job queue")
      ->envname("DUET_JOB_POLL_SECONDS")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  serve
      ->add_option("--reminder-offsets", config.reminder_offsets,
                   "Reminders before each visit, e.g. 48h,2h (empty: none)")
      ->envname("DUET_REMINDER_OFFSETS")
      ->capture_default_str();
  auto* public_url =
      serve
          ->add_option(
              "--public-url", config.public_url,
              "The address people reach Duet at (links in reminders and invitations); default http://localhost:<port>")
          ->envname("DUET_PUBLIC_URL");
  serve
      ->add_option("--sms-webhook-url", config.sms_webhook_url,
                   "SMS provider webhook (POST {to, body}); none: no texts")
      ->envname("DUET_SMS_WEBHOOK_URL");
  config.sms_token = std::getenv("DUET_SMS_TOKEN") ? std::getenv("DUET_SMS_TOKEN") : "";
  serve->add_option("--stun-urls", config.stun_urls, "STUN servers for video visits, comma-separated (stun:host:3478)")
      ->envname("DUET_STUN_URLS");
  serve
      ->add_option("--turn-urls", config.turn_urls,
                   "TURN servers (coturn), comma-separated (turn:host:3478?transport=udp)")
      ->envname("DUET_TURN_URLS");
  config.turn_secret = std::getenv("DUET_TURN_SECRET") ? std::getenv("DUET_TURN_SECRET") : "";
  serve
      ->add_flag("--ice-relay-only", config.ice_relay_only,
                 "Video calls use only the TURN relays (no direct connections; hides IP addresses)")
      ->envname("DUET_ICE_RELAY_ONLY");
  serve->add_option("--turn-ttl-seconds", config.turn_ttl_seconds, "Lifetime of TURN credentials")
      ->envname("DUET_TURN_TTL_SECONDS")
      ->capture_default_str()
      ->check(CLI::Range(60, 86400));

  auto* admin = cli.add_subcommand("admin", "Administration")->require_subcommand(1);
  std::string name, email, password_file, owner_name;
  auto* create = admin->add_subcommand("create-practice", "Create a practice and its owner");
  add_common(create);
  create->add_option("--name", name, "Practice name")->required();
  create->add_option("--owner-email", email, "Owner's e-mail")->required();
  create->add_option("--owner-password-file", password_file, "File whose first line is the owner's password")
      ->required();
  create->add_option("--owner-name", owner_name, "Owner's display name");
  auto* token = admin->add_subcommand("token", "API tokens")->require_subcommand(1);
  auto* token_create = token->add_subcommand(
      "create", "Print a new API token for a user (it signs in without two-step sign-in: scope and expire it)");
  add_common(token_create);
  token_create->add_option("--email", email, "The user's e-mail")->required();
  std::string token_name, token_scope = "read_write", token_id;
  int token_days = 90;
  token_create->add_option("--name", token_name, "What the token is for (an integration's name)");
  token_create->add_option("--scope", token_scope, "read_only or read_write")
      ->capture_default_str()
      ->check(CLI::IsMember({"read_only", "read_write"}));
  token_create->add_option("--expires-days", token_days, "Days until it stops working (1-730)")
      ->capture_default_str()
      ->check(CLI::Range(1, 730));
  auto* token_list = token->add_subcommand(
      "list", "List API tokens (never their secrets): id, practice, user, scope, last use, expiry, state");
  add_common(token_list);
  auto* token_revoke = token->add_subcommand("revoke", "Revoke an API token at once");
  add_common(token_revoke);
  token_revoke->add_option("--id", token_id, "The token's id (from `token list`)")->required();

  std::string role, clinician_id, practice_id;
  auto* user = admin->add_subcommand("user", "Staff accounts")->require_subcommand(1);
  auto* user_invite = user->add_subcommand("invite", "Invite a person by e-mail; prints the single-use link (7 days)");
  add_common(user_invite);
  user_invite->add_option("--email", email, "Their e-mail")->required();
  user_invite->add_option("--role", role, "owner, clinician, supervisor, biller or front_desk")->required();
  user_invite->add_option("--clinician-id", clinician_id, "The clinician record they sign in for");
  user_invite->add_option("--name", owner_name, "Their name as shown in Duet");
  user_invite->add_option("--practice-id", practice_id, "The practice (needed when the database holds several)");
  user_invite->add_option("--public-url", config.public_url, "The address the link starts with")
      ->envname("DUET_PUBLIC_URL")
      ->capture_default_str();
  auto* user_create = user->add_subcommand(
      "create", "Create a staff account with a password (they enrol in two-step sign-in at first sign-in)");
  add_common(user_create);
  user_create->add_option("--email", email, "Their e-mail")->required();
  user_create->add_option("--role", role, "owner, clinician, supervisor, biller or front_desk")->required();
  user_create->add_option("--password-file", password_file, "File whose first line is the password")->required();
  user_create->add_option("--clinician-id", clinician_id, "The clinician record they sign in for");
  user_create->add_option("--name", owner_name, "Their name as shown in Duet");
  user_create->add_option("--practice-id", practice_id, "The practice (needed when the database holds several)");
  auto* user_deactivate = user->add_subcommand(
      "deactivate", "Deactivate an account: its sessions and API tokens end now, its records stay");
  add_common(user_deactivate);
  user_deactivate->add_option("--email", email, "Their e-mail")->required();

  auto* demo = cli.add_subcommand("demo", "Demo data")->require_subcommand(1);
  auto* demo_seed = demo->add_subcommand("seed", "Seed the demo practice");
  add_common(demo_seed);

  auto* openapi = cli.add_subcommand("openapi", "Print the OpenAPI 3.1 document of this build");
  auto* migrate = cli.add_subcommand("migrate", "Apply database migrations");
  add_common(migrate);
  std::string file;
  auto* backup = cli.add_subcommand("backup", "Write a consistent copy of the SQLite database");
  add_common(backup);
  backup->add_option("file", file, "Backup file")->required();
  auto* restore = cli.add_subcommand("restore", "Replace the SQLite database with a backup (server stopped)");
  add_common(restore);
  restore->add_option("file", file, "Backup file")->required()->check(CLI::ExistingFile);
  auto* audit = cli.add_subcommand("audit", "Audit log")->require_subcommand(1);
  auto* verify = audit->add_subcommand("verify", "Check every practice's audit chain; non-zero exit on a break");
  add_common(verify);

  CLI11_PARSE(cli, argc, argv);
  // Links follow the port the server answers on unless an address is given.
  if (*serve && public_url->count() == 0 && config.port != 0)
    config.public_url =
        std::string(config.tls_cert.empty() ? "http" : "https") + "://localhost:" + std::to_string(config.port);

  if (*serve) return duet::app::Serve(config);
  if (*openapi) return duet::app::PrintOpenApi(config);
  if (*create) return duet::app::CreatePractice(config, name, email, password_file, owner_name);
  if (*token_create) return duet::app::CreateToken(config, email, token_name, token_scope, token_days);
  if (*token_list) return duet::app::ListTokens(config);
  if (*token_revoke) return duet::app::RevokeToken(config, token_id);
  if (*user_invite) return duet::app::InviteUser(config, {email, owner_name, role, clinician_id, practice_id, {}});
  if (*user_create)
    return duet::app::CreateUser(config, {email, owner_name, role, clinician_id, practice_id, password_file});
  if (*user_deactivate) return duet::app::DeactivateUser(config, email);
  if (*demo_seed) return duet::app::SeedDemo(config);
  if (*migrate) return duet::app::MigrateOnly(config);
  if (*backup) return duet::app::Backup(config, file);
  if (*restore) return duet::app::Restore(config, file);
  if (*verify) return duet::app::AuditVerify(config);
  return 2;
}
