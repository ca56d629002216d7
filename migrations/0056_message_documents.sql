-- A message of a care-team conversation may point at a document of the client's chart instead of carrying a
-- file: the document is read from the chart when a member opens it (a Part 2 record only while the client's
-- agreement lets the team see Part 2 records).
ALTER TABLE messages ADD COLUMN document_id TEXT;
