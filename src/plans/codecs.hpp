#pragma once
// Plans' wire types, declared once (platform/codec.hpp). The plan's codec is also the form a plan
// version is stored in.
#include "plans/model.hpp"
#include "plans/rules.hpp"
#include "plans/service.hpp"
#include "platform/codec.hpp"

namespace duet::plans {

using codec::Field;
using codec::Format;

constexpr auto CodecOf(const Problem*) {
  return codec::Object<Problem>(
      "PlanProblem", Field("id", &Problem::id, {.max_len = 64}), Field("text", &Problem::text, {.max_len = 2000}),
      Field("diagnosis", &Problem::diagnosis, {.max_len = 8, .description = "ICD-10-CM code"}));
}
constexpr auto CodecOf(const Objective*) {
  using O = Objective;
  return codec::Object<O>(
      "PlanObjective", Field("id", &O::id, {.max_len = 64}), Field("text", &O::text, {.max_len = 2000}),
      Field("measure", &O::measure, {.max_len = 500, .description = "How it is measured, e.g. PHQ-9 total"}),
      Field("baseline", &O::baseline, {.max_len = 200}), Field("target", &O::target, {.max_len = 200}),
      Field("target_date", &O::target_date),
      Field("status", &O::status, {.max_len = 20, .description = "active (default), met, revised or discontinued"}),
      Field("instrument", &O::instrument,
            {.max_len = 16, .description = "phq9 or gad7 when a questionnaire measures it"}));
}
constexpr auto CodecOf(const Goal*) {
  return codec::Object<Goal>("PlanGoal", Field("id", &Goal::id, {.max_len = 64}),
                             Field("problem_id", &Goal::problem_id, {.max_len = 64}),
                             Field("text", &Goal::text, {.max_len = 2000}),
                             Field("owner_clinician_id", &Goal::owner_clinician_id,
                                   {.null_when_empty = true,
                                    .max_len = 36,
                                    .description = "The care-team member whose goal it is (their discipline's part)"}),
                             Field("objectives", &Goal::objectives));
}
constexpr auto CodecOf(const Intervention*) {
  return codec::Object<Intervention>("PlanIntervention", Field("text", &Intervention::text, {.max_len = 2000}),
                                     Field("goal_ids", &Intervention::goal_ids, {.max_len = 64}));
}
constexpr auto CodecOf(const Plan*) {
  return codec::Object<Plan>(
      "Plan", Field("problems", &Plan::problems), Field("goals", &Plan::goals),
      Field("interventions", &Plan::interventions), Field("frequency", &Plan::frequency, {.max_len = 200}),
      Field("mode_mix", &Plan::mode_mix, {.max_len = 200}), Field("review_due", &Plan::review_due),
      Field("reevaluation_due", &Plan::reevaluation_due));
}

struct PlanBody {
  Plan plan;
};
constexpr auto CodecOf(const PlanBody*) {
  return codec::Object<PlanBody>("PlanBody", Field("plan", &PlanBody::plan, {.required = true}));
}

constexpr auto CodecOf(const PlanSignature*) {
  return codec::Object<PlanSignature>("PlanSignature", Field("name", &PlanSignature::name),
                                      Field("at", &PlanSignature::at, {.format = Format::kTimestamp}),
                                      Field("witnessed_by", &PlanSignature::by_user_id));
}
constexpr auto CodecOf(const PlanPart*) {
  return codec::Object<PlanPart>("PlanPart", Field("clinician_id", &PlanPart::clinician_id),
                                 Field("goal_ids", &PlanPart::goal_ids), Field("signature", &PlanPart::signature));
}
struct PlanAuthor {
  std::string user_id;
  std::string name;
};
constexpr auto CodecOf(const PlanAuthor*) {
  return codec::Object<PlanAuthor>("PlanAuthor", Field("user_id", &PlanAuthor::user_id),
                                   Field("name", &PlanAuthor::name));
}
constexpr auto CodecOf(const PlanVersion*) {
  using V = PlanVersion;
  return codec::Object<V>(
      "PlanVersion", Field("version", &V::version),
      codec::Computed<PlanAuthor>("author",
                                  [](const V& v) {
                                    return PlanAuthor{v.author_user_id, v.author_name};
                                  }),
      Field("created_at", &V::created_at, {.format = Format::kTimestamp}),
      codec::Computed<Plan>("plan", [](const V& v) { return PlanFromJson(v.plan_json).value_or(Plan{}); }),
      Field("clinician_signature", &V::clinician_signature), Field("client_signature", &V::client_signature),
      Field("supervisor_signature", &V::supervisor_signature),
      codec::Computed<std::vector<PlanPart>>(
          "parts", [](const V& v) { return PartsOf(PlanFromJson(v.plan_json).value_or(Plan{}), v.part_signatures); },
          {.description = "Each care-team member's part (the goals they own) and their signature on it"}));
}
struct PlanHistory {
  std::optional<PlanVersion> current;
  std::vector<PlanVersion> versions;
};
constexpr auto CodecOf(const PlanHistory*) {
  return codec::Object<PlanHistory>("PlanHistory", Field("current", &PlanHistory::current),
                                    Field("versions", &PlanHistory::versions));
}

struct SignBody {
  PlanSigner signer = PlanSigner::kClinician;
};
constexpr auto CodecOf(const SignBody*) {
  return codec::Object<SignBody>(
      "PlanSign",
      Field("signer", &SignBody::signer, {.required = true, .message = "clinician, supervisor, client or part."}));
}

struct DueQuery {
  int days = 14;
};
constexpr auto CodecOf(const DueQuery*) {
  return codec::Object<DueQuery>("PlansDueQuery", Field("days", &DueQuery::days, {.min = 0, .max = 366}));
}

constexpr auto CodecOf(const DuePlan*) {
  using D = DuePlan;
  return codec::Object<D>("DuePlan", Field("client_id", &D::client_id), Field("client_name", &D::client_name),
                          Field("version", &D::version), Field("what", &D::what), Field("due", &D::due),
                          Field("days_left", &D::days_left));
}

}  // namespace duet::plans
