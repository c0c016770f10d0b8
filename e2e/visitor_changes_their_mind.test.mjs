// A visitor votes, changes their mind, adds a comment; a flaky network retries one request many times
// at once. Each visitor's page keeps one item; each idempotency key counts once.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startCollector } from "./harness.mjs";

let collector;
before(async () => {
  collector = await startCollector({ name: "dedupe" });
});
after(async () => {
  await collector?.stop();
});

const submit = (body, userAgent) =>
  collector.api("/v1/feedback", { method: "POST", body: { site: "demo", ...body }, headers: { "user-agent": userAgent } });

test("one visitor's vote, change of mind and late comment are one item", async () => {
  const page = "https://docs.acme.example/pricing";
  const first = await submit({ page, rating: "up", idempotency_key: "mind-0001" }, "Visitor A");
  assert.deepEqual([first.status, first.body.outcome], [201, "created"]);

  const changed = await submit({ page, rating: "down", reasons: ["incorrect"], idempotency_key: "mind-0002" }, "Visitor A");
  assert.deepEqual([changed.status, changed.body], [200, { id: first.body.id, outcome: "updated" }]);

  const comment = await submit({ page, comment: "The price table is out of date", idempotency_key: "mind-0003" }, "Visitor A");
  assert.equal(comment.body.id, first.body.id);

  const rows = await collector.d1(`SELECT rating, reasons, comment FROM feedback WHERE page = '${page}'`);
  assert.deepEqual(rows, [{ rating: "down", reasons: '["incorrect"]', comment: "The price table is out of date" }]);

  const other = await submit({ page, rating: "up", idempotency_key: "mind-0004" }, "Visitor B");
  assert.equal(other.body.outcome, "created", "another browser is another visitor");
  const count = await collector.d1(`SELECT COUNT(*) AS n FROM feedback WHERE page = '${page}'`);
  assert.equal(count[0].n, 2);
});

test("twenty parallel retries of one request store one row and answer one id", async () => {
  const body = { page: "https://docs.acme.example/flaky", rating: "sad", idempotency_key: "flaky-network-1" };
  const answers = await Promise.all(Array.from({ length: 20 }, () => submit(body, "Flaky phone")));
  const ids = new Set(answers.map((a) => a.body.id));
  assert.equal(ids.size, 1, "every retry answers the same id");
  assert.deepEqual(answers.map((a) => a.status).sort(), [...Array(19).fill(200), 201].sort());
  const rows = await collector.d1("SELECT COUNT(*) AS n FROM feedback WHERE idempotency_key = 'flaky-network-1'");
  assert.equal(rows[0].n, 1);
});

test("parallel first votes of different visitors on one page are all kept", async () => {
  const page = "https://docs.acme.example/popular";
  const answers = await Promise.all(
    Array.from({ length: 10 }, (_, i) => submit({ page, rating: "up", idempotency_key: `popular-${i}-0000` }, `Reader ${i}`)),
  );
  assert.ok(answers.every((a) => a.status === 201));
  const rows = await collector.d1(`SELECT COUNT(*) AS n FROM feedback WHERE page = '${page}'`);
  assert.equal(rows[0].n, 10);
});

test("no address or user agent is stored, only the day's anonymous visitor id", async () => {
  const rows = await collector.d1("SELECT * FROM feedback LIMIT 1");
  const stored = JSON.stringify(rows);
  assert.ok(!stored.includes("Visitor A") && !stored.includes("127.0.0.1"), stored);
  assert.match(rows[0].visitor, /^[0-9a-f]{32}$/);
});
