-- Video rooms: single-purpose join links for clients (and for someone else the clinician invites:
-- an interpreter, a parent, a colleague), the visit session after confirming the date of birth, who is in (or waiting outside) each room, what happened in the room (the visit
-- record is computed from these events), and large live events passed between servers.
CREATE TABLE visit_links (
  token_hash TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  appointment_id TEXT NOT NULL REFERENCES appointments(id),
  client_id TEXT REFERENCES clients(id),  -- NULL for an invited guest
  guest_name TEXT,                         -- how an invited guest is shown
  expires_at BIGINT NOT NULL,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  created_by TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX visit_links_appointment ON visit_links(practice_id, appointment_id);

CREATE TABLE visit_guests (
  token_hash TEXT PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  appointment_id TEXT NOT NULL REFERENCES appointments(id),
  client_id TEXT REFERENCES clients(id),
  guest_name TEXT,
  expires_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE room_participants (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  appointment_id TEXT NOT NULL REFERENCES appointments(id),
  kind TEXT NOT NULL CHECK (kind IN ('staff', 'client', 'guest')),
  user_id TEXT,
  client_id TEXT,
  guest_id TEXT,
  display_name TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('waiting', 'admitted', 'left')),
  stated_state TEXT,
  licensure_allowed INTEGER,
  licensure_reason TEXT,
  audio_only INTEGER NOT NULL DEFAULT 0,
  removed INTEGER NOT NULL DEFAULT 0,
  joined_at BIGINT NOT NULL,
  admitted_at BIGINT,
  left_at BIGINT
);
CREATE INDEX room_participants_room ON room_participants(appointment_id, state);

CREATE TABLE visit_events (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  appointment_id TEXT NOT NULL REFERENCES appointments(id),
  participant_id TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('staff_in', 'staff_out', 'client_in', 'client_out', 'audio_on', 'audio_off', 'end')),
  at BIGINT NOT NULL
);
CREATE INDEX visit_events_visit ON visit_events(appointment_id, at);

CREATE TABLE live_messages (
  id TEXT PRIMARY KEY,
  payload TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
