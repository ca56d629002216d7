// The pure dictionary of client-facing words (see words.hpp); the files are read in words_data.cpp.
#include "platform/words.hpp"

#include <algorithm>

namespace duet::words {

Words::Words(std::string code, std::unordered_map<std::string, std::string> texts, const Words* fallback)
    : code_(std::move(code)), fallback_(fallback) {
  for (auto& [k, v] : texts) texts_.emplace(k, std::move(v));
}

std::string Fill(std::string_view text, Values values) {
  std::string out;
  out.reserve(text.size() + 64);
  std::size_t i = 0;
  while (i < text.size()) {
    const auto open = text.find('{', i);
    if (open == std::string_view::npos) break;
    const auto close = text.find('}', open + 1);
    if (close == std::string_view::npos) break;
    out.append(text.substr(i, open - i));
    const std::string_view name = text.substr(open + 1, close - open - 1);
    const auto* found = std::find_if(values.begin(), values.end(), [&](const auto& v) { return v.first == name; });
    if (found != values.end())
      out.append(found->second);
    else
      out.append(text.substr(open, close - open + 1));
    i = close + 1;
  }
  out.append(text.substr(i));
  return out;
}

std::string Words::Say(std::string_view key, Values values) const {
  if (auto it = texts_.find(key); it != texts_.end()) return Fill(it->second, values);
  if (fallback_) return fallback_->Say(key, values);
  return std::string(key);
}

bool Words::Has(std::string_view key) const { return texts_.find(key) != texts_.end(); }

std::vector<std::string> Words::Keys() const {
  std::vector<std::string> keys;
  keys.reserve(texts_.size());
  for (const auto& [k, _] : texts_) keys.push_back(k);
  std::sort(keys.begin(), keys.end());
  return keys;
}

}  // namespace duet::words
