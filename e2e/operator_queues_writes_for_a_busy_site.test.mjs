// An operator with a busy site switches on queued writes (README, "Queued writes"): the collector
// answers 202 as soon as a valid item is on the INGEST queue and a consumer writes them in D1
// batches. Visitors notice nothing; retries still count once; urgent items still reach the receiver.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ADMIN_TOKEN, eventually, launchBrowser, queuedConfig, startCollector, startReceiver } from "./harness.mjs";

let collector;
let receiver;
let browser;
before(async () => {
  collector = await startCollector({ name: "queued-writes", config: queuedConfig() });
  receiver = await startReceiver();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await receiver?.stop();
  await collector?.stop();
});

const post = (body) =>
  fetch(`${collector.url}/v1/feedback`, {
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": "queued-story" },
    body: JSON.stringify({ site: "demo", ...body }),
  });

test("a visitor's vote is thanked at once and lands in D1 through the queue", async () => {
  const page = await browser.newPage();
  const answers = [];
  page.on("response", (r) => r.url().endsWith("/v1/feedback") && answers.push(r.status()));
  await page.goto(`${collector.url}/modes.html`);
  const thumbs = page.locator('[data-page="/modes/thumbs"]');
  await thumbs.getByRole("button", { name: "Yes", exact: true }).click();
  await thumbs.getByRole("status").filter({ hasText: "Thank you for your feedback!" }).waitFor();

  const [row] = await eventually(async () => {
    const rows = await collector.d1("SELECT rating, channel FROM feedback WHERE page LIKE '%/modes/thumbs'");
    return rows.length > 0 && rows;
  }, { what: "the queued vote written" });
  assert.deepEqual(row, { rating: "up", channel: "web" });
  assert.deepEqual(answers, [202]);
  // The widget took 202 as delivered: nothing is left in its outbox to send again.
  await eventually(async () => (await page.evaluate(() => localStorage.getItem("feedback-widget:outbox:v1"))) === "{}", {
    what: "the outbox emptied",
  });
  await page.close();
});

test("five concurrent retries of one urgent item store one row and send one verified webhook", async () => {
  const created = await collector.api("/v1/admin/sites/demo/endpoints", { token: ADMIN_TOKEN, method: "POST", body: { url: `${receiver.url}/hooks` } });
  assert.equal(created.status, 201);
  await receiver.control({ secret: created.body.secret });

  const item = {
    page: "https://docs.acme.example/billing",
    rating: "down",
    comment: "Charged twice. I want a refund now.",
    idempotency_key: "queued-refund-key-1",
  };
  const responses = await Promise.all(Array.from({ length: 5 }, () => post(item)));
  for (const response of responses) {
    assert.equal(response.status, 202);
    assert.deepEqual(await response.json(), { outcome: "queued", idempotency_key: item.idempotency_key });
  }

  const [event] = await eventually(async () => {
    const all = await receiver.received();
    return all.length > 0 && all;
  }, { what: "the urgent webhook" });
  assert.equal(event.verified, true, event.error);
  assert.equal(event.body.type, "feedback.urgent");
  assert.equal(event.body.data.comment, item.comment);
  await new Promise((resolve) => setTimeout(resolve, 2500));
  assert.equal((await receiver.received()).length, 1, "one webhook for five sends");
  const rows = await collector.d1("SELECT rating, urgent FROM feedback WHERE page = 'https://docs.acme.example/billing'");
  assert.equal(rows.length, 1);
  assert.match(rows[0].urgent, /refund/);
});

test("a bad item is still refused at once, with a problem, and never queued", async () => {
  const response = await post({ page: "not a url", rating: "up", idempotency_key: "queued-bad-key-1" });
  assert.equal(response.status, 422);
  assert.equal(response.headers.get("content-type"), "application/problem+json");
  assert.deepEqual((await response.json()).errors.map((e) => e.field), ["page"]);
  const unknown = await fetch(`${collector.url}/v1/feedback`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ site: "nope", page: "https://x.example/", rating: "up", idempotency_key: "queued-bad-key-2" }),
  });
  assert.equal(unknown.status, 404);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.deepEqual(await collector.d1("SELECT id FROM feedback WHERE idempotency_key LIKE 'queued-bad-%'"), []);
});
