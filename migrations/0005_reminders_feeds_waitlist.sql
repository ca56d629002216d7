-- Recurring series, the durable job queue (reminders, expiry warnings, sweeps), calendar feed
-- tokens and the waitlist.

CREATE TABLE appointment_series (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  clinician_id TEXT NOT NULL REFERENCES clinicians(id),
  every_weeks INTEGER NOT NULL CHECK (every_weeks BETWEEN 1 AND 52),
  occurrences INTEGER,
  until_date TEXT,
  created_by TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX appointments_series ON appointments(practice_id, series_id, start_at);

-- One row per unit of background work. A worker leases a due job (lease_owner, lease_until) with a
-- guarded UPDATE, so exactly one server runs it; an expired lease is taken over after a crash.
CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  dedupe_key TEXT NOT NULL UNIQUE,
  practice_id TEXT,
  payload TEXT NOT NULL DEFAULT '{}',
  run_at BIGINT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'failed', 'skipped')),
  attempts INTEGER NOT NULL DEFAULT 0,
  lease_owner TEXT,
  lease_until BIGINT,
  outcome TEXT,
  finished_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX jobs_due ON jobs(status, run_at);

CREATE TABLE calendar_feeds (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  clinician_id TEXT NOT NULL REFERENCES clinicians(id),
  token_hash TEXT NOT NULL UNIQUE,
  created_by TEXT,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);
CREATE INDEX calendar_feeds_clinician ON calendar_feeds(practice_id, clinician_id);

CREATE TABLE waitlist_entries (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  client_id TEXT NOT NULL REFERENCES clients(id),
  service_id TEXT NOT NULL REFERENCES services(id),
  mode TEXT NOT NULL CHECK (mode IN ('in_person', 'video', 'audio', 'any')),
  clinician_id TEXT REFERENCES clinicians(id),
  times_of_day TEXT NOT NULL DEFAULT 'any',
  weekdays TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('waiting', 'offered', 'booked', 'removed')),
  created_by TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX waitlist_practice ON waitlist_entries(practice_id, status, created_at);
