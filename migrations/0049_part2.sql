-- Substance-use-disorder records (42 CFR Part 2): a note, a document or a diagnosis can be marked Part 2.
-- Such records reach other members of the care team only when the client's agreement names Part 2, leave
-- the practice only under a release that names Part 2 (with the redisclosure notice), and their
-- disclosures are counted apart in the accounting. Diagnoses keep the mark in their sealed JSON.
ALTER TABLE notes ADD COLUMN part2 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE documents ADD COLUMN part2 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE care_team_consents ADD COLUMN shares_part2 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE disclosures ADD COLUMN part2 INTEGER NOT NULL DEFAULT 0;
