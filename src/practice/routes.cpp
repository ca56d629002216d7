// HTTP/JSON mapping for the directory: each route is a declaration; bodies, queries and answers
// come from the codecs in practice/codecs.hpp.
#include "practice/routes.hpp"

#include "platform/api.hpp"
#include "practice/codecs.hpp"

namespace duet::practice {
namespace {

ClientRecord Record(VisibleClient v) { return ClientRecord(std::move(v)); }

}  // namespace

void RegisterRoutes(Router& router, Service& s) {
  Api api(router, "directory");
  api.Get("/api/v1/clinicians", "clinicians.read", "Clinicians of the practice",
          [&s](Context& ctx) { return s.ListClinicians(ctx.Who()); });
  api.Post("/api/v1/clinicians", "clinicians.write",
           "Add a clinician (discipline, credentials, NPI, home state, time zone)",
           [&s](Context& ctx, const Clinician& k) { return s.CreateClinician(ctx.Who(), k, OriginOf(ctx)); },
           {.status = 201});
  api.Get("/api/v1/clinicians/{id}", "clinicians.read", "One clinician",
          [&s](Context& ctx) { return s.GetClinician(ctx.Who(), Id(ctx)); });
  api.Patch("/api/v1/clinicians/{id}", "clinicians.write",
            "Change a clinician (send `version` to guard against lost updates)",
            [&s](Context& ctx, const codec::Patch<Clinician>& change) -> Result<Clinician> {
              auto k = s.GetClinician(ctx.Who(), Id(ctx));
              if (!k) return k;
              if (auto st = change.ApplyTo(*k); !st) return tl::unexpected(st.error());
              return s.UpdateClinician(ctx.Who(), *k, OriginOf(ctx));
            });
  api.Get("/api/v1/clinicians/{id}/licenses", "clinicians.read", "State licenses and compact privileges",
          [&s](Context& ctx) { return s.ListLicenses(ctx.Who(), Id(ctx)); });
  api.Post("/api/v1/clinicians/{id}/licenses", "licenses.write",
           "Add a license (`kind: license`) or a compact privilege (`kind: compact_privilege`)",
           [&s](Context& ctx, const License& l) { return s.AddLicense(ctx.Who(), Id(ctx), l, OriginOf(ctx)); },
           {.status = 201});
  api.Delete("/api/v1/clinicians/{id}/licenses/{license_id}", "licenses.write", "Remove a license or privilege",
             [&s](Context& ctx) {
               return s.DeleteLicense(ctx.Who(), Id(ctx), std::string(ctx.Param("license_id")), OriginOf(ctx));
             });
  api.Get("/api/v1/clinicians/{id}/coverage", "clinicians.read",
          "States (50 + DC) where the clinician may practise on a date in a mode, and on what basis",
          [&s](Context& ctx, codec::Query<CoverageQuery> q) -> Result<CoverageAnswer> {
            CoverageAnswer out{q->date.value_or(DateOf(ctx.now)), q->mode, {}, std::nullopt};
            auto r = s.CoverageFor(ctx.Who(), Id(ctx), out.date, out.mode);
            if (!r) return tl::unexpected(r.error());
            for (auto& c : *r) out.items.push_back({std::move(c), out.date});
            return out;
          });
  api.Get("/api/v1/clinicians/{id}/credentials", "clinicians.read", "Facility credentials for in-person sites",
          [&s](Context& ctx) { return s.ListFacilityCredentials(ctx.Who(), Id(ctx)); });
  api.Post("/api/v1/clinicians/{id}/credentials", "licenses.write", "Record credentialing at a facility",
           [&s](Context& ctx, const FacilityCredential& f) {
             return s.AddFacilityCredential(ctx.Who(), Id(ctx), f, OriginOf(ctx));
           },
           {.status = 201});
  api.Delete("/api/v1/clinicians/{id}/credentials/{credential_id}", "licenses.write", "Remove a facility credential",
             [&s](Context& ctx) {
               return s.DeleteFacilityCredential(ctx.Who(), Id(ctx), std::string(ctx.Param("credential_id")),
                                                 OriginOf(ctx));
             });
  api.Get("/api/v1/compacts", "clinicians.read", "Interstate compacts and, per state, when privileges became available",
          [&s](Context& ctx) {
            return s.CompactsFor(ctx.Who().practice_id).map([](const std::shared_ptr<const CompactTable>& t) {
              return CompactsAnswer{t->definitions, t->states, std::nullopt};
            });
          });
  api.Put("/api/v1/compacts/{compact}/states/{state}", "compacts.write",
          "Record when a compact became operational in a state (or that it is not), with source and date",
          [&s](Context& ctx, CompactState st) {
            st.compact = std::string(ctx.Param("compact"));
            st.state = std::string(ctx.Param("state"));
            return s.UpdateCompactState(ctx.Who(), st, OriginOf(ctx));
          });
  api.Get(
      "/api/v1/licenses/expiring", "licenses.expiring",
      "Active licenses and privileges expiring within 90 days (warnings at 90/60/30)",
      [&s](Context& ctx) -> Result<std::vector<ExpiringRow>> {
        auto r = s.ExpiringLicenses(ctx.Who(), OriginOf(ctx));
        if (!r) return tl::unexpected(r.error());
        std::vector<ExpiringRow> out;
        for (auto& e : *r) {
          ExpiringRow row{
              e.license, {e.clinician.id, e.clinician.given_name, e.clinician.family_name}, e.days_left, e.step, {}};
          for (auto& [id, name] : e.affected_clients) row.affected_clients.push_back({id, name});
          out.push_back(std::move(row));
        }
        return out;
      });
  api.Get("/api/v1/clients", "clients.read", "Clients you may see; q finds by name, date of birth or phone",
          [&s](Context& ctx, codec::Query<ClientsQuery> q) -> Result<codec::Page<ClientRecord>> {
            auto page = s.SearchClients(ctx.Who(), q->q, q->status, q->cursor, q->limit, OriginOf(ctx));
            if (!page) return tl::unexpected(page.error());
            codec::Page<ClientRecord> out{{}, page->next};
            out.items.reserve(page->items.size());
            for (auto& c : page->items) out.items.emplace_back(std::move(c), page->view);
            return out;
          });
  api.Post(
      "/api/v1/clients", "clients.write", "Add a client",
      [&s](Context& ctx, const ClientRecord& c) { return s.CreateClient(ctx.Who(), c, OriginOf(ctx)).map(Record); },
      {.status = 201});
  api.Get("/api/v1/clients/{id}", "clients.read", "One client's chart header (the part your role may see)",
          [&s](Context& ctx) { return s.GetClient(ctx.Who(), Id(ctx), OriginOf(ctx)).map(Record); });
  api.Patch("/api/v1/clients/{id}", "clients.write",
            "Change a client (send `version`; 409 if someone changed it first)",
            [&s](Context& ctx, const codec::Patch<ClientRecord>& change) -> Result<ClientRecord> {
              auto current = s.GetClient(ctx.Who(), Id(ctx), OriginOf(ctx));
              if (!current) return tl::unexpected(current.error());
              if (current->view == ClientView::kDemographics && change.Has("diagnoses"))
                return Fail(ErrorCode::kForbidden, "Your role cannot change diagnoses.", {}, "diagnoses");
              ClientRecord c(std::move(*current));
              if (auto st = change.ApplyTo(c); !st) return tl::unexpected(st.error());
              return s.UpdateClient(ctx.Who(), c, OriginOf(ctx)).map(Record);
            });
}

}  // namespace duet::practice
