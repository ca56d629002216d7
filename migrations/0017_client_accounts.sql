-- Client accounts: a practice invites a client to their own pages with the same single-use link as
-- staff; the invitation names the client record the account will belong to.
ALTER TABLE invitations ADD COLUMN client_id TEXT REFERENCES clients(id);
