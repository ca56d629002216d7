-- What the practice promises about secure messages: how soon it answers (the response clock's target, shown to
-- clients and used for "overdue" in the staff inbox) and its own crisis wording shown where clients write.
CREATE TABLE message_settings (
  practice_id TEXT PRIMARY KEY REFERENCES practices(id),
  response_target_hours INTEGER NOT NULL,
  crisis_message TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
