-- Sites that may collect feedback, and the feedback itself.
-- Migrations are never edited once they land: add a new numbered file instead.

CREATE TABLE sites (
  id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64 AND id NOT GLOB '*[^a-z0-9-]*'),
  name TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

CREATE TABLE feedback (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites (id),
  page TEXT NOT NULL CHECK (length(page) BETWEEN 1 AND 2048),
  rating TEXT CHECK (rating IN ('up', 'down', 'sad', 'neutral', 'happy')),
  comment TEXT CHECK (length(comment) <= 2000),
  locale TEXT,
  idempotency_key TEXT NOT NULL,
  created_at TEXT NOT NULL,
  -- An exact retry of one item can never add a second row.
  UNIQUE (site_id, idempotency_key),
  CHECK (rating IS NOT NULL OR comment IS NOT NULL)
) STRICT;

CREATE INDEX feedback_by_page ON feedback (site_id, page, rating);
