-- Prefix search compares bytes: "C" collation makes token >= 'ann' AND token < 'ano' mean
-- "starts with ann" whatever the database's default collation (SQLite compares bytes already).
ALTER TABLE client_search ALTER COLUMN token TYPE TEXT COLLATE "C";
ALTER TABLE clients ALTER COLUMN phone_rev TYPE TEXT COLLATE "C";
