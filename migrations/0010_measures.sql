-- Measurement-based care: questionnaires sent to clients (single-purpose links, hash stored),
-- completed responses (answers sealed with the practice key; total and band kept for graphs), and
-- alerts a clinician must see at once (a PHQ-9 item 9 answer above zero).
CREATE TABLE measure_requests (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  client_id TEXT NOT NULL REFERENCES clients(id),
  instrument TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  requested_by TEXT,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  completed_at BIGINT,
  response_id TEXT
);
CREATE INDEX measure_requests_client ON measure_requests(practice_id, client_id, created_at);

CREATE TABLE measure_responses (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  client_id TEXT NOT NULL REFERENCES clients(id),
  instrument TEXT NOT NULL,
  answers_sealed TEXT NOT NULL,
  total INTEGER NOT NULL,
  band TEXT NOT NULL,
  safety_flag INTEGER NOT NULL DEFAULT 0,
  entered_by TEXT,
  completed_at BIGINT NOT NULL
);
CREATE INDEX measure_responses_client ON measure_responses(practice_id, client_id, completed_at);

CREATE TABLE alerts (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  client_id TEXT NOT NULL REFERENCES clients(id),
  kind TEXT NOT NULL,
  resource_id TEXT,
  created_at BIGINT NOT NULL,
  acknowledged_by TEXT,
  acknowledged_at BIGINT
);
CREATE INDEX alerts_open ON alerts(practice_id, acknowledged_at, created_at);
