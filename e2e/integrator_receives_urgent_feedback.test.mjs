// An integrator registers a webhook endpoint. A visitor writes an angry comment asking for a refund;
// the integrator's receiver gets `feedback.urgent` within seconds, signed so that the official
// Standard Webhooks library verifies it. When the receiver fails, nothing is lost.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ADMIN_TOKEN, eventually, launchBrowser, startCollector, startReceiver } from "./harness.mjs";

let collector;
let receiver;
let browser;
before(async () => {
  // Retries in seconds instead of minutes, and a dead letter after 4 attempts, so the story is short.
  collector = await startCollector({
    name: "webhooks",
    vars: { WEBHOOK_RETRY_UNIT_SECONDS: "1", WEBHOOK_MAX_ATTEMPTS: "4" },
  });
  receiver = await startReceiver();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await receiver?.stop();
  await collector?.stop();
});

const admin = (path, init = {}) =>
  collector.api(path, { token: ADMIN_TOKEN, ...init });
const angry = (page, comment) =>
  fetch(`${collector.url}/v1/feedback`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      site: "demo", page: `https://docs.acme.example${page}`, rating: "down", comment,
      idempotency_key: `key-${page.replaceAll("/", "-")}`,
    }),
  });
const deliveredOnce = (events) => {
  const ok = events.filter((e) => e.answered === 200);
  return new Set(ok.map((e) => e.id)).size === ok.length ? ok : null;
};

test("a visitor's angry refund comment reaches the receiver as a verified feedback.urgent", async () => {
  const created = await admin("/v1/admin/sites/demo/endpoints", { method: "POST", body: { url: `${receiver.url}/hooks` } });
  assert.equal(created.status, 201);
  assert.match(created.body.secret, /^whsec_/);
  await receiver.control({ secret: created.body.secret });

  const page = await browser.newPage();
  await page.goto(`${collector.url}/modes.html`);
  const thumbs = page.locator('[data-page="/modes/thumbs"]');
  await thumbs.getByRole("button", { name: "No", exact: true }).click();
  await thumbs.getByLabel("How can we improve this page? (optional)").fill("This is useless. I want a refund!");
  await thumbs.getByRole("button", { name: "Send" }).click();

  const [event] = await eventually(async () => {
    const all = await receiver.received();
    return all.length > 0 && all;
  }, { what: "the webhook arriving" });
  assert.equal(event.verified, true, event.error);
  assert.equal(event.body.type, "feedback.urgent");
  assert.equal(event.body.data.comment, "This is useless. I want a refund!");
  assert.equal(event.body.data.rating, "down");
  assert.deepEqual(event.body.data.urgent.map((u) => u.rule), ["keyword", "strongly_negative"]);
  assert.deepEqual(event.body.data.mood.words.map((w) => w.word), ["useless"]);
  assert.match(event.id, /^msg_/);
  // The first answer (No, no comment yet) was not urgent, and the comment made one event, not two.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.equal((await receiver.received()).length, 1);
  const [row] = await collector.d1("SELECT urgent, mood FROM feedback WHERE page LIKE '%/modes/thumbs'");
  assert.ok(row.mood < -0.6);
  assert.match(row.urgent, /refund/);
  const log = await admin("/v1/admin/sites/demo/deliveries");
  assert.deepEqual(log.body.deliveries.map((d) => [d.event_id, d.status, d.attempts, d.last_status]), [
    [event.id, "delivered", 1, 200],
  ]);
});

test("the receiver fails for a while: every event arrives once, each under one webhook-id", async () => {
  await receiver.control({ answers: [500, 500, 503, 500, 500, 500] });
  const before = (await receiver.received()).length;
  for (const path of ["/refund-1", "/refund-2", "/refund-3"]) {
    assert.equal((await angry(path, `Cancel my order and refund me (${path})`)).status, 201);
  }
  const ok = await eventually(async () => {
    const ok = deliveredOnce((await receiver.received()).slice(before));
    return ok?.length === 3 && ok;
  }, { ms: 60_000, what: "all three events delivered after the failures" });
  const attempts = (await receiver.received()).slice(before);
  assert.equal(attempts.length, 9, "six failures and three successes");
  assert.ok(attempts.every((a) => a.verified), "every attempt is signed");
  // Retries keep their event's id: three ids across nine attempts.
  assert.equal(new Set(attempts.map((a) => a.id)).size, 3);
  assert.deepEqual(new Set(ok.map((e) => e.body.data.page.slice(-8))), new Set(["refund-1", "refund-2", "refund-3"]));
  const log = await admin("/v1/admin/sites/demo/deliveries?status=delivered");
  const ours = log.body.deliveries.filter((d) => ok.some((e) => e.id === d.event_id));
  assert.equal(ours.reduce((sum, d) => sum + d.attempts, 0), 9, "the log counts every attempt");
});

test("a receiver that never recovers ends dead-lettered, and a replay delivers it with the same id", async () => {
  await receiver.control({ answers: Array(4).fill(500) });
  const before = (await receiver.received()).length;
  assert.equal((await angry("/klacht", "Ik wil een klacht indienen en opzeggen")).status, 201);
  const dead = await eventually(async () => {
    const { body } = await admin("/v1/admin/sites/demo/deliveries?status=dead");
    return body.deliveries[0];
  }, { ms: 60_000, what: "the event giving up" });
  assert.equal(dead.attempts, 4);
  assert.equal(dead.last_status, 500);
  assert.equal((await receiver.received()).length - before, 4);

  const replay = await admin(`/v1/admin/sites/demo/deliveries/${dead.event_id}/replay`, { method: "POST" });
  assert.equal(replay.status, 202);
  const arrived = await eventually(async () =>
    (await receiver.received()).slice(before).find((e) => e.answered === 200), { what: "the replayed event" });
  assert.equal(arrived.id, dead.event_id);
  assert.equal(arrived.verified, true);
  const again = await admin(`/v1/admin/sites/demo/deliveries/${dead.event_id}/replay`, { method: "POST" });
  assert.equal(again.status, 404, "a delivered event has nothing to replay");
});
