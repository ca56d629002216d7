#pragma once
// What a client sees of their own care when they sign in: who they are to the practice and their
// visits, each with what they can do next (join the video room when it is open).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "access/model.hpp"
#include "documents/service.hpp"
#include "intake/model.hpp"
#include "platform/clock.hpp"
#include "practice/model.hpp"
#include "scheduling/model.hpp"

namespace duet::portal {

//! One of the client's visits, in words a client reads (ids only of what is theirs: the visit, its clinician, its
//! service).
struct PortalVisit {
  std::string id;
  EpochSeconds start = 0;
  EpochSeconds end = 0;
  std::string mode;    // in_person | video | audio
  std::string status;  // booked | checked_in | completed | cancelled | late_cancelled | no_show
  std::string clinician_id;
  std::string clinician_name;
  std::string service_name;
  std::string location_name;  // in-person visits: where
  std::string location_address;
  std::string room;  // video and audio visits: open | early | closed; in person: none
  std::string service_id;
  // What the client may do with it now (portal/rules.hpp: TermsOf).
  bool may_cancel = false;
  bool may_reschedule = false;
  EpochSeconds late_from = 0;                   // cancelling from here on is late
  std::optional<std::int64_t> late_cancel_fee;  // cents the practice charges for a late cancellation; none: no fee
};

//! A service a client may book themselves, with the fee in each mode it is offered in.
struct BookableService {
  std::string id;
  std::string name;
  int duration_minutes = 50;
  std::vector<std::string> modes;  // in_person | video | audio
  std::optional<std::int64_t> fee_in_person;
  std::optional<std::int64_t> fee_video;
  std::optional<std::int64_t> fee_audio;
};

//! What the booking page starts from: the services, the client's usual state, and their clinicians.
struct BookingOptions {
  std::vector<BookableService> services;
  std::string state;  // where the client usually is (their record)
  std::vector<std::string> clinician_names;
};

//! An open time the client may take.
struct OpenSlot {
  std::string clinician_id;
  std::string clinician_name;
  EpochSeconds start = 0;
  EpochSeconds end = 0;
  std::string mode;
  std::string location_name;  // in person: where
};

//! A questionnaire the practice sent that the client has not filled yet.
struct OpenQuestionnaire {
  std::string id;
  std::string instrument;  // phq9 | gad7
  std::string name;        // "PHQ-9"
  EpochSeconds sent_at = 0;
  EpochSeconds expires_at = 0;
};

//! What the client has to fill or sign: the practice's consents (with when they last signed each) and
//! open questionnaires.
struct Forms {
  std::vector<documents::ConsentToSign> consents;
  std::vector<OpenQuestionnaire> questionnaires;
  std::vector<intake::ClientForm> intake;  // the practice's intake forms: sent, started, or offered to new clients
};

//! A questionnaire the client filled, as they see it: the score and its band.
struct PortalScore {
  std::string instrument;
  std::string name;
  EpochSeconds completed_at = 0;
  int total = 0;
  std::string band;
};

//! The client's own record as the portal shows it: past visits (up to five years), the documents the
//! practice shared, their questionnaire results over time, and their requests for the whole record.
struct PortalRecords {
  std::vector<PortalVisit> visits;
  std::vector<documents::Document> documents;
  std::vector<PortalScore> results;
  std::vector<access::RecordRequest> requests;
};

//! How the practice runs clients' own bookings: instantly confirmed (the default), or requested until the front
//! desk approves them (the time is held meanwhile).
struct PortalSettings {
  bool booking_approval = false;
};

//! The practice's public page settings: its address (/p/{slug}) and whether new clients may ask for a first visit.
struct PublicPageSettings {
  std::string slug;
  bool intake_open = false;
};

//! A clinician as the public page shows them: discipline and the states where they may see clients by
//! video today (from their licences and compact privileges).
struct PublicClinician {
  std::string id;
  std::string name;
  std::string discipline;
  std::vector<std::string> video_states;
};

//! The practice's public page.
struct PublicPage {
  std::string practice_name;
  bool intake_open = false;
  std::vector<PublicClinician> clinicians;
  std::vector<scheduling::ClinicalService> services;  // fees per mode; new_clients marks a first visit
};

//! A new client's request for a first visit from the public page.
struct IntakeRequest {
  std::string given_name;
  std::string family_name;
  std::string birth_date;
  std::string email;
  std::string phone;
  std::string state;
  std::string payment;  // insurance | self_pay
  std::string service_id;
  std::string mode;
  std::string clinician_id;
  EpochSeconds start = 0;
  std::int64_t form_opened_ms = 0;  // when the page's form was opened (the time trap)
  std::string website;              // a field people never see (the honeypot)
  std::string language = "en";      // the language the page was read in: the new client's
};

//! What a new client is told after booking.
struct IntakeBooked {
  EpochSeconds start = 0;
  EpochSeconds end = 0;
  std::string mode;
  std::string clinician_name;
  std::string location_name;
};

//! A booking or a move, as the client asks for it.
struct PortalBooking {
  std::string service_id;
  std::string mode;
  std::string clinician_id;
  EpochSeconds start = 0;
  std::string state;  // video and audio: where the client will be (else their usual state)
};

struct PortalHome {
  std::string client_id;
  std::string name;  // the name the client goes by
  std::string practice_name;
  practice::PortalLink acting;               // whose pages these are, and what the account sees of them
  std::vector<practice::PortalLink> people;  // every client whose pages the account may choose
  std::vector<PortalVisit> upcoming;         // soonest first, including one happening now
  std::vector<PortalVisit> past;             // most recent first, the last 90 days
  std::string language = "en";               // the account's: its pages are in these words
  bool two_step = false;                     // the account signs in with an authenticator app's code too
};

//! The language a client-side account reads its pages and e-mails in.
struct LanguageBody {
  std::string language;
};

}  // namespace duet::portal
