-- The handling figures' counts kept in the rollups too (issue 22): of the urgent items of each day,
-- page, channel, team and notice, how many someone acknowledged (moved on from new), how many were
-- resolved, how many customers answered "did this solve it?" and how many said solved. Until now
-- the handling figures counted these from the range's newest 10 000 urgent items, so a busy range
-- read 10 000 items and counted only those; now the counts are exact from a few rows a day, and
-- only the waiting times (median, 90th percentile, in time) are measured on the newest items.
ALTER TABLE page_days ADD COLUMN acknowledged INTEGER NOT NULL DEFAULT 0;
ALTER TABLE page_days ADD COLUMN resolved INTEGER NOT NULL DEFAULT 0;
ALTER TABLE page_days ADD COLUMN urgent_answered INTEGER NOT NULL DEFAULT 0;
ALTER TABLE page_days ADD COLUMN urgent_solved INTEGER NOT NULL DEFAULT 0;
ALTER TABLE site_days ADD COLUMN acknowledged INTEGER NOT NULL DEFAULT 0;
ALTER TABLE site_days ADD COLUMN resolved INTEGER NOT NULL DEFAULT 0;
ALTER TABLE site_days ADD COLUMN urgent_answered INTEGER NOT NULL DEFAULT 0;
ALTER TABLE site_days ADD COLUMN urgent_solved INTEGER NOT NULL DEFAULT 0;

-- One answer's contribution, as migration 0013 wrote it, with when it was first acknowledged and
-- resolved (kept on the item by 0013's `item_handled`). Dropping the view drops its trigger; the
-- triggers that insert into it are written again with the two columns.
DROP TRIGGER page_days_insert;
DROP TRIGGER page_days_update_old;
DROP TRIGGER page_days_update_new;
DROP VIEW answer_counts;
CREATE VIEW answer_counts AS
SELECT site_id, day, created_at, page, channel, team, notice_id, rating, reasons, mood, urgent, comment,
  customer_answer, acknowledged_at, resolved_at, 0 AS sign FROM feedback WHERE 0;

CREATE TRIGGER answer_counts_change INSTEAD OF INSERT ON answer_counts
BEGIN
  INSERT INTO page_days (site_id, day, page, channel, team, notice, items, up, down, sad, neutral, happy,
    moods, mood_sum, urgent, comments, answered, solved, acknowledged, resolved, urgent_answered, urgent_solved)
  VALUES (NEW.site_id, coalesce(NEW.day, substr(NEW.created_at, 1, 10)), NEW.page, NEW.channel,
    coalesce(NEW.team, ''), NEW.notice_id IS NOT NULL, NEW.sign, NEW.sign * (NEW.rating IS 'up'),
    NEW.sign * (NEW.rating IS 'down'), NEW.sign * (NEW.rating IS 'sad'), NEW.sign * (NEW.rating IS 'neutral'),
    NEW.sign * (NEW.rating IS 'happy'), NEW.sign * (NEW.mood IS NOT NULL), NEW.sign * coalesce(NEW.mood, 0),
    NEW.sign * (NEW.urgent IS NOT NULL), NEW.sign * (NEW.comment IS NOT NULL),
    NEW.sign * (NEW.customer_answer IS NOT NULL), NEW.sign * (NEW.customer_answer IS 'solved'),
    NEW.sign * (NEW.urgent IS NOT NULL AND NEW.acknowledged_at IS NOT NULL),
    NEW.sign * (NEW.urgent IS NOT NULL AND NEW.resolved_at IS NOT NULL),
    NEW.sign * (NEW.urgent IS NOT NULL AND NEW.customer_answer IS NOT NULL),
    NEW.sign * (NEW.urgent IS NOT NULL AND NEW.customer_answer IS 'solved'))
  ON CONFLICT DO UPDATE SET items = items + excluded.items, up = up + excluded.up,
    down = down + excluded.down, sad = sad + excluded.sad, neutral = neutral + excluded.neutral,
    happy = happy + excluded.happy, moods = moods + excluded.moods, mood_sum = mood_sum + excluded.mood_sum,
    urgent = urgent + excluded.urgent, comments = comments + excluded.comments,
    answered = answered + excluded.answered, solved = solved + excluded.solved,
    acknowledged = acknowledged + excluded.acknowledged, resolved = resolved + excluded.resolved,
    urgent_answered = urgent_answered + excluded.urgent_answered,
    urgent_solved = urgent_solved + excluded.urgent_solved;
  INSERT INTO site_days (site_id, day, channel, team, notice, items, up, down, sad, neutral, happy,
    moods, mood_sum, urgent, comments, answered, solved, acknowledged, resolved, urgent_answered, urgent_solved)
  SELECT site_id, day, channel, team, notice, items, up, down, sad, neutral, happy, moods, mood_sum, urgent,
    comments, answered, solved, acknowledged, resolved, urgent_answered, urgent_solved
  FROM (SELECT NEW.site_id AS site_id, coalesce(NEW.day, substr(NEW.created_at, 1, 10)) AS day,
    NEW.channel AS channel, coalesce(NEW.team, '') AS team, NEW.notice_id IS NOT NULL AS notice, NEW.sign AS items,
    NEW.sign * (NEW.rating IS 'up') AS up, NEW.sign * (NEW.rating IS 'down') AS down,
    NEW.sign * (NEW.rating IS 'sad') AS sad, NEW.sign * (NEW.rating IS 'neutral') AS neutral,
    NEW.sign * (NEW.rating IS 'happy') AS happy, NEW.sign * (NEW.mood IS NOT NULL) AS moods,
    NEW.sign * coalesce(NEW.mood, 0) AS mood_sum, NEW.sign * (NEW.urgent IS NOT NULL) AS urgent,
    NEW.sign * (NEW.comment IS NOT NULL) AS comments, NEW.sign * (NEW.customer_answer IS NOT NULL) AS answered,
    NEW.sign * (NEW.customer_answer IS 'solved') AS solved,
    NEW.sign * (NEW.urgent IS NOT NULL AND NEW.acknowledged_at IS NOT NULL) AS acknowledged,
    NEW.sign * (NEW.urgent IS NOT NULL AND NEW.resolved_at IS NOT NULL) AS resolved,
    NEW.sign * (NEW.urgent IS NOT NULL AND NEW.customer_answer IS NOT NULL) AS urgent_answered,
    NEW.sign * (NEW.urgent IS NOT NULL AND NEW.customer_answer IS 'solved') AS urgent_solved) WHERE true
  ON CONFLICT DO UPDATE SET items = items + excluded.items, up = up + excluded.up,
    down = down + excluded.down, sad = sad + excluded.sad, neutral = neutral + excluded.neutral,
    happy = happy + excluded.happy, moods = moods + excluded.moods, mood_sum = mood_sum + excluded.mood_sum,
    urgent = urgent + excluded.urgent, comments = comments + excluded.comments,
    answered = answered + excluded.answered, solved = solved + excluded.solved,
    acknowledged = acknowledged + excluded.acknowledged, resolved = resolved + excluded.resolved,
    urgent_answered = urgent_answered + excluded.urgent_answered,
    urgent_solved = urgent_solved + excluded.urgent_solved;
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
    NEW.notice_id, NEW.rating, NEW.reasons, NEW.mood, NEW.urgent, NEW.comment, NEW.customer_answer,
    NEW.acknowledged_at, NEW.resolved_at, 1);
END;

-- … a change (now also its first acknowledgement or resolution) takes the old contribution out …
CREATE TRIGGER page_days_update_old AFTER UPDATE OF rating, reasons, comment, spam, mood, urgent,
  customer_answer, notice_id, team, page, channel, day, created_at, acknowledged_at, resolved_at ON feedback
  WHEN OLD.spam IS NULL
BEGIN
  INSERT INTO answer_counts VALUES (OLD.site_id, OLD.day, OLD.created_at, OLD.page, OLD.channel, OLD.team,
    OLD.notice_id, OLD.rating, OLD.reasons, OLD.mood, OLD.urgent, OLD.comment, OLD.customer_answer,
    OLD.acknowledged_at, OLD.resolved_at, -1);
END;

-- … and puts the new one in.
CREATE TRIGGER page_days_update_new AFTER UPDATE OF rating, reasons, comment, spam, mood, urgent,
  customer_answer, notice_id, team, page, channel, day, created_at, acknowledged_at, resolved_at ON feedback
  WHEN NEW.spam IS NULL
BEGIN
  INSERT INTO answer_counts VALUES (NEW.site_id, NEW.day, NEW.created_at, NEW.page, NEW.channel, NEW.team,
    NEW.notice_id, NEW.rating, NEW.reasons, NEW.mood, NEW.urgent, NEW.comment, NEW.customer_answer,
    NEW.acknowledged_at, NEW.resolved_at, 1);
END;

-- What was stored before: counted once, the same way. Items retention already deleted counted in
-- the totals but can no longer be counted here: their days keep 0 acknowledged and resolved.
UPDATE page_days SET acknowledged = c.acknowledged, resolved = c.resolved, urgent_answered = c.answered,
  urgent_solved = c.solved
FROM (SELECT site_id, coalesce(day, substr(created_at, 1, 10)) AS day, page, channel, coalesce(team, '') AS team,
  notice_id IS NOT NULL AS notice, count(acknowledged_at) AS acknowledged, count(resolved_at) AS resolved,
  count(customer_answer) AS answered, sum(customer_answer IS 'solved') AS solved
  FROM feedback WHERE urgent IS NOT NULL AND spam IS NULL GROUP BY 1, 2, 3, 4, 5, 6) AS c
WHERE page_days.site_id = c.site_id AND page_days.day = c.day AND page_days.page = c.page
  AND page_days.channel = c.channel AND page_days.team = c.team AND page_days.notice = c.notice;
UPDATE site_days SET acknowledged = c.acknowledged, resolved = c.resolved, urgent_answered = c.answered,
  urgent_solved = c.solved
FROM (SELECT site_id, day, channel, team, notice, sum(acknowledged) AS acknowledged, sum(resolved) AS resolved,
  sum(urgent_answered) AS answered, sum(urgent_solved) AS solved FROM page_days
  GROUP BY site_id, day, channel, team, notice) AS c
WHERE site_days.site_id = c.site_id AND site_days.day = c.day AND site_days.channel = c.channel
  AND site_days.team = c.team AND site_days.notice = c.notice;
