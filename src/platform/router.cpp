#include "platform/router.hpp"

#include <stdexcept>

namespace duet {
namespace {
std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    auto j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}
bool IsParam(const std::string& seg) { return seg.size() > 2 && seg.front() == '{' && seg.back() == '}'; }
}  // namespace

void Router::Add(Route route) {
  if (!IsKnownAction(route.action))
    throw std::logic_error("route " + route.pattern + " names unknown action " + route.action);
  std::vector<std::string> segments;
  for (auto seg : Split(route.pattern)) segments.emplace_back(seg);
  segments_.push_back(std::move(segments));
  routes_.push_back(std::move(route));
}

const Route* Router::Match(std::string_view method, std::string_view path,
                           std::vector<std::pair<std::string, std::string>>& params, bool& path_exists) const {
  path_exists = false;
  const std::vector<std::string_view> parts = Split(path);  // views: no string per segment
  for (std::size_t r = 0; r < routes_.size(); ++r) {
    const auto& segs = segments_[r];
    if (segs.size() != parts.size()) continue;
    bool ok = true;
    for (std::size_t s = 0; s < segs.size() && ok; ++s) ok = IsParam(segs[s]) || segs[s] == parts[s];
    if (!ok) continue;
    path_exists = true;
    if (routes_[r].method != method && !(method == "HEAD" && routes_[r].method == "GET")) continue;
    params.clear();
    for (std::size_t s = 0; s < segs.size(); ++s)
      if (IsParam(segs[s])) params.emplace_back(segs[s].substr(1, segs[s].size() - 2), std::string(parts[s]));
    return &routes_[r];
  }
  return nullptr;
}

std::string Router::AllowedMethods(std::string_view path) const {
  const std::vector<std::string_view> parts = Split(path);
  std::string out;
  for (std::size_t r = 0; r < routes_.size(); ++r) {
    const auto& segs = segments_[r];
    if (segs.size() != parts.size()) continue;
    bool ok = true;
    for (std::size_t s = 0; s < segs.size() && ok; ++s) ok = IsParam(segs[s]) || segs[s] == parts[s];
    if (!ok || out.find(routes_[r].method) != std::string::npos) continue;
    out += (out.empty() ? "" : ", ") + routes_[r].method;
    if (routes_[r].method == "GET") out += ", HEAD";
  }
  return out;
}

}  // namespace duet
