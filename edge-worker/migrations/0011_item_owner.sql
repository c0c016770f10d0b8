-- One person stays responsible for a case (issue 20): an item's owner, an opaque name or address the
-- organisation chooses, and every hand-over in the item's history next to its status changes.
ALTER TABLE feedback ADD COLUMN owner TEXT CHECK (length(owner) BETWEEN 1 AND 120);
ALTER TABLE item_history ADD COLUMN owner_changed INTEGER NOT NULL DEFAULT 0 CHECK (owner_changed IN (0, 1));
ALTER TABLE item_history ADD COLUMN owner_from TEXT;
ALTER TABLE item_history ADD COLUMN owner_to TEXT;
-- The inbox lists one owner's (or nobody's) urgent items per status.
CREATE INDEX feedback_urgent_by_owner ON feedback (site_id, owner, status, created_at) WHERE urgent IS NOT NULL;
