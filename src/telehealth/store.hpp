#pragma once
// SQL for visit rooms and records.
#include <optional>
#include <string>
#include <vector>

#include "platform/db/db.hpp"
#include "telehealth/model.hpp"

namespace duet::telehealth::store {

//! The visit of an appointment, if its room exists.
Result<std::optional<Visit>> FindVisit(db::Connection& c, const std::string& practice_id,
                                       const std::string& appointment_id);
//! Creates the room unless it exists (two people joining at once get the same room).
Status EnsureVisit(db::Connection& c, const std::string& practice_id, const std::string& appointment_id,
                   const std::string& room_id, EpochSeconds now);
//! Records where the client says they are now and the licensure answer for it.
Status RecordStatedState(db::Connection& c, const std::string& practice_id, const std::string& appointment_id,
                         const std::string& state, const std::string& stated_by, bool allowed,
                         const std::string& reason, std::optional<bool> at_home, EpochSeconds now);

//! The visit whose room this is.
//! The practice and visit of a room, whatever the practice (a partner organization's clinician entering it).
Result<std::optional<std::pair<std::string, std::string>>> FindRoomAnywhere(db::Connection& c,
                                                                            const std::string& room_id);
Result<std::optional<Visit>> FindVisitByRoom(db::Connection& c, const std::string& practice_id,
                                             const std::string& room_id);
//! Stores the computed visit record.
Status SaveSummary(db::Connection& c, const std::string& practice_id, const std::string& appointment_id,
                   const VisitSummary& s);

//! A join link as stored (the token itself is never stored).
struct LinkRow {
  std::string practice_id;
  std::string appointment_id;
  std::string client_id;  // empty for an invited guest
  EpochSeconds expires_at = 0;
  int failed_attempts = 0;
  std::string guest_name;  // set for an invited guest
};
Status InsertLink(db::Connection& c, const std::string& token_hash, const LinkRow& link, const std::string& created_by,
                  EpochSeconds now);
Result<std::optional<LinkRow>> FindLink(db::Connection& c, const std::string& token_hash);
Status CountFailedAttempt(db::Connection& c, const std::string& token_hash);

Status InsertGuest(db::Connection& c, const std::string& token_hash, const Guest& guest, EpochSeconds now);
Result<std::optional<Guest>> FindGuest(db::Connection& c, const std::string& token_hash);

Status InsertParticipant(db::Connection& c, const std::string& practice_id, const Participant& p);
Result<std::optional<Participant>> FindParticipant(db::Connection& c, const std::string& practice_id,
                                                   const std::string& id);
//! Everyone waiting or admitted in a visit's room (or only the admitted), in the order they came.
Result<std::vector<Participant>> ListPresent(db::Connection& c, const std::string& practice_id,
                                             const std::string& appointment_id, bool admitted_only = false);
//! Moves a participant to `state` (admitted: stamps admitted_at; left: stamps left_at). Returns
//! false when the participant was not in `from` (someone else got there first).
Result<bool> MoveParticipant(db::Connection& c, const std::string& practice_id, const std::string& id,
                             ParticipantState from, ParticipantState to, EpochSeconds now);
//! Marks a participant as removed by staff (they are not let back in without being admitted again).
Status MarkRemoved(db::Connection& c, const std::string& practice_id, const std::string& id);
//! True if this client (or, for an invited guest, this visit session) was admitted to the visit
//! before and not removed: a reconnect goes straight in.
Result<bool> WasAdmitted(db::Connection& c, const std::string& practice_id, const std::string& appointment_id,
                         const Participant& p);
//! How many people are admitted in a visit's room now.
Result<int> CountAdmitted(db::Connection& c, const std::string& practice_id, const std::string& appointment_id);
Status SetAudioOnly(db::Connection& c, const std::string& practice_id, const std::string& id, bool audio_only);

//! Everyone waiting or admitted in the rooms of these visits (one query).
Result<std::vector<Participant>> PresentIn(db::Connection& c, const std::string& practice_id,
                                           const std::vector<std::string>& appointment_ids);

Status AddEvent(db::Connection& c, const std::string& practice_id, const std::string& appointment_id,
                const std::string& participant_id, VisitEventKind kind, EpochSeconds now);
Result<std::vector<VisitEvent>> ListEvents(db::Connection& c, const std::string& practice_id,
                                           const std::string& appointment_id);

}  // namespace duet::telehealth::store
