// The codec: one declaration gives decoding (every problem at once), encoding and the schemas.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "documents/codecs.hpp"
#include "measures/codecs.hpp"
#include "platform/codec.hpp"
#include "practice/codecs.hpp"
#include "records/codecs.hpp"
#include "scheduling/codecs.hpp"

namespace duet {
namespace {

using codec::Problems;
using nlohmann::json;

std::vector<std::string> Fields(const Problems& p) {
  std::vector<std::string> out;
  for (const auto& e : p) out.push_back(e.field);
  return out;
}

TEST(Codec, ReportsEveryFieldProblemTogether) {
  Problems p;
  // A mode that does not exist, no start, an unknown field, a bad nested date, a too-long reason.
  auto a = codec::Decode<scheduling::NewAppointment>(
      R"({"clinician_id":"k","client_id":"c","service_id":"s","mode":"teleport","colour":1,
          "recurrence":{"every_weeks":1,"until":"someday"},"override_reason":")" +
          std::string(501, 'x') + R"("})",
      p);
  EXPECT_EQ(Fields(p), (std::vector<std::string>{"colour", "mode", "start", "override_reason", "recurrence.until",
                                                 "recurrence.count"}));
  (void)a;
}

TEST(Codec, CountsCharactersNotBytes) {
  Problems p;
  // 200 characters of two bytes each fit a 200-character name.
  std::string name;
  for (int i = 0; i < 200; ++i) name += "é";
  auto l = codec::Decode<scheduling::Location>(json{{"name", name}, {"time_zone", "America/Denver"}}.dump(), p);
  EXPECT_TRUE(p.empty());
  EXPECT_EQ(l.name, name);
  codec::Decode<scheduling::Location>(json{{"name", name + "é"}, {"time_zone", "America/Denver"}}.dump(), p);
  EXPECT_EQ(Fields(p), std::vector<std::string>{"name"});
}

TEST(Codec, ReadsFormatsAndWritesThemBack) {
  Problems p;
  auto a = codec::Decode<scheduling::Availability>(
      R"({"blocks":[{"weekday":1,"start_time":"09:00","end_time":"17:30","mode":"telehealth"}],
          "exceptions":[{"date":"2026-12-24","kind":"time_off"}]})",
      p);
  ASSERT_TRUE(p.empty()) << p.front().field;
  EXPECT_EQ(a.blocks[0].start_minute, 9 * 60);
  EXPECT_EQ(a.blocks[0].end_minute, 17 * 60 + 30);
  EXPECT_EQ(a.exceptions[0].end_minute, 24 * 60) << "the model's default";
  json out = codec::Encode(a);
  EXPECT_EQ(out["blocks"][0]["end_time"], "17:30");
  EXPECT_EQ(out["blocks"][0]["location_id"], nullptr) << "an empty optional text is written as null";
  EXPECT_EQ(out["exceptions"][0]["date"], "2026-12-24");
  EXPECT_EQ(out["exceptions"][0]["kind"], "time_off");

  codec::Decode<scheduling::Availability>(
      R"({"blocks":[{"weekday":8,"start_time":"9am","end_time":"25:00","mode":"x"}]})", p);
  EXPECT_EQ(Fields(p), (std::vector<std::string>{"blocks[0].weekday", "blocks[0].start_time", "blocks[0].end_time",
                                                 "blocks[0].mode"}));
}

TEST(Codec, NullAndAbsentReadAlikeAndNullClearsAnOptional) {
  practice::Client c;
  c.emergency_contact = practice::EmergencyContact{"Sam", "parent", "5552010134"};
  c.pronouns = "they/them";
  Problems p;
  auto patch =
      codec::DecodePatch<practice::ClientRecord>(R"({"emergency_contact":null,"pronouns":null,"given_name":"Ana"})", p);
  ASSERT_TRUE(p.empty());
  practice::ClientRecord r(c, practice::ClientView::kFull);
  ASSERT_TRUE(patch.ApplyTo(r));
  EXPECT_FALSE(r.emergency_contact) << "null clears an optional";
  EXPECT_EQ(r.pronouns, "they/them") << "null leaves a text as it was";
  EXPECT_EQ(r.given_name, "Ana");
}

TEST(Codec, APatchRequiresNothingButChecksWhatIsSent) {
  Problems p;
  codec::DecodePatch<practice::Clinician>(R"({"given_name":"Ana"})", p);
  EXPECT_TRUE(p.empty()) << "discipline is required to create, not to change";
  codec::DecodePatch<practice::Clinician>(R"({"discipline":"astrology","version":0})", p);
  EXPECT_EQ(Fields(p), (std::vector<std::string>{"discipline", "version"}));
}

TEST(Codec, ReadOnlyFieldsSentBackAreIgnored) {
  Problems p;
  auto l = codec::Decode<scheduling::Location>(R"({"id":"forged","name":"Main","time_zone":"America/Denver"})", p);
  EXPECT_TRUE(p.empty());
  EXPECT_EQ(l.id, "");
}

TEST(Codec, ViewsDecideWhatIsWritten) {
  practice::Client c;
  c.diagnoses = {{"F41.1", "Generalized anxiety disorder", true}};
  json full = codec::Encode(practice::ClientRecord(c, practice::ClientView::kFull));
  json desk = codec::Encode(practice::ClientRecord(c, practice::ClientView::kDemographics));
  EXPECT_EQ(full["diagnoses"].size(), 1u);
  EXPECT_FALSE(desk.contains("diagnoses")) << "the front desk's view has no diagnoses";
  EXPECT_EQ(desk["view"], "demographics");
}

// Answers are written as text straight from the codecs; they must say what the JSON tree says.
template <class T>
void SameAsTheTree(const T& value) {
  const std::string text = codec::EncodeText(value);
  const json parsed = json::parse(text);
  EXPECT_EQ(parsed, codec::Encode(value)) << text;
}

TEST(Codec, WritesAnswersAsTextExactlyAsTheTreeDoes) {
  scheduling::Appointment a;
  a.id = "a1";
  a.clinician_id = "k1";
  a.client_ids = {"c1", "c2"};
  a.mode = scheduling::VisitMode::kVideo;
  a.start = 1796650200;
  a.end = a.start + 3000;
  a.time_zone = "America/Denver";
  a.override_reason = "Line one\nwith \"quotes\", a tab\t, a back\\slash, \x01 and caf\xc3\xa9 \xf0\x9f\x99\x82";
  a.warnings = {{"after_hours", "Outside hours"}};
  a.client_names = {"Avery Synthetic", "Jordan Example"};
  SameAsTheTree(a);
  a.client_names.clear();  // omitted when empty
  a.override_reason.clear();
  a.busy = true;
  SameAsTheTree(a);
  EXPECT_EQ(codec::EncodeText(a).find("client_names"), std::string::npos);
  // A field named again (Extend) replaces the base's: written once.
  scheduling::BookingAnswer b;
  static_cast<scheduling::Appointment&>(b) = a;
  b.dry_run = true;
  b.occurrences = {b};
  SameAsTheTree(b);
  b.occurrences.clear();
  const std::string text = codec::EncodeText(b);
  auto count = [&](std::string_view key) {
    std::size_t n = 0;
    for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("\"id\":"), 1u) << text;
  EXPECT_EQ(count("\"series_id\":"), 1u) << text;
  practice::Client c;
  c.given_name = "Avery";
  c.diagnoses = {{"F41.1", "Generalized anxiety disorder", true}};
  c.emergency_contact = practice::EmergencyContact{};
  SameAsTheTree(practice::ClientRecord(c, practice::ClientView::kFull));
  SameAsTheTree(practice::ClientRecord(c, practice::ClientView::kDemographics));
  // Invalid UTF-8 is replaced as the tree's dump replaces it.
  practice::Client bad;
  bad.given_name = std::string("A\xff\xfe") + "B\xc3";
  const json parsed = json::parse(codec::EncodeText(practice::ClientRecord(bad, practice::ClientView::kFull)));
  EXPECT_EQ(parsed["given_name"], "A\uFFFD\uFFFDB\uFFFD");
  // A page of them.
  EXPECT_EQ(json::parse(codec::EncodePageText(std::vector<scheduling::Appointment>{a, a}, std::string("n1"))),
            codec::EncodePage(std::vector<scheduling::Appointment>{a, a}, std::string("n1")));
}

TEST(Codec, GivesARequestAndAResponseSchema) {
  json components = json::object();
  json ref = codec::SchemaRef<scheduling::Location>(codec::Direction::kRequest, components);
  EXPECT_EQ(ref["$ref"], "#/components/schemas/LocationInput");
  const json& in = components["LocationInput"];
  EXPECT_EQ(in["required"], (json{"name", "time_zone"}));
  EXPECT_EQ(in["additionalProperties"], false);
  EXPECT_EQ(in["properties"]["name"]["maxLength"], 200);
  EXPECT_EQ(in["properties"]["kind"]["enum"], (json{"clinic", "client_home"}));
  EXPECT_EQ(in["properties"]["kind"]["default"], "clinic");
  EXPECT_TRUE(in["properties"]["id"]["readOnly"]);
  codec::SchemaRef<scheduling::Appointment>(codec::Direction::kResponse, components);
  const json& out = components["Appointment"];
  EXPECT_EQ(out["properties"]["mode"]["enum"], (json{"in_person", "video", "audio"}));
  EXPECT_EQ(out["properties"]["start"]["format"], "date-time");
  EXPECT_EQ(out["properties"]["series_id"]["type"], (json{"string", "null"}));
  const auto& required = out["required"];
  EXPECT_NE(std::find(required.begin(), required.end(), "id"), required.end());
  EXPECT_EQ(std::find(required.begin(), required.end(), "busy"), required.end()) << "left out unless set";
  EXPECT_TRUE(components.contains("Warning")) << "nested types are components";
}

TEST(Codec, EveryShippedNoteTemplateReads) {
  std::ifstream in(std::string(DUET_SOURCE_DIR) + "/data/note_templates.json");
  std::stringstream text;
  text << in.rdbuf();
  json all = json::parse(text.str());
  ASSERT_GT(all.size(), 5u);
  for (const auto& one : all) {
    auto t = records::TemplateFromJson(one.dump());
    ASSERT_TRUE(t) << one.value("key", "?") << ": " << t.error().public_message;
    EXPECT_EQ(json::parse(records::TemplateToJson(*t))["sections"].size(), one["sections"].size());
  }
}

std::string Shipped(const char* name) {
  std::ifstream in(std::string(DUET_SOURCE_DIR) + "/data/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(Codec, TheShippedConsentsAndQuestionnairesRead) {
  Problems p;
  auto consents = codec::Decode<documents::ConsentFile>(Shipped("consents.json"), p);
  EXPECT_TRUE(p.empty()) << (p.empty() ? "" : p.front().field + ": " + p.front().message);
  EXPECT_FALSE(consents.telehealth_consent.text.empty());
  json all = json::parse(Shipped("instruments.json"));
  ASSERT_EQ(all.size(), 2u);
  for (const auto& one : all) {
    measures::InstrumentText text;
    codec::ReadObject(one, text, "", p);
    EXPECT_TRUE(p.empty()) << one.value("key", "?") << ": "
                           << (p.empty() ? "" : p.front().field + " " + p.front().message);
  }
  // Wording that does not match the scoring is refused: the PHQ-9 with a question missing.
  json short_phq9 = all[0];
  short_phq9["items"].erase(short_phq9["items"].size() - 1);
  measures::InstrumentText text;
  codec::ReadObject(short_phq9, text, "", p);
  EXPECT_EQ(Fields(p), std::vector<std::string>{"items"});
}

TEST(Codec, TheShippedObservationCatalogueReads) {
  std::ifstream in(std::string(DUET_SOURCE_DIR) + "/data/observation_types.json");
  std::stringstream text;
  text << in.rdbuf();
  Problems p;
  auto catalogue = codec::Decode<measures::ObservationCatalogue>(text.str(), p);
  EXPECT_TRUE(p.empty()) << (p.empty() ? "" : p.front().field + ": " + p.front().message);
  EXPECT_GT(catalogue.types.size(), 10u);
}

}  // namespace
}  // namespace duet
