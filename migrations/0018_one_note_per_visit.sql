-- One progress note per visit, enforced by the database so that racing requests cannot both win.
-- Duplicates made by earlier races keep their text; all but the first (ids are time-ordered) are
-- detached from the visit so the index can be built.
UPDATE notes SET appointment_id = NULL
 WHERE kind = 'progress' AND appointment_id IS NOT NULL
   AND id NOT IN (SELECT MIN(id) FROM notes WHERE kind = 'progress' AND appointment_id IS NOT NULL GROUP BY practice_id, appointment_id);
CREATE UNIQUE INDEX notes_one_progress_per_visit ON notes(practice_id, appointment_id)
  WHERE kind = 'progress' AND appointment_id IS NOT NULL;
