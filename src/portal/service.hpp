#pragma once
// The client's own pages: their visits, booking, moving and cancelling them, and joining a video visit. Every read and
// action is the client's own (their account is linked to one client record) and audited as the client.
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>

#include "access/service.hpp"
#include "documents/service.hpp"
#include "identity/service.hpp"
#include "intake/service.hpp"
#include "measures/service.hpp"
#include "platform/db/db.hpp"
#include "portal/model.hpp"
#include "practice/service.hpp"
#include "scheduling/service.hpp"
#include "telehealth/service.hpp"

namespace duet::portal {

using practice::Origin;

class Service {
 public:
  Service(db::Database& db, const Clock& clock, identity::Service& identity, practice::Service& directory,
          scheduling::Service& scheduling, telehealth::Service& telehealth, documents::Service& documents,
          measures::Service& measures, access::Service& access, intake::Service& intake);

  //! Staff who may edit the client invite them to their own pages: a single-use link for 7 days
  //! (e-mailed when mail is set up), replacing a pending one; the account belongs to this client.
  //! With `guardian`, the account (new, or one the practice's clients already use) will see this client's pages
  //! as their guardian, with what the practice lets guardians see.
  Result<identity::IssuedInvitation> InviteClient(const Principal& who, const std::string& client_id,
                                                  const std::string& email, bool guardian, const Origin& origin);
  //! A guardian (or a client who is also one) chooses whose pages to look at: kept with the session; a client the
  //! account has no link to is not found. Answers that client's home page.
  Result<PortalHome> ActFor(const Principal& who, const std::string& client_id, const Origin& origin);
  //! The account's language (its pages and e-mails; a client's own account: the client's too). Answers the
  //! home page.
  Result<PortalHome> SetLanguage(const Principal& who, const std::string& language, const Origin& origin);
  //! A signed-in account accepts a guardian's invitation made for its address (a parent of a second child).
  Result<PortalHome> AcceptLink(const Principal& who, const std::string& token, const Origin& origin);
  //! Staff: the accounts that see a client's pages (the client's own and guardians', with what each sees).
  Result<std::vector<practice::PortalLink>> Accounts(const Principal& who, const std::string& client_id);
  //! Staff who may edit the client: what a guardian sees of the client's pages, or (no `sees`) the end of it.
  Result<std::vector<practice::PortalLink>> ChangeGuardian(const Principal& who, const std::string& client_id,
                                                           const std::string& user_id,
                                                           const std::optional<practice::GuardianSees>& sees,
                                                           const Origin& origin);

  //! The signed-in client's name, practice and visits (upcoming and the last 90 days): one audit event.
  Result<PortalHome> Home(const Principal& who, const Origin& origin);
  //! A join link for the client's own video visit (the same page as a reminder's link: they confirm
  //! their date of birth and say where they are). Another client's visit is not found.
  Result<telehealth::InviteLink> JoinLink(const Principal& who, const std::string& appointment_id,
                                          const Origin& origin);

  //! The services the practice lets clients book, with fees per mode, and where the client usually is.
  Result<BookingOptions> Options(const Principal& who);
  //! Open times for a service in a mode over at most 31 days: with the client's own clinicians (any who
  //! offer the service when they have none), by video only where the clinician may practise in `state`
  //! on that day, in person only in in-person blocks. Every booking rule, as for staff.
  Result<std::vector<OpenSlot>> Slots(const Principal& who, const std::string& service_id, const std::string& mode,
                                      const std::string& state, EpochSeconds from, EpochSeconds to);
  //! Books one of those times for the client, confirmed at once (scheduling's rules decide; a time
  //! taken meanwhile is 409). Audited as the client.
  Result<PortalVisit> Book(const Principal& who, const PortalBooking& booking, const Origin& origin);
  //! Moves the client's own visit to another open time of the same clinician and service, before the
  //! late window opens.
  Result<PortalVisit> Reschedule(const Principal& who, const std::string& appointment_id, const PortalBooking& to,
                                 const Origin& origin);
  //! Cancels the client's own visit; a late one with a fee needs `fee_accepted` (the fee was shown).
  Result<PortalVisit> Cancel(const Principal& who, const std::string& appointment_id, bool fee_accepted,
                             const Origin& origin);

  //! The consents to sign and questionnaires to fill (one audit event as the client).
  Result<Forms> FormsFor(const Principal& who, const Origin& origin);
  //! Signs a consent in the portal: the version and language read, the typed name, kept as a PDF in the chart.
  Result<documents::ConsentToSign> SignConsent(const Principal& who, const std::string& kind,
                                               const std::string& signed_name, int version, const std::string& language,
                                               const Origin& origin);
  //! Starts one of the intake forms the client's pages list (their open draft of it, if any).
  Result<std::pair<intake::Response, intake::Form>> StartIntake(const Principal& who, const std::string& form_key,
                                                                const Origin& origin);
  //! One of the client's intake forms with its answers so far.
  Result<std::pair<intake::Response, intake::Form>> OpenIntake(const Principal& who, const std::string& id,
                                                               const Origin& origin);
  //! Saves answers as they go, or (`submit`) sends the form: then it is locked and kept in the chart.
  Result<intake::Response> AnswerIntake(const Principal& who, const std::string& id, const std::string& content_json,
                                        bool submit, const Origin& origin);
  //! A fresh link to fill one of the client's open questionnaires now (the e-mailed one stops working).
  Result<std::string> QuestionnaireLink(const Principal& who, const std::string& request_id, const Origin& origin);

  //! The client's own record (one audit event as the client).
  Result<PortalRecords> Records(const Principal& who, const Origin& origin);
  //! Asks for the whole record (the right of access): due in 30 days, one open at a time.
  Result<access::RecordRequest> RequestRecord(const Principal& who, const Origin& origin);
  //! A document the practice shared with the client (audited); anything else is not found.
  Result<std::pair<documents::Document, std::string>> SharedDocument(const Principal& who, const std::string& id,
                                                                     const Origin& origin);

  //! How the practice runs clients' own bookings (approval off unless the owner turns it on).
  Result<PortalSettings> GetSettings(const std::string& practice_id);
  Result<PortalSettings> PutSettings(const Principal& who, const PortalSettings& s, const Origin& origin);

  // The practice's public page (no sign-in).
  Result<PublicPageSettings> GetPublicPage(const Principal& who);
  //! Sets the page's address and whether it takes first-visit requests (owner); 409 when the address is taken.
  Result<PublicPageSettings> PutPublicPage(const Principal& who, const PublicPageSettings& page, const Origin& origin);
  //! The page: clinicians with the states where each may see clients by video today, services with fees.
  Result<PublicPage> Public(const std::string& slug);
  //! Open first-visit times for a new client (services opened to new clients; every booking rule).
  Result<std::vector<OpenSlot>> PublicSlots(const std::string& slug, const std::string& service_id,
                                            const std::string& mode, const std::string& state, EpochSeconds from,
                                            EpochSeconds to);
  //! A new client asks for a first visit: the spam guard, then the client record and the booking under the
  //! same rules as the front desk's (a time lost meanwhile is 409, and a retry books the same record).
  Result<IntakeBooked> RequestIntake(const std::string& slug, const IntakeRequest& request, const Origin& origin);

  //! The practice's late-cancellation fee for a service (billing sets it; none: no fee).
  using LateFee =
      std::function<Result<std::optional<std::int64_t>>(const Principal& who, const std::string& service_id)>;
  void SetLateFee(LateFee fee) { late_fee_ = std::move(fee); }

 private:
  //! Names and places looked up once for a list of visits.
  struct Lookup {
    std::vector<scheduling::ClinicalService> services;
    std::vector<scheduling::Location> locations;
    std::unordered_map<std::string, std::string> clinician_names;
    std::unordered_map<std::string, std::optional<std::int64_t>> late_fees;
  };
  Result<Lookup> LookupFor(const Principal& who);
  Result<PortalVisit> ToVisit(const Principal& who, Lookup& lookup, const scheduling::Appointment& a, EpochSeconds now);
  //! A new client's first-visit times on a practice's public page (the service, mode and range checked),
  //! with the names and places to show them.
  struct FirstVisits {
    Lookup lookup;
    std::vector<std::pair<scheduling::Slot, std::string>> slots;
  };
  Result<FirstVisits> FirstVisitSlots(const std::string& practice_id, const std::string& service_id,
                                      const std::string& mode, const std::string& state, EpochSeconds from,
                                      EpochSeconds to);
  //! The block-keeping slots as the client sees them, appended to `out`.
  Status AddOpenSlots(const Principal& who, Lookup& lookup,
                      const std::vector<std::pair<scheduling::Slot, std::string>>& slots, std::vector<OpenSlot>& out);
  Result<std::string> ClinicianName(const Principal& who, Lookup& lookup, const std::string& clinician_id);
  //! An in-person request gets the place of the in-person block it falls in (none: rule `client_block`).
  Status PlaceInBlock(const Principal& who, scheduling::NewAppointment& r);
  //! The client's own visit by id, as they see it now; another client's is not found.
  Result<std::pair<scheduling::Appointment, PortalVisit>> OwnVisit(const Principal& who, const practice::Client& self,
                                                                   const std::string& appointment_id, Lookup& lookup);

  //! The client whose pages the signed-in account is on (its own record, or a client in a guardian's care),
  //! for one part of the pages (a guardian: only the parts the practice allows, else 403 guardian_scope).
  Result<practice::Client> Self(const Principal& who, practice::PortalArea area);

  db::Database& db_;
  const Clock& clock_;
  identity::Service& identity_;
  practice::Service& directory_;
  scheduling::Service& scheduling_;
  telehealth::Service& telehealth_;
  documents::Service& documents_;
  measures::Service& measures_;
  access::Service& access_;
  intake::Service& intake_;
  LateFee late_fee_;
};

}  // namespace duet::portal
