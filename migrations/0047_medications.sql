-- The client's medication list (collaborative care): each medication as the practice knows it (name,
-- strength, form, dose, route, frequency, prescriber, where prescriptions are sent, why, dates; an RxNorm
-- code when known), sealed at rest as clinical text; and every change to it as an event with who and why,
-- including side effects and adherence recorded by the prescriber or the therapist. No e-prescribing.
CREATE TABLE medications (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  client_id TEXT NOT NULL REFERENCES clients(id),
  status TEXT NOT NULL,
  version BIGINT NOT NULL,
  created_by TEXT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  details_sealed TEXT NOT NULL
);
CREATE INDEX medications_client ON medications(practice_id, client_id);
CREATE TABLE medication_events (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  client_id TEXT NOT NULL REFERENCES clients(id),
  medication_id TEXT NOT NULL REFERENCES medications(id),
  kind TEXT NOT NULL,
  at BIGINT NOT NULL,
  by_user_id TEXT NOT NULL REFERENCES users(id),
  by_name TEXT NOT NULL,
  details_sealed TEXT NOT NULL
);
CREATE INDEX medication_events_medication ON medication_events(practice_id, medication_id, at);
