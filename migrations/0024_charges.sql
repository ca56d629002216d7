-- A visit's charge, made when its progress note is signed: the coded lines, what would stop a claim,
-- the fee and the client's share. One per client of a visit.
CREATE TABLE charges (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  appointment_id TEXT NOT NULL REFERENCES appointments(id),
  client_id TEXT NOT NULL REFERENCES clients(id),
  clinician_id TEXT NOT NULL REFERENCES clinicians(id),
  note_id TEXT NOT NULL,
  payer_ref TEXT,
  payer_name TEXT,
  date_of_service TEXT NOT NULL,
  status TEXT NOT NULL,
  lines TEXT NOT NULL,
  problems TEXT NOT NULL,
  notes TEXT NOT NULL,
  fee BIGINT NOT NULL,
  client_share BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL
);
CREATE UNIQUE INDEX charges_visit_client ON charges(practice_id, appointment_id, client_id);
CREATE INDEX charges_status ON charges(practice_id, status, date_of_service);
