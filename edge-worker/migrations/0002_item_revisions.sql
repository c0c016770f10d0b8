-- A visitor who changes an answer sends the same idempotency key with a higher revision: the stored
-- item follows the newest revision, and a late retry of an older one changes nothing.
ALTER TABLE feedback ADD COLUMN revision INTEGER NOT NULL DEFAULT 0 CHECK (revision >= 0);
