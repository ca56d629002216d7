#pragma once
// Video visit use cases: entering a room (ICE servers, licensure where the client is now), join
// links for clients, the waiting room and the visit clock. The WebSocket side (live.cpp) calls the
// room methods; every change is stored, so any server can answer for any room.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "platform/db/db.hpp"
#include "practice/service.hpp"
#include "scheduling/service.hpp"
#include "telehealth/model.hpp"

namespace duet::telehealth {

using practice::Origin;

//! A client let in through a join link: the session token is set as a cookie, shown once.
struct GuestEntry {
  std::string session_token;
  Guest guest;
  JoinTicket ticket;
};

//! Someone entering a room, and who is already there.
struct RoomEntry {
  std::string practice_id;  // the room's practice (a partner organization's clinician enters another's)
  Participant self;
  std::vector<Participant> present;
  Visit visit;
  std::string clinician_user_id;  // who is alerted about licensure and waiting clients
  EpochSeconds starts_at = 0;     // the appointment's booked time (late clients are flagged)
  EpochSeconds ends_at = 0;
};

//! Failed date-of-birth answers a join link survives before it locks.
inline constexpr int kMaxLinkAttempts = 5;

class Service {
 public:
  Service(db::Database& db, const Clock& clock, practice::Service& directory, scheduling::Service& scheduling,
          IceConfig ice);

  //! Staff enter the room of a telehealth visit: its clinician, their supervisor, or the owner.
  //! `stated_state` is where the client says they are now; it is recorded with the licensure answer
  //! (without it, the client's usual state is checked and nothing is recorded).
  //! `at_home` is whether the client says they are at home (the claim's place of service).
  Result<JoinTicket> Join(const Principal& who, const std::string& appointment_id,
                          const std::optional<std::string>& stated_state, const Origin& origin,
                          std::optional<bool> at_home = std::nullopt);
  //! A partner organization's clinician enters the room of a visit they join by video in a practice their
  //! organization works with: while each client's release names the organization (care/ decides, and records the
  //! disclosure), with their telehealth licence for the clinic's state checked now as for the practice's own.
  Result<JoinTicket> JoinAsPartner(const Principal& who, const std::string& appointment_id, const Origin& origin);
  //! What care/ answers for a partner clinician at a visit of another practice: the visit, still under each
  //! client's release, their organization's name there, and how to record their entry as a disclosure.
  struct PartnerEntry {
    scheduling::Appointment visit;
    std::string organization;
    std::string clinician_id;  // theirs, in their own practice
    std::function<Status(const std::string& what, const Origin& origin)> record;
  };
  using PartnerEntrance = std::function<Result<PartnerEntry>(const Principal& who, const std::string& appointment_id)>;
  void SetPartnerEntrance(PartnerEntrance entrance) { partner_entrance_ = std::move(entrance); }
  //! The visit record: room, stated location and licensure, start, end, gaps, minutes, delivered mode.
  Result<Visit> GetVisit(const Principal& who, const std::string& appointment_id, const Origin& origin);
  //! STUN servers, and TURN servers with credentials that expire after the configured lifetime.
  std::vector<IceServer> IceServersFor(const std::string& user, EpochSeconds now) const;

  //! A join link for one client of a video visit (the first client when none is named), valid until
  //! the room closes. Staff who may see the calendar may send one. With `guest_name` the link is for
  //! someone else the clinician invites (an interpreter, a parent, a colleague): no date of birth is
  //! asked, they wait to be admitted, and they do not start the visit clock.
  Result<InviteLink> CreateLink(const Principal& who, const std::string& appointment_id,
                                const std::optional<std::string>& client_id,
                                const std::optional<std::string>& guest_name, const Origin& origin);
  //! The same, for reminders (no principal; the reminder job is the actor).
  Result<InviteLink> LinkForReminder(const std::string& practice_id, const std::string& appointment_id,
                                     const std::string& client_id);
  //! What the join page shows before the client confirms who they are (nothing about the client).
  Result<LinkPreview> PreviewLink(const std::string& token);
  //! A client confirms their date of birth and says where they are: a visit session for this room
  //! only, and the ticket. Five wrong answers lock the link. An invited guest's link needs neither.
  Result<GuestEntry> EnterByLink(const std::string& token, const std::string& birth_date,
                                 const std::string& location_state, const Origin& origin,
                                 std::optional<bool> at_home = std::nullopt);
  //! The client behind a visit session cookie, while it lasts.
  Result<Guest> AuthenticateGuest(const std::string& session_token);

  //! Joins the room as a participant: staff are admitted at once, clients wait to be admitted.
  Result<RoomEntry> EnterRoom(const Caller& caller, const std::string& room_id);
  //! Staff let a waiting client in (false result: they were no longer waiting).
  Result<Participant> Admit(const Caller& staff, const std::string& appointment_id, const std::string& participant_id);
  //! Staff remove someone from the room.
  Result<Participant> Remove(const Caller& staff, const std::string& appointment_id, const std::string& participant_id);
  //! Staff end the visit for everyone; returns who was still there.
  Result<std::vector<Participant>> EndVisit(const Caller& staff, const std::string& appointment_id);
  //! A participant's connection closed (or they left).
  Status Leave(const std::string& practice_id, const std::string& participant_id);
  //! The call switched to audio only, or back to video.
  Status SetAudioOnly(const std::string& practice_id, const std::string& participant_id, bool audio_only);
  //! Today's video visits (from two hours ago to twelve hours ahead) whose rooms the principal may
  //! enter, with who is waiting or in each room: the clinician's waiting-room list.
  //! Today's video visits the principal may enter; `day_end` is the end of the viewer's day (their
  //! zone), so an evening view does not list tomorrow's morning.
  Result<std::vector<RoomSummary>> Rooms(const Principal& who, std::optional<EpochSeconds> day_end,
                                         const Origin& origin);
  //! Everyone waiting or admitted in a room.
  Result<std::vector<Participant>> Present(const std::string& practice_id, const std::string& appointment_id);

 private:
  Result<scheduling::Appointment> StaffMayEnter(const Principal& who, const std::string& appointment_id,
                                                const Origin& origin, std::string* clinician_user_id = nullptr);
  //! A partner clinician's telehealth licence into the clinic's state of a joint visit, today (refused if not).
  Result<practice::Coverage> PartnerLicensure(const Principal& who, const PartnerEntry& entry);
  Result<InviteLink> MakeLink(const std::string& practice_id, const scheduling::Appointment& a,
                              const std::optional<std::string>& client_id, const std::optional<std::string>& guest_name,
                              const std::string& created_by);
  //! Moves the appointment along with the visit: in session once it started, completed when staff
  //! end a visit that took place (best effort: a status someone already changed is left alone).
  void FollowVisit(const Principal& staff, const std::string& appointment_id, bool ended);
  //! Records a room event and recomputes the visit record, inside the caller's transaction.
  Status Record(db::Connection& c, const std::string& practice_id, const std::string& appointment_id,
                const std::string& participant_id, VisitEventKind kind, EpochSeconds now);

  db::Database& db_;
  const Clock& clock_;
  practice::Service& directory_;
  scheduling::Service& scheduling_;
  IceConfig ice_;
  PartnerEntrance partner_entrance_;
};

}  // namespace duet::telehealth
