-- Insurance billing, first part: payers and their claim settings (data the owner and the biller edit),
-- and the practice's billing settings (whether the default payers were added yet).
CREATE TABLE payers (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  name TEXT NOT NULL,
  payer_id TEXT NOT NULL,
  address_line TEXT,
  city TEXT,
  state TEXT,
  postal_code TEXT,
  pos_style TEXT NOT NULL,
  video_modifier TEXT NOT NULL,
  audio_modifier TEXT NOT NULL,
  unit_method TEXT NOT NULL,
  em_basis TEXT NOT NULL,
  timely_filing_days INTEGER NOT NULL,
  telehealth_windows TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX payers_name ON payers(practice_id, name);

CREATE TABLE billing_settings (
  practice_id TEXT PRIMARY KEY REFERENCES practices(id),
  default_payers_added_at BIGINT NOT NULL
);
