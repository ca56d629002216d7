-- Good Faith Estimates: how each client pays (asked when booking) and a sliding-scale share for
-- self-pay fees; the practice's business calendar (time zone, open weekdays, federal holidays, its own
-- closed days) with the counter for estimate numbers; the estimates as issued (their contents sealed,
-- kept six years) and clients' requests for one.
ALTER TABLE clients ADD COLUMN insurance_status TEXT NOT NULL DEFAULT 'unknown';
ALTER TABLE clients ADD COLUMN sliding_fee_percent INTEGER;
UPDATE clients SET insurance_status = 'insurance' WHERE insurance <> '[]';

CREATE TABLE business_calendars (
  practice_id TEXT PRIMARY KEY REFERENCES practices(id),
  time_zone TEXT NOT NULL,
  open_weekdays TEXT NOT NULL,
  federal_holidays INTEGER NOT NULL,
  closed_dates TEXT NOT NULL,
  last_estimate_number BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL
);

CREATE TABLE good_faith_estimates (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  client_id TEXT NOT NULL REFERENCES clients(id),
  number TEXT NOT NULL,
  status TEXT NOT NULL,
  trigger_kind TEXT NOT NULL,
  period_from TEXT NOT NULL,
  period_to TEXT NOT NULL,
  total BIGINT NOT NULL,
  detail TEXT NOT NULL,
  supersedes TEXT,
  issued_at BIGINT NOT NULL,
  issued_by TEXT NOT NULL,
  keep_until TEXT NOT NULL,
  UNIQUE (practice_id, number)
);
CREATE INDEX good_faith_estimates_client ON good_faith_estimates(practice_id, client_id, issued_at);

CREATE TABLE estimate_requests (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  client_id TEXT NOT NULL REFERENCES clients(id),
  requested_at BIGINT NOT NULL,
  by_name TEXT NOT NULL
);
CREATE INDEX estimate_requests_practice ON estimate_requests(practice_id, requested_at);
