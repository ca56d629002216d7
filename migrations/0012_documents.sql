-- Documents in the chart (sealed bytes, base64) and consents signed by the client, witnessed by staff.
CREATE TABLE documents (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL REFERENCES practices(id),
  client_id TEXT NOT NULL REFERENCES clients(id),
  kind TEXT NOT NULL CHECK (kind IN ('document', 'telehealth_consent', 'treatment_consent', 'financial_policy')),
  title TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  content_sealed TEXT NOT NULL,
  document_date TEXT,
  uploaded_by TEXT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  signed_name TEXT,
  witnessed_by TEXT,
  signed_at BIGINT
);
CREATE INDEX documents_client ON documents(practice_id, client_id, created_at);
