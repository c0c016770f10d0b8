// A marketer signs in to the dashboard with the site's read token and follows three months of a
// documentation site's feedback: figures, trend, pages ranked and sorted and filtered, one page's
// detail and its CSV, the urgent inbox, figures that update while the page is open. Nothing a
// visitor wrote becomes markup, and no other token opens the door.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ADMIN_TOKEN, ARTIFACTS, DEMO_TOKEN, axeViolations, eventually, launchBrowser, startCollector, startHostSite, watchProblems } from "./harness.mjs";
import { seedRows, seedSql } from "../scripts/seed-feedback.mjs";

let collector;
let browser;
let otherToken;
const rows = seedRows({ count: 3000, days: 90, seed: 11 });

/** The first day of the default range (the last 30 days, today included), as the worker counts. */
const from = new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10);
const inRange = rows.filter((r) => r.created.slice(0, 10) >= from);
const negative = (r) => r.rating === "down" || r.rating === "sad";
const positive = (r) => r.rating === "up" || r.rating === "happy";

before(async () => {
  collector = await startCollector({ name: "dashboard", vars: { DASHBOARD_REFRESH_SECONDS: "2" } });
  await collector.load(seedSql(rows));
  const other = await collector.api("/v1/admin/sites", {
    method: "POST",
    token: ADMIN_TOKEN,
    body: { id: "other-shop", name: "Other shop", allowed_origins: ["https://shop.example"] },
  });
  otherToken = other.body.read_token;
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await collector?.stop();
});

async function signIn(context, token = DEMO_TOKEN, site = "demo") {
  const page = await context.newPage();
  await page.goto(`${collector.url}/dashboard?site=${site}`);
  await page.getByLabel("Read token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  return page;
}

const figure = (page, name) => page.locator(".figures > div", { has: page.getByText(name, { exact: true }) }).locator("dd").first();

test("the overview adds up to the seeded answers, and the pages table sorts, filters and pages", async () => {
  const context = await browser.newContext();
  const page = await signIn(context);
  const problems = watchProblems(page);
  await page.getByRole("heading", { name: "Results" }).waitFor();

  assert.equal(await figure(page, "Answers").textContent(), inRange.length.toLocaleString("en-US"));
  const share = inRange.filter(positive).length / inRange.filter((r) => positive(r) || negative(r)).length;
  assert.equal(await figure(page, "Helpful").textContent(), `${Math.round(share * 100)}%`);
  const urgent = inRange.filter((r) => r.urgent).length;
  assert.equal(await figure(page, "Urgent").textContent(), String(urgent));
  const trend = await page.locator("svg[aria-labelledby='trend-title trend-desc'] desc").textContent();
  assert.match(trend, new RegExp(`${inRange.length.toLocaleString("en-US")} answers`));
  assert.equal(await page.locator("figure.chart svg g").count(), 30, "one bar per day");

  // Ranked by score by default; a click on "Not helpful" puts the page with the most complaints first.
  const table = page.getByRole("table", { name: /^Pages, sorted by/ });
  assert.equal(await table.locator("th[aria-sort]").textContent(), "Score ↓");
  await table.getByRole("link", { name: "Not helpful" }).click();
  await page.waitForURL(/sort=negative/);
  const complaints = {};
  for (const r of inRange.filter(negative)) complaints[r.page] = (complaints[r.page] ?? 0) + 1;
  const worst = Object.entries(complaints).sort((a, b) => b[1] - a[1])[0];
  const firstRow = table.locator("tbody tr").first();
  assert.match(await firstRow.locator("th").textContent(), new RegExp(worst[0].replace(/[.?/]/g, "\\$&")));
  assert.equal(await firstRow.locator("td").nth(2).textContent(), String(worst[1]));
  assert.equal(await table.locator("th[aria-sort='descending']").count(), 1);
  await table.getByRole("link", { name: "Not helpful", exact: true }).click();
  await page.waitForURL(/order=asc/);
  assert.equal(await table.locator("th[aria-sort='ascending']").count(), 1);

  // Filter by part of the address: the three billing pages.
  await page.getByLabel("Find a page").fill("billing");
  await page.getByRole("button", { name: "Find" }).click();
  await page.waitForURL(/q=billing/);
  const billing = new Set(inRange.filter((r) => r.page.includes("billing")).map((r) => r.page));
  assert.equal(await table.locator("tbody tr").count(), billing.size);
  assert.match(await page.locator("p.count").textContent(), new RegExp(`^${billing.size} pages match`));
  await page.getByRole("link", { name: "Show all pages" }).click();

  // 90 days by week: 30 pages fit two screens of 25.
  await page.getByLabel("Range").selectOption("90");
  await page.getByLabel("Group by").selectOption("week");
  await page.getByRole("button", { name: "Show" }).click();
  await page.waitForURL(/days=90&by=week/);
  assert.ok((await page.locator("figure.chart svg g").count()) <= 15, "weeks, not days");
  const all = rows.filter((r) => r.created.slice(0, 10) >= new Date(Date.now() - 89 * 86_400_000).toISOString().slice(0, 10));
  assert.equal(await figure(page, "Answers").textContent(), all.length.toLocaleString("en-US"));
  assert.equal(await table.locator("tbody tr").count(), 25);
  await page.getByRole("link", { name: "Next →" }).click();
  assert.equal(await table.locator("tbody tr").count(), new Set(all.map((r) => r.page)).size - 25);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a page's detail shows its reasons and comments, and its CSV holds exactly its answers", async () => {
  const context = await browser.newContext();
  const page = await signIn(context);
  await page.getByLabel("Find a page").fill("refunds");
  await page.getByRole("button", { name: "Find" }).click();
  await page.getByRole("link", { name: /Refunds/ }).click();
  await page.getByRole("heading", { level: 1, name: "Refunds" }).waitFor();

  const mine = inRange.filter((r) => r.page.endsWith("/billing/refunds"));
  assert.equal(await figure(page, "Answers").textContent(), String(mine.length));
  const reasons = mine.flatMap((r) => r.reasons);
  assert.equal(await page.locator("ul.bars li").count(), new Set(reasons).size);
  const comments = mine.filter((r) => r.comment).length;
  assert.match(await page.locator("p.count", { hasText: "comments" }).textContent(), new RegExp(`^${comments} comments`));

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download this page's answers (CSV)" }).click(),
  ]);
  const csv = readFileSync(await download.path(), "utf8").trim().split("\r\n");
  assert.match(download.suggestedFilename(), /^feedback-demo-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv$/);
  assert.deepEqual(csv[0].split(",").slice(-4), ["status", "under_notice", "owner", "team"]);
  assert.equal(csv.length - 1, mine.length);
  const ids = new Set(csv.slice(1).map((line) => line.split(",")[0].replaceAll('"', "")));
  assert.deepEqual([...ids].sort(), mine.map((r) => r.id).sort());
  await context.close();
});

test("the urgent inbox moves an item along with a note, kept in its history", async () => {
  const context = await browser.newContext();
  const page = await signIn(context);
  await page.getByRole("link", { name: /Urgent inbox/ }).click();
  await page.getByRole("heading", { name: "Urgent inbox" }).waitFor();
  const fresh = rows.filter((r) => r.urgent && r.status === "new").sort((a, b) => (a.created < b.created ? 1 : -1));
  assert.equal(await page.getByRole("link", { name: /^New/ }).textContent(), `New (${fresh.length})`);
  assert.equal(await page.locator("article.item").count(), Math.min(fresh.length, 30));

  const card = page.locator(`#item-${fresh[0].id}`);
  assert.equal(await card.locator("blockquote.comment").textContent(), fresh[0].comment);
  await card.getByLabel("Status").selectOption("acknowledged");
  await card.getByLabel("Note (optional)").fill("Called the customer back");
  await card.getByRole("button", { name: "Save" }).click();
  await page.getByRole("status").filter({ hasText: "Saved. The item is now acknowledged." }).waitFor();
  assert.equal(await page.locator(`#item-${fresh[0].id}`).count(), 0, "it left the New tab");
  assert.equal(await page.getByRole("link", { name: /^New/ }).textContent(), `New (${fresh.length - 1})`);

  await page.getByRole("link", { name: /^Acknowledged/ }).click();
  const moved = page.locator(`#item-${fresh[0].id}`);
  await moved.getByText("History (1)").click();
  assert.match(await moved.locator(".history li").textContent(), /New → Acknowledged · by dashboard\s*Called the customer back/);
  const detail = await collector.api(`/v1/sites/demo/feedback/${fresh[0].id}`, { token: DEMO_TOKEN });
  assert.deepEqual(detail.body.history.map((h) => [h.from, h.to, h.note, h.by]), [["new", "acknowledged", "Called the customer back", "dashboard"]]);

  // A form posted from elsewhere changes nothing.
  const cookie = (await context.cookies()).find((c) => c.name === "fb_read");
  const forged = await fetch(`${collector.url}/dashboard/demo/items/${fresh[1].id}/status`, {
    method: "POST",
    headers: { cookie: `fb_read=${cookie.value}`, origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
    body: "status=dismissed",
  });
  assert.equal(forged.status, 403);
  assert.equal((await collector.api(`/v1/sites/demo/feedback/${fresh[1].id}`, { token: DEMO_TOKEN })).body.status, "new");
  await context.close();
});

test("a marketer hands an item to a colleague, finds it by owner, and sees which items are overdue", async () => {
  const context = await browser.newContext();
  const page = await signIn(context);
  await page.goto(`${collector.url}/dashboard/demo/inbox`);
  const cards = page.locator("article.item");
  const id = (await cards.first().getAttribute("id")).replace("item-", "");
  const card = page.locator(`#item-${id}`);
  assert.equal(await card.locator(".owner").textContent().then((t) => t.startsWith("Unassigned")), true);
  await card.getByLabel("Owner").fill("ana@example.com");
  await card.getByRole("button", { name: "Save" }).click();
  await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
  assert.match(await page.locator(`#item-${id} .owner`).textContent(), /^Owner: ana@example\.com/);

  // The team lead looks for Ana's items, then for the ones nobody owns.
  await page.getByRole("form", { name: "Whose items" }).getByLabel("Owner").selectOption("ana@example.com");
  await page.getByRole("button", { name: "Show" }).click();
  await page.waitForURL(/who=ana%40example\.com/);
  assert.deepEqual(await cards.evaluateAll((all) => all.map((a) => a.id)), [`item-${id}`]);
  await page.getByRole("form", { name: "Whose items" }).getByLabel("Owner").selectOption("-");
  await page.getByRole("button", { name: "Show" }).click();
  await page.waitForURL(/who=-/);
  assert.equal(await page.locator(`#item-${id}`).count(), 0);
  assert.ok((await cards.count()) > 0);

  // Urgent items nobody acknowledged within 4 hours are overdue, and say how long they waited.
  const fresh = rows.filter((r) => r.urgent && r.status === "new");
  const old = fresh.filter((r) => Date.now() - Date.parse(r.created) > 4 * 3_600_000);
  await page.getByLabel(/Overdue only/).check();
  await page.getByRole("button", { name: "Show" }).click();
  await page.waitForURL(/overdue=1/);
  const shown = await cards.count();
  assert.ok(shown > 0 && shown <= old.length);
  assert.equal(await page.locator("article.item .badge.overdue").count(), shown, "every item shown is marked overdue");
  assert.match(await cards.first().locator(".owner").textContent(), /waiting \d+ (d|h|min)/);
  await page.screenshot({ path: join(ARTIFACTS, "dashboard-inbox-overdue.png"), fullPage: true });

  // The same over the API: handed over, then to nobody; each hand-over is in the item's history.
  const api = (body) => collector.api(`/v1/sites/demo/feedback/${id}`, { method: "PATCH", token: DEMO_TOKEN, body });
  const handed = await api({ owner: "bo" });
  assert.equal(handed.status, 200, JSON.stringify(handed.body));
  assert.deepEqual([handed.body.owner, handed.body.status], ["bo", "new"]);
  const away = await api({ owner: null, note: "back to the pool" });
  assert.equal(away.body.owner, null);
  assert.deepEqual(away.body.history.map((h) => h.owner), [
    { from: null, to: "ana@example.com" }, { from: "ana@example.com", to: "bo" }, { from: "bo", to: null },
  ]);
  const refused = await api({ owner: "x".repeat(121) });
  assert.equal(refused.status, 422);
  assert.equal(refused.body.errors[0].field, "owner");
  await context.close();
});

test("with many items on screen, every item and its form has a name of its own", async () => {
  const context = await browser.newContext();
  const page = await signIn(context);
  for (const path of ["/dashboard/demo/inbox", `/dashboard/demo/page?days=90&page=${encodeURIComponent("https://docs.example.com/billing/refunds")}`]) {
    await page.goto(`${collector.url}${path}`);
    // The names Chromium computes for assistive technology, not ours: what a screen reader says.
    const cdp = await context.newCDPSession(page);
    const { nodes } = await cdp.send("Accessibility.getFullAXTree");
    const named = (role) => nodes.filter((n) => !n.ignored && n.role?.value === role).map((n) => n.name?.value ?? "");
    const articles = named("article");
    const forms = named("form");
    assert.ok(articles.length >= 2, `${path}: several items on screen (${articles.length})`);
    for (const [role, names] of [["article", articles], ["form", forms]]) {
      assert.ok(names.every((n) => n.trim() !== ""), `${path}: every ${role} has a name`);
      assert.equal(new Set(names).size, names.length, `${path}: no two ${role}s share a name: ${names.join(" | ")}`);
    }
    await cdp.detach();
  }
  await context.close();
});

test("figures update while the dashboard is open, and a visitor's markup shows as text", async () => {
  const context = await browser.newContext();
  const page = await signIn(context);
  const problems = watchProblems(page);
  const before = Number((await figure(page, "Answers").textContent()).replaceAll(",", ""));
  const hostile = `<img src=x onerror="window.__owned=1"><script>window.__owned=2</script> Bold <b>claim</b>`;
  const sent = await collector.api("/v1/feedback", {
    method: "POST",
    body: { site: "demo", page: "https://docs.example.com/billing/refunds", rating: "down", comment: hostile, idempotency_key: "live-update-1" },
  });
  assert.equal(sent.status, 201);
  await eventually(async () => (await figure(page, "Answers").textContent()) === (before + 1).toLocaleString("en-US"), {
    what: "the Answers figure to update without a reload",
  });

  await page.goto(`${collector.url}/dashboard/demo/page?page=${encodeURIComponent("https://docs.example.com/billing/refunds")}`);
  const comment = page.locator("blockquote.comment", { hasText: "Bold" });
  assert.equal(await comment.textContent(), hostile);
  assert.equal(await comment.locator("img, script, b").count(), 0);
  assert.equal(await page.evaluate(() => window.__owned), undefined);
  assert.deepEqual(problems, []);
  await context.close();
});

test("no token, a wrong token or another site's token opens nothing", async () => {
  const bare = await fetch(`${collector.url}/dashboard/demo`, { redirect: "manual" });
  assert.equal(bare.status, 401);
  const text = await bare.text();
  assert.match(text, /Sign in to see this site/);
  assert.doesNotMatch(text, /docs\.example\.com/, "no data on the sign-in page");

  const context = await browser.newContext();
  const wrong = await signIn(context, "fbr_wrong-token");
  await wrong.getByRole("alert").filter({ hasText: "This token does not open site “demo”" }).waitFor();
  assert.equal(new URL(wrong.url()).pathname, "/dashboard/login");
  const other = await signIn(context, otherToken);
  await other.getByRole("alert").filter({ hasText: "This token does not open site “demo”" }).waitFor();

  // Another site's token in demo's cookie, as if planted by hand.
  const planted = await fetch(`${collector.url}/dashboard/demo/inbox`, { headers: { cookie: `fb_read=${otherToken}` } });
  assert.equal(planted.status, 401);
  // Signed in to one site, its cookie is not even sent to another site's screens.
  const shop = await signIn(context, otherToken, "other-shop");
  await shop.getByRole("heading", { name: "Results" }).waitFor();
  assert.equal((await shop.goto(`${collector.url}/dashboard/demo`)).status(), 401);
  // Signing out ends the session.
  await shop.goto(`${collector.url}/dashboard/other-shop`);
  await shop.getByRole("button", { name: "Sign out" }).click();
  assert.equal((await shop.goto(`${collector.url}/dashboard/other-shop`)).status(), 401);
  assert.equal((await fetch(`${collector.url}/dashboard/nope`)).status, 404);
  await context.close();
});

for (const colorScheme of ["light", "dark"]) {
  test(`every screen passes axe-core and is screenshotted (${colorScheme})`, async () => {
    // bypassCSP lets the test inject axe-core; the dashboard's own policy forbids inline scripts.
    const context = await browser.newContext({ colorScheme, viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const found = {};
    const login = await context.newPage();
    await login.goto(`${collector.url}/dashboard?site=demo`);
    found.signIn = await axeViolations(login);
    const page = await signIn(context);
    const screens = {
      overview: "/dashboard/demo?days=90",
      "page-detail": `/dashboard/demo/page?days=90&page=${encodeURIComponent("https://docs.example.com/billing/refunds")}`,
      inbox: "/dashboard/demo/inbox",
    };
    for (const [name, path] of Object.entries(screens)) {
      await page.goto(`${collector.url}${path}`);
      found[name] = await axeViolations(page);
      const file = join(ARTIFACTS, `dashboard-${name}-${colorScheme}.png`);
      await page.screenshot({ path: file });
    }
    await page.emulateMedia({ forcedColors: "active" });
    await page.goto(`${collector.url}/dashboard/demo`);
    found.forcedColors = await axeViolations(page);
    assert.deepEqual(found, { signIn: [], overview: [], "page-detail": [], inbox: [], forcedColors: [] });
    await context.close();
  });
}

test("a site that opts in shows readers how others rated a page, after they answer", async () => {
  const page = "https://docs.example.com/billing/plans";
  const path = `/v1/sites/demo/results?page=${encodeURIComponent(page)}&lang=nl`;
  const closed = await collector.api(path);
  assert.equal(closed.status, 404);
  assert.match(closed.body.detail, /publishes neither its results nor its notes/);

  const opened = await collector.api("/v1/admin/sites/demo", { method: "PATCH", token: ADMIN_TOKEN, body: { public_results: true } });
  assert.equal(opened.body.public_results, true);
  const mine = rows.filter((r) => r.page === page);
  const yes = mine.filter(positive).length;
  const decided = yes + mine.filter(negative).length;
  const { status, body, headers } = await collector.api(path);
  assert.equal(status, 200);
  assert.equal(body.decided, decided);
  assert.equal(body.line, `${Math.round((100 * yes) / decided)}% van ${decided.toLocaleString("nl-NL")} lezers vond deze pagina nuttig.`);
  assert.match(headers.get("cache-control"), /max-age=300/);
  assert.equal((await collector.api("/v1/sites/demo/results?page=nope")).status, 400);

  const host = await startHostSite({
    "/": `<!doctype html><html lang="nl"><title>Plans</title><h1>Plans</h1>
      <script src="${collector.url}/embed.js" data-site="demo" data-page="${page}" data-results async></script>`,
  });
  const context = await browser.newContext();
  try {
    const reader = await context.newPage();
    await reader.goto(host.url);
    const widget = reader.locator(".feedback-widget");
    await widget.getByRole("button", { name: "Ja", exact: true }).waitFor();
    assert.equal(await widget.locator(".results").textContent(), "", "not before the reader answers");
    assert.equal(await widget.locator(".results").isVisible(), false);
    await widget.getByRole("button", { name: "Ja", exact: true }).click();
    await eventually(async () => (await widget.locator(".results").textContent()) === body.line, { what: "the results line" });
    await reader.screenshot({ path: join(ARTIFACTS, "widget-results-line.png") });
  } finally {
    await context.close();
    await host.close();
    await collector.api("/v1/admin/sites/demo", { method: "PATCH", token: ADMIN_TOKEN, body: { public_results: false } });
  }
});
