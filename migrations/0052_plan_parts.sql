-- One plan, several disciplines: each goal may be owned by a member of the client's care team (the therapist's
-- goals, the prescriber's medication goals, the OT's functional goals); each owner signs their part of a version.
CREATE TABLE plan_part_signatures (
  practice_id TEXT NOT NULL REFERENCES practices(id),
  client_id TEXT NOT NULL REFERENCES clients(id),
  version INTEGER NOT NULL,
  clinician_id TEXT NOT NULL REFERENCES clinicians(id),
  signed_name TEXT NOT NULL,
  signed_by TEXT NOT NULL,
  signed_at BIGINT NOT NULL,
  PRIMARY KEY (practice_id, client_id, version, clinician_id)
);
