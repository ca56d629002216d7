-- The state a clinic is in: in-person visits there need the clinician's license (or a PSYPACT TAP
-- day) in that state. Empty for places whose state is not recorded (no in-person licensure check).
ALTER TABLE locations ADD COLUMN state TEXT NOT NULL DEFAULT '';
