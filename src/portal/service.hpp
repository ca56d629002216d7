#pragma once
// The client's own pages: their visits and joining a video visit. Every read and action is the
// client's own (their account is linked to one client record) and audited as the client.
#include <string>

#include "identity/service.hpp"
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
          scheduling::Service& scheduling, telehealth::Service& telehealth);

  //! Staff who may edit the client invite them to their own pages: a single-use link for 7 days
  //! (e-mailed when mail is set up), replacing a pending one; the account belongs to this client.
  Result<identity::IssuedInvitation> InviteClient(const Principal& who, const std::string& client_id,
                                                  const std::string& email, const Origin& origin);

  //! The signed-in client's name, practice and visits (upcoming and the last 90 days): one audit event.
  Result<PortalHome> Home(const Principal& who, const Origin& origin);
  //! A join link for the client's own video visit (the same page as a reminder's link: they confirm
  //! their date of birth and say where they are). Another client's visit is not found.
  Result<telehealth::InviteLink> JoinLink(const Principal& who, const std::string& appointment_id,
                                          const Origin& origin);

 private:
  //! The client record the signed-in account belongs to; not found for an account without one.
  Result<practice::Client> Self(const Principal& who);

  db::Database& db_;
  const Clock& clock_;
  identity::Service& identity_;
  practice::Service& directory_;
  scheduling::Service& scheduling_;
  telehealth::Service& telehealth_;
};

}  // namespace duet::portal
