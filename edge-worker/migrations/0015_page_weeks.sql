-- Per page and week, what page_days holds per page and day, so that views of many weeks (the
-- 365-day overview by week, the pages of a year) read a row per week instead of seven (issue 22).
-- Kept from page_days by triggers, so the counting rule stays written once (migration 0013): a
-- row added there adds here, a change adds its difference. A range reads its whole weeks here and
-- the days at its two ends from page_days.

-- The same keys as page_days, with the Monday of the week (page_days.week) instead of the day.
CREATE TABLE page_weeks (
  site_id TEXT NOT NULL,
  week TEXT NOT NULL,
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
  PRIMARY KEY (site_id, week, page, channel, team, notice)
) WITHOUT ROWID;

CREATE TRIGGER page_weeks_insert AFTER INSERT ON page_days
BEGIN
  INSERT INTO page_weeks (site_id, week, page, channel, team, notice, items, up, down, sad, neutral, happy, moods, mood_sum, urgent, comments, answered, solved)
  VALUES (NEW.site_id, NEW.week, NEW.page, NEW.channel, NEW.team, NEW.notice, NEW.items, NEW.up, NEW.down, NEW.sad, NEW.neutral, NEW.happy, NEW.moods, NEW.mood_sum, NEW.urgent, NEW.comments, NEW.answered, NEW.solved)
  ON CONFLICT DO UPDATE SET items = items + excluded.items, up = up + excluded.up, down = down + excluded.down, sad = sad + excluded.sad, neutral = neutral + excluded.neutral, happy = happy + excluded.happy, moods = moods + excluded.moods, mood_sum = mood_sum + excluded.mood_sum, urgent = urgent + excluded.urgent, comments = comments + excluded.comments, answered = answered + excluded.answered, solved = solved + excluded.solved;
END;

CREATE TRIGGER page_weeks_update AFTER UPDATE ON page_days
BEGIN
  INSERT INTO page_weeks (site_id, week, page, channel, team, notice, items, up, down, sad, neutral, happy, moods, mood_sum, urgent, comments, answered, solved)
  VALUES (NEW.site_id, NEW.week, NEW.page, NEW.channel, NEW.team, NEW.notice, NEW.items - OLD.items, NEW.up - OLD.up, NEW.down - OLD.down, NEW.sad - OLD.sad, NEW.neutral - OLD.neutral, NEW.happy - OLD.happy, NEW.moods - OLD.moods, NEW.mood_sum - OLD.mood_sum, NEW.urgent - OLD.urgent, NEW.comments - OLD.comments, NEW.answered - OLD.answered, NEW.solved - OLD.solved)
  ON CONFLICT DO UPDATE SET items = items + excluded.items, up = up + excluded.up, down = down + excluded.down, sad = sad + excluded.sad, neutral = neutral + excluded.neutral, happy = happy + excluded.happy, moods = moods + excluded.moods, mood_sum = mood_sum + excluded.mood_sum, urgent = urgent + excluded.urgent, comments = comments + excluded.comments, answered = answered + excluded.answered, solved = solved + excluded.solved;
END;

-- Nothing deletes from page_days today (retention keeps the totals); should anything, its week follows.
CREATE TRIGGER page_weeks_delete AFTER DELETE ON page_days
BEGIN
  INSERT INTO page_weeks (site_id, week, page, channel, team, notice, items, up, down, sad, neutral, happy, moods, mood_sum, urgent, comments, answered, solved)
  VALUES (OLD.site_id, OLD.week, OLD.page, OLD.channel, OLD.team, OLD.notice, -OLD.items, -OLD.up, -OLD.down, -OLD.sad, -OLD.neutral, -OLD.happy, -OLD.moods, -OLD.mood_sum, -OLD.urgent, -OLD.comments, -OLD.answered, -OLD.solved)
  ON CONFLICT DO UPDATE SET items = items + excluded.items, up = up + excluded.up, down = down + excluded.down, sad = sad + excluded.sad, neutral = neutral + excluded.neutral, happy = happy + excluded.happy, moods = moods + excluded.moods, mood_sum = mood_sum + excluded.mood_sum, urgent = urgent + excluded.urgent, comments = comments + excluded.comments, answered = answered + excluded.answered, solved = solved + excluded.solved;
END;

-- What was stored before: summed once, the same way.
INSERT INTO page_weeks (site_id, week, page, channel, team, notice, items, up, down, sad, neutral, happy, moods, mood_sum, urgent, comments, answered, solved)
SELECT site_id, week, page, channel, team, notice, sum(items), sum(up), sum(down), sum(sad), sum(neutral), sum(happy), sum(moods), sum(mood_sum), sum(urgent), sum(comments), sum(answered), sum(solved)
FROM page_days GROUP BY site_id, week, page, channel, team, notice;
