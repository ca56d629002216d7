-- Guardians and minors: a client-side account may see the pages of clients in its care (a parent, a legal
-- guardian), each link saying what the practice lets that guardian see of that client (per client: an
-- adolescent's practice decides). The session remembers whose pages the account is looking at, and a
-- message thread knows which client-side account it is with (an adolescent's thread is not the parent's).
CREATE TABLE guardian_links (
  practice_id TEXT NOT NULL REFERENCES practices(id),
  client_id TEXT NOT NULL REFERENCES clients(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  sees_appointments INTEGER NOT NULL DEFAULT 1,
  sees_bills INTEGER NOT NULL DEFAULT 1,
  sees_forms INTEGER NOT NULL DEFAULT 1,
  sees_messages INTEGER NOT NULL DEFAULT 1,
  sees_records INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  ended_at BIGINT,
  PRIMARY KEY (practice_id, client_id, user_id)
);
CREATE INDEX guardian_links_user ON guardian_links(practice_id, user_id);
ALTER TABLE invitations ADD COLUMN guardian INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN acting_client_id TEXT;
ALTER TABLE message_threads ADD COLUMN party_user_id TEXT REFERENCES users(id);
