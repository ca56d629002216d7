#include "intake/rules.hpp"

#include <algorithm>
#include <set>

#include "records/rules.hpp"

namespace duet::intake {

records::Template AsTemplate(const Form& form) {
  records::Template t;
  t.key = form.key;
  t.version = form.version;
  t.practice_id = form.practice_id;
  t.name = form.name;
  t.sections = form.sections;
  return t;
}

std::vector<practice::FieldIssue> ValidateForm(const Form& form) {
  auto out = records::ValidateTemplate(AsTemplate(form));
  if (form.key.size() > 64 || form.key.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") != std::string::npos)
    out.push_back({"key", "A key is up to 64 lower-case letters, digits, _ and -."});
  if (form.description.size() > 2000) out.push_back({"description", "At most 2,000 characters."});
  for (std::size_t i = 0; i < form.alerts.size(); ++i) {
    const auto& rule = form.alerts[i];
    const records::FieldDef* on = nullptr;
    for (const auto& s : form.sections)
      for (const auto& f : s.fields)
        if (s.id + "." + f.id == rule.field) on = &f;
    const std::string at = "alerts[" + std::to_string(i) + "]";
    if (!on || (on->type != records::FieldType::kChoice && on->type != records::FieldType::kMultiChoice))
      out.push_back({at, "An alert names a choice field of this form (section.field)."});
    else if (rule.values.empty() || std::any_of(rule.values.begin(), rule.values.end(), [&](const std::string& v) {
               return std::find(on->options.begin(), on->options.end(), v) == on->options.end();
             }))
      out.push_back({at, "An alert's values are options of that field."});
  }
  for (const auto& s : form.sections)
    for (const auto& f : s.fields) switch (f.type) {
        case records::FieldType::kText:
        case records::FieldType::kChoice:
        case records::FieldType::kMultiChoice:
        case records::FieldType::kNumber:
        case records::FieldType::kDate:
        case records::FieldType::kScale:
          break;
        default:
          out.push_back({"sections." + s.id + "." + f.id,
                         "A client fills text, choice, multi_choice, number, date or scale fields."});
      }
  return out;
}

bool RaisesAlert(const Form& form, const records::Content& content) {
  for (const auto& rule : form.alerts) {
    auto it = content.find(rule.field);
    if (it == content.end()) continue;
    for (const auto& v : rule.values)
      if (it->second.text == v ||
          std::find(it->second.items.begin(), it->second.items.end(), v) != it->second.items.end())
        return true;
  }
  return false;
}

Status MayChange(const Response& response) {
  if (response.status == ResponseStatus::kSubmitted)
    return FailRule("submitted", "This form was sent to the practice and can no longer change.");
  return {};
}

std::vector<ClientForm> ClientForms(const std::vector<Form>& forms, const std::vector<Response>& responses) {
  std::vector<const Response*> latest;  // one per form, the newest
  for (const auto& r : responses) {
    auto same =
        std::find_if(latest.begin(), latest.end(), [&](const Response* x) { return x->form_key == r.form_key; });
    if (same == latest.end())
      latest.push_back(&r);
    else if (r.created_at > (*same)->created_at || (r.created_at == (*same)->created_at && r.id > (*same)->id))
      *same = &r;
  }
  std::sort(latest.begin(), latest.end(), [](const Response* a, const Response* b) {
    return a->created_at != b->created_at ? a->created_at > b->created_at : a->id > b->id;
  });
  std::vector<ClientForm> out;
  std::set<std::string> listed;
  for (const Response* r : latest) {
    ClientForm c;
    c.form_key = r->form_key;
    c.form_name = r->form_name;
    for (const auto& f : forms)
      if (f.key == r->form_key) c.description = f.description;
    c.response_id = r->id;
    c.status = r->status == ResponseStatus::kSubmitted ? "submitted" : "draft";
    c.updated_at = r->updated_at;
    c.submitted_at = r->submitted_at;
    listed.insert(r->form_key);
    out.push_back(std::move(c));
  }
  std::vector<ClientForm> offered;
  for (const auto& f : forms)
    if (f.active && f.for_new_clients && !listed.count(f.key))
      offered.push_back(ClientForm{f.key, f.name, f.description, {}, "new", 0, 0});
  std::sort(offered.begin(), offered.end(), [](const auto& a, const auto& b) { return a.form_name < b.form_name; });
  out.insert(out.end(), offered.begin(), offered.end());
  return out;
}

}  // namespace duet::intake
