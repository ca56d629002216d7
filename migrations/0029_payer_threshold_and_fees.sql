-- The yearly therapy threshold a payer applies (Medicare: PT and SLP combined, OT apart; KX on every
-- line past it), in cents; 0 when the payer has none. The amount changes every year: it is data.
ALTER TABLE payers ADD COLUMN therapy_threshold BIGINT NOT NULL DEFAULT 0;
UPDATE payers SET therapy_threshold = 233000 WHERE payer_id = 'MEDICARE-B';

-- A payer's fee schedule: what the practice charges this payer per code and mode, in place of the
-- service's own fee (a JSON list of {cpt, in_person, video}; empty: the services' fees).
ALTER TABLE payers ADD COLUMN fee_schedule TEXT NOT NULL DEFAULT '[]';
