-- One calendar for two modes: places, services with a fee per mode, weekly mode blocks and dated
-- exceptions, appointments with their clients and every status change.

CREATE TABLE locations (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('clinic', 'client_home')),
  address TEXT NOT NULL DEFAULT '',
  time_zone TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX locations_practice ON locations(practice_id, name);

CREATE TABLE services (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  name TEXT NOT NULL,
  cpt_code TEXT NOT NULL DEFAULT '',
  duration_minutes INTEGER NOT NULL,
  modes TEXT NOT NULL,
  in_person_required INTEGER NOT NULL DEFAULT 0,
  disciplines TEXT NOT NULL DEFAULT '',
  group_size INTEGER NOT NULL DEFAULT 1,
  fee_in_person BIGINT,
  fee_video BIGINT,
  fee_audio BIGINT,
  active INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL
);
CREATE INDEX services_practice ON services(practice_id, name);

CREATE TABLE availability_blocks (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  clinician_id TEXT NOT NULL REFERENCES clinicians(id),
  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  start_minute INTEGER NOT NULL,
  end_minute INTEGER NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('in_person', 'telehealth')),
  location_id TEXT REFERENCES locations(id)
);
CREATE INDEX availability_blocks_clinician ON availability_blocks(practice_id, clinician_id);

CREATE TABLE availability_exceptions (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  clinician_id TEXT NOT NULL REFERENCES clinicians(id),
  on_date TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('time_off', 'mode_change')),
  start_minute INTEGER NOT NULL,
  end_minute INTEGER NOT NULL,
  mode TEXT,
  location_id TEXT REFERENCES locations(id)
);
CREATE INDEX availability_exceptions_clinician ON availability_exceptions(practice_id, clinician_id, on_date);

CREATE TABLE appointments (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  clinician_id TEXT NOT NULL REFERENCES clinicians(id),
  service_id TEXT NOT NULL REFERENCES services(id),
  mode TEXT NOT NULL CHECK (mode IN ('in_person', 'video', 'audio')),
  location_id TEXT REFERENCES locations(id),
  start_at BIGINT NOT NULL,
  end_at BIGINT NOT NULL,
  time_zone TEXT NOT NULL,
  status TEXT NOT NULL,
  override_reason TEXT,
  warnings TEXT NOT NULL DEFAULT '[]',
  block_conversion INTEGER NOT NULL DEFAULT 0,
  series_id TEXT,
  created_by TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX appointments_clinician_time ON appointments(practice_id, clinician_id, start_at);
CREATE INDEX appointments_practice_time ON appointments(practice_id, start_at);

CREATE TABLE appointment_clients (
  practice_id TEXT NOT NULL,
  appointment_id TEXT NOT NULL REFERENCES appointments(id),
  client_id TEXT NOT NULL REFERENCES clients(id),
  PRIMARY KEY (practice_id, appointment_id, client_id)
);
CREATE INDEX appointment_clients_client ON appointment_clients(practice_id, client_id);

CREATE TABLE appointment_events (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  appointment_id TEXT NOT NULL REFERENCES appointments(id),
  at BIGINT NOT NULL,
  actor_user_id TEXT,
  status_from TEXT,
  status_to TEXT NOT NULL,
  reason TEXT
);
CREATE INDEX appointment_events_appointment ON appointment_events(practice_id, appointment_id);
