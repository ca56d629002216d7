-- PostgreSQL: an audit event written inside a business transaction goes here first, without taking the
-- practice's chain head (whose row lock made every write of a practice wait for the previous one's commit);
-- the server's appender moves these rows into the chain in order, one head lock per batch, and reading the
-- trail or verifying it moves them first. Each row carries a MAC under the chain key: a row put here by
-- someone with database access but without the key is chained as a rejected row, not as an event.
-- (SQLite has one writer: its events are chained at once and this table stays empty.)
CREATE TABLE audit_outbox (
  id BIGINT PRIMARY KEY,
  practice_id TEXT NOT NULL,
  at BIGINT NOT NULL,
  actor_user_id TEXT,
  actor_role TEXT,
  action TEXT NOT NULL,
  resource_type TEXT,
  resource_id TEXT,
  client_id TEXT,
  ip TEXT,
  outcome TEXT NOT NULL,
  request_id TEXT,
  detail TEXT,
  mac TEXT NOT NULL
);
