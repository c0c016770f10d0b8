-- A site's clock (issue 20): its days are the digest's days, and the digest goes out when that clock
-- passes digest_time. feedback-core checks both names before they are stored.
ALTER TABLE sites ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC' CHECK (length(time_zone) BETWEEN 1 AND 64);
ALTER TABLE sites ADD COLUMN digest_time TEXT NOT NULL DEFAULT '07:30'
  CHECK (digest_time GLOB '[0-2][0-9]:[0-5][0-9]');
