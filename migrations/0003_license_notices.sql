-- One row per license expiry warning e-mailed (90, 60 and 30 days ahead), so each is sent once
-- even when several servers run the check.
CREATE TABLE license_notices (
  practice_id TEXT NOT NULL REFERENCES practices(id),
  license_id TEXT NOT NULL REFERENCES licenses(id) ON DELETE CASCADE,
  step INTEGER NOT NULL,
  sent_at BIGINT NOT NULL,
  PRIMARY KEY (license_id, step)
);
