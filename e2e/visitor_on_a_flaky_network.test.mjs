// A visitor on a train: the network drops, comes back, the collector stumbles, the visitor clicks
// twice and reloads. Whatever happens, what they said arrives exactly once.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { eventually, launchBrowser, startCollector } from "./harness.mjs";

let collector;
let browser;
before(async () => {
  collector = await startCollector({ name: "flaky-network" });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await collector?.stop();
});

const rowsFor = (path) =>
  collector.d1(`SELECT rating, reasons, comment, revision FROM feedback WHERE page LIKE '%${path}'`);
const widget = (page, path) => page.locator(`[data-page="${path}"]`);

test("offline: the visitor votes and comments, the network returns, exactly one record arrives", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${collector.url}/modes.html`);
  const thumbs = widget(page, "/modes/thumbs");
  await thumbs.getByRole("button", { name: "No" }).waitFor();
  await context.setOffline(true);
  await thumbs.getByRole("button", { name: "No" }).click();
  // Thanked at once although nothing could be sent.
  await thumbs.getByRole("status").filter({ hasText: "Thank you for your feedback!" }).waitFor();
  await thumbs.getByLabel("How can we improve this page? (optional)").fill("Written on a train.");
  await thumbs.getByRole("button", { name: "Send" }).click();
  await thumbs.getByRole("status").filter({ hasText: "we received your comment" }).waitFor();
  // Kept for later, not lost: one item under one key, the newest revision.
  const kept = await page.evaluate(() => JSON.parse(localStorage.getItem("feedback-widget:outbox:v1")));
  const [item] = Object.values(kept);
  assert.equal(Object.keys(kept).length, 1);
  assert.equal(JSON.parse(item.body).comment, "Written on a train.");
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.deepEqual(await rowsFor("/modes/thumbs"), []);

  await context.setOffline(false);
  const rows = await eventually(async () => (await rowsFor("/modes/thumbs")).length > 0 && rowsFor("/modes/thumbs"), {
    what: "the kept item arriving once the browser is online",
  });
  assert.deepEqual(rows, [{ rating: "down", reasons: "[]", comment: "Written on a train.", revision: 1 }]);
  await eventually(async () => (await page.evaluate(() => localStorage.getItem("feedback-widget:outbox:v1"))) === "{}", {
    what: "the outbox emptying",
  });
  await context.close();
});

test("the collector answers 503 twice: the widget retries with the same key and one item is stored", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  let refused = 0;
  const keys = new Set();
  await page.route("**/v1/feedback", async (route) => {
    keys.add(JSON.parse(route.request().postData()).idempotency_key);
    if (refused < 2) {
      refused++;
      return route.fulfill({ status: 503, contentType: "application/problem+json", body: "{}" });
    }
    return route.continue();
  });
  await page.goto(`${collector.url}/modes.html`);
  await widget(page, "/modes/smileys").getByRole("button", { name: "Okay" }).click();
  const rows = await eventually(async () => (await rowsFor("/modes/smileys")).length && rowsFor("/modes/smileys"), {
    ms: 20_000,
    what: "the third attempt storing the item",
  });
  assert.equal(refused, 2);
  assert.equal(keys.size, 1, "every attempt carried one idempotency key");
  assert.deepEqual(rows.map((r) => r.rating), ["neutral"]);
  await context.close();
});

test("a double-click and a reload store one vote; the returning visitor sees it and changes it", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const posts = [];
  page.on("request", (r) => r.url().endsWith("/v1/feedback") && r.method() === "POST" && posts.push(r));
  await page.goto(`${collector.url}/modes.html`);
  const yes = () => widget(page, "/modes/dark").getByRole("button", { name: "Yes" });
  await yes().dblclick();
  await eventually(async () => (await rowsFor("/modes/dark")).length === 1);
  assert.equal(posts.length, 1, "the second click sent nothing");

  await page.reload();
  await widget(page, "/modes/dark").getByText("Your earlier answer is selected. You can change it.").waitFor();
  assert.equal(await yes().getAttribute("aria-pressed"), "true");
  await yes().click();
  await widget(page, "/modes/dark").getByRole("button", { name: "No" }).click();
  const rows = await eventually(async () => {
    const rows = await rowsFor("/modes/dark");
    return rows[0]?.rating === "down" && rows;
  }, { what: "the changed answer" });
  assert.deepEqual(rows.map((r) => [r.rating, r.revision]), [["down", 1]]);
  const { body } = await collector.api("/v1/sites/demo/pages", { token: "demo-read-token" });
  const dark = body.pages.find((p) => p.page.endsWith("/modes/dark"));
  assert.deepEqual([dark.votes, dark.negative, dark.positive], [1, 1, 0]);
  await context.close();
});

test("a late retry of an older revision does not undo a newer answer", async () => {
  const base = {
    site: "demo", page: `${collector.url}/modes/late`, idempotency_key: "late-retry-key-1",
  };
  const post = (body) => fetch(`${collector.url}/v1/feedback`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...base, ...body }),
  });
  assert.equal((await post({ rating: "up", revision: 0 })).status, 201);
  assert.equal((await post({ rating: "down", revision: 1 })).status, 200);
  const late = await post({ rating: "up", revision: 0 });
  assert.equal(late.status, 200);
  assert.equal((await late.json()).outcome, "duplicate");
  assert.deepEqual(await rowsFor("/modes/late"), [{ rating: "down", reasons: "[]", comment: null, revision: 1 }]);
});
