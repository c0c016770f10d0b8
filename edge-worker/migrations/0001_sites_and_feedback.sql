-- Sites that may collect feedback, the feedback itself, and the salts that make visitors anonymous.
-- Migrations are never edited once they land: add a new numbered file instead.

CREATE TABLE sites (
  id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64 AND id NOT GLOB '*[^a-z0-9-]*'),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- JSON array of origin patterns (see feedback-core/src/origin.rs).
  allowed_origins TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(allowed_origins) AND json_type(allowed_origins) = 'array'),
  -- SHA-256 of the site's read token; the token itself is shown once and never stored.
  read_token_hash TEXT NOT NULL CHECK (length(read_token_hash) = 64),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

-- One random salt per UTC day; deleted by the retention job once the day is over.
CREATE TABLE daily_salts (
  day TEXT PRIMARY KEY,
  salt TEXT NOT NULL
) STRICT;

CREATE TABLE feedback (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  page TEXT NOT NULL CHECK (length(page) BETWEEN 1 AND 2048),
  title TEXT CHECK (length(title) <= 300),
  channel TEXT NOT NULL DEFAULT 'web' CHECK (channel IN ('web', 'email', 'kiosk')),
  rating TEXT CHECK (rating IN ('up', 'down', 'sad', 'neutral', 'happy')),
  reasons TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(reasons)),
  comment TEXT CHECK (length(comment) <= 2000),
  contact_email TEXT CHECK (length(contact_email) <= 254),
  contact_consent INTEGER NOT NULL DEFAULT 0 CHECK (contact_consent IN (0, 1)),
  locale TEXT,
  -- HMAC of the day's salt and address | user agent | site: the same visitor only within one day.
  visitor TEXT NOT NULL,
  -- NULL, or why the item looks like spam (kept, never dropped).
  spam TEXT,
  idempotency_key TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  -- An exact retry of one item can never add a second row.
  UNIQUE (site_id, idempotency_key),
  -- A visitor changing their mind on a page updates their item instead of adding one.
  UNIQUE (site_id, page, visitor),
  CHECK (rating IS NOT NULL OR comment IS NOT NULL),
  CHECK (contact_email IS NULL OR contact_consent = 1)
) STRICT;

CREATE INDEX feedback_by_time ON feedback (site_id, created_at, id);
CREATE INDEX feedback_by_page ON feedback (site_id, page, created_at);
