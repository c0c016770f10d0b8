// Visitors come with Chromium, Firefox and Safari's engine, WebKit. In each of the three, a visitor
// answers in every mode, answers on a single-page site before and after a navigation, answers while
// the collector is down and is counted once it is back, and opens the floating button on a page whose
// body has a transform. Each engine is driven by its own WebDriver-style client (e2e/engines.mjs).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ENGINES, until } from "./engines.mjs";
import { buildSite, eventually, serveSite, startCollector, startHostSite } from "./harness.mjs";

let collector;
let shop;
let host;
before(async () => {
  collector = await startCollector({ name: "engines" });
  shop = await serveSite(await buildSite("react-router-shop"), collector.url);
  host = await startHostSite({
    "/floating": `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Floating</title>
      <style>body { margin: 0; transform: translateY(0); filter: saturate(1.1); } p { height: 2000px; }</style></head>
      <body><h1>An article</h1><p>Long text.</p>
      <script src="${collector.url}/embed.js" data-site="demo" data-placement="floating" data-page="/engines/floating" async></script></body></html>`,
  });
});
after(async () => {
  await host?.close();
  await shop?.close();
  await collector?.stop();
});

/** In the page: clicks the answer `rating` of the widget in `host` (a selector) once it is there. */
function clickAnswer({ host, rating }) {
  const button = document.querySelector(host)?.shadowRoot?.querySelector(`button[data-rating="${rating}"]`);
  if (!button) return false;
  button.click();
  return true;
}

/** In the page: the thank-you of the widget in `host`, once it shows. */
function thanked(host) {
  return document.querySelector(host)?.shadowRoot?.querySelector('[role="status"]')?.textContent.trim() || false;
}

/** The stored answers as [page, rating, channel], sorted. */
const stored = async () =>
  (await collector.d1("SELECT page, rating, channel FROM feedback ORDER BY page")).map((r) => [r.page, r.rating, r.channel]);

for (const [engine, open] of ENGINES) {
  describe(engine, () => {
    let browser;
    before(async () => { browser = await open(); });
    after(async () => { await browser?.close(); });

    test(`${engine}: a visitor answers in every mode`, async () => {
      await collector.d1("DELETE FROM feedback");
      const page = await browser.page(`${collector.url}/modes.html`);
      for (const [place, rating] of [['[data-page="/modes/thumbs"]', "down"], ['[data-page="/modes/smileys"]', "happy"], ['[data-page="/modes/kiosk"]', "sad"]]) {
        await until(page, clickAnswer, { host: place, rating }, { what: `the ${rating} answer in ${place}` });
        await until(page, thanked, place, { what: `the thank-you in ${place}` });
      }
      await until(page, (place) => {
        const root = document.querySelector(place)?.shadowRoot;
        const comment = root?.querySelector("textarea");
        const send = root?.querySelector("button.send");
        if (!comment || !send) return false;
        comment.value = "Step 3 is missing on Windows.";
        send.click();
        return true;
      }, '[data-page="/modes/text"]', { what: "the comment sent" });
      const rows = await eventually(async () => { const rows = await stored(); return rows.length === 4 && rows; }, { what: "four answers stored" });
      assert.deepEqual(rows, [
        ["http://127.0.0.1/modes/kiosk", "sad", "kiosk"],
        ["http://127.0.0.1/modes/smileys", "happy", "web"],
        ["http://127.0.0.1/modes/text", null, "web"],
        ["http://127.0.0.1/modes/thumbs", "down", "web"],
      ].map(([path, rating, channel]) => [path.replace("http://127.0.0.1", collector.url), rating, channel]));
      await page.close();
    });

    test(`${engine}: on a single-page site, each answer counts for the page it was given on`, async () => {
      await collector.d1("DELETE FROM feedback");
      const article = "main [data-feedback]";
      const page = await browser.page(`${shop.url}/pricing`);
      await until(page, clickAnswer, { host: article, rating: "up" }, { what: "the answer on Pricing" });
      await until(page, thanked, article, { what: "the thank-you on Pricing" });
      await page.run(() => [...document.querySelectorAll("nav a")].find((a) => a.textContent === "Delivery").click());
      // The page's own widget again, for the new page: nothing chosen yet.
      await until(page, (place) => {
        const root = document.querySelector(place)?.shadowRoot;
        return location.pathname === "/delivery" && Boolean(root?.querySelector("button.choice")) && !root.querySelector('button[aria-pressed="true"]');
      }, article, { what: "the widget for Delivery" });
      await until(page, clickAnswer, { host: article, rating: "down" }, { what: "the answer on Delivery" });
      assert.equal(await page.run(() => performance.getEntriesByType("navigation").length), 1, "no reload");
      const rows = await eventually(async () => { const rows = await stored(); return rows.length === 2 && rows; }, { what: "both answers stored" });
      assert.deepEqual(rows, [
        ["https://shop.acme.example/delivery", "down", "web"],
        ["https://shop.acme.example/pricing", "up", "web"],
      ]);
      await page.close();
    });

    test(`${engine}: an answer given while the collector is down is stored once it is back`, async () => {
      await collector.d1("DELETE FROM feedback");
      const place = '[data-page="/modes/thumbs"]';
      const page = await browser.page(`${collector.url}/modes.html`);
      await until(page, (host) => Boolean(document.querySelector(host)?.shadowRoot?.querySelector("button.choice")), place, { what: "the widget" });
      await collector.halt();
      try {
        await until(page, clickAnswer, { host: place, rating: "up" }, { what: "the answer" });
        await until(page, thanked, place, { what: "the thank-you, at once" });
      } finally {
        await collector.resume();
      }
      const rows = await eventually(async () => { const rows = await stored(); return rows.length > 0 && rows; }, { ms: 90_000, what: "the answer stored after the outage" });
      assert.deepEqual(rows, [[`${collector.url}/modes/thumbs`, "up", "web"]]);
      await page.close();
    });

    test(`${engine}: the floating button is on top under a transformed body, opens and closes`, async () => {
      const page = await browser.page(`${host.url}/floating`);
      const onTop = await until(page, () => {
        const corner = document.querySelector(".feedback-widget");
        const launcher = corner?.shadowRoot?.querySelector("button.launcher");
        if (!launcher) return false;
        const box = launcher.getBoundingClientRect();
        const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
        return { hit: hit === corner, right: innerWidth - box.right, bottom: innerHeight - box.bottom, width: box.width };
      }, undefined, { what: "the floating button" });
      assert.equal(onTop.hit, true, "nothing covers the button");
      assert.ok(onTop.right >= 0 && onTop.right < 40 && onTop.bottom >= 0 && onTop.bottom < 40, `in the corner: ${JSON.stringify(onTop)}`);
      await page.run(() => document.querySelector(".feedback-widget").shadowRoot.querySelector("button.launcher").click());
      await until(page, () => {
        const panel = document.querySelector(".feedback-widget").shadowRoot.querySelector('[role="dialog"]');
        return !panel.hidden && Boolean(panel.querySelector("button.choice"));
      }, undefined, { what: "the question open" });
      const closed = await until(page, () => {
        const root = document.querySelector(".feedback-widget").shadowRoot;
        root.querySelector('[role="dialog"]').dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
        return root.querySelector('[role="dialog"]').hidden && root.activeElement?.classList.contains("launcher") ? "closed" : false;
      }, undefined, { what: "Escape closing the question" });
      assert.equal(closed, "closed");
      await page.close();
    });
  });
}
