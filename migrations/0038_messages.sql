-- Secure messages between a client and the practice: threads (to the client's clinician, the front desk
-- or billing), messages with an optional attachment (sealed like chart documents), and who has read
-- what. Subjects and bodies are sealed with the practice's key.
CREATE TABLE message_threads (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  client_id TEXT NOT NULL REFERENCES clients(id),
  audience TEXT NOT NULL CHECK (audience IN ('clinician', 'front_desk', 'billing')),
  clinician_id TEXT REFERENCES clinicians(id),
  subject_sealed TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  assigned_user_id TEXT REFERENCES users(id),
  started_by TEXT NOT NULL REFERENCES users(id),
  started_by_client INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  last_message_at BIGINT NOT NULL,
  -- the client's oldest message the practice has not answered yet (the response-time clock)
  waiting_since BIGINT,
  closed_at BIGINT,
  filed_document_id TEXT
);
CREATE INDEX message_threads_practice ON message_threads(practice_id, status, last_message_at);
CREATE INDEX message_threads_client ON message_threads(practice_id, client_id, last_message_at);

CREATE TABLE messages (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  thread_id TEXT NOT NULL REFERENCES message_threads(id),
  author_user_id TEXT NOT NULL REFERENCES users(id),
  from_client INTEGER NOT NULL,
  body_sealed TEXT NOT NULL,
  attachment_name_sealed TEXT,
  attachment_type TEXT,
  attachment_size BIGINT,
  attachment_sealed TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX messages_thread ON messages(thread_id, created_at);

-- The newest message each person has read in a thread (ids are time-ordered UUIDv7, so "unread" is a
-- comparison of ids, exact to the message).
CREATE TABLE message_reads (
  thread_id TEXT NOT NULL REFERENCES message_threads(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  read_through TEXT NOT NULL,
  PRIMARY KEY (thread_id, user_id)
);
