#include "billing/service.hpp"

#include "billing/rules.hpp"
#include "billing/rules_x12.hpp"
#include "billing/store.hpp"
#include "ledger/service.hpp"
#include "ledger/store.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>
#include "platform/audit.hpp"
#include "platform/crypto.hpp"
#include "platform/log.hpp"
#include "platform/pdf.hpp"
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
  medicare.filing_indicator = "MB";
  medicare.therapy_threshold = 233000;  // CY2024's $2,330 (billing.md); the owner sets each year's amount
  medicare.telehealth_windows = {
      {"97", std::nullopt, through, "PT and OT by telehealth: Medicare flexibilities extended through 2027-12-31"},
      {"92", std::nullopt, through, "SLP by telehealth: Medicare flexibilities extended through 2027-12-31"}};
  // Many Medicaid plans want the in-person POS 11 with modifier 95.
  Payer medicaid =
      payer("State Medicaid plan", "MEDICAID", PosStyle::kInPersonPos, VideoModifier::k95, UnitMethod::kPooled, 180);
  medicaid.filing_indicator = "MC";
  Payer aetna = payer("Aetna", "60054", PosStyle::kTelehealthPos, VideoModifier::k95, UnitMethod::kPerCode, 90);
  aetna.city = "Hartford";
  aetna.state = "CT";
  Payer united =
      payer("UnitedHealthcare", "87726", PosStyle::kTelehealthPos, VideoModifier::k95, UnitMethod::kPooled, 90);
  united.state = "MN";
  return {medicare, medicaid, aetna, united};
}

namespace {
//! The note's coding facts, from the fields the built-in templates carry for billing (a practice's own
//! template may carry them under the same names): the interactive-complexity factor, the E/M's patient
//! status, time and decision making, psychotherapy minutes with an E/M, the timed rehab codes' minutes
//! (the treatment table's CPT and Minutes columns) and whether an assistant furnished them.
void ReadCodingFacts(const std::string& content_json, VisitFacts& v) {
  auto content = nlohmann::json::parse(content_json, nullptr, false);
  if (!content.is_object()) return;
  auto text = [&](const char* key) {
    auto it = content.find(key);
    return it != content.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  auto number = [&](const char* key) -> std::optional<int> {
    auto it = content.find(key);
    if (it == content.end() || !it->is_number()) return std::nullopt;
    return static_cast<int>(it->get<double>());
  };
  v.complexity_factor = text("coding.complexity");
  v.new_patient = text("coding.patient_status") == "New patient";
  if (auto m = number("coding.em_minutes")) v.em_minutes = *m;
  const std::string mdm = text("coding.mdm");
  if (mdm == "Straightforward") v.mdm = Mdm::kStraightforward;
  if (mdm == "Low") v.mdm = Mdm::kLow;
  if (mdm == "Moderate") v.mdm = Mdm::kModerate;
  if (mdm == "High") v.mdm = Mdm::kHigh;
  if (auto m = number("coding.psychotherapy_minutes")) v.psychotherapy_minutes = *m;
  v.assistant = text("coding.assistant").starts_with("An assistant");
  if (auto rows = content.find("treatment.timed"); rows != content.end() && rows->is_array())
    for (const auto& row : *rows) {
      if (!row.is_array() || row.size() < 3 || !row[1].is_string() || !row[2].is_string()) continue;
      std::string cpt = row[1].get<std::string>();
      int minutes = 0;
      for (char ch : row[2].get<std::string>())
        if (ch >= '0' && ch <= '9') minutes = minutes * 10 + (ch - '0');
      if (cpt.size() == 5 && minutes > 0) v.timed_minutes[cpt] += minutes;
    }
}

}  // namespace

Service::Service(db::Database& db, const Clock& clock, practice::Service& directory, scheduling::Service& scheduling,
                 crypto::KeyFor keys)
    : db_(db), clock_(clock), directory_(directory), scheduling_(scheduling), keys_(std::move(keys)) {}

Status Service::Seal(const std::string& practice_id, const std::string& plain, const std::string& context,
                     std::string& out) {
  auto key = keys_(practice_id);
  if (!key) return tl::unexpected(key.error());
  auto sealed = crypto::SealField(*key, plain, context);
  if (!sealed) return tl::unexpected(sealed.error());
  out = std::move(*sealed);
  return {};
}

Result<std::string> Service::Open(const std::string& practice_id, const std::string& sealed,
                                  const std::string& context) {
  if (sealed.empty()) return std::string();
  auto key = keys_(practice_id);
  if (!key) return tl::unexpected(key.error());
  return crypto::OpenField(*key, sealed, context);
}

Status Service::OpenCharge(const std::string& practice_id, Charge& charge) {
  auto text = Open(practice_id, charge.diagnoses_sealed, "charge-diagnoses:" + charge.id);
  if (!text) return tl::unexpected(text.error());
  charge.diagnoses.clear();
  if (!text->empty()) {
    auto j = nlohmann::json::parse(*text, nullptr, false);
    if (j.is_array())
      for (const auto& d : j)
        if (d.is_string()) charge.diagnoses.push_back(d.get<std::string>());
  }
  charge.diagnoses_sealed.clear();
  return {};
}

Status Service::SealCharge(const std::string& practice_id, Charge& charge) {
  return Seal(practice_id, nlohmann::json(charge.diagnoses).dump(), "charge-diagnoses:" + charge.id,
              charge.diagnoses_sealed);
}

Status Service::OpenClaim(const std::string& practice_id, Claim& claim) {
  auto text = Open(practice_id, claim.detail_sealed, "claim-detail:" + claim.id);
  if (!text) return tl::unexpected(text.error());
  if (!text->empty()) {
    codec::Problems problems;
    auto detail = codec::Decode<ClaimDetail>(*text, problems);
    if (!problems.empty()) return Fail(ErrorCode::kInternal, "A claim could not be read.", "claim detail: bad JSON");
    claim.detail = std::move(detail);
  }
  claim.detail_sealed.clear();
  return {};
}

Status Service::SealClaim(const std::string& practice_id, Claim& claim) {
  return Seal(practice_id, codec::EncodeText(claim.detail), "claim-detail:" + claim.id, claim.detail_sealed);
}

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
  auto visit = scheduling_.FindAppointment(who.practice_id, note.appointment_id);
  if (!visit) return tl::unexpected(visit.error());
  // A case conference is billed only when the practice coded its service (a team conference code).
  if (scheduling::IsConference(*visit)) {
    auto services = scheduling_.ListServices(who);
    if (!services) return tl::unexpected(services.error());
    if (std::none_of(services->begin(), services->end(), [&](const scheduling::ClinicalService& s) {
          return s.id == visit->service_id && !s.cpt_code.empty();
        }))
      return std::function<Status(db::Connection&)>();
  }
  // The joint clinician's note charges their own part: their service and codes, by video into the clinic.
  auto charge = MakeCharge(who, note.joint ? scheduling::JointPart(*visit) : *visit, note.client_id, note.visit_json,
                           note.content_json, note.id, now);
  if (!charge) return tl::unexpected(charge.error());
  return std::function<Status(db::Connection&)>([this, charge = std::move(*charge), who, now](db::Connection& c) {
    return SaveCharge(c, who, charge, now, true);
  });
}

Result<Charge> Service::MakeCharge(const Principal& who, const scheduling::Appointment& visit_ref,
                                   const std::string& client_id, const std::string& visit_json,
                                   const std::string& content_json, const std::string& note_id, EpochSeconds now) {
  const std::string& practice_id = who.practice_id;
  const scheduling::Appointment* visit = &visit_ref;
  auto client = directory_.ClientForBilling(practice_id, client_id);
  if (!client) return tl::unexpected(client.error());
  auto clinician = directory_.ClinicianById(practice_id, visit->clinician_id);
  if (!clinician) return tl::unexpected(clinician.error());
  auto services = scheduling_.ListServices(who);
  if (!services) return tl::unexpected(services.error());
  auto service = std::find_if(services->begin(), services->end(),
                              [&](const scheduling::ClinicalService& s) { return s.id == visit->service_id; });

  // What happened, from the visit facts the note was started with (the visit clock for video).
  auto facts_json = nlohmann::json::parse(visit_json, nullptr, false);
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
  if (facts_json.contains("audio_minutes") && facts_json["audio_minutes"].is_number_integer()) {
    v.audio_minutes = std::min(v.minutes, facts_json["audio_minutes"].get<int>());
    v.video_minutes = v.minutes - v.audio_minutes;
  } else if (v.delivered == Delivery::kAudio && v.booked == Delivery::kVideo) {
    v.audio_minutes = v.minutes;
  }
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
  ReadCodingFacts(content_json, v);

  Charge charge;
  charge.id = crypto::NewId();
  charge.appointment_id = visit->id;
  charge.client_id = client->id;
  charge.clinician_id = visit->clinician_id;
  charge.note_id = note_id;
  charge.date_of_service = v.date_of_service;
  PayerRules rules;
  std::int64_t threshold = 0;  // the payer's yearly therapy threshold (KX)
  std::vector<FeeRow> payer_fees;
  std::optional<PolicyShare> share;
  // A self-pay or uninsured client's visits are never claimed, whatever policies are on file.
  auto primary = practice::PaysSelf(*client)
                     ? client->insurance.end()
                     : std::find_if(client->insurance.begin(), client->insurance.end(),
                                    [](const practice::InsurancePolicy& p) { return p.priority == "primary"; });
  if (primary != client->insurance.end()) {
    share = PolicyShare{primary->copay, primary->coinsurance_percent, primary->deductible_remaining};
    charge.payer_name = primary->payer;
    if (!primary->payer_ref.empty()) {
      auto payer = db_.Read([&](db::Connection& c) { return store::FindPayer(c, practice_id, primary->payer_ref); });
      if (!payer) return tl::unexpected(payer.error());
      if (*payer) {
        rules = RulesOf(**payer);
        threshold = (*payer)->therapy_threshold;
        payer_fees = (*payer)->fee_schedule;
        charge.payer_ref = (*payer)->id;
        charge.payer_name = (*payer)->name;
      }
    }
  }
  // The yearly therapy threshold (KX): this year's PT+SLP (or OT) charges with the payer, and this visit's.
  if (threshold > 0 && v.therapy != Therapy::kNone) {
    const date::year_month_day ymd{v.date_of_service};
    const Date january = date::sys_days{ymd.year() / date::January / 1};
    auto year = db_.Read(
        [&](db::Connection& c) { return store::ClientCharges(c, practice_id, client->id, charge.payer_ref, january); });
    if (!year) return tl::unexpected(year.error());
    const std::int64_t spent = TherapySpend(*year, v.therapy);
    std::optional<std::int64_t> this_fee;
    if (service != services->end())
      this_fee = v.delivered == Delivery::kInPerson ? service->fees.in_person : service->fees.video;
    if (spent + this_fee.value_or(0) > threshold) {
      v.over_therapy_threshold = true;
      notes.push_back("This year's therapy with " + charge.payer_name + " reaches $" +
                      X12Amount(spent + this_fee.value_or(0)) + " with this visit, past the threshold of $" +
                      X12Amount(threshold) + ": KX on every therapy line.");
    }
  }
  Coding coding = CodeVisit(v, rules);
  // A clinician outside the payer's network on the date of service: the claim would be denied.
  if (!charge.payer_ref.empty()) {
    auto enrollment = db_.Read([&](db::Connection& c) {
      return store::FindEnrollment(c, practice_id, visit->clinician_id, charge.payer_ref);
    });
    if (!enrollment) return tl::unexpected(enrollment.error());
    if (auto why = NotInNetwork(*enrollment, charge.payer_name, v.date_of_service))
      coding.problems.push_back({"out_of_network", *why + " Bill the client (out of network) or record the "
                                                          "clinician's credentialing, then mark it ready."});
  }
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
  // Lines of other codes (an add-on, crisis minutes) take the fee of the practice's service of that code.
  std::map<std::string, std::int64_t> fee_by_code;
  for (const auto& x : *services) {
    auto f = v.delivered == Delivery::kInPerson ? x.fees.in_person : x.fees.video;
    if (f && !x.cpt_code.empty() && (service == services->end() || x.id != service->id))
      fee_by_code.emplace(x.cpt_code, *f);
  }
  // The payer's fee schedule, where it has the code, replaces the practice's fee (audio: the video fee);
  // the visit's own line is priced by the code it was coded as (90837 for a visit booked as 90834).
  std::string primary_code = v.cpt;
  if (!coding.lines.empty() &&
      std::none_of(coding.lines.begin(), coding.lines.end(), [&](const ChargeLine& l) { return l.cpt == v.cpt; }))
    primary_code = coding.lines.front().cpt;
  for (const auto& row : payer_fees) {
    auto f = v.delivered == Delivery::kInPerson ? row.in_person : row.video;
    if (!f) continue;
    if (row.cpt == primary_code)
      fee = f;
    else
      fee_by_code[row.cpt] = *f;
  }
  if (!fee) coding.problems.push_back({"no_fee", "The service has no fee for the way this visit was delivered."});
  // A self-pay client on the sliding scale pays their share of every fee.
  if (primary == client->insurance.end() && client->sliding_fee_percent) {
    const int pct = std::clamp(*client->sliding_fee_percent, 1, 100);
    if (fee) fee = *fee * pct / 100;
    for (auto& [_, f] : fee_by_code) f = f * pct / 100;
    notes.push_back("Sliding scale: " + std::to_string(pct) + "% of the practice's fee.");
  }
  PriceLines(coding.lines, v.cpt, fee.value_or(0), fee_by_code, coding.problems);
  charge.fee = 0;
  for (const auto& l : coding.lines) charge.fee += l.amount;
  charge.client_share = ClientShare(charge.fee, share);
  charge.diagnoses = v.diagnoses;
  if (auto sealed = SealCharge(practice_id, charge); !sealed) return tl::unexpected(sealed.error());
  charge.lines = std::move(coding.lines);
  charge.problems = std::move(coding.problems);
  charge.notes = std::move(coding.notes);
  charge.notes.insert(charge.notes.end(), notes.begin(), notes.end());
  charge.status = primary == client->insurance.end() ? ChargeStatus::kSelfPay
                  : charge.problems.empty()          ? ChargeStatus::kReady
                                                     : ChargeStatus::kReview;
  charge.created_at = charge.updated_at = now;
  return charge;
}

Status Service::SaveCharge(db::Connection& c, const Principal& who, const Charge& charge, EpochSeconds now,
                           bool from_note) {
  auto made = store::InsertCharge(c, who.practice_id, charge);
  if (!made) return tl::unexpected(made.error());
  if (*made) {
    // On the books: owed by the payer when the client is insured, else by the client.
    std::string codes;
    for (const auto& l : charge.lines) codes += (codes.empty() ? "" : ", ") + l.cpt;
    if (auto posted = ledger::Service::PostCharge(c, who.practice_id, charge.client_id, charge.id, charge.payer_ref,
                                                  charge.fee, charge.date_of_service, codes, now, who.display_name);
        !posted)
      return posted;
    return audit::Append(c, audit::ByPrincipal(who, "charge.create", "charge", charge.id, "", "", charge.client_id),
                         now);
  }
  // The visit's charge was made before. A charge made when the visit ended is coded again from the
  // signed note (its coding facts) while it is not claimed; otherwise nothing changes.
  if (!from_note) return {};
  auto existing = store::ChargesForVisit(c, who.practice_id, charge.appointment_id);
  if (!existing) return tl::unexpected(existing.error());
  for (Charge before : *existing) {
    if (before.client_id != charge.client_id || before.clinician_id != charge.clinician_id || !before.note_id.empty())
      continue;
    if (before.status != ChargeStatus::kReview && before.status != ChargeStatus::kReady &&
        before.status != ChargeStatus::kSelfPay)
      continue;
    if (before.lines.empty()) continue;  // a late-cancellation or no-show fee
    Charge after = charge;
    after.id = before.id;
    if (auto sealed = SealCharge(who.practice_id, after); !sealed) return sealed;  // sealed under its id
    after.version = before.version;
    after.created_at = before.created_at;
    after.history = before.history;
    after.payer_paid = before.payer_paid;
    after.history.push_back({now, who.user_id, who.display_name, "lines, status: " + std::string(NameOf(after.status)),
                             "Coded again from the signed note"});
    auto ok = store::UpdateCharge(c, who.practice_id, after);
    if (!ok) return tl::unexpected(ok.error());
    if (!*ok) return Fail(ErrorCode::kConflict, "The visit's charge changed meanwhile: sign again.");
    if (after.fee != before.fee)
      if (auto posted = ledger::Service::PostCharge(c, who.practice_id, after.client_id, after.id, after.payer_ref,
                                                    after.fee - before.fee, after.date_of_service,
                                                    "Coded from the signed note", now, who.display_name);
          !posted)
        return posted;
    auto event = audit::ByPrincipal(who, "charge.update", "charge", after.id, "", "", after.client_id);
    event.detail = "coded from the signed note";
    return audit::Append(c, event, now);
  }
  return {};
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
    if (charge.status == ChargeStatus::kClaimed)
      return FailRule("charge_claimed",
                      "This charge is claimed: correct it with a replacement claim from the claim's page.");
    if (charge.version != u.version)
      return Fail(ErrorCode::kConflict, "Someone changed this charge first: open it again to see their change.", {},
                  "version");
    std::vector<std::string> what;
    if (auto opened = OpenCharge(who.practice_id, charge); !opened) return opened;
    const std::int64_t fee_before = charge.fee;
    if (u.lines) {
      std::size_t diagnoses = charge.diagnoses.size();
      if (diagnoses == 0)  // charges made before their diagnoses were kept
        for (const auto& l : charge.lines)
          for (int p : l.diagnosis_pointers) diagnoses = std::max(diagnoses, static_cast<std::size_t>(p));
      if (auto issues = ValidateChargeLines(*u.lines, diagnoses); !issues.empty())
        return practice::InvalidFields(issues);
      charge.lines = *u.lines;
      charge.fee = 0;
      for (const auto& l : charge.lines) charge.fee += l.amount;
      charge.client_share = std::min(charge.client_share, charge.fee);
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
    if (auto sealed = SealCharge(who.practice_id, charge); !sealed) return sealed;
    auto ok = store::UpdateCharge(c, who.practice_id, charge);
    if (!ok) return tl::unexpected(ok.error());
    if (!*ok)
      return Fail(ErrorCode::kConflict, "Someone changed this charge first: open it again to see their change.", {},
                  "version");
    charge.version += 1;
    charge.diagnoses_sealed.clear();
    // The books follow: a corrected fee as a charge correction, a void as reversals.
    if (charge.status == ChargeStatus::kVoid) {
      if (auto v = ledger::Service::VoidCharge(c, who.practice_id, charge.client_id, charge.id, u.reason, now,
                                               who.display_name);
          !v)
        return v;
    } else if (charge.fee != fee_before) {
      if (auto v = ledger::Service::PostCharge(c, who.practice_id, charge.client_id, charge.id, charge.payer_ref,
                                               charge.fee - fee_before, charge.date_of_service,
                                               "Corrected: " + u.reason, now, who.display_name);
          !v)
        return v;
    }
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
  for (auto& charge : *list)
    if (auto opened = OpenCharge(who.practice_id, charge); !opened) return tl::unexpected(opened.error());
  // Clients' names and codes: one audit event for the list, as for the calendar's.
  auto event = audit::ByPrincipal(who, "charge.list", "charge", std::to_string(list->size()) + " results", origin.ip,
                                  origin.request_id, {});
  if (auto a = audit::AppendNow(db_, event, clock_.Now()); !a) return tl::unexpected(a.error());
  return list;
}

Result<Charge> Service::ChargeForVisit(const Principal& who, const std::string& appointment_id, const Origin& origin,
                                       const std::string& clinician_id) {
  auto charges =
      db_.Read([&](db::Connection& c) { return store::ChargesForVisit(c, who.practice_id, appointment_id); });
  if (!charges) return tl::unexpected(charges.error());
  // A joint visit has a charge per rendering clinician: the visit's own unless another is asked for.
  std::string whose = clinician_id;
  if (whose.empty()) {
    auto visit = scheduling_.FindAppointment(who.practice_id, appointment_id);
    if (visit) whose = visit->clinician_id;
  }
  std::erase_if(*charges, [&](const Charge& c) { return !whose.empty() && c.clinician_id != whose; });
  if (charges->empty()) return Fail(ErrorCode::kNotFound, "This visit has no charge yet: its note is not signed.");
  Charge out = charges->front();
  if (auto opened = OpenCharge(who.practice_id, out); !opened) return tl::unexpected(opened.error());
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

// ---------------------------------------------------------------------------------------------------
// Claims

namespace duet::billing {
namespace {

ClaimPerson PersonOfClient(const practice::Client& k) {
  ClaimPerson p;
  p.given_name = k.given_name;
  p.family_name = k.family_name;
  p.birth_date = k.birth_date;
  p.address_line = k.address.line1;
  p.city = k.address.city;
  p.state = k.address.state;
  p.postal_code = k.address.postal_code;
  return p;
}

std::vector<ClaimLine> ClaimLinesOf(const std::vector<ChargeLine>& lines) {
  std::vector<ClaimLine> out;
  out.reserve(lines.size());
  for (const auto& l : lines) {
    ClaimLine c;
    c.cpt = l.cpt;
    c.modifiers = l.modifiers;
    c.units = l.units;
    c.amount = l.amount;
    c.pos = l.pos;
    c.diagnosis_pointers = l.diagnosis_pointers;
    c.explanation = l.explanation;
    out.push_back(std::move(c));
  }
  return out;
}

std::int64_t Total(const std::vector<ClaimLine>& lines) {
  std::int64_t out = 0;
  for (const auto& l : lines) out += l.amount;
  return out;
}

std::string ClaimNumber(std::int64_t n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "DU%08lld", static_cast<long long>(n));
  return buf;
}

}  // namespace

Result<Claim> Service::DraftClaim(const std::string& practice_id, const Charge& charge) {
  auto client = directory_.ClientForBilling(practice_id, charge.client_id);
  if (!client) return tl::unexpected(client.error());
  auto clinician = directory_.ClinicianById(practice_id, charge.clinician_id);
  if (!clinician) return tl::unexpected(clinician.error());
  auto payer = db_.Read([&](db::Connection& c) { return store::FindPayer(c, practice_id, charge.payer_ref); });
  if (!payer) return tl::unexpected(payer.error());
  if (!*payer) return FailRule("claim_payer", "The charge's payer is not one of the practice's payers.");
  auto policy = std::find_if(client->insurance.begin(), client->insurance.end(),
                             [&](const practice::InsurancePolicy& p) { return p.payer_ref == charge.payer_ref; });
  if (policy == client->insurance.end())
    return FailRule("claim_policy", "The client no longer has a policy with the charge's payer.");

  Claim claim;
  claim.id = crypto::NewId();
  claim.charge_id = charge.id;
  claim.appointment_id = charge.appointment_id;
  claim.client_id = charge.client_id;
  claim.client_name = client->given_name + " " + client->family_name;
  claim.clinician_id = charge.clinician_id;
  claim.payer_ref = charge.payer_ref;
  claim.payer_name = (*payer)->name;
  claim.date_of_service = charge.date_of_service;
  claim.lines = ClaimLinesOf(charge.lines);
  claim.total = Total(claim.lines);
  ClaimDetail& d = claim.detail;
  d.payer_name = (*payer)->name;
  d.payer_id = (*payer)->payer_id;
  d.filing_indicator = (*payer)->filing_indicator;
  d.priority = policy->priority == "secondary" ? "S" : policy->priority == "tertiary" ? "T" : "P";
  d.group_number = policy->group_number;
  d.relationship = policy->subscriber_relationship.empty() ? "self" : policy->subscriber_relationship;
  if (d.relationship == "self") {
    d.subscriber = PersonOfClient(*client);
  } else {
    d.patient = PersonOfClient(*client);
    const auto& name = policy->subscriber_name;
    auto space = name.find_last_of(' ');
    d.subscriber.given_name = space == std::string::npos ? std::string() : name.substr(0, space);
    d.subscriber.family_name = space == std::string::npos ? name : name.substr(space + 1);
    d.subscriber.birth_date = policy->subscriber_birth_date;
    d.subscriber.sex = policy->subscriber_sex.empty() ? "U" : policy->subscriber_sex;
    d.subscriber.address_line = client->address.line1;  // a dependant lives with the subscriber, as a rule
    d.subscriber.city = client->address.city;
    d.subscriber.state = client->address.state;
    d.subscriber.postal_code = client->address.postal_code;
  }
  d.subscriber.member_id = policy->member_id;
  d.rendering_given_name = clinician->given_name;
  d.rendering_family_name = clinician->family_name;
  d.rendering_npi = clinician->npi;
  d.rendering_taxonomy = clinician->taxonomy_code;
  d.diagnoses = charge.diagnoses;
  d.pos = claim.lines.empty() ? "11" : claim.lines.front().pos;
  return claim;
}

Result<ClaimBatch> Service::CreateBatch(const Principal& who, const BatchRequest& request, const Origin& origin) {
  const std::string& practice_id = who.practice_id;
  if (request.charge_ids.empty() && request.claim_ids.empty())
    return Fail(ErrorCode::kInvalid, "Choose at least one charge to claim.", {}, "charge_ids");
  auto provider = db_.Read([&](db::Connection& c) { return store::GetProvider(c, practice_id); });
  if (!provider) return tl::unexpected(provider.error());
  // The claims as they will be, read first (other modules read through their own services).
  std::vector<Claim> claims;
  std::vector<Charge> charges;
  std::set<std::string> seen;
  // The chosen charges in one read, in the order chosen.
  std::vector<std::string> ids;
  for (const auto& id : request.charge_ids)
    if (seen.insert(id).second) ids.push_back(id);
  auto chosen = db_.Read([&](db::Connection& c) { return store::FindChargesByIds(c, practice_id, ids); });
  if (!chosen) return tl::unexpected(chosen.error());
  for (const auto& id : ids) {
    auto found = std::find_if(chosen->begin(), chosen->end(), [&](const Charge& h) { return h.id == id; });
    if (found == chosen->end())
      return Fail(ErrorCode::kInvalid, "A chosen charge is not one of this practice's.", {}, "charge_ids");
    Charge charge = std::move(*found);
    // Dates and states only: no client data in a problem.
    if (charge.status != ChargeStatus::kReady)
      return FailRule("charge_not_ready", "A chosen charge (date of service " + FormatDate(charge.date_of_service) +
                                              ") is " + std::string(NameOf(charge.status)) + ", not ready to claim.");
    if (auto opened = OpenCharge(practice_id, charge); !opened) return tl::unexpected(opened.error());
    auto claim = DraftClaim(practice_id, charge);
    if (!claim) return tl::unexpected(claim.error());
    claims.push_back(std::move(*claim));
    charges.push_back(std::move(charge));
  }
  for (const auto& id : request.claim_ids) {
    if (!seen.insert(id).second) continue;
    auto found = db_.Read([&](db::Connection& c) { return store::FindClaim(c, practice_id, id); });
    if (!found) return tl::unexpected(found.error());
    if (!*found) return Fail(ErrorCode::kInvalid, "A chosen claim is not one of this practice's.", {}, "claim_ids");
    if ((*found)->status != ClaimStatus::kDraft)
      return FailRule("claim_not_draft",
                      "Claim " + (*found)->number + " is not a draft: it was put in a batch before.");
    if (auto opened = OpenClaim(practice_id, **found); !opened) return tl::unexpected(opened.error());
    claims.push_back(std::move(**found));
  }
  Interchange envelope{provider->submitter_id, provider->receiver_id, provider->receiver_name, 1,
                       clock_.Now(),           provider->test_files};
  if (auto problems = ClaimFileProblems(envelope, *provider, claims); !problems.empty()) {
    std::string message = problems.front();
    for (std::size_t i = 1; i < problems.size() && i < 5; ++i) message += " " + problems[i];
    return FailRule("claim_file", message);
  }

  const EpochSeconds now = clock_.Now();
  ClaimBatch batch;
  batch.id = crypto::NewId();
  batch.created_by_name = who.display_name;
  batch.created_at = now;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    std::size_t fresh = charges.size();
    auto numbers = store::TakeNumbers(c, practice_id, fresh);
    if (!numbers) return tl::unexpected(numbers.error());
    batch.control_number = numbers->second;
    envelope.control_number = numbers->second;
    for (std::size_t i = 0; i < charges.size(); ++i) {
      Claim& claim = claims[i];
      claim.number = ClaimNumber(numbers->first + static_cast<std::int64_t>(i));
      Charge& charge = charges[i];
      charge.status = ChargeStatus::kClaimed;
      charge.history.push_back({now, who.user_id, who.display_name, "status: claimed", "Claim " + claim.number});
      charge.updated_at = now;
      if (auto sealed = SealCharge(practice_id, charge); !sealed) return sealed;
      auto ok = store::UpdateCharge(c, practice_id, charge);
      if (!ok) return tl::unexpected(ok.error());
      if (!*ok) return Fail(ErrorCode::kConflict, "Someone changed a chosen charge first: choose again.");
    }
    batch.total = 0;
    for (auto& claim : claims) {
      claim.batch_id = batch.id;
      claim.status = ClaimStatus::kReady;
      claim.history.push_back({now, who.display_name, ClaimStatus::kReady,
                               "In file " + std::to_string(batch.control_number) + ", to send"});
      claim.created_at = claim.created_at == 0 ? now : claim.created_at;
      claim.updated_at = now;
      batch.claim_ids.push_back(claim.id);
      batch.total += claim.total;
    }
    std::string file = Write837P(envelope, *provider, claims);
    std::string sealed_file;
    if (auto sealed = Seal(practice_id, file, "claim-file:" + batch.id, sealed_file); !sealed) return sealed;
    if (auto in = store::InsertBatch(c, practice_id, batch, sealed_file); !in) return in;
    for (std::size_t i = 0; i < claims.size(); ++i) {
      Claim& claim = claims[i];
      if (auto sealed = SealClaim(practice_id, claim); !sealed) return sealed;
      if (i < charges.size()) {
        if (auto in = store::InsertClaim(c, practice_id, claim); !in) return in;
      } else {
        auto ok = store::UpdateClaim(c, practice_id, claim);
        if (!ok) return tl::unexpected(ok.error());
        if (!*ok) return Fail(ErrorCode::kConflict, "Someone changed a chosen claim first: choose again.");
        claim.version += 1;
      }
      auto event =
          audit::ByPrincipal(who, "claim.create", "claim", claim.id, origin.ip, origin.request_id, claim.client_id);
      event.detail = "batch " + std::to_string(batch.control_number);
      if (auto a = audit::Append(c, event, now); !a) return a;
    }
    return {};
  });
  if (!st) return tl::unexpected(st.error());
  return batch;
}

Result<std::vector<ClaimBatch>> Service::ListBatches(const Principal& who) {
  return db_.Read([&](db::Connection& c) { return store::ListBatches(c, who.practice_id, 200); });
}

Result<std::string> Service::BatchFile(const Principal& who, const std::string& id, const Origin& origin) {
  auto found = db_.Read([&](db::Connection& c) { return store::FindBatch(c, who.practice_id, id); });
  if (!found) return tl::unexpected(found.error());
  if (!*found) return Fail(ErrorCode::kNotFound, "There is no such claim file in this practice.");
  auto file = Open(who.practice_id, (*found)->second, "claim-file:" + id);
  if (!file) return tl::unexpected(file.error());
  if (auto a = audit::AppendNow(
          db_, audit::ByPrincipal(who, "claim.file.read", "claim_batch", id, origin.ip, origin.request_id, {}),
          clock_.Now());
      !a)
    return tl::unexpected(a.error());
  return file;
}

Result<ClaimBatch> Service::MarkBatchSent(const Principal& who, const std::string& id, const Origin& origin) {
  const EpochSeconds now = clock_.Now();
  ClaimBatch out;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto found = store::FindBatch(c, who.practice_id, id);
    if (!found) return tl::unexpected(found.error());
    if (!*found) return Fail(ErrorCode::kNotFound, "There is no such claim file in this practice.");
    out = (*found)->first;
    auto marked = store::MarkBatchSent(c, who.practice_id, id, now);
    if (!marked) return tl::unexpected(marked.error());
    if (!*marked) return FailRule("batch_sent", "This file was marked sent before.");
    out.sent_at = now;
    for (const auto& claim_id : out.claim_ids) {
      auto claim = store::FindClaim(c, who.practice_id, claim_id);
      if (!claim) return tl::unexpected(claim.error());
      if (!*claim || (*claim)->status != ClaimStatus::kReady) continue;
      Claim m = std::move(**claim);
      m.status = ClaimStatus::kSent;
      m.history.push_back({now, who.display_name, ClaimStatus::kSent, "Sent to the clearinghouse"});
      m.updated_at = now;
      auto ok = store::UpdateClaim(c, who.practice_id, m);
      if (!ok) return tl::unexpected(ok.error());
    }
    return audit::Append(
        c, audit::ByPrincipal(who, "claim.file.sent", "claim_batch", id, origin.ip, origin.request_id, {}), now);
  });
  if (!st) return tl::unexpected(st.error());
  return out;
}

Result<std::vector<Claim>> Service::ListClaims(const Principal& who, std::optional<ClaimStatus> status,
                                               const Origin& origin) {
  auto list = db_.Read([&](db::Connection& c) { return store::ListClaims(c, who.practice_id, status, 500); });
  if (!list) return list;
  for (auto& claim : *list) {
    claim.detail_sealed.clear();
    claim.detail = {};
  }
  auto event = audit::ByPrincipal(who, "claim.list", "claim", std::to_string(list->size()) + " results", origin.ip,
                                  origin.request_id, {});
  if (auto a = audit::AppendNow(db_, event, clock_.Now()); !a) return tl::unexpected(a.error());
  return list;
}

Result<Claim> Service::GetClaim(const Principal& who, const std::string& id, const Origin& origin) {
  auto found = db_.Read([&](db::Connection& c) { return store::FindClaim(c, who.practice_id, id); });
  if (!found) return tl::unexpected(found.error());
  if (!*found) return Fail(ErrorCode::kNotFound, "There is no such claim in this practice.");
  Claim out = std::move(**found);
  if (auto opened = OpenClaim(who.practice_id, out); !opened) return tl::unexpected(opened.error());
  if (auto a = audit::AppendNow(
          db_, audit::ByPrincipal(who, "claim.read", "claim", out.id, origin.ip, origin.request_id, out.client_id),
          clock_.Now());
      !a)
    return tl::unexpected(a.error());
  return out;
}

Result<Claim> Service::SetClaimStatus(const Principal& who, const std::string& id, const ClaimStatusChange& change,
                                      const Origin& origin) {
  if (change.status != ClaimStatus::kAccepted && change.status != ClaimStatus::kRejected)
    return Fail(ErrorCode::kInvalid,
                "Only accepted or rejected are entered by hand; payments come from the payer's remittance.", {},
                "status");
  if (change.status == ClaimStatus::kRejected && change.reason.empty())
    return Fail(ErrorCode::kInvalid, "Say why the claim was rejected (the clearinghouse's words).", {}, "reason");
  const EpochSeconds now = clock_.Now();
  Claim out;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto found = store::FindClaim(c, who.practice_id, id);
    if (!found) return tl::unexpected(found.error());
    if (!*found) return Fail(ErrorCode::kNotFound, "There is no such claim in this practice.");
    Claim claim = std::move(**found);
    if (claim.version != change.version)
      return Fail(ErrorCode::kConflict, "Someone changed this claim first: open it again.", {}, "version");
    if (!MayMove(claim.status, change.status))
      return FailRule("claim_status", "A claim that is " + std::string(NameOf(claim.status)) + " cannot become " +
                                          std::string(NameOf(change.status)) + ".");
    claim.status = change.status;
    claim.history.push_back({now, who.display_name, change.status, change.reason});
    if (change.status == ClaimStatus::kRejected) claim.denial_reasons = {change.reason};
    claim.updated_at = now;
    auto ok = store::UpdateClaim(c, who.practice_id, claim);
    if (!ok) return tl::unexpected(ok.error());
    if (!*ok) return Fail(ErrorCode::kConflict, "Someone changed this claim first: open it again.", {}, "version");
    claim.version += 1;
    out = std::move(claim);
    auto event = audit::ByPrincipal(who, "claim.status", "claim", out.id, origin.ip, origin.request_id, out.client_id);
    event.detail = std::string(NameOf(change.status));
    return audit::Append(c, event, now);
  });
  if (!st) return tl::unexpected(st.error());
  if (auto opened = OpenClaim(who.practice_id, out); !opened) return tl::unexpected(opened.error());
  return out;
}

Result<Claim> Service::CorrectClaim(const Principal& who, const std::string& id, const ClaimCorrection& correction,
                                    bool void_it, const Origin& origin) {
  if (correction.reason.empty()) return Fail(ErrorCode::kInvalid, "Say why the claim is corrected.", {}, "reason");
  const std::string& practice_id = who.practice_id;
  auto found = db_.Read([&](db::Connection& c) { return store::FindClaim(c, practice_id, id); });
  if (!found) return tl::unexpected(found.error());
  if (!*found) return Fail(ErrorCode::kNotFound, "There is no such claim in this practice.");
  Claim original = std::move(**found);
  if (auto opened = OpenClaim(practice_id, original); !opened) return tl::unexpected(opened.error());
  if (!MayMove(original.status, ClaimStatus::kResubmitted))
    return FailRule("claim_status", "A claim that is " + std::string(NameOf(original.status)) +
                                        " cannot be corrected yet: wait for the payer's answer.");
  // Rejected before the payer adjudicated it: a new original. Otherwise a replacement or void that
  // names the payer's claim number.
  const bool payer_saw_it = original.status != ClaimStatus::kRejected;
  if (payer_saw_it && original.payer_claim_number.empty())
    return FailRule("claim_number_missing",
                    "The payer's claim number is not known yet (it comes with the remittance).");
  if (void_it && !payer_saw_it)
    return FailRule("claim_status", "A rejected claim never reached the payer: there is nothing to void.");
  Claim draft = original;
  draft.id = crypto::NewId();
  draft.batch_id.clear();
  draft.status = ClaimStatus::kDraft;
  draft.frequency = void_it ? "8" : payer_saw_it ? "7" : "1";
  draft.original_claim_id = original.id;
  draft.payer_claim_number = payer_saw_it ? original.payer_claim_number : "";
  draft.paid = draft.patient_responsibility = 0;
  draft.adjustments.clear();
  draft.denial_reasons.clear();
  draft.history.clear();
  draft.version = 1;
  if (correction.lines && !void_it) {
    if (auto issues = ValidateChargeLines(*correction.lines, draft.detail.diagnoses.size()); !issues.empty())
      return practice::InvalidFields(issues);
    draft.lines = ClaimLinesOf(*correction.lines);
  } else {
    for (auto& l : draft.lines) {
      l.paid = 0;
      l.adjustments.clear();
    }
  }
  draft.total = Total(draft.lines);
  const EpochSeconds now = clock_.Now();
  draft.created_at = draft.updated_at = now;
  draft.history.push_back({now, who.display_name, ClaimStatus::kDraft,
                           std::string(void_it        ? "Void"
                                       : payer_saw_it ? "Replacement"
                                                      : "New claim") +
                               " of " + original.number + ": " + correction.reason});
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto numbers = store::TakeNumbers(c, practice_id, 1);
    if (!numbers) return tl::unexpected(numbers.error());
    draft.number = ClaimNumber(numbers->first);
    original.status = ClaimStatus::kResubmitted;
    original.history.push_back({now, who.display_name, ClaimStatus::kResubmitted,
                                (void_it ? "Voided by " : "Corrected by ") + draft.number + ": " + correction.reason});
    original.updated_at = now;
    if (auto sealed = SealClaim(practice_id, original); !sealed) return sealed;
    auto ok = store::UpdateClaim(c, practice_id, original);
    if (!ok) return tl::unexpected(ok.error());
    if (!*ok) return Fail(ErrorCode::kConflict, "Someone changed this claim first: open it again.");
    if (auto sealed = SealClaim(practice_id, draft); !sealed) return sealed;
    if (auto in = store::InsertClaim(c, practice_id, draft); !in) return in;
    if (correction.lines && !void_it) {
      // The charge follows the corrected lines.
      auto charge = store::FindCharge(c, practice_id, draft.charge_id);
      if (!charge) return tl::unexpected(charge.error());
      if (*charge) {
        Charge h = std::move(**charge);
        if (draft.total != h.fee)
          if (auto v = ledger::Service::PostCharge(c, practice_id, h.client_id, h.id, h.payer_ref, draft.total - h.fee,
                                                   h.date_of_service, "Corrected by claim " + draft.number, now,
                                                   who.display_name);
              !v)
            return v;
        h.lines = *correction.lines;
        h.fee = draft.total;
        h.history.push_back(
            {now, who.user_id, who.display_name, "lines (claim " + draft.number + ")", correction.reason});
        h.updated_at = now;
        auto saved = store::UpdateCharge(c, practice_id, h);
        if (!saved) return tl::unexpected(saved.error());
      }
    }
    auto event = audit::ByPrincipal(who, void_it ? "claim.void" : "claim.replace", "claim", draft.id, origin.ip,
                                    origin.request_id, draft.client_id);
    event.detail = "of " + original.number;
    return audit::Append(c, event, now);
  });
  if (!st) return tl::unexpected(st.error());
  draft.detail_sealed.clear();
  return draft;
}

Result<RemittanceResult> Service::PostRemittance(const Principal& who, std::string_view file, bool dry_run,
                                                 const Origin& origin) {
  const std::string& practice_id = who.practice_id;
  auto remit = Parse835(file);
  if (!remit) {
    const auto& p = remit.error();
    return Fail(ErrorCode::kInvalid,
                "The file is not a valid 835 (segment " + std::to_string(p.segment) + ", " + p.segment_id +
                    "): " + p.reason + " Nothing was posted.",
                {}, "segment " + std::to_string(p.segment));
  }
  const std::string hash = crypto::HashHex(file);
  RemittanceResult out;
  out.dry_run = dry_run;
  out.payer_name = remit->payer_name;
  out.trace_number = remit->trace_number;
  out.paid_on = remit->paid_on;
  out.total_paid = remit->total_paid;
  out.provider_adjustments = remit->provider_adjustments;
  const EpochSeconds now = clock_.Now();
  out.created_at = now;

  // The same work previews (a read) and posts (a write): each claim payment matched, checked, applied.
  // Claims, charges and earlier postings are read in a few statements; claims and charges are written
  // one by one; the postings' markers and the audit events go in a few statements at the end.
  auto work = [&](db::Connection& c, bool write) -> Status {
    auto before = store::FindRemittanceByHash(c, practice_id, hash);
    if (!before) return tl::unexpected(before.error());
    if (*before) {
      out = std::move(**before);
      out.duplicate = true;
      out.dry_run = dry_run;
      return {};
    }
    out.claims.clear();
    out.posted = out.unmatched = 0;
    if (write) out.id = crypto::NewId();
    std::vector<std::string> numbers;
    numbers.reserve(remit->claims.size());
    for (const auto& payment : remit->claims) numbers.push_back(payment.claim_number);
    auto found = store::FindClaimsByNumbers(c, practice_id, numbers);
    if (!found) return tl::unexpected(found.error());
    std::unordered_map<std::string, Claim*> by_number;
    for (auto& claim : *found) by_number.emplace(claim.number, &claim);
    auto earlier = store::PostedPayments(c, practice_id, remit->trace_number);
    if (!earlier) return tl::unexpected(earlier.error());
    std::set<std::pair<std::string, std::string>> posted_before(earlier->begin(), earlier->end());
    std::vector<std::string> charge_ids;
    for (const auto& claim : *found) charge_ids.push_back(claim.charge_id);
    auto charges = write ? store::FindChargesByIds(c, practice_id, charge_ids) : Result<std::vector<Charge>>();
    if (!charges) return tl::unexpected(charges.error());
    std::unordered_map<std::string, Charge*> charge_by_id;
    for (auto& h : *charges) charge_by_id.emplace(h.id, &h);
    std::vector<std::array<std::string, 3>> markers;
    std::vector<audit::Event> events;
    std::vector<const Claim*> changed_claims;
    std::vector<const Charge*> changed_charges;
    std::vector<ledger::Service::Remitted> remitted;

    for (const auto& payment : remit->claims) {
      PostedClaim posted;
      posted.claim_number = payment.claim_number;
      posted.charged = payment.charged;
      posted.paid = payment.paid;
      posted.patient_responsibility = payment.patient_responsibility;
      auto match = by_number.find(payment.claim_number);
      if (match == by_number.end()) {
        posted.status = "unmatched";
        posted.problems.push_back("No claim of this practice has the number " + payment.claim_number + ".");
        ++out.unmatched;
        out.claims.push_back(std::move(posted));
        continue;
      }
      Claim& claim = *match->second;
      posted.claim_id = claim.id;
      posted.client_name = claim.client_name;
      if (!posted_before.insert({payment.claim_number, payment.payer_claim_number}).second) {
        posted.status = "already_posted";
        out.claims.push_back(std::move(posted));
        continue;
      }
      Posting posting = PostingFor(claim, payment);
      for (const auto& a : posting.adjustments) posted.adjustments.push_back(AdjustmentMeaning(a));
      for (const auto& l : posting.lines)
        for (const auto& a : l.adjustments) posted.adjustments.push_back(l.cpt + " — " + AdjustmentMeaning(a));
      posted.problems = posting.problems;
      if (!MayMove(claim.status, posting.status) || payment.status_code == "22" || payment.status_code == "23" ||
          payment.status_code == "25") {
        posted.status = "review";
        if (!MayMove(claim.status, posting.status))
          posted.problems.push_back("The claim is " + std::string(NameOf(claim.status)) +
                                    ": post this payment by hand after checking it.");
        ++out.unmatched;
        out.claims.push_back(std::move(posted));
        continue;
      }
      posted.status = std::string(NameOf(posting.status));
      ++out.posted;
      if (write) {
        claim.status = posting.status;
        claim.lines = std::move(posting.lines);
        claim.adjustments = std::move(posting.adjustments);
        claim.paid = posting.paid;
        claim.patient_responsibility = posting.patient_responsibility;
        claim.denial_reasons = std::move(posting.denial_reasons);
        claim.payer_claim_number = payment.payer_claim_number;
        claim.history.push_back({now, who.display_name, posting.status,
                                 "Remittance " + remit->trace_number + ": paid " + X12Amount(payment.paid) +
                                     ", client owes " + X12Amount(payment.patient_responsibility)});
        claim.updated_at = now;
        if (std::find(changed_claims.begin(), changed_claims.end(), &claim) == changed_claims.end())
          changed_claims.push_back(&claim);
        if (auto h = charge_by_id.find(claim.charge_id); h != charge_by_id.end()) {
          Charge& charge = *h->second;
          charge.payer_paid += payment.paid;
          // The payer's word replaces the policy's estimate of what the client owes.
          charge.client_share = payment.patient_responsibility;
          charge.history.push_back({now, who.user_id, who.display_name,
                                    "remittance: payer paid " + X12Amount(payment.paid) + ", client owes " +
                                        X12Amount(payment.patient_responsibility),
                                    "Remittance " + remit->trace_number});
          charge.updated_at = now;
          if (std::find(changed_charges.begin(), changed_charges.end(), &charge) == changed_charges.end())
            changed_charges.push_back(&charge);
          // On the books: the payer's payment and adjustments, and the client's part moved to the client.
          remitted.push_back({charge.client_id, charge.id, claim.payer_ref, payment.paid,
                              payment.charged - payment.paid - payment.patient_responsibility,
                              payment.patient_responsibility, remit->paid_on.value_or(DateOf(now)),
                              "Remittance " + remit->trace_number});
        }
        markers.push_back({payment.claim_number, payment.payer_claim_number, claim.id});
        auto event =
            audit::ByPrincipal(who, "claim.post", "claim", claim.id, origin.ip, origin.request_id, claim.client_id);
        event.detail = "remittance " + out.id;
        events.push_back(std::move(event));
      }
      out.claims.push_back(std::move(posted));
    }
    if (!write) return {};
    // Written together (one round trip per batch on PostgreSQL); a changed version rolls all back.
    auto claims_saved = store::UpdateClaims(c, practice_id, changed_claims);
    if (!claims_saved) return tl::unexpected(claims_saved.error());
    if (!*claims_saved)
      return Fail(ErrorCode::kConflict, "A claim changed while the file was posted: import it again.");
    auto charges_saved = store::UpdateCharges(c, practice_id, changed_charges);
    if (!charges_saved) return tl::unexpected(charges_saved.error());
    if (!*charges_saved)
      return Fail(ErrorCode::kConflict, "A charge changed while the file was posted: import it again.");
    if (auto posted = ledger::Service::PostRemittance(c, practice_id, remitted, now, who.display_name); !posted)
      return posted;
    if (auto st = store::MarkPaymentsPosted(c, practice_id, remit->trace_number, out.id, markers); !st) {
      if (st.error().code == ErrorCode::kConflict)
        return Fail(ErrorCode::kConflict, "This payment is being posted by someone else right now.");
      return st;
    }
    auto in = store::InsertRemittance(c, practice_id, out, hash, who.display_name);
    if (!in) return tl::unexpected(in.error());
    if (!*in) return Fail(ErrorCode::kConflict, "This file is being imported by someone else right now.");
    events.push_back(
        audit::ByPrincipal(who, "remittance.import", "remittance", out.id, origin.ip, origin.request_id, {}));
    return audit::AppendMany(c, events, now);
  };
  auto st = dry_run ? db_.Read([&](db::Connection& c) { return work(c, false); })
                    : db_.WithWrite([&](db::Connection& c) { return work(c, true); });
  if (!st) return tl::unexpected(st.error());
  return out;
}

Result<std::vector<RemittanceResult>> Service::ListRemittances(const Principal& who) {
  return db_.Read([&](db::Connection& c) { return store::ListRemittances(c, who.practice_id, 100); });
}

}  // namespace duet::billing

// ---------------------------------------------------------------------------------------------------
// CMS-1500 (02/12): the claim on the paper form's numbered items, for payers that still take paper.

namespace duet::billing {
namespace {

std::string Mmddyyyy(const std::string& iso) {
  if (iso.size() != 10) return iso;
  return iso.substr(5, 2) + " " + iso.substr(8, 2) + " " + iso.substr(0, 4);
}

std::string Dollars(std::int64_t cents) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(cents / 100),
                static_cast<long long>(cents % 100));
  return buf;
}

std::string FullName(const ClaimPerson& p) { return p.family_name + ", " + p.given_name; }
std::string AddressOf(const ClaimPerson& p) {
  std::string out;
  for (const std::string* part : {&p.address_line, &p.city})
    if (!part->empty()) out += (out.empty() ? "" : ", ") + *part;
  const std::string rest = p.state + (p.postal_code.empty() ? "" : " " + p.postal_code);
  if (!rest.empty()) out += (out.empty() ? "" : ", ") + rest;
  return out;
}

std::string InsuranceType(std::string_view filing) {
  if (filing == "MB") return "Medicare";
  if (filing == "MC") return "Medicaid";
  if (filing == "CH") return "TRICARE";
  if (filing == "VA") return "CHAMPVA";
  return "Group health plan";
}

std::vector<std::vector<pdf::Box>> Cms1500Pages(const Claim& c, const BillingProvider& provider) {
  const auto& d = c.detail;
  const ClaimPerson& patient = d.patient ? *d.patient : d.subscriber;
  constexpr double L = 36, W = 540, H = 28;
  std::vector<std::vector<pdf::Box>> pages;
  const std::size_t per_page = 6;
  const std::size_t page_count = std::max<std::size_t>(1, (c.lines.size() + per_page - 1) / per_page);
  for (std::size_t page = 0; page < page_count; ++page) {
    std::vector<pdf::Box> b;
    double y = 44;
    auto row = [&](std::initializer_list<std::pair<double, std::pair<std::string, std::string>>> cells) {
      double x = L;
      for (const auto& [share, text] : cells) {
        b.push_back({x, y, W * share, H, text.first, text.second, false});
        x += W * share;
      }
      y += H;
    };
    auto band = [&](std::string title) {
      b.push_back({L, y + 2, W, 10, std::move(title), "", true});
      y += 12;
    };
    band("CARRIER");
    row({{0.6, {"PAYER", d.payer_name + " (payer id " + d.payer_id + ")"}},
         {0.4, {"1a. INSURED'S I.D. NUMBER", d.subscriber.member_id}}});
    band("PATIENT AND INSURED INFORMATION");
    row({{0.34, {"1. INSURANCE TYPE", InsuranceType(d.filing_indicator)}},
         {0.33, {"2. PATIENT'S NAME", FullName(patient)}},
         {0.33, {"3. PATIENT'S BIRTH DATE, SEX", Mmddyyyy(patient.birth_date) + "  " + patient.sex}}});
    row({{0.34, {"4. INSURED'S NAME", FullName(d.subscriber)}},
         {0.33, {"5. PATIENT'S ADDRESS", AddressOf(patient)}},
         {0.33, {"6. PATIENT RELATIONSHIP TO INSURED", d.relationship}}});
    row({{0.34, {"7. INSURED'S ADDRESS", AddressOf(d.subscriber)}},
         {0.33, {"10. CONDITION RELATED TO EMPLOYMENT, AUTO, OTHER", "No, No, No"}},
         {0.33, {"11. INSURED'S POLICY GROUP", d.group_number}}});
    row({{0.5, {"12. PATIENT'S OR AUTHORIZED PERSON'S SIGNATURE", "Signature on file"}},
         {0.5, {"13. INSURED'S OR AUTHORIZED PERSON'S SIGNATURE", "Signature on file"}}});
    band("DIAGNOSES AND CLAIM");
    std::string dx;
    for (std::size_t i = 0; i < d.diagnoses.size() && i < 12; ++i)
      dx += std::string(i ? "   " : "") + static_cast<char>('A' + i) + ". " + d.diagnoses[i];
    row({{0.6, {"21. DIAGNOSIS (ICD IND. 0)", dx}},
         {0.2,
          {"22. RESUBMISSION CODE / ORIGINAL REF. NO.",
           c.frequency == "1" ? "" : c.frequency + " / " + c.payer_claim_number}},
         {0.2, {"23. PRIOR AUTHORIZATION NUMBER", ""}}});
    band("24. SERVICE LINES");
    const std::size_t first = page * per_page;
    for (std::size_t i = first; i < first + per_page; ++i) {
      if (i >= c.lines.size()) {
        row({{1.0, {"", ""}}});
        continue;
      }
      const auto& l = c.lines[i];
      std::string mods;
      for (const auto& m : l.modifiers) mods += (mods.empty() ? "" : " ") + m;
      std::string pointers;
      for (int p : l.diagnosis_pointers)
        if (p >= 1 && p <= 12) pointers.push_back(static_cast<char>('A' + p - 1));
      row({{0.2, {"A. DATE OF SERVICE", Mmddyyyy(FormatDate(c.date_of_service))}},
           {0.07, {"B. POS", l.pos}},
           {0.2, {"D. CPT/HCPCS  MODIFIER", l.cpt + "  " + mods}},
           {0.1, {"E. DX POINTER", pointers}},
           {0.13, {"F. $ CHARGES", Dollars(l.amount)}},
           {0.08, {"G. UNITS", std::to_string(l.units)}},
           {0.22, {"J. RENDERING PROVIDER NPI", d.rendering_npi}}});
    }
    band("PROVIDER");
    const bool last = page + 1 == page_count;
    row({{0.25, {"25. FEDERAL TAX I.D. (EIN)", provider.tax_id}},
         {0.25, {"26. PATIENT'S ACCOUNT NO.", c.number}},
         {0.15, {"27. ACCEPT ASSIGNMENT", "Yes"}},
         {0.18, {"28. TOTAL CHARGE", last ? Dollars(c.total) : "continued"}},
         {0.17, {"29. AMOUNT PAID", last ? Dollars(0) : ""}}});
    row({{0.34,
          {"31. SIGNATURE OF PHYSICIAN OR SUPPLIER",
           d.rendering_given_name + " " + d.rendering_family_name + "  " + FormatDate(c.date_of_service)}},
         {0.33,
          {"32. SERVICE FACILITY LOCATION", d.pos == "10" || d.pos == "02" ? "Telehealth" : provider.address_line}},
         {0.33, {"33. BILLING PROVIDER INFO & PH #", provider.name + ", " + provider.phone}}});
    row({{0.34, {"24J / 31. RENDERING PROVIDER", d.rendering_given_name + " " + d.rendering_family_name}},
         {0.33,
          {"33. BILLING PROVIDER ADDRESS",
           provider.address_line + ", " + provider.city + ", " + provider.state + " " + provider.postal_code}},
         {0.33, {"33a. NPI", provider.npi}}});
    pages.push_back(std::move(b));
  }
  return pages;
}

}  // namespace

Result<std::string> Service::Cms1500(const Principal& who, const std::string& id, const Origin& origin) {
  auto claim = GetClaim(who, id, origin);  // audited as a read of the claim
  if (!claim) return tl::unexpected(claim.error());
  auto provider = db_.Read([&](db::Connection& c) { return store::GetProvider(c, who.practice_id); });
  if (!provider) return tl::unexpected(provider.error());
  return pdf::RenderForm(Cms1500Pages(*claim, *provider), "CLAIM FORM CMS-1500 (02/12) · claim " + claim->number);
}

}  // namespace duet::billing

// ---------------------------------------------------------------------------------------------------
// The biller's home: what is not billable yet, and the figures.

namespace duet::billing {

Result<std::vector<UnbilledVisit>> Service::UnbilledVisits(const Principal& who, const Origin& origin) {
  const EpochSeconds now = clock_.Now();
  const EpochSeconds from = now - 60 * 86400;
  auto visits = scheduling_.ListAppointments(who, std::nullopt, std::nullopt, from, now, origin);
  if (!visits) return tl::unexpected(visits.error());
  auto charged = db_.Read(
      [&](db::Connection& c) { return store::ChargedVisits(c, who.practice_id, DateOf(from) - date::days{1}); });
  if (!charged) return tl::unexpected(charged.error());
  std::set<std::string> has_charge(charged->begin(), charged->end());
  std::map<std::string, std::string> names;
  if (auto clinicians = directory_.ListClinicians(who))
    for (const auto& k : *clinicians) names[k.id] = k.given_name + " " + k.family_name;
  std::vector<UnbilledVisit> out;
  for (const auto& a : *visits) {
    if (a.busy || has_charge.count(a.id) || scheduling::IsConference(a)) continue;
    // A visit ended in its room is held even before its booked end; others once their time is over.
    if (a.status != "completed" && a.end > now) continue;
    UnbilledVisit u;
    if (a.status == "completed" || a.status == "in_session" || a.status == "checked_in") {
      u.reason = "note_unsigned";
      u.message = "The progress note is not signed yet.";
    } else if (a.status == "booked") {
      u.reason = "not_marked_held";
      u.message = "Still booked after it ended: mark it held (or a no-show).";
    } else {
      continue;  // cancelled, late cancellation, no-show: no insurance charge
    }
    u.appointment_id = a.id;
    u.start = a.start;
    u.client_name = a.client_names.empty() ? std::string() : a.client_names.front();
    u.clinician_id = a.clinician_id;
    u.clinician_name = names[a.clinician_id];
    u.status = a.status;
    u.days_waiting = static_cast<int>(std::max<EpochSeconds>(0, now - a.end) / 86400);
    out.push_back(std::move(u));
  }
  std::sort(out.begin(), out.end(), [](const UnbilledVisit& a, const UnbilledVisit& b) { return a.start < b.start; });
  return out;
}

Result<BillingSummary> Service::Summary(const Principal& who, int weeks) {
  const Date today = DateOf(clock_.Now());
  // Weeks start on Monday; the last one is this week.
  const date::weekday wd{today};
  const Date this_monday = today - date::days{(wd.c_encoding() + 6) % 7};
  const Date first = this_monday - date::days{7 * (weeks - 1)};
  auto charges = db_.Read(
      [&](db::Connection& c) { return store::ChargesBetween(c, who.practice_id, first, this_monday + date::days{6}); });
  if (!charges) return tl::unexpected(charges.error());
  auto out = SummarizeCharges(*charges, first, weeks);
  auto collected = db_.Read([&](db::Connection& c) {
    return store::CollectedBetween(c, who.practice_id, first, this_monday + date::days{6});
  });
  if (!collected) return tl::unexpected(collected.error());
  AddCollections(out, *collected);
  return out;
}

}  // namespace duet::billing

// ---------------------------------------------------------------------------------------------------
// Superbills: what an out-of-network client sends their payer to be reimbursed.

namespace duet::billing {

Result<std::string> Service::Superbill(const Principal& who, const std::string& client_id,
                                       std::optional<Date> from_date, std::optional<Date> to_date,
                                       const Origin& origin) {
  const Date today = DateOf(clock_.Now());
  const date::year_month_day ymd{today};
  const Date from = from_date.value_or(date::sys_days{ymd.year() / date::January / 1});
  const Date to = to_date.value_or(today);
  if (to < from) return Fail(ErrorCode::kInvalid, "The period ends before it starts.", {}, "to");
  if (DaysBetween(from, to) > 366) return Fail(ErrorCode::kInvalid, "A superbill covers at most a year.", {}, "to");
  auto client = directory_.ClientForBilling(who.practice_id, client_id);
  if (!client) return tl::unexpected(client.error());
  std::vector<Charge> charges;
  std::vector<ledger::Entry> entries;
  BillingProvider provider;
  auto st = db_.Read([&](db::Connection& c) -> Status {
    auto all = store::ChargesBetween(c, who.practice_id, from, to, client_id);
    if (!all) return tl::unexpected(all.error());
    // Visits with codes (a late-cancellation fee is not reimbursable and is left out).
    for (auto& h : *all)
      if (h.status != ChargeStatus::kVoid && !h.lines.empty()) charges.push_back(std::move(h));
    auto books = ledger::store::ClientEntries(c, who.practice_id, client_id);
    if (!books) return tl::unexpected(books.error());
    entries = std::move(*books);
    auto p = store::GetProvider(c, who.practice_id);
    if (!p) return tl::unexpected(p.error());
    provider = std::move(*p);
    return {};
  });
  if (!st) return tl::unexpected(st.error());
  if (charges.empty()) return Fail(ErrorCode::kNotFound, "There are no charges for this client in that period.");
  std::sort(charges.begin(), charges.end(),
            [](const Charge& a, const Charge& b) { return a.date_of_service < b.date_of_service; });
  for (auto& h : charges)
    if (auto opened = OpenCharge(who.practice_id, h); !opened) return tl::unexpected(opened.error());

  using pdf::Block;
  using pdf::Style;
  std::vector<Block> b;
  b.push_back({Style::kTitle, "Superbill (statement of services)"});
  b.push_back({Style::kText, provider.name + "\n" + provider.address_line + ", " + provider.city + ", " +
                                 provider.state + " " + provider.postal_code +
                                 (provider.phone.empty() ? "" : "\nPhone " + provider.phone) + "\nNPI " + provider.npi +
                                 " · Tax id (EIN) " + provider.tax_id});
  b.push_back({Style::kHeading, "Client"});
  b.push_back({Style::kText, client->given_name + " " + client->family_name + " · date of birth " + client->birth_date +
                                 "\n" + client->address.line1 + (client->address.line1.empty() ? "" : ", ") +
                                 client->address.city + (client->address.city.empty() ? "" : ", ") +
                                 client->address.state + " " + client->address.postal_code});
  b.push_back({Style::kSmall, "Period: " + FormatDate(from) + " to " + FormatDate(to)});
  std::map<std::string, std::string> clinicians;
  std::int64_t total = 0, paid_total = 0;
  for (const auto& h : charges) {
    if (!clinicians.count(h.clinician_id)) {
      std::string line;
      if (auto k = directory_.ClinicianById(who.practice_id, h.clinician_id)) {
        line = k->given_name + " " + k->family_name + (k->credentials.empty() ? "" : ", " + k->credentials) +
               " · NPI " + k->npi;
        if (auto licenses = directory_.ListLicenses(who, h.clinician_id))
          for (const auto& l : *licenses)
            if (l.kind == practice::LicenseKind::kLicense && !l.number.empty())
              line += " · license " + l.state + " " + l.number;
      }
      clinicians[h.clinician_id] = line;
    }
    // What the client paid on it: their payments, and credit applied to it.
    std::int64_t paid = 0;
    for (const auto& e : entries)
      if (e.charge_id == h.id && e.kind == ledger::EntryKind::kPayment && e.party == ledger::Party::kClient)
        paid -= e.amount;
    for (const auto& e : entries)
      if (e.charge_id == h.id && e.kind == ledger::EntryKind::kTransfer && e.party == ledger::Party::kClient &&
          e.amount < 0 && e.reason == "Credit applied")
        paid -= e.amount;
    total += h.fee;
    paid_total += paid;
    b.push_back({Style::kSubheading, FormatDate(h.date_of_service) + " · " + clinicians[h.clinician_id]});
    std::string dx;
    for (std::size_t i = 0; i < h.diagnoses.size(); ++i)
      dx += (i ? ", " : "") + std::string(1, static_cast<char>('A' + i)) + ". " + h.diagnoses[i];
    b.push_back({Style::kText, "Diagnoses (ICD-10-CM): " + (dx.empty() ? std::string("none recorded") : dx)});
    for (const auto& l : h.lines) {
      std::string mods;
      for (const auto& m : l.modifiers) mods += (mods.empty() ? " modifiers " : " ") + m;
      std::string pointers;
      for (int p : l.diagnosis_pointers)
        if (p >= 1 && p <= 12) pointers += static_cast<char>('A' + p - 1);
      b.push_back({Style::kText, "CPT " + l.cpt + mods + " · POS " + l.pos + " · units " + std::to_string(l.units) +
                                     " · diagnosis " + pointers + " · fee $" + X12Amount(l.amount)});
    }
    b.push_back({Style::kText, "Charged $" + X12Amount(h.fee) + " · paid by the client $" + X12Amount(paid)});
  }
  b.push_back({Style::kHeading, "Totals"});
  b.push_back({Style::kText, "Charged $" + X12Amount(total) + " · paid $" + X12Amount(paid_total) + " · balance $" +
                                 X12Amount(total - paid_total)});
  b.push_back({Style::kText, "\nSignature of provider: ______________________________   Date: ______________"});
  b.push_back({Style::kSmall,
               "For the client's reimbursement claim with their health plan. It carries health "
               "information: keep it private."});
  auto pdf = pdf::Render(b, provider.name + " · superbill " + FormatDate(from) + "–" + FormatDate(to));
  if (!pdf) return pdf;
  if (auto a = audit::AppendNow(
          db_, audit::ByPrincipal(who, "superbill.read", "client", client_id, origin.ip, origin.request_id, client_id),
          clock_.Now());
      !a)
    return tl::unexpected(a.error());
  return pdf;
}

}  // namespace duet::billing

// ---------------------------------------------------------------------------------------------------
// Late cancellations and no-shows: the practice's fee, owed by the client.

namespace duet::billing {

Result<VisitFeePolicy> Service::GetVisitFees(const Principal& who) {
  return db_.Read([&](db::Connection& c) { return store::GetVisitFees(c, who.practice_id); });
}

Result<VisitFeePolicy> Service::PutVisitFees(const Principal& who, const VisitFeePolicy& policy, const Origin& origin) {
  auto services = scheduling_.ListServices(who);
  if (!services) return tl::unexpected(services.error());
  std::vector<practice::FieldIssue> issues;
  for (std::size_t i = 0; i < policy.by_service.size(); ++i) {
    const auto& s = policy.by_service[i];
    if (std::none_of(services->begin(), services->end(),
                     [&](const scheduling::ClinicalService& x) { return x.id == s.service_id; }))
      issues.push_back({"by_service[" + std::to_string(i) + "].service_id", "Choose a service of this practice."});
    for (std::size_t j = 0; j < i; ++j)
      if (policy.by_service[j].service_id == s.service_id)
        issues.push_back({"by_service[" + std::to_string(i) + "].service_id", "This service has a row already."});
  }
  if (!issues.empty()) return practice::InvalidFields(issues);
  const EpochSeconds now = clock_.Now();
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto put = store::PutVisitFees(c, who.practice_id, policy); !put) return put;
    return audit::Append(
        c, audit::ByPrincipal(who, "billing.visit_fees", "practice", who.practice_id, origin.ip, origin.request_id, {}),
        now);
  });
  if (!st) return tl::unexpected(st.error());
  return policy;
}

Result<std::function<Status(db::Connection&)>> Service::ChargeForMissedVisit(const Principal& who,
                                                                             const scheduling::Appointment& visit,
                                                                             const std::string& status,
                                                                             EpochSeconds now) {
  if (status == "completed") return ChargeAtVisitEnd(who, visit, now);
  if (status != "late_cancelled" && status != "no_show") return std::function<Status(db::Connection&)>();
  auto policy = db_.Read([&](db::Connection& c) { return store::GetVisitFees(c, visit.practice_id); });
  if (!policy) return tl::unexpected(policy.error());
  const auto fee = VisitFee(*policy, visit.service_id, status);
  if (!fee) return std::function<Status(db::Connection&)>();
  const std::string what = status == "late_cancelled" ? "Late cancellation fee" : "No-show fee";
  std::vector<Charge> charges;
  for (const auto& client_id : visit.client_ids) {
    Charge h;
    h.id = crypto::NewId();
    h.appointment_id = visit.id;
    h.client_id = client_id;
    h.clinician_id = visit.clinician_id;
    h.note_id = "";
    h.date_of_service = scheduling::ToLocal(visit.start, visit.time_zone).date;
    h.status = ChargeStatus::kSelfPay;
    h.fee = *fee;
    h.client_share = *fee;
    h.notes = {what + " under the practice's policy: the client pays it; it is never claimed."};
    h.created_at = h.updated_at = now;
    if (auto sealed = SealCharge(visit.practice_id, h); !sealed) return tl::unexpected(sealed.error());
    charges.push_back(std::move(h));
  }
  return std::function<Status(db::Connection&)>([charges = std::move(charges), who, now,
                                                 what](db::Connection& c) -> Status {
    for (const auto& h : charges) {
      auto made = store::InsertCharge(c, who.practice_id, h);
      if (!made) return tl::unexpected(made.error());
      if (!*made) continue;
      if (auto posted = ledger::Service::PostCharge(c, who.practice_id, h.client_id, h.id, "", h.fee, h.date_of_service,
                                                    what, now, who.display_name);
          !posted)
        return posted;
      if (auto a = audit::Append(c, audit::ByPrincipal(who, "charge.create", "charge", h.id, "", "", h.client_id), now);
          !a)
        return a;
    }
    return {};
  });
}

}  // namespace duet::billing

// ---------------------------------------------------------------------------------------------------
// When charges are made: at the note's signing (the default), or when the visit ends.

namespace duet::billing {

Result<ChargeTiming> Service::GetChargeTiming(const Principal& who) {
  return db_.Read([&](db::Connection& c) { return store::GetChargeTiming(c, who.practice_id); });
}

Result<ChargeTiming> Service::PutChargeTiming(const Principal& who, const ChargeTiming& timing, const Origin& origin) {
  const EpochSeconds now = clock_.Now();
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto put = store::PutChargeTiming(c, who.practice_id, timing); !put) return put;
    auto event =
        audit::ByPrincipal(who, "billing.charge_timing", "practice", who.practice_id, origin.ip, origin.request_id, {});
    event.detail = std::string(NameOf(timing.charge_at));
    return audit::Append(c, event, now);
  });
  if (!st) return tl::unexpected(st.error());
  return timing;
}

Result<std::function<Status(db::Connection&)>> Service::ChargeAtVisitEnd(const Principal& who,
                                                                         const scheduling::Appointment& visit,
                                                                         EpochSeconds now) {
  auto timing = db_.Read([&](db::Connection& c) { return store::GetChargeTiming(c, visit.practice_id); });
  if (!timing) return tl::unexpected(timing.error());
  if (timing->charge_at != ChargeAt::kVisitEnd || !visit_facts_) return std::function<Status(db::Connection&)>();
  std::vector<Charge> charges;
  for (const auto& client_id : visit.client_ids) {
    auto facts = visit_facts_(who, client_id, visit.id);
    if (!facts) return tl::unexpected(facts.error());
    auto charge = MakeCharge(who, visit, client_id, *facts, "", "", now);
    if (!charge) return tl::unexpected(charge.error());
    charge->notes.push_back("Made when the visit ended; the signed note codes it again while it is not claimed.");
    charges.push_back(std::move(*charge));
  }
  return std::function<Status(db::Connection&)>([this, charges = std::move(charges), who, now](db::Connection& c) {
    for (const auto& charge : charges)
      if (auto saved = SaveCharge(c, who, charge, now, false); !saved) return saved;
    return Status{};
  });
}

}  // namespace duet::billing
