#include "messages/service.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <unordered_set>

#include "documents/rules.hpp"
#include "messages/rules.hpp"
#include "messages/store.hpp"
#include "platform/audit.hpp"
#include "platform/crypto.hpp"
#include "platform/dates.hpp"
#include "platform/pdf.hpp"
#include "platform/words.hpp"

namespace duet::messages {
namespace {

using nlohmann::json;

std::string SubjectContext(const std::string& thread_id) { return "thread.subject:" + thread_id; }
std::string BodyContext(const std::string& message_id) { return "message.body:" + message_id; }
std::string NameContext(const std::string& message_id) { return "message.attachment_name:" + message_id; }
std::string BytesContext(const std::string& message_id) { return "message.attachment:" + message_id; }

audit::Event Event(const Principal& who, std::string action, const std::string& thread_id, const Origin& origin,
                   const std::string& client_id) {
  return audit::ByPrincipal(who, std::move(action), "message_thread", thread_id, origin.ip, origin.request_id,
                            client_id);
}

// For readers outside the staff (the client, a partner organization): who on the staff handles a conversation,
// and whether the practice is late with it, are the practice's business.
void HideStaffWork(Thread& t) {
  t.assigned_user_id.clear();
  t.assigned_name.clear();
  t.overdue = false;
}

std::string NameOf(const practice::Clinician& k) {
  return k.given_name + " " + k.family_name + (k.credentials.empty() ? "" : ", " + k.credentials);
}

}  // namespace

Service::Service(db::Database& db, const Clock& clock, identity::Service& identity, practice::Service& directory,
                 documents::Service& documents)
    : db_(db), clock_(clock), identity_(identity), directory_(directory), documents_(documents) {}

void Service::Connect(mail::Mailer* mailer, std::string public_url, UserNotifier notify,
                      std::function<void()> wake_jobs) {
  mailer_ = mailer;
  public_url_ = std::move(public_url);
  notify_ = std::move(notify);
  wake_jobs_ = std::move(wake_jobs);
}

Result<std::string> Service::SealText(const std::string& practice_id, const std::string& text,
                                      const std::string& context) {
  auto key = identity_.DataKeyFor(practice_id);
  if (!key) return tl::unexpected(key.error());
  return crypto::SealField(*key, text, context);
}

Result<std::string> Service::OpenText(const std::string& practice_id, const std::string& sealed,
                                      const std::string& context) {
  auto key = identity_.DataKeyFor(practice_id);
  if (!key) return tl::unexpected(key.error());
  return crypto::OpenField(*key, sealed, context);
}

Status Service::MaySee(const Principal& who, const Thread& t) {
  if (who.role == Role::kClient) {
    auto self = directory_.PortalClient(who, practice::PortalArea::kMessages);
    if (!self) return tl::unexpected(self.error());
    if (self->client.id == t.client_id && ClientSideSees(t, who.user_id, !self->link.guardian)) return {};
    return Fail(ErrorCode::kNotFound, "No such conversation.", "rule own_thread");
  }
  ThreadRelation r;
  r.assigned = !t.assigned_user_id.empty() && t.assigned_user_id == who.user_id;
  if (t.audience == "team") r.keeps_chart = directory_.MayReadChart(who, t.client_id).has_value();
  if (t.audience == "clinician" && !t.clinician_id.empty() &&
      (who.role == Role::kClinician || who.role == Role::kSupervisor)) {
    auto k = directory_.ClinicianById(who.practice_id, t.clinician_id);
    if (!k) return tl::unexpected(k.error());
    r.own_clinician = !k->user_id.empty() && k->user_id == who.user_id;
    r.supervises = !k->supervisor_user_id.empty() && k->supervisor_user_id == who.user_id;
  }
  return MaySeeThread(who.role, t.audience, r);
}

Result<Thread> Service::Visible(const Principal& who, const std::string& thread_id, const Origin& origin) {
  auto found = db_.Read([&](db::Connection& c) { return store::FindThread(c, who.practice_id, thread_id); });
  if (!found) return tl::unexpected(found.error());
  if (!*found) return Fail(ErrorCode::kNotFound, "No such conversation.");
  Thread t = std::move(**found);
  if (auto may = MaySee(who, t); !may) {
    audit::Event e = Event(who, "message_thread.read", t.id, origin, t.client_id);
    e.outcome = "denied";
    audit::AppendOrReport(db_, e, clock_.Now());
    return tl::unexpected(may.error());
  }
  std::vector<Thread> one{std::move(t)};
  if (auto st = Describe(who.practice_id, one); !st) return tl::unexpected(st.error());
  return std::move(one.front());
}

// Opens subjects and fills the names a list shows (client, clinician, assignee), each looked up once.
Result<Settings> Service::SettingsOf(const std::string& practice_id) {
  auto found = db_.Read([&](db::Connection& c) { return store::FindSettings(c, practice_id); });
  if (!found) return tl::unexpected(found.error());
  return found->value_or(Settings{kDefaultResponseTargetHours, {}});
}

Result<Settings> Service::PutSettings(const Principal& who, const Settings& s, const Origin& origin) {
  if (auto ok = CheckSettings(s); !ok) return tl::unexpected(ok.error());
  const EpochSeconds now = clock_.Now();
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto r = store::SaveSettings(c, who.practice_id, s, now); !r) return r;
    return audit::Append(
        c,
        audit::ByPrincipal(who, "message_settings.update", "practice", who.practice_id, origin.ip, origin.request_id),
        now);
  });
  if (!st) return tl::unexpected(st.error());
  return s;
}

Status Service::Describe(const std::string& practice_id, std::vector<Thread>& threads) {
  auto key = identity_.DataKeyFor(practice_id);
  if (!key) return tl::unexpected(key.error());
  std::vector<std::string> client_ids;
  for (const auto& t : threads) client_ids.push_back(t.client_id);
  std::sort(client_ids.begin(), client_ids.end());
  client_ids.erase(std::unique(client_ids.begin(), client_ids.end()), client_ids.end());
  auto clients = directory_.ClientNames(practice_id, client_ids);
  if (!clients) return tl::unexpected(clients.error());
  std::unordered_map<std::string, std::string> clinicians, users;
  std::unordered_map<std::string, std::optional<PartnerGrant>> partners;
  const EpochSeconds now = clock_.Now();
  auto settings = SettingsOf(practice_id);
  if (!settings) return tl::unexpected(settings.error());
  for (auto& t : threads) {
    auto subject = crypto::OpenField(*key, t.subject, SubjectContext(t.id));
    if (!subject) return tl::unexpected(subject.error());
    t.subject = std::move(*subject);
    t.client_name = (*clients)[t.client_id];
    if (!t.clinician_id.empty()) {
      auto it = clinicians.find(t.clinician_id);
      if (it == clinicians.end()) {
        auto k = directory_.ClinicianById(practice_id, t.clinician_id);
        it = clinicians.emplace(t.clinician_id, k ? NameOf(*k) : std::string()).first;
      }
      t.clinician_name = it->second;
    }
    if (!t.party_user_id.empty()) {
      auto it = users.find(t.party_user_id);
      if (it == users.end()) {
        auto u = identity_.FindUserIn(practice_id, t.party_user_id);
        it = users.emplace(t.party_user_id, u ? u->display_name : std::string()).first;
      }
      t.party_name = it->second;
    }
    if (!t.assigned_user_id.empty()) {
      auto it = users.find(t.assigned_user_id);
      if (it == users.end()) {
        auto u = identity_.FindUserIn(practice_id, t.assigned_user_id);
        it = users.emplace(t.assigned_user_id, u ? u->display_name : std::string()).first;
      }
      t.assigned_name = it->second;
    }
    t.overdue = t.status == "open" && IsOverdue(t.waiting_since, now, settings->response_target_hours);
    if (!t.partner_id.empty() && partner_in_care_) {
      auto it = partners.find(t.client_id + '/' + t.partner_id);  // each client and partner looked up once
      if (it == partners.end()) {
        auto g = partner_in_care_(practice_id, t.client_id, t.partner_id);
        if (!g && g.error().code != ErrorCode::kNotFound) return tl::unexpected(g.error());
        it = partners.emplace(t.client_id + '/' + t.partner_id, g ? std::optional(*g) : std::nullopt).first;
      }
      if (const auto& g = it->second) {
        t.partner_name = g->partner_name;
        t.partner_practice_id = g->partner_practice_id;
        t.partner_until = g->until;
      }
    }
  }
  return {};
}

Result<std::vector<Thread>> Service::ClientThreads(const Principal& who, const Origin& origin) {
  auto self = directory_.PortalClient(who, practice::PortalArea::kMessages);
  if (!self) return tl::unexpected(self.error());
  store::ListQuery q{self->client.id, std::nullopt, who.user_id, true,
                     self->link.guardian ? store::ListQuery::Party::kGuardian : store::ListQuery::Party::kOwnAccount};
  auto threads = db_.Read([&](db::Connection& c) { return store::ListThreads(c, who.practice_id, q); });
  if (!threads) return tl::unexpected(threads.error());
  if (auto st = Describe(who.practice_id, *threads); !st) return tl::unexpected(st.error());
  for (auto& t : *threads) HideStaffWork(t);
  audit::Event e = Event(who, "message_thread.list", "", origin, self->client.id);
  e.detail = std::to_string(threads->size()) + " conversations";
  if (auto st = audit::AppendNow(db_, e, clock_.Now()); !st) return tl::unexpected(st.error());
  return threads;
}

Result<std::vector<Thread>> Service::Inbox(const Principal& who, const InboxQuery& query, const Origin& origin) {
  auto visible = VisibleThreads(who, query);
  if (!visible) return tl::unexpected(visible.error());
  if (auto st = Describe(who.practice_id, *visible); !st) return tl::unexpected(st.error());
  audit::Event e = Event(who, "message_thread.list", "", origin, query.client_id.value_or(""));
  e.detail = std::to_string(visible->size()) + " conversations";
  if (auto st = audit::AppendNow(db_, e, clock_.Now()); !st) return tl::unexpected(st.error());
  return visible;
}

Result<std::vector<Thread>> Service::VisibleThreads(const Principal& who, const InboxQuery& query) {
  if (who.role == Role::kClient) return Fail(ErrorCode::kForbidden, "The inbox is the practice's.");
  std::optional<std::string> status = query.status.value_or("open");
  if (*status == "all")
    status.reset();
  else if (*status != "open" && *status != "closed")
    return Fail(ErrorCode::kInvalid, "Ask for open, closed or all.", {}, "status");
  store::ListQuery q{query.client_id, status, who.user_id, false};
  q.audience = query.audience;
  auto all = db_.Read([&](db::Connection& c) { return store::ListThreads(c, who.practice_id, q); });
  if (!all) return tl::unexpected(all.error());
  // Team threads: the clients whose chart the caller keeps, looked up at once.
  std::vector<std::string> team_clients;
  for (const auto& t : *all)
    if (t.audience == "team") team_clients.push_back(t.client_id);
  std::unordered_set<std::string> charts;
  if (!team_clients.empty()) {
    auto kept = directory_.FullChartsAmong(who, team_clients);
    if (!kept) return tl::unexpected(kept.error());
    charts = std::move(*kept);
  }
  // Who the caller is to each thread: their clinician record and those they supervise, read once.
  auto clinicians = directory_.ListClinicians(who);
  if (!clinicians) return tl::unexpected(clinicians.error());
  std::unordered_set<std::string> own, supervised;
  for (const auto& k : *clinicians) {
    if (!k.user_id.empty() && k.user_id == who.user_id) own.insert(k.id);
    if (!k.supervisor_user_id.empty() && k.supervisor_user_id == who.user_id) supervised.insert(k.id);
  }
  std::vector<Thread> visible;
  for (auto& t : *all) {
    ThreadRelation r{own.contains(t.clinician_id), supervised.contains(t.clinician_id),
                     !t.assigned_user_id.empty() && t.assigned_user_id == who.user_id,
                     t.audience == "team" && charts.contains(t.client_id)};
    if (!MaySeeThread(who.role, t.audience, r)) continue;
    if (query.mine && !r.assigned) continue;
    visible.push_back(std::move(t));
  }
  return visible;
}

Result<int> Service::UnreadCount(const Principal& who) {
  // Counts only (no subject, no client): nothing of a client is read, so nothing to audit.
  auto threads = VisibleThreads(who, InboxQuery{"open", std::nullopt, false});
  if (!threads) return tl::unexpected(threads.error());
  return static_cast<int>(
      std::count_if(threads->begin(), threads->end(), [](const Thread& t) { return t.unread > 0; }));
}

Result<std::vector<Message>> Service::OpenMessages(const std::string& practice_id, const Thread& t, bool for_partner,
                                                   const std::string& reader_user_id) {
  auto messages = db_.Read([&](db::Connection& c) { return store::ListMessages(c, practice_id, t.id); });
  if (!messages) return tl::unexpected(messages.error());
  auto key = identity_.DataKeyFor(practice_id);
  if (!key) return tl::unexpected(key.error());
  // The chart documents the messages point at, read once, as the chart has them now; a Part 2 one only while the
  // client's agreement lets the team see Part 2 records (asked once).
  std::unordered_map<std::string, documents::Document> documents;
  std::optional<bool> team_sees_part2;
  if (!for_partner) {
    std::vector<std::string> ids;
    for (const auto& m : *messages)
      if (!m.document_id.empty() && std::find(ids.begin(), ids.end(), m.document_id) == ids.end())
        ids.push_back(m.document_id);
    auto docs = documents_.ChartDocuments(practice_id, t.client_id, ids, false);
    if (!docs) return tl::unexpected(docs.error());
    for (auto& [d, _] : *docs) {
      if (d.part2 && !team_sees_part2) {
        auto sees = documents_.TeamSeesPart2(practice_id, t.client_id);
        if (!sees) return tl::unexpected(sees.error());
        team_sees_part2 = *sees;
      }
      if (d.part2 && !*team_sees_part2) continue;
      documents.emplace(d.id, std::move(d));
    }
  }
  std::unordered_map<std::string, std::string> authors;
  for (auto& m : *messages) {
    m.mine = m.author_user_id == reader_user_id;
    auto body = crypto::OpenField(*key, m.body, BodyContext(m.id));
    if (!body) return tl::unexpected(body.error());
    m.body = std::move(*body);
    if (m.attachment) {
      auto name = crypto::OpenField(*key, m.attachment->name, NameContext(m.id));
      if (!name) return tl::unexpected(name.error());
      m.attachment->name = std::move(*name);
    }
    if (for_partner) {  // records reach a partner through the release, never through the conversation
      m.attachment.reset();
      m.document_id.clear();
    } else if (!m.document_id.empty()) {
      // Withheld (no name, no link) when the team may no longer see it.
      if (auto it = documents.find(m.document_id); it != documents.end())
        m.attachment = Attachment{it->second.title, it->second.content_type, it->second.size};
      else
        m.document_id.clear();
    }
    if (m.from_client) {
      m.author_name = t.client_name;
    } else {
      auto it = authors.find(m.author_user_id);
      if (it == authors.end()) {
        auto u = identity_.FindUserIn(practice_id, m.author_user_id);
        std::string name = u ? u->display_name : std::string("The practice");
        // A partner organization's clinician: named with their organization.
        if (!u && !t.partner_practice_id.empty())
          if (auto pu = identity_.FindUserIn(t.partner_practice_id, m.author_user_id))
            name = pu->display_name + " (" + t.partner_name + ")";
        it = authors.emplace(m.author_user_id, std::move(name)).first;
      }
      m.author_name = it->second;
    }
  }
  return messages;
}

Result<Thread> Service::Open(const Principal& who, const std::string& thread_id, const Origin& origin) {
  auto t = Visible(who, thread_id, origin);
  if (!t) return tl::unexpected(t.error());
  auto messages = OpenMessages(who.practice_id, *t, false, who.user_id);
  if (!messages) return tl::unexpected(messages.error());
  t->messages = std::move(*messages);
  t->unread = 0;
  if (who.role == Role::kClient) HideStaffWork(*t);
  const EpochSeconds now = clock_.Now();
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (auto r = store::MarkRead(c, who.practice_id, thread_id, who.user_id); !r) return r;
    return audit::Append(c, Event(who, "message_thread.read", thread_id, origin, t->client_id), now);
  });
  if (!st) return tl::unexpected(st.error());
  return t;
}

std::vector<std::string> Service::RecipientsOf(const Principal& who, const Thread& t, bool from_client) {
  std::vector<std::string> to;
  if (t.audience == "team") return TeamUsers(who, t.client_id);  // the client never hears of a team thread
  if (!from_client) {
    if (!t.party_user_id.empty()) return {t.party_user_id};
    auto clients = directory_.ClientPlaces(who.practice_id, {t.client_id});
    if (clients && !clients->empty() && !clients->front().user_id.empty()) to.push_back(clients->front().user_id);
    return to;
  }
  if (!t.assigned_user_id.empty()) return {t.assigned_user_id};
  if (t.audience == "clinician" && !t.clinician_id.empty()) {
    auto k = directory_.ClinicianById(who.practice_id, t.clinician_id);
    if (k && !k->user_id.empty()) return {k->user_id};
  }
  auto users = identity_.ListUsers(who);
  if (!users) return to;
  const Role wanted = t.audience == "billing" ? Role::kBiller : Role::kFrontDesk;
  for (const auto& u : *users)
    if (!u.disabled && u.role == wanted) to.push_back(u.id);
  if (to.empty())  // nobody in that role yet: the owner hears of it
    for (const auto& u : *users)
      if (!u.disabled && u.role == Role::kOwner) to.push_back(u.id);
  return to;
}

std::vector<std::string> Service::TeamUsers(const Principal& who, const std::string& client_id) {
  std::vector<std::string> to;
  auto clients = directory_.ClientPlaces(who.practice_id, {client_id});
  if (!clients || clients->empty()) return to;
  for (const auto& id : clients->front().clinician_ids)  // today's care team
    if (auto k = directory_.ClinicianById(who.practice_id, id); k && !k->user_id.empty() && k->user_id != who.user_id)
      to.push_back(k->user_id);
  return to;
}

Result<Message> Service::Write(const Principal& who, Thread& t, bool new_thread, const NewMessage& in,
                               const Origin& origin) {
  const bool has_file = !in.attachment_bytes.empty();
  const bool has_document = !in.document_id.empty();
  if (auto ok = CheckMessage(in.body, has_file || has_document); !ok) return tl::unexpected(ok.error());
  if (!t.partner_id.empty() && (has_file || has_document))
    return Fail(ErrorCode::kInvalid,
                "A conversation with a partner organization carries words only: records go through the release.", {},
                has_file ? "attachment" : "document_id");
  std::optional<documents::Document> document;
  if (has_document) {
    // A document of the client's chart, on the care team's conversation about them: members read it from the
    // chart (never a copy), a Part 2 record only under the client's agreement naming Part 2.
    if (t.audience != "team")
      return Fail(ErrorCode::kInvalid, "Chart documents go on the care team's conversations.", {}, "document_id");
    if (has_file)
      return Fail(ErrorCode::kInvalid, "Send a file or a document of the chart, not both.", {}, "document_id");
    if (auto ok = directory_.MayReadChart(who, t.client_id); !ok) return tl::unexpected(ok.error());
    auto found = documents_.ForTeam(who.practice_id, t.client_id, in.document_id, false);
    if (!found && found.error().code == ErrorCode::kNotFound)
      return Fail(ErrorCode::kInvalid, "Choose a document of this client's chart.", {}, "document_id");
    if (!found) return tl::unexpected(found.error());
    document = std::move(found->first);
  }
  std::optional<store::SealedAttachment> sealed_file;
  Message m;
  m.id = crypto::NewId();
  m.thread_id = t.id;
  if (document) {
    m.document_id = document->id;
    m.attachment = Attachment{document->title, document->content_type, document->size};
  }
  m.author_user_id = who.user_id;
  m.from_client = who.role == Role::kClient;
  m.mine = true;
  m.created_at = clock_.Now();
  auto key = identity_.DataKeyFor(who.practice_id);
  if (!key) return tl::unexpected(key.error());
  if (has_file) {
    if (static_cast<std::int64_t>(in.attachment_bytes.size()) > kMaxAttachmentBytes)
      return Fail(ErrorCode::kTooLarge, "Files up to 700 KB can be attached.", {}, "attachment");
    auto type = documents::SniffContentType(in.attachment_bytes);
    if (!type) return Fail(ErrorCode::kInvalid, "Attach a PDF, PNG or JPEG file.", {}, "attachment");
    const std::string name = in.attachment_name.empty() ? std::string("attachment") : in.attachment_name;
    auto name_sealed = crypto::SealField(*key, name, NameContext(m.id));
    if (!name_sealed) return tl::unexpected(name_sealed.error());
    auto bytes = key->Seal(in.attachment_bytes, BytesContext(m.id));
    if (!bytes) return tl::unexpected(bytes.error());
    sealed_file = store::SealedAttachment{*name_sealed, std::string(*type),
                                          static_cast<std::int64_t>(in.attachment_bytes.size()), *bytes};
    m.attachment = Attachment{name, std::string(*type), static_cast<std::int64_t>(in.attachment_bytes.size())};
  }
  auto body = crypto::SealField(*key, in.body, BodyContext(m.id));
  if (!body) return tl::unexpected(body.error());
  Message stored = m;
  stored.body = *body;
  const auto recipients = RecipientsOf(who, t, m.from_client);
  // A team thread's mentions: members of the care team, told apart from the others.
  for (const auto& user_id : in.mentions)
    if (t.audience != "team" || std::find(recipients.begin(), recipients.end(), user_id) == recipients.end())
      return Fail(ErrorCode::kInvalid, "Mention members of the client's care team.", {}, "mentions");
  // A partner organization on the conversation (while the release names it): its clinicians are told too, in
  // their own practice.
  std::vector<std::string> partner_to;
  if (!t.partner_id.empty() && t.partner_until && !t.partner_practice_id.empty()) {
    Principal theirs;
    theirs.practice_id = t.partner_practice_id;
    auto users = identity_.ListUsers(theirs);
    if (!users) return tl::unexpected(users.error());
    for (const auto& u : *users)
      if (!u.disabled && u.id != who.user_id && (u.role == Role::kClinician || u.role == Role::kSupervisor))
        partner_to.push_back(u.id);
  }
  const EpochSeconds waiting = WaitingSinceAfter(t.waiting_since, m.from_client, m.created_at);
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    if (new_thread) {
      Thread row = t;
      auto subject = crypto::SealField(*key, t.subject, SubjectContext(t.id));
      if (!subject) return tl::unexpected(subject.error());
      row.subject = *subject;
      row.waiting_since = waiting;
      row.created_at = row.last_message_at = m.created_at;
      if (auto r = store::InsertThread(c, who.practice_id, row); !r) return r;
    } else {
      auto open = store::TouchOpenThread(c, who.practice_id, t.id, m.created_at, waiting);
      if (!open) return tl::unexpected(open.error());
      if (!*open) return FailRule("thread_closed", "This conversation is closed. Start a new one to write again.");
    }
    if (auto r = store::InsertMessage(c, who.practice_id, stored, sealed_file); !r) return r;
    if (auto r = store::MarkRead(c, who.practice_id, t.id, who.user_id); !r) return r;
    for (const auto& user_id : recipients) {
      auto queued = jobs::Enqueue(c, "message.notice", "message.notice:" + m.id + ":" + user_id, who.practice_id,
                                  json{{"user_id", user_id},
                                       {"to_client", !m.from_client && t.audience != "team"},
                                       {"team", t.audience == "team"}}
                                      .dump(),
                                  m.created_at, m.created_at);
      if (!queued) return tl::unexpected(queued.error());
    }
    for (const auto& user_id : partner_to) {
      auto queued = jobs::Enqueue(c, "message.notice", "message.notice:" + m.id + ":" + user_id, t.partner_practice_id,
                                  json{{"user_id", user_id}, {"to_client", false}, {"team", true}}.dump(), m.created_at,
                                  m.created_at);
      if (!queued) return tl::unexpected(queued.error());
    }
    audit::Event e = Event(who, new_thread ? "message_thread.start" : "message.send", t.id, origin, t.client_id);
    if (has_file) e.detail = "with an attachment";
    if (has_document) e.detail = "with chart document " + m.document_id;
    return audit::Append(c, e, m.created_at);
  });
  if (!st) return tl::unexpected(st.error());
  t.waiting_since = waiting;
  t.last_message_at = m.created_at;
  if (new_thread) t.created_at = m.created_at;
  for (const auto& user_id : recipients) {
    const bool mentioned = std::find(in.mentions.begin(), in.mentions.end(), user_id) != in.mentions.end();
    if (notify_)
      notify_(who.practice_id, user_id,
              json{{"type", mentioned ? "message.mention" : "message.new"}, {"thread_id", t.id}}.dump());
  }
  for (const auto& user_id : partner_to)
    if (notify_) notify_(t.partner_practice_id, user_id, json{{"type", "message.new"}, {"thread_id", t.id}}.dump());
  if (wake_jobs_ && (!recipients.empty() || !partner_to.empty())) wake_jobs_();
  if (m.from_client) {
    auto self = directory_.ClientNames(who.practice_id, {t.client_id});
    if (self) m.author_name = (*self)[t.client_id];
  } else {
    auto u = identity_.FindUserIn(who.practice_id, who.user_id);
    m.author_name = u ? u->display_name : std::string();
  }
  m.body = in.body;
  return m;
}

Result<Thread> Service::ClientStart(const Principal& who, const NewThread& request, const Origin& origin) {
  auto self = directory_.PortalClient(who, practice::PortalArea::kMessages);
  if (!self) return tl::unexpected(self.error());
  if (!IsAudience(request.audience) || request.audience == "team")
    return Fail(ErrorCode::kInvalid, "Write to your clinician, the front desk or billing.", {}, "audience");
  if (auto ok = CheckSubject(request.subject); !ok) return tl::unexpected(ok.error());
  Thread t;
  t.id = crypto::NewId();
  t.client_id = self->client.id;
  t.audience = request.audience;
  t.subject = request.subject;
  t.started_by = who.user_id;
  t.started_by_client = true;
  if (self->link.guardian) t.party_user_id = who.user_id;  // a guardian's conversation is theirs
  if (t.audience == "clinician") {
    const auto& mine = self->client.clinician_ids;
    if (mine.empty())
      return FailRule("no_clinician", "You have no clinician at this practice yet: write to the front desk.");
    t.clinician_id = request.clinician_id.empty() ? mine.front() : request.clinician_id;
    if (std::find(mine.begin(), mine.end(), t.clinician_id) == mine.end())
      return Fail(ErrorCode::kInvalid, "Write to one of your own clinicians.", {}, "clinician_id");
  }
  auto m = Write(who, t, true, request.first, origin);
  if (!m) return tl::unexpected(m.error());
  return Open(who, t.id, origin);
}

Result<Thread> Service::StaffStart(const Principal& who, const std::string& client_id, const NewThread& request,
                                   const Origin& origin) {
  if (who.role == Role::kClient) return Fail(ErrorCode::kForbidden, "Clients start conversations in their portal.");
  // The client in the address: one of another practice (or none) is not found.
  auto clients = directory_.ClientPlaces(who.practice_id, {client_id});
  if (!clients && clients.error().code == ErrorCode::kInvalid) return Fail(ErrorCode::kNotFound, "No such client.");
  if (!clients) return tl::unexpected(clients.error());
  if (auto ok = CheckSubject(request.subject); !ok) return tl::unexpected(ok.error());
  Thread t;
  t.id = crypto::NewId();
  t.client_id = client_id;
  t.subject = request.subject;
  t.started_by = who.user_id;
  if (!request.with_user_id.empty()) {  // to a guardian of the client, who must see the client's messages
    auto accounts = directory_.PortalAccounts(who, client_id);
    if (!accounts) return tl::unexpected(accounts.error());
    auto it = std::find_if(accounts->begin(), accounts->end(), [&](const practice::PortalLink& l) {
      return l.guardian && l.user_id == request.with_user_id && l.sees.messages;
    });
    if (it == accounts->end())
      return Fail(ErrorCode::kInvalid, "Choose the client or a guardian who sees the client's messages.", {},
                  "with_user_id");
    t.party_user_id = request.with_user_id;
  }
  // A provider thread: among those who keep the client's chart, about the client, never seen by the client.
  if (request.audience == "team") {
    if (who.role != Role::kOwner && who.role != Role::kClinician && who.role != Role::kSupervisor)
      return Fail(ErrorCode::kForbidden, "Team conversations are among the client's clinicians.");
    if (auto ok = directory_.MayReadChart(who, client_id); !ok) return tl::unexpected(ok.error());
    if (!t.party_user_id.empty())
      return Fail(ErrorCode::kInvalid, "A team conversation is not with the client or a guardian.", {}, "with_user_id");
    t.audience = "team";
    if (!request.partner_id.empty()) {
      // A partner organization joins only under the client's release in effect that names it.
      auto g = partner_in_care_ ? partner_in_care_(who.practice_id, client_id, request.partner_id)
                                : Result<PartnerGrant>(Fail(ErrorCode::kNotFound, "No such partner organization."));
      if (!g && g.error().code == ErrorCode::kNotFound)
        return Fail(ErrorCode::kInvalid, "Choose a connected partner organization.", {}, "partner_id");
      if (!g) return tl::unexpected(g.error());
      if (!g->until) return FailRule("release", "No release in effect names " + g->partner_name + " for this client.");
      t.partner_id = request.partner_id;
      t.partner_name = g->partner_name;
      t.partner_practice_id = g->partner_practice_id;
      t.partner_until = g->until;
    }
  } else if (!request.partner_id.empty()) {
    return Fail(ErrorCode::kInvalid, "A partner organization joins the care team's conversations only.", {},
                "partner_id");
  } else if (who.role == Role::kClinician || who.role == Role::kSupervisor) {
    // Clinicians write as themselves (and must see the chart); the others as the desk they stand for.
    if (auto ok = directory_.MayReadChart(who, client_id); !ok) return tl::unexpected(ok.error());
    auto k = directory_.ClinicianOfUser(who.practice_id, who.user_id);
    if (!k) return tl::unexpected(k.error());
    if (!*k) return FailRule("no_clinician", "Your account has no clinician record to write as.");
    t.audience = "clinician";
    t.clinician_id = (*k)->id;
  } else {
    t.audience = who.role == Role::kBiller ? "billing" : request.audience.empty() ? "front_desk" : request.audience;
    if (!IsAudience(t.audience) || (who.role != Role::kOwner && t.audience == "clinician"))
      return Fail(ErrorCode::kInvalid, "Write as the front desk or billing.", {}, "audience");
    if (t.audience == "clinician") {  // the owner on behalf of a clinician: the client's first one
      const auto& theirs = clients->front().clinician_ids;
      if (theirs.empty()) return Fail(ErrorCode::kInvalid, "This client has no clinician.", {}, "audience");
      t.clinician_id = request.clinician_id.empty() ? theirs.front() : request.clinician_id;
    }
  }
  auto m = Write(who, t, true, request.first, origin);
  if (!m) return tl::unexpected(m.error());
  return Open(who, t.id, origin);
}

Result<Message> Service::Reply(const Principal& who, const std::string& thread_id, const NewMessage& message,
                               const Origin& origin) {
  auto t = Visible(who, thread_id, origin);
  if (!t) return tl::unexpected(t.error());
  if (auto ok = MayAddTo(*t); !ok) return tl::unexpected(ok.error());
  return Write(who, *t, false, message, origin);
}

// ---- a partner organization's clinicians ----

Result<std::vector<Thread>> Service::PartnerThreads(const Principal& who, const std::string& partner_id,
                                                    const std::string& client_id, const Origin& origin) {
  if (!partner_gate_ || !partner_disclosed_) return Fail(ErrorCode::kNotFound, "No such partner organization.");
  auto g = partner_gate_(who, partner_id, client_id);
  if (!g) return tl::unexpected(g.error());
  store::ListQuery q{client_id, std::nullopt, who.user_id, false};
  q.partner_id = g->partner_id;
  auto threads = db_.Read([&](db::Connection& c) { return store::ListThreads(c, g->practice_id, q); });
  if (!threads) return tl::unexpected(threads.error());
  if (auto st = Describe(g->practice_id, *threads); !st) return tl::unexpected(st.error());
  for (auto& t : *threads) HideStaffWork(t);
  if (auto st = partner_disclosed_(who, *g, client_id,
                                   "partner conversations: " + std::to_string(threads->size()) + " listed", origin);
      !st)
    return tl::unexpected(st.error());
  return threads;
}

Result<std::pair<Service::PartnerGrant, Thread>> Service::PartnerThread(const Principal& who,
                                                                        const std::string& partner_id,
                                                                        const std::string& client_id,
                                                                        const std::string& thread_id) {
  if (!partner_gate_ || !partner_disclosed_) return Fail(ErrorCode::kNotFound, "No such partner organization.");
  auto g = partner_gate_(who, partner_id, client_id);
  if (!g) return tl::unexpected(g.error());
  auto found = db_.Read([&](db::Connection& c) { return store::FindThread(c, g->practice_id, thread_id); });
  if (!found) return tl::unexpected(found.error());
  if (!*found || (*found)->client_id != client_id || (*found)->audience != "team" ||
      (*found)->partner_id != g->partner_id)
    return Fail(ErrorCode::kNotFound, "No such conversation.");
  std::vector<Thread> one{std::move(**found)};
  if (auto st = Describe(g->practice_id, one); !st) return tl::unexpected(st.error());
  HideStaffWork(one.front());
  return std::make_pair(std::move(*g), std::move(one.front()));
}

Result<Thread> Service::PartnerOpen(const Principal& who, const std::string& partner_id, const std::string& client_id,
                                    const std::string& thread_id, const Origin& origin) {
  auto found = PartnerThread(who, partner_id, client_id, thread_id);
  if (!found) return tl::unexpected(found.error());
  auto& [g, t] = *found;
  auto messages = OpenMessages(g.practice_id, t, true, who.user_id);
  if (!messages) return tl::unexpected(messages.error());
  t.messages = std::move(*messages);
  t.unread = 0;
  auto st = db_.WithWrite([&](db::Connection& c) { return store::MarkRead(c, g.practice_id, t.id, who.user_id); });
  if (!st) return tl::unexpected(st.error());
  if (auto d = partner_disclosed_(who, g, client_id, "partner conversation read: " + t.id, origin); !d)
    return tl::unexpected(d.error());
  return std::move(t);
}

Result<Message> Service::PartnerReply(const Principal& who, const std::string& partner_id, const std::string& client_id,
                                      const std::string& thread_id, const NewMessage& message, const Origin& origin) {
  auto found = PartnerThread(who, partner_id, client_id, thread_id);
  if (!found) return tl::unexpected(found.error());
  auto& [g, t] = *found;
  if (auto ok = MayAddTo(t); !ok) return tl::unexpected(ok.error());
  // Written in the practice's conversation by the partner's clinician, in the practice's audit trail.
  Principal writer;
  writer.practice_id = g.practice_id;
  writer.user_id = who.user_id;
  writer.role = Role::kClinician;
  writer.display_name = who.display_name + " (partner, " + g.partner_name + ")";
  auto m = Write(writer, t, false, message, origin);
  if (m) m->author_name = who.display_name + " (" + g.partner_name + ")";
  return m;
}

Result<Thread> Service::SetOpen(const Principal& who, const std::string& thread_id, bool open, const Origin& origin) {
  if (who.role == Role::kClient) return Fail(ErrorCode::kForbidden, "The practice closes conversations.");
  auto t = Visible(who, thread_id, origin);
  if (!t) return tl::unexpected(t.error());
  const EpochSeconds now = clock_.Now();
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto changed = store::SetStatus(c, who.practice_id, thread_id, open ? "open" : "closed", now);
    if (!changed) return tl::unexpected(changed.error());
    if (!*changed) return {};
    return audit::Append(
        c, Event(who, open ? "message_thread.reopen" : "message_thread.close", thread_id, origin, t->client_id), now);
  });
  if (!st) return tl::unexpected(st.error());
  return Visible(who, thread_id, origin);
}

Result<Thread> Service::AssignTo(const Principal& who, const std::string& thread_id, const std::string& user_id,
                                 const Origin& origin) {
  if (who.role == Role::kClient) return Fail(ErrorCode::kForbidden, "The practice assigns conversations.");
  auto t = Visible(who, thread_id, origin);
  if (!t) return tl::unexpected(t.error());
  if (!user_id.empty()) {
    auto u = identity_.FindUserIn(who.practice_id, user_id);
    if (!u || u->disabled || u->role == Role::kClient)
      return Fail(ErrorCode::kInvalid, "Assign it to a person of the practice.", {}, "user_id");
    // The assignee must be someone who may read it already, or the owner's choice (assigning grants access).
    Thread as_them = *t;
    as_them.assigned_user_id.clear();
    Principal them;
    them.user_id = u->id;
    them.practice_id = who.practice_id;
    them.role = u->role;
    if (who.role != Role::kOwner && !MaySee(them, as_them))
      return Fail(ErrorCode::kInvalid, "That person does not handle this kind of conversation.", {}, "user_id");
  }
  const EpochSeconds now = clock_.Now();
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto done = store::Assign(c, who.practice_id, thread_id, user_id);
    if (!done) return tl::unexpected(done.error());
    audit::Event e = Event(who, "message_thread.assign", thread_id, origin, t->client_id);
    e.detail = user_id.empty() ? "unassigned" : "assigned";
    return audit::Append(c, e, now);
  });
  if (!st) return tl::unexpected(st.error());
  return Visible(who, thread_id, origin);
}

Result<Thread> Service::FileToChart(const Principal& who, const std::string& thread_id, const Origin& origin) {
  auto t = Open(who, thread_id, origin);
  if (!t) return tl::unexpected(t.error());
  if (auto ok = directory_.MayReadChart(who, t->client_id); !ok)
    return Fail(ErrorCode::kForbidden, "Only those who keep the client's chart file messages to it.");
  if (!t->filed_document_id.empty()) return FailRule("already_filed", "This conversation is already in the chart.");
  std::vector<pdf::Block> blocks;
  blocks.push_back({pdf::Style::kTitle, "Secure messages: " + t->subject});
  blocks.push_back({pdf::Style::kText, "Client: " + t->client_name +
                                           (t->clinician_name.empty() ? "" : " · Clinician: " + t->clinician_name)});
  for (const auto& m : t->messages) {
    blocks.push_back({pdf::Style::kSubheading, m.author_name + (m.from_client ? " (client)" : "") + " — " +
                                                   FormatTimestampIn(m.created_at, "UTC")});
    blocks.push_back({pdf::Style::kText, m.body});
    if (m.attachment) blocks.push_back({pdf::Style::kSmall, "Attachment: " + m.attachment->name});
  }
  auto bytes = pdf::Render(blocks, "Secure messages filed " + FormatTimestampIn(clock_.Now(), "UTC"));
  if (!bytes) return tl::unexpected(bytes.error());
  documents::Upload upload;
  upload.title = "Messages: " + t->subject;
  upload.category = "correspondence";
  upload.data = std::move(*bytes);
  auto doc = documents_.Add(who, t->client_id, upload, origin);
  if (!doc) return tl::unexpected(doc.error());
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto filed = store::SetFiled(c, who.practice_id, thread_id, doc->id);
    if (!filed) return tl::unexpected(filed.error());
    return audit::Append(c, Event(who, "message_thread.file", thread_id, origin, t->client_id), clock_.Now());
  });
  if (!st) return tl::unexpected(st.error());
  t->filed_document_id = doc->id;
  return t;
}

Result<std::pair<Attachment, std::string>> Service::AttachmentOf(const Principal& who, const std::string& thread_id,
                                                                 const std::string& message_id, const Origin& origin) {
  auto t = Visible(who, thread_id, origin);
  if (!t) return tl::unexpected(t.error());
  auto found =
      db_.Read([&](db::Connection& c) { return store::FindAttachment(c, who.practice_id, thread_id, message_id); });
  if (!found) return tl::unexpected(found.error());
  if (!*found) return Fail(ErrorCode::kNotFound, "No such attachment.");
  if (!(*found)->document_id.empty()) {
    // A chart document the message points at, read from the chart (a Part 2 record only while the agreement
    // names Part 2).
    const std::string document_id = (*found)->document_id;
    auto doc = documents_.ForTeam(who.practice_id, t->client_id, document_id, true);
    if (!doc) return tl::unexpected(doc.error());
    audit::Event e = Event(who, "message.attachment_read", thread_id, origin, t->client_id);
    e.detail = "chart document " + document_id;
    if (auto st = audit::AppendNow(db_, e, clock_.Now()); !st) return tl::unexpected(st.error());
    return std::make_pair(Attachment{doc->first.title, doc->first.content_type, doc->first.size},
                          std::move(doc->second));
  }
  auto key = identity_.DataKeyFor(who.practice_id);
  if (!key) return tl::unexpected(key.error());
  auto [attachment, sealed, document_id] = std::move(**found);
  auto name = crypto::OpenField(*key, attachment.name, NameContext(message_id));
  if (!name) return tl::unexpected(name.error());
  attachment.name = std::move(*name);
  auto bytes = key->Open(sealed, BytesContext(message_id));
  if (!bytes) return tl::unexpected(bytes.error());
  audit::Event e = Event(who, "message.attachment_read", thread_id, origin, t->client_id);
  if (auto st = audit::AppendNow(db_, e, clock_.Now()); !st) return tl::unexpected(st.error());
  return std::make_pair(std::move(attachment), std::move(*bytes));
}

Result<std::string> Service::SendNotice(const jobs::Job& job) {
  json p = json::parse(job.payload, nullptr, false);
  if (!p.is_object()) return std::string("skipped: unreadable payload");
  if (!mailer_ || !mailer_->enabled()) return std::string("skipped: no mail server");
  auto u = identity_.FindUserIn(job.practice_id, p.value("user_id", ""));
  if (!u || u->disabled || u->email.empty()) return std::string("skipped: no such person");
  auto practice = identity_.PracticeById(job.practice_id);
  const std::string from = practice ? practice->name : std::string("your practice");
  // No subject, no name, no words of the message: only that one is waiting.
  const bool to_client = p.value("to_client", false);
  mail::Message m{u->email, "Duet: a new secure message",
                  (p.value("team", false) ? std::string("A colleague wrote in a care team conversation.")
                                          : std::string("A client sent a secure message.")) +
                      " Sign in to Duet to read it:\n\n" + public_url_ + "/\n\nDo not reply to this e-mail.\n"};
  if (to_client) {
    const auto& w = words::For(u->language);
    const std::string name = practice ? practice->name : w.Say("practice.fallback");
    m.subject = w.Say("message.subject", {{"practice", name}});
    m.body = w.Say("message.body", {{"practice", name}, {"link", public_url_ + "/"}});
  }
  auto sent = mailer_->Send(m);
  if (!sent) return tl::unexpected(sent.error());
  return std::string("sent");
}

}  // namespace duet::messages
