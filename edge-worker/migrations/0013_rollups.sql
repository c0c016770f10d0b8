-- Counts kept as answers change, so that every screen reads a few rows per page and day instead of
-- every answer (issue 22). Triggers keep them in the same transaction as each change to an item:
-- an answer stored, changed (a new rating, reasons, comment, spam verdict, a customer's answer, a
-- team), or moved adds its old contribution back out and its new one in; nothing else writes them.
-- Deleting raw items (retention) leaves the totals: the history of a page outlives its comments.

-- The item's day on its site's clock when stored (YYYY-MM-DD), written by the worker from the site's
-- time zone. Items stored before it (and rows written by hand) have none: their day is the UTC day
-- of created_at, as every screen counted until now. Every statement below says so the same way.
ALTER TABLE feedback ADD COLUMN day TEXT CHECK (day IS NULL OR length(day) = 10);

-- Per site, day, page, channel, team ('' for none) and whether the answer was given under a
-- known-issue notice: answers not marked as spam, their ratings, mood, urgency, comments and
-- customers' answers.
CREATE TABLE page_days (
  site_id TEXT NOT NULL,
  day TEXT NOT NULL,
  page TEXT NOT NULL,
  channel TEXT NOT NULL,
  team TEXT NOT NULL,
  notice INTEGER NOT NULL,
  items INTEGER NOT NULL DEFAULT 0,
  up INTEGER NOT NULL DEFAULT 0,
  down INTEGER NOT NULL DEFAULT 0,
  sad INTEGER NOT NULL DEFAULT 0,
  neutral INTEGER NOT NULL DEFAULT 0,
  happy INTEGER NOT NULL DEFAULT 0,
  moods INTEGER NOT NULL DEFAULT 0,
  mood_sum REAL NOT NULL DEFAULT 0,
  urgent INTEGER NOT NULL DEFAULT 0,
  comments INTEGER NOT NULL DEFAULT 0,
  answered INTEGER NOT NULL DEFAULT 0,
  solved INTEGER NOT NULL DEFAULT 0,
  -- The Monday of the day's week, for views by week (computed once, not on every read).
  week TEXT GENERATED ALWAYS AS (date(day, '-6 days', 'weekday 1')) STORED,
  PRIMARY KEY (site_id, day, page, channel, team, notice)
) WITHOUT ROWID;
-- A page's detail reads its own days.
CREATE INDEX page_days_by_page ON page_days (site_id, page, day);

-- The same per site (every page together): what the site-wide figures read, a few rows a day.
CREATE TABLE site_days (
  site_id TEXT NOT NULL,
  day TEXT NOT NULL,
  channel TEXT NOT NULL,
  team TEXT NOT NULL,
  notice INTEGER NOT NULL,
  items INTEGER NOT NULL DEFAULT 0,
  up INTEGER NOT NULL DEFAULT 0,
  down INTEGER NOT NULL DEFAULT 0,
  sad INTEGER NOT NULL DEFAULT 0,
  neutral INTEGER NOT NULL DEFAULT 0,
  happy INTEGER NOT NULL DEFAULT 0,
  moods INTEGER NOT NULL DEFAULT 0,
  mood_sum REAL NOT NULL DEFAULT 0,
  urgent INTEGER NOT NULL DEFAULT 0,
  comments INTEGER NOT NULL DEFAULT 0,
  answered INTEGER NOT NULL DEFAULT 0,
  solved INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (site_id, day, channel, team, notice)
) WITHOUT ROWID;

-- The same keys, per reason chosen.
CREATE TABLE page_day_reasons (
  site_id TEXT NOT NULL,
  day TEXT NOT NULL,
  page TEXT NOT NULL,
  channel TEXT NOT NULL,
  team TEXT NOT NULL,
  notice INTEGER NOT NULL,
  reason TEXT NOT NULL,
  votes INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (site_id, day, page, channel, team, notice, reason)
) WITHOUT ROWID;
CREATE INDEX page_day_reasons_by_page ON page_day_reasons (site_id, page, day);
CREATE TABLE site_day_reasons (
  site_id TEXT NOT NULL,
  day TEXT NOT NULL,
  channel TEXT NOT NULL,
  team TEXT NOT NULL,
  notice INTEGER NOT NULL,
  reason TEXT NOT NULL,
  votes INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (site_id, day, channel, team, notice, reason)
) WITHOUT ROWID;

-- Each page's newest title and when it was given.
CREATE TABLE page_titles (
  site_id TEXT NOT NULL,
  page TEXT NOT NULL,
  title TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (site_id, page)
) WITHOUT ROWID;

-- Urgent items of a range (handling figures) seek here instead of walking every answer, and carry
-- when they were first acknowledged and first resolved (from their history, by the trigger below)
-- instead of searching the history of each.
ALTER TABLE feedback ADD COLUMN acknowledged_at TEXT;
ALTER TABLE feedback ADD COLUMN resolved_at TEXT;
-- Covering: the handling figures read nothing but this index (urgent items are a few in a hundred).
CREATE INDEX feedback_urgent_by_time ON feedback (site_id, created_at, day, page, channel, notice_id, spam, team,
  urgent_at, acknowledged_at, resolved_at, customer_answer) WHERE urgent IS NOT NULL;

CREATE TRIGGER item_handled AFTER INSERT ON item_history
  WHEN (NEW.from_status = 'new' AND NEW.to_status <> 'new') OR NEW.to_status = 'resolved'
BEGIN
  UPDATE feedback SET
    acknowledged_at = CASE WHEN acknowledged_at IS NULL AND NEW.from_status = 'new' AND NEW.to_status <> 'new'
      THEN NEW.at ELSE acknowledged_at END,
    resolved_at = CASE WHEN resolved_at IS NULL AND NEW.to_status = 'resolved' THEN NEW.at ELSE resolved_at END
  WHERE id = NEW.item_id;
END;
-- Counting no longer reads answers; this index only cost every write.
DROP INDEX IF EXISTS feedback_counts;

-- One answer's contribution to the counts, added (`sign` 1) or taken back (-1): the triggers below
-- insert into this view, and its one trigger keeps every rollup, so the rule is written once.
CREATE VIEW answer_counts AS
SELECT site_id, day, created_at, page, channel, team, notice_id, rating, reasons, mood, urgent, comment,
  customer_answer, 0 AS sign FROM feedback WHERE 0;

CREATE TRIGGER answer_counts_change INSTEAD OF INSERT ON answer_counts
BEGIN
  INSERT INTO page_days (site_id, day, page, channel, team, notice, items, up, down, sad, neutral, happy,
    moods, mood_sum, urgent, comments, answered, solved)
  VALUES (NEW.site_id, coalesce(NEW.day, substr(NEW.created_at, 1, 10)), NEW.page, NEW.channel,
    coalesce(NEW.team, ''), NEW.notice_id IS NOT NULL, NEW.sign, NEW.sign * (NEW.rating IS 'up'),
    NEW.sign * (NEW.rating IS 'down'), NEW.sign * (NEW.rating IS 'sad'), NEW.sign * (NEW.rating IS 'neutral'),
    NEW.sign * (NEW.rating IS 'happy'), NEW.sign * (NEW.mood IS NOT NULL), NEW.sign * coalesce(NEW.mood, 0),
    NEW.sign * (NEW.urgent IS NOT NULL), NEW.sign * (NEW.comment IS NOT NULL),
    NEW.sign * (NEW.customer_answer IS NOT NULL), NEW.sign * (NEW.customer_answer IS 'solved'))
  ON CONFLICT DO UPDATE SET items = items + excluded.items, up = up + excluded.up,
    down = down + excluded.down, sad = sad + excluded.sad, neutral = neutral + excluded.neutral,
    happy = happy + excluded.happy, moods = moods + excluded.moods, mood_sum = mood_sum + excluded.mood_sum,
    urgent = urgent + excluded.urgent, comments = comments + excluded.comments,
    answered = answered + excluded.answered, solved = solved + excluded.solved;
  INSERT INTO site_days (site_id, day, channel, team, notice, items, up, down, sad, neutral, happy,
    moods, mood_sum, urgent, comments, answered, solved)
  SELECT site_id, day, channel, team, notice, items, up, down, sad, neutral, happy, moods, mood_sum, urgent,
    comments, answered, solved FROM (SELECT NEW.site_id AS site_id, coalesce(NEW.day, substr(NEW.created_at, 1, 10)) AS day,
    NEW.channel AS channel, coalesce(NEW.team, '') AS team, NEW.notice_id IS NOT NULL AS notice, NEW.sign AS items,
    NEW.sign * (NEW.rating IS 'up') AS up, NEW.sign * (NEW.rating IS 'down') AS down,
    NEW.sign * (NEW.rating IS 'sad') AS sad, NEW.sign * (NEW.rating IS 'neutral') AS neutral,
    NEW.sign * (NEW.rating IS 'happy') AS happy, NEW.sign * (NEW.mood IS NOT NULL) AS moods,
    NEW.sign * coalesce(NEW.mood, 0) AS mood_sum, NEW.sign * (NEW.urgent IS NOT NULL) AS urgent,
    NEW.sign * (NEW.comment IS NOT NULL) AS comments, NEW.sign * (NEW.customer_answer IS NOT NULL) AS answered,
    NEW.sign * (NEW.customer_answer IS 'solved') AS solved) WHERE true
  ON CONFLICT DO UPDATE SET items = items + excluded.items, up = up + excluded.up,
    down = down + excluded.down, sad = sad + excluded.sad, neutral = neutral + excluded.neutral,
    happy = happy + excluded.happy, moods = moods + excluded.moods, mood_sum = mood_sum + excluded.mood_sum,
    urgent = urgent + excluded.urgent, comments = comments + excluded.comments,
    answered = answered + excluded.answered, solved = solved + excluded.solved;
  INSERT INTO page_day_reasons (site_id, day, page, channel, team, notice, reason, votes)
  SELECT NEW.site_id, coalesce(NEW.day, substr(NEW.created_at, 1, 10)), NEW.page, NEW.channel,
    coalesce(NEW.team, ''), NEW.notice_id IS NOT NULL, r.value, NEW.sign FROM json_each(NEW.reasons) r WHERE true
  ON CONFLICT DO UPDATE SET votes = votes + excluded.votes;
  INSERT INTO site_day_reasons (site_id, day, channel, team, notice, reason, votes)
  SELECT NEW.site_id, coalesce(NEW.day, substr(NEW.created_at, 1, 10)), NEW.channel,
    coalesce(NEW.team, ''), NEW.notice_id IS NOT NULL, r.value, NEW.sign FROM json_each(NEW.reasons) r WHERE true
  ON CONFLICT DO UPDATE SET votes = votes + excluded.votes;
END;

-- An answer stored counts …
CREATE TRIGGER page_days_insert AFTER INSERT ON feedback WHEN NEW.spam IS NULL
BEGIN
  INSERT INTO answer_counts VALUES (NEW.site_id, NEW.day, NEW.created_at, NEW.page, NEW.channel, NEW.team,
    NEW.notice_id, NEW.rating, NEW.reasons, NEW.mood, NEW.urgent, NEW.comment, NEW.customer_answer, 1);
END;

CREATE TRIGGER page_titles_insert AFTER INSERT ON feedback WHEN NEW.title IS NOT NULL
BEGIN
  INSERT INTO page_titles (site_id, page, title, at) VALUES (NEW.site_id, NEW.page, NEW.title, NEW.created_at)
  ON CONFLICT DO UPDATE SET title = excluded.title, at = excluded.at WHERE excluded.at >= page_titles.at;
END;

-- … a change takes the old contribution out …
CREATE TRIGGER page_days_update_old AFTER UPDATE OF rating, reasons, comment, spam, mood, urgent,
  customer_answer, notice_id, team, page, channel, day, created_at ON feedback WHEN OLD.spam IS NULL
BEGIN
  INSERT INTO answer_counts VALUES (OLD.site_id, OLD.day, OLD.created_at, OLD.page, OLD.channel, OLD.team,
    OLD.notice_id, OLD.rating, OLD.reasons, OLD.mood, OLD.urgent, OLD.comment, OLD.customer_answer, -1);
END;

-- … and puts the new one in.
CREATE TRIGGER page_days_update_new AFTER UPDATE OF rating, reasons, comment, spam, mood, urgent,
  customer_answer, notice_id, team, page, channel, day, created_at ON feedback WHEN NEW.spam IS NULL
BEGIN
  INSERT INTO answer_counts VALUES (NEW.site_id, NEW.day, NEW.created_at, NEW.page, NEW.channel, NEW.team,
    NEW.notice_id, NEW.rating, NEW.reasons, NEW.mood, NEW.urgent, NEW.comment, NEW.customer_answer, 1);
END;

CREATE TRIGGER page_titles_update AFTER UPDATE OF title ON feedback WHEN NEW.title IS NOT NULL
BEGIN
  INSERT INTO page_titles (site_id, page, title, at) VALUES (NEW.site_id, NEW.page, NEW.title, NEW.updated_at)
  ON CONFLICT DO UPDATE SET title = excluded.title, at = excluded.at WHERE excluded.at >= page_titles.at;
END;

-- What was stored before: counted once, the same way.
INSERT INTO page_days (site_id, day, page, channel, team, notice, items, up, down, sad, neutral, happy,
  moods, mood_sum, urgent, comments, answered, solved)
SELECT site_id, coalesce(day, substr(created_at, 1, 10)) AS d, page, channel, coalesce(team, '') AS t,
  notice_id IS NOT NULL AS n, count(*), sum(rating IS 'up'), sum(rating IS 'down'), sum(rating IS 'sad'),
  sum(rating IS 'neutral'), sum(rating IS 'happy'), count(mood), coalesce(sum(mood), 0), count(urgent),
  count(comment), count(customer_answer), sum(customer_answer IS 'solved')
FROM feedback WHERE spam IS NULL GROUP BY site_id, d, page, channel, t, n;
INSERT INTO page_day_reasons (site_id, day, page, channel, team, notice, reason, votes)
SELECT f.site_id, coalesce(f.day, substr(f.created_at, 1, 10)) AS d, f.page, f.channel,
  coalesce(f.team, '') AS t, f.notice_id IS NOT NULL AS n, r.value, count(*)
FROM feedback f, json_each(f.reasons) r WHERE f.spam IS NULL GROUP BY f.site_id, d, f.page, f.channel, t, n, r.value;
INSERT INTO site_days (site_id, day, channel, team, notice, items, up, down, sad, neutral, happy, moods,
  mood_sum, urgent, comments, answered, solved)
SELECT site_id, day, channel, team, notice, sum(items), sum(up), sum(down), sum(sad), sum(neutral), sum(happy),
  sum(moods), sum(mood_sum), sum(urgent), sum(comments), sum(answered), sum(solved)
FROM page_days GROUP BY site_id, day, channel, team, notice;
INSERT INTO site_day_reasons (site_id, day, channel, team, notice, reason, votes)
SELECT site_id, day, channel, team, notice, reason, sum(votes) FROM page_day_reasons
GROUP BY site_id, day, channel, team, notice, reason;
INSERT INTO page_titles (site_id, page, title, at)
SELECT site_id, page, title, max(created_at) FROM feedback WHERE title IS NOT NULL GROUP BY site_id, page;
UPDATE feedback SET
  acknowledged_at = (SELECT min(h.at) FROM item_history h WHERE h.item_id = feedback.id AND h.from_status = 'new' AND h.to_status <> 'new'),
  resolved_at = (SELECT min(h.at) FROM item_history h WHERE h.item_id = feedback.id AND h.to_status = 'resolved')
WHERE id IN (SELECT item_id FROM item_history);
