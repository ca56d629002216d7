-- Whether the client said they were at home when they joined a video visit (POS 10 at home, 02 elsewhere).
ALTER TABLE visits ADD COLUMN client_at_home INTEGER;
