#pragma once
// Server configuration: flags and DUET_* environment variables (see commands.cpp), printed at start
// with secrets masked.
#include <cstddef>
#include <string>

namespace duet::app {

struct Config {
  std::string host = "127.0.0.1";
  int port = 8080;
  int threads = 2;
  int workers = 4;
  int write_workers = 0;                  // 0: automatic (WriteWorkers)
  int release_memory_after_seconds = 30;  // a quiet server gives back its caches after this long (0: never)
  std::string database = "sqlite:./var/duet.db";
  //! "system", or "fixed:<RFC 3339>" for tests: time stands still there and POST /api/v1/test/clock moves it.
  std::string clock = "system";
  int db_pool = 0;  // 0: SQLite 4 readers, PostgreSQL workers + write_workers
  int max_connections = 4000;
  int max_connections_per_ip = 256;
  std::int64_t max_database_mb = 0;  // SQLite: refuse writes past this size (0: only the disk limits it)
  std::string var_dir = "./var";
  std::string web_root;         // default: web/dist beside the source tree
  std::string master_key_file;  // default: <var_dir>/master.key
  std::string master_key;       // base64, from DUET_MASTER_KEY; wins over the file
  std::string tls_cert;
  std::string tls_key;
  int session_idle_seconds = 15 * 60;
  int session_absolute_seconds = 12 * 60 * 60;
  int sign_in_memory_ms = 1000;  // a checked session or token is taken on trust this long (0: read every time)
  int login_attempts_per_ip_per_minute = 60;
  std::size_t body_limit = 1 << 20;
  int read_timeout_seconds = 30;
  std::string log_level = "info";
  bool demo = false;
  bool demo_visits = true;  // the demo practice comes with this week's and next week's visits
  std::string smtp_url;     // smtp://host:port; empty: no e-mail is sent
  std::string smtp_username;
  std::string smtp_password;
  std::string mail_from = "Duet <no-reply@localhost>";
  int notice_interval_seconds = 3600;                 // how often license expiry warnings are checked
  int job_poll_seconds = 5;                           // how often the job queue is checked for due work
  std::string reminder_offsets = "48h,2h";            // before each visit; "" sends none
  std::string stripe_api = "https://api.stripe.com";  // the card processor's API (a stand-in in tests)
  std::string public_url = "http://localhost:8080";   // where clients join video visits (links in reminders)
  std::string sms_webhook_url;                        // SMS provider webhook; empty: no texts are sent
  std::string sms_token;                              // bearer token for it, from DUET_SMS_TOKEN
  std::string stun_urls;                              // comma-separated stun: URLs for video visits
  std::string turn_urls;                              // comma-separated turn: URLs (coturn)
  std::string turn_secret;                            // coturn's static-auth-secret, from DUET_TURN_SECRET
  int turn_ttl_seconds = 3600;                        // lifetime of TURN credentials
  bool ice_relay_only = false;  // browsers use only TURN relays (hides client and clinician IP addresses)
};

//! The threads for requests that change data: as configured, or 32 on SQLite (the more writes queue, the more
//! share each commit: 11 a batch instead of 6, bookings +25 %) and 6 on PostgreSQL (each write holds a backend
//! to its commit, and more backends contend for the same cores: on two cores 6 against 16 gave bookings +20 %,
//! the week +30 %, reads +15 %, bookings' p99 halved).
inline int WriteWorkers(const Config& c) {
  if (c.write_workers > 0) return c.write_workers;
  return c.database.starts_with("sqlite:") ? 32 : 6;
}

}  // namespace duet::app
