#pragma once
// Pure rules of intake forms: what a valid form is, what a client may still change, and which forms a
// client's pages list.
#include <vector>

#include "intake/model.hpp"
#include "platform/result.hpp"
#include "practice/model.hpp"
#include "records/model.hpp"

namespace duet::intake {

//! The form in the note templates' shape, for their rules (ValidateTemplate, ValidateContent, FieldShown).
records::Template AsTemplate(const Form& form);

//! Every problem with a form: the note template rules (ids, labels, options, conditions on earlier choice
//! fields), a name, and only the field types a client fills (text, choice, multi_choice, number, date, scale).
std::vector<practice::FieldIssue> ValidateForm(const Form& form);

//! Whether sent answers meet one of the form's alert rules (a shown choice answered with one of its values).
bool RaisesAlert(const Form& form, const records::Content& content);

//! A draft may change and be submitted; a submitted form is locked (rule `submitted`).
Status MayChange(const Response& response);

//! The client's intake forms: every form sent to them or started (the latest response of each form), and
//! each active form offered to new clients that they have not started. Sent and started first, newest first;
//! then the offered ones by name.
std::vector<ClientForm> ClientForms(const std::vector<Form>& forms, const std::vector<Response>& responses);

}  // namespace duet::intake
