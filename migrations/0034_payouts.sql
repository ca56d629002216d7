-- Clinicians' pay: a compensation plan per clinician (as data), the weekly payout runs (one per week
-- of the practice, closed once) and their statement lines, with a clinician's question and the owner's
-- answer on a line. Ledger entries are found by charge for what was collected on a visit.
CREATE TABLE compensation_plans (
  practice_id TEXT NOT NULL REFERENCES practices(id),
  clinician_id TEXT NOT NULL REFERENCES clinicians(id),
  plan TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (practice_id, clinician_id)
);

CREATE TABLE payout_runs (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  week_start TEXT NOT NULL,
  status TEXT NOT NULL,
  total BIGINT NOT NULL,
  without_plan TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  closed_at BIGINT,
  closed_by TEXT,
  UNIQUE (practice_id, week_start)
);

CREATE TABLE payout_lines (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  run_id TEXT NOT NULL REFERENCES payout_runs(id),
  clinician_id TEXT NOT NULL,
  appointment_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  on_date TEXT NOT NULL,
  client_label TEXT NOT NULL,
  service_name TEXT NOT NULL,
  mode TEXT NOT NULL,
  minutes INTEGER NOT NULL,
  visit_status TEXT NOT NULL,
  rule TEXT NOT NULL,
  amount BIGINT NOT NULL,
  why TEXT NOT NULL,
  question TEXT,
  asked_at BIGINT,
  asked_by TEXT,
  answer TEXT,
  answered_at BIGINT,
  answered_by TEXT
);
CREATE INDEX payout_lines_run ON payout_lines(practice_id, run_id, clinician_id);
CREATE INDEX payout_lines_visit ON payout_lines(practice_id, appointment_id);
CREATE INDEX ledger_entries_charge ON ledger_entries(practice_id, charge_id);
CREATE INDEX claims_visit ON claims(practice_id, appointment_id);
