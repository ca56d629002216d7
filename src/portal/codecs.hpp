#pragma once
// The client's own pages: wire types, declared once (platform/codec.hpp).
#include "access/codecs.hpp"
#include "documents/codecs.hpp"
#include "identity/service.hpp"
#include "intake/codecs.hpp"
#include "platform/codec.hpp"
#include "portal/model.hpp"
#include "portal/service.hpp"
#include "practice/codecs.hpp"
#include "scheduling/codecs.hpp"
#include "telehealth/codecs.hpp"

namespace duet::portal {

using codec::Field;
using codec::Format;

struct InviteBody {
  std::string email;
  bool guardian = false;
};
constexpr auto CodecOf(const InviteBody*) {
  return codec::Object<InviteBody>(
      "PortalInvite", Field("email", &InviteBody::email, {.required = true, .max_len = 254}),
      Field("guardian", &InviteBody::guardian,
            {.description = "A guardian's account (new, or one the practice's clients already use) for this client"}));
}

constexpr auto CodecOf(const PortalSettings*) {
  return codec::Object<PortalSettings>(
      "PortalSettings",
      Field("booking_approval", &PortalSettings::booking_approval,
            {.required = true,
             .description = "Clients' own bookings are requested (their time held) until the front desk approves"}));
}

struct ActingBody {
  std::string client_id;
};
constexpr auto CodecOf(const ActingBody*) {
  return codec::Object<ActingBody>("PortalActingFor",
                                   Field("client_id", &ActingBody::client_id, {.required = true, .max_len = 36}));
}
struct TokenBody {
  std::string token;
};
constexpr auto CodecOf(const TokenBody*) {
  return codec::Object<TokenBody>("PortalLinkAccept",
                                  Field("token", &TokenBody::token, {.required = true, .max_len = 100}));
}
struct Invited {
  std::string id;
  std::string path;
  EpochSeconds expires_at = 0;
};
constexpr auto CodecOf(const Invited*) {
  return codec::Object<Invited>(
      "PortalInvitation", Field("id", &Invited::id),
      Field("path", &Invited::path, {.description = "/invite/<token>: single use, shown once"}),
      Field("expires_at", &Invited::expires_at, {.format = Format::kTimestamp}));
}

struct Place {
  std::string name;
  std::string address;
};
constexpr auto CodecOf(const Place*) {
  return codec::Object<Place>("PortalPlace", Field("name", &Place::name),
                              Field("address", &Place::address, {.null_when_empty = true}));
}
inline constexpr std::string_view kModes[] = {"in_person", "video", "audio"};
inline constexpr std::string_view kRooms[] = {"open", "early", "closed", "none"};
constexpr auto CodecOf(const PortalVisit*) {
  using V = PortalVisit;
  return codec::Object<V>(
      "PortalVisit", Field("id", &V::id), Field("start", &V::start, {.format = Format::kTimestamp}),
      Field("end", &V::end, {.format = Format::kTimestamp}), Field("mode", &V::mode, {.one_of = kModes}),
      Field("status", &V::status), Field("clinician_id", &V::clinician_id), Field("clinician_name", &V::clinician_name),
      Field("service_name", &V::service_name, {.null_when_empty = true}),
      codec::Computed<std::optional<Place>>(
          "location",
          [](const V& v) {
            return v.location_name.empty() ? std::nullopt : std::optional(Place{v.location_name, v.location_address});
          }),
      Field("room", &V::room, {.one_of = kRooms, .description = "none for in-person visits"}),
      Field("service_id", &V::service_id, {.null_when_empty = true}),
      Field("may_cancel", &V::may_cancel, {.description = "Booked and not yet started"}),
      Field("may_reschedule", &V::may_reschedule, {.description = "Before the late-cancellation window opens"}),
      Field("late_from", &V::late_from,
            {.format = Format::kTimestamp, .description = "Cancelling from this moment on is late"}),
      Field("late_cancel_fee", &V::late_cancel_fee,
            {.description = "What a late cancellation costs (integer cents); null: no fee. Shown before the client "
                            "confirms"}));
}

constexpr auto CodecOf(const BookableService*) {
  using S = BookableService;
  constexpr codec::Rules cents{.description = "Integer cents; null where the service is not offered that way"};
  return codec::Object<S>("PortalService", Field("id", &S::id), Field("name", &S::name),
                          Field("duration_minutes", &S::duration_minutes), Field("modes", &S::modes),
                          Field("fee_in_person", &S::fee_in_person, cents), Field("fee_video", &S::fee_video, cents),
                          Field("fee_audio", &S::fee_audio, cents));
}
constexpr auto CodecOf(const BookingOptions*) {
  using O = BookingOptions;
  return codec::Object<O>(
      "PortalBookingOptions",
      Field("services", &O::services, {.description = "What the practice lets clients book themselves"}),
      Field("state", &O::state, {.description = "Where the client usually is (two letters)"}),
      Field("clinician_names", &O::clinician_names, {.description = "The client's own clinicians"}));
}
constexpr auto CodecOf(const OpenSlot*) {
  using S = OpenSlot;
  return codec::Object<S>(
      "PortalSlot", Field("clinician_id", &S::clinician_id), Field("clinician_name", &S::clinician_name),
      Field("start", &S::start, {.format = Format::kTimestamp}), Field("end", &S::end, {.format = Format::kTimestamp}),
      Field("mode", &S::mode), Field("location_name", &S::location_name, {.null_when_empty = true}));
}
inline constexpr std::string_view kBookableModes[] = {"in_person", "video", "audio"};
constexpr auto CodecOf(const PortalBooking*) {
  using B = PortalBooking;
  return codec::Object<B>(
      "PortalBooking", Field("service_id", &B::service_id, {.required = true, .max_len = 36}),
      Field("mode", &B::mode, {.required = true, .one_of = kBookableModes}),
      Field("clinician_id", &B::clinician_id, {.required = true, .max_len = 36}),
      Field("start", &B::start, {.required = true, .format = Format::kTimestamp}),
      Field("state", &B::state,
            {.format = Format::kUsState,
             .description = "Video and phone: the state the client will be in (default: their usual state)"}));
}
struct MoveBody {
  EpochSeconds start = 0;
  std::string mode;
  std::string state;
};
constexpr auto CodecOf(const MoveBody*) {
  return codec::Object<MoveBody>(
      "PortalMove", Field("start", &MoveBody::start, {.required = true, .format = Format::kTimestamp}),
      Field("mode", &MoveBody::mode, {.one_of = kBookableModes, .description = "Default: the visit's mode"}),
      Field("state", &MoveBody::state,
            {.format = Format::kUsState, .description = "Default: the state given when it was booked"}));
}
struct CancelBody {
  bool accept_fee = false;
};
constexpr auto CodecOf(const CancelBody*) {
  return codec::Object<CancelBody>(
      "PortalCancel",
      Field("accept_fee", &CancelBody::accept_fee,
            {.description = "Needed for a late cancellation with a fee: the client saw the fee and accepts it"}));
}
struct SlotsQuery {
  std::string service_id;
  std::string mode;
  std::string state;
  EpochSeconds from = 0;
  EpochSeconds to = 0;
};
constexpr auto CodecOf(const SlotsQuery*) {
  using Q = SlotsQuery;
  return codec::Object<Q>("PortalSlotsQuery", Field("service_id", &Q::service_id, {.required = true, .max_len = 36}),
                          Field("mode", &Q::mode, {.required = true, .one_of = kBookableModes}),
                          Field("state", &Q::state, {.format = Format::kUsState}),
                          Field("from", &Q::from, {.required = true, .format = Format::kTimestamp}),
                          Field("to", &Q::to, {.required = true, .format = Format::kTimestamp}));
}
struct Me {
  std::string id;
  std::string name;
};
constexpr auto CodecOf(const Me*) {
  return codec::Object<Me>("PortalClient", Field("id", &Me::id), Field("name", &Me::name));
}
constexpr auto CodecOf(const PortalHome*) {
  using H = PortalHome;
  return codec::Object<H>(
      "PortalHome",
      codec::Computed<Me>("client",
                          [](const H& h) {
                            return Me{h.client_id, h.name};
                          }),
      Field("practice_name", &H::practice_name),
      Field("acting", &H::acting, {.description = "Whose pages these are, and what the account sees"}),
      Field("people", &H::people, {.description = "Every client whose pages the account may choose (its own first)"}),
      Field("upcoming", &H::upcoming, {.description = "Soonest first"}),
      Field("past", &H::past, {.description = "The last 90 days, most recent first"}),
      Field("language", &H::language, {.description = "The account's language: en or es"}),
      Field("two_step", &H::two_step,
            {.description = "The account signs in with an authenticator app's code too (set up with "
                            "POST /api/v1/auth/mfa/enroll and /confirm)"}));
}
constexpr auto CodecOf(const LanguageBody*) {
  return codec::Object<LanguageBody>(
      "PortalLanguage",
      Field("language", &LanguageBody::language, {.required = true, .max_len = 8, .description = "en or es"}));
}

constexpr auto CodecOf(const OpenQuestionnaire*) {
  using Q = OpenQuestionnaire;
  return codec::Object<Q>("PortalQuestionnaire", Field("id", &Q::id), Field("instrument", &Q::instrument),
                          Field("name", &Q::name), Field("sent_at", &Q::sent_at, {.format = Format::kTimestamp}),
                          Field("expires_at", &Q::expires_at, {.format = Format::kTimestamp}));
}
constexpr auto CodecOf(const Forms*) {
  return codec::Object<Forms>(
      "PortalForms", Field("consents", &Forms::consents, {.description = "The practice's consents, signed or not"}),
      Field("questionnaires", &Forms::questionnaires, {.description = "Sent and not yet filled, oldest first"}),
      Field("intake", &Forms::intake,
            {.description = "Intake forms: sent or started (newest first), then those offered to new clients"}));
}
struct SignBody {
  std::string signed_name;
  int version = 0;
  std::string language = "en";
};
constexpr auto CodecOf(const SignBody*) {
  return codec::Object<SignBody>(
      "PortalSignature", Field("signed_name", &SignBody::signed_name, {.required = true, .max_len = 200}),
      Field("version", &SignBody::version, {.required = true, .min = 1, .description = "The version read"}),
      Field("language", &SignBody::language, {.max_len = 8, .description = "The language it was read in (en, es)"}));
}
struct LinkPath {
  std::string path;
};
constexpr auto CodecOf(const LinkPath*) {
  return codec::Object<LinkPath>("PortalLink", Field("path", &LinkPath::path));
}

constexpr auto CodecOf(const PortalScore*) {
  using S = PortalScore;
  return codec::Object<S>("PortalScore", Field("instrument", &S::instrument), Field("name", &S::name),
                          Field("completed_at", &S::completed_at, {.format = Format::kTimestamp}),
                          Field("total", &S::total), Field("band", &S::band));
}
constexpr auto CodecOf(const PortalRecords*) {
  using R = PortalRecords;
  return codec::Object<R>(
      "PortalRecords",
      Field("visits", &R::visits, {.max_items = 500, .description = "Past visits, up to five years, newest first"}),
      Field("documents", &R::documents,
            {.max_items = 10000, .description = "What the practice shared with the client"}),
      Field("results", &R::results, {.max_items = 10000, .description = "Questionnaire scores, oldest first"}),
      Field("requests", &R::requests, {.description = "Requests for the whole record, newest first"}));
}

constexpr auto CodecOf(const PublicPageSettings*) {
  using P = PublicPageSettings;
  return codec::Object<P>(
      "PublicPageSettings",
      Field("slug", &P::slug, {.required = true, .max_len = 40, .description = "The page is at /p/{slug}"}),
      Field("intake_open", &P::intake_open, {.description = "New clients may ask for a first visit there"}));
}
constexpr auto CodecOf(const PublicClinician*) {
  using C = PublicClinician;
  return codec::Object<C>("PublicClinician", Field("id", &C::id), Field("name", &C::name),
                          Field("discipline", &C::discipline),
                          Field("video_states", &C::video_states,
                                {.max_items = 60, .description = "Where they may see clients by video today"}));
}
constexpr auto CodecOf(const PublicPage*) {
  using P = PublicPage;
  return codec::Object<P>(
      "PublicPage", Field("practice_name", &P::practice_name), Field("intake_open", &P::intake_open),
      Field("clinicians", &P::clinicians, {.max_items = 1000}), Field("services", &P::services, {.max_items = 1000}));
}
constexpr auto CodecOf(const IntakeRequest*) {
  using R = IntakeRequest;
  return codec::Object<R>(
      "IntakeRequest", Field("given_name", &R::given_name, {.required = true, .max_len = 100}),
      Field("family_name", &R::family_name, {.required = true, .max_len = 100}),
      Field("birth_date", &R::birth_date, {.required = true, .format = Format::kDate}),
      Field("email", &R::email, {.required = true, .format = Format::kEmail}),
      Field("phone", &R::phone, {.max_len = 30}),
      Field("state", &R::state,
            {.required = true,
             .format = Format::kUsState,
             .description = "Where the client will be (video: the clinician must be licensed there)"}),
      Field("payment", &R::payment, {.required = true, .description = "insurance or self_pay"}),
      Field("service_id", &R::service_id, {.required = true, .max_len = 36}),
      Field("mode", &R::mode, {.required = true, .one_of = kBookableModes}),
      Field("clinician_id", &R::clinician_id, {.required = true, .max_len = 36}),
      Field("start", &R::start, {.required = true, .format = Format::kTimestamp}),
      Field("language", &R::language,
            {.max_len = 8, .description = "The page's language (en or es): the new client's"}),
      Field("form_opened_ms", &R::form_opened_ms,
            {.required = true, .description = "When the form was opened (ms since the epoch): the time trap"}),
      Field("website", &R::website, {.max_len = 200, .description = "Leave empty (people never see it)"}));
}
constexpr auto CodecOf(const IntakeBooked*) {
  using B = IntakeBooked;
  return codec::Object<B>("IntakeBooked", Field("start", &B::start, {.format = Format::kTimestamp}),
                          Field("end", &B::end, {.format = Format::kTimestamp}), Field("mode", &B::mode),
                          Field("clinician_name", &B::clinician_name),
                          Field("location_name", &B::location_name, {.null_when_empty = true}));
}

}  // namespace duet::portal
