-- Urgent items reach integrators through signed webhooks (issue 5).

-- The mood of an item's comment (-1..1) and the words that made it, as JSON; NULL without a comment.
ALTER TABLE feedback ADD COLUMN mood REAL;
ALTER TABLE feedback ADD COLUMN mood_words TEXT;
-- JSON array of the rules an urgent item matched (feedback-core's UrgentReason); NULL when not urgent.
ALTER TABLE feedback ADD COLUMN urgent TEXT;

-- A site's alert rules (feedback-core's UrgencyRules as JSON; missing fields take the defaults).
ALTER TABLE sites ADD COLUMN urgency TEXT NOT NULL DEFAULT '{}';

-- Where a site's events go. Secrets are `whsec_…`, newest first; two while a rotation is under way.
CREATE TABLE endpoints (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  format TEXT NOT NULL DEFAULT 'standard' CHECK (format IN ('standard', 'slack')),
  secrets TEXT NOT NULL,
  -- Set when the receiver answered 410 Gone (or an operator disabled it); no more deliveries.
  disabled_reason TEXT,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX endpoints_by_site ON endpoints (site_id);

-- One event for one endpoint, and what became of it: the delivery log. `event_id` is the
-- `webhook-id`, the same on every attempt and every endpoint, so receivers can deduplicate.
CREATE TABLE deliveries (
  event_id TEXT NOT NULL,
  endpoint_id TEXT NOT NULL REFERENCES endpoints (id) ON DELETE CASCADE,
  site_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead', 'disabled')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_status INTEGER,
  last_error TEXT,
  next_attempt_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (event_id, endpoint_id)
) STRICT;
CREATE INDEX deliveries_by_site ON deliveries (site_id, created_at);
