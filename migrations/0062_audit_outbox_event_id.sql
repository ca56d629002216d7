-- An outbox row names the id its event will have in the chain, and its MAC covers that id: a copy of a row
-- the server wrote (its MAC is valid) is chained as a rejected row once its id is in the chain, instead of
-- putting the same event in the trail twice. Rows written before this migration have no id ('') and are
-- checked as they were written (their MAC covers the event and its time).
ALTER TABLE audit_outbox ADD COLUMN event_id TEXT NOT NULL DEFAULT '';
