-- Objective measures for rehab (range of motion, strength grades, timed tests, standardized scores):
-- one row per observation, the graphed number in the clear (like questionnaire totals), the comment
-- sealed with the practice key. An observation entered in error is voided, never deleted.
CREATE TABLE observations (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  client_id TEXT NOT NULL REFERENCES clients(id),
  code TEXT NOT NULL,
  side TEXT,
  value DOUBLE PRECISION NOT NULL,
  grade TEXT,
  observed_on TEXT NOT NULL,
  objective_id TEXT,
  comment_sealed TEXT,
  entered_by TEXT NOT NULL REFERENCES users(id),
  entered_by_name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  voided_at BIGINT,
  voided_by TEXT,
  void_reason TEXT
);
CREATE INDEX observations_client ON observations(practice_id, client_id, observed_on);
