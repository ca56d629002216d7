#include "plans/service.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "plans/codecs.hpp"
#include "plans/rules.hpp"
#include "plans/store.hpp"
#include "platform/audit.hpp"
#include "practice/rules.hpp"

namespace duet::plans {
namespace {
using nlohmann::json;

std::string Context(const std::string& client_id, int version) {
  return "plan:" + client_id + ":" + std::to_string(version);
}

}  // namespace

Result<Plan> PlanFromJson(std::string_view text) {
  codec::Problems problems;
  Plan plan = codec::Decode<Plan>(text, problems);
  std::erase_if(problems, [](const FieldError& e) { return e.message == "Unknown field."; });
  if (problems.empty()) return plan;
  return tl::unexpected(codec::Invalid(std::move(problems), "Some parts of the plan need another look."));
}

Service::Service(db::Database& db, const Clock& clock, identity::Service& identity, practice::Service& directory)
    : db_(db), clock_(clock), identity_(identity), directory_(directory) {}

Result<std::vector<PlanVersion>> Service::Versions(const Principal& who, const std::string& client_id,
                                                   const Origin& origin) {
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
  auto st = audit::AppendNow(
      db_, audit::ByPrincipal(who, "plan.read", "client", client_id, origin.ip, origin.request_id, client_id),
      clock_.Now());
  if (!st) return tl::unexpected(st.error());
  return versions;
}

Result<PlanVersion> Service::Save(const Principal& who, const std::string& client_id, const Plan& given,
                                  const Origin& origin) {
  if (auto ok = directory_.MayReadChart(who, client_id); !ok) return tl::unexpected(ok.error());
  const Plan* plan = &given;
  EpochSeconds now = clock_.Now();
  auto issues = ValidatePlan(*plan, DateOf(now));
  // Goals owned by members: the owners are on the client's care team today.
  if (std::any_of(plan->goals.begin(), plan->goals.end(),
                  [](const Goal& g) { return !g.owner_clinician_id.empty(); })) {
    auto client = directory_.ClientPlaces(who.practice_id, {client_id});
    if (!client) return tl::unexpected(client.error());
    auto owners = ValidateOwners(*plan, client->front().clinician_ids);
    issues.insert(issues.end(), owners.begin(), owners.end());
  }
  if (!issues.empty()) return practice::InvalidFields(issues, "The plan is not complete and measurable yet.");
  auto key = identity_.DataKeyFor(who.practice_id);
  if (!key) return tl::unexpected(key.error());
  PlanVersion v;
  v.client_id = client_id;
  v.author_user_id = who.user_id;
  v.author_name = who.display_name;
  v.created_at = now;
  v.review_due = plan->review_due;
  v.reevaluation_due = plan->reevaluation_due;
  const std::string canonical = codec::Encode(*plan).dump();
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto existing = store::ListVersions(c, who.practice_id, client_id);
    if (!existing) return tl::unexpected(existing.error());
    v.version = existing->empty() ? 1 : existing->front().version + 1;
    auto sealed = key->Seal(canonical, Context(client_id, v.version));
    if (!sealed) return tl::unexpected(sealed.error());
    PlanVersion stored = v;
    stored.plan_json = *sealed;
    if (auto r = store::InsertVersion(c, who.practice_id, stored); !r) return r;
    return audit::Append(c,
                         audit::ByPrincipal(who, "plan.save", "plan", client_id + "#" + std::to_string(v.version),
                                            origin.ip, origin.request_id, client_id),
                         now);
  });
  if (!st) return tl::unexpected(st.error());
  v.plan_json = canonical;
  return v;
}

Result<PlanVersion> Service::Sign(const Principal& who, const std::string& client_id, int version, PlanSigner signer,
                                  const Origin& origin) {
  if (auto ok = directory_.MayReadChart(who, client_id); !ok) return tl::unexpected(ok.error());
  auto rel = directory_.CareRelationship(who, client_id);
  if (!rel) return tl::unexpected(rel.error());
  PlanSignature s{who.display_name, clock_.Now(), who.user_id};
  if (signer == PlanSigner::kClient) {
    auto names = directory_.ClientNames(who.practice_id, {client_id});
    if (!names) return tl::unexpected(names.error());
    s.name = (*names)[client_id];
  }
  static constexpr const char* kActions[] = {"plan.sign", "plan.cosign", "plan.sign_client", "plan.sign_part"};
  // The signer's own part: the goals their clinician record owns on the version.
  auto me = directory_.ClinicianOfUser(who.practice_id, who.user_id);
  if (!me) return tl::unexpected(me.error());
  auto key = identity_.DataKeyFor(who.practice_id);
  if (!key) return tl::unexpected(key.error());
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
        if (*me) {
          auto text = key->Open(v.plan_json, Context(client_id, v.version));
          if (!text) return tl::unexpected(text.error());
          auto plan = PlanFromJson(*text);
          if (!plan) return tl::unexpected(plan.error());
          for (const auto& part : PartsOf(*plan, v.part_signatures))
            if (part.clinician_id == (*me)->id) {
              facts.signer_owns_part = true;
              facts.part_signed = part.signature.has_value();
            }
        }
      }
    if (auto r = MaySignPlan(signer, facts); !r) return r;
    // The clinician signing the whole signs their own part with it.
    const bool part = signer == PlanSigner::kPart ||
                      (signer == PlanSigner::kClinician && facts.signer_owns_part && !facts.part_signed);
    if (part) {
      auto done = store::SignPart(c, who.practice_id, client_id, version, (*me)->id, s);
      if (!done) return tl::unexpected(done.error());
      if (!*done) return Fail(ErrorCode::kConflict, "That part was signed a moment ago.");
    }
    if (signer != PlanSigner::kPart) {
      auto done = store::Sign(c, who.practice_id, client_id, version, signer, s);
      if (!done) return tl::unexpected(done.error());
      if (!*done) return Fail(ErrorCode::kConflict, "That version was signed a moment ago.");
    }
    return audit::Append(
        c,
        audit::ByPrincipal(who, kActions[static_cast<int>(signer)], "plan", client_id + "#" + std::to_string(version),
                           origin.ip, origin.request_id, client_id),
        s.at);
  });
  if (!st) return tl::unexpected(st.error());
  auto all = Versions(who, client_id, origin);
  if (!all) return tl::unexpected(all.error());
  for (auto& v : *all)
    if (v.version == version) return v;
  return Fail(ErrorCode::kNotFound, "No such plan version.");
}

Result<std::vector<Objective>> Service::CurrentObjectives(const std::string& practice_id,
                                                          const std::string& client_id) {
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
  auto rows = db_.Read([&](db::Connection& c) {
    return store::LatestDueBy(c, who.practice_id, FormatDate(today + date::days(window_days)));
  });
  if (!rows) return tl::unexpected(rows.error());
  std::vector<DuePlan> out;
  std::vector<std::string> ids;
  for (const auto& v : *rows) {
    auto view = directory_.ChartView(who, v.client_id);
    if (!view || *view != practice::ClientView::kFull) continue;
    for (auto [what, due] : {std::pair{"review", v.review_due}, std::pair{"re-evaluation", v.reevaluation_due}})
      if (due)
        if (auto days = DaysUntilDue(*due, today, window_days))
          out.push_back({v.client_id, "", v.version, what, *due, *days});
    ids.push_back(v.client_id);
  }
  auto names = directory_.ClientNames(who.practice_id, ids);
  if (names)
    for (auto& d : out) d.client_name = (*names)[d.client_id];
  return out;
}

}  // namespace duet::plans
