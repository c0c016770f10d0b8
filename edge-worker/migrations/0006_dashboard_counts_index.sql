-- The dashboard's counts (per day, per page and day, per channel) read only these columns of the
-- answers that count; a covering index lets SQLite count without reading the items' comments.
CREATE INDEX feedback_counts ON feedback (site_id, created_at, page, channel, rating)
  WHERE spam IS NULL AND rating IS NOT NULL;
