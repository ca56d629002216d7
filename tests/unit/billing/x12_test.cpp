// The 837P writer and the 835 reader (billing/rules_x12), and what a claim payment does to a claim.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "billing/rules.hpp"
#include "billing/rules_x12.hpp"

namespace duet::billing {
namespace {

BillingProvider Provider() {
  BillingProvider p;
  p.name = "Harbor Counseling Group";
  p.npi = "1234567893";
  p.tax_id = "123456789";
  p.taxonomy = "101YP2500X";
  p.address_line = "100 Main St";
  p.city = "Portland";
  p.state = "OR";
  p.postal_code = "972041234";
  p.phone = "5035550100";
  return p;
}

Interchange Envelope() { return {"SUBMITTER1", "CLEARHOUSE", "Example Clearinghouse", 42, 1796300000, true}; }

Claim MakeClaim(std::string number, bool dependant) {
  Claim c;
  c.id = number;
  c.number = std::move(number);
  c.client_name = "Alex Rivera";
  c.date_of_service = *ParseDate("2026-12-03");
  c.detail.payer_name = "Aetna";
  c.detail.payer_id = "60054";
  c.detail.subscriber = {"Alex", "Rivera", "1990-04-02", "U", "W123456789", "1 Oak St", "Portland", "OR", "97204"};
  if (dependant) {
    c.detail.relationship = "child";
    c.detail.patient = c.detail.subscriber;
    c.detail.subscriber.given_name = "Sam";
  }
  c.detail.rendering_given_name = "Rowan";
  c.detail.rendering_family_name = "Stone";
  c.detail.rendering_npi = "1245319599";
  c.detail.rendering_taxonomy = "101YP2500X";
  c.detail.diagnoses = {"F41.1", "Z63.72"};
  c.detail.pos = "10";
  c.lines = {ClaimLine{"90834", {"93"}, 1, 15050, "10", {1, 2}, 0, {}},
             ClaimLine{"90785", {"93"}, 1, 2000, "10", {1}, 0, {}}};
  return c;
}

std::vector<std::vector<std::string>> Segments(const std::string& file) {
  std::vector<std::vector<std::string>> out;
  std::stringstream in(file);
  std::string seg;
  while (std::getline(in, seg, '~')) {
    while (!seg.empty() && (seg.front() == '\n')) seg.erase(seg.begin());
    if (seg.empty()) continue;
    std::vector<std::string> el;
    std::stringstream es(seg);
    std::string e;
    while (std::getline(es, e, '*')) el.push_back(e);
    if (seg.back() == '*') el.emplace_back();
    out.push_back(el);
  }
  return out;
}

TEST(X12, AmountsAreDecimalWithoutTrailingZeros) {
  EXPECT_EQ(X12Amount(15000), "150");
  EXPECT_EQ(X12Amount(15050), "150.5");
  EXPECT_EQ(X12Amount(15005), "150.05");
  EXPECT_EQ(X12Amount(0), "0");
  EXPECT_EQ(X12Amount(-2500), "-25");
}

TEST(X12, The837PHasItsEnvelopeCountsAndClaimTotals) {
  const auto file = Write837P(Envelope(), Provider(), {MakeClaim("DU00000001", false), MakeClaim("DU00000002", true)});
  const auto segs = Segments(file);
  ASSERT_GE(segs.size(), 10u);
  EXPECT_EQ(segs.front()[0], "ISA");
  EXPECT_EQ(segs.front()[13], "000000042");
  EXPECT_EQ(segs.front()[15], "T");
  EXPECT_EQ(segs.front()[6].size(), 15u);  // fixed width
  EXPECT_EQ(segs.back()[0], "IEA");
  EXPECT_EQ(segs.back()[2], "000000042");
  auto st = std::find_if(segs.begin(), segs.end(), [](const auto& s) { return s[0] == "ST"; });
  auto se = std::find_if(segs.begin(), segs.end(), [](const auto& s) { return s[0] == "SE"; });
  ASSERT_NE(st, segs.end());
  ASSERT_NE(se, segs.end());
  EXPECT_EQ((*st)[3], "005010X222A1");
  EXPECT_EQ(std::stoi((*se)[1]), static_cast<int>(se - st + 1));
  int clm = 0;
  int hl_patient = 0;
  for (const auto& s : segs) {
    if (s[0] == "CLM") {
      ++clm;
      EXPECT_EQ(s[2], "170.5");  // 150.50 + 20.00
      EXPECT_EQ(s[5], "10:B:1");
    }
    if (s[0] == "HL" && s[3] == "23") ++hl_patient;
    if (s[0] == "HI") EXPECT_EQ(s[1], "ABK:F411");
    if (s[0] == "SV1" && s[1] == "HC:90834:93") EXPECT_EQ(s[7], "1:2");
  }
  EXPECT_EQ(clm, 2);
  EXPECT_EQ(hl_patient, 1);  // only the dependant has a patient loop
}

TEST(X12, NamesLoseSeparatorsAndAReplacementNamesThePayersClaim) {
  Claim c = MakeClaim("DU00000003", false);
  c.client_name = "A*B";
  c.detail.subscriber.family_name = "O'Neil~*:";
  c.frequency = "7";
  c.payer_claim_number = "PCN-77";
  const auto file = Write837P(Envelope(), Provider(), {c});
  EXPECT_NE(file.find("NM1*IL*1*O'NEIL*ALEX"), std::string::npos);
  EXPECT_NE(file.find("10:B:7"), std::string::npos);
  EXPECT_NE(file.find("REF*F8*PCN-77~"), std::string::npos);
}

TEST(X12, ClaimFileProblemsNameWhatIsMissing) {
  BillingProvider p = Provider();
  p.postal_code = "97204";
  Claim c = MakeClaim("DU1", false);
  c.detail.diagnoses.clear();
  c.lines[0].diagnosis_pointers = {3};
  auto problems = ClaimFileProblems(Envelope(), p, {c});
  auto has = [&](std::string_view words) {
    return std::any_of(problems.begin(), problems.end(),
                       [&](const std::string& x) { return x.find(words) != std::string::npos; });
  };
  EXPECT_TRUE(has("9-digit ZIP"));
  EXPECT_TRUE(has("no diagnosis"));
  EXPECT_TRUE(has("points at a diagnosis"));
  EXPECT_TRUE(ClaimFileProblems(Envelope(), Provider(), {MakeClaim("DU2", false)}).empty());
}

// An 835 paying claim DU00000001 in part: 170.50 billed, 100 paid, 30 coinsurance (PR 2), 40.50 over
// the fee schedule (CO 45).
std::string Era(std::string bpr = "100", std::string se_count = "") {
  std::string body =
      "ST*835*0001~BPR*I*" + bpr +
      "*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20261210~"
      "TRN*1*EFT0001*1512345678~DTM*405*20261210~N1*PR*AETNA~N1*PE*HARBOR COUNSELING GROUP*XX*1234567893~"
      "LX*1~CLP*DU00000001*1*170.5*100*30*12*PCN-1~NM1*QC*1*RIVERA*ALEX~"
      "SVC*HC:90834:93*150.5*100~DTM*472*20261203~CAS*PR*2*30~CAS*CO*45*20.5~REF*6R*1~"
      "SVC*HC:90785:93*20*0~DTM*472*20261203~CAS*CO*45*20~REF*6R*2~";
  int count = 1;
  for (char ch : body) count += ch == '~';
  body += "SE*" + (se_count.empty() ? std::to_string(count) : se_count) + "*0001~";
  return "ISA*00*          *00*          *ZZ*AETNA          *ZZ*SUBMITTER1     *261210*1200*^*00501*000000777*0*P*:~"
         "GS*HP*AETNA*SUBMITTER1*20261210*1200*777*X*005010X221A1~" +
         body + "GE*1*777~IEA*1*000000777~";
}

TEST(X12, An835IsReadWithItsClaimsLinesAndAdjustments) {
  auto r = Parse835(Era());
  ASSERT_TRUE(r.has_value()) << r.error().segment << " " << r.error().reason;
  EXPECT_EQ(r->trace_number, "EFT0001");
  EXPECT_EQ(r->total_paid, 10000);
  EXPECT_EQ(r->payer_name, "AETNA");
  ASSERT_EQ(r->claims.size(), 1u);
  const auto& c = r->claims[0];
  EXPECT_EQ(c.claim_number, "DU00000001");
  EXPECT_EQ(c.payer_claim_number, "PCN-1");
  EXPECT_EQ(c.patient_responsibility, 3000);
  ASSERT_EQ(c.lines.size(), 2u);
  EXPECT_EQ(c.lines[0].line_ref, "1");
  EXPECT_EQ(c.lines[0].modifiers, std::vector<std::string>{"93"});
  EXPECT_EQ(c.lines[0].adjustments.size(), 2u);
}

TEST(X12, AMalformedOrUnbalanced835IsRefusedWithTheSegment) {
  EXPECT_FALSE(Parse835("hello").has_value());
  auto wrong_total = Parse835(Era("99"));
  ASSERT_FALSE(wrong_total.has_value());
  EXPECT_NE(wrong_total.error().reason.find("BPR02"), std::string::npos);
  auto wrong_count = Parse835(Era("100", "5"));
  ASSERT_FALSE(wrong_count.has_value());
  EXPECT_EQ(wrong_count.error().segment_id, "SE");
  std::string unbalanced = Era();
  unbalanced.replace(unbalanced.find("CAS*CO*45*20.5"), 14, "CAS*CO*45*10.5");
  auto bad_line = Parse835(unbalanced);
  ASSERT_FALSE(bad_line.has_value());
  EXPECT_NE(bad_line.error().reason.find("service line"), std::string::npos);
  std::string bad_amount = Era();
  bad_amount.replace(bad_amount.find("CAS*PR*2*30"), 11, "CAS*PR*2*3x");
  auto x = Parse835(bad_amount);
  ASSERT_FALSE(x.has_value());
  EXPECT_EQ(x.error().segment_id, "CAS");
  EXPECT_GT(x.error().segment, 10);
}

TEST(Posting, APartPaymentMovesTheRestToTheClientAndMatchesLinesByNumber) {
  Claim claim = MakeClaim("DU00000001", false);
  claim.status = ClaimStatus::kSent;
  auto r = Parse835(Era());
  ASSERT_TRUE(r.has_value());
  Posting p = PostingFor(claim, r->claims[0]);
  EXPECT_EQ(p.status, ClaimStatus::kPartlyPaid);
  EXPECT_EQ(p.paid, 10000);
  EXPECT_EQ(p.patient_responsibility, 3000);
  EXPECT_EQ(p.lines[0].paid, 10000);
  EXPECT_EQ(p.lines[1].paid, 0);
  EXPECT_TRUE(p.denial_reasons.empty());  // CO 45 and PR are not denials
  EXPECT_TRUE(p.problems.empty());
}

TEST(Posting, DenialsAreNamedInWords) {
  Claim claim = MakeClaim("DU9", false);
  ClaimPayment denied{1, "DU9", "4", 17050, 0, 0, "PCN-9", {{"CO", "50", 17050}}, {}};
  Posting p = PostingFor(claim, denied);
  EXPECT_EQ(p.status, ClaimStatus::kDenied);
  ASSERT_EQ(p.denial_reasons.size(), 1u);
  EXPECT_NE(p.denial_reasons[0].find("medically necessary"), std::string::npos);
  ClaimPayment paid{1, "DU9", "1", 17050, 15000, 0, "PCN-9", {{"CO", "45", 2050}}, {}};
  EXPECT_EQ(PostingFor(claim, paid).status, ClaimStatus::kPaid);
  ClaimPayment stranger{1, "DU9", "1", 100, 100, 0, "P", {}, {LinePayment{"99999", {}, 100, 100, 1, "", {}}}};
  EXPECT_FALSE(PostingFor(claim, stranger).problems.empty());
}

TEST(ClaimStatus, MovesOnlyForward) {
  EXPECT_TRUE(MayMove(ClaimStatus::kDraft, ClaimStatus::kReady));
  EXPECT_TRUE(MayMove(ClaimStatus::kReady, ClaimStatus::kSent));
  EXPECT_TRUE(MayMove(ClaimStatus::kSent, ClaimStatus::kPartlyPaid));
  EXPECT_TRUE(MayMove(ClaimStatus::kDenied, ClaimStatus::kResubmitted));
  EXPECT_FALSE(MayMove(ClaimStatus::kDraft, ClaimStatus::kPaid));
  EXPECT_FALSE(MayMove(ClaimStatus::kPaid, ClaimStatus::kPaid));
  EXPECT_FALSE(MayMove(ClaimStatus::kResubmitted, ClaimStatus::kSent));
  EXPECT_FALSE(MayMove(ClaimStatus::kReady, ClaimStatus::kAccepted));
}

TEST(Pricing, TheServiceFeeGoesToItsOwnCodeAndOthersNeedAFee) {
  std::vector<ChargeLine> lines = {{"90833", 1, {}, "11", {1}, "", 0}, {"99214", 1, {}, "11", {1}, "", 0}};
  std::vector<CodingProblem> problems;
  PriceLines(lines, "99214", 20000, {{"90833", 9000}}, problems);
  EXPECT_EQ(lines[0].amount, 9000);
  EXPECT_EQ(lines[1].amount, 20000);
  EXPECT_TRUE(problems.empty());
  lines = {{"90839", 1, {}, "11", {1}, "", 0}, {"90840", 2, {}, "11", {1}, "", 0}};
  PriceLines(lines, "90839", 25000, {}, problems);
  EXPECT_EQ(lines[0].amount, 25000);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].code, "no_line_fee");
}

TEST(Summary, ChargesGoToTheirWeekModeAndPayerAndVoidsAreLeftOut) {
  const Date monday = *ParseDate("2026-11-30");
  auto charge = [](std::string date, std::int64_t fee, std::vector<ChargeLine> lines, std::string payer,
                   ChargeStatus status = ChargeStatus::kReady) {
    Charge c;
    c.date_of_service = *ParseDate(date);
    c.fee = fee;
    c.payer_paid = fee / 2;
    c.lines = std::move(lines);
    c.payer_name = std::move(payer);
    c.status = status;
    return c;
  };
  const ChargeLine office{"90834", 1, {}, "11", {1}, "", 0};
  const ChargeLine video{"90834", 1, {"95"}, "10", {1}, "", 0};
  const ChargeLine audio{"90834", 1, {"93"}, "10", {1}, "", 0};
  const ChargeLine medicare_video{"90834", 1, {}, "02", {1}, "", 0};
  std::vector<Charge> charges = {charge("2026-11-30", 10000, {office}, "Aetna"),
                                 charge("2026-12-06", 20000, {video}, "Aetna"),
                                 charge("2026-12-07", 30000, {audio}, ""),
                                 charge("2026-12-08", 40000, {medicare_video}, "Medicare Part B"),
                                 charge("2026-12-08", 99900, {office}, "Aetna", ChargeStatus::kVoid),
                                 charge("2026-11-29", 55500, {office}, "Aetna")};
  auto s = SummarizeCharges(charges, monday, 2);
  ASSERT_EQ(s.weeks.size(), 2u);
  EXPECT_EQ(s.weeks[0].charged, 30000);
  EXPECT_EQ(s.weeks[0].in_person, 10000);
  EXPECT_EQ(s.weeks[0].video, 20000);
  EXPECT_EQ(s.weeks[1].audio, 30000);
  EXPECT_EQ(s.weeks[1].video, 40000);
  EXPECT_EQ(s.weeks[1].payer_paid, 35000);
  ASSERT_EQ(s.payers.size(), 3u);
  EXPECT_EQ(s.payers[0].payer_name, "Medicare Part B");
  EXPECT_EQ(s.payers[1].payer_name, "Aetna");  // ties by name
  EXPECT_EQ(s.payers[1].charges, 2);
  EXPECT_EQ(s.payers[2].payer_name, "Self-pay");
  EXPECT_EQ(DeliveryOfLines({}), Delivery::kInPerson);
}

TEST(Threshold, PtAndSlpCountTogetherAndOtApart) {
  auto charge = [](std::vector<ChargeLine> lines, ChargeStatus status = ChargeStatus::kReady) {
    Charge c;
    c.lines = std::move(lines);
    c.status = status;
    return c;
  };
  const std::vector<Charge> year = {charge({{"97110", 2, {"GP"}, "11", {1}, "", 9000}}),
                                    charge({{"92507", 1, {"GN"}, "11", {1}, "", 12000}}),
                                    charge({{"97530", 2, {"GO", "CO"}, "11", {1}, "", 8000}}),
                                    charge({{"97110", 1, {"GP"}, "11", {1}, "", 99900}}, ChargeStatus::kVoid),
                                    charge({{"90834", 1, {"95"}, "10", {1}, "", 15000}})};
  EXPECT_EQ(TherapySpend(year, Therapy::kPhysical), 21000);
  EXPECT_EQ(TherapySpend(year, Therapy::kSpeech), 21000);
  EXPECT_EQ(TherapySpend(year, Therapy::kOccupational), 8000);
  EXPECT_EQ(TherapySpend(year, Therapy::kNone), 0);
}

TEST(VisitFees, ByServiceThenTheDefaultAndOnlyForLateCancellationsAndNoShows) {
  VisitFeePolicy p;
  p.late_cancel = 5000;
  p.by_service = {{"therapy", 4000, std::nullopt}, {"intake", 0, 9000}};
  EXPECT_EQ(VisitFee(p, "therapy", "late_cancelled"), 4000);
  EXPECT_EQ(VisitFee(p, "therapy", "no_show"), std::nullopt);  // no default for no-shows
  EXPECT_EQ(VisitFee(p, "intake", "late_cancelled"), std::nullopt) << "zero: the service waives it";
  EXPECT_EQ(VisitFee(p, "intake", "no_show"), 9000);
  EXPECT_EQ(VisitFee(p, "other", "late_cancelled"), 5000);
  EXPECT_EQ(VisitFee(p, "therapy", "cancelled"), std::nullopt);
  EXPECT_EQ(VisitFee(p, "therapy", "completed"), std::nullopt);
}

}  // namespace
}  // namespace duet::billing
