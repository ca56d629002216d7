-- Booking from the client's portal: which services clients may book for themselves, and the state a
-- client said they will be in for a video visit (its licensure was checked there, and a move keeps it).
ALTER TABLE services ADD COLUMN client_bookable INTEGER NOT NULL DEFAULT 0;
ALTER TABLE appointments ADD COLUMN client_state TEXT;
