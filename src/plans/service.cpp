#include "plans/service.hpp"

#include <nlohmann/json.hpp>

#include "platform/audit.hpp"
#include "plans/rules.hpp"
#include "plans/store.hpp"
#include "practice/rules.hpp"

namespace duet::plans {
namespace {
using nlohmann::json;

std::string Context(const std::string& client_id, int version) { return "plan:" + client_id + ":" + std::to_string(version); }

std::optional<Date> DateField(const json& j, const char* key, std::vector<std::pair<std::string, std::string>>& errors, const std::string& at) {
  if (!j.contains(key) || j[key].is_null()) return std::nullopt;
  if (!j[key].is_string() || !ParseDate(j[key].get<std::string>())) {
    errors.push_back({at + key, "Give a date as YYYY-MM-DD."});
    return std::nullopt;
  }
  return ParseDate(j[key].get<std::string>());
}

std::string Str(const json& j, const char* key) { return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : ""; }

}  // namespace

Result<Plan> PlanFromJson(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return Fail(ErrorCode::kInvalid, "A plan is a JSON object.", {}, "plan");
  Error e{ErrorCode::kInvalid, "Some parts of the plan need another look.", {}, {}, {}, {}};
  Plan p;
  for (const auto& x : j.value("problems", json::array()))
    if (x.is_object()) p.problems.push_back({Str(x, "id"), Str(x, "text"), Str(x, "diagnosis")});
  int gi = 0;
  for (const auto& g : j.value("goals", json::array())) {
    if (!g.is_object()) continue;
    Goal goal{Str(g, "id"), Str(g, "problem_id"), Str(g, "text"), {}};
    int oi = 0;
    for (const auto& o : g.value("objectives", json::array())) {
      if (!o.is_object()) continue;
      std::string at = "goals[" + std::to_string(gi) + "].objectives[" + std::to_string(oi++) + "].";
      Objective ob{Str(o, "id"), Str(o, "text"), Str(o, "measure"), Str(o, "baseline"), Str(o, "target"), DateField(o, "target_date", e.field_errors, at),
                   Str(o, "status").empty() ? "active" : Str(o, "status"), Str(o, "instrument")};
      goal.objectives.push_back(std::move(ob));
    }
    p.goals.push_back(std::move(goal));
    ++gi;
  }
  for (const auto& iv : j.value("interventions", json::array())) {
    if (!iv.is_object()) continue;
    Intervention x{Str(iv, "text"), {}};
    for (const auto& id : iv.value("goal_ids", json::array()))
      if (id.is_string()) x.goal_ids.push_back(id.get<std::string>());
    p.interventions.push_back(std::move(x));
  }
  p.frequency = Str(j, "frequency");
  p.mode_mix = Str(j, "mode_mix");
  p.review_due = DateField(j, "review_due", e.field_errors, "");
  p.reevaluation_due = DateField(j, "reevaluation_due", e.field_errors, "");
  if (!e.field_errors.empty()) return tl::unexpected(e);
  return p;
}

Service::Service(db::Database& db, const Clock& clock, identity::Service& identity, practice::Service& directory)
    : db_(db), clock_(clock), identity_(identity), directory_(directory) {}

Result<std::vector<PlanVersion>> Service::Versions(const Principal& who, const std::string& client_id, const Origin& origin) {
  if (auto ok = directory_.MayReadChart(who, client_id); !ok) return tl::unexpected(ok.error());
  auto key = identity_.DataKeyFor(who.practice_id);
  if (!key) return tl::unexpected(key.error());
  auto versions = db_.Read([&](db::Connection& c) { return store::ListVersions(c, who.practice_id, client_id); });
  if (!versions) return tl::unexpected(versions.error());
  for (auto& v : *versions) {
    auto plan = key->Open(v.plan_json, Context(client_id, v.version));
    if (!plan) return tl::unexpected(plan.error());
    v.plan_json = *plan;
  }
  if (origin.audited_as_one) return versions;
  auto st = audit::AppendNow(db_, audit::ByPrincipal(who, "plan.read", "client", client_id, origin.ip, origin.request_id, client_id), clock_.Now());
  if (!st) return tl::unexpected(st.error());
  return versions;
}

Result<PlanVersion> Service::Save(const Principal& who, const std::string& client_id, const std::string& plan_json, const Origin& origin) {
  if (auto ok = directory_.MayReadChart(who, client_id); !ok) return tl::unexpected(ok.error());
  auto plan = PlanFromJson(plan_json);
  if (!plan) return tl::unexpected(plan.error());
  EpochSeconds now = clock_.Now();
  if (auto issues = ValidatePlan(*plan, DateOf(now)); !issues.empty())
    return practice::InvalidFields(issues, "The plan is not complete and measurable yet.");
  auto key = identity_.DataKeyFor(who.practice_id);
  if (!key) return tl::unexpected(key.error());
  PlanVersion v;
  v.client_id = client_id;
  v.author_user_id = who.user_id;
  v.author_name = who.display_name;
  v.created_at = now;
  v.review_due = plan->review_due;
  v.reevaluation_due = plan->reevaluation_due;
  const std::string canonical = json::parse(plan_json).dump();
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto existing = store::ListVersions(c, who.practice_id, client_id);
    if (!existing) return tl::unexpected(existing.error());
    v.version = existing->empty() ? 1 : existing->front().version + 1;
    auto sealed = key->Seal(canonical, Context(client_id, v.version));
    if (!sealed) return tl::unexpected(sealed.error());
    PlanVersion stored = v;
    stored.plan_json = *sealed;
    if (auto r = store::InsertVersion(c, who.practice_id, stored); !r) return r;
    return audit::Append(c, audit::ByPrincipal(who, "plan.save", "plan", client_id + "#" + std::to_string(v.version), origin.ip,
                                               origin.request_id, client_id),
                         now);
  });
  if (!st) return tl::unexpected(st.error());
  v.plan_json = canonical;
  return v;
}

Result<PlanVersion> Service::Sign(const Principal& who, const std::string& client_id, int version, PlanSigner signer, const Origin& origin) {
  if (auto ok = directory_.MayReadChart(who, client_id); !ok) return tl::unexpected(ok.error());
  auto rel = directory_.CareRelationship(who, client_id);
  if (!rel) return tl::unexpected(rel.error());
  PlanSignature s{who.display_name, clock_.Now(), who.user_id};
  if (signer == PlanSigner::kClient) {
    auto names = directory_.ClientNames(who.practice_id, {client_id});
    if (!names) return tl::unexpected(names.error());
    s.name = (*names)[client_id];
  }
  static constexpr const char* kActions[] = {"plan.sign", "plan.cosign", "plan.sign_client"};
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto versions = store::ListVersions(c, who.practice_id, client_id);
    if (!versions) return tl::unexpected(versions.error());
    SignFacts facts;
    facts.signer_is_assigned_clinician = rel->assigned_clinician;
    facts.signer_supervises_clinician = rel->supervises_assigned;
    for (const auto& v : *versions)
      if (v.version == version) {
        facts.version_exists = true;
        facts.is_latest = v.version == versions->front().version;  // newest first
        facts.clinician_signed = v.clinician_signature.has_value();
        facts.supervisor_signed = v.supervisor_signature.has_value();
        facts.client_signed = v.client_signature.has_value();
      }
    if (auto r = MaySignPlan(signer, facts); !r) return r;
    auto done = store::Sign(c, who.practice_id, client_id, version, signer, s);
    if (!done) return tl::unexpected(done.error());
    if (!*done) return Fail(ErrorCode::kConflict, "That version was signed a moment ago.");
    return audit::Append(c, audit::ByPrincipal(who, kActions[static_cast<int>(signer)], "plan",
                                               client_id + "#" + std::to_string(version), origin.ip, origin.request_id, client_id),
                         s.at);
  });
  if (!st) return tl::unexpected(st.error());
  auto all = Versions(who, client_id, origin);
  if (!all) return tl::unexpected(all.error());
  for (auto& v : *all)
    if (v.version == version) return v;
  return Fail(ErrorCode::kNotFound, "No such plan version.");
}

Result<std::vector<Objective>> Service::CurrentObjectives(const std::string& practice_id, const std::string& client_id) {
  auto key = identity_.DataKeyFor(practice_id);
  if (!key) return tl::unexpected(key.error());
  auto versions = db_.Read([&](db::Connection& c) { return store::ListVersions(c, practice_id, client_id); });
  if (!versions) return tl::unexpected(versions.error());
  std::vector<Objective> out;
  if (versions->empty()) return out;
  const auto& newest = versions->front();
  auto text = key->Open(newest.plan_json, Context(client_id, newest.version));
  if (!text) return tl::unexpected(text.error());
  auto plan = PlanFromJson(*text);
  if (!plan) return tl::unexpected(plan.error());
  for (auto& g : plan->goals)
    for (auto& o : g.objectives) out.push_back(std::move(o));
  return out;
}

Result<std::vector<DuePlan>> Service::Due(const Principal& who, int window_days) {
  Date today = DateOf(clock_.Now());
  auto rows = db_.Read([&](db::Connection& c) { return store::LatestDueBy(c, who.practice_id, FormatDate(today + date::days(window_days))); });
  if (!rows) return tl::unexpected(rows.error());
  std::vector<DuePlan> out;
  std::vector<std::string> ids;
  for (const auto& v : *rows) {
    auto view = directory_.ChartView(who, v.client_id);
    if (!view || *view != practice::ClientView::kFull) continue;
    for (auto [what, due] : {std::pair{"review", v.review_due}, std::pair{"re-evaluation", v.reevaluation_due}})
      if (due)
        if (auto days = DaysUntilDue(*due, today, window_days)) out.push_back({v.client_id, "", v.version, what, *due, *days});
    ids.push_back(v.client_id);
  }
  auto names = directory_.ClientNames(who.practice_id, ids);
  if (names)
    for (auto& d : out) d.client_name = (*names)[d.client_id];
  return out;
}

}  // namespace duet::plans
