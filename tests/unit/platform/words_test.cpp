// Client-facing words as data: every language has every key English has, with the same placeholders.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "platform/words.hpp"

namespace duet::words {
namespace {

std::set<std::string> Placeholders(const std::string& text) {
  std::set<std::string> out;
  static const std::regex name(R"(\{([a-z_]+)\})");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), name); it != std::sregex_iterator(); ++it)
    out.insert((*it)[1]);
  return out;
}

TEST(Words, EveryLanguageSaysEveryKeyWithTheSamePlaceholders) {
  const auto languages = Languages();
  ASSERT_GE(languages.size(), 2u);
  EXPECT_EQ(languages.front(), "en");
  const Words& en = For("en");
  for (const auto& code : languages) {
    const Words& w = For(code);
    EXPECT_EQ(w.code(), code);
    for (const auto& key : en.Keys()) {
      EXPECT_TRUE(w.Has(key)) << code << " lacks " << key;
      EXPECT_EQ(Placeholders(w.Say(key)), Placeholders(en.Say(key))) << code << ": " << key;
    }
    for (const auto& key : w.Keys()) EXPECT_TRUE(en.Has(key)) << code << " has " << key << ", English does not";
  }
}

TEST(Words, FillPlaceholdersAndFallBack) {
  EXPECT_EQ(Fill("{a} and {b}, {a}", {{"a", "x"}, {"b", "{a}"}}), "x and {a}, x");  // values are not re-read
  EXPECT_EQ(Fill("{missing} stays", {}), "{missing} stays");
  EXPECT_EQ(Fill("an { open brace", {{"open", "no"}}), "an { open brace");
  Words en("en", {{"hello", "Hello {name}"}, {"only.en", "Only English"}});
  Words es("es", {{"hello", "Hola {name}"}}, &en);
  EXPECT_EQ(es.Say("hello", {{"name", "Ana"}}), "Hola Ana");
  EXPECT_EQ(es.Say("only.en"), "Only English");
  EXPECT_EQ(es.Say("no.such.key"), "no.such.key");
  EXPECT_TRUE(Known("es"));
  EXPECT_FALSE(Known("xx"));
  EXPECT_EQ(For("xx").code(), "en");
}

}  // namespace
}  // namespace duet::words
