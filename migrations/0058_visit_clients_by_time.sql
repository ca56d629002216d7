-- The practice's week lists its visits' clients by time: one range of this index (each row carries its
-- visit's start), not a primary-key lookup per visit.
CREATE INDEX appointment_clients_time ON appointment_clients(practice_id, start_at, appointment_id, client_id);
