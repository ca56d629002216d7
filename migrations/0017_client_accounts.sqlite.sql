-- SQLite cannot change a CHECK constraint in place: the table is rebuilt (nothing references it).
CREATE TABLE invitations_next (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  email TEXT NOT NULL,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('owner', 'clinician', 'supervisor', 'biller', 'front_desk', 'client')),
  clinician_id TEXT REFERENCES clinicians(id),
  token_hash TEXT NOT NULL UNIQUE,
  invited_by TEXT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  accepted_at BIGINT,
  revoked_at BIGINT,
  user_id TEXT REFERENCES users(id),
  client_id TEXT REFERENCES clients(id)
);
INSERT INTO invitations_next (id, practice_id, email, display_name, role, clinician_id, token_hash, invited_by, created_at, expires_at,
                              accepted_at, revoked_at, user_id, client_id)
  SELECT id, practice_id, email, display_name, role, clinician_id, token_hash, invited_by, created_at, expires_at,
         accepted_at, revoked_at, user_id, client_id FROM invitations;
DROP TABLE invitations;
ALTER TABLE invitations_next RENAME TO invitations;
CREATE INDEX invitations_practice ON invitations(practice_id, email);
