-- PostgreSQL: a foreign key check locks the row it finds (FOR KEY SHARE). Every booking of a practice checked
-- the same two rows — its practice and, mostly, one of a few services — so concurrent bookings shared those
-- locks, which PostgreSQL records as a new multixact and a WAL record on the parent's page for each booking
-- (the visit's inserts were half of a booking's time in the database). Practices and services are never
-- deleted (the triggers below refuse it), so a parent that exists when a visit is written exists for good:
-- checking that it exists, without a lock, keeps the same guarantee. SQLite keeps the foreign keys (one writer,
-- no row locks). The clinician's and the client's keys stay: a booking holds their rows' locks already.
ALTER TABLE appointments DROP CONSTRAINT appointments_practice_id_fkey,
  DROP CONSTRAINT appointments_service_id_fkey;
ALTER TABLE appointment_events DROP CONSTRAINT appointment_events_practice_id_fkey;

-- (One function per table: PL/pgSQL plans a reference to NEW's field even where it would not be evaluated.)
CREATE FUNCTION visit_parents_exist() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM practices WHERE id = NEW.practice_id) THEN
    RAISE foreign_key_violation USING MESSAGE = 'appointments.practice_id names no practice';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM services WHERE id = NEW.service_id) THEN
    RAISE foreign_key_violation USING MESSAGE = 'appointments.service_id names no service';
  END IF;
  RETURN NEW;
END $$;
CREATE FUNCTION visit_event_practice_exists() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM practices WHERE id = NEW.practice_id) THEN
    RAISE foreign_key_violation USING MESSAGE = 'appointment_events.practice_id names no practice';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER appointments_parents BEFORE INSERT OR UPDATE OF practice_id, service_id ON appointments
  FOR EACH ROW EXECUTE FUNCTION visit_parents_exist();
CREATE TRIGGER appointment_events_parents BEFORE INSERT OR UPDATE OF practice_id ON appointment_events
  FOR EACH ROW EXECUTE FUNCTION visit_event_practice_exists();

CREATE FUNCTION rows_never_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE foreign_key_violation USING MESSAGE = TG_TABLE_NAME || ' rows are never deleted';
END $$;
CREATE TRIGGER practices_never_deleted BEFORE DELETE ON practices FOR EACH ROW EXECUTE FUNCTION rows_never_deleted();
CREATE TRIGGER services_never_deleted BEFORE DELETE ON services FOR EACH ROW EXECUTE FUNCTION rows_never_deleted();
