-- Readiness after a full disk: a probe row written and removed in one transaction shows whether the
-- database can grow again (see /readyz).
CREATE TABLE write_probe (
  id TEXT PRIMARY KEY,
  pad TEXT NOT NULL
);
