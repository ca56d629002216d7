#pragma once
// RFC 9457 problem details: the one place that maps Error codes to HTTP statuses.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "platform/http.hpp"
#include "platform/result.hpp"

namespace duet {

//! One invalid field in a request.
struct FieldError {
  std::string field;
  std::string message;
};

//! The HTTP status for an error code.
int HttpStatus(ErrorCode code);
//! A problem+json response for err; only the public message leaves the server. `status`
//! overrides the code's usual status (405, 415, 431).
http::Response ToProblem(const Error& err, std::string_view request_id, int status = 0);
//! A 400/422 problem listing every invalid field.
http::Response InvalidProblem(const std::vector<FieldError>& errors, std::string_view request_id);
//! A JSON response.
http::Response JsonResponse(int status, const nlohmann::json& body);
//! A JSON answer already written as text (codec::EncodeText).
http::Response JsonText(int status, std::string body);
//! A 200 download: the bytes with their type, saved as `filename` (a generic name: nothing about a
//! client travels in headers).
http::Response FileResponse(std::string bytes, std::string_view content_type, std::string_view filename);
//! 204 No Content when a status succeeded, else its problem.
http::Response NoContentOr(const Status& st, const std::string& request_id);

}  // namespace duet
