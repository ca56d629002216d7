-- A practice may confirm clients' own bookings before they count: a portal or public-page booking is then
-- "requested" (its time held) until the front desk approves or declines it. Off unless the owner turns it on.
CREATE TABLE portal_settings (
  practice_id TEXT PRIMARY KEY REFERENCES practices(id),
  booking_approval INTEGER NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL
);
