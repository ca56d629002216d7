#pragma once
// Measures' wire types, declared once (platform/codec.hpp). The observation catalogue's codec also
// reads data/observation_types.json at start-up.
#include "measures/model.hpp"
#include "measures/rules.hpp"
#include "measures/service.hpp"
#include "platform/codec.hpp"

namespace duet::measures {

using codec::Field;
using codec::Format;

inline constexpr codec::Rules kAnswers{
    .required = true, .min = 0, .max = 3, .description = "One answer (0–3) per question"};

struct SendBody {
  std::string instrument;
  std::optional<int> every_weeks;
  std::optional<int> count;
};
constexpr auto CodecOf(const SendBody*) {
  return codec::Object<SendBody>(
      "MeasureRequest",
      Field("instrument", &SendBody::instrument, {.required = true, .max_len = 16, .description = "phq9 or gad7"}),
      Field("every_weeks", &SendBody::every_weeks, {.min = 1, .max = 12}),
      Field("count", &SendBody::count, {.min = 1, .max = 26, .description = "Default 6 when repeating, else 1"}));
}
constexpr auto CodecOf(const Request*) {
  using R = Request;
  return codec::Object<R>("MeasureLink", Field("id", &R::id, {.write_only = true}),
                          codec::Computed<std::string>("request_id", [](const R& r) { return r.id; }),
                          codec::Computed<std::string>("path", [](const R& r) { return "/measure/" + r.token; },
                                                       {.description = "Shown once"}),
                          Field("expires_at", &R::expires_at, {.format = Format::kTimestamp}));
}

struct AnswersBody {
  std::string instrument;
  std::vector<int> answers;
  std::optional<int> functional;
};
constexpr auto CodecOf(const AnswersBody*) {
  using A = AnswersBody;
  return codec::Object<A>("MeasureAnswers", Field("instrument", &A::instrument, {.required = true, .max_len = 16}),
                          Field("answers", &A::answers, kAnswers),
                          Field("functional", &A::functional, {.min = 0, .max = 3}));
}
struct LinkAnswers {
  std::vector<int> answers;
  std::optional<int> functional;
};
constexpr auto CodecOf(const LinkAnswers*) {
  return codec::Object<LinkAnswers>("LinkAnswers", Field("answers", &LinkAnswers::answers, kAnswers),
                                    Field("functional", &LinkAnswers::functional, {.min = 0, .max = 3}));
}

constexpr auto CodecOf(const Response*) {
  using R = Response;
  return codec::Object<R>(
      "MeasureResult", Field("id", &R::id), Field("instrument", &R::instrument),
      codec::Computed<int>("total", [](const R& r) { return r.score.total; }),
      codec::Computed<std::string>("band", [](const R& r) { return r.score.band; }),
      codec::Computed<bool>("safety_flag", [](const R& r) { return r.score.safety_flag; }),
      Field("answers", &R::answers), Field("functional", &R::functional),
      Field("completed_at", &R::completed_at, {.format = Format::kTimestamp}),
      codec::Computed<bool>("entered_in_session", [](const R& r) { return !r.entered_by.empty(); }));
}
//! A response just scored.
struct Scored {
  std::string id;
  Score score;
};
constexpr auto CodecOf(const Scored*) {
  return codec::Object<Scored>(
      "Scored", Field("id", &Scored::id), codec::Computed<int>("total", [](const Scored& r) { return r.score.total; }),
      codec::Computed<std::string>("band", [](const Scored& r) { return r.score.band; }),
      codec::Computed<bool>("safety_flag", [](const Scored& r) { return r.score.safety_flag; }));
}

struct BandRow {
  int min = 0;
  int max = 0;
  std::string label;
};
constexpr auto CodecOf(const BandRow*) {
  return codec::Object<BandRow>("Band", Field("min", &BandRow::min), Field("max", &BandRow::max),
                                Field("label", &BandRow::label));
}
struct Bands {
  std::vector<BandRow> phq9;
  std::vector<BandRow> gad7;
};
constexpr auto CodecOf(const Bands*) {
  return codec::Object<Bands>("Bands", Field("phq9", &Bands::phq9), Field("gad7", &Bands::gad7));
}

struct ProgressRow : Progress {
  std::string objective_id;
  std::string text;
  std::string instrument;
};
constexpr auto CodecOf(const ProgressRow*) {
  using O = ProgressRow;
  return codec::Object<O>(
      "ObjectiveProgress", Field("objective_id", &O::objective_id), Field("text", &O::text, {.omit_when_empty = true}),
      Field("instrument", &O::instrument, {.omit_when_empty = true}), Field("baseline", &O::baseline),
      Field("target", &O::target), Field("latest", &O::latest),
      Field("fraction", &O::fraction, {.description = "0 at baseline, 1 at target"}), Field("met", &O::met));
}

struct ResultsAnswer {
  std::vector<Response> items;
  Bands bands;
  std::vector<ProgressRow> objectives;
};
constexpr auto CodecOf(const ResultsAnswer*) {
  return codec::Object<ResultsAnswer>("MeasureResults", Field("items", &ResultsAnswer::items),
                                      Field("bands", &ResultsAnswer::bands),
                                      Field("objectives", &ResultsAnswer::objectives));
}

constexpr auto CodecOf(const Form*) {
  return codec::Object<Form>(
      "MeasureForm", Field("practice_name", &Form::practice_name),
      codec::Computed<nlohmann::json>(
          "instrument", [](const Form& f) { return nlohmann::json::parse(f.instrument_json, nullptr, false); },
          {.description = "The questionnaire's wording"}),
      Field("completed", &Form::completed), Field("expired", &Form::expired));
}
struct Received {
  bool received = true;
};
constexpr auto CodecOf(const Received*) {
  return codec::Object<Received>("Received", Field("received", &Received::received));
}

constexpr auto CodecOf(const ObservationType*) {
  using T = ObservationType;
  return codec::Object<T>("ObservationType", Field("code", &T::code, {.required = true, .max_len = 64}),
                          Field("kind", &T::kind, {.required = true}), Field("name", &T::name, {.required = true}),
                          Field("unit", &T::unit, {.required = true}), Field("min", &T::min), Field("max", &T::max),
                          Field("sided", &T::sided), Field("better", &T::better),
                          Field("disciplines", &T::disciplines, {.max_items = 20}));
}
//! data/observation_types.json.
struct ObservationCatalogue {
  std::string about;
  std::string as_of;
  std::vector<ObservationType> types;
};
constexpr auto CodecOf(const ObservationCatalogue*) {
  using C = ObservationCatalogue;
  return codec::Object<C>("ObservationCatalogue", Field("about", &C::about, {.max_len = 4000}),
                          Field("as_of", &C::as_of, {.max_len = 10}),
                          Field("types", &C::types, {.required = true, .max_items = 1000}));
}

constexpr auto CodecOf(const ObservationInput*) {
  using O = ObservationInput;
  return codec::Object<O>(
      "NewObservation", Field("code", &O::code, {.required = true, .max_len = 64}),
      Field("side", &O::side, {.max_len = 16, .description = "left, right or bilateral; required for sided types"}),
      Field("value", &O::value), Field("grade", &O::grade, {.max_len = 4, .description = "Manual muscle test grade"}),
      Field("observed_on", &O::observed_on), Field("objective_id", &O::objective_id, {.max_len = 64}),
      Field("comment", &O::comment, {.max_len = 2000}));
}
struct ObservationsBody {
  std::vector<ObservationInput> observations;
};
constexpr auto CodecOf(const ObservationsBody*) {
  return codec::Object<ObservationsBody>("NewObservations",
                                         Field("observations", &ObservationsBody::observations, {.required = true}));
}

struct EnteredBy {
  std::string user_id;
  std::string name;
};
constexpr auto CodecOf(const EnteredBy*) {
  return codec::Object<EnteredBy>("EnteredBy", Field("user_id", &EnteredBy::user_id), Field("name", &EnteredBy::name));
}
constexpr auto CodecOf(const Observation*) {
  using O = Observation;
  constexpr codec::Rules opt{.null_when_empty = true};
  return codec::Object<O>("Observation", Field("id", &O::id), Field("code", &O::code), Field("side", &O::side, opt),
                          Field("value", &O::value), Field("grade", &O::grade, opt),
                          Field("observed_on", &O::observed_on), Field("objective_id", &O::objective_id, opt),
                          Field("comment", &O::comment, opt),
                          codec::Computed<EnteredBy>("entered_by",
                                                     [](const O& o) {
                                                       return EnteredBy{o.entered_by, o.entered_by_name};
                                                     }),
                          Field("created_at", &O::created_at, {.format = Format::kTimestamp}),
                          codec::Computed<bool>("voided", [](const O& o) { return o.voided_at.has_value(); }),
                          Field("void_reason", &O::void_reason, opt));
}
struct ObservationsAnswer {
  std::vector<Observation> items;
  std::vector<ProgressRow> progress;
};
constexpr auto CodecOf(const ObservationsAnswer*) {
  return codec::Object<ObservationsAnswer>("Observations", Field("items", &ObservationsAnswer::items),
                                           Field("progress", &ObservationsAnswer::progress));
}

inline constexpr std::string_view kVoidReasons[] = {"wrong_client", "wrong_value", "duplicate", "other"};
struct VoidBody {
  std::string reason;
};
constexpr auto CodecOf(const VoidBody*) {
  return codec::Object<VoidBody>("VoidObservation",
                                 Field("reason", &VoidBody::reason, {.required = true, .max_len = 32}));
}

constexpr auto CodecOf(const Alert*) {
  using A = Alert;
  return codec::Object<A>("Alert", Field("id", &A::id), Field("client_id", &A::client_id),
                          Field("client_name", &A::client_name), Field("kind", &A::kind, {.description = "phq9_item9"}),
                          Field("response_id", &A::response_id),
                          Field("created_at", &A::created_at, {.format = Format::kTimestamp}));
}

//! A questionnaire's wording in data/instruments.json (the scoring is in measures/rules.cpp).
struct InstrumentText {
  std::string key;
  std::string name;
  std::string title;
  std::string stem;
  std::vector<std::string> options;
  std::vector<std::string> items;
  std::string functional;
  std::vector<std::string> functional_options;
  std::string attribution;
  nlohmann::json loinc;
};
constexpr auto CodecOf(const InstrumentText*) {
  using I = InstrumentText;
  constexpr codec::Rules text{.required = true, .max_len = 2000};
  return codec::Object<I>("InstrumentText", Field("key", &I::key, {.required = true, .max_len = 16}),
                          Field("name", &I::name, text), Field("title", &I::title, text), Field("stem", &I::stem, text),
                          Field("options", &I::options, {.required = true, .max_len = 200}),
                          Field("items", &I::items, text), Field("functional", &I::functional, {.max_len = 2000}),
                          Field("functional_options", &I::functional_options, {.max_len = 200}),
                          Field("attribution", &I::attribution, text), Field("loinc", &I::loinc));
}
//! The shipped wording must match the scoring: a known instrument, one item per scored question, one
//! option per answer value.
inline void CheckFields(const InstrumentText& t, const std::string& path, codec::Problems& p) {
  const Instrument* scoring = FindInstrument(t.key);
  if (!scoring) return p.push_back({codec::At(path, "key"), "Not an instrument Duet scores."});
  if (static_cast<int>(t.items.size()) != scoring->items)
    p.push_back({codec::At(path, "items"), "Needs " + std::to_string(scoring->items) + " questions."});
  if (static_cast<int>(t.options.size()) != scoring->max_per_item + 1)
    p.push_back(
        {codec::At(path, "options"), "Needs " + std::to_string(scoring->max_per_item + 1) + " answer options."});
}

}  // namespace duet::measures
