-- Care teams (collaborative care): the clinicians who treat a client are a team, each with a part
-- (primary, therapist, prescriber, rehabilitation, consultant) from a first day until a last day. Dates
-- are YYYY-MM-DD; '' leaves an end open. Only members whose dates include today are the client's
-- clinicians, so access follows the team without a sweep.
ALTER TABLE client_clinicians ADD COLUMN team_role TEXT NOT NULL DEFAULT 'primary';
ALTER TABLE client_clinicians ADD COLUMN starts_on TEXT NOT NULL DEFAULT '';
ALTER TABLE client_clinicians ADD COLUMN ends_on TEXT NOT NULL DEFAULT '';

-- What the client agreed the team share among its members: each other's signed progress notes
-- (psychotherapy notes are never shared). Recorded by a staff member, with when.
CREATE TABLE care_team_consents (
  practice_id TEXT NOT NULL REFERENCES practices(id),
  client_id TEXT NOT NULL REFERENCES clients(id),
  shares_notes INTEGER NOT NULL,
  recorded_by TEXT NOT NULL REFERENCES users(id),
  recorded_at BIGINT NOT NULL,
  PRIMARY KEY (practice_id, client_id)
);

-- Referrals inside the practice (therapist → prescriber, or to OT/PT/SLP). The reason and the question,
-- and the answer or the reason for declining, are clinical text: sealed. The state advances from the
-- calendar (the first visit booked, then held) and by the referred clinician (accept, decline, answer).
CREATE TABLE referrals (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  client_id TEXT NOT NULL REFERENCES clients(id),
  from_clinician_id TEXT NOT NULL REFERENCES clinicians(id),
  to_clinician_id TEXT NOT NULL REFERENCES clinicians(id),
  urgency TEXT NOT NULL,
  state TEXT NOT NULL,
  details_sealed TEXT NOT NULL,
  answer_sealed TEXT NOT NULL DEFAULT '',
  answer_note_id TEXT NOT NULL DEFAULT '',
  first_visit_id TEXT NOT NULL DEFAULT '',
  sent_by TEXT NOT NULL REFERENCES users(id),
  sent_at BIGINT NOT NULL,
  accepted_at BIGINT,
  booked_at BIGINT,
  held_at BIGINT,
  closed_at BIGINT,
  version BIGINT NOT NULL
);
CREATE INDEX referrals_to ON referrals(practice_id, to_clinician_id, state);
CREATE INDEX referrals_from ON referrals(practice_id, from_clinician_id, state);
CREATE INDEX referrals_client ON referrals(practice_id, client_id);
