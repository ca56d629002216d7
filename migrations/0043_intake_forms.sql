-- Intake forms the practice defines as data (versioned like note templates; the built-in ones ship in
-- data/intake_forms.json), and each client's answers, saved as they go and locked once submitted (then kept
-- in the chart as a PDF). Answers are sealed with the practice's key.
CREATE TABLE intake_forms (
  practice_id TEXT NOT NULL REFERENCES practices(id),
  form_key TEXT NOT NULL,
  version INTEGER NOT NULL,
  definition TEXT NOT NULL,
  created_by TEXT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (practice_id, form_key, version)
);
CREATE TABLE intake_responses (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  client_id TEXT NOT NULL REFERENCES clients(id),
  form_key TEXT NOT NULL,
  form_version INTEGER NOT NULL,
  form_name TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted')),
  content_sealed TEXT NOT NULL,
  sent_by TEXT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  submitted_at BIGINT,
  document_id TEXT
);
CREATE INDEX intake_responses_client ON intake_responses(practice_id, client_id, created_at);
