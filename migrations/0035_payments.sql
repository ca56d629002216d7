-- Getting paid by clients: the practice's card processor (its keys sealed), the deposit asked of new
-- clients, the counter for invoice numbers; the hosted payment pages opened (so that a webhook posts
-- only what the practice asked for), the processor's events handled once each, and invoices as issued
-- (their lines sealed).
CREATE TABLE payment_settings (
  practice_id TEXT PRIMARY KEY REFERENCES practices(id),
  processor TEXT NOT NULL,
  secret_key TEXT NOT NULL,
  webhook_secret TEXT NOT NULL,
  key_hint TEXT NOT NULL,
  new_client_deposit BIGINT NOT NULL DEFAULT 0,
  last_invoice_number BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL
);

CREATE TABLE checkouts (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  client_id TEXT NOT NULL REFERENCES clients(id),
  amount BIGINT NOT NULL,
  url TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  payment_id TEXT
);
CREATE INDEX checkouts_client ON checkouts(practice_id, client_id, created_at);

CREATE TABLE processor_events (
  practice_id TEXT NOT NULL REFERENCES practices(id),
  event_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  PRIMARY KEY (practice_id, event_id)
);

CREATE TABLE invoices (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  client_id TEXT NOT NULL REFERENCES clients(id),
  number TEXT NOT NULL,
  issued_on TEXT NOT NULL,
  due_on TEXT NOT NULL,
  period_from TEXT NOT NULL,
  period_to TEXT NOT NULL,
  charged BIGINT NOT NULL,
  paid BIGINT NOT NULL,
  owed BIGINT NOT NULL,
  lines TEXT NOT NULL,
  sent_at BIGINT,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  UNIQUE (practice_id, number)
);
CREATE INDEX invoices_client ON invoices(practice_id, client_id, issued_on);
