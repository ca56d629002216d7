#pragma once
// The estimates' wire types, declared once (platform/codec.hpp).
#include <optional>
#include <string>
#include <vector>

#include "estimates/model.hpp"
#include "estimates/rules.hpp"
#include "platform/codec.hpp"

namespace duet::estimates {

using codec::Field;

constexpr auto CodecOf(const BusinessCalendar*) {
  using C = BusinessCalendar;
  return codec::Object<C>(
      "BusinessCalendar",
      Field("time_zone", &C::time_zone,
            {.required = true, .max_len = 64, .description = "The practice's IANA zone: days are counted in it"}),
      Field("open_weekdays", &C::open_weekdays,
            {.min = 1, .max = 7, .max_items = 7, .description = "1 = Monday … 7 = Sunday"}),
      Field("federal_holidays", &C::federal_holidays,
            {.description = "Closed on federal holidays (observed on the nearest weekday)"}),
      Field("closed_dates", &C::closed_dates, {.max_items = 366, .description = "The practice's own closed days"}));
}

constexpr auto CodecOf(const Item*) {
  using I = Item;
  return codec::Object<I>(
      "EstimateItem", Field("clinician_id", &I::clinician_id, {.required = true, .max_len = 36}),
      // Filled by the server from the clinician and the service (a request's values are replaced).
      Field("provider_name", &I::provider_name, {.max_len = 200}), Field("npi", &I::npi, {.max_len = 10}),
      Field("service_id", &I::service_id, {.required = true, .max_len = 36}),
      Field("description", &I::description, {.max_len = 300}), Field("cpt_code", &I::cpt_code, {.max_len = 10}),
      Field("mode", &I::mode, {.required = true, .max_len = 10, .description = "in_person, video or audio"}),
      Field("quantity", &I::quantity, {.min = 1, .max = 366, .description = "Visits expected in the period"}),
      Field(
          "unit_fee", &I::unit_fee,
          {.min = 0,
           .max = 10000000,
           .description = "Cents per visit; default the service's fee for the mode (and the client's sliding scale)"}),
      Field("total", &I::total, {.min = 0, .description = "quantity × unit_fee (set by the server)"}));
}

constexpr auto CodecOf(const Variance*) {
  using V = Variance;
  return codec::Object<V>("EstimateVariance", Field("clinician_id", &V::clinician_id),
                          Field("provider_name", &V::provider_name), Field("estimated", &V::estimated),
                          Field("billed", &V::billed),
                          Field("dispute_eligible", &V::dispute_eligible,
                                {.description = "Billed $400 or more past the estimate for this provider: the client "
                                                "may start the dispute process"}));
}

//! An estimate as shown: its contents, the notices and what has been billed against it.
struct EstimateView : Estimate {
  std::vector<Variance> variances;
  bool diagnoses_withheld = false;  // the viewer may not see diagnoses (the front desk); the printed copy has them
};
constexpr auto CodecOf(const EstimateView*) {
  using E = EstimateView;
  return codec::Object<E>(
      "GoodFaithEstimate", Field("id", &E::id), Field("number", &E::number), Field("client_id", &E::client_id),
      Field("status", &E::status, {.description = "issued, or superseded by a later estimate"}),
      Field("trigger", &E::trigger, {.description = "scheduled or requested"}), Field("period_from", &E::period_from),
      Field("period_to", &E::period_to), Field("client_name", &E::client_name),
      Field("client_birth_date", &E::client_birth_date), Field("diagnoses", &E::diagnoses),
      Field("diagnoses_withheld", &E::diagnoses_withheld,
            {.description = "The viewer may not see diagnoses (front desk): the printed estimate carries them"}),
      Field("provider_name", &E::provider_name), Field("provider_npi", &E::provider_npi),
      Field("provider_tax_id", &E::provider_tax_id), Field("provider_address", &E::provider_address),
      Field("locations", &E::locations), Field("items", &E::items),
      Field("separately_scheduled", &E::separately_scheduled), Field("total", &E::total),
      Field("supersedes", &E::supersedes, {.null_when_empty = true}),
      Field("issued_at", &E::issued_at, {.format = codec::Format::kTimestamp}), Field("issued_by", &E::issued_by),
      Field("keep_until", &E::keep_until),
      codec::Computed<std::vector<std::string>>("notices", [](const E&) { return Notices(); }),
      Field("variances", &E::variances,
            {.description = "Per provider: what the estimate said and what has been billed in its period"}));
}

constexpr auto CodecOf(const Due*) {
  using D = Due;
  return codec::Object<D>("EstimateDue", Field("client_id", &D::client_id), Field("client_name", &D::client_name),
                          Field("trigger", &D::trigger), Field("since", &D::since),
                          Field("due_on", &D::due_on, {.description = "The last business day to give it"}),
                          Field("first_visit", &D::first_visit), Field("overdue", &D::overdue));
}

//! `GET /api/v1/good-faith-estimates`.
struct EstimateList {
  std::vector<EstimateView> estimates;
  std::vector<Due> due;
};
constexpr auto CodecOf(const EstimateList*) {
  using L = EstimateList;
  return codec::Object<L>("GoodFaithEstimateList",
                          Field("estimates", &L::estimates, {.description = "Newest first (none with ?due=)"}),
                          Field("due", &L::due, {.description = "Estimates the practice owes, soonest due first"}));
}

//! `POST /api/v1/good-faith-estimates`: issues an estimate (or drafts it with ?dry_run=true).
struct IssueRequest {
  std::string client_id;
  std::optional<Date> period_from;
  int months = 12;
  std::vector<Item> items;
  std::string separately_scheduled;
  Trigger trigger = Trigger::kScheduled;
};
constexpr auto CodecOf(const IssueRequest*) {
  using R = IssueRequest;
  return codec::Object<R>(
      "EstimateRequestBody", Field("client_id", &R::client_id, {.required = true, .max_len = 36}),
      Field("period_from", &R::period_from, {.description = "Default: today"}),
      Field("months", &R::months, {.min = 1, .max = 12, .description = "The period, at most 12 months (default)"}),
      Field("items", &R::items,
            {.max_items = 50,
             .description = "Expected services; default: the client's booked visits in the period, grouped by "
                            "clinician, service and mode"}),
      Field("separately_scheduled", &R::separately_scheduled,
            {.max_len = 1000, .description = "Items expected to need separate scheduling"}),
      Field("trigger", &R::trigger, {.description = "scheduled (default) or requested"}));
}

//! `POST /api/v1/good-faith-estimates/requests`: the client asked (a question about cost counts).
struct AskRequest {
  std::string client_id;
};
constexpr auto CodecOf(const AskRequest*) {
  using R = AskRequest;
  return codec::Object<R>("EstimateAsk", Field("client_id", &R::client_id, {.required = true, .max_len = 36}));
}
constexpr auto CodecOf(const EstimateRequest*) {
  using R = EstimateRequest;
  return codec::Object<R>("EstimateAsked", Field("id", &R::id), Field("client_id", &R::client_id),
                          Field("requested_at", &R::requested_at, {.format = codec::Format::kTimestamp}),
                          Field("by_name", &R::by_name));
}

//! The sealed contents of an estimate (what the list row does not hold).
struct Contents {
  std::string client_name;
  std::string client_birth_date;
  std::vector<std::string> diagnoses;
  std::string provider_name, provider_npi, provider_tax_id, provider_address;
  std::vector<std::string> locations;
  std::vector<Item> items;
  std::string separately_scheduled;
};
constexpr auto CodecOf(const Contents*) {
  using C = Contents;
  constexpr codec::Rules kAny = codec::kStoredRules;
  return codec::Object<C>(
      "EstimateContents", Field("client_name", &C::client_name, kAny),
      Field("client_birth_date", &C::client_birth_date, kAny), Field("diagnoses", &C::diagnoses, kAny),
      Field("provider_name", &C::provider_name, kAny), Field("provider_npi", &C::provider_npi, kAny),
      Field("provider_tax_id", &C::provider_tax_id, kAny), Field("provider_address", &C::provider_address, kAny),
      Field("locations", &C::locations, kAny), Field("items", &C::items, kAny),
      Field("separately_scheduled", &C::separately_scheduled, kAny));
}

//! `GET /api/v1/good-faith-estimates` query.
struct ListQuery {
  std::string due;
  std::string client_id;
};
constexpr auto CodecOf(const ListQuery*) {
  using Q = ListQuery;
  return codec::Object<Q>(
      "EstimateListQuery",
      Field("due", &Q::due, {.max_len = 10, .description = "overdue or pending: only the estimates still owed"}),
      Field("client_id", &Q::client_id, {.max_len = 36, .description = "One client's estimates and what is owed"}));
}

struct DryRunQuery {
  bool dry_run = false;
};
constexpr auto CodecOf(const DryRunQuery*) {
  return codec::Object<DryRunQuery>("EstimateDryRun", Field("dry_run", &DryRunQuery::dry_run));
}

}  // namespace duet::estimates
