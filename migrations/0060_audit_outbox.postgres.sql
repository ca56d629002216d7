CREATE SEQUENCE audit_outbox_ids;
