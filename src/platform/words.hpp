#pragma once
// Client-facing words as data: every e-mail and text a client receives, in the client's language. The
// words of each language are one file, data/words.<code>.json (a key and its text, with {name}
// placeholders); another language is another file. The portal's own words are web/src/locales/<code>.json.
// The dictionary is pure (part of duet_core); For/Known read the files compiled into the binary.
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace duet::words {

//! The values put in a text's {name} placeholders.
using Values = std::initializer_list<std::pair<std::string_view, std::string_view>>;

//! One language's words. A key it lacks is said in its fallback's words (English).
class Words {
 public:
  Words(std::string code, std::unordered_map<std::string, std::string> texts, const Words* fallback = nullptr);
  const std::string& code() const { return code_; }
  //! The text of `key` with each {name} replaced by its value (a placeholder without a value stays as it is).
  //! A key no language has is returned as it is, so a missing word shows, never crashes.
  std::string Say(std::string_view key, Values values = {}) const;
  bool Has(std::string_view key) const;
  //! Every key of this language's own file.
  std::vector<std::string> Keys() const;

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::string code_;
  std::unordered_map<std::string, std::string, Hash, std::equal_to<>> texts_;
  const Words* fallback_;
};

//! Fills {name} placeholders in `text`.
std::string Fill(std::string_view text, Values values);

//! The words of `language` ("en", "es"); English for a code Duet has no words for.
const Words& For(std::string_view language);
//! True when Duet has words for `language`.
bool Known(std::string_view language);
//! The languages Duet has words for, English first.
std::vector<std::string> Languages();

}  // namespace duet::words
