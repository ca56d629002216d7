#include "app/demo.hpp"

#include <ctime>
#include <unordered_map>

#include "identity/store.hpp"
#include "payouts/rules.hpp"
#include "platform/jobs.hpp"
#include "practice/rules.hpp"
#include "scheduling/store.hpp"

namespace duet::app {
namespace {
struct DemoUser {
  std::string_view email;
  std::string_view name;
  Role role;
};
// Synthetic people; the example.com domain is reserved for documentation (RFC 2606).
constexpr DemoUser kDemoUsers[] = {
    {"therapist@demo.example.com", "Dr. Rowan Stone, LPC", Role::kClinician},
    {"psychiatry@demo.example.com", "Avery Chen, PMHNP-BC", Role::kClinician},
    {"ot@demo.example.com", "Jordan Ellis, OTR/L", Role::kClinician},
    {"supervisor@demo.example.com", "Dr. Morgan Reyes, LCSW", Role::kSupervisor},
    {"billing@demo.example.com", "Casey Brooks", Role::kBiller},
    {"frontdesk@demo.example.com", "Riley Patel", Role::kFrontDesk},
    {"client@demo.example.com", "Alex Morgan", Role::kClient},
    {"guardian@demo.example.com", "Robin Walsh", Role::kClient},  // Emery Walsh's parent
};
constexpr std::string_view kOwnerEmail = "owner@demo.example.com";

using practice::Discipline;
using practice::LicenseKind;

struct DemoLicense {
  LicenseKind kind;
  const char* state;
  const char* compact;
  const char* type;
  int issued_days_ago;
  int expires_in_days;  // relative to today, so "expiring soon" stays true for the demo
};

struct DemoClinician {
  const char* user_email;  // "" for a clinician without an account
  const char* given;
  const char* family;
  Discipline discipline;
  const char* credentials;
  const char* npi;
  const char* home_state;
  const char* zone;
  std::vector<DemoLicense> licenses;
};

struct DemoClient {
  const char* given;
  const char* family;
  const char* preferred;
  const char* pronouns;
  const char* birth_date;
  const char* phone;
  const char* state;
  const char* zone;
  std::vector<int> clinicians;  // indexes into the clinician list
  std::vector<practice::Diagnosis> diagnoses;
  bool minor;
  const char* user_email;
};

}  // namespace

// This week and next, so that the calendar shows a working practice: each visit is booked through
// the booking rules like any other (one is a weekly series, one a sprinkle).
Status SeedDemoWeek(App& app, const Principal& owner, const std::vector<std::string>& clinicians,
                    const std::unordered_map<std::string, std::string>& clients, const std::string& columbus) {
  auto services = app.scheduling().ListServices(owner);
  if (!services) return tl::unexpected(services.error());
  auto service = [&](std::string_view cpt) {
    for (const auto& s : *services)
      if (s.cpt_code == cpt) return s.id;
    return std::string();
  };
  using scheduling::VisitMode;
  struct Visit {
    std::size_t clinician;  // index into the demo clinicians
    const char* client;
    const char* cpt;
    int weekday;  // 1 = Monday
    int hour;
    VisitMode mode;
    int weekly = 0;  // > 0: a weekly series of this many visits
  };
  const std::vector<Visit> visits = {
      {0, "Alex", "90834", 1, 9, VisitMode::kInPerson},   {0, "Jamie", "90834", 1, 14, VisitMode::kVideo},
      {0, "Casey", "90834", 2, 10, VisitMode::kInPerson}, {0, "Taylor", "90834", 2, 15, VisitMode::kVideo},
      {0, "Morgan", "90834", 3, 13, VisitMode::kVideo},   {0, "Alex", "90834", 4, 10, VisitMode::kVideo, 8},
      {0, "Taylor", "90834", 5, 10, VisitMode::kVideo},  // a sprinkle: video inside Friday's in-person morning
      {1, "Morgan", "99214", 2, 10, VisitMode::kVideo},   {1, "Quinn", "99214", 3, 11, VisitMode::kVideo},
      {1, "Sam", "99214", 4, 14, VisitMode::kVideo},      {2, "Emery", "97530", 2, 13, VisitMode::kVideo},
      {2, "Finley", "97530", 3, 14, VisitMode::kVideo},   {4, "Morgan", "90834", 1, 15, VisitMode::kVideo},
  };
  auto directory = app.practice().ListClinicians(owner);
  if (!directory) return tl::unexpected(directory.error());
  practice::Origin origin{"demo", "seed"};
  for (int week = 0; week < 2; ++week)
    for (const auto& v : visits) {
      if (week == 1 && v.weekly) continue;  // the series already covers next week
      const auto& id = clinicians[v.clinician];
      std::string zone;
      for (const auto& k : *directory)
        if (k.id == id) zone = k.time_zone;
      auto today = scheduling::ToLocal(std::time(nullptr), zone);
      Date monday = today.date - date::days{today.weekday - 1} + date::days{7 * week};
      scheduling::NewAppointment a;
      a.clinician_id = id;
      a.client_ids = {clients.at(v.client)};
      a.service_id = service(v.cpt);
      a.mode = v.mode;
      a.start = scheduling::FromLocal(monday + date::days{v.weekday - 1}, v.hour * 60, zone);
      if (v.mode == VisitMode::kInPerson) a.location_id = columbus;
      if (v.weekly) a.recurrence = scheduling::Recurrence{1, v.weekly, std::nullopt};
      auto booked = v.weekly ? app.scheduling().BookSeries(owner, a, origin).map([](auto&&) { return true; })
                             : app.scheduling().Book(owner, a, origin).map([](auto&&) { return true; });
      if (!booked) return tl::unexpected(booked.error());
    }
  return {};
}

// Last week, held and documented: the therapist's visits of last week, completed, each with a signed
// SOAP note — so the biller finds charges coded and ready to claim (history, inserted as it happened).
Status SeedDemoBilledWeek(App& app, const Principal& owner, const std::string& therapist_user,
                          const std::string& therapist, const std::unordered_map<std::string, std::string>& clients,
                          const std::string& columbus) {
  auto services = app.scheduling().ListServices(owner);
  if (!services) return tl::unexpected(services.error());
  std::string therapy;
  for (const auto& s : *services)
    if (s.cpt_code == "90834") therapy = s.id;
  auto k = app.practice().ClinicianById(owner.practice_id, therapist);
  if (!k) return tl::unexpected(k.error());
  Principal rowan;
  rowan.practice_id = owner.practice_id;
  rowan.user_id = therapist_user;
  rowan.role = Role::kClinician;
  rowan.display_name = "Dr. Rowan Stone, LPC";
  practice::Origin origin{"demo", "demo"};
  struct Held {
    const char* client;
    int weekday;
    int hour;
    scheduling::VisitMode mode;
    const char* dx;
  };
  const std::vector<Held> held = {{"Alex", 1, 9, scheduling::VisitMode::kInPerson, "F41.1"},
                                  {"Jamie", 1, 14, scheduling::VisitMode::kVideo, "F32.1"},
                                  {"Casey", 2, 10, scheduling::VisitMode::kInPerson, "F43.10"},
                                  {"Taylor", 2, 15, scheduling::VisitMode::kVideo, "F41.1"},
                                  {"Morgan", 3, 13, scheduling::VisitMode::kVideo, "F33.1"}};
  auto today = scheduling::ToLocal(std::time(nullptr), k->time_zone);
  const Date last_monday = today.date - date::days{today.weekday - 1} - date::days{7};
  for (const auto& h : held) {
    scheduling::Appointment a;
    a.id = crypto::NewId();
    a.practice_id = owner.practice_id;
    a.clinician_id = therapist;
    a.client_ids = {clients.at(h.client)};
    a.service_id = therapy;
    a.mode = h.mode;
    if (h.mode == scheduling::VisitMode::kInPerson) a.location_id = columbus;
    a.start = scheduling::FromLocal(last_monday + date::days{h.weekday - 1}, h.hour * 60, k->time_zone);
    a.end = a.start + 53 * 60;
    a.time_zone = k->time_zone;
    a.status = "completed";
    a.created_at = a.updated_at = a.start - 7 * 86400;
    auto st = app.database().WithWrite(
        [&](db::Connection& c) { return scheduling::store::InsertAppointment(c, a, owner.user_id); });
    if (!st) return st;
    auto note = app.records().StartNote(rowan, {clients.at(h.client), a.id, "soap"}, origin);
    if (!note) return tl::unexpected(note.error());
    const std::string content = std::string(R"({"subjective.presenting":"Reviewed the week's practice.",)") +
                                R"("subjective.mood":"Anxious","objective.observations":"Engaged, on time.",)" +
                                R"("objective.risk":"None reported","assessment.assessment":"Progressing.",)" +
                                R"("assessment.diagnoses":[")" + h.dx + R"("],"assessment.progress":6,)" +
                                R"("plan.plan":"Continue weekly.","plan.interventions":["CBT"]})";
    auto saved = app.records().SaveDraft(rowan, note->note.id, content, note->note.version, origin);
    if (!saved) return tl::unexpected(saved.error());
    auto signed_note = app.records().Sign(rowan, note->note.id, saved->note.version, origin);
    if (!signed_note) return tl::unexpected(signed_note.error());
  }
  // The self-pay client paid part of last week's visit at the desk: the rest is their balance.
  ledger::PaymentRequest paid;
  paid.client_id = clients.at("Casey");
  paid.amount = 6000;
  paid.method = ledger::PaymentMethod::kCardTerminal;
  paid.reference = "Terminal receipt 0042";
  paid.received_on = last_monday + date::days{1};
  if (auto r = app.ledger().RecordPayment(owner, paid, origin); !r) return tl::unexpected(r.error());
  return {};
}

// Pay: a plan for every clinician (the therapist per visit by mode, the others the same in every mode or
// a share of collections) and last week's payout run, closed — so "My pay" and Payouts have a week.
Status SeedDemoPayouts(App& app, const Principal& owner, const std::vector<std::string>& clinicians,
                       const std::string& therapy_service) {
  practice::Origin origin{"demo", "demo"};
  for (std::size_t i = 0; i < clinicians.size(); ++i) {
    payouts::Plan plan;
    if (i == 0) {
      plan.rates = {{therapy_service, "in_person", 7000}, {therapy_service, "", 6500}};
      plan.default_rate = 6000;
      plan.late_cancel = {payouts::MissedPay::kFixed, 2500, 0};
    } else if (i % 2 == 1) {
      plan.rates = {{"", "", 6800}};  // the same pay whatever the session type
      plan.late_cancel = {payouts::MissedPay::kShareOfFee, 0, 50};
    } else {
      plan.basis = payouts::Basis::kShare;
      plan.share_percent = 60;
    }
    if (auto r = app.payouts().PutPlan(owner, clinicians[i], plan, origin); !r) return tl::unexpected(r.error());
  }
  auto cal = app.estimates().CalendarOf(owner.practice_id);
  if (!cal) return tl::unexpected(cal.error());
  const Date today = scheduling::ToLocal(std::time(nullptr), cal->time_zone).date;
  payouts::RunRequest last_week{payouts::WeekOf(today) - date::days{7}};
  auto run = app.payouts().RunWeek(owner, last_week, origin);
  if (!run) return tl::unexpected(run.error());
  if (auto closed = app.payouts().Close(owner, run->body.id, origin); !closed) return tl::unexpected(closed.error());
  return {};
}

// A plan of care and a few weeks of objective measures for the OT's client, and a plan measured by the
// GAD-7 for the therapist's, written by their clinicians through the same services as in the app.
Status SeedDemoRecords(App& app, const std::string& practice_id,
                       const std::unordered_map<std::string, std::string>& users,
                       const std::unordered_map<std::string, std::string>& clients) {
  practice::Origin origin{"demo", "demo"};
  auto clinician = [&](const char* email, const char* name) {
    Principal p;
    p.practice_id = practice_id;
    p.user_id = users.at(email);
    p.role = Role::kClinician;
    p.display_name = name;
    return p;
  };
  const Principal ot = clinician("ot@demo.example.com", "Jordan Ellis, OTR/L");
  const Principal rowan = clinician("therapist@demo.example.com", "Dr. Rowan Stone, LPC");
  const Date today = DateOf(std::time(nullptr));
  const std::string in90 = FormatDate(today + date::days{90}), in60 = FormatDate(today + date::days{60});
  const std::string emery_plan =
      R"({"problems":[{"id":"p1","text":"Weak grasp and slow fine-motor speed limit handwriting and dressing","diagnosis":"F82"}],)"
      R"("goals":[{"id":"g1","problem_id":"p1","text":"Dresses for school and writes a sentence without help","objectives":[)"
      R"({"id":"o-grip","text":"Functional grip for writing","measure":"Grip strength, right, kg","baseline":"8 kg","target":"14 kg","target_date":")" +
      in90 +
      R"("},{"id":"o-peg","text":"Faster fine-motor speed","measure":"Nine-Hole Peg Test, right","baseline":"42 s","target":"30 s","target_date":")" +
      in90 +
      R"("}]}],"interventions":[{"text":"Graded grasp and in-hand manipulation work; home program coached by video","goal_ids":["g1"]}],)"
      R"("frequency":"weekly","mode_mix":"in person, with video coaching for the parent every other week","review_due":")" +
      in60 + R"(","reevaluation_due":")" + in90 + R"("})";
  if (auto r = app.plans().Save(ot, clients.at("Emery"), *plans::PlanFromJson(emery_plan), origin); !r)
    return tl::unexpected(r.error());
  for (int week = 5; week >= 0; --week) {
    auto on = today - date::days{7 * week + 1};
    auto obs = [&](const char* code, const char* side, double value, const char* objective) {
      measures::ObservationInput in;
      in.code = code;
      in.side = side;
      in.value = value;
      in.observed_on = on;
      in.objective_id = objective;
      return in;
    };
    const int w = 5 - week;
    std::vector<measures::ObservationInput> session = {obs("grip", "right", 8 + w * 0.7, "o-grip"),
                                                       obs("9hpt", "right", 42 - w * 1.6, "o-peg"),
                                                       obs("copm.performance", "", 3 + w * 0.5, "")};
    if (auto r = app.measures().Observe(ot, clients.at("Emery"), session, origin); !r) return tl::unexpected(r.error());
  }
  const std::string alex_plan =
      R"({"problems":[{"id":"p1","text":"Worry keeps the client from work three days a week","diagnosis":"F41.1"}],)"
      R"("goals":[{"id":"g1","problem_id":"p1","text":"Back at work full time","objectives":[)"
      R"({"id":"o-gad","text":"Anxiety in the mild range","measure":"GAD-7 total","instrument":"gad7","baseline":"15","target":"below 5","target_date":")" +
      in90 +
      R"("}]}],"interventions":[{"text":"CBT with weekly exposure practice","goal_ids":["g1"]}],)"
      R"("frequency":"weekly","mode_mix":"alternating in person and video","review_due":")" +
      in60 + R"("})";
  if (auto r = app.plans().Save(rowan, clients.at("Alex"), *plans::PlanFromJson(alex_plan), origin); !r)
    return tl::unexpected(r.error());
  if (auto r = app.measures().Enter(rowan, clients.at("Alex"), "gad7", {2, 2, 1, 1, 2, 1, 1}, std::nullopt, origin); !r)
    return tl::unexpected(r.error());
  // Morgan's medication list: kept by the psychiatric nurse practitioner they share with the therapist, who
  // recorded how it is going.
  const Principal avery = clinician("psychiatry@demo.example.com", "Avery Chen, PMHNP-BC");
  care::Medication sertraline;
  sertraline.name = "Sertraline";
  sertraline.rxnorm = "312940";
  sertraline.strength = "100 mg";
  sertraline.form = "tablet";
  sertraline.dose = "1 tablet";
  sertraline.route = "by mouth";
  sertraline.frequency = "once daily, in the morning";
  sertraline.prescriber = "Avery Chen, PMHNP-BC";
  sertraline.sent_to = "Demo Pharmacy, 1 Example Plaza";
  sertraline.reason = "PTSD";
  sertraline.started_on = today - date::days{60};
  auto med = app.care().AddMedication(avery, clients.at("Morgan"), sertraline, origin);
  if (!med) return tl::unexpected(med.error());
  if (auto r = app.care().ObserveMedication(rowan, clients.at("Morgan"), med->id, care::Adherence::kAsPrescribed,
                                            {"insomnia"}, "Sleep is lighter since the dose went up", origin);
      !r)
    return tl::unexpected(r.error());
  // Alex Morgan's therapist referred them to the practice's psychiatric nurse practitioner, who accepted and joined
  // the care team. Alex and Morgan
  // agreed that their care teams read each other's signed notes.
  auto np = app.practice().ClinicianOfUser(practice_id, avery.user_id);
  if (!np || !*np) return tl::unexpected(np ? Error{ErrorCode::kInternal, "demo: no prescriber"} : np.error());
  care::Referral referral;
  referral.client_id = clients.at("Alex");
  referral.to_clinician_id = (*np)->id;
  referral.urgency = care::Urgency::kSoon;
  referral.reason = "Worry still keeps Alex from work two days a week after 10 weeks of CBT; sleep is poor.";
  referral.question = "Would medication help alongside therapy?";
  auto sent = app.care().Refer(rowan, referral, origin);
  if (!sent) return tl::unexpected(sent.error());
  if (auto r = app.care().AcceptReferral(avery, sent->id, origin); !r) return tl::unexpected(r.error());
  // … and joins Alex's next in-person session with Rowan by video (a joint visit), which books the referral's
  // first visit: on both calendars, a note and a charge for each of them.
  {
    const EpochSeconds now = std::time(nullptr);
    auto coming = app.scheduling().ListAppointments(avery, std::nullopt, clients.at("Alex"), now + 3600,
                                                    now + 14 * 86400, origin);
    if (!coming) return tl::unexpected(coming.error());
    auto services = app.scheduling().ListServices(avery);
    if (!services) return tl::unexpected(services.error());
    std::string em;
    for (const auto& s : *services)
      if (s.cpt_code == "99214") em = s.id;
    for (const auto& a : *coming)
      if (a.mode == scheduling::VisitMode::kInPerson && a.status == "booked") {
        if (auto r = app.scheduling().SetJoint(avery, a.id, (*np)->id, em, "", a.version, origin); !r)
          return tl::unexpected(r.error());
        break;
      }
  }
  // One plan for Alex's team: Rowan's therapy goal and Avery's sleep goal, each signed by its owner; and the
  // medication Alex's primary care physician prescribed, on the list the prescriber will review.
  {
    auto me = app.practice().ClinicianOfUser(practice_id, rowan.user_id);
    if (!me || !*me) return tl::unexpected(me ? Error{ErrorCode::kInternal, "demo: no therapist"} : me.error());
    const std::string shared_plan =
        R"({"problems":[{"id":"p1","text":"Worry keeps the client from work three days a week","diagnosis":"F41.1"},)"
        R"({"id":"p2","text":"Sleeps four to five hours most nights"}],)"
        R"("goals":[{"id":"g1","problem_id":"p1","owner_clinician_id":")" +
        (*me)->id +
        R"(","text":"Back at work full time","objectives":[)"
        R"({"id":"o-gad","text":"Anxiety in the mild range","measure":"GAD-7 total","instrument":"gad7","baseline":"15","target":"below 5","target_date":")" +
        in90 + R"("}]},{"id":"g2","problem_id":"p2","owner_clinician_id":")" + (*np)->id +
        R"(","text":"Sleeps through most nights","objectives":[)"
        R"({"id":"o-sleep","text":"Nights slept through in a week","measure":"sleep diary","baseline":"1","target":"5 or more","target_date":")" +
        in90 +
        R"("}]}],"interventions":[{"text":"CBT with weekly exposure practice","goal_ids":["g1"]},)"
        R"({"text":"Medication evaluation and management","goal_ids":["g2"]}],)"
        R"("frequency":"weekly therapy; medication review monthly","mode_mix":"alternating in person and video",)"
        R"("review_due":")" +
        in60 + R"("})";
    auto v = app.plans().Save(rowan, clients.at("Alex"), *plans::PlanFromJson(shared_plan), origin);
    if (!v) return tl::unexpected(v.error());
    if (auto r = app.plans().Sign(rowan, clients.at("Alex"), v->version, plans::PlanSigner::kClinician, origin); !r)
      return tl::unexpected(r.error());
    if (auto r = app.plans().Sign(avery, clients.at("Alex"), v->version, plans::PlanSigner::kPart, origin); !r)
      return tl::unexpected(r.error());
    care::Medication hydroxyzine;
    hydroxyzine.name = "Hydroxyzine";
    hydroxyzine.strength = "25 mg";
    hydroxyzine.form = "tablet";
    hydroxyzine.dose = "1 tablet";
    hydroxyzine.route = "by mouth";
    hydroxyzine.frequency = "at bedtime as needed";
    hydroxyzine.prescriber = "Alex's primary care physician (outside the practice)";
    hydroxyzine.reason = "Sleep";
    hydroxyzine.started_on = today - date::days{30};
    if (auto r = app.care().AddMedication(rowan, clients.at("Alex"), hydroxyzine, origin); !r)
      return tl::unexpected(r.error());
  }
  for (const char* name : {"Alex", "Morgan"}) {
    auto team = app.care().CareTeam(rowan, clients.at(name), origin);
    if (!team) return tl::unexpected(team.error());
    practice::CareTeam change{{}, team->version};
    for (const auto& m : team->members) change.members.push_back(m.member);
    if (auto r = app.care().SetCareTeam(rowan, clients.at(name), change, true, false, origin); !r)
      return tl::unexpected(r.error());
  }
  return {};
}

// The demo client's messages: one with their therapist, answered, and one to the front desk waiting.
Status SeedDemoMessages(App& app, const std::string& practice_id,
                        const std::unordered_map<std::string, std::string>& users) {
  practice::Origin origin{"demo", "demo"};
  auto as = [&](const char* email, Role role) {
    Principal p;
    p.practice_id = practice_id;
    p.user_id = users.at(email);
    p.role = role;
    return p;
  };
  const Principal alex = as("client@demo.example.com", Role::kClient);
  const Principal rowan = as("therapist@demo.example.com", Role::kClinician);
  messages::NewThread ask{
      "clinician",
      "",
      "Worksheet from last session",
      {"I could not find the thought record worksheet you mentioned. Could you send it again?", "", ""}};
  auto thread = app.messages().ClientStart(alex, ask, origin);
  if (!thread) return tl::unexpected(thread.error());
  auto answer = app.messages().Reply(
      rowan, thread->id, {"Of course. I will bring a printed copy on Thursday and send one here too.", "", ""}, origin);
  if (!answer) return tl::unexpected(answer.error());
  messages::NewThread desk{
      "front_desk", "", "Parking at the clinic", {"Is there parking near the clinic for my visit next week?", "", ""}};
  auto second = app.messages().ClientStart(alex, desk, origin);
  if (!second) return tl::unexpected(second.error());
  // Seeded messages tell nobody: their e-mail notices are set aside before any job runner starts.
  std::vector<std::string> seeded = {answer->id};
  for (const auto* t : {&*thread, &*second})
    for (const auto& m : t->messages) seeded.push_back(m.id);
  return app.database().WithWrite([&](db::Connection& c) -> Status {
    for (const auto& id : seeded)
      if (auto st = jobs::SkipPending(c, "message.notice:" + id + ":", "demo", std::time(nullptr)); !st) return st;
    return {};
  });
}

Result<std::string> SeedDemoPractice(App& app, bool visits) {
  identity::NewPractice practice{"Duet Demo Practice", std::string(kOwnerEmail), "Sam Rivera (owner)",
                                 std::string(kDemoPassword), true};
  auto practice_id = app.identity().CreatePractice(practice);
  if (!practice_id) return tl::unexpected(practice_id.error());
  std::unordered_map<std::string, std::string> user_ids;
  for (const auto& u : kDemoUsers) {
    auto id = app.identity().CreateUser(
        *practice_id, {std::string(u.email), std::string(u.name), u.role, std::string(kDemoPassword), true});
    if (!id) return tl::unexpected(id.error());
    user_ids[std::string(u.email)] = *id;
  }
  Principal owner;
  owner.practice_id = *practice_id;
  owner.role = Role::kOwner;
  auto users = app.identity().ListUsers(owner);
  if (!users) return tl::unexpected(users.error());
  for (const auto& u : *users)
    if (u.email == kOwnerEmail) owner.user_id = u.id;
  practice::Origin origin{"demo", "seed"};
  Date today = DateOf(std::time(nullptr));

  // Licensure that shows every case on the map: a counselor practising under the Counseling
  // Compact from Ohio with a Colorado license about to expire, a PMHNP with state licenses, an OT
  // with one license inside 30 days of expiry, and a psychologist with a PSYPACT APIT.
  const std::vector<DemoClinician> clinicians = {
      {"therapist@demo.example.com",
       "Rowan",
       "Stone",
       Discipline::kCounseling,
       "LPC",
       "1245319599",
       "OH",
       "America/New_York",
       {{LicenseKind::kLicense, "OH", "", "LPCC", 2400, 500},
        {LicenseKind::kLicense, "CO", "", "LPC", 1200, 45},
        {LicenseKind::kCompactPrivilege, "AZ", "COUNSELING", "", 300, 330},
        {LicenseKind::kCompactPrivilege, "MN", "COUNSELING", "", 250, 380}}},
      {"psychiatry@demo.example.com",
       "Avery",
       "Chen",
       Discipline::kPsychiatricNp,
       "PMHNP-BC",
       "1679576722",
       "CO",
       "America/Denver",
       {{LicenseKind::kLicense, "CO", "", "APRN", 1800, 700},
        {LicenseKind::kLicense, "OH", "", "APRN-CNP", 400, 600},  // sees the therapist's Ohio clients by video
        {LicenseKind::kLicense, "NM", "", "CNP", 900, 420},
        {LicenseKind::kLicense, "WY", "", "APRN", 600, 200}}},
      {"ot@demo.example.com",
       "Jordan",
       "Ellis",
       Discipline::kOccupationalTherapy,
       "OTR/L",
       "1093817462",
       "AZ",
       "America/Phoenix",
       {{LicenseKind::kLicense, "AZ", "", "OT", 2000, 600}, {LicenseKind::kLicense, "UT", "", "OT", 700, 20}}},
      {"",
       "Priya",
       "Natarajan",
       Discipline::kPsychology,
       "PhD",
       "1932170412",
       "CO",
       "America/Denver",
       {{LicenseKind::kLicense, "CO", "", "Psychologist", 3000, 800},
        {LicenseKind::kCompactPrivilege, "CO", "PSYPACT", "APIT", 500, 400}}},
      {"supervisor@demo.example.com",
       "Morgan",
       "Reyes",
       Discipline::kSocialWork,
       "LCSW",
       "1568473924",
       "CO",
       "America/Denver",
       {{LicenseKind::kLicense, "CO", "", "LCSW", 4000, 650}}},
  };
  std::vector<std::string> clinician_ids;
  for (const auto& d : clinicians) {
    practice::Clinician k;
    k.user_id = d.user_email[0] ? user_ids[d.user_email] : "";
    k.given_name = d.given;
    k.family_name = d.family;
    k.discipline = d.discipline;
    k.credentials = d.credentials;
    k.npi = practice::IsValidNpi(d.npi) ? d.npi : "";
    k.home_state = d.home_state;
    k.time_zone = d.zone;
    k.email = d.user_email;
    // Dr. Reyes supervises Rowan Stone (a counselor under clinical supervision).
    if (std::string_view(d.given) == "Rowan") k.supervisor_user_id = user_ids["supervisor@demo.example.com"];
    auto created = app.practice().CreateClinician(owner, k, origin);
    if (!created) return tl::unexpected(created.error());
    clinician_ids.push_back(created->id);
    for (const auto& l : d.licenses) {
      practice::License lic;
      lic.kind = l.kind;
      lic.state = l.state;
      lic.compact = l.compact;
      lic.license_type = l.type;
      lic.number = l.kind == LicenseKind::kLicense
                       ? std::string(l.state) + "-" + std::to_string(10000 + clinician_ids.size() * 137)
                       : "";
      lic.issued_on = today - date::days{l.issued_days_ago};
      lic.expires_on = today + date::days{l.expires_in_days};
      if (auto r = app.practice().AddLicense(owner, created->id, lic, origin); !r) return tl::unexpected(r.error());
    }
  }

  // A clinic, the services a hybrid practice offers with a fee per mode, and each clinician's week in
  // mode blocks: Rowan in person Monday/Tuesday mornings, by video in the afternoons and all Thursday.
  scheduling::Location clinic{
      "", "Columbus clinic", "clinic", "100 Synthetic Ave, Columbus, OH 43215", "America/New_York", "OH"};
  auto location = app.scheduling().CreateLocation(owner, clinic, origin);
  if (!location) return tl::unexpected(location.error());
  scheduling::Location denver{"",  "Denver clinic", "clinic", "200 Example St, Denver, CO 80202", "America/Denver",
                              "CO"};
  auto denver_location = app.scheduling().CreateLocation(owner, denver, origin);
  if (!denver_location) return tl::unexpected(denver_location.error());
  scheduling::Location phoenix{"",  "Phoenix clinic", "clinic", "300 Sample Rd, Phoenix, AZ 85004", "America/Phoenix",
                               "AZ"};
  auto phoenix_location = app.scheduling().CreateLocation(owner, phoenix, origin);
  if (!phoenix_location) return tl::unexpected(phoenix_location.error());
  using scheduling::VisitMode;
  struct DemoService {
    const char* name;
    const char* cpt;
    int minutes;
    std::vector<VisitMode> modes;
    bool in_person_required;
    std::vector<Discipline> disciplines;
    scheduling::Fees fees;
  };
  const std::vector<DemoService> services = {
      {"Intake assessment",
       "90791",
       60,
       {VisitMode::kInPerson},
       true,
       {Discipline::kCounseling, Discipline::kSocialWork, Discipline::kPsychology},
       {20000, {}, {}}},
      {"Psychotherapy, 45 minutes",
       "90834",
       50,
       {VisitMode::kInPerson, VisitMode::kVideo, VisitMode::kAudio},
       false,
       {Discipline::kCounseling, Discipline::kSocialWork, Discipline::kPsychology},
       {15000, 12500, 12500}},
      {"Medication management",
       "99214",
       30,
       {VisitMode::kInPerson, VisitMode::kVideo},
       false,
       {Discipline::kPsychiatricNp, Discipline::kPsychiatry},
       {18000, 16000, {}}},
      {"OT evaluation", "97166", 60, {VisitMode::kInPerson}, true, {Discipline::kOccupationalTherapy}, {22000, {}, {}}},
      {"OT treatment / parent coaching",
       "97530",
       45,
       {VisitMode::kInPerson, VisitMode::kVideo},
       false,
       {Discipline::kOccupationalTherapy},
       {14000, 12000, {}}},
  };
  for (const auto& d : services) {
    scheduling::ClinicalService svc;
    svc.name = d.name;
    svc.cpt_code = d.cpt;
    svc.duration_minutes = d.minutes;
    svc.modes = d.modes;
    svc.in_person_required = d.in_person_required;
    svc.disciplines = d.disciplines;
    svc.fees = d.fees;
    svc.client_bookable = !d.in_person_required;  // follow-ups are booked by clients in their portal
    svc.new_clients = d.in_person_required;       // first visits, on the public page
    if (auto r = app.scheduling().CreateService(owner, svc, origin); !r) return tl::unexpected(r.error());
  }
  using scheduling::BlockMode;
  for (std::size_t i = 0; i < clinician_ids.size(); ++i) {
    scheduling::Availability week;
    // Each clinician's in-person blocks are at a clinic in a state where they are licensed.
    const std::string& place = i == 0 ? location->id : i == 2 ? phoenix_location->id : denver_location->id;
    for (int day = 1; day <= 5; ++day) {
      bool video_day = day == 4 || i == 1;  // Thursdays by video; the PMHNP works by video all week
      if (video_day) {
        week.blocks.push_back({day, 9 * 60, 17 * 60, BlockMode::kTelehealth, ""});
      } else {
        week.blocks.push_back({day, 8 * 60, 12 * 60, BlockMode::kInPerson, place});
        week.blocks.push_back({day, 13 * 60, 17 * 60, BlockMode::kTelehealth, ""});
      }
    }
    if (auto r = app.scheduling().PutAvailability(owner, clinician_ids[i], week, origin); !r)
      return tl::unexpected(r.error());
  }

  using practice::Diagnosis;
  const std::vector<DemoClient> clients = {
      {"Alex",
       "Morgan",
       "",
       "they/them",
       "1991-03-14",
       "(614) 555-0101",
       "OH",
       "America/New_York",
       {0},
       {{"F41.1", "Generalized anxiety disorder", true}},
       false,
       "client@demo.example.com"},
      {"Jamie",
       "Rivera",
       "",
       "she/her",
       "1987-11-02",
       "(602) 555-0102",
       "AZ",
       "America/Phoenix",
       {0, 2},
       {{"F43.10", "Post-traumatic stress disorder, unspecified", true}},
       false,
       ""},
      {"Taylor",
       "Brooks",
       "Tay",
       "he/him",
       "1995-06-21",
       "(612) 555-0103",
       "MN",
       "America/Chicago",
       {0},
       {{"F33.1", "Major depressive disorder, recurrent, moderate", true}},
       false,
       ""},
      {"Casey",
       "Nguyen",
       "",
       "she/her",
       "1979-01-30",
       "(512) 555-0104",
       "TX",
       "America/Chicago",
       {0},
       {{"F41.1", "Generalized anxiety disorder", true}},
       false,
       ""},
      {"Morgan",
       "Lee",
       "",
       "she/her",
       "1983-09-09",
       "(303) 555-0105",
       "CO",
       "America/Denver",
       {1, 0},
       {{"F31.81", "Bipolar II disorder", true}},
       false,
       ""},
      {"Quinn",
       "Harper",
       "",
       "he/him",
       "1990-12-12",
       "(505) 555-0106",
       "NM",
       "America/Denver",
       {1},
       {{"F90.2", "ADHD, combined type", true}},
       false,
       ""},
      {"Sam",
       "Okafor",
       "",
       "he/him",
       "1975-04-04",
       "(307) 555-0107",
       "WY",
       "America/Denver",
       {1},
       {{"F33.1", "Major depressive disorder, recurrent, moderate", true}},
       false,
       ""},
      {"Drew",
       "Castillo",
       "",
       "they/them",
       "1998-08-18",
       "(213) 555-0108",
       "CA",
       "America/Los_Angeles",
       {1},
       {{"F41.0", "Panic disorder", true}},
       false,
       ""},
      {"Emery",
       "Walsh",
       "",
       "she/her",
       "2016-05-27",
       "(480) 555-0109",
       "AZ",
       "America/Phoenix",
       {2},
       {{"F82", "Developmental coordination disorder", true}},
       true,
       ""},
      {"Finley",
       "Brooks",
       "Finn",
       "he/him",
       "2012-02-15",
       "(801) 555-0110",
       "UT",
       "America/Denver",
       {2},
       {{"F84.0", "Autistic disorder", true}},
       true,
       ""},
      {"Harper",
       "Kim",
       "",
       "she/her",
       "1993-10-05",
       "(212) 555-0111",
       "NY",
       "America/New_York",
       {3},
       {{"F43.23", "Adjustment disorder with mixed anxiety and depressed mood", true}},
       false,
       ""},
      {"Logan",
       "Price",
       "",
       "he/him",
       "1986-07-19",
       "(214) 555-0112",
       "TX",
       "America/Chicago",
       {3},
       {{"F42.2", "Mixed obsessional thoughts and acts", true}},
       false,
       ""},
  };
  std::unordered_map<std::string, std::string> client_ids;
  auto payers = app.billing().ListPayers(owner);
  if (!payers) return tl::unexpected(payers.error());
  std::string demo_payer;
  for (const auto& p : *payers)
    if (p.name == "Aetna") demo_payer = p.id;
  // The demo's clinicians are in network with it (credentialed since 2020).
  for (const auto& k : clinician_ids) {
    billing::Enrollment e;
    e.status = billing::Network::kInNetwork;
    e.from = ParseDate("2020-01-01");
    if (auto r = app.billing().PutEnrollment(owner, k, demo_payer, e, origin); !r) return tl::unexpected(r.error());
  }
  // The practice as the billing provider on its claims, and the (fictional) clearinghouse it sends to.
  billing::BillingProvider provider;
  provider.name = "Duet Demo Practice LLC";
  provider.npi = "1287654325";
  provider.tax_id = "000000000";
  provider.taxonomy = "101YP2500X";
  provider.address_line = "100 Demo Street";
  provider.city = "Portland";
  provider.state = "OR";
  provider.postal_code = "972040001";
  provider.phone = "5035550100";
  provider.receiver_id = "DEMOCLEARING";
  provider.receiver_name = "Demo Clearinghouse";
  provider.test_files = true;
  if (auto r = app.billing().PutProvider(owner, provider, origin); !r) return tl::unexpected(r.error());
  for (const auto& d : clients) {
    practice::Client c;
    c.user_id = d.user_email[0] ? user_ids[d.user_email] : "";
    c.given_name = d.given;
    c.family_name = d.family;
    c.preferred_name = d.preferred;
    c.pronouns = d.pronouns;
    c.birth_date = d.birth_date;
    c.phone = d.phone;
    c.email = std::string(d.given) + "." + d.family + "@client.example.com";
    for (auto& ch : c.email) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    c.location_state = d.state;
    c.time_zone = d.zone;
    c.address.state = d.state;
    c.diagnoses = d.diagnoses;
    for (int i : d.clinicians) c.clinician_ids.push_back(clinician_ids[i]);
    const bool emery = std::string_view(d.given) == "Emery";
    // Jamie reads their reminders and e-mails in Spanish.
    if (std::string_view(d.given) == "Jamie") c.language = "es";
    if (d.minor) {
      c.guardians.push_back({emery ? std::string("Robin Walsh") : "Parent of " + std::string(d.given), "parent",
                             "(555) 555-0199", emery ? "guardian@demo.example.com" : "guardian@client.example.com",
                             true});
      c.preferred_channel = "email";
    }
    c.emergency_contact = practice::EmergencyContact{"Emergency contact", "family", "(555) 555-0198"};
    // Every demo client but one is insured by one of the practice's payers (a minor through a parent's
    // plan); Casey pays for themself.
    const bool self_pay = std::string_view(d.given) == "Casey";
    practice::InsurancePolicy policy;
    policy.payer_ref = demo_payer;
    policy.member_id = "SHP" + std::string(d.phone).substr(10, 4);
    policy.group_number = "G-100";
    policy.priority = "primary";
    policy.copay = 2500;
    if (d.minor) {
      policy.subscriber_relationship = "child";
      policy.subscriber_name = "Parent of " + std::string(d.given);
      policy.subscriber_birth_date = "1984-06-02";
    } else {
      policy.subscriber_relationship = "self";
      policy.subscriber_name = std::string(d.given) + " " + d.family;
    }
    if (!self_pay) c.insurance.push_back(std::move(policy));
    c.insurance_status = self_pay ? practice::InsuranceStatus::kSelfPay : practice::InsuranceStatus::kInsurance;
    auto r = app.practice().CreateClient(owner, c, origin);
    if (!r) return tl::unexpected(r.error());
    client_ids[d.given] = r->client.id;
  }
  // Emery's parent signs in to Emery's pages (what a guardian sees by default).
  if (auto st = app.database().WithWrite([&](db::Connection& c) -> Status {
        auto linked = identity::store::LinkGuardian(c, *practice_id, client_ids["Emery"],
                                                    user_ids["guardian@demo.example.com"], std::time(nullptr));
        if (!linked) return tl::unexpected(linked.error());
        return {};
      });
      !st)
    return tl::unexpected(st.error());
  if (auto st = SeedDemoMessages(app, *practice_id, user_ids); !st) return tl::unexpected(st.error());
  // The practice's public page, taking first visits.
  if (auto r = app.portal().PutPublicPage(owner, {"duet-demo", true}, origin); !r) return tl::unexpected(r.error());
  if (visits) {
    if (auto st = SeedDemoWeek(app, owner, clinician_ids, client_ids, location->id); !st)
      return tl::unexpected(st.error());
    if (auto st = SeedDemoRecords(app, *practice_id, user_ids, client_ids); !st) return tl::unexpected(st.error());
    if (auto st = SeedDemoBilledWeek(app, owner, user_ids["therapist@demo.example.com"], clinician_ids[0], client_ids,
                                     location->id);
        !st)
      return tl::unexpected(st.error());
    std::string therapy;
    if (auto services = app.scheduling().ListServices(owner))
      for (const auto& x : *services)
        if (x.cpt_code == "90834") therapy = x.id;
    if (auto st = SeedDemoPayouts(app, owner, clinician_ids, therapy); !st) return tl::unexpected(st.error());
  }
  return *practice_id;
}

std::string DemoSignIns() {
  std::string out = "Demo sign-ins (password for all: " + std::string(kDemoPassword) + "):\n";
  out += "  owner       " + std::string(kOwnerEmail) + "\n";
  for (const auto& u : kDemoUsers) {
    std::string role(RoleName(u.role));
    out += "  " + role + std::string(12 - std::min<std::size_t>(11, role.size()), ' ') + std::string(u.email) + "  (" +
           std::string(u.name) + ")\n";
  }
  return out;
}

}  // namespace duet::app
