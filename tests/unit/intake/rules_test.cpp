// Intake forms: what a valid form is (with conditions on earlier answers), what a client may still change,
// and which forms a client's pages list.
#include <gtest/gtest.h>

#include "intake/rules.hpp"
#include "records/rules.hpp"

namespace duet::intake {
namespace {

using records::FieldDef;
using records::FieldType;

Form Sample() {
  Form f;
  f.key = "general_intake";
  f.name = "Intake";
  FieldDef prior{.id = "prior",
                 .label = "Seen someone before?",
                 .type = FieldType::kChoice,
                 .required = true,
                 .options = {"Yes", "No"}};
  FieldDef detail{.id = "detail", .label = "Tell us", .type = FieldType::kText, .required = true};
  detail.shown_if = "reason.prior";
  detail.shown_value = "Yes";
  FieldDef uses{.id = "uses", .label = "Uses", .type = FieldType::kMultiChoice, .options = {"Alcohol", "None"}};
  FieldDef how_much{.id = "how_much", .label = "How much", .type = FieldType::kNumber};
  how_much.shown_if = "reason.uses";
  how_much.shown_value = "Alcohol";
  f.sections = {{"reason", "Reason", {prior, detail, uses, how_much}}};
  return f;
}

std::vector<std::string> Fields(const std::vector<practice::FieldIssue>& issues) {
  std::vector<std::string> out;
  for (const auto& i : issues) out.push_back(i.field);
  return out;
}

TEST(IntakeForms, AValidFormHasClientFieldsAndConditionsOnEarlierChoices) {
  EXPECT_TRUE(ValidateForm(Sample()).empty());

  Form later = Sample();
  later.sections[0].fields[0].shown_if = "reason.uses";  // names a field after it
  later.sections[0].fields[0].shown_value = "None";
  EXPECT_EQ(Fields(ValidateForm(later)), std::vector<std::string>{"sections.reason.prior"});

  Form not_choice = Sample();
  not_choice.sections[0].fields[3].shown_if = "reason.detail";  // a text field
  EXPECT_EQ(Fields(ValidateForm(not_choice)), std::vector<std::string>{"sections.reason.how_much"});

  Form no_option = Sample();
  no_option.sections[0].fields[1].shown_value = "Perhaps";
  EXPECT_EQ(Fields(ValidateForm(no_option)), std::vector<std::string>{"sections.reason.detail"});

  Form clinical = Sample();
  clinical.sections[0].fields.push_back({.id = "dx", .label = "Diagnosis", .type = FieldType::kDiagnosis});
  EXPECT_EQ(Fields(ValidateForm(clinical)), std::vector<std::string>{"sections.reason.dx"});

  Form bad_key = Sample();
  bad_key.key = "Intake Form!";
  EXPECT_EQ(Fields(ValidateForm(bad_key)), std::vector<std::string>{"key"});
}

TEST(IntakeForms, AHiddenQuestionIsNeitherRequiredNorKept) {
  const auto t = AsTemplate(Sample());
  records::Content no;
  no["reason.prior"].text = "No";
  no["reason.detail"].text = "typed before answering No";
  EXPECT_FALSE(records::FieldShown(t.sections[0].fields[1], no));
  EXPECT_TRUE(records::ValidateContent(t, {{"reason.prior", no.at("reason.prior")}}, true).empty())
      << "the hidden required question is not required";
  records::DropHidden(t, no);
  EXPECT_FALSE(no.contains("reason.detail"));

  records::Content yes;
  yes["reason.prior"].text = "Yes";
  EXPECT_EQ(Fields(records::ValidateContent(t, yes, true)), std::vector<std::string>{"reason.detail"})
      << "shown and required";
  EXPECT_TRUE(records::ValidateContent(t, yes, false).empty()) << "a draft may be incomplete";

  records::Content uses;
  uses["reason.uses"].items = {"Alcohol"};
  EXPECT_TRUE(records::FieldShown(t.sections[0].fields[3], uses)) << "a multi-choice condition: one of the answers";
  uses["reason.uses"].items = {"None"};
  EXPECT_FALSE(records::FieldShown(t.sections[0].fields[3], uses));
}

TEST(IntakeForms, ASubmittedFormIsLocked) {
  Response r;
  EXPECT_TRUE(MayChange(r).has_value());
  r.status = ResponseStatus::kSubmitted;
  ASSERT_FALSE(MayChange(r).has_value());
  EXPECT_EQ(MayChange(r).error().rule, "submitted");
}

TEST(IntakeForms, TheClientsListHasWhatWasSentOrStartedThenWhatIsOfferedToNewClients) {
  Form general = Sample();
  general.for_new_clients = true;
  Form consent = Sample();
  consent.key = "contacts";
  consent.name = "Contacts";
  Form retired = Sample();
  retired.key = "old";
  retired.name = "Old";
  retired.for_new_clients = true;
  retired.active = false;
  Form welcome = Sample();
  welcome.key = "welcome";
  welcome.name = "A welcome";
  welcome.for_new_clients = true;

  EXPECT_EQ(ClientForms({general, consent, retired, welcome}, {}).size(), 2u)
      << "offered: active new-client forms only";
  const auto offered = ClientForms({general, consent, retired, welcome}, {});
  EXPECT_EQ(offered[0].form_key, "welcome") << "offered ones by name";
  EXPECT_EQ(offered[1].status, "new");

  Response sent{.id = "r1", .form_key = "contacts", .form_name = "Contacts", .sent_by = "desk", .created_at = 100};
  Response old_general{.id = "r2", .form_key = "general_intake", .form_name = "Intake", .created_at = 50};
  old_general.status = ResponseStatus::kSubmitted;
  old_general.submitted_at = 60;
  const auto listed = ClientForms({general, consent, welcome}, {sent, old_general});
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[0].form_key, "contacts");
  EXPECT_EQ(listed[0].status, "draft");
  EXPECT_EQ(listed[1].form_key, "general_intake");
  EXPECT_EQ(listed[1].status, "submitted") << "a form already sent is not offered again";
  EXPECT_EQ(listed[2].form_key, "welcome");
}

TEST(IntakeForms, ASafetyAnswerTheFormNamesRaisesAnAlert) {
  Form f = Sample();
  f.alerts = {{"reason.prior", {"Yes"}}};
  EXPECT_TRUE(ValidateForm(f).empty());
  records::Content yes, no, uses;
  yes["reason.prior"].text = "Yes";
  no["reason.prior"].text = "No";
  EXPECT_TRUE(RaisesAlert(f, yes));
  EXPECT_FALSE(RaisesAlert(f, no));
  EXPECT_FALSE(RaisesAlert(f, {})) << "unanswered";
  f.alerts = {{"reason.uses", {"Alcohol"}}};
  uses["reason.uses"].items = {"None", "Alcohol"};
  EXPECT_TRUE(RaisesAlert(f, uses)) << "a multi-choice including the value";

  Form bad = Sample();
  bad.alerts = {{"reason.detail", {"x"}}};  // a text field
  EXPECT_EQ(Fields(ValidateForm(bad)), std::vector<std::string>{"alerts[0]"});
  bad.alerts = {{"reason.prior", {"Perhaps"}}};  // not an option
  EXPECT_EQ(Fields(ValidateForm(bad)), std::vector<std::string>{"alerts[0]"});
  bad.alerts = {{"reason.prior", {}}};
  EXPECT_EQ(Fields(ValidateForm(bad)), std::vector<std::string>{"alerts[0]"});
}

}  // namespace
}  // namespace duet::intake
