-- The practice's fees for late cancellations and no-shows (the client pays; never claimed): a default
-- for each and amounts by service, as JSON on the billing settings.
ALTER TABLE billing_settings ADD COLUMN visit_fees TEXT NOT NULL DEFAULT '{}';
