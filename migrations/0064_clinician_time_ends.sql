-- A booking reads the clinician's visits overlapping its local day: the index's range is on the start, and a visit
-- ending before the day (the day before's) is now passed over from the index itself, without reading its row.
DROP INDEX appointments_clinician_time;
CREATE INDEX appointments_clinician_time ON appointments(practice_id, clinician_id, start_at, end_at);
