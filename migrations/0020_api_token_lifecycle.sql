-- API tokens get a name, a scope (read-only or read-write) and an expiry; the last use is recorded
-- coarsely (at most hourly). Tokens made before keep working (read-write, no expiry) until revoked.
ALTER TABLE api_tokens ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'read_write';
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT;
ALTER TABLE api_tokens ADD COLUMN created_by TEXT;
