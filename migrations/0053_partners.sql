-- Partner organizations: a practice connects another practice of this deployment (a telepsychiatry group, a
-- hospital clinic) by an invitation its owner accepts. A release of information may name a connected partner:
-- while it is in effect the partner's clinicians open what it covers, each opening a disclosure in the client's
-- accounting; revoked or expired, the next request is refused.
CREATE TABLE partners (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  partner_practice_id TEXT REFERENCES practices(id),
  invite_hash TEXT,
  invite_expires_at BIGINT,
  status TEXT NOT NULL CHECK (status IN ('invited', 'connected', 'ended')),
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  connected_by TEXT,
  connected_at BIGINT
);
CREATE INDEX partners_practice ON partners(practice_id, created_at);
CREATE INDEX partners_partner ON partners(partner_practice_id);
CREATE UNIQUE INDEX partners_invite ON partners(invite_hash) WHERE invite_hash IS NOT NULL;
ALTER TABLE releases ADD COLUMN partner_id TEXT REFERENCES partners(id);
CREATE INDEX releases_partner ON releases(partner_id) WHERE partner_id IS NOT NULL;
