// An operator gives a site two teams and routes its pages to them. A visitor complains on a billing
// page: the billing team's receiver hears it, the docs team's does not, the site-wide one does as
// always. Nobody acknowledges it: the billing team's escalation endpoint hears feedback.escalated
// once for each level, however often the cron runs; an item someone acknowledged in time is never
// escalated. New rules move stored items only when asked, bad rules are refused naming the field,
// and a marketer finds each team's items in the inbox. At the site's morning each team gets the
// digest of its own items of yesterday, and the site-wide endpoint the whole day.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { awayFromMidnight, clockIn, dayAt, localDate, midnightOf } from "./clock.mjs";
import { ADMIN_TOKEN, DEMO_TOKEN, eventually, launchBrowser, startCollector, startReceiver } from "./harness.mjs";

// An "hour" of the teams' escalation lasts two seconds here, so the story takes seconds.
const HOUR_MS = 2000;
let collector;
let browser;
const receivers = {};
before(async () => {
  collector = await startCollector({
    name: "teams",
    vars: { ESCALATION_HOUR_SECONDS: String(HOUR_MS / 1000), WEBHOOK_RETRY_UNIT_SECONDS: "1" },
  });
  for (const name of ["siteWide", "billing", "docs", "billingEscalation"]) receivers[name] = await startReceiver();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  for (const receiver of Object.values(receivers)) await receiver.stop();
  await collector?.stop();
});

const admin = (path, init = {}) => collector.api(path, { token: ADMIN_TOKEN, ...init });
const complain = (path, comment = "Charged twice, I want a refund now!") =>
  fetch(`${collector.url}/v1/feedback`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      site: "demo", page: `https://docs.acme.example${path}`, rating: "down", comment, locale: "en",
      idempotency_key: `key-${path.replaceAll("/", "-")}-${comment.length}`,
    }),
  }).then(async (r) => ({ status: r.status, body: await r.json() }));
/** What a receiver got of one event type, each checked against its endpoint's secret. */
const heard = async (receiver, type) => (await receiver.received()).filter((e) => e.body?.type === type);
const fiveMinuteCron = () => fetch(`${collector.url}/__scheduled?cron=${encodeURIComponent("*/5 * * * *")}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Adds an endpoint for `receiver` (for `team`, in `role`) and gives the receiver its secret. */
async function endpoint(receiver, extra = {}) {
  const made = await admin("/v1/admin/sites/demo/endpoints", { method: "POST", body: { url: `${receiver.url}/hooks`, ...extra } });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  await receiver.control({ secret: made.body.secret });
  return made.body;
}

test("the billing team hears the billing page's urgent item and the docs team does not", async () => {
  assert.equal((await admin("/v1/admin/sites/demo/teams/billing", { method: "PUT", body: { escalate_after_hours: 1, second_level_after_hours: 3 } })).status, 201);
  assert.equal((await admin("/v1/admin/sites/demo/teams/docs", { method: "PUT", body: {} })).status, 201);
  const docs = await admin("/v1/admin/sites/demo/teams/docs");
  assert.deepEqual([docs.body.escalate_after_hours, docs.body.second_level_after_hours], [4, null]);
  await endpoint(receivers.siteWide);
  const billing = await endpoint(receivers.billing, { team: "billing" });
  assert.deepEqual([billing.team, billing.role], ["billing", "events"]);
  await endpoint(receivers.docs, { team: "docs" });
  await endpoint(receivers.billingEscalation, { team: "billing", role: "escalation" });
  const routing = await admin("/v1/admin/sites/demo/routing", {
    method: "PUT",
    body: { rules: [{ page: "/billing/*", team: "billing" }, { page: "/docs", team: "docs" }] },
  });
  assert.equal(routing.status, 200, JSON.stringify(routing.body));
  assert.deepEqual(routing.body.rules, [{ page: "/billing/*", team: "billing" }, { page: "/docs", team: "docs" }]);

  const complaint = await complain("/billing/invoices");
  assert.equal(complaint.status, 201);
  const [event] = await eventually(async () => {
    const got = await heard(receivers.billing, "feedback.urgent");
    return got.length > 0 && got;
  }, { what: "the billing team's feedback.urgent" });
  assert.equal(event.verified, true, event.error);
  assert.equal(event.body.data.team, "billing");
  assert.equal(event.body.data.page, "https://docs.acme.example/billing/invoices");
  // The site-wide endpoint hears it as before teams; the docs team and the escalation endpoint do not.
  await eventually(async () => (await heard(receivers.siteWide, "feedback.urgent")).some((e) => e.id === event.id && e.verified),
    { what: "the site-wide endpoint hearing it too" });
  await sleep(1000);
  assert.deepEqual(await heard(receivers.docs, "feedback.urgent"), []);
  assert.deepEqual(await heard(receivers.billingEscalation, "feedback.urgent"), []);

  // The docs page's complaint goes the other way.
  await complain("/docs/setup");
  const [docsEvent] = await eventually(async () => {
    const got = await heard(receivers.docs, "feedback.urgent");
    return got.length > 0 && got;
  }, { what: "the docs team's feedback.urgent" });
  assert.equal(docsEvent.verified, true, docsEvent.error);
  assert.equal(docsEvent.body.data.team, "docs");
  assert.equal((await heard(receivers.billing, "feedback.urgent")).length, 1);
  // Each item keeps its team, in the read API and its CSV.
  const items = await collector.api("/v1/sites/demo/feedback?limit=100", { token: DEMO_TOKEN });
  const teamOf = (path) => items.body.items.find((i) => i.page.endsWith(path))?.team;
  assert.deepEqual([teamOf("/billing/invoices"), teamOf("/docs/setup")], ["billing", "docs"]);
});

test("an item nobody acknowledges is escalated once per level, and one acknowledged in time never is", async () => {
  // A second billing complaint, which someone acknowledges at once.
  const handled = await complain("/billing/cards", "Your card form is a scam, I want my money back");
  assert.equal(handled.status, 201);
  const moved = await collector.api(`/v1/sites/demo/feedback/${handled.body.id}`, {
    method: "PATCH", token: DEMO_TOKEN, body: { status: "acknowledged", note: "On it" },
  });
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
  const [waiting] = await collector.d1("SELECT id, urgent_at FROM feedback WHERE page LIKE '%/billing/invoices'");
  const levelOne = Date.parse(waiting.urgent_at) + 1 * HOUR_MS;
  const levelTwo = Date.parse(waiting.urgent_at) + 3 * HOUR_MS;
  // Too early for anyone: the cron runs and nothing goes up.
  if (Date.now() < levelOne - 300) {
    await fiveMinuteCron();
    await sleep(500);
    assert.deepEqual(await heard(receivers.billingEscalation, "feedback.escalated"), []);
  }
  await sleep(Math.max(0, levelOne - Date.now()) + 100);
  // Three cron runs at once, as overlapping schedules would: one event.
  await Promise.all([fiveMinuteCron(), fiveMinuteCron(), fiveMinuteCron()]);
  const [first] = await eventually(async () => {
    const got = await heard(receivers.billingEscalation, "feedback.escalated");
    return got.length > 0 && got;
  }, { what: "the first escalation" });
  assert.equal(first.verified, true, first.error);
  assert.deepEqual([first.body.data.id, first.body.data.team, first.body.data.level], [waiting.id, "billing", 1]);
  assert.equal(first.body.data.waiting_since, waiting.urgent_at);
  assert.ok(first.body.data.waited_minutes >= 0);
  await fiveMinuteCron();
  await sleep(Math.max(0, levelTwo - Date.now()) + 100);
  await Promise.all([fiveMinuteCron(), fiveMinuteCron()]);
  await eventually(async () => (await heard(receivers.billingEscalation, "feedback.escalated")).length >= 2, { what: "the second escalation" });
  await fiveMinuteCron();
  await sleep(1500);
  const escalations = await heard(receivers.billingEscalation, "feedback.escalated");
  assert.deepEqual(escalations.map((e) => [e.body.data.id, e.body.data.level]), [[waiting.id, 1], [waiting.id, 2]]);
  assert.ok(escalations.every((e) => e.verified));
  // Escalations go to escalation endpoints only, and never for the acknowledged item.
  assert.deepEqual(await heard(receivers.billing, "feedback.escalated"), []);
  assert.deepEqual(await heard(receivers.siteWide, "feedback.escalated"), []);
  const [row] = await collector.d1(`SELECT escalated_level FROM feedback WHERE id = '${handled.body.id}'`);
  assert.equal(row.escalated_level, 0);
  const log = await admin("/v1/admin/sites/demo/deliveries");
  assert.equal(log.body.deliveries.filter((d) => d.event_type === "feedback.escalated").length, 2);
});

test("new rules move stored items only when asked, and bad rules are refused naming the field", async () => {
  const teams = async () => Object.fromEntries((await collector.d1(
    "SELECT page, team FROM feedback WHERE page LIKE 'https://docs.acme.example/%'",
  )).map((r) => [new URL(r.page).pathname, r.team]));
  const before = await teams();
  // Everything to docs from now on: stored items keep their teams.
  const kept = await admin("/v1/admin/sites/demo/routing", { method: "PUT", body: { rules: [], default_team: "docs" } });
  assert.deepEqual([kept.status, kept.body.reassigned_items], [200, 0]);
  assert.deepEqual(await teams(), before);
  await complain("/pricing");
  assert.equal((await teams())["/pricing"], "docs");
  // Asked to, stored items move to the teams the new rules give them; none is lost.
  const count = async () => (await collector.d1("SELECT count(*) AS n FROM feedback"))[0].n;
  const items = await count();
  const rules = [{ page: "/billing/invoices", team: "billing" }];
  const moved = await admin("/v1/admin/sites/demo/routing", { method: "PUT", body: { rules, default_team: "docs", reassign: true } });
  assert.deepEqual([moved.status, moved.body.reassigned_items], [200, 1]);
  const after = await teams();
  assert.deepEqual([after["/billing/invoices"], after["/billing/cards"], after["/docs/setup"], after["/pricing"]],
    ["billing", "docs", "docs", "docs"]);
  assert.equal(await count(), items);
  assert.deepEqual((await admin("/v1/admin/sites/demo/routing")).body, { rules, default_team: "docs" });

  // Bad rules: each broken field named, and nothing changed.
  const refused = await admin("/v1/admin/sites/demo/routing", {
    method: "PUT",
    body: { rules: [{ page: "billing/*", team: "billing" }, { page: "/x", team: "legal" }, { channel: "fax", team: "docs" }] },
  });
  assert.equal(refused.status, 422);
  assert.match(refused.headers.get("content-type"), /application\/problem\+json/);
  assert.deepEqual(refused.body.errors.map((e) => [e.field, e.rule]),
    [["rules[0].page", "pattern"], ["rules[1].team", "unknown_team"], ["rules[2].channel", "one_of"]]);
  assert.equal((await admin("/v1/admin/sites/demo/routing")).body.default_team, "docs");
  const badTeam = await admin("/v1/admin/sites/demo/teams/billing", { method: "PUT", body: { escalate_after_hours: 6, second_level_after_hours: 2 } });
  assert.deepEqual([badTeam.status, badTeam.body.errors[0].field], [422, "second_level_after_hours"]);
  const badName = await admin("/v1/admin/sites/demo/teams/Billing%20Team", { method: "PUT", body: {} });
  assert.deepEqual([badName.status, badName.body.errors[0].field], [422, "team"]);
  const noTeam = await admin("/v1/admin/sites/demo/endpoints", { method: "POST", body: { url: `${receivers.docs.url}/x`, team: "legal" } });
  assert.deepEqual([noTeam.status, noTeam.body.errors[0].field, noTeam.body.errors[0].rule], [422, "team", "unknown_team"]);
  const lonely = await admin("/v1/admin/sites/demo/endpoints", { method: "POST", body: { url: `${receivers.docs.url}/x`, role: "escalation" } });
  assert.deepEqual([lonely.status, lonely.body.errors[0].field], [422, "team"]);
  const missing = await admin("/v1/admin/sites/nowhere/routing", { method: "PUT", body: { rules: [] } });
  assert.equal(missing.status, 404);
});

test("a marketer finds one team's urgent items in the inbox", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${collector.url}/dashboard?site=demo`);
  await page.getByLabel("Read token").fill(DEMO_TOKEN);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.goto(`${collector.url}/dashboard/demo/inbox`);
  await page.getByRole("form", { name: "Whose items" }).getByLabel("Team").selectOption("billing");
  await page.getByRole("button", { name: "Show" }).click();
  await page.waitForURL(/team=billing/);
  const cards = page.locator("article.item");
  assert.ok((await cards.count()) >= 1);
  for (const text of await cards.locator(".owner").allTextContents()) assert.match(text, /^Team: billing/);
  assert.ok((await cards.locator(".page a").allTextContents()).every((p) => p.includes("/billing/")));
  // The filter stays when the marketer moves between tabs.
  await page.getByRole("link", { name: /^Acknowledged/ }).click();
  await page.waitForURL(/status=acknowledged/);
  assert.match(page.url(), /team=billing/);
  assert.equal(await cards.count(), 0, "the acknowledged card item went to docs when the rules moved it");
  await page.getByRole("form", { name: "Whose items" }).getByLabel("Team").selectOption("docs");
  await page.getByRole("button", { name: "Show" }).click();
  await page.waitForURL(/team=docs/);
  assert.match(page.url(), /status=acknowledged/);
  assert.equal(await cards.count(), 1, "the item acknowledged in the story before");

  // How the teams handled it: the same figures in the read API's summary and on the overview.
  const summary = (await collector.api("/v1/sites/demo/summary", { token: DEMO_TOKEN })).body;
  const items = await collector.d1("SELECT team, status FROM feedback WHERE urgent IS NOT NULL AND spam IS NULL");
  assert.equal(summary.handling.urgent, items.length);
  const docs = summary.handling_by_team.find((h) => h.team === "docs");
  assert.equal(docs.urgent, items.filter((i) => i.team === "docs").length);
  assert.equal(docs.acknowledged, 1, "the card item, acknowledged at once");
  assert.ok(docs.acknowledge_median_minutes >= 0 && docs.acknowledge_median_minutes <= 1);
  const billing = summary.handling_by_team.find((h) => h.team === "billing");
  // Nobody acknowledged the invoice item; the figures count real hours (the shortened hour is the
  // cron's only), so within its one-hour window it is not yet judged late.
  assert.deepEqual([billing.urgent, billing.acknowledged, billing.acknowledged_in_time_share], [1, 0, null]);
  assert.equal(docs.acknowledged_in_time_share, 1);
  await page.goto(`${collector.url}/dashboard/demo`);
  const table = page.getByRole("table", { name: /Urgent items of the range/ });
  const row = table.getByRole("row", { name: /^Team docs/ });
  assert.equal(await row.getByRole("cell").first().textContent(), String(docs.urgent));
  assert.equal(await table.getByRole("row", { name: /^Team billing/ }).getByRole("cell").nth(5).textContent(), "–");
  await context.close();
});

test("each team gets yesterday's digest of its own items at the site's morning, the site its whole day, once each", async () => {
  // A site of its own, so that no cron run of the stories before has sent its digest for the day.
  const zone = "Europe/Amsterdam";
  const made = await admin("/v1/admin/sites", { method: "POST", body: { id: "winkel", name: "Winkel", allowed_origins: ["https://winkel.example.nl"], time_zone: zone } });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const own = {};
  for (const name of ["site", "billing", "docs", "billingEscalation"]) own[name] = await startReceiver();
  try {
    for (const team of ["billing", "docs"]) {
      assert.equal((await admin(`/v1/admin/sites/winkel/teams/${team}`, { method: "PUT", body: {} })).status, 201);
    }
    const hook = async (receiver, extra = {}) => {
      const endpoint = await admin("/v1/admin/sites/winkel/endpoints", { method: "POST", body: { url: `${receiver.url}/hooks`, ...extra } });
      assert.equal(endpoint.status, 201, JSON.stringify(endpoint.body));
      await receiver.control({ secret: endpoint.body.secret });
    };
    await hook(own.site);
    await hook(own.billing, { team: "billing" });
    await hook(own.docs, { team: "docs" });
    await hook(own.billingEscalation, { team: "billing", role: "escalation" });
    await awayFromMidnight(zone);
    const [yesterday, before] = [localDate(zone, -1), localDate(zone, -2)];
    const at = (date, hours) => new Date(midnightOf(date, zone) + hours * 3_600_000).toISOString();
    // Answers as routing stored them: yesterday three for billing (one urgent), two for docs, one for
    // no team, one for billing just before local midnight; the day before, one for billing.
    const rows = [
      [at(yesterday, 12), "billing", "down", '["keyword"]'], [at(yesterday, 12), "billing", "down", null],
      [at(yesterday, 23.5), "billing", "up", null], [at(yesterday, 9), "docs", "up", null],
      [at(yesterday, 9), "docs", "neutral", null], [at(yesterday, 9), null, "up", null],
      [at(before, 12), "billing", "up", null],
    ];
    const values = rows.map(([when, team, rating, urgent], i) =>
      `('winkel-${i}', 'winkel', 'https://winkel.example.nl/${team ?? "home"}/${i}', 'web', '${rating}', '[]', 'wv-${i}', 'winkel-key-${i}', '${when}', '${when}', ${urgent ? `'${urgent}'` : "NULL"}, ${team ? `'${team}'` : "NULL"}, '${dayAt(when, zone)}')`);
    await collector.d1(`INSERT INTO feedback (id, site_id, page, channel, rating, reasons, visitor, idempotency_key,
      created_at, updated_at, urgent, team, day) VALUES ${values.join(", ")}`);

    await admin("/v1/admin/sites/winkel", { method: "PATCH", body: { digest_time: clockIn(zone, -1) } });
    await Promise.all([fiveMinuteCron(), fiveMinuteCron()]);
    const digestOf = (receiver) => eventually(async () => {
      const got = await heard(receiver, "digest.daily");
      return got.length > 0 && got[0];
    }, { what: "a digest" });
    const [billing, docs, site] = await Promise.all([digestOf(own.billing), digestOf(own.docs), digestOf(own.site)]);
    for (const digest of [billing, docs, site]) assert.equal(digest.verified, true, digest.error);
    const figures = ({ body: { data } }) => [data.team, data.time_zone, data.day, data.votes, data.negative, data.urgent, data.previous.votes];
    assert.deepEqual(figures(billing), ["billing", zone, yesterday, 3, 2, 1, 1]);
    assert.deepEqual(billing.body.data.worst_pages.map((p) => new URL(p.page).pathname).sort(), ["/billing/0", "/billing/1"]);
    assert.equal(billing.body.data.handling.urgent, 1);
    assert.equal(billing.body.data.handling_by_team, undefined, "a team's digest has its own figures only");
    assert.deepEqual(figures(docs), ["docs", zone, yesterday, 2, 0, 0, 0]);
    // The site-wide endpoint gets the whole site's day, as before teams, with each team's handling.
    assert.deepEqual(figures(site), [undefined, zone, yesterday, 6, 2, 1, 1]);
    assert.deepEqual(site.body.data.handling_by_team.map((h) => [h.team, h.urgent]), [["billing", 1]]);
    await Promise.all([fiveMinuteCron(), fiveMinuteCron()]);
    await sleep(1500);
    for (const name of ["site", "billing", "docs"]) {
      assert.equal((await heard(own[name], "digest.daily")).length, 1, `${name}: once a day`);
    }
    // Escalation endpoints hear escalations only.
    assert.deepEqual(await heard(own.billingEscalation, "digest.daily"), []);
  } finally {
    for (const receiver of Object.values(own)) await receiver.stop();
  }
});
