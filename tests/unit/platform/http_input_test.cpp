#include <gtest/gtest.h>

#include "identity/codecs.hpp"
#include "platform/http.hpp"
#include "platform/input.hpp"
#include "platform/router.hpp"

namespace duet {
namespace {

TEST(Http, DecodesTargetsAndRejectsBadEscapes) {
  std::string path, query;
  EXPECT_TRUE(http::SplitTarget("/api/v1/clients?q=ann%20lee&x=1", path, query));
  EXPECT_EQ(path, "/api/v1/clients");
  EXPECT_EQ(query, "q=ann%20lee&x=1");
  EXPECT_FALSE(http::SplitTarget("/a%zz", path, query));
  EXPECT_FALSE(http::SplitTarget("/a%2", path, query));
  EXPECT_FALSE(http::SplitTarget("/a%00b", path, query));
  EXPECT_FALSE(http::SplitTarget("no-slash", path, query));
}

TEST(Http, ReadsQueryParametersAndCookies) {
  http::Request req;
  req.query = "q=ann+lee&from=2026-12-01&empty";
  req.headers = {{"Cookie", "a=1; duet_session=abc; b=2"}};
  EXPECT_EQ(req.QueryParam("q").value(), "ann lee");
  EXPECT_EQ(req.QueryParam("empty").value(), "");
  EXPECT_FALSE(req.QueryParam("missing"));
  EXPECT_EQ(req.CookieValue("duet_session"), "abc");
  EXPECT_EQ(req.CookieValue("c"), "");
}

TEST(Codec, ReadsALoginBodyStrictly) {
  struct Case {
    const char* name;
    const char* body;
    std::vector<std::string> fields;
  } cases[] = {
      {"not json", "{", {""}},
      {"not an object", "[1,2]", {""}},
      {"unknown field", R"({"email":"a@b.co","password":"x","admin":true})", {"admin"}},
      {"wrong types", R"({"email":5,"password":["x"]})", {"email", "password"}},
      {"missing", R"({})", {"email", "password"}},
      {"blank", R"({"email":"  ","password":"x"})", {"email"}},
      {"valid", R"({"email":"a@b.co","password":"x"})", {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    codec::Problems problems;
    (void)codec::Decode<identity::LoginRequest>(c.body, problems);
    std::vector<std::string> got;
    for (const auto& e : problems) got.push_back(e.field);
    EXPECT_EQ(got, c.fields);
  }
}

TEST(Router, MatchesPathParametersAndTellsMethodMismatchApart) {
  Router r;
  r.Add({"GET", "/api/v1/clinicians/{id}", "public", "", "", nullptr});
  r.Add({"GET", "/api/v1/clinicians/{id}/licenses", "public", "", "", nullptr});
  std::vector<std::pair<std::string, std::string>> params;
  bool exists = false;
  const Route* m = r.Match("GET", "/api/v1/clinicians/abc/licenses", params, exists);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->pattern, "/api/v1/clinicians/{id}/licenses");
  ASSERT_EQ(params.size(), 1u);
  EXPECT_EQ(params[0].second, "abc");
  EXPECT_EQ(r.Match("DELETE", "/api/v1/clinicians/abc", params, exists), nullptr);
  EXPECT_TRUE(exists);
  EXPECT_EQ(r.Match("GET", "/api/v1/nothing", params, exists), nullptr);
  EXPECT_FALSE(exists);
  EXPECT_THROW(r.Add({"GET", "/x", "no.such.action", "", "", nullptr}), std::logic_error);
}

}  // namespace
}  // namespace duet
