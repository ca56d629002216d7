#include "estimates/service.hpp"

#include <algorithm>
#include <map>

#include "billing/store.hpp"
#include "estimates/rules.hpp"
#include "platform/audit.hpp"
#include "platform/pdf.hpp"
#include "platform/text.hpp"
#include "practice/rules.hpp"
#include "scheduling/rules.hpp"
#include "scheduling/store.hpp"

namespace duet::estimates {
namespace {

std::string ModeWords(std::string_view mode) {
  return mode == "video" ? "by video" : mode == "audio" ? "by telephone (audio)" : "in person";
}

std::string Context(const std::string& id) { return "gfe:" + id; }

//! The front desk sees a client's demographics, contacts and insurance, not their diagnoses
//! (practice/rules.cpp DecideClientView): an estimate shown to them leaves the codes out. The printed
//! estimate the client receives carries them, as 149.610 requires.
void ForViewer(const Principal& who, EstimateView& e) {
  if (who.role != Role::kFrontDesk || e.diagnoses.empty()) return;
  e.diagnoses.clear();
  e.diagnoses_withheld = true;
}

}  // namespace

Service::Service(db::Database& db, const Clock& clock, practice::Service& directory, crypto::KeyFor keys,
                 std::vector<HolidayRule> holidays)
    : db_(db), clock_(clock), directory_(directory), keys_(std::move(keys)), holidays_(std::move(holidays)) {}

Result<BusinessCalendar> Service::CalendarOf(const std::string& practice_id) {
  return db_.Read([&](db::Connection& c) { return store::GetCalendar(c, practice_id); });
}

Result<BusinessCalendar> Service::Calendar(const Principal& who) { return CalendarOf(who.practice_id); }

Result<BusinessCalendar> Service::PutCalendar(const Principal& who, BusinessCalendar cal, const Origin& origin) {
  if (!practice::IsValidTimeZone(cal.time_zone))
    return Fail(ErrorCode::kInvalid, "Use an IANA time zone such as America/Denver.", {}, "time_zone");
  std::sort(cal.open_weekdays.begin(), cal.open_weekdays.end());
  cal.open_weekdays.erase(std::unique(cal.open_weekdays.begin(), cal.open_weekdays.end()), cal.open_weekdays.end());
  if (cal.open_weekdays.empty())
    return Fail(ErrorCode::kInvalid, "The practice is open on at least one weekday.", {}, "open_weekdays");
  std::sort(cal.closed_dates.begin(), cal.closed_dates.end());
  cal.closed_dates.erase(std::unique(cal.closed_dates.begin(), cal.closed_dates.end()), cal.closed_dates.end());
  const EpochSeconds now = clock_.Now();
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto put = store::PutCalendar(c, who.practice_id, cal, now); !put) return put;
    return audit::Append(
        c, audit::ByPrincipal(who, "calendar.update", "practice", who.practice_id, origin.ip, origin.request_id, {}),
        now);
  });
  if (!st) return tl::unexpected(st.error());
  return cal;
}

Result<EstimateView> Service::Load(const std::string& practice_id, const store::Row& row, bool with_variance) {
  EstimateView out;
  static_cast<Estimate&>(out) = row.head;
  auto key = keys_(practice_id);
  if (!key) return tl::unexpected(key.error());
  auto plain = crypto::OpenField(*key, row.detail, Context(row.head.id));
  if (!plain) return tl::unexpected(plain.error());
  auto c = codec::FromColumn<Contents>(*plain);
  out.client_name = std::move(c.client_name);
  out.client_birth_date = std::move(c.client_birth_date);
  out.diagnoses = std::move(c.diagnoses);
  out.provider_name = std::move(c.provider_name);
  out.provider_npi = std::move(c.provider_npi);
  out.provider_tax_id = std::move(c.provider_tax_id);
  out.provider_address = std::move(c.provider_address);
  out.locations = std::move(c.locations);
  out.items = std::move(c.items);
  out.separately_scheduled = std::move(c.separately_scheduled);
  if (with_variance) {
    auto billed = db_.Read([&](db::Connection& conn) {
      return store::BilledByClinician(conn, practice_id, out.client_id, out.period_from, out.period_to);
    });
    if (!billed) return tl::unexpected(billed.error());
    out.variances = Variances(out, *billed);
  }
  return out;
}

Result<EstimateList> Service::List(const Principal& who, const std::string& due, const std::string& client_id,
                                   const Origin& origin) {
  if (!due.empty() && due != "overdue" && due != "pending")
    return Fail(ErrorCode::kInvalid, "Use due=overdue or due=pending.", {}, "due");
  const EpochSeconds now = clock_.Now();
  BusinessCalendar cal;
  std::vector<store::Row> rows;
  std::vector<store::VisitRow> visits;
  std::vector<EstimateRequest> requests;
  auto st = db_.Read([&](db::Connection& c) -> Status {
    auto got = store::GetCalendar(c, who.practice_id);
    if (!got) return tl::unexpected(got.error());
    cal = std::move(*got);
    auto list = store::List(c, who.practice_id, due.empty() ? client_id : std::string());
    if (!list) return tl::unexpected(list.error());
    rows = std::move(*list);
    // Visits from 30 days back: one that passed without its estimate is still owed (and overdue).
    auto v = store::SelfPayVisits(c, who.practice_id, now - 30 * 86400);
    if (!v) return tl::unexpected(v.error());
    visits = std::move(*v);
    auto r = store::Requests(c, who.practice_id, now - 90 * 86400);
    if (!r) return tl::unexpected(r.error());
    requests = std::move(*r);
    return {};
  });
  if (!st) return tl::unexpected(st.error());
  std::vector<BookedVisit> booked;
  booked.reserve(visits.size());
  for (const auto& v : visits)
    booked.push_back({v.client_id, v.client_name, scheduling::ToLocal(v.booked_at, cal.time_zone).date,
                      scheduling::ToLocal(v.start, cal.time_zone).date});
  std::vector<Estimate> issued;
  for (const auto& r : rows) issued.push_back(r.head);
  EstimateList out;
  const Date today = scheduling::ToLocal(now, cal.time_zone).date;
  out.due = Owed(cal, holidays_, booked, requests, issued, today);
  if (due == "overdue") std::erase_if(out.due, [](const Due& d) { return !d.overdue; });
  if (!client_id.empty()) std::erase_if(out.due, [&](const Due& d) { return d.client_id != client_id; });
  if (due.empty())
    for (const auto& r : rows) {
      auto e = Load(who.practice_id, r, !client_id.empty());
      if (!e) return tl::unexpected(e.error());
      ForViewer(who, *e);
      out.estimates.push_back(std::move(*e));
    }
  auto event =
      audit::ByPrincipal(who, "gfe.list", client_id.empty() ? "practice" : "client",
                         client_id.empty() ? who.practice_id : client_id, origin.ip, origin.request_id, client_id);
  if (auto a = audit::AppendNow(db_, event, now); !a) return tl::unexpected(a.error());
  return out;
}

Result<EstimateView> Service::Get(const Principal& who, const std::string& id, const Origin& origin) {
  auto e = Read(who, id, origin);
  if (e) ForViewer(who, *e);
  return e;
}

Result<EstimateView> Service::Read(const Principal& who, const std::string& id, const Origin& origin) {
  auto row = db_.Read([&](db::Connection& c) { return store::Find(c, who.practice_id, id); });
  if (!row) return tl::unexpected(row.error());
  if (!*row) return Fail(ErrorCode::kNotFound, "There is no such estimate in this practice.");
  auto e = Load(who.practice_id, **row, true);
  if (!e) return e;
  if (auto a = audit::AppendNow(
          db_,
          audit::ByPrincipal(who, "gfe.read", "good_faith_estimate", id, origin.ip, origin.request_id, e->client_id),
          clock_.Now());
      !a)
    return tl::unexpected(a.error());
  return e;
}

Result<EstimateView> Service::Issue(const Principal& who, const IssueRequest& r, bool dry_run, const Origin& origin) {
  auto client = directory_.ClientForBilling(who.practice_id, r.client_id);
  if (!client) {
    if (client.error().code == ErrorCode::kNotFound)
      return Fail(ErrorCode::kInvalid, "Choose a client of this practice.", {}, "client_id");
    return tl::unexpected(client.error());
  }
  const EpochSeconds now = clock_.Now();
  BusinessCalendar cal;
  std::vector<scheduling::ClinicalService> services;
  std::vector<scheduling::Location> locations;
  billing::BillingProvider provider;
  auto st = db_.Read([&](db::Connection& c) -> Status {
    auto got = store::GetCalendar(c, who.practice_id);
    if (!got) return tl::unexpected(got.error());
    cal = std::move(*got);
    auto s = scheduling::store::ListServices(c, who.practice_id);
    if (!s) return tl::unexpected(s.error());
    services = std::move(*s);
    auto l = scheduling::store::ListLocations(c, who.practice_id);
    if (!l) return tl::unexpected(l.error());
    locations = std::move(*l);
    auto p = billing::store::GetProvider(c, who.practice_id);
    if (!p) return tl::unexpected(p.error());
    provider = std::move(*p);
    return {};
  });
  if (!st) return tl::unexpected(st.error());

  EstimateView e;
  e.client_id = client->id;
  e.trigger = r.trigger;
  e.period_from = r.period_from.value_or(scheduling::ToLocal(now, cal.time_zone).date);
  e.period_to = PeriodEnd(e.period_from, r.months);
  e.client_name = client->given_name + " " + client->family_name;
  e.client_birth_date = client->birth_date;
  for (const auto& d : client->diagnoses) {
    std::string line = d.code + (d.description.empty() ? "" : " " + d.description);
    if (d.primary)
      e.diagnoses.insert(e.diagnoses.begin(), std::move(line));
    else
      e.diagnoses.push_back(std::move(line));
  }
  e.provider_name = provider.name;
  e.provider_npi = provider.npi;
  e.provider_tax_id = provider.tax_id;
  e.provider_address = provider.address_line + (provider.address_line.empty() ? "" : ", ") + provider.city +
                       (provider.city.empty() ? "" : ", ") + provider.state + " " + provider.postal_code;
  e.separately_scheduled = r.separately_scheduled;

  // The items: as given, or the client's booked visits in the period grouped by clinician, service, mode.
  std::vector<Item> items = r.items;
  std::map<std::string, std::string> location_of;  // the clinic of an in-person item
  if (items.empty()) {
    const EpochSeconds from = scheduling::FromLocal(e.period_from, 0, cal.time_zone);
    const EpochSeconds to = scheduling::FromLocal(e.period_to + date::days{1}, 0, cal.time_zone);
    auto planned =
        db_.Read([&](db::Connection& c) { return store::ClientVisits(c, who.practice_id, client->id, from, to); });
    if (!planned) return tl::unexpected(planned.error());
    std::map<std::tuple<std::string, std::string, std::string>, std::size_t> at;
    for (const auto& v : *planned) {
      auto k = std::make_tuple(v.clinician_id, v.service_id, v.mode);
      auto [it, fresh] = at.try_emplace(k, items.size());
      if (fresh) {
        Item i;
        i.clinician_id = v.clinician_id;
        i.service_id = v.service_id;
        i.mode = v.mode;
        i.quantity = 0;
        items.push_back(std::move(i));
      }
      ++items[it->second].quantity;
      if (v.mode == "in_person" && !v.location_id.empty()) location_of[v.clinician_id + v.service_id] = v.location_id;
    }
    if (items.empty())
      return Fail(ErrorCode::kInvalid,
                  "The client has no visits booked in this period: name the expected services (items).", {}, "items");
  }
  std::map<std::string, practice::Clinician> clinicians;
  std::vector<std::string> places;
  for (auto& i : items) {
    if (!clinicians.count(i.clinician_id)) {
      auto k = directory_.ClinicianById(who.practice_id, i.clinician_id);
      if (!k) {
        if (k.error().code == ErrorCode::kNotFound)
          return Fail(ErrorCode::kInvalid, "A clinician on the estimate is not one of the practice's.", {}, "items");
        return tl::unexpected(k.error());
      }
      clinicians.emplace(i.clinician_id, std::move(*k));
    }
    const auto& k = clinicians.at(i.clinician_id);
    auto s = std::find_if(services.begin(), services.end(),
                          [&](const scheduling::ClinicalService& x) { return x.id == i.service_id; });
    if (s == services.end())
      return Fail(ErrorCode::kInvalid, "A service on the estimate is not one of the practice's.", {}, "items");
    if (i.mode != "in_person" && i.mode != "video" && i.mode != "audio")
      return Fail(ErrorCode::kInvalid, "Choose in_person, video or audio for each service.", {}, "items");
    auto fee = i.mode == "video"   ? s->fees.video
               : i.mode == "audio" ? (s->fees.audio ? s->fees.audio : s->fees.video)
                                   : s->fees.in_person;
    // A fee given for the item stands; else the practice's fee, at the client's sliding-scale share.
    if (!r.items.empty() && i.unit_fee > 0)
      fee = i.unit_fee;
    else if (fee && client->sliding_fee_percent)
      fee = *fee * *client->sliding_fee_percent / 100;
    i.unit_fee = fee.value_or(0);
    i.total = i.unit_fee * i.quantity;
    i.provider_name = k.given_name + " " + k.family_name + (k.credentials.empty() ? "" : ", " + k.credentials);
    i.npi = k.npi;
    i.cpt_code = s->cpt_code;
    i.description = s->name + (s->cpt_code.empty() ? "" : " (CPT " + s->cpt_code + ")") + ", " + ModeWords(i.mode);
    std::string place;
    if (i.mode == "in_person") {
      auto lid = location_of.find(i.clinician_id + i.service_id);
      auto loc = std::find_if(locations.begin(), locations.end(), [&](const scheduling::Location& l) {
        return lid != location_of.end() ? l.id == lid->second : l.kind == "clinic";
      });
      place = loc != locations.end() ? loc->name + (loc->address.empty() ? "" : ", " + loc->address)
                                     : "In person at the practice";
    } else {
      place = std::string(i.mode == "video" ? "By video" : "By telephone") + " to the client in " +
              (client->location_state.empty() ? "their state" : client->location_state);
    }
    if (std::find(places.begin(), places.end(), place) == places.end()) places.push_back(place);
    e.total += i.total;
  }
  e.items = std::move(items);
  e.locations = std::move(places);
  if (auto why = CheckEstimate(e)) return Fail(ErrorCode::kInvalid, *why, {}, "items");
  e.issued_at = now;
  e.issued_by = who.display_name;
  e.keep_until = date::sys_days{date::year_month_day{DateOf(now)} + date::years{6}};
  if (dry_run) {
    ForViewer(who, e);
    return e;
  }

  e.id = crypto::NewId();
  Contents contents{e.client_name,     e.client_birth_date, e.diagnoses, e.provider_name, e.provider_npi,
                    e.provider_tax_id, e.provider_address,  e.locations, e.items,         e.separately_scheduled};
  auto key = keys_(who.practice_id);
  if (!key) return tl::unexpected(key.error());
  auto sealed = crypto::SealField(*key, codec::ToColumn(contents), Context(e.id));
  if (!sealed) return tl::unexpected(sealed.error());
  auto done = db_.WithWrite([&](db::Connection& c) -> Status {
    auto number = store::NextNumber(c, who.practice_id, now);
    if (!number) return tl::unexpected(number.error());
    e.number = std::move(*number);
    // The client's earlier estimate for an overlapping period is replaced by this one.
    auto earlier = store::List(c, who.practice_id, client->id);
    if (!earlier) return tl::unexpected(earlier.error());
    for (const auto& old : *earlier)
      if (old.head.status == EstimateStatus::kIssued && old.head.period_from <= e.period_to &&
          e.period_from <= old.head.period_to) {
        if (auto m = store::MarkSuperseded(c, who.practice_id, old.head.id); !m) return m;
        if (e.supersedes.empty()) e.supersedes = old.head.id;
      }
    if (auto in = store::Insert(c, who.practice_id, {e, *sealed}); !in) return in;
    auto event =
        audit::ByPrincipal(who, "gfe.issue", "good_faith_estimate", e.id, origin.ip, origin.request_id, client->id);
    event.detail = e.number;
    return audit::Append(c, event, now);
  });
  if (!done) return tl::unexpected(done.error());
  ForViewer(who, e);
  return e;
}

Result<EstimateRequest> Service::Ask(const Principal& who, const AskRequest& r, const Origin& origin) {
  if (auto k = directory_.ClientForBilling(who.practice_id, r.client_id); !k) {
    if (k.error().code == ErrorCode::kNotFound)
      return Fail(ErrorCode::kInvalid, "Choose a client of this practice.", {}, "client_id");
    return tl::unexpected(k.error());
  }
  const EpochSeconds now = clock_.Now();
  EstimateRequest out{crypto::NewId(), r.client_id, now, who.display_name};
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto in = store::InsertRequest(c, who.practice_id, out); !in) return in;
    return audit::Append(
        c, audit::ByPrincipal(who, "gfe.request", "client", r.client_id, origin.ip, origin.request_id, r.client_id),
        now);
  });
  if (!st) return tl::unexpected(st.error());
  return out;
}

Result<std::string> Service::Render(const EstimateView& e) {
  using pdf::Block;
  using pdf::Style;
  std::vector<Block> b;
  b.push_back({Style::kTitle, "Good Faith Estimate " + e.number});
  b.push_back({Style::kSmall, "Issued " + FormatDate(DateOf(e.issued_at)) + " by " + e.issued_by +
                                  ". Covers services from " + FormatDate(e.period_from) + " to " +
                                  FormatDate(e.period_to) + "."});
  b.push_back({Style::kHeading, "Patient"});
  b.push_back({Style::kText, e.client_name + " · date of birth " + e.client_birth_date});
  b.push_back(
      {Style::kText, "Diagnosis codes (ICD-10-CM): " + (e.diagnoses.empty() ? std::string("none known yet") : [&] {
                       std::string s;
                       for (const auto& d : e.diagnoses) s += (s.empty() ? "" : "; ") + d;
                       return s;
                     }())});
  b.push_back({Style::kHeading, "Provider"});
  b.push_back({Style::kText, e.provider_name + "\n" + e.provider_address + "\nNPI " + e.provider_npi + " · TIN " +
                                 e.provider_tax_id});
  b.push_back({Style::kSubheading, "Where services are furnished"});
  std::string where;
  for (const auto& l : e.locations) where += (where.empty() ? "" : "\n") + l;
  b.push_back({Style::kText, where});
  b.push_back({Style::kHeading, "Expected items and services"});
  for (const auto& i : e.items)
    b.push_back({Style::kText, i.description + "\n" + i.provider_name + " · NPI " + i.npi + " · " +
                                   std::to_string(i.quantity) + " × " + FormatDollars(i.unit_fee) + " = " +
                                   FormatDollars(i.total)});
  b.push_back({Style::kSubheading, "Total estimated charges: " + FormatDollars(e.total)});
  b.push_back({Style::kHeading, "Items or services to be scheduled separately"});
  b.push_back({Style::kText,
               e.separately_scheduled.empty() ? std::string("None expected at this time.") : e.separately_scheduled});
  b.push_back({Style::kHeading, "Disclaimers"});
  for (const auto& n : Notices()) b.push_back({Style::kText, n});
  return pdf::Render(b, e.provider_name + " · Good Faith Estimate " + e.number);
}

Result<std::string> Service::Pdf(const Principal& who, const std::string& id, const Origin& origin) {
  auto e = Read(who, id, origin);
  if (!e) return tl::unexpected(e.error());
  return Render(*e);
}

Result<std::vector<EstimateView>> Service::Mine(const Principal& who, const Origin& origin) {
  auto self = directory_.PortalClient(who, practice::PortalArea::kBills);
  if (!self) {
    if (self.error().code == ErrorCode::kNotFound) return std::vector<EstimateView>();
    return tl::unexpected(self.error());
  }
  const practice::Client* client = &self->client;
  auto rows = db_.Read([&](db::Connection& c) { return store::List(c, who.practice_id, client->id); });
  if (!rows) return tl::unexpected(rows.error());
  std::vector<EstimateView> out;
  for (const auto& r : *rows) {
    if (r.head.status != EstimateStatus::kIssued) continue;
    auto e = Load(who.practice_id, r, false);
    if (!e) return tl::unexpected(e.error());
    out.push_back(std::move(*e));
  }
  if (auto a = audit::AppendNow(
          db_, audit::ByPrincipal(who, "gfe.list", "client", client->id, origin.ip, origin.request_id, client->id),
          clock_.Now());
      !a)
    return tl::unexpected(a.error());
  return out;
}

Result<std::string> Service::MyPdf(const Principal& who, const std::string& id, const Origin& origin) {
  auto self = directory_.PortalClient(who, practice::PortalArea::kBills);
  if (!self) return tl::unexpected(self.error());
  auto row = db_.Read([&](db::Connection& c) { return store::Find(c, who.practice_id, id); });
  if (!row) return tl::unexpected(row.error());
  if (!*row || (*row)->head.client_id != self->client.id)
    return Fail(ErrorCode::kNotFound, "There is no such estimate.");
  auto e = Load(who.practice_id, **row, false);
  if (!e) return tl::unexpected(e.error());
  if (auto a = audit::AppendNow(
          db_,
          audit::ByPrincipal(who, "gfe.read", "good_faith_estimate", id, origin.ip, origin.request_id, self->client.id),
          clock_.Now());
      !a)
    return tl::unexpected(a.error());
  return Render(*e);
}

}  // namespace duet::estimates
