#pragma once
// The payouts' wire types, declared once (platform/codec.hpp).
#include <optional>
#include <string>
#include <vector>

#include "payouts/model.hpp"
#include "platform/codec.hpp"

namespace duet::payouts {

using codec::Field;

constexpr auto CodecOf(const Rate*) {
  using R = Rate;
  return codec::Object<R>(
      "PayRate", Field("service_id", &R::service_id, {.max_len = 36, .description = "Empty: every service"}),
      Field("mode", &R::mode,
            {.max_len = 10, .description = "in_person, video, audio, or empty: the same pay in every mode"}),
      Field("amount", &R::amount, {.required = true, .min = 0, .max = 1000000, .description = "Cents per visit"}));
}

constexpr auto CodecOf(const MissedRule*) {
  using M = MissedRule;
  return codec::Object<M>(
      "MissedVisitPay", Field("pay", &M::pay, {.description = "none, fixed, or share_of_fee (of the fee collected)"}),
      Field("amount", &M::amount, {.min = 0, .max = 1000000, .description = "Cents (fixed)"}),
      Field("percent", &M::percent, {.min = 0, .max = 100, .description = "Percent (share_of_fee)"}));
}

constexpr auto CodecOf(const Plan*) {
  using P = Plan;
  return codec::Object<P>(
      "CompensationPlan", Field("clinician_id", &P::clinician_id, {.read_only = true}),
      Field("basis", &P::basis,
            {.required = true,
             .description = "per_visit (by service and mode), share (of what was collected) or hourly"}),
      Field("rates", &P::rates, {.max_items = 100, .description = "per_visit: the most specific rate wins"}),
      Field("default_rate", &P::default_rate,
            {.min = 0, .max = 1000000, .description = "per_visit: cents when no rate matches"}),
      Field("share_percent", &P::share_percent, {.min = 0, .max = 100}),
      Field("hourly_rate", &P::hourly_rate, {.min = 0, .max = 1000000, .description = "Cents an hour"}),
      Field("late_cancel", &P::late_cancel), Field("no_show", &P::no_show),
      Field("requires_signed_note", &P::requires_signed_note,
            {.description = "Pay waits for the visit's signed progress note"}),
      Field("hold_denied", &P::hold_denied,
            {.description = "A visit whose claim is denied is held (and clawed back if it was paid)"}),
      Field("updated_at", &P::updated_at, {.read_only = true, .format = codec::Format::kTimestamp}),
      Field("updated_by", &P::updated_by, {.read_only = true}));
}

constexpr auto CodecOf(const Line*) {
  using L = Line;
  return codec::Object<L>(
      "PayLine", Field("id", &L::id), Field("clinician_id", &L::clinician_id),
      Field("appointment_id", &L::appointment_id),
      Field("kind", &L::kind, {.description = "visit (paid), held (with why), adjustment (an earlier week's visit)"}),
      Field("on", &L::on), Field("client_label", &L::client_label, {.description = "Initials only"}),
      Field("service_name", &L::service_name), Field("mode", &L::mode), Field("minutes", &L::minutes),
      Field("status", &L::status), Field("rule", &L::rule, {.description = "The rule applied, in words"}),
      Field("amount", &L::amount, {.description = "Cents (negative: a clawback)"}), Field("why", &L::why),
      Field("question", &L::question, {.null_when_empty = true}),
      Field("asked_at", &L::asked_at, {.null_when_empty = true, .format = codec::Format::kTimestamp}),
      Field("asked_by", &L::asked_by, {.null_when_empty = true}),
      Field("answer", &L::answer, {.null_when_empty = true}),
      Field("answered_at", &L::answered_at, {.null_when_empty = true, .format = codec::Format::kTimestamp}),
      Field("answered_by", &L::answered_by, {.null_when_empty = true}));
}

constexpr auto CodecOf(const Statement*) {
  using S = Statement;
  return codec::Object<S>(
      "PayStatement", Field("run_id", &S::run_id), Field("week", &S::week), Field("run_status", &S::run_status),
      Field("clinician_id", &S::clinician_id), Field("clinician_name", &S::clinician_name), Field("lines", &S::lines),
      Field("total", &S::total), Field("visits_paid", &S::visits_paid), Field("visits_held", &S::visits_held));
}

constexpr auto CodecOf(const Run*) {
  using R = Run;
  return codec::Object<R>(
      "PayoutRun", Field("id", &R::id), Field("week", &R::week, {.description = "The Monday"}),
      Field("status", &R::status, {.description = "draft (run again to refresh) or closed (final)"}),
      Field("total", &R::total), Field("clinicians", &R::clinicians), Field("questions_open", &R::questions_open),
      Field("without_plan", &R::without_plan,
            {.description = "Clinicians with visits that week and no compensation plan (names)"}),
      Field("created_at", &R::created_at, {.format = codec::Format::kTimestamp}), Field("created_by", &R::created_by),
      Field("closed_at", &R::closed_at, {.null_when_empty = true, .format = codec::Format::kTimestamp}),
      Field("closed_by", &R::closed_by, {.null_when_empty = true}),
      Field("statements", &R::statements, {.description = "One per clinician (empty in the list of runs)"}));
}

//! `POST /api/v1/payouts/runs`.
struct RunRequest {
  Date week{};
};
constexpr auto CodecOf(const RunRequest*) {
  return codec::Object<RunRequest>(
      "PayoutRunRequest",
      Field("week", &RunRequest::week, {.required = true, .description = "Any day of the week (it starts Monday)"}));
}

struct StatementQuery {
  std::string clinician_id;
  std::optional<Date> week;
};
constexpr auto CodecOf(const StatementQuery*) {
  using Q = StatementQuery;
  return codec::Object<Q>(
      "PayStatementQuery",
      Field("clinician_id", &Q::clinician_id, {.max_len = 36, .description = "Default: the signed-in clinician"}),
      Field("week", &Q::week, {.description = "Any day of the week; default: every week, newest first"}));
}

struct LineNote {
  std::string text;
};
constexpr auto CodecOf(const LineNote*) {
  return codec::Object<LineNote>("PayLineNote", Field("text", &LineNote::text, {.required = true, .max_len = 1000}));
}

}  // namespace duet::payouts
