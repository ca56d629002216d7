// The coding rule (billing/rules.cpp), table-tested against ../shared/reference/billing.md: every row
// of its tables, every boundary minute, the add-on pairings, place of service and modifiers by payer.
#include <gtest/gtest.h>

#include "billing/rules.hpp"

namespace duet::billing {
namespace {

VisitFacts Visit(std::string cpt, int minutes, Delivery delivered = Delivery::kInPerson) {
  VisitFacts v;
  v.cpt = std::move(cpt);
  v.minutes = minutes;
  v.booked = delivered;
  v.delivered = delivered;
  v.where = delivered == Delivery::kInPerson ? ClientLocation::kOffice : ClientLocation::kHome;
  v.date_of_service = *ParseDate("2026-12-07");
  v.diagnoses = {"F41.1"};
  return v;
}

std::vector<std::string> Codes(const Coding& c) {
  std::vector<std::string> out;
  for (const auto& l : c.lines) out.push_back(l.cpt + (l.units > 1 ? "x" + std::to_string(l.units) : ""));
  return out;
}

bool HasProblem(const Coding& c, std::string_view code) {
  return std::any_of(c.problems.begin(), c.problems.end(), [&](const CodingProblem& p) { return p.code == code; });
}

TEST(Coding, PsychotherapyByMinutesAtEveryBoundary) {
  struct Row {
    int minutes;
    const char* code;  // nullptr: not reportable
  };
  for (Row r : {Row{0, nullptr}, Row{15, nullptr}, Row{16, "90832"}, Row{37, "90832"}, Row{38, "90834"},
                Row{52, "90834"}, Row{53, "90837"}, Row{90, "90837"}}) {
    SCOPED_TRACE(r.minutes);
    auto c = CodeVisit(Visit("90834", r.minutes), {});
    if (r.code) {
      EXPECT_EQ(Codes(c), std::vector<std::string>{r.code});
      EXPECT_TRUE(c.problems.empty());
      EXPECT_NE(c.lines[0].explanation.find(std::to_string(r.minutes) + " minutes"), std::string::npos);
    } else {
      EXPECT_TRUE(c.lines.empty());
      EXPECT_TRUE(HasProblem(c, "too_short"));
    }
  }
}

TEST(Coding, AddOnsGoWithAnEmNeverAStandaloneCode) {
  for (auto [minutes, code] : {std::pair{16, "90833"}, {37, "90833"}, {38, "90836"}, {52, "90836"}, {53, "90838"}}) {
    SCOPED_TRACE(minutes);
    VisitFacts v = Visit("99214", 0);
    v.em_minutes = 30;
    v.psychotherapy_minutes = minutes;
    EXPECT_EQ(Codes(CodeVisit(v, {})), (std::vector<std::string>{"99214", code}));
  }
  // A psychotherapy service with an E/M on the note becomes E/M + add-on.
  VisitFacts v = Visit("90834", 45);
  v.mdm = Mdm::kModerate;
  PayerRules mdm;
  mdm.em_basis = EmBasis::kMdm;
  EXPECT_EQ(Codes(CodeVisit(v, mdm)), (std::vector<std::string>{"99214", "90836"}));
  // Under 16 minutes of psychotherapy: the E/M alone.
  v = Visit("99213", 0);
  v.em_minutes = 25;
  v.psychotherapy_minutes = 12;
  auto c = CodeVisit(v, {});
  EXPECT_EQ(Codes(c), std::vector<std::string>{"99213"});
  EXPECT_FALSE(c.notes.empty());
}

TEST(Coding, EmLevelsByTimeAndByDecisionMaking) {
  struct Row {
    bool new_patient;
    int minutes;
    const char* code;
  };
  for (Row r : {Row{true, 14, nullptr}, Row{true, 15, "99202"}, Row{true, 29, "99202"}, Row{true, 30, "99203"},
                Row{true, 44, "99203"}, Row{true, 45, "99204"}, Row{true, 59, "99204"}, Row{true, 60, "99205"},
                Row{false, 9, "99211"}, Row{false, 10, "99212"}, Row{false, 19, "99212"}, Row{false, 20, "99213"},
                Row{false, 29, "99213"}, Row{false, 30, "99214"}, Row{false, 39, "99214"}, Row{false, 40, "99215"},
                Row{false, 60, "99215"}}) {
    SCOPED_TRACE(std::to_string(r.minutes) + (r.new_patient ? " new" : " established"));
    auto code = EmByTime(r.new_patient, r.minutes);
    if (r.code)
      EXPECT_EQ(code, r.code);
    else
      EXPECT_FALSE(code.has_value());
  }
  EXPECT_EQ(EmByMdm(true, Mdm::kStraightforward), "99202");
  EXPECT_EQ(EmByMdm(true, Mdm::kHigh), "99205");
  EXPECT_EQ(EmByMdm(false, Mdm::kLow), "99213");
  EXPECT_EQ(EmByMdm(false, Mdm::kModerate), "99214");
  // The payer decides time or decision making when the note has both.
  VisitFacts v = Visit("99213", 0);
  v.em_minutes = 41;
  v.mdm = Mdm::kLow;
  PayerRules by_time, by_mdm;
  by_mdm.em_basis = EmBasis::kMdm;
  EXPECT_EQ(Codes(CodeVisit(v, by_time)), std::vector<std::string>{"99215"});
  EXPECT_EQ(Codes(CodeVisit(v, by_mdm)), std::vector<std::string>{"99213"});
  v.em_minutes.reset();
  v.mdm.reset();
  EXPECT_TRUE(HasProblem(CodeVisit(v, {}), "em_level_missing"));
}

TEST(Coding, CrisisByTotalTime) {
  EXPECT_EQ(Codes(CodeVisit(Visit("90839", 29), {})), std::vector<std::string>{"90832"});
  EXPECT_EQ(Codes(CodeVisit(Visit("90839", 30), {})), std::vector<std::string>{"90839"});
  EXPECT_EQ(Codes(CodeVisit(Visit("90839", 74), {})), std::vector<std::string>{"90839"});
  EXPECT_EQ(Codes(CodeVisit(Visit("90839", 75), {})), (std::vector<std::string>{"90839", "90840"}));
  EXPECT_EQ(Codes(CodeVisit(Visit("90839", 104), {})), (std::vector<std::string>{"90839", "90840"}));
  EXPECT_EQ(Codes(CodeVisit(Visit("90839", 105), {})), (std::vector<std::string>{"90839", "90840x2"}));
  EXPECT_EQ(Codes(CodeVisit(Visit("90839", 134), {})), (std::vector<std::string>{"90839", "90840x2"}));
  EXPECT_EQ(Codes(CodeVisit(Visit("90839", 135), {})), (std::vector<std::string>{"90839", "90840x3"}));
}

TEST(Coding, FamilyAtTwentySixMinutesGroupPerClientEvaluationsOnce) {
  EXPECT_TRUE(HasProblem(CodeVisit(Visit("90847", 25), {}), "too_short"));
  EXPECT_EQ(Codes(CodeVisit(Visit("90847", 26), {})), std::vector<std::string>{"90847"});
  EXPECT_EQ(Codes(CodeVisit(Visit("90846", 50), {})), std::vector<std::string>{"90846"});
  EXPECT_EQ(Codes(CodeVisit(Visit("90853", 90), {})), std::vector<std::string>{"90853"});
  EXPECT_EQ(Codes(CodeVisit(Visit("90791", 75), {})), std::vector<std::string>{"90791"});
  EXPECT_EQ(Codes(CodeVisit(Visit("90792", 10), {})), std::vector<std::string>{"90792"});
}

TEST(Coding, InteractiveComplexityOnlyWithAFactorAndItsPrimaries) {
  VisitFacts v = Visit("90834", 45);
  EXPECT_EQ(Codes(CodeVisit(v, {})), std::vector<std::string>{"90834"});
  v.complexity_factor = "interpreter";
  EXPECT_EQ(Codes(CodeVisit(v, {})), (std::vector<std::string>{"90834", "90785"}));
  for (const char* primary : {"90791", "90792", "90853"}) {
    VisitFacts p = Visit(primary, 60);
    p.complexity_factor = "play equipment";
    EXPECT_EQ(Codes(CodeVisit(p, {})).back(), "90785") << primary;
  }
  for (const char* not_allowed : {"90839", "90847"}) {
    VisitFacts p = Visit(not_allowed, 60);
    p.complexity_factor = "maladaptive communication";
    auto c = CodeVisit(p, {});
    EXPECT_NE(Codes(c).back(), "90785") << not_allowed;
    EXPECT_FALSE(c.notes.empty());
  }
  VisitFacts em = Visit("99213", 0);
  em.em_minutes = 20;
  em.complexity_factor = "interpreter";
  EXPECT_EQ(Codes(CodeVisit(em, {})), std::vector<std::string>{"99213"});
  em.psychotherapy_minutes = 20;
  EXPECT_EQ(Codes(CodeVisit(em, {})), (std::vector<std::string>{"99213", "90833", "90785"}));
}

TEST(Coding, PlaceOfServiceAndModifiersByPayer) {
  EXPECT_EQ(PlaceOfService(Delivery::kVideo, ClientLocation::kHome, PosStyle::kTelehealthPos), "10");
  EXPECT_EQ(PlaceOfService(Delivery::kVideo, ClientLocation::kElsewhere, PosStyle::kTelehealthPos), "02");
  EXPECT_EQ(PlaceOfService(Delivery::kAudio, ClientLocation::kHome, PosStyle::kInPersonPos), "11");
  EXPECT_EQ(PlaceOfService(Delivery::kInPerson, ClientLocation::kOffice, PosStyle::kTelehealthPos), "11");
  EXPECT_EQ(PlaceOfService(Delivery::kInPerson, ClientLocation::kClientHome, PosStyle::kTelehealthPos), "12");

  PayerRules commercial;  // POS 02/10 + 95, 93
  auto video = CodeVisit(Visit("90837", 55, Delivery::kVideo), commercial);
  EXPECT_EQ(video.lines[0].pos, "10");
  EXPECT_EQ(video.lines[0].modifiers, std::vector<std::string>{"95"});
  PayerRules medicare;
  medicare.video_modifier = VideoModifier::kNone;
  EXPECT_TRUE(CodeVisit(Visit("90837", 55, Delivery::kVideo), medicare).lines[0].modifiers.empty());
  PayerRules medicaid;
  medicaid.pos_style = PosStyle::kInPersonPos;
  auto mc = CodeVisit(Visit("90837", 55, Delivery::kVideo), medicaid);
  EXPECT_EQ(mc.lines[0].pos, "11");
  EXPECT_EQ(mc.lines[0].modifiers, std::vector<std::string>{"95"});
  PayerRules fqhc;
  fqhc.audio_modifier = AudioModifier::kFQ;
  EXPECT_EQ(CodeVisit(Visit("90834", 40, Delivery::kAudio), fqhc).lines[0].modifiers, std::vector<std::string>{"FQ"});
  auto office = CodeVisit(Visit("90834", 45), commercial);
  EXPECT_EQ(office.lines[0].pos, "11");
  EXPECT_TRUE(office.lines[0].modifiers.empty());
}

TEST(Coding, AVideoVisitThatDroppedToAudioIsCodedAsAudioAndSaysSo) {
  VisitFacts v = Visit("90834", 43, Delivery::kAudio);
  v.booked = Delivery::kVideo;
  v.video_minutes = 12;
  v.audio_minutes = 31;
  auto c = CodeVisit(v, {});
  ASSERT_EQ(Codes(c), std::vector<std::string>{"90834"});
  EXPECT_EQ(c.lines[0].pos, "10");
  EXPECT_EQ(c.lines[0].modifiers, std::vector<std::string>{"93"});
  bool said = std::any_of(c.notes.begin(), c.notes.end(), [](const std::string& n) {
    return n.find("video 12 minutes, audio only 31 minutes") != std::string::npos &&
           n.find("modifier 93") != std::string::npos;
  });
  EXPECT_TRUE(said);
}

TEST(Coding, TheEightMinuteRuleTable) {
  struct Row {
    int minutes, units;
  };
  for (Row r : {Row{0, 0}, Row{7, 0}, Row{8, 1}, Row{22, 1}, Row{23, 2}, Row{37, 2}, Row{38, 3}, Row{41, 3}, Row{52, 3},
                Row{53, 4}, Row{67, 4}, Row{68, 5}, Row{82, 5}, Row{83, 6}, Row{97, 6}, Row{98, 7}, Row{112, 7},
                Row{113, 8}, Row{127, 8}}) {
    EXPECT_EQ(PooledUnits(r.minutes), r.units) << r.minutes;
  }
}

TEST(Coding, PooledUnitsGoToTheCodesWithTheMostMinutesLeft) {
  // CMS's example: 33 + 7 = 40 minutes → 3 units; 97110 has 2 full units and 3 minutes left, 97140 has 7
  // left, so the third unit goes to 97140.
  auto u = UnitsForTimedCodes({{"97110", 33}, {"97140", 7}}, UnitMethod::kPooled);
  ASSERT_EQ(u.size(), 2u);
  EXPECT_EQ(u[0].cpt, "97110");
  EXPECT_EQ(u[0].units, 2);
  EXPECT_EQ(u[1].units, 1);
  // Several codes each under 8 minutes still make a unit when their total reaches 8: to the one with most.
  u = UnitsForTimedCodes({{"97110", 5}, {"97530", 4}}, UnitMethod::kPooled);
  EXPECT_EQ(u[0].units, 1);
  EXPECT_EQ(u[1].units, 0);
  // Per code at the midpoint: neither reaches 8 on its own.
  u = UnitsForTimedCodes({{"97110", 5}, {"97530", 4}}, UnitMethod::kPerCode);
  EXPECT_EQ(u[0].units + u[1].units, 0);
  u = UnitsForTimedCodes({{"97110", 23}, {"97140", 8}}, UnitMethod::kPerCode);
  EXPECT_EQ(u[0].units, 2);
  EXPECT_EQ(u[1].units, 1);
  // Pooled 31 minutes → 2 units, not 3; both have 8 left, so the code with more minutes gets the second.
  u = UnitsForTimedCodes({{"97110", 23}, {"97140", 8}}, UnitMethod::kPooled);
  EXPECT_EQ(u[0].units, 2);
  EXPECT_EQ(u[1].units, 0);
  // CMS's example: 24 minutes of 97112 and 23 of 97110 → 47 minutes, 3 units: two to 97112.
  u = UnitsForTimedCodes({{"97112", 24}, {"97110", 23}}, UnitMethod::kPooled);
  EXPECT_EQ(u[0].cpt, "97110");
  EXPECT_EQ(u[0].units, 1);
  EXPECT_EQ(u[1].units, 2);
}

TEST(Coding, RehabLinesCarryTheDisciplineAssistantAndThresholdModifiers) {
  VisitFacts v = Visit("97110", 0, Delivery::kVideo);
  v.timed_minutes = {{"97110", 25}, {"97530", 15}};
  v.therapy = Therapy::kPhysical;
  v.assistant = true;
  v.over_therapy_threshold = true;
  auto c = CodeVisit(v, {});
  ASSERT_EQ(Codes(c), (std::vector<std::string>{"97110x2", "97530"}));
  EXPECT_EQ(c.lines[0].modifiers, (std::vector<std::string>{"GP", "CQ", "95", "KX"}));
  // An evaluation is untimed (1 unit), takes its discipline from the code, and no assistant modifier.
  VisitFacts eval = Visit("97165", 60);
  eval.assistant = true;
  auto e = CodeVisit(eval, {});
  ASSERT_EQ(Codes(e), std::vector<std::string>{"97165"});
  EXPECT_EQ(e.lines[0].modifiers, std::vector<std::string>{"GO"});
  VisitFacts slp = Visit("92507", 45);
  EXPECT_EQ(CodeVisit(slp, {}).lines[0].modifiers, std::vector<std::string>{"GN"});
  VisitFacts both = Visit("92522", 60);
  both.untimed_codes = {"92522", "92523"};
  EXPECT_TRUE(HasProblem(CodeVisit(both, {}), "code_pair"));
  VisitFacts unknown = Visit("97110", 30);
  EXPECT_TRUE(HasProblem(CodeVisit(unknown, {}), "therapy_discipline_missing"));
}

TEST(Coding, ProblemsBlockTheClaimWithTheirReason) {
  VisitFacts v = Visit("90837", 55, Delivery::kVideo);
  v.diagnoses.clear();
  v.licensed_where_client_was = false;
  auto c = CodeVisit(v, {});
  EXPECT_TRUE(HasProblem(c, "no_diagnosis"));
  EXPECT_TRUE(HasProblem(c, "not_licensed"));
  // In person, licensure at join does not apply.
  VisitFacts office = Visit("90837", 55);
  office.licensed_where_client_was = false;
  EXPECT_FALSE(HasProblem(CodeVisit(office, {}), "not_licensed"));
  // Diagnosis pointers: up to four.
  office.diagnoses = {"F41.1", "F32.1", "F43.10", "Z63.0", "F90.0"};
  EXPECT_EQ(CodeVisit(office, {}).lines[0].diagnosis_pointers, (std::vector<int>{1, 2, 3, 4}));
  EXPECT_TRUE(HasProblem(CodeVisit(Visit("12345", 30), {}), "unknown_code"));
}

TEST(Coding, DatedTelehealthWindowsOfAPayer) {
  PayerRules medicare;
  medicare.name = "Medicare";
  medicare.telehealth_windows = {{"97", std::nullopt, *ParseDate("2027-12-31"), "telehealth flexibilities"}};
  VisitFacts v = Visit("97110", 30, Delivery::kVideo);
  v.therapy = Therapy::kPhysical;
  EXPECT_FALSE(HasProblem(CodeVisit(v, medicare), "not_payable_by_telehealth"));
  v.date_of_service = *ParseDate("2028-01-03");
  auto c = CodeVisit(v, medicare);
  ASSERT_TRUE(HasProblem(c, "not_payable_by_telehealth"));
  EXPECT_NE(c.problems.back().message.find("through 2027-12-31"), std::string::npos);
  // Psychotherapy is not in that window.
  EXPECT_FALSE(HasProblem(CodeVisit(Visit("90834", 45, Delivery::kVideo), medicare), "not_payable_by_telehealth"));
  // In person the window does not apply.
  VisitFacts office = Visit("97110", 30);
  office.therapy = Therapy::kPhysical;
  office.date_of_service = *ParseDate("2028-01-03");
  EXPECT_FALSE(HasProblem(CodeVisit(office, medicare), "not_payable_by_telehealth"));
}

TEST(Coding, PayerSettingsAreChecked) {
  Payer p;
  EXPECT_EQ(ValidatePayer(p).size(), 2u);
  p.name = "Aetna";
  p.payer_id = "60054";
  EXPECT_TRUE(ValidatePayer(p).empty());
  p.payer_id = "60 054";
  p.telehealth_windows = {{"9x", std::nullopt, std::nullopt, ""}};
  EXPECT_EQ(ValidatePayer(p).size(), 3u);
}

TEST(Network, InNetworkOnlyWithinItsDates) {
  const Date on = *ParseDate("2026-12-07");
  EXPECT_TRUE(NotInNetwork(std::nullopt, "Aetna", on).has_value());
  Enrollment e;
  e.status = Network::kPending;
  EXPECT_NE(NotInNetwork(e, "Aetna", on)->find("pending"), std::string::npos);
  e.status = Network::kInNetwork;
  EXPECT_FALSE(NotInNetwork(e, "Aetna", on).has_value());
  e.from = *ParseDate("2026-12-08");
  EXPECT_NE(NotInNetwork(e, "Aetna", on)->find("only from 2026-12-08"), std::string::npos);
  e.from = *ParseDate("2026-12-07");
  e.until = *ParseDate("2026-12-07");
  EXPECT_FALSE(NotInNetwork(e, "Aetna", on).has_value());
  e.until = *ParseDate("2026-12-06");
  EXPECT_NE(NotInNetwork(e, "Aetna", on)->find("ended on 2026-12-06"), std::string::npos);
  e.status = Network::kOutOfNetwork;
  e.until.reset();
  EXPECT_NE(NotInNetwork(e, "Aetna", on)->find("not in network"), std::string::npos);
}

TEST(ClientShare, DeductibleThenCoinsuranceThenCopayNeverMoreThanTheFee) {
  EXPECT_EQ(ClientShare(15000, std::nullopt), 15000) << "self-pay: all of it";
  EXPECT_EQ(ClientShare(15000, PolicyShare{2500, std::nullopt, std::nullopt}), 2500);
  EXPECT_EQ(ClientShare(15000, PolicyShare{std::nullopt, 20, std::nullopt}), 3000);
  EXPECT_EQ(ClientShare(15000, PolicyShare{std::nullopt, 20, 5000}), 5000 + 2000);
  EXPECT_EQ(ClientShare(15000, PolicyShare{1000, 20, 20000}), 15000) << "the deductible takes the whole fee";
  EXPECT_EQ(ClientShare(15000, PolicyShare{20000, std::nullopt, std::nullopt}), 15000) << "capped at the fee";
  EXPECT_EQ(ClientShare(0, PolicyShare{2500, 20, 1000}), 0);
}

TEST(BillingProvider, ShapesAreChecked) {
  BillingProvider p;
  EXPECT_TRUE(ValidateBillingProvider(p).empty()) << "empty until claims are made";
  p.npi = "1234567893";
  p.tax_id = "12-3456789";
  p.taxonomy = "101YP2500X";
  p.state = "CO";
  p.postal_code = "80202-1234";
  EXPECT_TRUE(ValidateBillingProvider(p).empty());
  p.npi = "1234567890";  // wrong check digit
  p.tax_id = "123";
  p.taxonomy = "101Y";
  p.state = "co";
  p.postal_code = "802";
  EXPECT_EQ(ValidateBillingProvider(p).size(), 5u);
}

}  // namespace
}  // namespace duet::billing
