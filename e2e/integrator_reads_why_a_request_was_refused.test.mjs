// An integrator calls the API by hand and gets problem JSON (RFC 9457) that says what to fix.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startCollector } from "./harness.mjs";

let collector;
before(async () => {
  collector = await startCollector({ name: "problems" });
});
after(async () => {
  await collector?.stop();
});

const vote = { site: "demo", page: "https://example.com/a", rating: "up", idempotency_key: "key-0000001" };

async function post(body, headers = { "content-type": "application/json" }) {
  return fetch(`${collector.url}/v1/feedback`, { method: "POST", headers, body });
}

async function problemOf(response, status) {
  assert.equal(response.status, status);
  assert.equal(response.headers.get("content-type"), "application/problem+json");
  const problem = await response.json();
  assert.equal(problem.status, status);
  assert.match(problem.type, /^\/problems\/[a-z-]+$/);
  assert.ok(problem.title && problem.detail, "a title and a detail");
  return problem;
}

test("a body that is not JSON is a 400 that says where parsing stopped", async () => {
  const problem = await problemOf(await post('{"site": "demo",'), 400);
  assert.equal(problem.type, "/problems/malformed-body");
  assert.match(problem.detail, /line 1 column/);
});

test("a missing field is a 422 naming the field and the rule", async () => {
  const { rating, ...withoutRating } = vote;
  assert.ok(rating);
  const problem = await problemOf(await post(JSON.stringify(withoutRating)), 422);
  assert.deepEqual(problem.errors, [
    { field: "rating", rule: "required", message: "is required unless a comment is given" },
  ]);
});

test("a wrong value is a 422 listing what is allowed", async () => {
  const problem = await problemOf(await post(JSON.stringify({ ...vote, rating: 5 })), 422);
  assert.deepEqual(problem.errors.map((e) => [e.field, e.rule]), [["rating", "type"]]);
});

test("a wrong method is a 405 with an Allow header", async () => {
  const response = await fetch(`${collector.url}/v1/feedback`, { method: "DELETE" });
  const problem = await problemOf(response, 405);
  assert.equal(response.headers.get("allow"), "POST");
  assert.match(problem.detail, /DELETE/);
});

test("an unknown site is a 404 that points at data-site", async () => {
  const problem = await problemOf(await post(JSON.stringify({ ...vote, site: "no-such-site" })), 404);
  assert.equal(problem.type, "/problems/unknown-site");
  assert.match(problem.detail, /data-site/);
});

test("a body that is not UTF-8 is a 400", async () => {
  const bytes = Buffer.concat([Buffer.from('{"site":"demo","comment":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
  const problem = await problemOf(await post(bytes), 400);
  assert.match(problem.detail, /UTF-8/);
});

test("a text/plain body (what sendBeacon sends) is read like JSON", async () => {
  const body = JSON.stringify({ ...vote, idempotency_key: "plain-text-1" });
  const response = await post(body, { "content-type": "text/plain;charset=UTF-8" });
  assert.equal(response.status, 201);
  assert.ok((await response.json()).id);
});

test("a form post is a 415 and an oversize body a 413", async () => {
  await problemOf(await post("site=demo", { "content-type": "application/x-www-form-urlencoded" }), 415);
  const huge = JSON.stringify({ ...vote, comment: "x".repeat(10_000) });
  await problemOf(await post(huge), 413);
});

test("a browser's preflight is answered, and an exact retry stores nothing new", async () => {
  const preflight = await fetch(`${collector.url}/v1/feedback`, {
    method: "OPTIONS",
    headers: { origin: "https://docs.acme.example", "access-control-request-method": "POST" },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get("access-control-allow-origin"), "https://docs.acme.example");
  assert.match(preflight.headers.get("access-control-allow-headers"), /content-type/);

  const body = JSON.stringify({ ...vote, idempotency_key: "retry-key-1" });
  const first = await post(body);
  const again = await post(body);
  assert.deepEqual([first.status, again.status], [201, 200]);
  assert.deepEqual(await again.json(), await first.json());
  const rows = await collector.d1("SELECT COUNT(*) AS n FROM feedback WHERE idempotency_key = 'retry-key-1'");
  assert.equal(rows[0].n, 1);
});
