-- The practice's public page (no sign-in) at /p/{slug}: its address and whether new clients may ask for a
-- first visit there; which services new clients may book; and the requests it took (for the rate limit,
-- a retry after a lost time, and the front desk's follow-up). Addresses and identities are kept only as hashes.
CREATE TABLE public_pages (
  practice_id TEXT PRIMARY KEY REFERENCES practices(id),
  slug TEXT NOT NULL UNIQUE,
  intake_open INTEGER NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL
);
ALTER TABLE services ADD COLUMN new_clients INTEGER NOT NULL DEFAULT 0;
CREATE TABLE intake_requests (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  client_id TEXT NOT NULL REFERENCES clients(id),
  appointment_id TEXT REFERENCES appointments(id),
  source_hash TEXT NOT NULL,
  identity_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX intake_requests_source ON intake_requests(practice_id, source_hash, created_at);
CREATE INDEX intake_requests_identity ON intake_requests(practice_id, identity_hash, created_at);
