-- Case conferences: a staff-only video meeting about a client, booked on the calendar like a visit (kind
-- 'conference'), with the clinicians who attend; no client joins, no reminder or fee reaches the client, and it is
-- billed only when its service carries a code.
ALTER TABLE appointments ADD COLUMN kind TEXT NOT NULL DEFAULT 'visit';
CREATE TABLE appointment_attendees (
  practice_id TEXT NOT NULL REFERENCES practices(id),
  appointment_id TEXT NOT NULL REFERENCES appointments(id),
  clinician_id TEXT NOT NULL REFERENCES clinicians(id),
  start_at BIGINT NOT NULL,
  PRIMARY KEY (appointment_id, clinician_id)
);
CREATE INDEX appointment_attendees_clinician ON appointment_attendees(practice_id, clinician_id, start_at);
