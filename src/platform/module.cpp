// https://man7.org/linux/man-pages/man3/dlopen.3.html — RTLD_LOCAL keeps each module's symbols to itself.
#include "platform/module.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <climits>
#include <mutex>

namespace duet::module {
namespace {

// The directory of the running executable, then the build tree the binary was built in (tests and
// benchmarks run from their own directories).
std::vector<std::string> Directories() {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("DUET_MODULE_DIR"); env && *env) dirs.emplace_back(env);
  char exe[PATH_MAX];
  if (ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1); n > 0) {
    std::string path(exe, static_cast<std::size_t>(n));
    dirs.push_back(path.substr(0, path.rfind('/')));
  }
  dirs.emplace_back(DUET_MODULE_DIR);
  return dirs;
}

struct Opened {
  const void* api = nullptr;
  std::string error;
};

Opened Open(const std::string& name) {
  std::string tried;
  for (const auto& dir : Directories()) {
    std::string path = dir + "/libduet_" + name + ".so";
    if (access(path.c_str(), R_OK) != 0) continue;
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);  // never closed: its code stays in use
    if (!handle) return {nullptr, dlerror()};
    using Entry = const void* (*)();
    auto entry = reinterpret_cast<Entry>(dlsym(handle, ("duet_" + name + "_api").c_str()));
    if (!entry) return {nullptr, path + " exports no duet_" + name + "_api"};
    return {entry(), {}};
  }
  return {nullptr, "libduet_" + name + ".so not found beside the executable or in " DUET_MODULE_DIR};
}

template <typename Api>
Result<const Api*> Load(const std::string& name) {
  static std::once_flag once;
  static Opened opened;
  std::call_once(once, [&] { opened = Open(name); });
  if (!opened.api) return Fail(ErrorCode::kUnavailable, "A part of the server is missing; see the log.", opened.error);
  return static_cast<const Api*>(opened.api);
}

}  // namespace

Result<const PdfApi*> Pdf() { return Load<PdfApi>("pdf"); }
Result<const NetApi*> Net() { return Load<NetApi>("net"); }
Result<const PostgresApi*> Postgres() { return Load<PostgresApi>("postgres"); }

}  // namespace duet::module
