-- Closing the loop (issues 6 and 7): where each item stands with the site's team, and how it got there.

ALTER TABLE feedback ADD COLUMN status TEXT NOT NULL DEFAULT 'new'
  CHECK (status IN ('new', 'acknowledged', 'resolved', 'dismissed'));
-- The customer's answer to "did this solve it?" once asked; NULL until they answer.
ALTER TABLE feedback ADD COLUMN customer_answer TEXT CHECK (customer_answer IN ('solved', 'not_solved'));

-- Every status change or note, oldest first; deleted with its item.
CREATE TABLE item_history (
  seq INTEGER PRIMARY KEY,
  item_id TEXT NOT NULL REFERENCES feedback (id) ON DELETE CASCADE,
  site_id TEXT NOT NULL,
  at TEXT NOT NULL,
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  note TEXT CHECK (length(note) <= 4000),
  actor TEXT NOT NULL CHECK (actor IN ('api', 'dashboard', 'customer'))
) STRICT;
CREATE INDEX item_history_by_item ON item_history (item_id, seq);

-- The dashboard's urgent inbox lists urgent items per status, newest first.
CREATE INDEX feedback_urgent_by_status ON feedback (site_id, status, created_at) WHERE urgent IS NOT NULL;

-- Transparency, opt-in per site: when 1, anyone may read a page's vote count and helpful share.
ALTER TABLE sites ADD COLUMN public_results INTEGER NOT NULL DEFAULT 0 CHECK (public_results IN (0, 1));
