-- How many urgent items each inbox tab holds, kept as items change, so that every dashboard screen's
-- "new" badge and the inbox's tabs read a few rows instead of every urgent item the site ever had
-- (issue 22). Unlike the day rollups these count the items that exist now: retention's deletion
-- takes its items out of the inbox too.

-- Per site, team ('' for none), owner ('' for nobody) and status: the urgent items (spam or not,
-- as the inbox lists them).
CREATE TABLE inbox_counts (
  site_id TEXT NOT NULL,
  team TEXT NOT NULL,
  owner TEXT NOT NULL,
  status TEXT NOT NULL,
  n INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (site_id, team, owner, status)
) WITHOUT ROWID;

CREATE TRIGGER inbox_counts_insert AFTER INSERT ON feedback WHEN NEW.urgent IS NOT NULL
BEGIN
  INSERT INTO inbox_counts (site_id, team, owner, status, n)
  VALUES (NEW.site_id, coalesce(NEW.team, ''), coalesce(NEW.owner, ''), NEW.status, 1)
  ON CONFLICT (site_id, team, owner, status) DO UPDATE SET n = n + 1;
END;

-- A change that moves an item between tabs (or in or out of the inbox) takes it out of its old
-- place and puts it in its new one; both triggers test the same change.
CREATE TRIGGER inbox_counts_update_old AFTER UPDATE OF urgent, status, team, owner, site_id ON feedback
WHEN OLD.urgent IS NOT NULL AND ((NEW.urgent IS NULL) OR OLD.status IS NOT NEW.status
  OR OLD.team IS NOT NEW.team OR OLD.owner IS NOT NEW.owner OR OLD.site_id IS NOT NEW.site_id)
BEGIN
  UPDATE inbox_counts SET n = n - 1 WHERE site_id = OLD.site_id AND team = coalesce(OLD.team, '')
    AND owner = coalesce(OLD.owner, '') AND status = OLD.status;
END;

CREATE TRIGGER inbox_counts_update_new AFTER UPDATE OF urgent, status, team, owner, site_id ON feedback
WHEN NEW.urgent IS NOT NULL AND ((OLD.urgent IS NULL) OR OLD.status IS NOT NEW.status
  OR OLD.team IS NOT NEW.team OR OLD.owner IS NOT NEW.owner OR OLD.site_id IS NOT NEW.site_id)
BEGIN
  INSERT INTO inbox_counts (site_id, team, owner, status, n)
  VALUES (NEW.site_id, coalesce(NEW.team, ''), coalesce(NEW.owner, ''), NEW.status, 1)
  ON CONFLICT (site_id, team, owner, status) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER inbox_counts_delete AFTER DELETE ON feedback WHEN OLD.urgent IS NOT NULL
BEGIN
  UPDATE inbox_counts SET n = n - 1 WHERE site_id = OLD.site_id AND team = coalesce(OLD.team, '')
    AND owner = coalesce(OLD.owner, '') AND status = OLD.status;
END;

-- What was stored before: counted once, the same way.
INSERT INTO inbox_counts (site_id, team, owner, status, n)
SELECT site_id, coalesce(team, ''), coalesce(owner, ''), status, count(*) FROM feedback
WHERE urgent IS NOT NULL GROUP BY site_id, coalesce(team, ''), coalesce(owner, ''), status;
