#include "messages/store.hpp"

namespace duet::messages::store {
namespace {

db::Value OrNull(const std::string& s) { return s.empty() ? db::Value{} : db::Value(s); }

constexpr const char* kThreadColumns =
    "t.id, t.client_id, t.audience, COALESCE(t.clinician_id, ''), t.subject_sealed, t.status, "
    "COALESCE(t.assigned_user_id, ''), t.started_by, t.started_by_client, t.created_at, t.last_message_at, "
    "COALESCE(t.waiting_since, 0), COALESCE(t.closed_at, 0), COALESCE(t.filed_document_id, ''), "
    "COALESCE(t.party_user_id, ''), t.team, COALESCE(t.partner_id, '')";

Thread ThreadFrom(const db::Row& r) {
  Thread t;
  t.id = r.Text(0);
  t.client_id = r.Text(1);
  t.audience = r.Text(2);
  t.clinician_id = r.Text(3);
  t.subject = r.Text(4);
  t.status = r.Text(5);
  t.assigned_user_id = r.Text(6);
  t.started_by = r.Text(7);
  t.started_by_client = r.Int(8) != 0;
  t.created_at = r.Int(9);
  t.last_message_at = r.Int(10);
  t.waiting_since = r.Int(11);
  t.closed_at = r.Int(12);
  t.filed_document_id = r.Text(13);
  t.party_user_id = r.Text(14);
  if (r.Int(15) != 0) t.audience = "team";  // stored as a clinician thread with the team mark (migration 0050)
  t.partner_id = r.Text(16);
  return t;
}

}  // namespace

Status InsertThread(db::Connection& c, const std::string& practice_id, const Thread& t) {
  return db::Done(c.Exec(
      "INSERT INTO message_threads (id, practice_id, client_id, audience, clinician_id, subject_sealed, status, "
      "assigned_user_id, started_by, started_by_client, created_at, last_message_at, waiting_since, party_user_id, "
      "team, partner_id) VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {t.id, practice_id, t.client_id, t.audience == "team" ? std::string("clinician") : t.audience,
       OrNull(t.clinician_id), t.subject, OrNull(t.assigned_user_id), t.started_by,
       std::int64_t{t.started_by_client ? 1 : 0}, t.created_at, t.last_message_at,
       t.waiting_since ? db::Value(t.waiting_since) : db::Value{}, OrNull(t.party_user_id),
       std::int64_t{t.audience == "team" ? 1 : 0}, OrNull(t.partner_id)}));
}

Status InsertMessage(db::Connection& c, const std::string& practice_id, const Message& m,
                     const std::optional<SealedAttachment>& a) {
  return db::Done(
      c.Exec("INSERT INTO messages (id, practice_id, thread_id, author_user_id, from_client, body_sealed, "
             "attachment_name_sealed, attachment_type, attachment_size, attachment_sealed, created_at, document_id) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
             {m.id, practice_id, m.thread_id, m.author_user_id, std::int64_t{m.from_client ? 1 : 0}, m.body,
              a ? db::Value(a->name_sealed) : db::Value{}, a ? db::Value(a->content_type) : db::Value{},
              a ? db::Value(a->size) : db::Value{}, a ? db::Value(a->bytes_sealed) : db::Value{}, m.created_at,
              OrNull(m.document_id)}));
}

Result<bool> TouchOpenThread(db::Connection& c, const std::string& practice_id, const std::string& thread_id,
                             EpochSeconds at, EpochSeconds waiting_since) {
  auto n = c.Exec(
      "UPDATE message_threads SET last_message_at = ?, waiting_since = ? WHERE practice_id = ? AND id = ? AND "
      "status = 'open'",
      {at, waiting_since ? db::Value(waiting_since) : db::Value{}, practice_id, thread_id});
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

Result<std::optional<Settings>> FindSettings(db::Connection& c, const std::string& practice_id) {
  auto rows = c.Query("SELECT response_target_hours, crisis_message FROM message_settings WHERE practice_id = ?",
                      {practice_id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Settings>{};
  return std::optional(Settings{static_cast<int>(rows->front().Int(0)), rows->front().Text(1)});
}

Status SaveSettings(db::Connection& c, const std::string& practice_id, const Settings& s, EpochSeconds now) {
  return db::Done(c.Exec(
      "INSERT INTO message_settings (practice_id, response_target_hours, crisis_message, updated_at) VALUES (?, ?, ?, "
      "?) ON CONFLICT (practice_id) DO UPDATE SET response_target_hours = excluded.response_target_hours, "
      "crisis_message = excluded.crisis_message, updated_at = excluded.updated_at",
      {practice_id, std::int64_t{s.response_target_hours}, s.crisis_message, now}));
}

Result<std::vector<Thread>> ListThreads(db::Connection& c, const std::string& practice_id, const ListQuery& q) {
  std::string sql = std::string("SELECT ") + kThreadColumns +
                    // unread: the other side's messages (in a team thread, anyone else's) past what the reader read
                    ", (SELECT COUNT(*) FROM messages m WHERE m.thread_id = t.id AND (CASE WHEN t.team = 1 "
                    "THEN m.author_user_id <> ? ELSE m.from_client = ? END) AND m.id > "
                    "COALESCE((SELECT r.read_through FROM message_reads r WHERE r.thread_id = t.id AND r.user_id = ?), "
                    "'')) FROM message_threads t WHERE t.practice_id = ?";
  std::vector<db::Value> params = {q.reader_user_id, std::int64_t{q.reader_is_client ? 0 : 1}, q.reader_user_id,
                                   practice_id};
  if (q.client_id) {
    sql += " AND t.client_id = ?";
    params.emplace_back(*q.client_id);
  }
  if (q.party) {  // a client-side reader: threads with them (no party: with the client's own account), never the team's
    sql += " AND t.team = 0 AND (t.party_user_id = ? OR (t.party_user_id IS NULL AND ? = 1))";
    params.emplace_back(q.reader_user_id);
    params.emplace_back(std::int64_t{*q.party == ListQuery::Party::kOwnAccount ? 1 : 0});
  }
  if (q.status) {
    sql += " AND t.status = ?";
    params.emplace_back(*q.status);
  }
  if (q.partner_id) {  // a partner's clinicians: the team threads that include their organization
    sql += " AND t.team = 1 AND t.partner_id = ?";
    params.emplace_back(*q.partner_id);
  }
  if (q.audience == "team") {
    sql += " AND t.team = 1";
  } else if (q.audience) {
    sql += " AND t.audience = ? AND t.team = 0";
    params.emplace_back(*q.audience);
  }
  sql += " ORDER BY t.last_message_at DESC, t.id DESC LIMIT 500";
  auto rows = c.Query(sql, params);
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Thread> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) {
    out.push_back(ThreadFrom(r));
    out.back().unread = static_cast<int>(r.Int(17));
  }
  return out;
}

Result<std::optional<Thread>> FindThread(db::Connection& c, const std::string& practice_id, const std::string& id) {
  auto rows =
      c.Query(std::string("SELECT ") + kThreadColumns + " FROM message_threads t WHERE t.practice_id = ? AND t.id = ?",
              {practice_id, id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Thread>{};
  return std::optional<Thread>(ThreadFrom(rows->front()));
}

Result<std::vector<Message>> ListMessages(db::Connection& c, const std::string& practice_id,
                                          const std::string& thread_id) {
  auto rows = c.Query(
      "SELECT id, author_user_id, from_client, body_sealed, COALESCE(attachment_name_sealed, ''), "
      "COALESCE(attachment_type, ''), COALESCE(attachment_size, 0), created_at, COALESCE(document_id, '') FROM "
      "messages "
      "WHERE practice_id = ? AND "
      "thread_id = ? ORDER BY id",
      {practice_id, thread_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Message> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) {
    Message m;
    m.id = r.Text(0);
    m.thread_id = thread_id;
    m.author_user_id = r.Text(1);
    m.from_client = r.Int(2) != 0;
    m.body = r.Text(3);
    if (!r.Text(5).empty()) m.attachment = Attachment{r.Text(4), r.Text(5), r.Int(6)};
    m.created_at = r.Int(7);
    m.document_id = r.Text(8);
    out.push_back(std::move(m));
  }
  return out;
}

Result<std::optional<StoredAttachment>> FindAttachment(db::Connection& c, const std::string& practice_id,
                                                       const std::string& thread_id, const std::string& message_id) {
  auto rows = c.Query(
      "SELECT COALESCE(attachment_name_sealed, ''), COALESCE(attachment_type, ''), COALESCE(attachment_size, 0), "
      "COALESCE(attachment_sealed, ''), COALESCE(document_id, '') FROM messages WHERE practice_id = ? AND "
      "thread_id = ? AND id = ? AND (attachment_sealed IS NOT NULL OR document_id IS NOT NULL)",
      {practice_id, thread_id, message_id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<StoredAttachment>{};
  const auto& r = rows->front();
  return std::optional(StoredAttachment{Attachment{r.Text(0), r.Text(1), r.Int(2)}, r.Text(3), r.Text(4)});
}

Status MarkRead(db::Connection& c, const std::string& practice_id, const std::string& thread_id,
                const std::string& user_id) {
  return db::Done(c.Exec(
      "INSERT INTO message_reads (thread_id, user_id, read_through) SELECT t.id, ?, COALESCE((SELECT MAX(m.id) FROM "
      "messages m WHERE m.thread_id = t.id), '') FROM message_threads t WHERE t.practice_id = ? AND t.id = ? "
      "ON CONFLICT (thread_id, user_id) DO UPDATE SET read_through = excluded.read_through",
      {user_id, practice_id, thread_id}));
}

Result<bool> SetStatus(db::Connection& c, const std::string& practice_id, const std::string& thread_id,
                       const std::string& status, EpochSeconds at) {
  auto n = c.Exec(
      "UPDATE message_threads SET status = ?, closed_at = ?, waiting_since = CASE WHEN ? = 'closed' THEN NULL ELSE "
      "waiting_since END WHERE practice_id = ? AND id = ? AND status <> ?",
      {status, status == "closed" ? db::Value(at) : db::Value{}, status, practice_id, thread_id, status});
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

Result<bool> Assign(db::Connection& c, const std::string& practice_id, const std::string& thread_id,
                    const std::string& user_id) {
  auto n = c.Exec("UPDATE message_threads SET assigned_user_id = ? WHERE practice_id = ? AND id = ?",
                  {OrNull(user_id), practice_id, thread_id});
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

Result<bool> SetFiled(db::Connection& c, const std::string& practice_id, const std::string& thread_id,
                      const std::string& document_id) {
  auto n = c.Exec("UPDATE message_threads SET filed_document_id = ? WHERE practice_id = ? AND id = ?",
                  {document_id, practice_id, thread_id});
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

}  // namespace duet::messages::store
