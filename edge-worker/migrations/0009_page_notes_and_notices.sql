-- Telling visitors what happened (issue 21): notes on what changed after feedback and known-issue
-- notices, on the page itself. A row is never edited but to take it down: publishing again adds a
-- row, so the table is its own history.
CREATE TABLE page_notes (
  id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  page TEXT NOT NULL CHECK (length(page) BETWEEN 1 AND 2048),
  kind TEXT NOT NULL CHECK (kind IN ('note', 'notice')),
  lang TEXT NOT NULL CHECK (lang IN ('en', 'nl', 'de', 'fr', 'es', 'ar')),
  -- Plain text; feedback-core refuses markup and more than 280 characters before it gets here.
  text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 280),
  -- Unix milliseconds.
  published_at INTEGER NOT NULL,
  expires_at INTEGER CHECK ((kind = 'notice') = (expires_at IS NOT NULL)),
  unpublished_at INTEGER,
  author TEXT NOT NULL CHECK (author IN ('api', 'dashboard'))
) STRICT;
-- The public call reads a page's live notes; the dashboard its history.
CREATE INDEX page_notes_by_page ON page_notes (site_id, page, published_at);

-- The notice an answer was given under (its id), NULL for the rest: counted apart.
ALTER TABLE feedback ADD COLUMN notice_id TEXT;
CREATE INDEX feedback_under_notice ON feedback (site_id, notice_id) WHERE notice_id IS NOT NULL;

-- Whether visitors see the site's notes and notices, and the language the site writes in.
ALTER TABLE sites ADD COLUMN public_notes INTEGER NOT NULL DEFAULT 0 CHECK (public_notes IN (0, 1));
ALTER TABLE sites ADD COLUMN language TEXT NOT NULL DEFAULT 'en'
  CHECK (language IN ('en', 'nl', 'de', 'fr', 'es', 'ar'));
