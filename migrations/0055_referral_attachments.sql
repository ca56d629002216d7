-- A referral carries documents from the client's chart (ids; the documents stay sealed where they are): the
-- referring and the referred clinician open them from the referral, even before the latter joins the team.
ALTER TABLE referrals ADD COLUMN attachments TEXT NOT NULL DEFAULT '[]';
