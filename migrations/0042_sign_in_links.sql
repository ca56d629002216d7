-- A client may sign in with a link e-mailed to their address instead of their password: single use, 15
-- minutes, only its hash kept. Staff always sign in with a password and two-step sign-in.
CREATE TABLE sign_in_links (
  token_hash TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);
CREATE INDEX sign_in_links_user ON sign_in_links(user_id, created_at);
