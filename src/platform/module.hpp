#pragma once
// Parts that pull in large libraries are shared modules opened on their first use, so a server that
// never renders a PDF, sends mail or talks to PostgreSQL never maps Pango/cairo/GLib, libcurl or libpq
// (with Kerberos, LDAP and GnuTLS behind them): an idle SQLite server stays small.
//
//   module          source                          what it exports (the tables below)
//   duet_pdf        platform/pdf_module.cpp          PDF layout (Pango, cairo)
//   duet_net        platform/net_module.cpp          HTTP requests and SMTP (libcurl)
//   duet_postgres   platform/db/postgres_module.cpp  the PostgreSQL engine and LISTEN (libpq)
//
// Each module exports one C function, `duet_<name>_api`, returning its table. The front files
// (pdf.cpp, outbound.cpp, mail.cpp, db/open.cpp, bus.cpp) call through it; nothing else knows.
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "platform/db/db.hpp"
#include "platform/result.hpp"

namespace duet::pdf {
struct Block;
struct Box;
}  // namespace duet::pdf

namespace duet::module {

struct PdfApi {
  Result<std::string> (*render)(const std::vector<pdf::Block>& blocks, const std::string& footer);
  Result<std::string> (*render_form)(const std::vector<std::vector<pdf::Box>>& pages, const std::string& title);
};

struct HttpAnswer {
  long status = 0;
  std::string body;
};

struct NetApi {
  //! One HTTP(S) request: a POST of `body` when `post`, else a GET; `headers` are whole header lines.
  Result<HttpAnswer> (*http)(const std::string& url, bool post, const std::string& body,
                             const std::vector<std::string>& headers);
  //! One SMTP transaction: `payload` is the whole message (headers, blank line, dot-stuffed body).
  Status (*smtp)(const std::string& url, const std::string& from_address, const std::string& to_address,
                 const std::string& username, const std::string& password, const std::string& payload);
};

struct PostgresApi {
  //! Opens the engine; `report` is told of events worth a log line (name, detail).
  Result<std::unique_ptr<db::Database>> (*open)(const std::string& conninfo, const db::OpenOptions& options,
                                                void (*report)(std::string_view event, std::string_view detail));
  //! LISTENs on `channel` over its own connection and hands each notification's payload to `note` until
  //! `stop` is set or the connection fails; `listening` is called once LISTEN is in place. Returns
  //! whether it had been listening (false: the connection or LISTEN failed).
  bool (*listen)(const std::string& url, const std::string& channel, const std::atomic<bool>& stop,
                 const std::function<void()>& listening, const std::function<void(std::string)>& note);
};

//! The module's table (opened once; later calls return the same). Fails with kUnavailable when the
//! module's file is missing or does not load (its detail says why).
Result<const PdfApi*> Pdf();
Result<const NetApi*> Net();
Result<const PostgresApi*> Postgres();

}  // namespace duet::module

// What a module's source declares as its one export.
#define DUET_MODULE_EXPORT extern "C" __attribute__((visibility("default")))
