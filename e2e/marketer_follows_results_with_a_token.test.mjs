// A marketer opens the site's results with its read token: per-page ranking, a page's summary, the
// item list page by page, and exports. Without the right token, nothing.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ADMIN_TOKEN, DEMO_TOKEN, startCollector } from "./harness.mjs";

let collector;
let otherToken;
const today = new Date().toISOString().slice(0, 10);
before(async () => {
  collector = await startCollector({ name: "marketer" });
  const created = await collector.api("/v1/admin/sites", {
    method: "POST",
    token: ADMIN_TOKEN,
    body: { id: "other-shop", name: "Other shop", allowed_origins: ["https://shop.example"] },
  });
  assert.equal(created.status, 201);
  otherToken = created.body.read_token;

  // 40 readers on the guide (36 helpful), 3 on the FAQ (all helpful), one spam item, one kiosk vote.
  const send = (page, rating, i, extra = {}) =>
    collector.api("/v1/feedback", {
      method: "POST",
      headers: { "user-agent": `reader-${page}-${i}` },
      body: { site: "demo", page, rating, idempotency_key: `seed-${page.length}-${i}-key`, ...extra },
    });
  const guide = "https://docs.acme.example/guide";
  const faq = "https://docs.acme.example/faq";
  for (let i = 0; i < 40; i += 1) {
    const extra = i >= 36 ? { reasons: i % 2 ? ["incorrect"] : ["incorrect", "missing_information"], comment: `Problem ${i}` } : {};
    const answer = await send(guide, i < 36 ? "up" : "down", i, extra);
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
  }
  for (let i = 0; i < 3; i += 1) await send(faq, "up", i);
  await send(faq, "down", 99, { comment: "buy now https://a.test https://b.test https://c.test" });
  await send(guide, "happy", 100, { channel: "kiosk" });
});
after(async () => {
  await collector?.stop();
});

test("without the right token the results stay closed", async () => {
  const path = "/v1/sites/demo/pages";
  const missing = await collector.api(path);
  assert.equal(missing.status, 401);
  assert.equal(missing.headers.get("www-authenticate"), "Bearer");
  assert.equal((await collector.api(path, { token: "fbr_wrong" })).status, 401);
  assert.equal((await collector.api(path, { token: otherToken })).status, 401, "another site's token");
  assert.equal((await collector.api(path, { headers: { authorization: `Basic ${DEMO_TOKEN}` } })).status, 401);
  assert.equal((await collector.api("/v1/sites/other-shop/pages", { token: otherToken })).status, 200);
  assert.equal((await collector.api("/v1/sites/nope/pages", { token: DEMO_TOKEN })).status, 404);
});

test("pages are ranked so three votes do not outrank forty, spam left out", async () => {
  const { status, body } = await collector.api("/v1/sites/demo/pages", { token: DEMO_TOKEN });
  assert.equal(status, 200);
  const [first, second] = body.pages;
  assert.equal(first.page, "https://docs.acme.example/guide");
  assert.deepEqual([first.positive, first.negative, first.votes], [37, 4, 41]);
  assert.deepEqual([second.page, second.positive, second.negative], ["https://docs.acme.example/faq", 3, 0]);
  assert.ok(second.helpful_share > first.helpful_share && second.wilson_lower_bound < first.wilson_lower_bound);
  const kiosk = await collector.api("/v1/sites/demo/pages?channel=kiosk", { token: DEMO_TOKEN });
  assert.deepEqual(kiosk.body.pages.map((p) => [p.page, p.votes]), [["https://docs.acme.example/guide", 1]]);
});

test("a page's summary holds its reasons, daily series and latest comments", async () => {
  const page = encodeURIComponent("https://docs.acme.example/guide/");
  const { body } = await collector.api(`/v1/sites/demo/summary?page=${page}&from=${today}&to=${today}`, { token: DEMO_TOKEN });
  assert.equal(body.page, "https://docs.acme.example/guide");
  assert.deepEqual(body.reasons, [
    { reason: "incorrect", count: 4 },
    { reason: "missing_information", count: 2 },
  ]);
  assert.deepEqual(body.daily, [{ day: today, positive: 37, negative: 4, neutral: 0 }]);
  assert.equal(body.latest_comments.length, 4);
  const site = await collector.api("/v1/sites/demo/summary", { token: DEMO_TOKEN });
  assert.equal(site.body.daily.length, 30);
  assert.equal(site.body.totals.votes, 44);
  const bad = await collector.api("/v1/sites/demo/summary?from=2026-13-01&colour=red", { token: DEMO_TOKEN });
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.body.errors.map((e) => e.field), ["from", "colour"]);
});

test("items come page by page with a stable cursor, spam on request", async () => {
  const seen = [];
  let path = "/v1/sites/demo/feedback?limit=15";
  for (let pages = 0; pages < 10 && path; pages += 1) {
    const { body, headers } = await collector.api(path, { token: DEMO_TOKEN });
    seen.push(...body.items.map((item) => item.id));
    path = body.next_cursor ? `/v1/sites/demo/feedback?limit=15&cursor=${body.next_cursor}` : null;
    if (path) assert.match(headers.get("link"), /rel="next"/);
  }
  assert.equal(seen.length, 44);
  assert.equal(new Set(seen).size, 44, "no item twice across pages");
  const spam = await collector.api("/v1/sites/demo/feedback?spam=only", { token: DEMO_TOKEN });
  assert.deepEqual(spam.body.items.map((item) => item.spam), ["link_stuffing"]);
});

test("exports come as CSV and JSON lines with every matching row", async () => {
  const csv = await collector.api("/v1/sites/demo/feedback?format=csv&rating=down&limit=10000", { token: DEMO_TOKEN });
  assert.match(csv.headers.get("content-disposition"), /feedback-demo\.csv/);
  const lines = csv.body.trim().split("\r\n");
  assert.equal(lines[0], "id,created_at,updated_at,page,title,channel,rating,reasons,comment,contact_email,locale,spam,mood,urgent,status,under_notice,owner,team");
  assert.equal(lines.length, 1 + 4);
  assert.ok(lines.slice(1).every((line) => line.includes('"down"') && line.includes('"https://docs.acme.example/guide"')));
  const jsonl = await collector.api("/v1/sites/demo/feedback?format=jsonl", { token: DEMO_TOKEN });
  const items = jsonl.body.trim().split("\n").map((line) => JSON.parse(line));
  assert.equal(items.length, 44);
});

test("an item moves from new to resolved with notes, and its history keeps every step", async () => {
  const { body } = await collector.api("/v1/sites/demo/feedback?rating=down&limit=1", { token: DEMO_TOKEN });
  const id = body.items[0].id;
  assert.equal(body.items[0].status, "new");
  const path = `/v1/sites/demo/feedback/${id}`;

  const acknowledged = await collector.api(path, { method: "PATCH", token: DEMO_TOKEN, body: { status: "acknowledged", note: "Looking into it" } });
  assert.equal(acknowledged.status, 200, JSON.stringify(acknowledged.body));
  const same = await collector.api(path, { method: "PATCH", token: DEMO_TOKEN, body: { status: "acknowledged" } });
  assert.equal(same.body.history.length, 1, "the same status without a note leaves no trace");
  const resolved = await collector.api(path, { method: "PATCH", token: DEMO_TOKEN, body: { status: "resolved", note: "Fixed step 3 <b>today</b>" } });
  assert.equal(resolved.body.status, "resolved");
  assert.deepEqual(
    resolved.body.history.map((h) => [h.from, h.to, h.note, h.by]),
    [["new", "acknowledged", "Looking into it", "api"], ["acknowledged", "resolved", "Fixed step 3 <b>today</b>", "api"]],
  );
  const shown = await collector.api(path, { token: DEMO_TOKEN });
  assert.deepEqual(shown.body.history, resolved.body.history);
  const csv = await collector.api(`/v1/sites/demo/feedback?format=csv&limit=10000`, { token: DEMO_TOKEN });
  assert.ok(csv.body.split("\r\n").some((line) => line.startsWith(`"${id}"`) && line.endsWith('"resolved","","",""')));

  const wrong = await collector.api(path, { method: "PATCH", token: DEMO_TOKEN, body: { status: "done", note: "x".repeat(1001) } });
  assert.equal(wrong.status, 422);
  assert.equal(wrong.headers.get("content-type"), "application/problem+json");
  assert.deepEqual(wrong.body.errors.map((e) => [e.field, e.rule]), [["status", "one_of"], ["note", "max_length"]]);
  assert.equal((await collector.api(path, { method: "PATCH", token: DEMO_TOKEN, body: "status=resolved" })).status, 422);
  assert.equal((await collector.api(`/v1/sites/demo/feedback/nope`, { method: "PATCH", token: DEMO_TOKEN, body: { status: "new" } })).status, 404);
  assert.equal((await collector.api(path, { method: "PATCH", token: otherToken, body: { status: "new" } })).status, 401);
  assert.equal((await collector.api(`/v1/sites/other-shop/feedback/${id}`, { token: otherToken })).status, 404, "not another site's item");
});
