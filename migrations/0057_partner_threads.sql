-- A care-team conversation may include a partner organization (another practice of this server) whose release
-- in effect names it for the client: its clinicians read and write there until the release ends.
ALTER TABLE message_threads ADD COLUMN partner_id TEXT;
