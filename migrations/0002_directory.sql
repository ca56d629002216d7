-- The practice directory: clinicians, licenses and compact privileges, facility credentials,
-- per-practice overrides of the compact reference data, clients and their assigned clinicians.

CREATE TABLE clinicians (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  user_id TEXT REFERENCES users(id),
  given_name TEXT NOT NULL,
  family_name TEXT NOT NULL,
  discipline TEXT NOT NULL,
  credentials TEXT NOT NULL DEFAULT '',
  npi TEXT NOT NULL DEFAULT '',
  taxonomy_code TEXT NOT NULL DEFAULT '',
  home_state TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  email TEXT NOT NULL DEFAULT '',
  supervisor_user_id TEXT REFERENCES users(id),
  active INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX clinicians_practice ON clinicians(practice_id, family_name, given_name);
CREATE UNIQUE INDEX clinicians_user ON clinicians(user_id);
CREATE INDEX clinicians_supervisor ON clinicians(practice_id, supervisor_user_id);

CREATE TABLE licenses (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  clinician_id TEXT NOT NULL REFERENCES clinicians(id),
  kind TEXT NOT NULL CHECK (kind IN ('license', 'compact_privilege')),
  state TEXT NOT NULL,
  compact TEXT,
  license_type TEXT NOT NULL DEFAULT '',
  number TEXT NOT NULL DEFAULT '',
  issued_on TEXT NOT NULL,
  expires_on TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'revoked')),
  created_at BIGINT NOT NULL
);
CREATE INDEX licenses_clinician ON licenses(practice_id, clinician_id);
CREATE INDEX licenses_expiry ON licenses(practice_id, expires_on);

CREATE TABLE facility_credentials (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  clinician_id TEXT NOT NULL REFERENCES clinicians(id),
  facility TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  valid_to TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX facility_credentials_clinician ON facility_credentials(practice_id, clinician_id);

-- Rows here override the shipped reference data (data/compacts.csv) for one practice.
CREATE TABLE compact_states (
  practice_id TEXT NOT NULL REFERENCES practices(id),
  compact TEXT NOT NULL,
  state TEXT NOT NULL,
  status TEXT NOT NULL,
  operational_on TEXT,
  source TEXT NOT NULL,
  as_of TEXT NOT NULL,
  updated_by TEXT,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (practice_id, compact, state)
);

CREATE TABLE clients (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  user_id TEXT REFERENCES users(id),
  given_name TEXT NOT NULL,
  family_name TEXT NOT NULL,
  preferred_name TEXT NOT NULL DEFAULT '',
  pronouns TEXT NOT NULL DEFAULT '',
  birth_date TEXT NOT NULL,
  email TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  phone_rev TEXT NOT NULL DEFAULT '',
  preferred_channel TEXT NOT NULL DEFAULT 'email',
  address TEXT NOT NULL DEFAULT '{}',
  location_state TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  guardians TEXT NOT NULL DEFAULT '[]',
  emergency_contact TEXT,
  insurance TEXT NOT NULL DEFAULT '[]',
  diagnoses TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL CHECK (status IN ('waitlist', 'active', 'discharged')),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX clients_practice_name ON clients(practice_id, family_name, given_name, id);
CREATE INDEX clients_birth ON clients(practice_id, birth_date);
CREATE INDEX clients_phone ON clients(practice_id, phone_rev);
CREATE UNIQUE INDEX clients_user ON clients(user_id);

-- Name words of each client, for prefix search that stays fast at 100,000 clients.
CREATE TABLE client_search (
  practice_id TEXT NOT NULL,
  token TEXT NOT NULL,
  client_id TEXT NOT NULL REFERENCES clients(id),
  PRIMARY KEY (practice_id, token, client_id)
);
CREATE INDEX client_search_client ON client_search(practice_id, client_id);

CREATE TABLE client_clinicians (
  practice_id TEXT NOT NULL,
  client_id TEXT NOT NULL REFERENCES clients(id),
  clinician_id TEXT NOT NULL REFERENCES clinicians(id),
  PRIMARY KEY (practice_id, client_id, clinician_id)
);
CREATE INDEX client_clinicians_clinician ON client_clinicians(practice_id, clinician_id);
