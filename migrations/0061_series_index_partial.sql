-- Most visits are not part of a series: their NULL series_id no longer takes a place in the series index
-- (one B-tree fewer written by every single booking). The series query names series_id = ?, which the
-- partial index answers on both engines.
DROP INDEX appointments_series;
CREATE INDEX appointments_series ON appointments(practice_id, series_id, start_at) WHERE series_id IS NOT NULL;
