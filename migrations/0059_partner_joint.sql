-- A partner organization's clinician joins an in-person visit by video (a telepsychiatrist into the
-- therapist's session). The partner's licensure, credentialing, note and billing stay the partner's:
-- the visit records who joins (partner_id names the connection, partner_clinician_id a clinician of the
-- partner's practice) and is on the partner clinician's calendar while the client's release names the partner.
ALTER TABLE appointments ADD COLUMN partner_id TEXT REFERENCES partners(id);
ALTER TABLE appointments ADD COLUMN partner_clinician_id TEXT REFERENCES clinicians(id);
CREATE INDEX appointments_partner_clinician ON appointments(partner_clinician_id, start_at)
  WHERE partner_clinician_id IS NOT NULL;
