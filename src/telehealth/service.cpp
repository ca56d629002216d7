#include "telehealth/service.hpp"

#include "platform/audit.hpp"
#include "platform/crypto.hpp"
#include "platform/dates.hpp"
#include "scheduling/rules.hpp"
#include "telehealth/rules.hpp"
#include "telehealth/store.hpp"

namespace duet::telehealth {

Service::Service(db::Database& db, const Clock& clock, practice::Service& directory, scheduling::Service& scheduling, IceConfig ice)
    : db_(db), clock_(clock), directory_(directory), scheduling_(scheduling), ice_(std::move(ice)) {}

std::vector<IceServer> Service::IceServersFor(const std::string& user, EpochSeconds now) const {
  std::vector<IceServer> out;
  if (!ice_.stun_urls.empty()) out.push_back({ice_.stun_urls, "", ""});
  if (!ice_.turn_urls.empty() && !ice_.turn_secret.empty()) {
    std::string username = TurnUsername(now + ice_.turn_ttl_seconds, user);
    out.push_back({ice_.turn_urls, username, crypto::HmacSha1Base64(ice_.turn_secret, username)});
  }
  return out;
}

Result<JoinTicket> Service::Join(const Principal& who, const std::string& appointment_id, const std::optional<std::string>& stated_state,
                                 const Origin& origin) {
  auto a = scheduling_.GetAppointment(who, appointment_id, origin);
  if (!a) return tl::unexpected(a.error());
  auto k = directory_.GetClinician(who, a->clinician_id);
  if (!k) return tl::unexpected(k.error());
  bool own = !k->user_id.empty() && k->user_id == who.user_id;
  bool supervises = !k->supervisor_user_id.empty() && k->supervisor_user_id == who.user_id;
  if (!(who.role == Role::kOwner || own || supervises))
    return Fail(ErrorCode::kForbidden, "Only the visit's clinician, their supervisor or the owner can enter this room.");
  EpochSeconds now = clock_.Now();
  if (auto may = MayJoinNow(scheduling::VisitModeName(a->mode), a->status, now, a->start, a->end); !may) return tl::unexpected(may.error());
  if (stated_state && !FindJurisdiction(*stated_state))
    return Fail(ErrorCode::kInvalid, "Say where the client is as a two-letter state code, such as CO.", {}, "location_state");
  auto clients = directory_.ClientPlaces(who.practice_id, a->client_ids);
  if (!clients) return tl::unexpected(clients.error());
  const auto& client = clients->front();
  std::string state = stated_state.value_or(client.location_state);
  Date on = scheduling::ToLocal(now, client.time_zone).date;
  auto coverage = directory_.CheckLicensure(who.practice_id, a->clinician_id, state, on, practice::Mode::kTelehealth);
  if (!coverage) return tl::unexpected(coverage.error());
  JoinTicket ticket;
  ticket.licensure = *coverage;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto r = store::EnsureVisit(c, who.practice_id, a->id, crypto::RandomToken(16), now); !r) return r;
    if (stated_state)
      if (auto r = store::RecordStatedState(c, who.practice_id, a->id, state, who.user_id, coverage->allowed, coverage->message, now); !r)
        return r;
    auto v = store::FindVisit(c, who.practice_id, a->id);
    if (!v) return tl::unexpected(v.error());
    ticket.visit = **v;
    return audit::Append(c, audit::ByPrincipal(who, "telehealth.join", "appointment", a->id, origin.ip, origin.request_id, client.id), now);
  });
  if (!st) return tl::unexpected(st.error());
  ticket.ice_servers = IceServersFor(who.user_id, now);
  return ticket;
}

Result<Visit> Service::GetVisit(const Principal& who, const std::string& appointment_id, const Origin& origin) {
  auto a = scheduling_.GetAppointment(who, appointment_id, origin);
  if (!a) return tl::unexpected(a.error());
  auto v = db_.Read([&](db::Connection& c) { return store::FindVisit(c, who.practice_id, appointment_id); });
  if (!v) return tl::unexpected(v.error());
  if (!*v) return Fail(ErrorCode::kNotFound, "Nobody has entered this visit's room yet.");
  return **v;
}

}  // namespace duet::telehealth
