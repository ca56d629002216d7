-- A card kept on file at the processor with the client's consent, to charge the fees they agreed to
-- (late cancellations, no-shows, what they owe): only the processor's ids are kept, with the exact words
-- consented to and when. A payment page is for a payment or for saving a card.
ALTER TABLE checkouts ADD COLUMN purpose TEXT NOT NULL DEFAULT 'payment';

CREATE TABLE saved_cards (
  practice_id TEXT NOT NULL REFERENCES practices(id),
  client_id TEXT NOT NULL REFERENCES clients(id),
  customer TEXT NOT NULL,
  payment_method TEXT NOT NULL,
  consent_text TEXT NOT NULL,
  consented_at BIGINT NOT NULL,
  consented_by TEXT NOT NULL,
  PRIMARY KEY (practice_id, client_id)
);
