-- Joint visits: a second clinician joins an in-person visit by video (a prescriber into the therapist's
-- session). The joint clinician's part has its own service (their own codes), their own progress note
-- and their own charge; both calendars show the visit.
ALTER TABLE appointments ADD COLUMN joint_clinician_id TEXT REFERENCES clinicians(id);
ALTER TABLE appointments ADD COLUMN joint_service_id TEXT REFERENCES services(id);
CREATE INDEX appointments_joint ON appointments(practice_id, joint_clinician_id, start_at)
  WHERE joint_clinician_id IS NOT NULL;

-- A progress note belongs to one part of a visit: the visit's clinician's (joint = 0) or the joint clinician's.
ALTER TABLE notes ADD COLUMN joint INTEGER NOT NULL DEFAULT 0;
DROP INDEX notes_one_progress_per_visit;
CREATE UNIQUE INDEX notes_one_progress_per_visit ON notes(practice_id, appointment_id, joint)
  WHERE kind = 'progress' AND appointment_id IS NOT NULL;

-- One charge per client and rendering clinician of a visit.
DROP INDEX charges_visit_client;
CREATE UNIQUE INDEX charges_visit_client ON charges(practice_id, appointment_id, client_id, clinician_id);
