// HTTP/JSON mapping for the directory: parse strictly, one service call, map the result.
#include "practice/routes.hpp"

#include "platform/input.hpp"
#include "platform/problem.hpp"
#include "practice/rules.hpp"

namespace duet::practice {
namespace {
using nlohmann::json;

Origin OriginOf(const Context& ctx) { return Origin{ctx.remote_ip, ctx.request_id}; }

json Nullable(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json ClinicianJson(const Clinician& k) {
  return {{"id", k.id}, {"given_name", k.given_name}, {"family_name", k.family_name}, {"discipline", DisciplineName(k.discipline)},
          {"credentials", k.credentials}, {"npi", Nullable(k.npi)}, {"taxonomy_code", Nullable(k.taxonomy_code)},
          {"home_state", k.home_state}, {"time_zone", k.time_zone}, {"email", Nullable(k.email)}, {"user_id", Nullable(k.user_id)},
          {"supervisor_user_id", Nullable(k.supervisor_user_id)}, {"active", k.active}, {"version", k.version}};
}

json LicenseJson(const License& l) {
  return {{"id", l.id}, {"clinician_id", l.clinician_id}, {"kind", LicenseKindName(l.kind)}, {"state", l.state},
          {"compact", Nullable(l.compact)}, {"license_type", l.license_type}, {"number", l.number},
          {"issued_on", FormatDate(l.issued_on)}, {"expires_on", FormatDate(l.expires_on)}, {"status", LicenseStatusName(l.status)}};
}

json CoverageJson(const Coverage& c, Date on) {
  json basis = c.basis == Basis::kNone ? json(nullptr) : json(BasisName(c.basis));
  bool soon = c.allowed && c.expires_on && DaysBetween(on, *c.expires_on) <= 90;
  return {{"state", c.state}, {"allowed", c.allowed}, {"basis", basis}, {"reason", ReasonName(c.reason)}, {"message", c.message},
          {"license_id", Nullable(c.license_id)}, {"compact", Nullable(c.compact)},
          {"expires_on", c.expires_on ? json(FormatDate(*c.expires_on)) : json(nullptr)}, {"expiring_soon", soon}};
}

json ClientJson(const Client& c, ClientView view) {
  json out = {{"id", c.id}, {"given_name", c.given_name}, {"family_name", c.family_name}, {"preferred_name", c.preferred_name},
              {"pronouns", c.pronouns}, {"birth_date", c.birth_date}, {"email", c.email}, {"phone", c.phone},
              {"preferred_channel", c.preferred_channel}, {"location_state", c.location_state}, {"time_zone", c.time_zone},
              {"status", ClientStatusName(c.status)}, {"clinician_ids", c.clinician_ids}, {"version", c.version},
              {"has_account", !c.user_id.empty()},
              {"created_at", FormatTimestamp(c.created_at)}, {"updated_at", FormatTimestamp(c.updated_at)}};
  out["address"] = {{"line1", c.address.line1}, {"line2", c.address.line2}, {"city", c.address.city}, {"state", c.address.state},
                    {"postal_code", c.address.postal_code}};
  out["guardians"] = json::array();
  for (const auto& g : c.guardians)
    out["guardians"].push_back({{"name", g.name}, {"relationship", g.relationship}, {"phone", g.phone}, {"email", g.email}, {"can_consent", g.can_consent}});
  out["emergency_contact"] = c.emergency_contact ? json{{"name", c.emergency_contact->name}, {"relationship", c.emergency_contact->relationship},
                                                        {"phone", c.emergency_contact->phone}}
                                                 : json(nullptr);
  out["insurance"] = json::array();
  for (const auto& p : c.insurance)
    out["insurance"].push_back({{"payer", p.payer}, {"member_id", p.member_id}, {"group_number", p.group_number},
                                {"subscriber_name", p.subscriber_name}, {"subscriber_relationship", p.subscriber_relationship},
                                {"priority", p.priority}});
  if (view == ClientView::kFull || view == ClientView::kBilling) {
    out["diagnoses"] = json::array();
    for (const auto& d : c.diagnoses) out["diagnoses"].push_back({{"code", d.code}, {"description", d.description}, {"primary", d.primary}});
  }
  return out;
}

std::string_view ViewName(ClientView v) {
  switch (v) {
    case ClientView::kFull: return "full";
    case ClientView::kBilling: return "billing";
    case ClientView::kDemographics: return "demographics";
    case ClientView::kNone: return "none";
  }
  return "none";
}

void SetIf(Input& in, std::string_view field, std::string& target, std::size_t max = 200) {
  if (auto v = in.OptionalString(field, max)) target = *v;
}

// Reads client fields present in the body over `c` (all of them on create, some on PATCH).
void ReadClient(Input& in, Client& c) {
  SetIf(in, "given_name", c.given_name, 100);
  SetIf(in, "family_name", c.family_name, 100);
  SetIf(in, "preferred_name", c.preferred_name, 100);
  SetIf(in, "pronouns", c.pronouns, 40);
  SetIf(in, "birth_date", c.birth_date, 10);
  SetIf(in, "email", c.email, 254);
  SetIf(in, "phone", c.phone, 30);
  SetIf(in, "preferred_channel", c.preferred_channel, 10);
  if (auto s = in.OptionalString("location_state", 2)) c.location_state = *s;
  SetIf(in, "time_zone", c.time_zone, 64);
  if (auto s = in.OptionalString("status", 20)) {
    if (auto st = ParseClientStatus(*s)) c.status = *st;
    else in.AddError("status", "Choose waitlist, active or discharged.");
  }
  if (auto v = in.OptionalInt("version", 1, INT64_MAX)) c.version = *v;
  if (const json* a = in.OptionalObject("address")) {
    Input sub(*a, {"line1", "line2", "city", "state", "postal_code"}, "address.", in);
    c.address = {};
    SetIf(sub, "line1", c.address.line1);
    SetIf(sub, "line2", c.address.line2);
    SetIf(sub, "city", c.address.city, 100);
    SetIf(sub, "state", c.address.state, 2);
    SetIf(sub, "postal_code", c.address.postal_code, 10);
  }
  if (const json* list = in.OptionalArray("guardians")) {
    c.guardians.clear();
    for (std::size_t i = 0; i < list->size(); ++i) {
      Input sub((*list)[i], {"name", "relationship", "phone", "email", "can_consent"}, "guardians[" + std::to_string(i) + "].", in);
      Guardian g;
      SetIf(sub, "name", g.name, 100);
      SetIf(sub, "relationship", g.relationship, 20);
      SetIf(sub, "phone", g.phone, 30);
      SetIf(sub, "email", g.email, 254);
      g.can_consent = sub.OptionalBool("can_consent").value_or(false);
      c.guardians.push_back(std::move(g));
    }
  }
  if (in.Has("emergency_contact")) {
    if (const json* e = in.OptionalObject("emergency_contact")) {
      Input sub(*e, {"name", "relationship", "phone"}, "emergency_contact.", in);
      EmergencyContact ec;
      SetIf(sub, "name", ec.name, 100);
      SetIf(sub, "relationship", ec.relationship, 40);
      SetIf(sub, "phone", ec.phone, 30);
      c.emergency_contact = ec;
    } else if (in.json()["emergency_contact"].is_null()) {
      c.emergency_contact.reset();
    }
  }
  if (const json* list = in.OptionalArray("insurance")) {
    c.insurance.clear();
    for (std::size_t i = 0; i < list->size(); ++i) {
      Input sub((*list)[i], {"payer", "member_id", "group_number", "subscriber_name", "subscriber_relationship", "priority"},
                "insurance[" + std::to_string(i) + "].", in);
      InsurancePolicy p;
      SetIf(sub, "payer", p.payer, 100);
      SetIf(sub, "member_id", p.member_id, 40);
      SetIf(sub, "group_number", p.group_number, 40);
      SetIf(sub, "subscriber_name", p.subscriber_name, 100);
      p.subscriber_relationship = sub.OptionalString("subscriber_relationship", 10).value_or("self");
      p.priority = sub.OptionalString("priority", 10).value_or(i == 0 ? "primary" : "secondary");
      c.insurance.push_back(std::move(p));
    }
  }
  if (const json* list = in.OptionalArray("diagnoses")) {
    c.diagnoses.clear();
    for (std::size_t i = 0; i < list->size(); ++i) {
      Input sub((*list)[i], {"code", "description", "primary"}, "diagnoses[" + std::to_string(i) + "].", in);
      Diagnosis d;
      SetIf(sub, "code", d.code, 8);
      SetIf(sub, "description", d.description, 200);
      d.primary = sub.OptionalBool("primary").value_or(false);
      c.diagnoses.push_back(std::move(d));
    }
  }
  if (const json* list = in.OptionalArray("clinician_ids")) {
    c.clinician_ids.clear();
    for (const auto& id : *list) {
      if (!id.is_string()) in.AddError("clinician_ids", "Must be a list of clinician ids.");
      else c.clinician_ids.push_back(id.get<std::string>());
    }
  }
}

// The fields a client body may carry (initializer lists cannot be constexpr variables).
#define DUET_CLIENT_FIELDS                                                                                                    \
  {"given_name", "family_name", "preferred_name", "pronouns", "birth_date", "email", "phone", "preferred_channel", "address", \
   "location_state", "time_zone", "guardians", "emergency_contact", "insurance", "diagnoses", "status", "clinician_ids", "version"}

void ReadClinician(Input& in, Clinician& k) {
  SetIf(in, "given_name", k.given_name, 100);
  SetIf(in, "family_name", k.family_name, 100);
  if (auto d = in.OptionalString("discipline", 40)) {
    if (auto disc = ParseDiscipline(*d)) k.discipline = *disc;
    else in.AddError("discipline", "Choose one of counseling, social_work, mft, psychology, psychiatry, psychiatric_np, "
                                   "occupational_therapy, physical_therapy, speech_language_pathology.");
  }
  SetIf(in, "credentials", k.credentials, 60);
  SetIf(in, "npi", k.npi, 10);
  SetIf(in, "taxonomy_code", k.taxonomy_code, 10);
  SetIf(in, "home_state", k.home_state, 2);
  SetIf(in, "time_zone", k.time_zone, 64);
  SetIf(in, "email", k.email, 254);
  SetIf(in, "user_id", k.user_id, 36);
  SetIf(in, "supervisor_user_id", k.supervisor_user_id, 36);
  if (auto a = in.OptionalBool("active")) k.active = *a;
  if (auto v = in.OptionalInt("version", 1, INT64_MAX)) k.version = *v;
}

#define DUET_CLINICIAN_FIELDS                                                                                   \
  {"given_name", "family_name", "discipline", "credentials", "npi", "taxonomy_code", "home_state", "time_zone", "email", \
   "user_id", "supervisor_user_id", "active", "version"}

std::optional<Date> DateParam(const http::Request& req, std::string_view name, Date fallback, bool& bad) {
  auto v = req.QueryParam(name);
  if (!v || v->empty()) return fallback;
  auto d = ParseDate(*v);
  if (!d) bad = true;
  return d;
}

template <typename T, typename F>
http::Response Items(const Result<std::vector<T>>& r, const Context& ctx, F&& to_json) {
  if (!r) return ToProblem(r.error(), ctx.request_id);
  json items = json::array();
  for (const auto& x : *r) items.push_back(to_json(x));
  return JsonResponse(200, {{"items", items}, {"next", nullptr}});
}

}  // namespace

void RegisterRoutes(Router& router, Service& service) {
  Service& s = service;
  router.Add({"GET", "/api/v1/clinicians", "clinicians.read", "Clinicians of the practice", "directory",
              [&s](Context& ctx, const http::Request&) { return Items(s.ListClinicians(ctx.Who()), ctx, ClinicianJson); }, ""});
  router.Add({"POST", "/api/v1/clinicians", "clinicians.write", "Add a clinician (discipline, credentials, NPI, home state, time zone)", "directory",
              [&s](Context& ctx, const http::Request& req) {
                Input in(req.body, DUET_CLINICIAN_FIELDS);
                Clinician k;
                k.discipline = Discipline::kCounseling;
                if (!in.Has("discipline")) in.AddError("discipline", "Required.");
                ReadClinician(in, k);
                if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
                auto r = s.CreateClinician(ctx.Who(), k, OriginOf(ctx));
                return r ? JsonResponse(201, ClinicianJson(*r)) : ToProblem(r.error(), ctx.request_id);
              }, ""});
  router.Add({"GET", "/api/v1/clinicians/{id}", "clinicians.read", "One clinician", "directory",
              [&s](Context& ctx, const http::Request&) {
                auto r = s.GetClinician(ctx.Who(), std::string(ctx.Param("id")));
                return r ? JsonResponse(200, ClinicianJson(*r)) : ToProblem(r.error(), ctx.request_id);
              }, ""});
  router.Add({"PATCH", "/api/v1/clinicians/{id}", "clinicians.write", "Change a clinician (send `version` to guard against lost updates)", "directory",
              [&s](Context& ctx, const http::Request& req) {
                auto current = s.GetClinician(ctx.Who(), std::string(ctx.Param("id")));
                if (!current) return ToProblem(current.error(), ctx.request_id);
                Input in(req.body, DUET_CLINICIAN_FIELDS);
                Clinician k = *current;
                ReadClinician(in, k);
                if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
                auto r = s.UpdateClinician(ctx.Who(), k, OriginOf(ctx));
                return r ? JsonResponse(200, ClinicianJson(*r)) : ToProblem(r.error(), ctx.request_id);
              }, ""});
  router.Add({"GET", "/api/v1/clinicians/{id}/licenses", "clinicians.read", "State licenses and compact privileges", "directory",
              [&s](Context& ctx, const http::Request&) { return Items(s.ListLicenses(ctx.Who(), std::string(ctx.Param("id"))), ctx, LicenseJson); }, ""});
  router.Add({"POST", "/api/v1/clinicians/{id}/licenses", "licenses.write", "Add a license (`kind: license`) or a compact privilege (`kind: compact_privilege`)", "directory",
              [&s](Context& ctx, const http::Request& req) {
                Input in(req.body, {"kind", "state", "compact", "license_type", "number", "issued_on", "expires_on", "status"});
                License l;
                auto kind = ParseLicenseKind(in.RequiredString("kind", 20));
                auto state = in.RequiredString("state", 2);
                l.compact = in.OptionalString("compact", 20).value_or("");
                l.license_type = in.OptionalString("license_type", 60).value_or("");
                l.number = in.OptionalString("number", 60).value_or("");
                auto issued = ParseDate(in.RequiredString("issued_on", 10));
                auto expires = ParseDate(in.RequiredString("expires_on", 10));
                auto status = ParseLicenseStatus(in.OptionalString("status", 20).value_or("active"));
                if (in.ok()) {
                  if (!kind) in.AddError("kind", "Choose license or compact_privilege.");
                  if (!issued) in.AddError("issued_on", "Use a date like 2026-01-31.");
                  if (!expires) in.AddError("expires_on", "Use a date like 2027-01-31.");
                  if (!status) in.AddError("status", "Choose active, suspended or revoked.");
                }
                if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
                l.kind = *kind;
                l.state = state;
                l.issued_on = *issued;
                l.expires_on = *expires;
                l.status = *status;
                auto r = s.AddLicense(ctx.Who(), std::string(ctx.Param("id")), l, OriginOf(ctx));
                return r ? JsonResponse(201, LicenseJson(*r)) : ToProblem(r.error(), ctx.request_id);
              }, ""});
  router.Add({"DELETE", "/api/v1/clinicians/{id}/licenses/{license_id}", "licenses.write", "Remove a license or privilege", "directory",
              [&s](Context& ctx, const http::Request&) {
                return NoContentOr(s.DeleteLicense(ctx.Who(), std::string(ctx.Param("id")), std::string(ctx.Param("license_id")), OriginOf(ctx)), ctx.request_id);
              }, ""});
  router.Add({"GET", "/api/v1/clinicians/{id}/coverage", "clinicians.read",
              "States (50 + DC) where the clinician may practise on a date in a mode, and on what basis", "directory",
              [&s](Context& ctx, const http::Request& req) {
                bool bad = false;
                Date today = DateOf(ctx.now);
                auto on = DateParam(req, "date", today, bad);
                auto mode = ParseMode(req.QueryParam("mode").value_or("telehealth"));
                if (bad || !mode) {
                  Error e{ErrorCode::kInvalid, bad ? "Use a date like 2026-12-01." : "Mode is telehealth or in_person.", {}, bad ? "date" : "mode"};
                  return ToProblem(e, ctx.request_id);
                }
                auto r = s.CoverageFor(ctx.Who(), std::string(ctx.Param("id")), *on, *mode);
                if (!r) return ToProblem(r.error(), ctx.request_id);
                json items = json::array();
                for (const auto& c : *r) items.push_back(CoverageJson(c, *on));
                return JsonResponse(200, {{"date", FormatDate(*on)}, {"mode", req.QueryParam("mode").value_or("telehealth")},
                                          {"items", items}, {"next", nullptr}});
              },
              R"({"parameters":[{"name":"date","in":"query","schema":{"type":"string","format":"date"}},{"name":"mode","in":"query","schema":{"type":"string","enum":["telehealth","in_person"]}}]})"});
  router.Add({"GET", "/api/v1/clinicians/{id}/credentials", "clinicians.read", "Facility credentials for in-person sites", "directory",
              [&s](Context& ctx, const http::Request&) {
                return Items(s.ListFacilityCredentials(ctx.Who(), std::string(ctx.Param("id"))), ctx, [](const FacilityCredential& f) {
                  return json{{"id", f.id}, {"clinician_id", f.clinician_id}, {"facility", f.facility},
                              {"valid_from", FormatDate(f.valid_from)}, {"valid_to", FormatDate(f.valid_to)}};
                });
              }, ""});
  router.Add({"POST", "/api/v1/clinicians/{id}/credentials", "licenses.write", "Record credentialing at a facility", "directory",
              [&s](Context& ctx, const http::Request& req) {
                Input in(req.body, {"facility", "valid_from", "valid_to"});
                FacilityCredential f;
                f.facility = in.RequiredString("facility", 200);
                auto from = ParseDate(in.RequiredString("valid_from", 10));
                auto to = ParseDate(in.RequiredString("valid_to", 10));
                if (in.ok() && (!from || !to)) in.AddError(!from ? "valid_from" : "valid_to", "Use a date like 2026-01-31.");
                if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
                f.valid_from = *from;
                f.valid_to = *to;
                auto r = s.AddFacilityCredential(ctx.Who(), std::string(ctx.Param("id")), f, OriginOf(ctx));
                if (!r) return ToProblem(r.error(), ctx.request_id);
                return JsonResponse(201, {{"id", r->id}, {"clinician_id", r->clinician_id}, {"facility", r->facility},
                                          {"valid_from", FormatDate(r->valid_from)}, {"valid_to", FormatDate(r->valid_to)}});
              }, ""});
  router.Add({"DELETE", "/api/v1/clinicians/{id}/credentials/{credential_id}", "licenses.write", "Remove a facility credential", "directory",
              [&s](Context& ctx, const http::Request&) {
                return NoContentOr(s.DeleteFacilityCredential(ctx.Who(), std::string(ctx.Param("id")), std::string(ctx.Param("credential_id")), OriginOf(ctx)), ctx.request_id);
              }, ""});
  router.Add({"GET", "/api/v1/compacts", "clinicians.read", "Interstate compacts and, per state, when privileges became available", "directory",
              [&s](Context& ctx, const http::Request&) {
                auto t = s.CompactsFor(ctx.Who().practice_id);
                if (!t) return ToProblem(t.error(), ctx.request_id);
                json defs = json::array();
                for (const auto& d : t->definitions) {
                  json disciplines = json::array();
                  for (auto disc : d.disciplines) disciplines.push_back(DisciplineName(disc));
                  static constexpr std::string_view kModelNames[] = {"privilege", "multistate", "authorization", "expedited"};
                  defs.push_back({{"code", d.code}, {"name", d.name}, {"model", kModelNames[static_cast<int>(d.model)]},
                                  {"disciplines", disciplines}, {"source", d.source}});
                }
                json states = json::array();
                for (const auto& st : t->states)
                  states.push_back({{"compact", st.compact}, {"state", st.state}, {"status", st.status},
                                    {"operational_on", st.operational_on ? json(FormatDate(*st.operational_on)) : json(nullptr)},
                                    {"source", st.source}, {"as_of", st.as_of}});
                return JsonResponse(200, {{"compacts", defs}, {"items", states}, {"next", nullptr}});
              }, ""});
  router.Add({"PUT", "/api/v1/compacts/{compact}/states/{state}", "compacts.write",
              "Record when a compact became operational in a state (or that it is not), with source and date", "directory",
              [&s](Context& ctx, const http::Request& req) {
                Input in(req.body, {"operational_on", "status", "source", "as_of"});
                CompactState st;
                st.compact = std::string(ctx.Param("compact"));
                st.state = std::string(ctx.Param("state"));
                if (auto op = in.OptionalString("operational_on", 10)) {
                  st.operational_on = ParseDate(*op);
                  if (!st.operational_on) in.AddError("operational_on", "Use a date like 2026-06-02, or null when not operational.");
                }
                st.status = in.OptionalString("status", 200).value_or("");
                st.source = in.RequiredString("source", 500);
                st.as_of = in.RequiredString("as_of", 10);
                if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
                auto r = s.UpdateCompactState(ctx.Who(), st, OriginOf(ctx));
                if (!r) return ToProblem(r.error(), ctx.request_id);
                return JsonResponse(200, {{"compact", r->compact}, {"state", r->state}, {"status", r->status},
                                          {"operational_on", r->operational_on ? json(FormatDate(*r->operational_on)) : json(nullptr)},
                                          {"source", r->source}, {"as_of", r->as_of}});
              }, ""});
  router.Add({"GET", "/api/v1/licenses/expiring", "licenses.expiring", "Active licenses and privileges expiring within 90 days (warnings at 90/60/30)", "directory",
              [&s](Context& ctx, const http::Request&) {
                return Items(s.ExpiringLicenses(ctx.Who(), OriginOf(ctx)), ctx, [](const ExpiringLicense& e) {
                  json l = LicenseJson(e.license);
                  l["clinician"] = {{"id", e.clinician.id}, {"given_name", e.clinician.given_name}, {"family_name", e.clinician.family_name}};
                  l["days_left"] = e.days_left;
                  l["warning"] = e.step;
                  l["affected_clients"] = json::array();
                  for (const auto& [id, name] : e.affected_clients) l["affected_clients"].push_back({{"id", id}, {"name", name}});
                  return l;
                });
              }, ""});
  router.Add({"GET", "/api/v1/clients", "clients.read", "Clients you may see; ?q= finds by name, date of birth or phone", "directory",
              [&s](Context& ctx, const http::Request& req) {
                int limit = 50;
                if (auto l = req.QueryParam("limit")) {
                  try {
                    limit = std::stoi(*l);
                  } catch (...) {
                    return ToProblem(Error{ErrorCode::kInvalid, "limit is a number from 1 to 200.", {}, "limit"}, ctx.request_id);
                  }
                }
                auto page = s.SearchClients(ctx.Who(), req.QueryParam("q").value_or(""), req.QueryParam("status"), req.QueryParam("cursor"),
                                            limit, OriginOf(ctx));
                if (!page) return ToProblem(page.error(), ctx.request_id);
                json items = json::array();
                for (const auto& c : page->items) items.push_back(ClientJson(c, page->view));
                return JsonResponse(200, {{"items", items}, {"next", page->next ? json(*page->next) : json(nullptr)}});
              },
              R"({"parameters":[{"name":"q","in":"query","schema":{"type":"string"}},{"name":"status","in":"query","schema":{"type":"string"}},{"name":"cursor","in":"query","schema":{"type":"string"}},{"name":"limit","in":"query","schema":{"type":"integer"}}]})"});
  router.Add({"POST", "/api/v1/clients", "clients.write", "Add a client", "directory",
              [&s](Context& ctx, const http::Request& req) {
                Input in(req.body, DUET_CLIENT_FIELDS);
                Client c;
                ReadClient(in, c);
                if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
                auto r = s.CreateClient(ctx.Who(), c, OriginOf(ctx));
                if (!r) return ToProblem(r.error(), ctx.request_id);
                json body = ClientJson(r->client, r->view);
                body["view"] = ViewName(r->view);
                return JsonResponse(201, body);
              }, ""});
  router.Add({"GET", "/api/v1/clients/{id}", "clients.read", "One client's chart header (the part your role may see)", "directory",
              [&s](Context& ctx, const http::Request&) {
                auto r = s.GetClient(ctx.Who(), std::string(ctx.Param("id")), OriginOf(ctx));
                if (!r) return ToProblem(r.error(), ctx.request_id);
                json body = ClientJson(r->client, r->view);
                body["view"] = ViewName(r->view);
                return JsonResponse(200, body);
              }, ""});
  router.Add({"PATCH", "/api/v1/clients/{id}", "clients.write", "Change a client (send `version`; 409 if someone changed it first)", "directory",
              [&s](Context& ctx, const http::Request& req) {
                auto current = s.GetClient(ctx.Who(), std::string(ctx.Param("id")), OriginOf(ctx));
                if (!current) return ToProblem(current.error(), ctx.request_id);
                Input in(req.body, DUET_CLIENT_FIELDS);
                if (current->view == ClientView::kDemographics && in.Has("diagnoses"))
                  return ToProblem(Error{ErrorCode::kForbidden, "Your role cannot change diagnoses.", {}, "diagnoses"}, ctx.request_id);
                Client c = current->client;
                ReadClient(in, c);
                if (!in.ok()) return InvalidProblem(in.errors(), ctx.request_id);
                auto r = s.UpdateClient(ctx.Who(), c, OriginOf(ctx));
                if (!r) return ToProblem(r.error(), ctx.request_id);
                json body = ClientJson(r->client, r->view);
                body["view"] = ViewName(r->view);
                return JsonResponse(200, body);
              }, ""});
}

}  // namespace duet::practice
