#include "platform/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>
#include <vector>

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

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}
}  // namespace

StaticFiles::StaticFiles(const std::string& root) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (root.empty() || !fs::is_directory(root, ec)) return;
  std::vector<fs::path> originals, compressed;
  for (const auto& entry : fs::recursive_directory_iterator(root, ec)) {
    if (!entry.is_regular_file()) continue;
    const auto ext = entry.path().extension();
    (ext == ".gz" || ext == ".br" ? compressed : originals).push_back(entry.path());
  }
  std::unordered_map<std::string, File*> by_path;
  for (const auto& p : originals) {
    File& f = files_["/" + fs::relative(p, root).generic_string()];
    f.type = TypeFor(p);
    f.disk = p.string();
    by_path[f.disk] = &f;
  }
  // Precompressed copies (web/scripts/compress.mjs) go with their file; they are not served by name.
  for (const auto& p : compressed) {
    fs::path original = p;
    original.replace_extension();
    auto it = by_path.find(original.string());
    if (it != by_path.end()) (p.extension() == ".br" ? it->second->brotli : it->second->gzip) = ReadFile(p);
  }
  // A file with a compressed copy keeps only that in memory (every browser takes one) and is not read at start;
  // the rare client that accepts neither is served the file from disk. The ETag hashes the file as built, or its
  // brotli (else gzip) copy, which changes whenever the file does.
  for (auto& [name, f] : files_) {
    if (f.gzip.empty() && f.brotli.empty()) f.body = ReadFile(f.disk);
    const std::string& hashed = !f.brotli.empty() ? f.brotli : !f.gzip.empty() ? f.gzip : f.body;
    f.etag = "\"" + crypto::HashHex(hashed).substr(0, 20) + "\"";
  }
}

namespace {
// Whether Accept-Encoding lists the coding (not refused with q=0).
bool Accepts(std::string_view header, std::string_view coding) {
  std::size_t pos = 0;
  while (pos < header.size()) {
    std::size_t end = header.find(',', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view item = header.substr(pos, end - pos);
    pos = end + 1;
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    std::string_view name = item.substr(0, item.find(';'));
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (name != coding) continue;
    auto q = item.find("q=");
    return q == std::string_view::npos || item.substr(q + 2).find_first_not_of("0.") != std::string_view::npos;
  }
  return false;
}
}  // namespace

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
  // The smallest copy the browser takes: brotli, then gzip, then the file as built.
  const std::string_view accept = req.HeaderValue("accept-encoding");
  const std::string* body = &f.body;
  std::string etag = f.etag;
  if (!f.brotli.empty() && Accepts(accept, "br")) {
    body = &f.brotli;
    res.Set("Content-Encoding", "br");
    etag.insert(etag.size() - 1, "-br");
  } else if (!f.gzip.empty() && Accepts(accept, "gzip")) {
    body = &f.gzip;
    res.Set("Content-Encoding", "gzip");
    etag.insert(etag.size() - 1, "-gz");
  }
  if (!f.brotli.empty() || !f.gzip.empty()) res.Set("Vary", "Accept-Encoding");
  res.Set("ETag", etag);
  // Vite puts content hashes in the names under /assets/: those never change.
  res.Set("Cache-Control", path.starts_with("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
  if (req.HeaderValue("if-none-match") == etag) {
    res.status = 304;
    return res;
  }
  if (body->empty() && !f.disk.empty()) {
    res.body = ReadFile(f.disk);
  } else {
    res.body = *body;
  }
  return res;
}

}  // namespace duet
