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

-- A clinician's standing with each payer (credentialing): in network from/until, pending, or out of
-- network. Booking an insured client with a clinician not in network warns.
CREATE TABLE payer_enrollments (
  practice_id TEXT NOT NULL REFERENCES practices(id),
  clinician_id TEXT NOT NULL REFERENCES clinicians(id),
  payer_ref TEXT NOT NULL REFERENCES payers(id),
  status TEXT NOT NULL,
  effective_from TEXT,
  effective_until TEXT,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (practice_id, clinician_id, payer_ref)
);
