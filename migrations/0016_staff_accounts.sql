-- Staff accounts: invitations by e-mail (single use, expiring, only the token's hash stored),
-- two-step sign-in resets with their reason, and a note's kind fixed by its template key.

CREATE TABLE invitations (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  email TEXT NOT NULL,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('owner', 'clinician', 'supervisor', 'biller', 'front_desk')),
  clinician_id TEXT REFERENCES clinicians(id),
  token_hash TEXT NOT NULL UNIQUE,
  invited_by TEXT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  accepted_at BIGINT,
  revoked_at BIGINT,
  user_id TEXT REFERENCES users(id)
);
CREATE INDEX invitations_practice ON invitations(practice_id, email);

CREATE TABLE mfa_resets (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  reset_by TEXT REFERENCES users(id),
  reason TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX mfa_resets_user ON mfa_resets(practice_id, user_id);

ALTER TABLE users ADD COLUMN deactivated_at BIGINT;

-- A template key's kind is fixed at its first version. Versions of the built-in keys published
-- with another kind made their notes the wrong kind: give those notes back their key's kind.
UPDATE notes SET kind = 'psychotherapy' WHERE template_key = 'psychotherapy_note' AND kind <> 'psychotherapy';
UPDATE notes SET kind = 'progress'
 WHERE kind <> 'progress'
   AND template_key IN ('soap', 'dap', 'birp', 'intake', 'psych_eval', 'med_management', 'rehab_eval',
                        'daily_treatment', 're_evaluation', 'discharge');

-- A supervisor's co-signature of a plan of care is a signature of its own.
ALTER TABLE plan_versions ADD COLUMN supervisor_signed_name TEXT;
ALTER TABLE plan_versions ADD COLUMN supervisor_signed_by TEXT;
ALTER TABLE plan_versions ADD COLUMN supervisor_signed_at BIGINT;

-- What an operation covered (a record export's sections), without client data; hashed when present.
ALTER TABLE audit_events ADD COLUMN detail TEXT;
