-- Releases of information (who may receive which parts of a client's record, why, until when,
-- revocable) and the disclosures made under them: the client's accounting of disclosures. Who
-- receives it and why are sealed with the practice key; scope and dates stay in the clear so the
-- rule can be checked without opening anything.
CREATE TABLE releases (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  client_id TEXT NOT NULL REFERENCES clients(id),
  details_sealed TEXT NOT NULL,
  scope TEXT NOT NULL,
  effective_on TEXT NOT NULL,
  expires_on TEXT NOT NULL,
  signed_name_sealed TEXT NOT NULL,
  witnessed_by TEXT NOT NULL REFERENCES users(id),
  signed_at BIGINT NOT NULL,
  revoked_at BIGINT,
  revoked_by TEXT,
  created_by TEXT NOT NULL REFERENCES users(id)
);
CREATE INDEX releases_client ON releases(practice_id, client_id, signed_at);

CREATE TABLE disclosures (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  client_id TEXT NOT NULL REFERENCES clients(id),
  release_id TEXT REFERENCES releases(id),
  details_sealed TEXT NOT NULL,
  scope TEXT NOT NULL,
  disclosed_by TEXT NOT NULL REFERENCES users(id),
  disclosed_by_name TEXT NOT NULL,
  disclosed_at BIGINT NOT NULL
);
CREATE INDEX disclosures_client ON disclosures(practice_id, client_id, disclosed_at);
