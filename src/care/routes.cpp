// HTTP/JSON mapping for collaborative care: releases of information and the accounting of disclosures, the
// medication list, the care team, and referrals.
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
             r.partner_id = b.partner_id;
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
  // Partner organizations.
  api.Get("/api/v1/partners", "partners.read",
          "Partner organizations: those the practice invited (ours) and those whose partner it is (theirs)",
          [&s](Context& ctx) { return s.Partners(ctx.Who()); });
  api.Post("/api/v1/partners", "partners.write",
           "Invite a partner organization (another practice on this server): the answer carries a one-time code "
           "its owner enters to connect",
           [&s](Context& ctx, const Partner& p) { return s.InvitePartner(ctx.Who(), p, OriginOf(ctx)); },
           {.status = 201});
  api.Post("/api/v1/partners/connect", "partners.write",
           "The partner's owner connects their practice with the code they were given",
           [&s](Context& ctx, const PartnerConnect& b) { return s.ConnectPartner(ctx.Who(), b.token, OriginOf(ctx)); });
  api.Post("/api/v1/partners/join/preview", std::string(kPublicAction),
           "What a partner invitation's code is for: the inviting practice and the organization as it names it "
           "(public; the code is the credential)",
           [&s](Context& ctx, const PartnerConnect& b) { return s.PreviewPartnerInvite(b.token, OriginOf(ctx)); });
  api.Post("/api/v1/partners/join", std::string(kPublicAction),
           "A partner organization not yet on this server joins with its invitation's code: its practice and owner "
           "are created and connected at once; the owner then signs in (and enrols two-factor like any owner)",
           [&s](Context& ctx, const PartnerJoin& b) { return s.JoinAsPartner(b, OriginOf(ctx)); }, {.status = 201});
  api.Get(
      "/api/v1/partners/visits", "partners.records",
      "For a partner's clinician: the visits of practices their organization works with that they join by video "
      "(from, to), while each client's release names the organization (a disclosure in each client's accounting)",
      [&s](Context& ctx, codec::Query<PartnerVisitsQuery> q) { return s.PartnerVisits(ctx.Who(), *q, OriginOf(ctx)); });
  api.Get("/api/v1/partners/{id}/clients", "partners.records",
          "For a partner's clinicians: the clients whose release in effect names their organization (a disclosure "
          "in each client's accounting)",
          [&s](Context& ctx) { return s.SharedClients(ctx.Who(), Id(ctx), OriginOf(ctx)); });
  api.Get("/api/v1/partners/{id}/clients/{client_id}/record", "partners.records",
          "For a partner's clinicians: what the release in effect covers, as a PDF (a disclosure); refused once the "
          "release is revoked or expired",
          [&s](Context& ctx) {
            auto r = s.SharedRecord(ctx.Who(), Id(ctx), std::string(ctx.Param("client_id")), OriginOf(ctx));
            return r ? FileResponse(std::move(*r), "application/pdf", "shared-record.pdf")
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

  // The care team.
  api.Get("/api/v1/clients/{id}/care-team", "care_team.read",
          "The client's care team: each member's part and dates, their last and next visit with the client, and what "
          "the client agreed the team share",
          [&s](Context& ctx) { return s.CareTeam(ctx.Who(), Id(ctx), OriginOf(ctx)); });
  api.Put("/api/v1/clients/{id}/care-team", "care_team.write",
          "Replace the care team (the client record's version read) and record what the client agreed the team share",
          [&s](Context& ctx, const CareTeamBody& b) {
            return s.SetCareTeam(ctx.Who(), Id(ctx), practice::CareTeam{b.members, b.version}, b.shares_notes,
                                 b.shares_part2, OriginOf(ctx));
          });

  // Referrals.
  auto row = [](Context& ctx) { return [&ctx](Referral r) { return ReferralRow{std::move(r), ctx.now}; }; };
  api.Get("/api/v1/referrals", "referrals.read",
          "Referrals from or to you (the owner and front desk: all), newest first, with when the next step is due",
          [&s, row](Context& ctx, codec::Query<ReferralsQuery> q) -> Result<std::vector<ReferralRow>> {
            ReferralFilter f{q->state, q->to_clinician_id, q->client_id, q->open};
            auto list = s.Referrals(ctx.Who(), f, OriginOf(ctx));
            if (!list) return tl::unexpected(list.error());
            std::vector<ReferralRow> out;
            out.reserve(list->size());
            for (auto& r : *list) out.push_back(row(ctx)(std::move(r)));
            return out;
          });
  api.Post("/api/v1/referrals", "referrals.write",
           "Refer a client to another clinician of the practice (reason, urgency, the question asked)",
           [&s, row](Context& ctx, const ReferralBody& b) {
             Referral r;
             r.client_id = b.client_id;
             r.from_clinician_id = b.from_clinician_id;
             r.to_clinician_id = b.to_clinician_id;
             r.urgency = b.urgency;
             r.reason = b.reason;
             r.question = b.question;
             r.attachment_ids = b.attachment_ids;
             return s.Refer(ctx.Who(), std::move(r), OriginOf(ctx)).map(row(ctx));
           },
           {.status = 201});
  api.Get("/api/v1/referrals/{referral_id}", "referrals.read", "One referral", [&s, row](Context& ctx) {
    return s.GetReferral(ctx.Who(), std::string(ctx.Param("referral_id")), OriginOf(ctx)).map(row(ctx));
  });
  api.Get("/api/v1/referrals/{referral_id}/attachments/{document_id}", "referrals.attachments",
          "A chart document the referral carries, for its referring or referred clinician (or the owner)",
          [&s](Context& ctx) {
            auto r = s.ReferralAttachment(ctx.Who(), std::string(ctx.Param("referral_id")),
                                          std::string(ctx.Param("document_id")), OriginOf(ctx));
            return r ? FileResponse(std::move(r->second), r->first.content_type, "attachment")
                     : ToProblem(r.error(), ctx.request_id);
          },
          {.produces = "application/octet-stream"});
  api.Post("/api/v1/referrals/{referral_id}/accept", "referrals.write",
           "The referred clinician accepts: they join the client's care team", [&s, row](Context& ctx) {
             return s.AcceptReferral(ctx.Who(), std::string(ctx.Param("referral_id")), OriginOf(ctx)).map(row(ctx));
           });
  api.Post("/api/v1/referrals/{referral_id}/decline", "referrals.write", "The referred clinician declines, saying why",
           [&s, row](Context& ctx, const ReferralReply& b) {
             return s.DeclineReferral(ctx.Who(), std::string(ctx.Param("referral_id")), b.reason, OriginOf(ctx))
                 .map(row(ctx));
           });
  api.Post("/api/v1/referrals/{referral_id}/answer", "referrals.write",
           "The referred clinician answers the referrer (text, or the signed note that answers)",
           [&s, row](Context& ctx, const ReferralReply& b) {
             return s
                 .AnswerReferral(ctx.Who(), std::string(ctx.Param("referral_id")), b.answer, b.note_id, OriginOf(ctx))
                 .map(row(ctx));
           });
}

}  // namespace duet::care
