// The record's rules: templates as data, content checked against them, who may read and sign a
// note (psychotherapy notes only by their author), locking, co-signature and overdue notes.
#include <gtest/gtest.h>

#include <initializer_list>

#include "records/rules.hpp"

namespace duet::records {
namespace {

using practice::ClientView;

Template Soap() {
  Template t;
  t.key = "soap";
  t.name = "SOAP";
  FieldDef text{"presenting", "What the client reports", FieldType::kText, true, {}, {}, {}, 0, 10};
  FieldDef mood{"mood", "Mood", FieldType::kChoice, false, {"Euthymic", "Anxious"}, {}, {}, 0, 10};
  FieldDef scale{"progress", "Progress", FieldType::kScale, false, {}, {}, {}, 0, 10};
  FieldDef dx{"diagnoses", "Diagnoses", FieldType::kDiagnosis, false, {}, {}, {}, 0, 10};
  FieldDef meds{"meds", "Medications", FieldType::kTable, false, {}, {"Medication", "Dose"}, {}, 0, 10};
  FieldDef next{"next", "Next visit", FieldType::kDate, false, {}, {}, {}, 0, 10};
  t.sections = {{"s", "Subjective", {text, mood}}, {"a", "Assessment", {scale, dx, meds, next}}};
  return t;
}

bool Has(const std::vector<practice::FieldIssue>& issues, const std::string& field) {
  for (const auto& i : issues)
    if (i.field == field) return true;
  return false;
}

TEST(NoteTemplates, AreCheckedAsData) {
  EXPECT_TRUE(ValidateTemplate(Soap()).empty());
  Template bad = Soap();
  bad.sections[0].fields[1].options.clear();
  bad.sections[1].fields.push_back({"progress", "Again", FieldType::kText, false, {}, {}, {}, 0, 10});
  bad.sections.push_back({"s", "Duplicate", {{"x", "X", FieldType::kMeasure, false, {}, {}, {"beck"}, 0, 10}}});
  auto issues = ValidateTemplate(bad);
  EXPECT_TRUE(Has(issues, "sections.s.mood")) << "a choice needs options";
  EXPECT_TRUE(Has(issues, "sections.a.progress")) << "field ids are unique in a section";
  EXPECT_TRUE(Has(issues, "sections.s")) << "section ids are unique";
  EXPECT_TRUE(Has(issues, "sections.s.x")) << "unknown instrument";
  EXPECT_EQ(ParseFieldType("multi_choice"), FieldType::kMultiChoice);
  EXPECT_EQ(FieldTypeName(FieldType::kDiagnosis), "diagnosis");
  EXPECT_FALSE(ParseFieldType("blob"));
}

TEST(NoteContent, ADraftMayBeIncompleteButNotWrong) {
  Content c;
  c["s.mood"].text = "Anxious";
  EXPECT_TRUE(ValidateContent(Soap(), c, false).empty());
  auto signing = ValidateContent(Soap(), c, true);
  ASSERT_EQ(signing.size(), 1u);
  EXPECT_EQ(signing[0].field, "s.presenting");

  Content wrong;
  wrong["s.mood"].text = "Ecstatic";
  wrong["a.progress"].number = 11;
  wrong["a.diagnoses"].items = {"F41.1", "anxiety"};
  wrong["a.meds"].rows = {{"Sertraline", "50 mg"}, {"Bupropion"}};
  wrong["a.next"].text = "next Tuesday";
  wrong["x.unknown"].text = "?";
  auto issues = ValidateContent(Soap(), wrong, false);
  for (const char* f : {"s.mood", "a.progress", "a.diagnoses", "a.meds", "a.next", "x.unknown"})
    EXPECT_TRUE(Has(issues, f)) << f;
}

Note Progress(NoteStatus status = NoteStatus::kDraft) {
  Note n;
  n.status = status;
  return n;
}

TEST(NoteAccessRules, ProgressNotesFollowTheChart) {
  auto draft = Progress();
  auto author = DecideNoteAccess(Role::kClinician, ClientView::kFull, true, false, TeamConsent{false, false}, draft);
  EXPECT_TRUE(author.read && author.edit && !author.addend);
  EXPECT_FALSE(
      DecideNoteAccess(Role::kClinician, ClientView::kFull, false, false, TeamConsent{true, false}, draft).read)
      << "another member never reads a draft";
  EXPECT_TRUE(DecideNoteAccess(Role::kOwner, ClientView::kFull, false, false, TeamConsent{false, false}, draft).read);
  EXPECT_FALSE(
      DecideNoteAccess(Role::kClinician, ClientView::kNone, false, false, TeamConsent{false, false}, draft).read)
      << "not their client";
  EXPECT_FALSE(
      DecideNoteAccess(Role::kBiller, ClientView::kBilling, false, false, TeamConsent{false, false}, draft).read)
      << "a biller never opens a note";
  EXPECT_FALSE(
      DecideNoteAccess(Role::kFrontDesk, ClientView::kDemographics, false, false, TeamConsent{false, false}, draft)
          .read);
  auto signed_note = Progress(NoteStatus::kSigned);
  signed_note.cosign_required = true;
  auto supervisor =
      DecideNoteAccess(Role::kSupervisor, ClientView::kFull, false, true, TeamConsent{false, false}, signed_note);
  EXPECT_TRUE(supervisor.read && supervisor.addend && supervisor.cosign && !supervisor.edit);
  EXPECT_TRUE(DecideNoteAccess(Role::kClinician, ClientView::kFull, true, false, TeamConsent{false, false}, signed_note)
                  .addend);
}

TEST(NoteAccessRules, TheTeamReadsSignedNotesWhenTheClientAgreed) {
  auto signed_note = Progress(NoteStatus::kSigned);
  struct Row {
    Role role;
    ClientView view;
    bool shares;
    bool reads;
    const char* why;
  };
  for (const Row& r : std::initializer_list<Row>{
           {Role::kClinician, ClientView::kFull, true, true, "a member, the client agreed"},
           {Role::kClinician, ClientView::kFull, false, false, "a member, the client did not agree"},
           {Role::kClinician, ClientView::kNone, true, false, "not on the team (or no longer)"},
           {Role::kSupervisor, ClientView::kFull, true, true, "a supervisor on the team, the client agreed"},
           {Role::kSupervisor, ClientView::kFull, false, false, "a supervisor on the team, not the author's"},
           {Role::kOwner, ClientView::kFull, false, true, "the owner oversees every chart"},
           {Role::kFrontDesk, ClientView::kDemographics, true, false, "the front desk never"},
           {Role::kBiller, ClientView::kBilling, true, false, "a biller never"},
       }) {
    auto a = DecideNoteAccess(r.role, r.view, false, false, TeamConsent{r.shares, false}, signed_note);
    EXPECT_EQ(a.read, r.reads) << r.why;
    EXPECT_EQ(a.addend, r.reads) << r.why;
    EXPECT_FALSE(a.edit) << r.why;
  }
  // A Part 2 note reaches another member only when the agreement names Part 2 too.
  Note sud = Progress(NoteStatus::kSigned);
  sud.part2 = true;
  EXPECT_FALSE(DecideNoteAccess(Role::kClinician, ClientView::kFull, false, false, TeamConsent{true, false}, sud).read);
  EXPECT_TRUE(DecideNoteAccess(Role::kClinician, ClientView::kFull, false, false, TeamConsent{true, true}, sud).read);
  EXPECT_FALSE(DecideNoteAccess(Role::kClinician, ClientView::kFull, false, false, TeamConsent{false, true}, sud).read)
      << "naming Part 2 without agreeing to share notes shares nothing";
  EXPECT_TRUE(DecideNoteAccess(Role::kClinician, ClientView::kFull, true, false, TeamConsent{}, sud).read)
      << "its author";
  Note psychotherapy = Progress(NoteStatus::kSigned);
  psychotherapy.kind = NoteKind::kPsychotherapy;
  for (Role role : {Role::kClinician, Role::kSupervisor, Role::kOwner})
    EXPECT_FALSE(DecideNoteAccess(role, ClientView::kFull, false, true, TeamConsent{true, false}, psychotherapy).read)
        << "a psychotherapy note stays its author's whatever the client agreed";
}

TEST(NoteAccessRules, PsychotherapyNotesAreTheAuthorsAlone) {
  Note n = Progress();
  n.kind = NoteKind::kPsychotherapy;
  EXPECT_TRUE(DecideNoteAccess(Role::kClinician, ClientView::kFull, true, false, TeamConsent{false, false}, n).read);
  EXPECT_FALSE(DecideNoteAccess(Role::kOwner, ClientView::kFull, false, false, TeamConsent{false, false}, n).read)
      << "not even the owner";
  EXPECT_FALSE(DecideNoteAccess(Role::kSupervisor, ClientView::kFull, false, true, TeamConsent{false, false}, n).read)
      << "not the supervisor";
}

TEST(NoteLifecycle, SignedNotesAreLockedAndCosignedOnce) {
  EXPECT_TRUE(MayChange(Progress()));
  EXPECT_EQ(MayChange(Progress(NoteStatus::kSigned)).error().rule, "locked");
  EXPECT_TRUE(MaySign(Progress()));
  EXPECT_EQ(MaySign(Progress(NoteStatus::kSigned)).error().rule, "locked");
  Note s = Progress(NoteStatus::kSigned);
  EXPECT_EQ(MayCosign(s).error().rule, "cosign") << "not required";
  s.cosign_required = true;
  EXPECT_TRUE(MayCosign(s));
  s.cosignature = Signature{"u", "Dr. S", 1, "h"};
  EXPECT_EQ(MayCosign(s).error().rule, "cosign");
  EXPECT_EQ(MayCosign(Progress()).error().rule, "cosign") << "the author signs first";
}

TEST(OverdueNotes, CountWholeHoursPastTheAllowance) {
  const EpochSeconds end = 1'800'000'000;
  EXPECT_FALSE(HoursOverdue(end, end + 24 * 3600, 24));
  EXPECT_EQ(HoursOverdue(end, end + 24 * 3600 + 1, 24), 0);
  EXPECT_EQ(HoursOverdue(end, end + 30 * 3600, 24), 6);
}

}  // namespace
}  // namespace duet::records

namespace duet::records {
namespace {

TEST(TemplateKind, IsFixedByTheKeysFirstVersion) {
  EXPECT_TRUE(KeepsKind(std::nullopt, NoteKind::kProgress).has_value());  // a new key chooses
  EXPECT_TRUE(KeepsKind(std::nullopt, NoteKind::kPsychotherapy).has_value());
  EXPECT_TRUE(KeepsKind(NoteKind::kPsychotherapy, NoteKind::kPsychotherapy).has_value());
  EXPECT_EQ(KeepsKind(NoteKind::kPsychotherapy, NoteKind::kProgress).error().rule, "template_kind");
  EXPECT_EQ(KeepsKind(NoteKind::kProgress, NoteKind::kPsychotherapy).error().rule, "template_kind");
}

}  // namespace
}  // namespace duet::records
