#include "fixture.hpp"

#include <map>
#include <memory>

namespace duet::bench {

SeededApp& SharedApp(const std::string& database) {
  static std::map<std::string, std::unique_ptr<SeededApp>> all;
  auto& p = all[database];
  if (!p) p = std::make_unique<SeededApp>(database);
  return *p;
}

}  // namespace duet::bench
