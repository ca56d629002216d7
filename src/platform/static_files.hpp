#pragma once
// The built web app, loaded into memory at start (its compressed copies, where the build made them): correct types,
// ETags, long caching for hashed assets, and the single-page-app fallback to index.html.
#include <string>
#include <unordered_map>

#include "platform/http.hpp"

namespace duet {

class StaticFiles {
 public:
  //! Loads every file under root (the vite build output). Missing root leaves the set empty.
  explicit StaticFiles(const std::string& root);
  //! True when index.html was found.
  bool has_app() const { return files_.count("/index.html") != 0; }
  //! Serves GET/HEAD for path; SPA fallback for paths without an extension.
  http::Response Serve(const http::Request& req) const;

 private:
  struct File {
    std::string body;
    std::string type;
    std::string etag;
    std::string gzip;    // the build's .gz copy, if any
    std::string brotli;  // the build's .br copy, if any
    std::string disk;    // where the file as built is read from when body was let go for its copies
  };
  std::unordered_map<std::string, File> files_;
};

}  // namespace duet
