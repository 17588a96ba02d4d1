-- Calls created per workspace and UTC day (day = epoch ms / 86 400 000), so the daily cap reads one row
-- instead of counting the day's calls under a lock. Rows are seeded from a count on the day's first call.
CREATE TABLE call_day_counts (
  org_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  day integer NOT NULL,
  calls integer NOT NULL,
  PRIMARY KEY (org_id, day)
);
