-- The clinical record: practice copies of note templates (built-in templates ship in the binary),
-- notes with their content and visit facts sealed with the practice's data key, signatures and
-- co-signatures, addenda, and the practice's record settings.
CREATE TABLE note_templates (
  practice_id TEXT NOT NULL REFERENCES practices(id),
  template_key TEXT NOT NULL,
  version INTEGER NOT NULL,
  definition TEXT NOT NULL,
  created_by TEXT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (practice_id, template_key, version)
);

CREATE TABLE notes (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  client_id TEXT NOT NULL REFERENCES clients(id),
  appointment_id TEXT REFERENCES appointments(id),
  author_user_id TEXT NOT NULL REFERENCES users(id),
  author_name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('progress', 'psychotherapy')),
  template_key TEXT NOT NULL,
  template_version INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft', 'signed')),
  content_sealed TEXT NOT NULL,
  visit_sealed TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  signed_by TEXT,
  signed_name TEXT,
  signed_at BIGINT,
  signature_hash TEXT,
  cosign_required INTEGER NOT NULL DEFAULT 0,
  cosigned_by TEXT,
  cosigned_name TEXT,
  cosigned_at BIGINT,
  cosignature_hash TEXT
);
CREATE INDEX notes_client ON notes(practice_id, client_id, created_at);
CREATE INDEX notes_appointment ON notes(practice_id, appointment_id);
CREATE INDEX notes_author_status ON notes(practice_id, author_user_id, status);

CREATE TABLE note_addenda (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  note_id TEXT NOT NULL REFERENCES notes(id),
  author_user_id TEXT NOT NULL REFERENCES users(id),
  author_name TEXT NOT NULL,
  text_sealed TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX note_addenda_note ON note_addenda(note_id, created_at);

CREATE TABLE record_settings (
  practice_id TEXT PRIMARY KEY REFERENCES practices(id),
  notes_due_hours INTEGER NOT NULL DEFAULT 48,
  cosign_supervised INTEGER NOT NULL DEFAULT 0
);
