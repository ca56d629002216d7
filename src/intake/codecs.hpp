#pragma once
// Intake forms: wire types, declared once (platform/codec.hpp). A form's codec is also the format forms are
// stored and shipped in (data/intake_forms.json).
#include <nlohmann/json.hpp>

#include "intake/model.hpp"
#include "platform/codec.hpp"
#include "records/codecs.hpp"

namespace duet::intake {

using codec::Field;
using codec::Format;

constexpr auto CodecOf(const AlertRule*) {
  return codec::Object<AlertRule>(
      "IntakeAlertRule", Field("field", &AlertRule::field, {.required = true, .max_len = 130}),
      Field("values", &AlertRule::values, {.required = true, .max_len = 200, .max_items = 50}));
}

constexpr auto CodecOf(const Form*) {
  using F = Form;
  return codec::Object<F>(
      "IntakeForm", Field("key", &F::key, {.required = true, .max_len = 64}),
      Field("version", &F::version, {.min = 0, .max = 1'000'000, .description = "Numbered by the server when saved"}),
      Field("name", &F::name, {.required = true, .max_len = 200}),
      Field("description", &F::description, {.max_len = 2000, .description = "Shown to the client above the form"}),
      Field("for_new_clients", &F::for_new_clients,
            {.description = "Offered in every client's pages without being sent"}),
      Field("active", &F::active, {.description = "False: no longer offered or sent"}),
      Field("sections", &F::sections, {.max_items = 100}),
      Field("alerts", &F::alerts,
            {.max_items = 20,
             .description = "Answers that alert the client's clinicians at once (a choice field and its values)"}),
      codec::Computed<bool>("built_in", [](const F& f) { return f.practice_id.empty(); }));
}

inline constexpr std::string_view kResponseStatuses[] = {"draft", "submitted"};
constexpr auto CodecOf(const Response*) {
  using R = Response;
  return codec::Object<R>(
      "IntakeResponse", Field("id", &R::id), Field("client_id", &R::client_id), Field("form_key", &R::form_key),
      Field("form_version", &R::form_version), Field("form_name", &R::form_name), Field("status", &R::status),
      Field("sent", &R::sent_by, {.null_when_empty = true, .description = "Who sent it (none: the client started it)"}),
      Field("created_at", &R::created_at, {.format = Format::kTimestamp}),
      Field("updated_at", &R::updated_at, {.format = Format::kTimestamp}),
      Field("submitted_at", &R::submitted_at, {.null_when_empty = true, .format = Format::kTimestamp}),
      Field("document_id", &R::document_id,
            {.null_when_empty = true, .description = "Submitted: the chart's PDF of the answers"}));
}

inline constexpr std::string_view kClientFormStatuses[] = {"new", "draft", "submitted"};
constexpr auto CodecOf(const ClientForm*) {
  using C = ClientForm;
  return codec::Object<C>(
      "PortalIntakeForm", Field("form_key", &C::form_key), Field("form_name", &C::form_name),
      Field("description", &C::description, {.null_when_empty = true}),
      Field("response_id", &C::response_id, {.null_when_empty = true, .description = "None: not started yet"}),
      Field("status", &C::status, {.one_of = kClientFormStatuses}),
      Field("updated_at", &C::updated_at, {.null_when_empty = true, .format = Format::kTimestamp}),
      Field("submitted_at", &C::submitted_at, {.null_when_empty = true, .format = Format::kTimestamp}));
}

//! One of the client's forms to fill: the definition and the answers so far.
struct Filling {
  Response response;
  Form form;
};
constexpr auto CodecOf(const Filling*) {
  return codec::Object<Filling>(
      "IntakeFilling", Field("response", &Filling::response), Field("form", &Filling::form),
      codec::Computed<nlohmann::json>("content",
                                      [](const Filling& f) {
                                        auto j = nlohmann::json::parse(f.response.content_json, nullptr, false);
                                        return j.is_object() ? j : nlohmann::json::object();
                                      },
                                      {.description = "\"section.field\" → value, as saved"}));
}

struct AnswersBody {
  nlohmann::json content;
};
constexpr auto CodecOf(const AnswersBody*) {
  return codec::Object<AnswersBody>(
      "IntakeAnswers",
      Field("content", &AnswersBody::content, {.required = true, .description = "\"section.field\" → value"}));
}

inline void CheckFields(const AnswersBody& b, const std::string& path, codec::Problems& p) {
  if (!b.content.is_null() && !b.content.is_object()) p.push_back({codec::At(path, "content"), "Must be an object."});
}

struct SendBody {
  std::string form_key;
};
constexpr auto CodecOf(const SendBody*) {
  return codec::Object<SendBody>("IntakeSend",
                                 Field("form_key", &SendBody::form_key, {.required = true, .max_len = 64}));
}

}  // namespace duet::intake
