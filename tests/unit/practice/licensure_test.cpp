// The licensure rule: practice happens where the client is, on the date of the visit.
#include <gtest/gtest.h>

#include "platform/embedded.hpp"
#include "practice/rules.hpp"

namespace duet::practice {
namespace {

Date D(const char* s) { return *ParseDate(s); }

// A small reference table with hand-picked dates, so tests do not move when data/ is updated.
CompactTable Table() {
  CompactTable t;
  t.definitions = {
      {"PSYPACT", "PSYPACT", CompactModel::kAuthorization, {Discipline::kPsychology}, ""},
      {"COUNSELING", "Counseling Compact", CompactModel::kPrivilege, {Discipline::kCounseling}, ""},
      {"PT", "PT Compact", CompactModel::kPrivilege, {Discipline::kPhysicalTherapy}, ""},
      {"SOCIAL_WORK", "Social Work Compact", CompactModel::kMultistate, {Discipline::kSocialWork}, ""},
      {"IMLC", "IMLC", CompactModel::kExpedited, {Discipline::kPsychiatry}, ""},
  };
  auto row = [](const char* c, const char* s, std::optional<Date> on) { return CompactState{c, s, "", on, "", ""}; };
  t.states = {
      row("PSYPACT", "CO", D("2020-07-01")),     row("PSYPACT", "TX", D("2020-07-01")),
      row("PSYPACT", "DC", D("2020-07-01")),     row("PSYPACT", "MP", D("2020-07-01")),
      row("COUNSELING", "AZ", D("2025-09-30")),  row("COUNSELING", "OH", D("2026-01-05")),
      row("COUNSELING", "GA", D("2026-06-02")),  row("COUNSELING", "TX", std::nullopt),  // enacted, not issuing
      row("PT", "MO", D("2018-07-09")),          row("PT", "TN", D("2018-07-09")),
      row("SOCIAL_WORK", "UT", D("2027-01-01")), row("SOCIAL_WORK", "KS", D("2027-01-01")),
  };
  return t;
}

License Lic(const char* id, const char* state, const char* issued, const char* expires,
            LicenseStatus status = LicenseStatus::kActive) {
  License l;
  l.id = id;
  l.kind = LicenseKind::kLicense;
  l.state = state;
  l.number = "N-1";
  l.issued_on = D(issued);
  l.expires_on = D(expires);
  l.status = status;
  return l;
}

License Priv(const char* id, const char* compact, const char* state, const char* issued, const char* expires,
             const char* type = "", LicenseStatus status = LicenseStatus::kActive) {
  License l = Lic(id, state, issued, expires, status);
  l.kind = LicenseKind::kCompactPrivilege;
  l.compact = compact;
  l.license_type = type;
  return l;
}

struct Case {
  const char* name;
  LicensureFacts facts;
  const char* state;
  const char* on;
  Mode mode;
  bool allowed;
  Reason reason;
  Basis basis;
};

TEST(Licensure, DecidesEveryCaseOfTheTable) {
  const auto counselor_oh = [](std::vector<License> extra) {
    LicensureFacts f{Discipline::kCounseling, "OH", {Lic("home", "OH", "2020-01-01", "2027-12-31")}, 0};
    f.licenses.insert(f.licenses.end(), extra.begin(), extra.end());
    return f;
  };
  const auto psychologist_co = [](std::vector<License> extra, LicenseStatus home = LicenseStatus::kActive) {
    LicensureFacts f{Discipline::kPsychology, "CO", {Lic("home", "CO", "2019-01-01", "2027-12-31", home)}, 0};
    f.licenses.insert(f.licenses.end(), extra.begin(), extra.end());
    return f;
  };
  const Case cases[] = {
      {"licensed in the state", counselor_oh({}), "OH", "2026-12-01", Mode::kTelehealth, true, Reason::kAllowed,
       Basis::kLicense},
      {"same rule in person", counselor_oh({}), "OH", "2026-12-01", Mode::kInPerson, true, Reason::kAllowed,
       Basis::kLicense},
      {"no license anywhere near", counselor_oh({}), "CA", "2026-12-01", Mode::kTelehealth, false, Reason::kNoLicense,
       Basis::kNone},
      {"expiry day itself is covered", counselor_oh({}), "OH", "2027-12-31", Mode::kTelehealth, true, Reason::kAllowed,
       Basis::kLicense},
      {"the day after expiry is not", counselor_oh({}), "OH", "2028-01-01", Mode::kTelehealth, false, Reason::kExpired,
       Basis::kNone},
      {"not valid before issue", counselor_oh({}), "OH", "2019-12-31", Mode::kTelehealth, false, Reason::kNotYetValid,
       Basis::kNone},
      {"suspended license",
       {Discipline::kCounseling, "OH", {Lic("h", "OH", "2020-01-01", "2027-12-31", LicenseStatus::kSuspended)}, 0},
       "OH",
       "2026-12-01",
       Mode::kTelehealth,
       false,
       Reason::kSuspended,
       Basis::kNone},
      {"revoked license",
       {Discipline::kCounseling, "OH", {Lic("h", "OH", "2020-01-01", "2027-12-31", LicenseStatus::kRevoked)}, 0},
       "OH",
       "2026-12-01",
       Mode::kTelehealth,
       false,
       Reason::kRevoked,
       Basis::kNone},
      {"counseling privilege in an issuing state",
       counselor_oh({Priv("p", "COUNSELING", "AZ", "2025-10-01", "2027-06-30")}), "AZ", "2026-12-01", Mode::kTelehealth,
       true, Reason::kAllowed, Basis::kCompactPrivilege},
      {"privilege is per remote state", counselor_oh({Priv("p", "COUNSELING", "AZ", "2025-10-01", "2027-06-30")}), "GA",
       "2026-12-01", Mode::kTelehealth, false, Reason::kNoLicense, Basis::kNone},
      {"state enacted but not issuing", counselor_oh({Priv("p", "COUNSELING", "TX", "2026-01-10", "2027-06-30")}), "TX",
       "2026-12-01", Mode::kTelehealth, false, Reason::kCompactNotOperational, Basis::kNone},
      {"state joins after the visit date", counselor_oh({Priv("p", "COUNSELING", "GA", "2025-01-01", "2027-06-30")}),
       "GA", "2026-05-15", Mode::kTelehealth, false, Reason::kCompactNotOperational, Basis::kNone},
      {"same state on its first operational day",
       counselor_oh({Priv("p", "COUNSELING", "GA", "2025-01-01", "2027-06-30")}), "GA", "2026-06-02", Mode::kTelehealth,
       true, Reason::kAllowed, Basis::kCompactPrivilege},
      {"home state not yet operational",
       {Discipline::kCounseling,
        "GA",
        {Lic("home", "GA", "2020-01-01", "2027-12-31"), Priv("p", "COUNSELING", "AZ", "2025-10-01", "2027-06-30")},
        0},
       "AZ",
       "2026-03-01",
       Mode::kTelehealth,
       false,
       Reason::kCompactNotOperational,
       Basis::kNone},
      {"expired privilege", counselor_oh({Priv("p", "COUNSELING", "AZ", "2025-10-01", "2026-06-30")}), "AZ",
       "2026-12-01", Mode::kTelehealth, false, Reason::kPrivilegeNotActive, Basis::kNone},
      {"suspended home license voids privileges",
       {Discipline::kCounseling,
        "OH",
        {Lic("home", "OH", "2020-01-01", "2027-12-31", LicenseStatus::kSuspended),
         Priv("p", "COUNSELING", "AZ", "2025-10-01", "2027-06-30")},
        0},
       "AZ",
       "2026-12-01",
       Mode::kTelehealth,
       false,
       Reason::kHomeLicenseInactive,
       Basis::kNone},
      {"no home license on file",
       {Discipline::kCounseling, "OH", {Priv("p", "COUNSELING", "AZ", "2025-10-01", "2027-06-30")}, 0},
       "AZ",
       "2026-12-01",
       Mode::kTelehealth,
       false,
       Reason::kHomeLicenseInactive,
       Basis::kNone},
      {"PSYPACT APIT covers telepsychology",
       psychologist_co({Priv("a", "PSYPACT", "CO", "2024-01-01", "2027-01-01", "APIT")}), "TX", "2026-12-01",
       Mode::kTelehealth, true, Reason::kAllowed, Basis::kCompactPrivilege},
      {"PSYPACT APIT does not cover in person",
       psychologist_co({Priv("a", "PSYPACT", "CO", "2024-01-01", "2027-01-01", "APIT")}), "TX", "2026-12-01",
       Mode::kInPerson, false, Reason::kWrongMode, Basis::kNone},
      {"PSYPACT TAP covers in person", psychologist_co({Priv("t", "PSYPACT", "CO", "2024-01-01", "2027-01-01", "TAP")}),
       "TX", "2026-12-01", Mode::kInPerson, true, Reason::kAllowed, Basis::kCompactPrivilege},
      {"PSYPACT into a non-member", psychologist_co({Priv("a", "PSYPACT", "CO", "2024-01-01", "2027-01-01", "APIT")}),
       "CA", "2026-12-01", Mode::kTelehealth, false, Reason::kCompactNotOperational, Basis::kNone},
      {"PSYPACT reaches DC", psychologist_co({Priv("a", "PSYPACT", "CO", "2024-01-01", "2027-01-01", "APIT")}), "DC",
       "2026-12-01", Mode::kTelehealth, true, Reason::kAllowed, Basis::kCompactPrivilege},
      {"PSYPACT reaches a territory (CNMI)",
       psychologist_co({Priv("a", "PSYPACT", "CO", "2024-01-01", "2027-01-01", "APIT")}), "MP", "2026-12-01",
       Mode::kTelehealth, true, Reason::kAllowed, Basis::kCompactPrivilege},
      {"licensed in a territory",
       {Discipline::kCounseling, "PR", {Lic("pr", "PR", "2020-01-01", "2027-12-31")}, 0},
       "PR",
       "2026-12-01",
       Mode::kTelehealth,
       true,
       Reason::kAllowed,
       Basis::kLicense},
      {"not a jurisdiction", counselor_oh({}), "ZZ", "2026-12-01", Mode::kTelehealth, false, Reason::kNotAJurisdiction,
       Basis::kNone},
      {"suspended home license voids PSYPACT",
       psychologist_co({Priv("a", "PSYPACT", "CO", "2024-01-01", "2027-01-01", "APIT")}, LicenseStatus::kSuspended),
       "TX", "2026-12-01", Mode::kTelehealth, false, Reason::kHomeLicenseInactive, Basis::kNone},
      {"PSYPACT does not cover a counselor",
       counselor_oh({Priv("a", "PSYPACT", "OH", "2024-01-01", "2027-01-01", "APIT")}), "TX", "2026-12-01",
       Mode::kTelehealth, false, Reason::kProfessionMismatch, Basis::kNone},
      {"PT privilege in a PT state",
       {Discipline::kPhysicalTherapy,
        "MO",
        {Lic("home", "MO", "2015-01-01", "2027-12-31"), Priv("p", "PT", "TN", "2019-01-01", "2027-12-31")},
        0},
       "TN",
       "2026-12-01",
       Mode::kInPerson,
       true,
       Reason::kAllowed,
       Basis::kCompactPrivilege},
      {"multistate license before the compact operates",
       {Discipline::kSocialWork, "UT", {Priv("m", "SOCIAL_WORK", "UT", "2026-01-01", "2028-01-01")}, 0},
       "KS",
       "2026-12-01",
       Mode::kTelehealth,
       false,
       Reason::kCompactNotOperational,
       Basis::kNone},
      {"multistate license once operational",
       {Discipline::kSocialWork, "UT", {Priv("m", "SOCIAL_WORK", "UT", "2026-01-01", "2028-01-01")}, 0},
       "KS",
       "2027-02-01",
       Mode::kTelehealth,
       true,
       Reason::kAllowed,
       Basis::kCompactPrivilege},
      {"IMLC record is not a privilege",
       {Discipline::kPsychiatry,
        "CO",
        {Lic("home", "CO", "2015-01-01", "2027-12-31"), Priv("i", "IMLC", "TX", "2024-01-01", "2027-01-01")},
        0},
       "TX",
       "2026-12-01",
       Mode::kTelehealth,
       false,
       Reason::kExpeditedIsNotAPrivilege,
       Basis::kNone},
      {"an expired license beats the generic reason", counselor_oh({Lic("tx", "TX", "2020-01-01", "2025-01-01")}), "TX",
       "2026-12-01", Mode::kTelehealth, false, Reason::kExpired, Basis::kNone},
  };
  CompactTable table = Table();
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Coverage got = MayPractice(c.facts, table, c.state, D(c.on), c.mode);
    EXPECT_EQ(got.allowed, c.allowed) << got.message;
    EXPECT_EQ(got.reason, c.reason) << ReasonName(got.reason) << ": " << got.message;
    EXPECT_EQ(got.basis, c.basis);
    EXPECT_FALSE(got.message.empty());
  }
}

TEST(Licensure, PsypactTapStopsAfterThirtyDaysAYear) {
  LicensureFacts f{
      Discipline::kPsychology,
      "CO",
      {Lic("home", "CO", "2019-01-01", "2027-12-31"), Priv("t", "PSYPACT", "CO", "2024-01-01", "2027-01-01", "TAP")},
      29};
  EXPECT_TRUE(MayPractice(f, Table(), "TX", D("2026-12-01"), Mode::kInPerson).allowed);
  f.tap_days_used = 30;
  EXPECT_EQ(MayPractice(f, Table(), "TX", D("2026-12-01"), Mode::kInPerson).reason, Reason::kTapLimitReached);
}

TEST(Licensure, APrivilegeExpiresWithItsHomeLicense) {
  LicensureFacts f{
      Discipline::kCounseling,
      "OH",
      {Lic("home", "OH", "2020-01-01", "2026-12-31"), Priv("p", "COUNSELING", "AZ", "2025-10-01", "2027-06-30")},
      0};
  auto c = MayPractice(f, Table(), "AZ", D("2026-12-01"), Mode::kTelehealth);
  ASSERT_TRUE(c.allowed);
  EXPECT_EQ(FormatDate(*c.expires_on), "2026-12-31");
}

TEST(Licensure, CoverageListsFiftyStatesAndDc) {
  LicensureFacts f{Discipline::kCounseling, "OH", {Lic("home", "OH", "2020-01-01", "2027-12-31")}, 0};
  auto all = CoverageForAllStates(f, Table(), D("2026-12-01"), Mode::kTelehealth);
  ASSERT_EQ(all.size(), 51u);
  int allowed = 0;
  for (const auto& c : all) allowed += c.allowed;
  EXPECT_EQ(allowed, 1);
  EXPECT_EQ(all.front().state, "AK");
}

TEST(Licensure, TheShippedReferenceDataParsesAndKnowsTheCounselingCompactIsPartial) {
  std::string_view defs, states;
  for (const auto& f : EmbeddedData()) {
    if (f.name == "compact_definitions.csv") defs = f.text;
    if (f.name == "compacts.csv") states = f.text;
  }
  auto table = ParseCompactData(defs, states);
  ASSERT_TRUE(table) << table.error().internal_detail;
  EXPECT_EQ(table->definitions.size(), 9u);
  EXPECT_GT(table->states.size(), 250u);
  EXPECT_TRUE(table->Operational("COUNSELING", "AZ", D("2026-11-22")));
  EXPECT_FALSE(table->Operational("COUNSELING", "TX", D("2026-11-22")));  // enacted, not issuing
  EXPECT_FALSE(table->Operational("COUNSELING", "GA", D("2026-06-01")));  // issuing from 2026-06-02
  EXPECT_TRUE(table->Operational("PSYPACT", "CO", D("2026-11-22")));
  EXPECT_FALSE(table->Operational("PSYPACT", "CA", D("2026-11-22")));
  EXPECT_FALSE(table->Operational("SOCIAL_WORK", "KS", D("2026-11-22")));  // not yet issuing
}

TEST(Npi, AcceptsValidCheckDigitsOnly) {
  EXPECT_TRUE(IsValidNpi("1234567893"));  // the CMS worked example
  EXPECT_FALSE(IsValidNpi("1234567890"));
  EXPECT_FALSE(IsValidNpi("123456789"));
  EXPECT_FALSE(IsValidNpi("12345678a3"));
}

TEST(Icd10, ChecksTheShape) {
  for (const char* ok : {"F41.1", "F32.A", "F43.10", "Z63.0", "F84.0", "R26.89", "F90.2"})
    EXPECT_TRUE(IsIcd10Shape(ok)) << ok;
  for (const char* bad : {"f41.1", "F4", "41.1", "F41.", "F41.12345", "F41-1", ""})
    EXPECT_FALSE(IsIcd10Shape(bad)) << bad;
}

TEST(Phone, NormalisesUsNumbers) {
  EXPECT_EQ(NormalizePhone("(555) 201-0134").value_or(""), "+15552010134");
  EXPECT_EQ(NormalizePhone("+1 555.201.0134").value_or(""), "+15552010134");
  for (const char* bad : {"123-456-7890", "555-0134", "555-201-013x", "555 201 01345"})
    EXPECT_FALSE(NormalizePhone(bad)) << bad;
}

TEST(ClientView, DeniesUnlessRelated) {
  struct Case {
    const char* name;
    Role role;
    ClientRelationship rel;
    ClientView want;
  } cases[] = {
      {"owner sees all", Role::kOwner, {}, ClientView::kFull},
      {"assigned clinician", Role::kClinician, {true, false, false}, ClientView::kFull},
      {"unassigned clinician", Role::kClinician, {}, ClientView::kNone},
      {"supervisor of the assigned clinician", Role::kSupervisor, {false, true, false}, ClientView::kFull},
      {"unrelated supervisor", Role::kSupervisor, {}, ClientView::kNone},
      {"front desk: demographics", Role::kFrontDesk, {}, ClientView::kDemographics},
      {"biller: billing part", Role::kBiller, {}, ClientView::kBilling},
      {"client: only self", Role::kClient, {false, false, true}, ClientView::kDemographics},
      {"client: anyone else", Role::kClient, {}, ClientView::kNone},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(DecideClientView(c.role, c.rel), c.want);
  }
  EXPECT_FALSE(MayEditClient(Role::kBiller, {}));
  EXPECT_TRUE(MayEditClient(Role::kFrontDesk, {}));
  EXPECT_FALSE(MayEditClient(Role::kClinician, {}));
}

TEST(ClientValidation, ReportsEveryBadField) {
  Client c;
  c.given_name = "Ana";
  c.family_name = "Silva";
  c.birth_date = "2031-02-30";
  c.email = "not-an-email";
  c.phone = "12";
  c.location_state = "XX";
  c.time_zone = "Mars/Olympus";
  c.diagnoses = {{"f41.1", "GAD", true}, {"F32.A", "Depression", true}};
  std::vector<std::string> fields;
  for (const auto& i : ValidateClient(c, D("2026-11-22"))) fields.push_back(i.field);
  std::vector<std::string> want = {"birth_date",        "email",    "phone", "location_state", "time_zone",
                                   "diagnoses[0].code", "diagnoses"};
  EXPECT_EQ(fields, want);
  c.birth_date = "1990-04-17";
  c.email = "ana@example.com";
  c.phone = "(555) 201-0134";
  c.location_state = "CO";
  c.time_zone = "America/Denver";
  c.diagnoses = {{"F41.1", "GAD", true}};
  EXPECT_TRUE(ValidateClient(c, D("2026-11-22")).empty());
}

TEST(Expiry, WarnsAtNinetySixtyAndThirtyDays) {
  EXPECT_FALSE(ExpiryWarningStep(D("2027-03-01"), D("2026-11-22")));
  EXPECT_EQ(ExpiryWarningStep(D("2027-02-20"), D("2026-11-22")), 90);
  EXPECT_EQ(ExpiryWarningStep(D("2027-01-21"), D("2026-11-22")), 60);
  EXPECT_EQ(ExpiryWarningStep(D("2026-12-22"), D("2026-11-22")), 30);
  EXPECT_EQ(ExpiryWarningStep(D("2026-11-22"), D("2026-11-22")), 30);
  EXPECT_FALSE(ExpiryWarningStep(D("2026-11-21"), D("2026-11-22")));
}

TEST(Search, TokensAreLowerCaseNameWords) {
  Client c;
  c.given_name = "Mary-Kate";
  c.family_name = "O'Brien";
  c.preferred_name = "MK";
  EXPECT_EQ(SearchTokens(c), (std::vector<std::string>{"mary", "kate", "obrien", "mk"}));
  EXPECT_EQ(ReversedDigits("+1 (555) 201-0134"), "43101025551");
}

}  // namespace
}  // namespace duet::practice
