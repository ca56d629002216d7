-- Video visits: one room per telehealth appointment; where the client said they were at the visit,
-- with the licensure answer for that state; when the visit ran and how it was delivered.
CREATE TABLE visits (
  appointment_id TEXT PRIMARY KEY REFERENCES appointments(id),
  practice_id TEXT NOT NULL REFERENCES practices(id),
  room_id TEXT NOT NULL UNIQUE,
  client_stated_state TEXT,
  stated_at BIGINT,
  stated_by TEXT,
  licensure_allowed INTEGER,
  licensure_reason TEXT,
  started_at BIGINT,
  ended_at BIGINT,
  minutes INTEGER,
  delivered_mode TEXT CHECK (delivered_mode IN ('video', 'audio', 'in_person')),
  created_at BIGINT NOT NULL
);
CREATE INDEX visits_practice ON visits(practice_id, created_at);
