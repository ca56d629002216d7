-- Foundation: practices, users, sessions, API tokens, the audit chain.
-- Runs on SQLite and PostgreSQL alike: TEXT ids, BIGINT epoch seconds, INTEGER flags.

CREATE TABLE practices (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  mfa_required INTEGER NOT NULL DEFAULT 1,
  wrapped_key TEXT NOT NULL,
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  email TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('owner', 'clinician', 'supervisor', 'biller', 'front_desk', 'client')),
  password_hash TEXT NOT NULL,
  totp_secret TEXT,
  totp_enabled INTEGER NOT NULL DEFAULT 0,
  totp_last_step BIGINT NOT NULL DEFAULT 0,
  is_demo INTEGER NOT NULL DEFAULT 0,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until BIGINT NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE INDEX users_practice ON users(practice_id);

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  stage TEXT NOT NULL CHECK (stage IN ('full', 'mfa_enroll')),
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  token_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT NOT NULL DEFAULT 0,
  revoked_at BIGINT
);

CREATE TABLE audit_heads (
  practice_id TEXT PRIMARY KEY REFERENCES practices(id),
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);

CREATE TABLE audit_events (
  practice_id TEXT NOT NULL REFERENCES practices(id),
  seq BIGINT NOT NULL,
  id TEXT NOT NULL UNIQUE,
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
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (practice_id, seq)
);
CREATE INDEX audit_events_client ON audit_events(practice_id, client_id);
