-- The practice's books: entries never edited or deleted, the payments behind them, and one head row per
-- client that every change of that client's books updates first (so two payments on one balance wait
-- for each other on PostgreSQL). Charges made before the books existed get their charge entry.
CREATE TABLE ledger_entries (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  client_id TEXT NOT NULL REFERENCES clients(id),
  charge_id TEXT,
  party TEXT NOT NULL,
  payer_ref TEXT,
  kind TEXT NOT NULL,
  amount BIGINT NOT NULL,
  payment_id TEXT,
  reverses TEXT,
  reason TEXT,
  entry_date TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  by_name TEXT NOT NULL
);
CREATE INDEX ledger_entries_client ON ledger_entries(practice_id, client_id);
CREATE INDEX ledger_entries_payment ON ledger_entries(practice_id, payment_id);

CREATE TABLE payments (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  client_id TEXT NOT NULL REFERENCES clients(id),
  amount BIGINT NOT NULL,
  method TEXT NOT NULL,
  reference TEXT,
  received_on TEXT NOT NULL,
  refunded BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  by_name TEXT NOT NULL,
  version BIGINT NOT NULL
);
CREATE INDEX payments_client ON payments(practice_id, client_id, received_on);

CREATE TABLE ledger_heads (
  practice_id TEXT NOT NULL REFERENCES practices(id),
  client_id TEXT NOT NULL REFERENCES clients(id),
  changes BIGINT NOT NULL,
  PRIMARY KEY (practice_id, client_id)
);

INSERT INTO ledger_entries (id, practice_id, client_id, charge_id, party, payer_ref, kind, amount, payment_id,
                            reverses, reason, entry_date, created_at, by_name)
SELECT 'charge-' || id, practice_id, client_id, id, CASE WHEN payer_ref IS NULL THEN 'client' ELSE 'payer' END,
       payer_ref, 'charge', fee, NULL, NULL, NULL, date_of_service, created_at, 'Duet'
FROM charges WHERE status <> 'void';
