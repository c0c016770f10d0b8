-- When a page last fired `page.alert`: at most one per cooldown, decided atomically by an upsert.
CREATE TABLE page_alerts (
  site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  page TEXT NOT NULL,
  fired_at TEXT NOT NULL,
  PRIMARY KEY (site_id, page)
) STRICT;
