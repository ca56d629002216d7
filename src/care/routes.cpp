// HTTP/JSON mapping for releases of information and the accounting of disclosures.
#include "care/routes.hpp"

#include "care/codecs.hpp"
#include "platform/api.hpp"

namespace duet::care {
void RegisterRoutes(Router& router, Service& s) {
  Api api(router, "care");
  api.Get("/api/v1/clients/{id}/releases", "releases.read",
          "A client's releases of information (recipient, purpose, scope, dates, state), newest first",
          [&s](Context& ctx) -> Result<std::vector<ReleaseRow>> {
            auto r = s.List(ctx.Who(), Id(ctx), OriginOf(ctx));
            if (!r) return tl::unexpected(r.error());
            std::vector<ReleaseRow> out;
            for (auto& x : *r) out.push_back({std::move(x), DateOf(ctx.now)});
            return out;
          });
  api.Post("/api/v1/clients/{id}/releases", "releases.write", "Record a release the client signed in session",
           [&s](Context& ctx, const ReleaseBody& b) -> Result<ReleaseRow> {
             Release r;
             r.recipient_name = b.recipient_name;
             r.recipient_organization = b.recipient_organization;
             r.recipient_contact = b.recipient_contact;
             r.purpose = b.purpose;
             r.scope = b.scope;
             r.effective_on = b.effective_on.value_or(DateOf(ctx.now));
             r.expires_on = b.expires_on;
             r.signed_name = b.signed_name;
             auto made = s.Create(ctx.Who(), Id(ctx), std::move(r), OriginOf(ctx));
             if (!made) return tl::unexpected(made.error());
             return ReleaseRow{std::move(*made), DateOf(ctx.now)};
           },
           {.status = 201});
  api.Post("/api/v1/clients/{id}/releases/{release_id}/revoke", "releases.write",
           "The client revokes a release: nothing more is shared under it", [&s](Context& ctx) {
             return s.Revoke(ctx.Who(), Id(ctx), std::string(ctx.Param("release_id")), OriginOf(ctx));
           });
  api.Post("/api/v1/clients/{id}/releases/{release_id}/package", "releases.write",
           "Prepare the release package: a PDF of what the release covers (never psychotherapy notes), recorded as a "
           "disclosure",
           [&s](Context& ctx) {
             auto r = s.Package(ctx.Who(), Id(ctx), std::string(ctx.Param("release_id")), OriginOf(ctx));
             return r ? FileResponse(std::move(*r), "application/pdf", "release.pdf")
                      : ToProblem(r.error(), ctx.request_id);
           },
           {.produces = "application/pdf"});
  api.Get("/api/v1/clients/{id}/disclosures", "releases.read",
          "The client's accounting of disclosures: what was shared, with whom, why, when and by whom",
          [&s](Context& ctx) { return s.Disclosures(ctx.Who(), Id(ctx), OriginOf(ctx)); });

  // The medication list.
  api.Get("/api/v1/clients/{id}/medications", "medications.read",
          "The client's medications (active first), each with its history of changes, side effects and adherence",
          [&s](Context& ctx) { return s.Medications(ctx.Who(), Id(ctx), OriginOf(ctx)); });
  api.Post("/api/v1/clients/{id}/medications", "medications.write",
           "Add a medication to the client's list (no e-prescribing: say where prescriptions are sent)",
           [&s](Context& ctx, const MedicationBody& b) {
             return s.AddMedication(ctx.Who(), Id(ctx), FromBody(b), OriginOf(ctx));
           },
           {.status = 201});
  api.Put("/api/v1/clients/{id}/medications/{medication_id}", "medications.write",
          "Change a medication (dose, frequency…): the version read and why; the history says what changed",
          [&s](Context& ctx, const MedicationBody& b) {
            Medication m = FromBody(b);
            m.id = std::string(ctx.Param("medication_id"));
            return s.ChangeMedication(ctx.Who(), Id(ctx), std::move(m), b.why, OriginOf(ctx));
          });
  api.Post("/api/v1/clients/{id}/medications/{medication_id}/stop", "medications.write",
           "Stop a medication on a date, for a reason", [&s](Context& ctx, const StopBody& b) {
             return s.StopMedication(ctx.Who(), Id(ctx), std::string(ctx.Param("medication_id")), b.version,
                                     b.stopped_on.value_or(Date{}), b.reason, OriginOf(ctx));
           });
  api.Post("/api/v1/clients/{id}/medications/{medication_id}/observations", "medications.write",
           "Record how the client takes it and any side effects (the prescriber or the therapist)",
           [&s](Context& ctx, const ObservationBody& b) {
             return s.ObserveMedication(ctx.Who(), Id(ctx), std::string(ctx.Param("medication_id")), b.adherence,
                                        b.side_effects, b.note, OriginOf(ctx));
           },
           {.status = 201});
}

}  // namespace duet::care
