// An operator registers a customer's site with the admin token, limits which pages may send feedback,
// and rotates a leaked read token.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ADMIN_TOKEN, startCollector } from "./harness.mjs";

let collector;
before(async () => {
  collector = await startCollector({ name: "operator" });
});
after(async () => {
  await collector?.stop();
});

const register = (body, token = ADMIN_TOKEN) => collector.api("/v1/admin/sites", { method: "POST", token, body });
const submitFrom = (origin, key) =>
  collector.api("/v1/feedback", {
    method: "POST",
    headers: { origin, "user-agent": `page at ${origin}` },
    body: { site: "acme-docs", page: "https://docs.acme.com/start", rating: "up", idempotency_key: key },
  });

test("the admin API needs the admin token", async () => {
  const body = { id: "sneaky", name: "Sneaky", allowed_origins: ["*"] };
  assert.equal((await register(body, null)).status, 401);
  assert.equal((await register(body, "guess")).status, 401);
  assert.equal((await collector.api("/v1/admin/sites/demo", { token: "demo-read-token" })).status, 401);
});

test("a registered site gets its read token once and only its origins may send", async () => {
  const created = await register({ id: "acme-docs", name: "Acme Docs", allowed_origins: ["https://docs.acme.com", "https://*.acme.dev"] });
  assert.equal(created.status, 201);
  assert.match(created.body.read_token, /^fbr_[A-Za-z0-9_-]{32}$/);
  const shown = await collector.api("/v1/admin/sites/acme-docs", { token: ADMIN_TOKEN });
  assert.equal(shown.body.read_token, undefined, "the token is never shown again");
  assert.deepEqual(shown.body.allowed_origins, ["https://docs.acme.com", "https://*.acme.dev"]);

  assert.equal((await register({ id: "acme-docs", name: "Again", allowed_origins: [] })).status, 409);
  const invalid = await register({ id: "Acme Docs!", name: "", allowed_origins: ["docs.acme.com/"] });
  assert.equal(invalid.status, 422);
  assert.deepEqual(invalid.body.errors.map((e) => e.field), ["id", "name", "allowed_origins"]);

  assert.equal((await submitFrom("https://docs.acme.com", "origin-key-1")).status, 201);
  assert.equal((await submitFrom("https://preview.acme.dev", "origin-key-2")).status, 201);
  assert.equal((await submitFrom("https://evil.example", "origin-key-3")).status, 403);
  const pages = await collector.api("/v1/sites/acme-docs/pages", { token: created.body.read_token });
  assert.equal(pages.body.pages[0].votes, 2);
});

test("allowed origins and the read token can be changed", async () => {
  const changed = await collector.api("/v1/admin/sites/acme-docs", {
    method: "PATCH",
    token: ADMIN_TOKEN,
    body: { allowed_origins: ["https://evil.example"], rotate_read_token: true },
  });
  assert.equal(changed.status, 200);
  const fresh = changed.body.read_token;
  assert.match(fresh, /^fbr_/);
  // The collector caches a site's origins for up to 30 s; this isolate forgot them on the change.
  assert.equal((await submitFrom("https://evil.example", "origin-key-4")).status, 201);
  assert.equal((await submitFrom("https://docs.acme.com", "origin-key-5")).status, 403);
  assert.equal((await collector.api("/v1/sites/acme-docs/pages", { token: fresh })).status, 200);

  const missing = await collector.api("/v1/admin/sites/nope", { method: "PATCH", token: ADMIN_TOKEN, body: { name: "x" } });
  assert.equal(missing.status, 404);
  const renamed = await collector.api("/v1/admin/sites/acme-docs", { method: "PATCH", token: ADMIN_TOKEN, body: { id: "other" } });
  assert.equal(renamed.status, 422);
});

test("the OpenAPI description is served", async () => {
  const { status, body } = await collector.api("/v1/openapi.json");
  assert.equal(status, 200);
  assert.equal(body.openapi, "3.1.0");
  assert.ok(body.paths["/v1/feedback"].post);
});
