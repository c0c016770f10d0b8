// A newcomer runs the demo and opens http://127.0.0.1:8787/: the home leads to every demo, and each
// works — among them a single-page site with hash routes, where each answer counts for its own page,
// and the e-mail example, which makes signed links and shows the snippet.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { DEMO_TOKEN, eventually, launchBrowser, startCollector } from "./harness.mjs";

let collector;
let browser;
before(async () => {
  collector = await startCollector({ name: "demo-home" });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await collector?.stop();
});

test("the demo home leads to every demo, and every link opens", async () => {
  const page = await browser.newPage();
  await page.goto(`${collector.url}/`);
  const links = await page.locator("ul.demos a").evaluateAll((all) => all.map((a) => [a.textContent.trim(), a.href]));
  const names = links.map(([name]) => name);
  for (const expected of ["A documentation page", "Every mode", "The floating button", "A single-page site", "Thumbs in an e-mail", "The dashboard"]) {
    assert.ok(names.includes(expected), `the home links to ${expected}: ${names}`);
  }
  assert.match(await page.locator("main").textContent(), /demo-read-token/, "the dashboard's demo token is named");
  for (const [name, href] of links) {
    const answer = await fetch(href);
    assert.equal(answer.status, 200, `${name}: ${href}`);
  }
});

test("on the single-page demo, each answer counts for the page it was given on", async () => {
  await collector.d1("DELETE FROM feedback");
  const page = await browser.newPage();
  await page.goto(`${collector.url}/`);
  await page.locator("ul.demos a", { hasText: "A single-page site" }).click();
  const widget = page.locator("#view [data-feedback]");
  await widget.locator('button[data-rating="up"]').click();
  await page.locator("nav.app a", { hasText: "Pricing" }).click();
  await page.locator("h1", { hasText: "Pricing" }).waitFor();
  await widget.locator('button[data-rating="down"]').click();
  await widget.getByRole("status").filter({ hasText: /\S/ }).waitFor();
  const pages = await eventually(async () => {
    const { body } = await collector.api("/v1/sites/demo/feedback", { token: DEMO_TOKEN });
    return body.items.length === 2 && body.items.map((i) => [i.page, i.rating]).sort();
  }, { what: "both answers stored" });
  assert.deepEqual(pages, [["https://shop.acme.example/#/", "up"], ["https://shop.acme.example/#/pricing", "down"]]);
});

test("the e-mail example makes signed links, shows the snippet, and a link opens the landing page", async () => {
  const page = await browser.newPage();
  await page.goto(`${collector.url}/email.html`);
  await page.getByRole("button", { name: "Make the e-mail's links" }).click();
  const links = page.locator("#links a");
  await links.first().waitFor();
  assert.equal(await links.count(), 2, "yes and no");
  const snippet = page.frameLocator("#snippet");
  await snippet.getByText("Was this page helpful?").first().waitFor();
  await page.goto(await links.first().getAttribute("href"));
  await page.getByRole("heading", { name: "Was this page helpful?" }).waitFor();
  assert.equal(await page.locator('input[name="answer"]:checked').getAttribute("value"), "up");
});
