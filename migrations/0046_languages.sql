-- Client-facing words in the client's language (data/words.<code>.json; the portal's in web/src/locales):
-- a client's e-mails, texts and portal pages, and a client-side account's own choice (a guardian's may
-- differ from the child's; a client's own account keeps the client record's).
ALTER TABLE clients ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
