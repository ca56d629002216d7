#pragma once
// The right of access: wire types, declared once (platform/codec.hpp).
#include "access/model.hpp"
#include "platform/codec.hpp"

namespace duet::access {

using codec::Field;
using codec::Format;

inline constexpr std::string_view kRequestStatuses[] = {"open", "delivered"};
constexpr auto CodecOf(const RecordRequest*) {
  using R = RecordRequest;
  return codec::Object<R>(
      "RecordRequest", Field("id", &R::id), Field("client_id", &R::client_id),
      Field("client_name", &R::client_name, {.omit_when_empty = true}),
      Field("requested_at", &R::requested_at, {.format = Format::kTimestamp}),
      Field("due_at", &R::due_at, {.format = Format::kTimestamp, .description = "30 days after the request"}),
      Field("status", &R::status, {.one_of = kRequestStatuses}),
      Field("document_id", &R::document_id, {.null_when_empty = true, .description = "The record, once delivered"}),
      Field("delivered_at", &R::delivered_at, {.null_when_empty = true, .format = Format::kTimestamp}),
      Field("overdue", &R::overdue));
}

}  // namespace duet::access
