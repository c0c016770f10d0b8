// An integrator calls the API by hand, sends every kind of bad input, and always gets problem JSON
// (RFC 9457) that says what to fix, never a 5xx, and never an item stored half-way.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { DEMO_TOKEN, startCollector } from "./harness.mjs";

let collector;
before(async () => {
  collector = await startCollector({ name: "problems" });
});
after(async () => {
  await collector?.stop();
});

let keys = 0;
const vote = (extra = {}) => ({
  site: "demo",
  page: "https://example.com/a",
  rating: "up",
  idempotency_key: `key-${process.pid}-${(keys += 1)}`,
  ...extra,
});

async function post(body, headers = { "content-type": "application/json" }) {
  const payload = typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  return fetch(`${collector.url}/v1/feedback`, { method: "POST", headers, body: payload });
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
  const { rating, ...withoutRating } = vote();
  assert.ok(rating);
  const problem = await problemOf(await post(withoutRating), 422);
  assert.deepEqual(problem.errors, [
    { field: "rating", rule: "required", message: "is required unless a comment is given" },
  ]);
});

test("a wrong method is a 405 with an Allow header", async () => {
  const response = await fetch(`${collector.url}/v1/feedback`, { method: "DELETE" });
  const problem = await problemOf(response, 405);
  assert.equal(response.headers.get("allow"), "POST");
  assert.match(problem.detail, /DELETE/);
});

test("an unknown site is a 404 that points at data-site", async () => {
  const problem = await problemOf(await post(vote({ site: "no-such-site" })), 404);
  assert.equal(problem.type, "/problems/unknown-site");
  assert.match(problem.detail, /data-site/);
});

test("a page on a foreign origin is a 403 that names the origin", async () => {
  const response = await post(vote(), { "content-type": "application/json", origin: "https://evil.example" });
  const problem = await problemOf(response, 403);
  assert.match(problem.detail, /https:\/\/evil\.example/);
  assert.equal(response.headers.get("access-control-allow-origin"), "https://evil.example", "the page can read why");
});

test("a body that is not UTF-8 is a 400", async () => {
  const bytes = Buffer.concat([Buffer.from('{"site":"demo","comment":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
  const problem = await problemOf(await post(bytes), 400);
  assert.match(problem.detail, /UTF-8/);
});

test("a text/plain body (what sendBeacon sends) is read like JSON", async () => {
  const response = await post(vote(), { "content-type": "text/plain;charset=UTF-8" });
  assert.equal(response.status, 201);
  assert.equal((await response.json()).outcome, "created");
});

test("a form post is a 415 and an oversize body a 413", async () => {
  await problemOf(await post("site=demo", { "content-type": "application/x-www-form-urlencoded" }), 415);
  await problemOf(await post(vote({ comment: "x".repeat(10_000) })), 413);
});

test("a battery of hostile bodies gets clear 4xx answers and stores nothing", async () => {
  const deep = `${"[".repeat(1000)}${"]".repeat(1000)}`; // under the size limit, past serde's depth limit
  const battery = [
    ["wrong types", vote({ site: ["demo"], rating: 1, comment: {}, reasons: "incorrect" }), 422],
    ["a huge comment", vote({ comment: "é".repeat(2001) }), 422],
    ["a huge page", vote({ page: `https://example.com/${"a".repeat(3000)}` }), 422],
    ["deeply nested JSON", deep, 400],
    ["a number", "42", 400],
    ["null bytes in a key", vote({ idempotency_key: "abc\u0000defgh" }), 422],
    ["a javascript: page", vote({ page: "javascript:alert(1)" }), 422],
    ["reasons on a thumbs up", vote({ reasons: ["incorrect"] }), 422],
    ["contact without consent", vote({ rating: "down", contact: { email: "a@b.co", consent: false } }), 422],
    ["an unknown channel", vote({ channel: "fax" }), 422],
  ];
  for (const [what, body, status] of battery) {
    const response = await post(body);
    assert.equal(response.status, status, what);
    assert.equal(response.headers.get("content-type"), "application/problem+json", what);
  }
  const rows = await collector.d1("SELECT COUNT(*) AS n FROM feedback WHERE page LIKE '%aaaa%' OR comment LIKE 'éé%'");
  assert.equal(rows[0].n, 0);
});

test("markup and formulas are stored as text and returned as data", async () => {
  const comment = `<script>alert("x")</script><img src=x onerror=alert(1)> =HYPERLINK("http://evil")`;
  const page = "https://example.com/markup";
  const response = await post(vote({ rating: "down", comment, page }), {
    "content-type": "application/json",
    "user-agent": "markup-tester",
  });
  assert.equal(response.status, 201);
  const list = await collector.api(`/v1/sites/demo/feedback?page=${encodeURIComponent(page)}`, { token: DEMO_TOKEN });
  assert.equal(list.headers.get("content-type"), "application/json");
  assert.equal(list.body.items[0].comment, comment, "the exact text comes back, as a JSON string");
  const csv = await collector.api(`/v1/sites/demo/feedback?format=csv&page=${encodeURIComponent(page)}`, { token: DEMO_TOKEN });
  assert.match(csv.headers.get("content-type"), /^text\/csv/);
  assert.ok(csv.body.includes(`"<script>alert(""x"")</script>`), "CSV quotes, never interprets");

  const formula = "=cmd|' /C calc'!A0";
  const formulaPage = "https://example.com/formula";
  await post(vote({ rating: "down", comment: formula, page: formulaPage }), { "content-type": "application/json", "user-agent": "formula-tester" });
  const exported = await collector.api(`/v1/sites/demo/feedback?format=csv&page=${encodeURIComponent(formulaPage)}`, { token: DEMO_TOKEN });
  assert.ok(exported.body.includes(`"'=cmd|' /C calc'!A0"`), `a spreadsheet sees text, not a formula: ${exported.body}`);
});

test("a browser's preflight is answered, and an exact retry stores nothing new", async () => {
  const preflight = await fetch(`${collector.url}/v1/feedback`, {
    method: "OPTIONS",
    headers: { origin: "https://docs.acme.example", "access-control-request-method": "POST" },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get("access-control-allow-origin"), "https://docs.acme.example");
  assert.match(preflight.headers.get("access-control-allow-headers"), /content-type/);

  const body = vote({ idempotency_key: "retry-key-1" });
  const first = await (await post(body)).json();
  const again = await post(body);
  assert.equal(again.status, 200);
  assert.deepEqual(await again.json(), { id: first.id, outcome: "duplicate" });
  const rows = await collector.d1("SELECT COUNT(*) AS n FROM feedback WHERE idempotency_key = 'retry-key-1'");
  assert.equal(rows[0].n, 1);
});

// The limiter counts in fixed windows on the minute (miniflare's, like Cloudflare's), so a flood that
// straddles a minute starts counting again: one seen in CI got 25 answers of 201 that way.
const MINUTE = 60_000;
const windowOf = (ms) => Math.floor(ms / MINUTE);

test("a visitor who floods the collector is told when to come back", async () => {
  const left = MINUTE - (Date.now() % MINUTE);
  if (left < 10_000) await new Promise((resolve) => setTimeout(resolve, left + 100));
  const headers = { "content-type": "application/json", "user-agent": "flooding-bot/1.0" };
  const statuses = [];
  let limited;
  const started = Date.now();
  // 41 posts reach the limit even if one minute ends mid-flood (20 in each window, then a 429).
  for (let i = 0; i < 41 && !limited; i += 1) {
    const response = await post(vote({ page: `https://example.com/flood/${i}` }), headers);
    statuses.push(response.status);
    if (response.status === 429) limited = response;
  }
  const oneWindow = windowOf(started) === windowOf(Date.now());
  assert.ok(limited, `no 429 after ${statuses.length} submissions: ${statuses}`);
  assert.equal(limited.headers.get("retry-after"), "60");
  assert.equal((await limited.json()).type, "/problems/rate-limited");
  const accepted = statuses.slice(0, -1);
  assert.deepEqual(accepted, Array(accepted.length).fill(201), "every post before the 429 is accepted");
  // Across a minute's end the 429's own window still let exactly 20 through; the minute may also have
  // ended just after the 429, before the clock was read here.
  if (oneWindow) assert.equal(accepted.length, 20, "the first 20 a minute are fine, the 21st is not");
  else assert.ok(accepted.length >= 20, `a new minute began mid-flood, yet only ${accepted.length} were accepted`);
});
