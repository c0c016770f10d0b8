// A visitor reads the demo install guide, answers "No", is thanked at once, and the vote is counted.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { join } from "node:path";
import { ARTIFACTS, DEMO_TOKEN, eventually, launchBrowser, startCollector, startHostSite } from "./harness.mjs";

// The demo page names its canonical address; that, not the loopback URL, identifies the page.
const GUIDE = "https://docs.acme.example/guide/install";

let collector;
let browser;
before(async () => {
  collector = await startCollector({ name: "visitor-says-no" });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await collector?.stop();
});

test("a visitor answers No, is thanked, and the vote reaches the stats and D1", async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(String(error)));
  page.on("console", (message) => message.type() === "error" && problems.push(message.text()));
  page.on("response", (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));

  await page.goto(`${collector.url}/guide.html`);
  const no = page.getByRole("button", { name: "No", exact: true });
  await no.click();

  await page.getByRole("status").filter({ hasText: "Thank you for your feedback!" }).waitFor();
  assert.equal(await no.getAttribute("aria-pressed"), "true");
  assert.equal(await page.getByRole("button", { name: "Yes" }).getAttribute("aria-pressed"), "false");
  await page.screenshot({ path: join(ARTIFACTS, "demo-page.png"), fullPage: true });

  const counted = await eventually(
    async () => {
      const { body } = await collector.api("/v1/sites/demo/pages", { token: DEMO_TOKEN });
      return body.pages.find((p) => p.page === GUIDE && p.votes === 1);
    },
    { what: "the vote showing in the page results" },
  );
  assert.equal(counted.negative, 1);
  assert.equal(counted.positive, 0);
  assert.equal(counted.helpful_share, 0);

  const rows = await collector.d1("SELECT site_id, page, rating, comment, locale FROM feedback");
  assert.deepEqual(rows, [{ site_id: "demo", page: GUIDE, rating: "down", comment: null, locale: "en" }]);
  assert.deepEqual(problems, [], "the page logged no errors");
});

test("the tag pasted on another site's page works across origins", async () => {
  // The shop is a real server on another loopback port: another origin than the collector.
  const shop = await startHostSite({
    "/shop/kettle": `<!doctype html><html lang="en"><title>Kettle</title><h1>Kettle</h1>
      <script src="${collector.url}/embed.js" data-site="demo" data-page="/shop/kettle" async></script>`,
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${shop.url}/shop/kettle`);
    await page.getByRole("button", { name: "Yes" }).click();
    await page.getByRole("status").filter({ hasText: "Thank you" }).waitFor();

    // data-page is resolved against the shop's address, so the vote belongs to the shop's page.
    const counted = await eventually(
      async () => {
        const { body } = await collector.api("/v1/sites/demo/pages", { token: DEMO_TOKEN });
        return body.pages.find((p) => p.page === `${shop.url}/shop/kettle`);
      },
      { what: "the cross-origin vote showing in the page results" },
    );
    assert.equal(counted.positive, 1);
  } finally {
    await shop.close();
  }
});
