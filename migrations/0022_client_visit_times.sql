-- A client's busy times are read by time, like a clinician's: each (visit, client) row carries the
-- visit's start (kept with the visit's on every reschedule), so a booking reads only the client's visits
-- near its time, however long the client's history.
ALTER TABLE appointment_clients ADD COLUMN start_at BIGINT NOT NULL DEFAULT 0;
UPDATE appointment_clients SET start_at = (SELECT a.start_at FROM appointments a WHERE a.id = appointment_clients.appointment_id);
DROP INDEX appointment_clients_client;
CREATE INDEX appointment_clients_client ON appointment_clients(practice_id, client_id, start_at, appointment_id);
