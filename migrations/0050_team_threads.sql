-- Provider conversations: a thread about a client among their care team, which the client never sees.
-- The thread's audience column keeps its original CHECK (SQLite cannot change one in place, and messages and
-- reads reference the table): a team thread is stored with audience 'clinician' and team = 1, and read back
-- as audience "team".
ALTER TABLE message_threads ADD COLUMN team INTEGER NOT NULL DEFAULT 0;
