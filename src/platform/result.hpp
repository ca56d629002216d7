#pragma once
// Errors the caller expects are values: Result<T> = tl::expected<T, Error>. Exceptions are kept for
// bugs and start-up failures, and are caught once per request.
#include <string>
#include <tl/expected.hpp>
#include <utility>
#include <vector>

namespace duet {

//! The kinds of failure a caller can act on. Mapped to HTTP in exactly one place (platform/problem.cpp).
enum class ErrorCode {
  kInvalid,           // input is malformed or fails validation
  kUnauthenticated,   // no valid session or token
  kMfaRequired,       // password was right, a second factor is needed
  kForbidden,         // the principal may not do this
  kNotFound,          // no such resource in this practice
  kConflict,          // slot taken, stale update, duplicate
  kRule,              // a domain rule forbids the action (422, type names the rule)
  kLocked,            // account locked after repeated failures
  kTooMany,           // throttled
  kTooLarge,          // body or header over the limit
  kMethodNotAllowed,  // the path exists, not with this method (405)
  kMediaType,         // the body is not in a type the route reads (415)
  kUnavailable,       // database or dependency unavailable
  kInternal,          // a bug; never shows detail to the caller
};

//! A failure with a public message (safe to send to the caller: no client data) kept apart from
//! an internal detail (logged, never sent).
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string public_message;
  std::string internal_detail;
  std::string field;  // the input field at fault, when there is one
  std::string rule;   // for kRule: the rule's name, e.g. "licensure"
  //! For kInvalid: every invalid field with its message (field, message).
  std::vector<std::pair<std::string, std::string>> field_errors;
  //! For kRule: the rule gives way to a recorded reason (working hours, the travel buffer).
  bool overridable = false;
};

template <typename T>
using Result = tl::expected<T, Error>;
using Status = tl::expected<void, Error>;

//! Builds an unexpected Error in one expression.
inline tl::unexpected<Error> Fail(ErrorCode code, std::string public_message, std::string internal_detail = {},
                                  std::string field = {}) {
  return tl::unexpected<Error>(
      Error{code, std::move(public_message), std::move(internal_detail), std::move(field), {}, {}});
}

//! A rule violation, named so that callers can tell rules apart (problem type `.../rules/<name>`).
//! An `overridable` rule gives way when the request carries a reason (the problem says so).
inline tl::unexpected<Error> FailRule(std::string rule, std::string public_message, bool overridable = false) {
  return tl::unexpected<Error>(
      Error{ErrorCode::kRule, std::move(public_message), {}, {}, std::move(rule), {}, overridable});
}

}  // namespace duet
