#include "intake/service.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "intake/codecs.hpp"
#include "intake/rules.hpp"
#include "intake/store.hpp"
#include "platform/audit.hpp"
#include "platform/dates.hpp"
#include "platform/pdf.hpp"
#include "platform/words.hpp"
#include "practice/rules.hpp"
#include "records/rules.hpp"
#include "records/service.hpp"

namespace duet::intake {
namespace {
using nlohmann::json;

Result<Form> FormFromJson(std::string_view text) {
  codec::Problems problems;
  Form f = codec::Decode<Form>(text, problems);
  if (!problems.empty()) return tl::unexpected(codec::Invalid(std::move(problems), "The form is not valid."));
  if (auto issues = ValidateForm(f); !issues.empty()) return practice::InvalidFields(issues, "The form is not valid.");
  return f;
}

audit::Event Event(const Principal& who, std::string action, const std::string& id, const Origin& origin,
                   const std::string& client_id) {
  return audit::ByPrincipal(who, std::move(action), "intake_response", id, origin.ip, origin.request_id, client_id);
}

std::string Context(const std::string& id) { return "intake:" + id; }

//! A field's answer as the PDF shows it.
std::string Shown(const records::FieldDef& f, const records::FieldValue& v) {
  switch (f.type) {
    case records::FieldType::kNumber:
    case records::FieldType::kScale: {
      if (!v.number) return {};
      std::string n = std::to_string(*v.number);
      n.erase(n.find_last_not_of('0') + 1);
      if (!n.empty() && n.back() == '.') n.pop_back();
      return f.type == records::FieldType::kScale ? n + " (of " + std::to_string(static_cast<int>(f.max)) + ")" : n;
    }
    case records::FieldType::kMultiChoice: {
      std::string out;
      for (const auto& item : v.items) out += (out.empty() ? "" : "; ") + item;
      return out;
    }
    default:
      return v.text;
  }
}

}  // namespace

Service::Service(db::Database& db, const Clock& clock, identity::Service& identity, practice::Service& directory,
                 documents::Service& documents, measures::Service& measures, std::string_view built_in_json)
    : db_(db), clock_(clock), identity_(identity), directory_(directory), documents_(documents), measures_(measures) {
  json all = json::parse(built_in_json, nullptr, false);
  if (!all.is_array()) throw std::runtime_error("data/intake_forms.json: not a JSON list of forms");
  for (std::size_t i = 0; i < all.size(); ++i) {
    auto f = FormFromJson(all[i].dump());
    if (!f) {
      const auto& e = f.error();
      std::string where =
          e.field_errors.empty() ? e.field : e.field_errors.front().first + ": " + e.field_errors.front().second;
      throw std::runtime_error("data/intake_forms.json: form " + std::to_string(i) + " (" + all[i].value("key", "?") +
                               "): " + e.public_message + " " + where);
    }
    built_in_.push_back(std::move(*f));
  }
}

void Service::Connect(mail::Mailer* mailer, std::string public_url, std::function<void()> wake_jobs) {
  mailer_ = mailer;
  public_url_ = std::move(public_url);
  wake_jobs_ = std::move(wake_jobs);
}

Result<std::string> Service::SendNotice(const jobs::Job& job) {
  json p = json::parse(job.payload, nullptr, false);
  if (!p.is_object()) return std::string("skipped: unreadable payload");
  if (!mailer_ || !mailer_->enabled()) return std::string("skipped: no mail server");
  auto found =
      db_.Read([&](db::Connection& c) { return store::FindResponse(c, job.practice_id, p.value("response_id", "")); });
  if (!found) return tl::unexpected(found.error());
  if (!*found || (*found)->status == ResponseStatus::kSubmitted) return std::string("skipped: nothing waiting");
  auto clients = directory_.ClientPlaces(job.practice_id, {(*found)->client_id});
  if (!clients) return tl::unexpected(clients.error());
  const std::string& to = clients->front().email;
  const auto& w = words::For(clients->front().language);
  if (to.empty()) return std::string("skipped: no e-mail address");
  auto practice = identity_.PracticeById(job.practice_id);
  const std::string from = practice ? practice->name : w.Say("practice.fallback");
  // No form name: even a title can say something about someone's care.
  auto sent = mailer_->Send({to, w.Say("intake.subject", {{"practice", from}}),
                             w.Say("intake.body", {{"practice", from}, {"link", public_url_ + "/"}})});
  if (!sent) return tl::unexpected(sent.error());
  return std::string("sent");
}

Result<std::string> Service::Seal(const std::string& practice_id, const std::string& text, const std::string& id) {
  auto key = identity_.DataKeyFor(practice_id);
  if (!key) return tl::unexpected(key.error());
  return key->Seal(text, Context(id));
}

Result<std::string> Service::Unseal(const std::string& practice_id, const std::string& sealed, const std::string& id) {
  auto key = identity_.DataKeyFor(practice_id);
  if (!key) return tl::unexpected(key.error());
  return key->Open(sealed, Context(id));
}

// ---- forms ----

Result<std::vector<Form>> Service::Forms(const std::string& practice_id) {
  auto stored = db_.Read([&](db::Connection& c) { return store::ListForms(c, practice_id); });
  if (!stored) return tl::unexpected(stored.error());
  std::vector<Form> out;
  auto put = [&](Form f) {
    auto same = std::find_if(out.begin(), out.end(), [&](const Form& x) { return x.key == f.key; });
    if (same == out.end())
      out.push_back(std::move(f));
    else if (!f.practice_id.empty() || same->version < f.version)
      *same = std::move(f);  // the practice's newest replaces the built-in (stored in version order)
  };
  for (const auto& b : built_in_) put(b);
  for (const auto& s : *stored) {
    auto f = FormFromJson(s.definition);
    if (!f) continue;
    f->key = s.key;
    f->version = s.version;
    f->practice_id = practice_id;
    put(std::move(*f));
  }
  return out;
}

Result<Form> Service::FindForm(const std::string& practice_id, const std::string& key, std::optional<int> version) {
  auto stored = db_.Read([&](db::Connection& c) { return store::ListForms(c, practice_id); });
  if (!stored) return tl::unexpected(stored.error());
  std::optional<Form> best;
  bool practice_has = false;
  for (const auto& s : *stored)
    if (s.key == key && (!version || s.version == *version)) {
      auto f = FormFromJson(s.definition);
      if (!f) continue;
      f->key = s.key;
      f->version = s.version;
      f->practice_id = practice_id;
      best = std::move(*f);
      practice_has = true;
    }
  if (!practice_has)
    for (const auto& b : built_in_)
      if (b.key == key && (version ? b.version == *version : !best || b.version > best->version)) best = b;
  if (!best) return Fail(ErrorCode::kNotFound, "There is no such form.");
  return *best;
}

Result<Form> Service::SaveForm(const Principal& who, Form form, const Origin& origin) {
  if (auto issues = ValidateForm(form); !issues.empty()) return practice::InvalidFields(issues);
  const EpochSeconds now = clock_.Now();
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto stored = store::ListForms(c, who.practice_id);
    if (!stored) return tl::unexpected(stored.error());
    int next = 1;
    for (const auto& b : built_in_)
      if (b.key == form.key) next = std::max(next, b.version + 1);
    for (const auto& s : *stored)
      if (s.key == form.key) next = std::max(next, s.version + 1);
    form.version = next;
    form.practice_id = who.practice_id;
    if (auto r = store::InsertForm(c, who.practice_id, {form.key, form.version, codec::Encode(form).dump()},
                                   who.user_id, now);
        !r)
      return r;
    audit::Event e = audit::ByPrincipal(who, "intake_form.save", "intake_form", form.key, origin.ip, origin.request_id);
    e.detail = "version " + std::to_string(form.version);
    return audit::Append(c, e, now);
  });
  if (!st) return tl::unexpected(st.error());
  return form;
}

// ---- the practice sends a form ----

Result<Response> Service::Send(const Principal& who, const std::string& client_id, const std::string& form_key,
                               const Origin& origin) {
  // Reading the client applies the chart's rules (another practice's client is not found).
  auto client = directory_.GetClient(who, client_id, origin);
  if (!client) return tl::unexpected(client.error());
  auto form = FindForm(who.practice_id, form_key, std::nullopt);
  if (!form) return Fail(ErrorCode::kInvalid, "Choose one of the practice's forms.", {}, "form_key");
  if (!form->active) return FailRule("form_retired", "This form is no longer in use.");
  // Already waiting for the client: sending again changes nothing.
  return NewDraft(who, client_id, *form, true, origin);
}

Result<Response> Service::NewDraft(const Principal& who, const std::string& client_id, const Form& form, bool sent,
                                   const Origin& origin) {
  const EpochSeconds now = clock_.Now();
  Response r;
  r.id = crypto::NewId();
  r.client_id = client_id;
  r.form_key = form.key;
  r.form_version = form.version;
  r.form_name = form.name;
  if (sent) r.sent_by = who.user_id;
  r.created_at = r.updated_at = now;
  auto sealed = Seal(who.practice_id, "{}", r.id);
  if (!sealed) return tl::unexpected(sealed.error());
  bool inserted = false;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto open = store::OpenDraft(c, who.practice_id, client_id, form.key);
    if (!open) return tl::unexpected(open.error());
    if (*open) {  // one draft per form, even when two requests race
      r = std::move(**open);
      return {};
    }
    Response row = r;
    row.content_json = *sealed;
    if (auto ins = store::InsertResponse(c, who.practice_id, row); !ins) return ins;
    inserted = true;
    if (sent) {  // the client is told a form is waiting (by a job: the request does not wait for the mail server)
      auto queued = jobs::Enqueue(c, "intake.notice", "intake.notice:" + r.id, who.practice_id,
                                  json{{"response_id", r.id}}.dump(), now, now);
      if (!queued) return tl::unexpected(queued.error());
    }
    return audit::Append(c, Event(who, sent ? "intake.send" : "intake.start", r.id, origin, client_id), now);
  });
  if (!st) return tl::unexpected(st.error());
  if (inserted && sent && wake_jobs_) wake_jobs_();
  r.content_json = "{}";
  return r;
}

Result<std::vector<Response>> Service::OfClient(const Principal& who, const std::string& client_id) {
  auto view = directory_.ChartView(who, client_id);
  if (!view) return tl::unexpected(view.error());
  if (*view == practice::ClientView::kNone) return Fail(ErrorCode::kNotFound, "No such client.");
  auto rows = db_.Read([&](db::Connection& c) { return store::ListResponses(c, who.practice_id, client_id); });
  if (!rows) return tl::unexpected(rows.error());
  for (auto& r : *rows) r.content_json = "{}";  // answers are read as the chart's PDF
  return rows;
}

// ---- the client's side ----

Result<std::vector<ClientForm>> Service::ForClient(const std::string& practice_id, const std::string& client_id) {
  auto forms = Forms(practice_id);
  if (!forms) return tl::unexpected(forms.error());
  auto responses = db_.Read([&](db::Connection& c) { return store::ListResponses(c, practice_id, client_id); });
  if (!responses) return tl::unexpected(responses.error());
  return ClientForms(*forms, *responses);
}

Result<std::pair<Response, Form>> Service::Start(const Principal& who, const std::string& client_id,
                                                 const std::string& form_key, const Origin& origin) {
  auto forms = Forms(who.practice_id);
  if (!forms) return tl::unexpected(forms.error());
  auto responses = db_.Read([&](db::Connection& c) { return store::ListResponses(c, who.practice_id, client_id); });
  if (!responses) return tl::unexpected(responses.error());
  const auto listed = ClientForms(*forms, *responses);
  auto it = std::find_if(listed.begin(), listed.end(), [&](const ClientForm& f) { return f.form_key == form_key; });
  // Only a form offered to the client (or already theirs) can be started; anything else is not found.
  if (it == listed.end()) return Fail(ErrorCode::kNotFound, "There is no such form.");
  if (it->status == "draft") return Open(who, client_id, it->response_id, origin);
  if (it->status == "submitted") return FailRule("submitted", "You already sent this form to the practice.");
  // A form offered as new is one of the newest versions just read.
  const Form& form = *std::find_if(forms->begin(), forms->end(), [&](const Form& f) { return f.key == form_key; });
  auto r = NewDraft(who, client_id, form, false, origin);
  if (!r) return tl::unexpected(r.error());
  return Open(who, client_id, r->id, origin);
}

Result<std::pair<Response, Form>> Service::OwnResponse(const Principal& who, const std::string& client_id,
                                                       const std::string& id) {
  auto found = db_.Read([&](db::Connection& c) { return store::FindResponse(c, who.practice_id, id); });
  if (!found) return tl::unexpected(found.error());
  if (!*found || (*found)->client_id != client_id) return Fail(ErrorCode::kNotFound, "There is no such form.");
  Response r = std::move(**found);
  auto text = Unseal(who.practice_id, r.content_json, r.id);
  if (!text) return tl::unexpected(text.error());
  r.content_json = std::move(*text);
  auto form = FindForm(who.practice_id, r.form_key, r.form_version);
  if (!form) return tl::unexpected(form.error());
  return std::make_pair(std::move(r), std::move(*form));
}

Result<std::pair<Response, Form>> Service::Open(const Principal& who, const std::string& client_id,
                                                const std::string& id, const Origin& origin) {
  auto own = OwnResponse(who, client_id, id);
  if (!own) return tl::unexpected(own.error());
  if (auto a = audit::AppendNow(db_, Event(who, "intake.read", id, origin, client_id), clock_.Now()); !a)
    return tl::unexpected(a.error());
  return own;
}

Result<std::string> Service::Pdf(const Principal& who, const Form& form, const std::string& content_json,
                                 EpochSeconds at) {
  const auto t = AsTemplate(form);
  auto content = records::ContentFromJson(t, content_json);
  if (!content) return tl::unexpected(content.error());
  std::vector<pdf::Block> blocks = {
      {pdf::Style::kTitle, form.name},
      {pdf::Style::kSmall, "Version " + std::to_string(form.version) + ", submitted " + FormatTimestamp(at) + " by " +
                               who.display_name + " in the client's own pages"}};
  for (const auto& s : form.sections) {
    blocks.push_back({pdf::Style::kHeading, s.title.empty() ? s.id : s.title});
    for (const auto& f : s.fields) {
      if (!records::FieldShown(f, *content)) continue;
      auto v = content->find(s.id + "." + f.id);
      blocks.push_back({pdf::Style::kSubheading, f.label});
      const std::string shown = v == content->end() ? std::string() : Shown(f, v->second);
      blocks.push_back({pdf::Style::kText, shown.empty() ? "(no answer)" : shown});
    }
  }
  return pdf::Render(blocks, form.name);
}

Result<Response> Service::Answer(const Principal& who, const std::string& client_id, const std::string& id,
                                 const std::string& content_json, bool submit, const Origin& origin) {
  auto own = OwnResponse(who, client_id, id);
  if (!own) return tl::unexpected(own.error());
  auto& [response, form] = *own;
  if (auto ok = MayChange(response); !ok) return tl::unexpected(ok.error());
  const auto t = AsTemplate(form);
  auto content = records::ContentFromJson(t, content_json);
  if (!content) return tl::unexpected(content.error());
  // Answers to questions a condition now hides are not kept (nor checked, nor required).
  json kept = json::parse(content_json, nullptr, false);
  for (const auto& s : form.sections)
    for (const auto& f : s.fields)
      if (!records::FieldShown(f, *content)) {
        kept.erase(s.id + "." + f.id);
        content->erase(s.id + "." + f.id);
      }
  auto issues = records::ValidateContent(t, *content, submit);
  for (auto& i : issues)
    if (auto at = i.message.find(" before signing."); at != std::string::npos)
      i.message = i.message.substr(0, at) + ".";
  if (!issues.empty())
    return practice::InvalidFields(issues,
                                   submit ? "Some answers are missing or not valid." : "Some answers are not valid.");
  const std::string text = kept.dump();
  auto sealed = Seal(who.practice_id, text, id);
  if (!sealed) return tl::unexpected(sealed.error());
  const EpochSeconds now = clock_.Now();
  if (!submit) {
    auto st = db_.WithWrite([&](db::Connection& c) -> Status {
      auto n = store::SaveDraft(c, who.practice_id, id, *sealed, now);
      if (!n) return tl::unexpected(n.error());
      if (*n == 0) return FailRule("submitted", "This form was sent to the practice and can no longer change.");
      return audit::Append(c, Event(who, "intake.save", id, origin, client_id), now);
    });
    if (!st) return tl::unexpected(st.error());
    response.content_json = text;
    response.updated_at = now;
    return response;
  }
  // Submitted: locked first (a second submit finds it locked), then kept in the chart; if the chart's copy
  // cannot be made, the draft is opened again so nothing is lost.
  auto pdf = Pdf(who, form, text, now);
  if (!pdf) return tl::unexpected(pdf.error());
  auto claimed = db_.WithWrite([&](db::Connection& c) -> Status {
    auto n = store::Submit(c, who.practice_id, id, *sealed, now);
    if (!n) return tl::unexpected(n.error());
    if (*n == 0) return FailRule("submitted", "This form was sent to the practice and can no longer change.");
    return {};
  });
  if (!claimed) return tl::unexpected(claimed.error());
  documents::Upload upload;
  upload.title = form.name + " (submitted " + FormatDate(DateOf(now)) + ")";
  upload.category = "intake_form";
  upload.document_date = DateOf(now);
  upload.data = std::move(*pdf);
  auto doc = documents_.AddFromClient(who, client_id, upload, origin);
  // A safety answer alerts the client's clinicians with the form kept (same transaction).
  const bool alert = doc && RaisesAlert(form, *content);
  std::string alert_id;
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (!doc) return store::Reopen(c, who.practice_id, id);
    if (auto r = store::SetDocument(c, who.practice_id, id, doc->id); !r) return r;
    if (alert) {
      auto queued = measures_.QueueAlert(c, who.practice_id, client_id, "intake_safety", id, now);
      if (!queued) return tl::unexpected(queued.error());
      alert_id = *queued;
    }
    return audit::Append(c, Event(who, "intake.submit", id, origin, client_id), now);
  });
  if (!alert_id.empty()) measures_.RaiseAlert(who.practice_id, client_id, alert_id);
  if (!doc) return tl::unexpected(doc.error());
  if (!st) return tl::unexpected(st.error());
  response.status = ResponseStatus::kSubmitted;
  response.content_json = text;
  response.updated_at = response.submitted_at = now;
  response.document_id = doc->id;
  return response;
}

}  // namespace duet::intake
