#pragma once
// Intake forms: the practice's definitions (versioned data, beside the built-in ones), sending one to a
// client, and the client's answers — saved as they go, locked and kept in the chart as a PDF when submitted.
// The client's side is called by the portal, which has resolved whose pages these are.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "documents/service.hpp"
#include "identity/service.hpp"
#include "intake/model.hpp"
#include "measures/service.hpp"
#include "platform/db/db.hpp"
#include "platform/jobs.hpp"
#include "platform/mail.hpp"
#include "practice/service.hpp"

namespace duet::intake {

using practice::Origin;

class Service {
 public:
  //! `built_in_json` is data/intake_forms.json (compiled into the binary); a form that does not read stops the start.
  Service(db::Database& db, const Clock& clock, identity::Service& identity, practice::Service& directory,
          documents::Service& documents, measures::Service& measures, std::string_view built_in_json);

  //! E-mail for "a form is waiting" notices and the address their link points at.
  void Connect(mail::Mailer* mailer, std::string public_url, std::function<void()> wake_jobs);
  //! The job `intake.notice`: tells the client a form the practice sent is waiting (no form name, nothing about
  //! their care); nothing once it was sent back.
  Result<std::string> SendNotice(const jobs::Job& job);

  // ---- the practice's side ----
  //! The newest version of each form (the practice's replaces a built-in one of the same key).
  Result<std::vector<Form>> Forms(const std::string& practice_id);
  //! A form by key (newest, or a version a response was written against); not found otherwise.
  Result<Form> FindForm(const std::string& practice_id, const std::string& key, std::optional<int> version);
  //! Saves the form as the next version of its key (a new key starts at 1). Audited.
  Result<Form> SaveForm(const Principal& who, Form form, const Origin& origin);
  //! Sends an active form to a client (staff who may edit the client): their open draft of it if they have one.
  Result<Response> Send(const Principal& who, const std::string& client_id, const std::string& form_key,
                        const Origin& origin);
  //! The client's forms with their state (no answers: a submitted form is read as its chart PDF).
  Result<std::vector<Response>> OfClient(const Principal& who, const std::string& client_id);

  // ---- the client's side (the caller resolved the client) ----
  Result<std::vector<ClientForm>> ForClient(const std::string& practice_id, const std::string& client_id);
  //! Starts a form offered to new clients (or one sent): their open draft of it, else a new one.
  Result<std::pair<Response, Form>> Start(const Principal& who, const std::string& client_id,
                                          const std::string& form_key, const Origin& origin);
  //! One of the client's forms with its definition and answers so far (audited).
  Result<std::pair<Response, Form>> Open(const Principal& who, const std::string& client_id, const std::string& id,
                                         const Origin& origin);
  //! Saves answers as they go (values checked, nothing required yet); with `submit`, every shown required field
  //! must be filled, then the form is locked and kept in the chart as a PDF shared with the client.
  Result<Response> Answer(const Principal& who, const std::string& client_id, const std::string& id,
                          const std::string& content_json, bool submit, const Origin& origin);

 private:
  Result<std::string> Seal(const std::string& practice_id, const std::string& text, const std::string& id);
  Result<std::string> Unseal(const std::string& practice_id, const std::string& sealed, const std::string& id);
  Result<std::pair<Response, Form>> OwnResponse(const Principal& who, const std::string& client_id,
                                                const std::string& id);
  //! The client's open draft of the form, else a new one (sent by staff, or started by the client).
  Result<Response> NewDraft(const Principal& who, const std::string& client_id, const Form& form, bool sent,
                            const Origin& origin);
  Result<std::string> Pdf(const Principal& who, const Form& form, const std::string& content_json, EpochSeconds at);

  db::Database& db_;
  const Clock& clock_;
  identity::Service& identity_;
  practice::Service& directory_;
  documents::Service& documents_;
  measures::Service& measures_;
  std::vector<Form> built_in_;
  mail::Mailer* mailer_ = nullptr;
  std::string public_url_;
  std::function<void()> wake_jobs_;
};

}  // namespace duet::intake
