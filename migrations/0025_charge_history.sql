-- Who changed a charge before it was claimed, when, why and what.
ALTER TABLE charges ADD COLUMN history TEXT NOT NULL DEFAULT '[]';
