// The client-facing words compiled into the binary: data/words.<code>.json, read once on first use.
#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <stdexcept>

#include "platform/embedded.hpp"
#include "platform/words.hpp"

namespace duet::words {
namespace {

struct Library {
  std::map<std::string, std::unique_ptr<Words>, std::less<>> languages;
  const Words* english = nullptr;
};

std::unordered_map<std::string, std::string> Read(const EmbeddedFile& f) {
  auto j = nlohmann::json::parse(f.text, nullptr, false);
  if (!j.is_object()) throw std::runtime_error(std::string(f.name) + " is not a JSON object");
  std::unordered_map<std::string, std::string> texts;
  for (const auto& [k, v] : j.items())
    if (v.is_string()) texts.emplace(k, v.get<std::string>());
  return texts;
}

const Library& Get() {
  static const Library library = [] {
    Library lib;
    constexpr std::string_view kPrefix = "words.", kSuffix = ".json";
    const EmbeddedFile* english = nullptr;
    std::vector<const EmbeddedFile*> others;
    for (const auto& f : EmbeddedData()) {
      if (!f.name.starts_with(kPrefix) || !f.name.ends_with(kSuffix)) continue;
      const auto code = f.name.substr(kPrefix.size(), f.name.size() - kPrefix.size() - kSuffix.size());
      if (code == "en")
        english = &f;
      else
        others.push_back(&f);
    }
    if (!english) throw std::runtime_error("data/words.en.json is missing");
    auto en = std::make_unique<Words>("en", Read(*english));
    lib.english = en.get();
    lib.languages.emplace("en", std::move(en));
    for (const auto* f : others) {
      std::string code(f->name.substr(kPrefix.size(), f->name.size() - kPrefix.size() - kSuffix.size()));
      lib.languages.emplace(code, std::make_unique<Words>(code, Read(*f), lib.english));
    }
    return lib;
  }();
  return library;
}

}  // namespace

const Words& For(std::string_view language) {
  const auto& lib = Get();
  if (auto it = lib.languages.find(language); it != lib.languages.end()) return *it->second;
  return *lib.english;
}

bool Known(std::string_view language) { return Get().languages.contains(language); }

std::vector<std::string> Languages() {
  std::vector<std::string> out{"en"};
  for (const auto& [code, _] : Get().languages)
    if (code != "en") out.push_back(code);
  return out;
}

}  // namespace duet::words
