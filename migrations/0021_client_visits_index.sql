-- A client's visits are found through appointment_clients by (practice, client). The old index lacked
-- the appointment id, so the planner preferred the primary key's (practice, …) prefix and walked every
-- visit of the practice for each booking; with the id in it the index covers the lookup.
DROP INDEX appointment_clients_client;
CREATE INDEX appointment_clients_client ON appointment_clients(practice_id, client_id, appointment_id);
