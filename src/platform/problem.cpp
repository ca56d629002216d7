#include "platform/problem.hpp"

#include "platform/log.hpp"

namespace duet {
namespace {
constexpr std::string_view kTypeBase = "https://duet.example/problems/";

std::string_view TypeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalid:
      return "invalid";
    case ErrorCode::kUnauthenticated:
      return "unauthenticated";
    case ErrorCode::kMfaRequired:
      return "mfa-required";
    case ErrorCode::kForbidden:
      return "forbidden";
    case ErrorCode::kNotFound:
      return "not-found";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kRule:
      return "rule";
    case ErrorCode::kLocked:
      return "locked";
    case ErrorCode::kTooMany:
      return "too-many-requests";
    case ErrorCode::kTooLarge:
      return "too-large";
    case ErrorCode::kMethodNotAllowed:
      return "method-not-allowed";
    case ErrorCode::kMediaType:
      return "unsupported-media-type";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

std::string_view Title(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalid:
      return "Invalid request";
    case ErrorCode::kUnauthenticated:
      return "Sign-in required";
    case ErrorCode::kMfaRequired:
      return "Verification code required";
    case ErrorCode::kForbidden:
      return "Not allowed";
    case ErrorCode::kNotFound:
      return "Not found";
    case ErrorCode::kConflict:
      return "Conflict";
    case ErrorCode::kRule:
      return "Not allowed by a practice rule";
    case ErrorCode::kLocked:
      return "Account locked";
    case ErrorCode::kTooMany:
      return "Too many requests";
    case ErrorCode::kTooLarge:
      return "Request too large";
    case ErrorCode::kMethodNotAllowed:
      return "Method not allowed";
    case ErrorCode::kMediaType:
      return "Unsupported media type";
    case ErrorCode::kUnavailable:
      return "Temporarily unavailable";
    case ErrorCode::kInternal:
      return "Internal error";
  }
  return "Internal error";
}
}  // namespace

int HttpStatus(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalid:
      return 400;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kMfaRequired:
      return 401;
    case ErrorCode::kForbidden:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kRule:
      return 422;
    case ErrorCode::kLocked:
      return 429;
    case ErrorCode::kTooMany:
      return 429;
    case ErrorCode::kTooLarge:
      return 413;
    case ErrorCode::kMethodNotAllowed:
      return 405;
    case ErrorCode::kMediaType:
      return 415;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

http::Response NoContentOr(const Status& st, const std::string& request_id) {
  if (!st) return ToProblem(st.error(), request_id);
  http::Response res;
  res.status = 204;
  return res;
}

http::Response FileResponse(std::string bytes, std::string_view content_type, std::string_view filename) {
  http::Response res;
  res.status = 200;
  res.body = std::move(bytes);
  res.Set("Content-Type", std::string(content_type));
  res.Set("Content-Disposition", "attachment; filename=\"" + std::string(filename) + "\"");
  return res;
}

http::Response JsonText(int status, std::string body) {
  http::Response res;
  res.status = status;
  res.body = std::move(body);
  res.Set("Content-Type", "application/json");
  return res;
}

http::Response JsonResponse(int status, const nlohmann::json& body) {
  return JsonText(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

http::Response ToProblem(const Error& err, std::string_view request_id, int status_override) {
  int status = status_override ? status_override : HttpStatus(err.code);
  if (status >= 500) {
    // The detail stays in the log (it names SQL or a library call, never client data).
    log::Event(log::Level::kError, "request_failed",
               {{"request_id", request_id}, {"status", status}, {"detail", err.internal_detail}});
  }
  std::string type =
      std::string(kTypeBase) + (!err.rule.empty() && (err.code == ErrorCode::kRule || err.code == ErrorCode::kForbidden)
                                    ? "rules/" + err.rule
                                    : std::string(TypeName(err.code)));
  nlohmann::json body = {{"type", type}, {"title", Title(err.code)}, {"status", status}, {"request_id", request_id}};
  if (err.code == ErrorCode::kRule) body["overridable"] = err.overridable;
  // Internal errors never echo anything but a generic sentence.
  body["detail"] = err.code == ErrorCode::kInternal ? "Something went wrong on our side. The request id identifies it."
                                                    : err.public_message;
  if (!err.field_errors.empty()) {
    body["errors"] = nlohmann::json::array();
    for (const auto& [field, message] : err.field_errors)
      body["errors"].push_back({{"field", field}, {"message", message}});
  } else if (!err.field.empty()) {
    body["errors"] = nlohmann::json::array({{{"field", err.field}, {"message", err.public_message}}});
  }
  auto res = JsonResponse(status, body);
  res.Set("Content-Type", "application/problem+json");
  return res;
}

http::Response InvalidProblem(const std::vector<FieldError>& errors, std::string_view request_id) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& e : errors) list.push_back({{"field", e.field}, {"message", e.message}});
  std::string detail =
      errors.size() == 1 ? errors.front().message : std::to_string(errors.size()) + " fields need attention.";
  nlohmann::json body = {{"type", std::string(kTypeBase) + "invalid"},
                         {"title", "Invalid request"},
                         {"status", 400},
                         {"detail", detail},
                         {"errors", list},
                         {"request_id", request_id}};
  auto res = JsonResponse(400, body);
  res.Set("Content-Type", "application/problem+json");
  return res;
}

}  // namespace duet
