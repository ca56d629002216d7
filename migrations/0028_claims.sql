-- Insurance billing, claims: the payer's filing indicator, the clearinghouse on the practice's billing
-- settings with the counters for claim numbers and interchange control numbers, the diagnoses a charge
-- was coded with (sealed) and what payers paid on it; claims, their batches (the 837P files, sealed)
-- and imported remittances (835), each claim payment posted once.
ALTER TABLE payers ADD COLUMN filing_indicator TEXT NOT NULL DEFAULT 'CI';
UPDATE payers SET filing_indicator = 'MB' WHERE payer_id = 'MEDICARE-B';
UPDATE payers SET filing_indicator = 'MC' WHERE payer_id = 'MEDICAID';

ALTER TABLE billing_settings ADD COLUMN phone TEXT;
ALTER TABLE billing_settings ADD COLUMN submitter_id TEXT;
ALTER TABLE billing_settings ADD COLUMN receiver_id TEXT;
ALTER TABLE billing_settings ADD COLUMN receiver_name TEXT;
ALTER TABLE billing_settings ADD COLUMN test_files INTEGER NOT NULL DEFAULT 0;
ALTER TABLE billing_settings ADD COLUMN last_claim_number BIGINT NOT NULL DEFAULT 0;
ALTER TABLE billing_settings ADD COLUMN last_control_number BIGINT NOT NULL DEFAULT 0;

ALTER TABLE charges ADD COLUMN diagnoses TEXT NOT NULL DEFAULT '';
ALTER TABLE charges ADD COLUMN payer_paid BIGINT NOT NULL DEFAULT 0;

CREATE TABLE claim_batches (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  control_number BIGINT NOT NULL,
  claim_ids TEXT NOT NULL,
  total BIGINT NOT NULL,
  created_by_name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  sent_at BIGINT,
  x12 TEXT NOT NULL
);
CREATE UNIQUE INDEX claim_batches_control ON claim_batches(practice_id, control_number);

CREATE TABLE claims (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  number TEXT NOT NULL,
  batch_id TEXT,
  charge_id TEXT NOT NULL REFERENCES charges(id),
  appointment_id TEXT NOT NULL,
  client_id TEXT NOT NULL REFERENCES clients(id),
  clinician_id TEXT NOT NULL,
  payer_ref TEXT NOT NULL,
  payer_name TEXT NOT NULL,
  status TEXT NOT NULL,
  frequency TEXT NOT NULL,
  original_claim_id TEXT,
  payer_claim_number TEXT,
  date_of_service TEXT NOT NULL,
  total BIGINT NOT NULL,
  paid BIGINT NOT NULL,
  patient_responsibility BIGINT NOT NULL,
  lines TEXT NOT NULL,
  adjustments TEXT NOT NULL,
  denial_reasons TEXT NOT NULL,
  history TEXT NOT NULL,
  detail TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL
);
CREATE UNIQUE INDEX claims_number ON claims(practice_id, number);
CREATE INDEX claims_status ON claims(practice_id, status, date_of_service);
CREATE INDEX claims_charge ON claims(practice_id, charge_id);

CREATE TABLE remittances (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  file_hash TEXT NOT NULL,
  payer_name TEXT NOT NULL,
  trace_number TEXT NOT NULL,
  paid_on TEXT,
  total_paid BIGINT NOT NULL,
  provider_adjustments BIGINT NOT NULL,
  posted INTEGER NOT NULL,
  unmatched INTEGER NOT NULL,
  claims TEXT NOT NULL,
  created_by_name TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX remittances_file ON remittances(practice_id, file_hash);

-- One row per claim payment posted: the same payment in another file is not posted twice.
CREATE TABLE remittance_claims (
  practice_id TEXT NOT NULL REFERENCES practices(id),
  trace_number TEXT NOT NULL,
  claim_number TEXT NOT NULL,
  payer_claim_number TEXT NOT NULL,
  remittance_id TEXT NOT NULL,
  claim_id TEXT NOT NULL,
  PRIMARY KEY (practice_id, trace_number, claim_number, payer_claim_number)
);
