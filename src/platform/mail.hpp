#pragma once
// Outbound e-mail over SMTP (libcurl). Messages carry no clinical detail: callers write them so.
#include <string>
#include <vector>

#include "platform/result.hpp"

namespace duet::mail {

struct Message {
  std::string to;
  std::string subject;
  std::string body;  // plain text
};

class Mailer {
 public:
  virtual ~Mailer() = default;
  //! Sends one message; an error when the server refuses or cannot be reached.
  virtual Status Send(const Message& message) = 0;
  //! False when no mail server is configured (messages are then not sent, and not marked sent).
  virtual bool enabled() const = 0;
};

//! An SMTP mailer for `smtp://host:port` or `smtps://host:port` (STARTTLS is used when offered).
class SmtpMailer final : public Mailer {
 public:
  SmtpMailer(std::string url, std::string from, std::string username = {}, std::string password = {});
  Status Send(const Message& message) override;
  bool enabled() const override { return !url_.empty(); }

 private:
  std::string url_;
  std::string from_;
  std::string username_;
  std::string password_;
};

//! A text message (SMS) to one phone number; like e-mail, it carries no clinical detail.
struct Text {
  std::string to;  // E.164 or the digits the provider accepts
  std::string body;
};

//! Sends text messages by POSTing `{"to", "body"}` as JSON to an SMS provider's webhook (any
//! provider or a small relay speaks this), with an optional bearer token.
class WebhookTexter {
 public:
  WebhookTexter(std::string url, std::string token = {});
  //! Sends one text; an error unless the provider answers 2xx.
  Status Send(const Text& text);
  bool enabled() const { return !url_.empty(); }

 private:
  std::string url_;
  std::string token_;
};

}  // namespace duet::mail
