-- The demo site that `scripts/demo` and the tests use; safe to apply twice.
INSERT INTO sites (id, name) VALUES ('demo', 'Demo site') ON CONFLICT (id) DO NOTHING;
