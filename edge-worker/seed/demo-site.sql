-- The demo site that scripts/demo and the tests use; safe to apply twice.
-- Its read token is "demo-read-token" (stored as its SHA-256 below): for the demo only.
-- Pages on any loopback port may send feedback for it.
INSERT INTO sites (id, name, allowed_origins, read_token_hash)
VALUES (
  'demo',
  'Demo site',
  '["http://127.0.0.1:*", "http://localhost:*"]',
  'd2771ba6a5ce166531a002e101dc6f4259fe1926281ac28f9bdaedf21e381866'
)
ON CONFLICT (id) DO NOTHING;
