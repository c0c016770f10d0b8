// An operator's database fails in the middle of storing an urgent answer: the item is written but
// its webhook deliveries are not (a test-only switch, TEST_FAIL_DELIVERY_WRITE = "once", makes the
// first such write fail). The visitor's widget retries; the integrator still receives exactly one
// verified feedback.urgent, and the site holds exactly one item. The same on the queued path. And a
// panic inside the worker (TEST_PANIC_ON_COMMENT) costs only the answer that caused it.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { ADMIN_TOKEN, eventually, launchBrowser, queuedConfig, startCollector, startReceiver } from "./harness.mjs";

const running = [];
after(async () => {
  for (const stop of running.reverse()) await stop();
});

/** A collector whose first write with deliveries fails, a receiver registered for the demo site. */
async function brokenOnce(name, options = {}) {
  const collector = await startCollector({ name, vars: { TEST_FAIL_DELIVERY_WRITE: "once" }, ...options });
  running.push(() => collector.stop());
  const receiver = await startReceiver();
  running.push(() => receiver.stop());
  const created = await collector.api("/v1/admin/sites/demo/endpoints", {
    token: ADMIN_TOKEN, method: "POST", body: { url: `${receiver.url}/hooks` },
  });
  assert.equal(created.status, 201);
  await receiver.control({ secret: created.body.secret });
  return { collector, receiver };
}

/** Waits for the first event, then a while longer to be sure no second one follows. */
async function exactlyOneEvent(receiver) {
  await eventually(async () => (await receiver.received()).length > 0, { ms: 60_000, what: "the urgent webhook" });
  await new Promise((resolve) => setTimeout(resolve, 3000));
  return receiver.received();
}

test("a visitor's urgent answer whose deliveries failed to write reaches the integrator once after the widget's retry", async () => {
  const { collector, receiver } = await brokenOnce("write-fails-halfway");
  const browser = await launchBrowser();
  running.push(() => browser.close());
  const page = await browser.newPage();
  const answers = [];
  page.on("response", (r) => r.url().endsWith("/v1/feedback") && answers.push(r.status()));
  await page.goto(`${collector.url}/modes.html`);
  // "No" alone is already a write with deliveries (the page's burst check), so it is the one that
  // fails; the widget keeps it and sends it again, then the comment that makes the item urgent.
  const thumbs = page.locator('[data-page="/modes/thumbs"]');
  await thumbs.getByRole("button", { name: "No", exact: true }).click();
  await thumbs.getByLabel("How can we improve this page? (optional)").fill("You charged me twice. I want a refund, this is a scam!");
  await thumbs.getByRole("button", { name: "Send" }).click();

  const events = await exactlyOneEvent(receiver);
  assert.equal(events.length, 1, "exactly one event for the item");
  const [event] = events;
  assert.equal(event.verified, true, event.error);
  assert.equal(event.body.type, "feedback.urgent");
  assert.match(event.body.data.comment, /refund/);
  assert.equal(answers[0], 500, "the first write failed as a whole");
  const rows = await collector.d1("SELECT id, rating, comment FROM feedback WHERE page LIKE '%/modes/thumbs'");
  assert.equal(rows.length, 1);
  assert.equal(event.body.data.id, rows[0].id);
  assert.equal(rows[0].rating, "down");
  const deliveries = await collector.d1("SELECT event_id, status FROM deliveries");
  assert.deepEqual(deliveries, [{ event_id: event.id, status: "delivered" }]);
});

test("on the queued path, a batch whose deliveries failed to write is retried and sends one event", async () => {
  const { collector, receiver } = await brokenOnce("queued-write-fails-halfway", { config: queuedConfig() });
  const sent = await fetch(`${collector.url}/v1/feedback`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      site: "demo", page: "https://docs.acme.example/billing", rating: "down",
      comment: "Charged twice, refund please", idempotency_key: "queued-halfway-1",
    }),
  });
  assert.equal(sent.status, 202);
  const events = await exactlyOneEvent(receiver);
  assert.equal(events.length, 1);
  assert.equal(events[0].verified, true, events[0].error);
  assert.equal(events[0].body.data.comment, "Charged twice, refund please");
  const rows = await collector.d1("SELECT id FROM feedback WHERE idempotency_key = 'queued-halfway-1'");
  assert.equal(rows.length, 1);
  assert.equal(events[0].body.data.id, rows[0].id);
});

test("a panic in the collector fails only the answer that caused it, and the next answers are stored at once", async () => {
  // TEST_PANIC_ON_COMMENT makes a submission with exactly this comment panic inside the worker.
  const collector = await startCollector({ name: "panic-recovers", vars: { TEST_PANIC_ON_COMMENT: "panic on purpose" } });
  running.push(() => collector.stop());
  const send = (i, comment) => collector.api("/v1/feedback", {
    method: "POST",
    headers: { "user-agent": `panic-story-${i}` },
    body: { site: "demo", page: `https://docs.example.com/panic/${i}`, rating: "down", comment, idempotency_key: `panic-story-${i}-key` },
  });
  assert.equal((await send(0, "Before the panic")).status, 201);
  const failed = await send(1, "panic on purpose");
  assert.ok(failed.status >= 500, `the panicking answer was answered ${failed.status}`);
  for (let i = 2; i < 6; i++) {
    const stored = await send(i, i % 2 ? "After the panic" : undefined);
    assert.equal(stored.status, 201, `answer ${i} after the panic: ${JSON.stringify(stored.body)}`);
  }
  const rows = await collector.d1("SELECT idempotency_key AS key FROM feedback WHERE page LIKE 'https://docs.example.com/panic/%' ORDER BY key");
  assert.deepEqual(rows.map((r) => r.key), [0, 2, 3, 4, 5].map((i) => `panic-story-${i}-key`));
});
