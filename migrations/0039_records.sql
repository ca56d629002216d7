-- What a client sees of their record in the portal: documents the practice shares with them, and their
-- requests for the whole record (the right of access, answered within 30 days), one open at a time.
ALTER TABLE documents ADD COLUMN shared_with_client INTEGER NOT NULL DEFAULT 0;
CREATE TABLE record_requests (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  client_id TEXT NOT NULL REFERENCES clients(id),
  requested_by TEXT NOT NULL REFERENCES users(id),
  requested_at BIGINT NOT NULL,
  due_at BIGINT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'delivered')),
  document_id TEXT,
  delivered_at BIGINT,
  delivered_by TEXT REFERENCES users(id)
);
CREATE INDEX record_requests_practice ON record_requests(practice_id, status, due_at);
CREATE UNIQUE INDEX record_requests_open ON record_requests(client_id) WHERE status = 'open';
