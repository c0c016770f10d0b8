-- The right people, in time (issue 20): a site's teams, the routing that gives each item a team when
-- it is stored, endpoints that belong to a team (its events, or its escalations), and how far an
-- unacknowledged urgent item has gone up.

-- A team and when its urgent items go up: after `escalate_after_hours`, then (if set) after
-- `second_level_after_hours`, counted from when the item became urgent or was last reopened.
CREATE TABLE teams (
  site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
  escalate_after_hours INTEGER NOT NULL DEFAULT 4 CHECK (escalate_after_hours BETWEEN 1 AND 720),
  second_level_after_hours INTEGER CHECK (second_level_after_hours > escalate_after_hours),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (site_id, name)
) STRICT;

-- The site's routing (feedback-core's Routing as JSON: rules in order, a default team), read with
-- the site on the hot path, so giving an item its team costs no extra read.
ALTER TABLE sites ADD COLUMN routing TEXT NOT NULL DEFAULT '{"rules":[],"default_team":null}';

-- NULL: a site-wide endpoint, which hears every event as before. A team's `events` endpoints hear
-- its items' feedback.urgent, page.alert and feedback.reopened; its `escalation` endpoints only
-- feedback.escalated.
ALTER TABLE endpoints ADD COLUMN team TEXT;
ALTER TABLE endpoints ADD COLUMN role TEXT NOT NULL DEFAULT 'events' CHECK (role IN ('events', 'escalation'));

-- The team an item was given when stored (NULL: none); rule changes keep it unless asked.
ALTER TABLE feedback ADD COLUMN team TEXT;
-- When it became urgent: its creation, or the change of mind that made it urgent.
ALTER TABLE feedback ADD COLUMN urgent_at TEXT;
UPDATE feedback SET urgent_at = created_at WHERE urgent IS NOT NULL;
-- How far it has gone up (0, 1, 2) in the wait that began at `escalated_since`: a reopened item
-- waits anew, so a level reached in an earlier wait does not count.
ALTER TABLE feedback ADD COLUMN escalated_level INTEGER NOT NULL DEFAULT 0 CHECK (escalated_level BETWEEN 0 AND 2);
ALTER TABLE feedback ADD COLUMN escalated_since TEXT;

-- The inbox by team, and the cron's look for new urgent items with a team.
CREATE INDEX feedback_urgent_by_team ON feedback (site_id, team, status, created_at) WHERE urgent IS NOT NULL;
CREATE INDEX feedback_waiting_for_a_team ON feedback (status, urgent_at) WHERE urgent IS NOT NULL AND team IS NOT NULL;
