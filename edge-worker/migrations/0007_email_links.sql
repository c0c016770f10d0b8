-- E-mail links (issue 6): what happened to each signed link, so scanners can be told from people.
-- `message` is the link's message id (the item's id for "did this solve it?"); `served` identifies one
-- view of the landing page (its signed proof), so a followed hidden link marks that view.
CREATE TABLE link_events (
  seq INTEGER PRIMARY KEY,
  site_id TEXT NOT NULL,
  message TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('head', 'view', 'trap', 'confirmed', 'suspected_scanner')),
  reason TEXT,
  served TEXT,
  at TEXT NOT NULL
) STRICT;
CREATE INDEX link_events_by_message ON link_events (site_id, message, seq);
CREATE INDEX link_events_by_served ON link_events (served) WHERE served IS NOT NULL;
