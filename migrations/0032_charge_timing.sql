-- When a visit's charge is made: note_signed (when its progress note is signed) or visit_end.
ALTER TABLE billing_settings ADD COLUMN charge_at TEXT NOT NULL DEFAULT 'note_signed';
