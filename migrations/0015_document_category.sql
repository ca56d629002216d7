-- What kind of paper a chart document is (referral, evaluation report, school record…), so the chart
-- can say it and filter by it; consents and earlier uploads have none.
ALTER TABLE documents ADD COLUMN category TEXT;
