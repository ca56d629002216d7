#include "platform/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "platform/crypto.hpp"

namespace duet {
namespace {
std::string TypeFor(const std::filesystem::path& p) {
  static const std::unordered_map<std::string, std::string> types = {{".html", "text/html; charset=utf-8"},
                                                                     {".js", "text/javascript; charset=utf-8"},
                                                                     {".mjs", "text/javascript; charset=utf-8"},
                                                                     {".css", "text/css; charset=utf-8"},
                                                                     {".json", "application/json"},
                                                                     {".svg", "image/svg+xml"},
                                                                     {".png", "image/png"},
                                                                     {".ico", "image/x-icon"},
                                                                     {".woff2", "font/woff2"},
                                                                     {".woff", "font/woff"},
                                                                     {".txt", "text/plain; charset=utf-8"},
                                                                     {".webmanifest", "application/manifest+json"},
                                                                     {".map", "application/json"}};
  auto it = types.find(p.extension().string());
  return it == types.end() ? "application/octet-stream" : it->second;
}
}  // namespace

StaticFiles::StaticFiles(const std::string& root) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (root.empty() || !fs::is_directory(root, ec)) return;
  for (const auto& entry : fs::recursive_directory_iterator(root, ec)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    File f{buf.str(), TypeFor(entry.path()), {}};
    f.etag = "\"" + crypto::HashHex(f.body).substr(0, 20) + "\"";
    files_["/" + fs::relative(entry.path(), root).generic_string()] = std::move(f);
  }
}

http::Response StaticFiles::Serve(const http::Request& req) const {
  http::Response res;
  if (req.method != "GET" && req.method != "HEAD") {
    res.status = 405;
    res.Set("Allow", "GET, HEAD");
    return res;
  }
  std::string path = req.path == "/" ? "/index.html" : req.path;
  auto it = files_.find(path);
  if (it == files_.end()) {
    auto slash = path.rfind('/');
    bool looks_like_file = path.find('.', slash) != std::string::npos;
    if (looks_like_file || !has_app()) {
      res.status = 404;
      res.Set("Content-Type", "text/plain; charset=utf-8");
      res.body = has_app() ? "Not found.\n" : "The web app is not built. Run `make` to build it.\n";
      return res;
    }
    it = files_.find("/index.html");
  }
  const File& f = it->second;
  res.Set("Content-Type", f.type);
  res.Set("ETag", f.etag);
  // Vite puts content hashes in the names under /assets/: those never change.
  res.Set("Cache-Control", path.starts_with("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
  if (req.HeaderValue("if-none-match") == f.etag) {
    res.status = 304;
    return res;
  }
  res.body = f.body;
  return res;
}

}  // namespace duet
