// An integrator registers a webhook endpoint. A visitor writes an angry comment asking for a refund;
// the integrator's receiver gets `feedback.urgent` within seconds, signed so that the official
// Standard Webhooks library verifies it. When the receiver fails, nothing is lost.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { awayFromMidnight, clockIn, dayAt, localDate, midnightOf } from "./clock.mjs";
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
  await thumbs.getByLabel("How can we improve this page? (optional)").fill("This page is useless, awful. I want a refund!");
  await thumbs.getByRole("button", { name: "Send" }).click();

  const [event] = await eventually(async () => {
    const all = await receiver.received();
    return all.length > 0 && all;
  }, { what: "the webhook arriving" });
  assert.equal(event.verified, true, event.error);
  assert.equal(event.body.type, "feedback.urgent");
  assert.equal(event.body.data.comment, "This page is useless, awful. I want a refund!");
  assert.equal(event.body.data.rating, "down");
  assert.deepEqual(event.body.data.urgent.map((u) => u.rule), ["keyword", "strongly_negative"]);
  // Each word that counted says which lexicon it comes from (VADER for English) and what it weighed.
  assert.deepEqual(event.body.data.mood.words.map((w) => [w.word, w.source]),
    [["useless", "vader"], ["awful", "vader"], ["want", "vader"]]);
  assert.equal(event.body.data.mood.language, "en");
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
  // The marketer sees the mood and the urgency in the results.
  const summary = await collector.api("/v1/sites/demo/summary", { token: "demo-read-token" });
  assert.ok(summary.body.average_mood < -0.6);
  assert.equal(summary.body.urgent, 1);
  const items = await collector.api("/v1/sites/demo/feedback", { token: "demo-read-token" });
  assert.deepEqual(items.body.items[0].mood_words[0], { word: "useless", entry: "useless", source: "vader", weight: -1.8 });
  assert.deepEqual(items.body.items[0].urgent.map((u) => u.rule), ["keyword", "strongly_negative"]);
});

test("a complaint in each of the six languages reaches the integrator as a verified feedback.urgent with the words that counted", async () => {
  // As the widget sends them (with the language it asked in), and one of each script without a locale,
  // as an e-mail or an API client would.
  const complaints = [
    { locale: "en", comment: "Terrible service, I want my money back", word: "money back", mood: "terrible" },
    { locale: "nl", comment: "Slechte service, ik wil mijn geld terug en dien een klacht in", word: "geld terug", mood: "slechte" },
    { locale: "de", comment: "Ich will mein Geld zurück, eine Frechheit, Betrug!", word: "geld zurück", mood: "frechheit" },
    { locale: "fr", comment: "Je veux être remboursé, c'est une arnaque, je vais porter plainte", word: "rembourser", mood: "plainte" },
    { locale: "es", comment: "Quiero un reembolso, esto es una estafa horrible", word: "reembolso", mood: "horrible" },
    { locale: "ar", comment: "أريد استرداد أموالي، هذا احتيال وخدمة سيئة", word: "استرداد", mood: "احتيال" },
    { locale: null, comment: "Das ist Betrug, ich will eine Rückerstattung", word: "betrug", mood: "betrug", language: "de" },
    { locale: null, comment: "هذا احتيال، أريد استرداد المال", word: "احتيال", mood: "احتيال", language: "ar" },
  ];
  const before = (await receiver.received()).length;
  for (const [i, { locale, comment }] of complaints.entries()) {
    const answer = await fetch(`${collector.url}/v1/feedback`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        site: "demo", page: `https://docs.acme.example/languages/${i}`, rating: "down", comment,
        ...(locale ? { locale } : {}), idempotency_key: `key-language-${i}`,
      }),
    });
    assert.equal(answer.status, 201, comment);
  }
  const events = await eventually(async () => {
    const got = (await receiver.received()).slice(before).filter((e) => e.answered === 200);
    return got.length >= complaints.length && got;
  }, { ms: 30_000, what: "one feedback.urgent per language" });
  for (const { locale, comment, word, mood, language } of complaints) {
    const event = events.find((e) => e.body.data.comment === comment);
    assert.ok(event, `no event for ${comment}`);
    assert.equal(event.verified, true, event.error);
    assert.equal(event.body.type, "feedback.urgent");
    const keywords = event.body.data.urgent.filter((u) => u.rule === "keyword").map((u) => u.keyword);
    assert.ok(keywords.includes(word), `${comment}: ${JSON.stringify(keywords)}`);
    assert.equal(event.body.data.mood.language, language ?? locale, comment);
    const counted = event.body.data.mood.words;
    assert.ok(counted.some((w) => w.word.includes(mood) || w.entry === mood), `${comment}: ${JSON.stringify(counted)}`);
    assert.ok(counted.every((w) => w.source && typeof w.weight === "number"), JSON.stringify(counted));
    assert.ok(event.body.data.mood.score < 0, `${comment}: ${event.body.data.mood.score}`);
  }
});

test("a receiver's Retry-After is honoured", async () => {
  await receiver.control({ answers: [{ status: 429, retry_after: 7 }] });
  assert.equal((await angry("/retry-after", "Refund, now")).status, 201);
  const waiting = await eventually(async () => {
    const { body } = await admin("/v1/admin/sites/demo/deliveries?status=pending");
    return body.deliveries.find((d) => d.last_status === 429);
  }, { what: "the first, refused attempt" });
  // The schedule alone would wait about a second (the tests' unit); the receiver asked for seven.
  const waitedSeconds = (Date.parse(waiting.next_attempt_at) - Date.parse(waiting.updated_at)) / 1000;
  assert.ok(waitedSeconds >= 7 && waitedSeconds < 8, `next attempt after ${waitedSeconds} s`);
  await eventually(async () => {
    const { body } = await admin("/v1/admin/sites/demo/deliveries?status=delivered");
    return body.deliveries.some((d) => d.event_id === waiting.event_id);
  }, { ms: 20_000, what: "the delivery after the wait" });
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
  // The log is written just after the receiver answers: wait for it.
  const ours = await eventually(async () => {
    const log = await admin("/v1/admin/sites/demo/deliveries?status=delivered");
    const ours = log.body.deliveries.filter((d) => ok.some((e) => e.id === d.event_id));
    return ours.length === 3 && ours;
  }, { what: "the log recording the three deliveries" });
  // The log counts every attempt the receiver saw (and any the network lost on the way).
  for (const d of ours) {
    const seen = attempts.filter((a) => a.id === d.event_id).length;
    assert.ok(d.attempts >= seen, `${d.event_id}: log ${d.attempts}, receiver ${seen}`);
  }
  assert.deepEqual(ours.map((d) => d.last_status), [200, 200, 200]);
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

test("a burst of negatives on one page fires exactly one page.alert", async () => {
  // Three negatives within two minutes alert; the cooldown keeps the fourth and fifth quiet.
  const rules = { page_alert: { negatives: 3, window_minutes: 2, cooldown_minutes: 60 } };
  assert.equal((await admin("/v1/admin/sites/demo", { method: "PATCH", body: { urgency: rules } })).status, 200);
  await new Promise((resolve) => setTimeout(resolve, 31_000)); // the site cache's 30 s
  await receiver.control({ answers: [] });
  const before = (await receiver.received()).length;
  const burst = "https://docs.acme.example/pricing";
  const vote = (i, comment) =>
    fetch(`${collector.url}/v1/feedback`, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": `visitor-${i}` },
      body: JSON.stringify({ site: "demo", page: burst, rating: "sad", comment, idempotency_key: `burst-key-${i}` }),
    });
  // Quotes, a backslash, a line break, a tab, another script and an emoji: the alert's body is
  // assembled in the same transaction as the answer, and must read exactly as the core writes JSON.
  const said = 'The prices are "hidden" \\ here\n\tالأسعار مخفية 😡';
  const results = await Promise.all([1, 2, 3, 4, 5].map((i) => vote(i, i === 2 ? said : undefined)));
  assert.deepEqual(results.map((r) => r.status), [201, 201, 201, 201, 201]);
  const alert = await eventually(async () =>
    (await receiver.received()).slice(before).find((e) => e.body.type === "page.alert"), { what: "the page alert" });
  assert.equal(alert.verified, true);
  assert.equal(alert.body.data.page, burst);
  assert.ok(alert.body.data.negatives >= 3);
  assert.equal(alert.body.data.window_minutes, 2);
  assert.deepEqual(alert.body.data.recent_comments.map((c) => c.comment), [said]);
  assert.deepEqual(Object.keys(alert.body.data), ["site", "page", "negatives", "window_minutes", "since", "recent_comments"]);
  const [stored] = await collector.d1(`SELECT body FROM deliveries WHERE event_id = '${alert.id}'`);
  assert.equal(stored.body, JSON.stringify(JSON.parse(stored.body)), "the body is in canonical JSON, as serde writes it");
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const alerts = (await receiver.received()).slice(before).filter((e) => e.body.type === "page.alert");
  assert.equal(alerts.length, 1, "one alert per cooldown");
});

/** The five-minute cron, run now (the digest's clock is the moment the cron was due). */
const fiveMinuteCron = () => fetch(`${collector.url}/__scheduled?cron=${encodeURIComponent("*/5 * * * *")}`);

test("the daily digest runs through the scheduled handler and its figures match the stored items", async () => {
  // "Yesterday" is taken once, here, so the whole story keeps clear of midnight UTC: a story that took
  // its day at 23:57 and ran its cron at 00:01 would ask for a different day than it stored.
  await awayFromMidnight("UTC");
  const day = (offset) => new Date(Date.now() - offset * 86_400_000).toISOString().slice(0, 10);
  const [yesterday, before] = [day(1), day(2)];
  // Items of earlier days, as they would have been stored then.
  const rows = [
    [yesterday, "https://docs.acme.example/a", "up", null], [yesterday, "https://docs.acme.example/a", "up", null],
    [yesterday, "https://docs.acme.example/a", "down", null], [yesterday, "https://docs.acme.example/b", "down", '["x"]'],
    [yesterday, "https://docs.acme.example/b", "down", null], [yesterday, "https://docs.acme.example/c", "neutral", null],
    [before, "https://docs.acme.example/a", "up", null],
  ];
  const values = rows.map(([d, page, rating, urgent], i) =>
    `('digest-${i}', 'demo', '${page}', 'web', '${rating}', '[]', 'v-${i}', 'digest-key-${i}', '${d}T12:00:00.000Z', '${d}T12:00:00.000Z', ${urgent ? `'${urgent}'` : "NULL"})`);
  await collector.d1(`INSERT INTO feedback (id, site_id, page, channel, rating, reasons, visitor, idempotency_key,
    created_at, updated_at, urgent) VALUES ${values.join(", ")}`);
  const count = (await receiver.received()).length;
  // A site without a time zone lives in UTC; its digest goes out once the clock passes digest_time
  // (07:30 unless set): first set half an hour ahead, then just behind.
  const digests = async () => (await receiver.received()).slice(count).filter((e) => e.body.type === "digest.daily");
  const setDigestTime = async (at) => {
    const set = await admin("/v1/admin/sites/demo", { method: "PATCH", body: { digest_time: at } });
    assert.deepEqual([set.status, set.body.digest_time, set.body.time_zone], [200, at, "UTC"], JSON.stringify(set.body));
  };
  if (clockIn("UTC") < "23:25") {
    const at = clockIn("UTC", 30);
    await setDigestTime(at);
    const early = await fiveMinuteCron();
    assert.equal(early.status, 200);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const sent = await digests();
    // Should this ever fail, say what went out and when, against the time it was due.
    assert.equal(sent.length, 0, `not before the digest time (${at} UTC, now ${clockIn("UTC")}): ${JSON.stringify(sent.map((e) => [e.id, e.body.timestamp, e.body.data]))}`);
  }
  await setDigestTime(clockIn("UTC", -1));
  const ran = await fiveMinuteCron();
  assert.equal(ran.status, 200);
  const digest = await eventually(async () =>
    (await receiver.received()).slice(count).find((e) => e.body.type === "digest.daily"), { what: "the digest" });
  const data = digest.body.data;
  assert.equal(digest.verified, true);
  assert.deepEqual([data.day, data.votes, data.positive, data.negative, data.urgent], [yesterday, 6, 2, 3, 1]);
  assert.equal(data.helpful_share, 2 / 5);
  assert.deepEqual(data.worst_pages.map((p) => p.page), ["https://docs.acme.example/b", "https://docs.acme.example/a"]);
  assert.deepEqual([data.previous.day, data.previous.votes], [before, 1]);
  assert.equal(data.time_zone, "UTC");
  // Running the cron again, twice at once, sends nothing new: one digest per site and day.
  await Promise.all([fiveMinuteCron(), fiveMinuteCron()]);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  assert.equal((await receiver.received()).slice(count).filter((e) => e.body.type === "digest.daily").length, 1);
});

test("a site in Europe/Amsterdam gets yesterday's Amsterdam day when its own clock passes the digest time, once", async () => {
  const zone = "Europe/Amsterdam";
  const bad = await admin("/v1/admin/sites", { method: "POST", body: { id: "amsterdam", name: "Amsterdam", allowed_origins: ["https://gids.example.nl"], time_zone: "Europe/Amsterdm", digest_time: "7.30" } });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.body.errors.map((e) => e.field), ["time_zone", "digest_time"]);
  const site = await admin("/v1/admin/sites", { method: "POST", body: { id: "amsterdam", name: "Amsterdam", allowed_origins: ["https://gids.example.nl"], time_zone: zone } });
  assert.equal(site.status, 201, JSON.stringify(site.body));
  assert.deepEqual([site.body.time_zone, site.body.digest_time], [zone, "07:30"]);
  const own = await startReceiver();
  try {
    const endpoint = await admin("/v1/admin/sites/amsterdam/endpoints", { method: "POST", body: { url: `${own.url}/hooks` } });
    await own.control({ secret: endpoint.body.secret });
    await awayFromMidnight(zone);
    // Answers half an hour either side of Amsterdam's midnights: UTC's days would cut them elsewhere.
    const [yesterday, before, today] = [localDate(zone, -1), localDate(zone, -2), localDate(zone, 0)];
    const iso = (ms) => new Date(ms).toISOString();
    const halfHour = 30 * 60_000;
    const rows = [
      [iso(midnightOf(yesterday, zone) - halfHour), "up"], // 23:30 the day before
      [iso(midnightOf(yesterday, zone) + halfHour), "up"], // 00:30 yesterday
      [iso(midnightOf(today, zone) - halfHour), "down"], // 23:30 yesterday
      [iso(midnightOf(today, zone) + halfHour), "down"], // 00:30 today: not yesterday's
    ];
    // Stored as the collector stores them: each under the day Amsterdam's clock showed.
    const values = rows.map(([at, rating], i) =>
      `('ams-${i}', 'amsterdam', 'https://gids.example.nl/', 'web', '${rating}', '[]', 'v-${i}', 'ams-key-${i}', '${at}', '${at}', NULL, '${dayAt(at, zone)}')`);
    await collector.d1(`INSERT INTO feedback (id, site_id, page, channel, rating, reasons, visitor, idempotency_key,
      created_at, updated_at, urgent, day) VALUES ${values.join(", ")}`);
    const digests = async () => (await own.received()).filter((e) => e.body.type === "digest.daily");
    if (clockIn(zone) < "23:25") {
      await admin("/v1/admin/sites/amsterdam", { method: "PATCH", body: { digest_time: clockIn(zone, 30) } });
      await fiveMinuteCron();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal((await digests()).length, 0, "not before the digest time on the site's clock");
    }
    await admin("/v1/admin/sites/amsterdam", { method: "PATCH", body: { digest_time: clockIn(zone, -1) } });
    await fiveMinuteCron();
    const [digest] = await eventually(async () => {
      const got = await digests();
      return got.length > 0 && got;
    }, { what: "the Amsterdam digest" });
    assert.equal(digest.verified, true, digest.error);
    const data = digest.body.data;
    assert.deepEqual([data.time_zone, data.day, data.votes, data.positive, data.negative], [zone, yesterday, 2, 1, 1]);
    assert.deepEqual([data.previous.day, data.previous.votes], [before, 1]);
    await Promise.all([fiveMinuteCron(), fiveMinuteCron()]);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    assert.equal((await digests()).length, 1, "once per site and day");
  } finally {
    await own.stop();
  }
});

test("a Slack-format endpoint gets a readable text, a 410 disables an endpoint, and rotation signs twice", async () => {
  const slack = await admin("/v1/admin/sites/demo/endpoints", {
    method: "POST", body: { url: `${receiver.url}/slack`, format: "slack" },
  });
  assert.equal(slack.status, 201);
  const list = await admin("/v1/admin/sites/demo/endpoints");
  const standard = list.body.endpoints.find((e) => e.format === "standard");
  const rotated = await admin(`/v1/admin/sites/demo/endpoints/${standard.id}`, { method: "PATCH", body: { rotate_secret: true } });
  assert.equal(rotated.body.active_secrets, 2);
  // The receiver knows only the new secret: one of the two signatures verifies.
  await receiver.control({ secret: rotated.body.secret, answers: [] });
  const before = (await receiver.received()).length;
  assert.equal((await angry("/slack-1", "Useless. Refund please.")).status, 201);
  const both = await eventually(async () => {
    const got = (await receiver.received()).slice(before);
    return got.length === 2 && got;
  }, { what: "the event at both endpoints" });
  const text = both.find((e) => e.body.text);
  assert.match(text.body.text, /Urgent feedback on https:\/\/docs\.acme\.example\/slack-1 \(answered down\): “Useless\. Refund please\.”\. Why: keyword "refund"/);
  const envelope = both.find((e) => e.body.type);
  assert.equal(envelope.signatures.length, 2);
  assert.equal(envelope.verified, true);
  assert.equal(both[0].id, both[1].id, "one event, one webhook-id, on every endpoint");

  // The Slack endpoint is gone for good: 410 turns it off, the other endpoint keeps receiving.
  await receiver.control({ by_path: { "/slack": [410] } });
  assert.equal((await angry("/gone-1", "I want a refund")).status, 201);
  const endpoints = await eventually(async () => {
    const { body } = await admin("/v1/admin/sites/demo/endpoints");
    return body.endpoints.some((e) => e.disabled_reason) && body.endpoints;
  }, { what: "an endpoint disabled by 410" });
  assert.deepEqual(endpoints.filter((e) => e.disabled_reason).map((e) => e.format), ["slack"]);
  const disabled = await eventually(async () => {
    const { body } = await admin("/v1/admin/sites/demo/deliveries?status=disabled");
    return body.deliveries.length > 0 && body.deliveries;
  }, { what: "the 410 in the log" });
  assert.equal(disabled.length, 1);
  assert.equal(disabled[0].last_status, 410);
});

test("endpoint URLs are checked, and bad settings are explained", async () => {
  const refused = await admin("/v1/admin/sites/demo/endpoints", { method: "POST", body: { url: "ftp://example.com/x" } });
  assert.equal(refused.status, 422);
  assert.match(refused.body.errors[0].message, /https/);
  const format = await admin("/v1/admin/sites/demo/endpoints", { method: "POST", body: { url: `${receiver.url}/x`, format: "teams" } });
  assert.equal(format.status, 422);
  assert.equal(format.body.errors[0].field, "format");
  const anonymous = await collector.api("/v1/admin/sites/demo/endpoints");
  assert.equal(anonymous.status, 401);
});

test("a delivery the queue never carried is found by the sweeper and delivered", async () => {
  // As if the queue had refused the message right after the delivery was written to the log.
  const { body } = await admin("/v1/admin/sites/demo/endpoints");
  const live = body.endpoints.find((e) => !e.disabled_reason);
  const tenMinutesAgo = new Date(Date.now() - 600_000).toISOString();
  const envelope = JSON.stringify({ type: "feedback.urgent", timestamp: tenMinutesAgo, data: { page: "https://docs.acme.example/stranded" } });
  await collector.d1(`INSERT INTO deliveries (event_id, endpoint_id, site_id, event_type, body, created_at, updated_at)
    VALUES ('msg_stranded_1', '${live.id}', 'demo', 'feedback.urgent', '${envelope}', '${tenMinutesAgo}', '${tenMinutesAgo}')`);
  await receiver.control({ answers: [] });
  const ran = await fetch(`${collector.url}/__scheduled?cron=${encodeURIComponent("*/5 * * * *")}`);
  assert.equal(ran.status, 200);
  const arrived = await eventually(async () =>
    (await receiver.received()).find((e) => e.id === "msg_stranded_1"), { what: "the stranded delivery" });
  assert.equal(arrived.verified, true, arrived.error);
  const row = await eventually(async () => {
    const [row] = await collector.d1("SELECT status, attempts FROM deliveries WHERE event_id = 'msg_stranded_1'");
    return row.status !== "pending" && row;
  }, { what: "the log recording the delivery" });
  assert.deepEqual(row, { status: "delivered", attempts: 1 });
});
