-- The practice as the billing provider on its claims: legal name, NPI (type 2, or the owner's), tax id,
-- taxonomy and the address claims are paid to.
ALTER TABLE billing_settings ADD COLUMN provider_name TEXT;
ALTER TABLE billing_settings ADD COLUMN npi TEXT;
ALTER TABLE billing_settings ADD COLUMN tax_id TEXT;
ALTER TABLE billing_settings ADD COLUMN taxonomy TEXT;
ALTER TABLE billing_settings ADD COLUMN address_line TEXT;
ALTER TABLE billing_settings ADD COLUMN city TEXT;
ALTER TABLE billing_settings ADD COLUMN state TEXT;
ALTER TABLE billing_settings ADD COLUMN postal_code TEXT;
ALTER TABLE billing_settings ADD COLUMN updated_at BIGINT;
