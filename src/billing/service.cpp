#include "billing/service.hpp"

#include "billing/rules.hpp"
#include "billing/store.hpp"

#include <nlohmann/json.hpp>
#include "platform/audit.hpp"
#include "platform/crypto.hpp"
#include "platform/log.hpp"
#include "practice/rules.hpp"
#include "scheduling/rules.hpp"

namespace duet::billing {
namespace {

audit::Event AuditFor(const Principal& who, std::string action, const std::string& id, const Origin& origin) {
  return audit::ByPrincipal(who, std::move(action), "payer", id, origin.ip, origin.request_id, {});
}

Status Check(const Payer& p) {
  if (auto issues = ValidatePayer(p); !issues.empty()) return practice::InvalidFields(issues);
  return {};
}

}  // namespace

PayerRules RulesOf(const Payer& p) {
  return {p.pos_style, p.video_modifier, p.audio_modifier, p.unit_method, p.em_basis, p.telehealth_windows, p.name};
}

std::vector<Payer> DefaultPayers() {
  // Claim settings as billing.md describes each kind of payer; the ids are the ones clearinghouses
  // commonly list, to be checked against the practice's own clearinghouse in Settings. Audio-only is
  // 93 and E/M by time for all four.
  auto payer = [](std::string name, std::string id, PosStyle pos, VideoModifier video, UnitMethod units, int filing) {
    Payer p;
    p.name = std::move(name);
    p.payer_id = std::move(id);
    p.pos_style = pos;
    p.video_modifier = video;
    p.unit_method = units;
    p.timely_filing_days = filing;
    return p;
  };
  // Medicare: POS 02/10 carries the modality since 2024 (no modifier); PT/OT/SLP by telehealth only
  // while the flexibilities last.
  Payer medicare =
      payer("Medicare Part B", "MEDICARE-B", PosStyle::kTelehealthPos, VideoModifier::kNone, UnitMethod::kPooled, 365);
  const auto through = ParseDate("2027-12-31");
  medicare.telehealth_windows = {
      {"97", std::nullopt, through, "PT and OT by telehealth: Medicare flexibilities extended through 2027-12-31"},
      {"92", std::nullopt, through, "SLP by telehealth: Medicare flexibilities extended through 2027-12-31"}};
  // Many Medicaid plans want the in-person POS 11 with modifier 95.
  Payer medicaid =
      payer("State Medicaid plan", "MEDICAID", PosStyle::kInPersonPos, VideoModifier::k95, UnitMethod::kPooled, 180);
  Payer aetna = payer("Aetna", "60054", PosStyle::kTelehealthPos, VideoModifier::k95, UnitMethod::kPerCode, 90);
  aetna.city = "Hartford";
  aetna.state = "CT";
  Payer united =
      payer("UnitedHealthcare", "87726", PosStyle::kTelehealthPos, VideoModifier::k95, UnitMethod::kPooled, 90);
  united.state = "MN";
  return {medicare, medicaid, aetna, united};
}

Service::Service(db::Database& db, const Clock& clock, practice::Service& directory, scheduling::Service& scheduling)
    : db_(db), clock_(clock), directory_(directory), scheduling_(scheduling) {}

Status Service::AddDefaultPayers(db::Connection& c, const std::string& practice_id, EpochSeconds now) {
  auto first = store::MarkDefaultsAdded(c, practice_id, now);
  if (!first) return tl::unexpected(first.error());
  if (!*first) return {};
  for (Payer p : DefaultPayers()) {
    p.id = crypto::NewId();
    p.created_at = p.updated_at = now;
    if (auto st = store::InsertPayer(c, practice_id, p); !st) return st;
  }
  return {};
}

Status Service::AddMissingDefaults() {
  auto missing = db_.Read([](db::Connection& c) { return store::PracticesWithoutDefaults(c); });
  if (!missing) return tl::unexpected(missing.error());
  for (const auto& practice_id : *missing) {
    auto st = db_.WithWrite([&](db::Connection& c) { return AddDefaultPayers(c, practice_id, clock_.Now()); });
    if (!st) return st;
  }
  if (!missing->empty())
    log::Event(log::Level::kInfo, "default_payers_added", {{"practices", static_cast<std::int64_t>(missing->size())}});
  return {};
}

Status Service::CheckPolicies(db::Connection& c, const std::string& practice_id,
                              std::vector<practice::InsurancePolicy>& policies) {
  std::vector<practice::FieldIssue> issues;
  for (std::size_t i = 0; i < policies.size(); ++i) {
    auto& policy = policies[i];
    if (policy.payer_ref.empty()) continue;
    auto payer = store::FindPayer(c, practice_id, policy.payer_ref);
    if (!payer) return tl::unexpected(payer.error());
    if (!*payer)
      issues.push_back({"insurance[" + std::to_string(i) + "].payer_ref", "Choose one of this practice's payers."});
    else
      policy.payer = (*payer)->name;
  }
  if (!issues.empty()) return practice::InvalidFields(issues);
  return {};
}

Result<std::vector<Payer>> Service::ListPayers(const Principal& who) {
  return db_.Read([&](db::Connection& c) { return store::ListPayers(c, who.practice_id); });
}

Result<Payer> Service::GetPayer(const Principal& who, const std::string& id) {
  auto p = db_.Read([&](db::Connection& c) { return store::FindPayer(c, who.practice_id, id); });
  if (!p) return tl::unexpected(p.error());
  if (!*p) return Fail(ErrorCode::kNotFound, "There is no such payer in this practice.");
  return **p;
}

Result<Payer> Service::CreatePayer(const Principal& who, Payer p, const Origin& origin) {
  if (auto st = Check(p); !st) return tl::unexpected(st.error());
  EpochSeconds now = clock_.Now();
  p.id = crypto::NewId();
  p.version = 1;
  p.created_at = p.updated_at = now;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto ins = store::InsertPayer(c, who.practice_id, p); !ins) {
      if (ins.error().code == ErrorCode::kConflict)
        return Fail(ErrorCode::kConflict, "This practice already has a payer of that name.", {}, "name");
      return ins;
    }
    return audit::Append(c, AuditFor(who, "payer.create", p.id, origin), now);
  });
  if (!st) return tl::unexpected(st.error());
  return p;
}

Result<Payer> Service::UpdatePayer(const Principal& who, Payer p, const Origin& origin) {
  if (auto st = Check(p); !st) return tl::unexpected(st.error());
  EpochSeconds now = clock_.Now();
  p.updated_at = now;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto current = store::FindPayer(c, who.practice_id, p.id);
    if (!current) return tl::unexpected(current.error());
    if (!*current) return Fail(ErrorCode::kNotFound, "There is no such payer in this practice.");
    p.created_at = (*current)->created_at;
    auto changed = store::UpdatePayer(c, who.practice_id, p);
    if (!changed) {
      if (changed.error().code == ErrorCode::kConflict)
        return Fail(ErrorCode::kConflict, "This practice already has a payer of that name.", {}, "name");
      return tl::unexpected(changed.error());
    }
    if (!*changed)
      return Fail(ErrorCode::kConflict, "Someone changed this payer first: open it again to see their change.", {},
                  "version");
    return audit::Append(c, AuditFor(who, "payer.update", p.id, origin), now);
  });
  if (!st) return tl::unexpected(st.error());
  p.version += 1;
  return p;
}

Result<BillingProvider> Service::GetProvider(const Principal& who) {
  return db_.Read([&](db::Connection& c) { return store::GetProvider(c, who.practice_id); });
}

Result<BillingProvider> Service::PutProvider(const Principal& who, BillingProvider p, const Origin& origin) {
  for (auto* text : {&p.state, &p.taxonomy})
    for (auto& ch : *text) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (auto issues = ValidateBillingProvider(p); !issues.empty()) return practice::InvalidFields(issues);
  EpochSeconds now = clock_.Now();
  p.updated_at = now;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto put = store::PutProvider(c, who.practice_id, p); !put) return put;
    return audit::Append(c,
                         audit::ByPrincipal(who, "billing.provider_update", "practice", who.practice_id, origin.ip,
                                            origin.request_id, {}),
                         now);
  });
  if (!st) return tl::unexpected(st.error());
  return p;
}

Result<std::vector<Enrollment>> Service::Enrollments(const Principal& who, const std::string& clinician_id) {
  auto k = directory_.GetClinician(who, clinician_id);
  if (!k) return tl::unexpected(k.error());
  std::vector<Enrollment> out;
  auto st = db_.WithRead([&](db::Connection& c) -> Status {
    auto payers = store::ListPayers(c, who.practice_id);
    if (!payers) return tl::unexpected(payers.error());
    auto recorded = store::ListEnrollments(c, who.practice_id, clinician_id);
    if (!recorded) return tl::unexpected(recorded.error());
    for (const auto& p : *payers) {
      auto e =
          std::find_if(recorded->begin(), recorded->end(), [&](const Enrollment& x) { return x.payer_ref == p.id; });
      if (e != recorded->end()) {
        out.push_back(*e);
      } else if (p.active) {
        Enrollment none;
        none.clinician_id = clinician_id;
        none.payer_ref = p.id;
        none.payer_name = p.name;
        out.push_back(std::move(none));
      }
    }
    return {};
  });
  if (!st) return tl::unexpected(st.error());
  return out;
}

Result<Enrollment> Service::PutEnrollment(const Principal& who, const std::string& clinician_id,
                                          const std::string& payer_ref, Enrollment e, const Origin& origin) {
  auto k = directory_.GetClinician(who, clinician_id);
  if (!k) return tl::unexpected(k.error());
  if (e.from && e.until && *e.until < *e.from)
    return Fail(ErrorCode::kInvalid, "The last date comes before the first.", {}, "until");
  EpochSeconds now = clock_.Now();
  e.clinician_id = clinician_id;
  e.payer_ref = payer_ref;
  e.updated_at = now;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto payer = store::FindPayer(c, who.practice_id, payer_ref);
    if (!payer) return tl::unexpected(payer.error());
    if (!*payer) return Fail(ErrorCode::kNotFound, "There is no such payer in this practice.");
    e.payer_name = (*payer)->name;
    if (auto put = store::PutEnrollment(c, who.practice_id, e); !put) return put;
    auto event =
        audit::ByPrincipal(who, "payer_enrollment.update", "clinician", clinician_id, origin.ip, origin.request_id, {});
    event.detail = (*payer)->name + ": " + std::string(NameOf(e.status));
    return audit::Append(c, event, now);
  });
  if (!st) return tl::unexpected(st.error());
  return e;
}

Result<std::vector<scheduling::Warning>> Service::NetworkAdvice(const std::string& practice_id,
                                                                const practice::Clinician& clinician,
                                                                const std::vector<practice::Client>& clients, Date on) {
  std::vector<scheduling::Warning> out;
  // Most bookings have no client with a practice payer: no read at all then (booking is a hot path).
  const bool insured = std::any_of(clients.begin(), clients.end(), [](const practice::Client& k) {
    return std::any_of(k.insurance.begin(), k.insurance.end(), [](const practice::InsurancePolicy& p) {
      return p.priority == "primary" && !p.payer_ref.empty();
    });
  });
  if (!insured) return out;
  auto st = db_.WithRead([&](db::Connection& c) -> Status {
    for (const auto& client : clients) {
      auto primary = std::find_if(client.insurance.begin(), client.insurance.end(),
                                  [](const practice::InsurancePolicy& p) { return p.priority == "primary"; });
      if (primary == client.insurance.end() || primary->payer_ref.empty()) continue;
      auto payer = store::FindPayer(c, practice_id, primary->payer_ref);
      if (!payer) return tl::unexpected(payer.error());
      if (!*payer) continue;
      auto enrollment = store::FindEnrollment(c, practice_id, clinician.id, primary->payer_ref);
      if (!enrollment) return tl::unexpected(enrollment.error());
      if (auto why = NotInNetwork(*enrollment, (*payer)->name, on)) {
        out.push_back({"out_of_network", *why});
        break;  // one warning says it; a group's clients usually share it
      }
    }
    return {};
  });
  if (!st) return tl::unexpected(st.error());
  return out;
}

namespace {
Delivery DeliveryOf(std::string_view mode) {
  return mode == "video" ? Delivery::kVideo : mode == "audio" ? Delivery::kAudio : Delivery::kInPerson;
}
Therapy TherapyOf(practice::Discipline d) {
  switch (d) {
    case practice::Discipline::kPhysicalTherapy:
      return Therapy::kPhysical;
    case practice::Discipline::kOccupationalTherapy:
      return Therapy::kOccupational;
    case practice::Discipline::kSpeechLanguagePathology:
      return Therapy::kSpeech;
    default:
      return Therapy::kNone;
  }
}
}  // namespace

Result<std::function<Status(db::Connection&)>> Service::ChargeForSignedNote(const Principal& who,
                                                                            const records::Note& note,
                                                                            EpochSeconds now) {
  if (note.appointment_id.empty()) return std::function<Status(db::Connection&)>();
  const std::string& practice_id = who.practice_id;
  auto visit = scheduling_.FindAppointment(practice_id, note.appointment_id);
  if (!visit) return tl::unexpected(visit.error());
  auto client = directory_.ClientForBilling(practice_id, note.client_id);
  if (!client) return tl::unexpected(client.error());
  auto clinician = directory_.ClinicianById(practice_id, visit->clinician_id);
  if (!clinician) return tl::unexpected(clinician.error());
  auto services = scheduling_.ListServices(who);
  if (!services) return tl::unexpected(services.error());
  auto service = std::find_if(services->begin(), services->end(),
                              [&](const scheduling::ClinicalService& s) { return s.id == visit->service_id; });

  // What happened, from the visit facts the note was started with (the visit clock for video).
  auto facts_json = nlohmann::json::parse(note.visit_json, nullptr, false);
  if (facts_json.is_discarded() || !facts_json.is_object()) facts_json = nlohmann::json::object();
  auto text = [&](const char* k) {
    return facts_json.contains(k) && facts_json[k].is_string() ? facts_json[k].get<std::string>() : std::string();
  };
  VisitFacts v;
  std::vector<std::string> notes;
  v.cpt = service != services->end() ? service->cpt_code : "";
  v.booked = DeliveryOf(scheduling::VisitModeName(visit->mode));
  v.delivered = text("delivered_mode").empty() ? v.booked : DeliveryOf(text("delivered_mode"));
  v.minutes = static_cast<int>((visit->end - visit->start) / 60);
  if (facts_json.contains("minutes") && facts_json["minutes"].is_number_integer())
    v.minutes = facts_json["minutes"].get<int>();
  else if (v.booked != Delivery::kInPerson)
    notes.push_back("The visit clock has no minutes for this visit: the booked length is used.");
  if (v.delivered == Delivery::kAudio && v.booked == Delivery::kVideo) v.audio_minutes = v.minutes;
  if (facts_json.contains("licensure_allowed") && facts_json["licensure_allowed"].is_boolean())
    v.licensed_where_client_was = facts_json["licensure_allowed"].get<bool>();
  if (v.delivered == Delivery::kInPerson) {
    auto places = scheduling_.ListLocations(who);
    bool at_home = false;
    if (places)
      for (const auto& l : *places)
        if (l.id == visit->location_id && l.kind == "client_home") at_home = true;
    v.where = at_home ? ClientLocation::kClientHome : ClientLocation::kOffice;
  } else {
    // Where the client was, as they said when they joined; home when they did not say.
    if (facts_json.contains("client_at_home") && facts_json["client_at_home"].is_boolean()) {
      v.where = facts_json["client_at_home"].get<bool>() ? ClientLocation::kHome : ClientLocation::kElsewhere;
    } else {
      v.where = ClientLocation::kHome;
      notes.push_back("The client did not say whether they were at home: taken as home (POS 10); change it if not.");
    }
  }
  v.date_of_service = scheduling::ToLocal(visit->start, visit->time_zone).date;
  for (const auto& d : client->diagnoses) {
    if (d.primary)
      v.diagnoses.insert(v.diagnoses.begin(), d.code);
    else
      v.diagnoses.push_back(d.code);
  }
  v.therapy = TherapyOf(clinician->discipline);

  Charge charge;
  charge.id = crypto::NewId();
  charge.appointment_id = visit->id;
  charge.client_id = client->id;
  charge.clinician_id = visit->clinician_id;
  charge.note_id = note.id;
  charge.date_of_service = v.date_of_service;
  PayerRules rules;
  std::optional<PolicyShare> share;
  auto primary = std::find_if(client->insurance.begin(), client->insurance.end(),
                              [](const practice::InsurancePolicy& p) { return p.priority == "primary"; });
  if (primary != client->insurance.end()) {
    share = PolicyShare{primary->copay, primary->coinsurance_percent, primary->deductible_remaining};
    charge.payer_name = primary->payer;
    if (!primary->payer_ref.empty()) {
      auto payer = db_.Read([&](db::Connection& c) { return store::FindPayer(c, practice_id, primary->payer_ref); });
      if (!payer) return tl::unexpected(payer.error());
      if (*payer) {
        rules = RulesOf(**payer);
        charge.payer_ref = (*payer)->id;
        charge.payer_name = (*payer)->name;
      }
    }
  }
  Coding coding = CodeVisit(v, rules);
  if (primary != client->insurance.end() && charge.payer_ref.empty())
    coding.problems.push_back({"payer_unknown",
                               "The client's policy names a payer that is not one of the practice's "
                               "payers: choose it on the client's insurance."});
  std::optional<std::int64_t> fee;
  if (service != services->end()) {
    fee = v.delivered == Delivery::kVideo   ? service->fees.video
          : v.delivered == Delivery::kAudio ? service->fees.audio
                                            : service->fees.in_person;
    if (!fee && v.delivered == Delivery::kAudio) fee = service->fees.video;  // audio bills as the video fee
  }
  if (!fee) coding.problems.push_back({"no_fee", "The service has no fee for the way this visit was delivered."});
  charge.fee = fee.value_or(0);
  charge.client_share = ClientShare(charge.fee, share);
  charge.lines = std::move(coding.lines);
  charge.problems = std::move(coding.problems);
  charge.notes = std::move(coding.notes);
  charge.notes.insert(charge.notes.end(), notes.begin(), notes.end());
  charge.status = primary == client->insurance.end() ? ChargeStatus::kSelfPay
                  : charge.problems.empty()          ? ChargeStatus::kReady
                                                     : ChargeStatus::kReview;
  charge.created_at = charge.updated_at = now;
  return std::function<Status(db::Connection&)>([charge = std::move(charge), who, now](db::Connection& c) -> Status {
    auto made = store::InsertCharge(c, who.practice_id, charge);
    if (!made) return tl::unexpected(made.error());
    if (!*made) return {};  // the visit's charge was made before
    return audit::Append(c, audit::ByPrincipal(who, "charge.create", "charge", charge.id, "", "", charge.client_id),
                         now);
  });
}

Result<Charge> Service::UpdateCharge(const Principal& who, const std::string& id, const ChargeUpdate& u,
                                     const Origin& origin) {
  if (u.reason.empty()) return Fail(ErrorCode::kInvalid, "Say why the charge changes.", {}, "reason");
  if (u.status == ChargeStatus::kSelfPay)
    return Fail(ErrorCode::kInvalid, "A charge becomes self-pay from the client's insurance, not by hand.", {},
                "status");
  EpochSeconds now = clock_.Now();
  Charge out;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto found = store::FindCharge(c, who.practice_id, id);
    if (!found) return tl::unexpected(found.error());
    if (!*found) return Fail(ErrorCode::kNotFound, "There is no such charge in this practice.");
    Charge charge = std::move(**found);
    if (charge.status == ChargeStatus::kVoid) return FailRule("charge_closed", "This charge is void.");
    if (charge.version != u.version)
      return Fail(ErrorCode::kConflict, "Someone changed this charge first: open it again to see their change.", {},
                  "version");
    std::vector<std::string> what;
    if (u.lines) {
      std::size_t diagnoses = 0;
      for (const auto& l : charge.lines)
        for (int p : l.diagnosis_pointers) diagnoses = std::max(diagnoses, static_cast<std::size_t>(p));
      if (auto issues = ValidateChargeLines(*u.lines, diagnoses); !issues.empty())
        return practice::InvalidFields(issues);
      charge.lines = *u.lines;
      what.emplace_back("lines");
    }
    if (u.status) {
      charge.status = *u.status;
      what.push_back("status: " + std::string(NameOf(*u.status)));
    }
    if (what.empty()) return Fail(ErrorCode::kInvalid, "Send the corrected lines or a status.", {}, "lines");
    std::string changed;
    for (const auto& w : what) changed += (changed.empty() ? "" : ", ") + w;
    charge.history.push_back({now, who.user_id, who.display_name, changed, u.reason});
    charge.updated_at = now;
    auto ok = store::UpdateCharge(c, who.practice_id, charge);
    if (!ok) return tl::unexpected(ok.error());
    if (!*ok)
      return Fail(ErrorCode::kConflict, "Someone changed this charge first: open it again to see their change.", {},
                  "version");
    charge.version += 1;
    auto event =
        audit::ByPrincipal(who, "charge.update", "charge", charge.id, origin.ip, origin.request_id, charge.client_id);
    event.detail = changed;
    out = std::move(charge);
    return audit::Append(c, event, now);
  });
  if (!st) return tl::unexpected(st.error());
  return out;
}

Result<std::vector<Charge>> Service::ListCharges(const Principal& who, std::optional<ChargeStatus> status,
                                                 const Origin& origin) {
  auto list = db_.Read([&](db::Connection& c) { return store::ListCharges(c, who.practice_id, status, 500); });
  if (!list) return list;
  // Clients' names and codes: one audit event for the list, as for the calendar's.
  auto event = audit::ByPrincipal(who, "charge.list", "charge", std::to_string(list->size()) + " results", origin.ip,
                                  origin.request_id, {});
  if (auto a = audit::AppendNow(db_, event, clock_.Now()); !a) return tl::unexpected(a.error());
  return list;
}

Result<Charge> Service::ChargeForVisit(const Principal& who, const std::string& appointment_id, const Origin& origin) {
  auto charges =
      db_.Read([&](db::Connection& c) { return store::ChargesForVisit(c, who.practice_id, appointment_id); });
  if (!charges) return tl::unexpected(charges.error());
  if (charges->empty()) return Fail(ErrorCode::kNotFound, "This visit has no charge yet: its note is not signed.");
  Charge out = charges->front();
  if (auto a = audit::AppendNow(
          db_, audit::ByPrincipal(who, "charge.read", "charge", out.id, origin.ip, origin.request_id, out.client_id),
          clock_.Now());
      !a)
    return tl::unexpected(a.error());
  return out;
}

Result<Coding> Service::Preview(const Principal& who, const PreviewRequest& r) {
  VisitFacts v;
  v.cpt = r.cpt;
  if (!r.service_id.empty()) {
    auto services = scheduling_.ListServices(who);
    if (!services) return tl::unexpected(services.error());
    auto s = std::find_if(services->begin(), services->end(),
                          [&](const scheduling::ClinicalService& x) { return x.id == r.service_id; });
    if (s == services->end()) return Fail(ErrorCode::kInvalid, "Choose a service of this practice.", {}, "service_id");
    if (v.cpt.empty()) v.cpt = s->cpt_code;
  }
  if (v.cpt.empty()) return Fail(ErrorCode::kInvalid, "Give a service_id or a cpt code.", {}, "cpt");
  PayerRules rules;
  if (!r.payer_id.empty()) {
    auto payer = GetPayer(who, r.payer_id);
    if (!payer) {
      if (payer.error().code == ErrorCode::kNotFound)
        return Fail(ErrorCode::kInvalid, "Choose a payer of this practice.", {}, "payer_id");
      return tl::unexpected(payer.error());
    }
    rules = RulesOf(*payer);
  }
  v.minutes = r.minutes;
  v.booked = r.mode;
  v.delivered = r.delivered_mode.value_or(r.mode);
  v.video_minutes = r.video_minutes;
  v.audio_minutes = r.audio_minutes;
  v.where = r.client_location;
  v.date_of_service = r.date_of_service.value_or(scheduling::ToLocal(clock_.Now(), "UTC").date);
  v.complexity_factor = r.interactive_complexity;
  v.new_patient = r.new_patient;
  v.em_minutes = r.em_minutes;
  v.mdm = r.mdm;
  v.psychotherapy_minutes = r.psychotherapy_minutes;
  v.timed_minutes = r.timed_minutes;
  v.untimed_codes = r.untimed_codes;
  v.therapy = r.discipline;
  v.assistant = r.assistant;
  v.over_therapy_threshold = r.over_therapy_threshold;
  v.diagnoses = r.diagnoses;
  v.diagnoses_known = !r.diagnoses.empty();
  return CodeVisit(v, rules);
}

}  // namespace duet::billing
