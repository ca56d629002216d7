-- Plans of care: every save is a new version (old ones stay); the plan itself is sealed with the
-- practice key; review and re-evaluation dates are kept in the clear for the clinician's due list.
CREATE TABLE plan_versions (
  practice_id TEXT NOT NULL REFERENCES practices(id),
  client_id TEXT NOT NULL REFERENCES clients(id),
  version INTEGER NOT NULL,
  author_user_id TEXT NOT NULL REFERENCES users(id),
  author_name TEXT NOT NULL,
  plan_sealed TEXT NOT NULL,
  review_due TEXT,
  reevaluation_due TEXT,
  created_at BIGINT NOT NULL,
  clinician_signed_name TEXT,
  clinician_signed_by TEXT,
  clinician_signed_at BIGINT,
  client_signed_name TEXT,
  client_signed_by TEXT,
  client_signed_at BIGINT,
  PRIMARY KEY (practice_id, client_id, version)
);
CREATE INDEX plan_versions_due ON plan_versions(practice_id, review_due);
