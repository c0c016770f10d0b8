// A website owner puts the widget on real pages: inline where they mark it, after the tag, as a
// floating button, twice on one page, through the JavaScript API, and on a page whose CSS is hostile.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { join } from "node:path";
import { ARTIFACTS, eventually, launchBrowser, startCollector, startHostSite, watchProblems } from "./harness.mjs";

let collector;
let browser;
let site;
before(async () => {
  collector = await startCollector({ name: "placements" });
  browser = await launchBrowser();
  const tag = (extra = "") => `<script src="${collector.url}/embed.js" data-site="demo" ${extra} async></script>`;
  const article = (body, css = "") => `<!doctype html><html lang="en"><head><meta charset="utf-8">
    <title>Article</title><style>body{margin:0;width:800px} ${css}</style></head><body>${body}</body></html>`;
  // The hostile page does what careless global CSS does; the reference page is the same without it.
  const hostile = `* { all: unset !important; } button { display: none !important; }
    html { font-size: 48px; } body, div { font: 900 40px/3 "Comic Sans MS", cursive; color: red;
    letter-spacing: 6px; text-transform: uppercase; text-align: right; } svg { width: 400px !important; }`;
  site = await startHostSite({
    "/two": article(`<h1>Two questions</h1><div data-feedback data-page="/two/a"></div>
      <p>Between them, some text.</p><div data-feedback data-page="/two/b" data-mode="smileys"></div>${tag()}`),
    "/after": article(`<h1>After the tag</h1>${tag('data-page="/after"')}<p id="next">Next paragraph</p>`),
    "/api": article(`<h1>API</h1><div id="mine"></div>${tag()}<script type="module">
      await new Promise((r) => addEventListener("load", r));
      await window.FeedbackWidget.mount(document.getElementById("mine"), { page: "/api", mode: "smileys" });
      document.body.dataset.mounted = "yes";</script>`),
    "/modes": article(["thumbs", "smileys", "text", "kiosk"]
      .map((mode) => `<div data-feedback data-mode="${mode}" data-page="/reserved/${mode}"></div>`).join("") + tag()),
    "/reference": article(`<div data-feedback data-page="/styled"></div>${tag('data-theme="light"')}`),
    "/hostile": article(`<div data-feedback data-page="/styled"></div>${tag('data-theme="light"')}`, hostile),
  });
});
after(async () => {
  await browser?.close();
  await site?.close();
  await collector?.stop();
});

const pagesCounted = async () => {
  const { body } = await collector.api("/v1/sites/demo/pages", { token: "demo-read-token" });
  return Object.fromEntries(body.pages.map((p) => [new URL(p.page).pathname, p]));
};

test("two widgets on one page answer independently, each for its own page", async () => {
  const page = await browser.newPage();
  const problems = watchProblems(page);
  await page.goto(`${site.url}/two`);
  const [a, b] = [page.locator('[data-page="/two/a"]'), page.locator('[data-page="/two/b"]')];
  await a.getByRole("button", { name: "Yes" }).click();
  await b.getByRole("button", { name: "Bad" }).click();
  assert.equal(await a.getByRole("button", { name: "Yes" }).getAttribute("aria-pressed"), "true");
  assert.equal(await b.getByRole("button", { name: "Bad" }).getAttribute("aria-pressed"), "true");
  // The reasons belong to the widget that was answered No-like, not to the other one.
  assert.equal(await a.getByRole("button", { name: "Incorrect" }).count(), 0);
  assert.equal(await b.getByRole("button", { name: "Incorrect" }).count(), 1);
  const counted = await eventually(async () => {
    const pages = await pagesCounted();
    return pages["/two/a"] && pages["/two/b"] && pages;
  });
  assert.equal(counted["/two/a"].positive, 1);
  assert.equal(counted["/two/b"].negative, 1);
  assert.deepEqual(problems, []);
});

test("without a marked element the widget appears right after the tag, in space reserved before it loads", async () => {
  const page = await browser.newPage();
  // Layout shifts after the loader reserved the space: the widget's own arrival must cause none.
  await page.addInitScript(() => {
    window.shiftsAfterReserve = [];
    new PerformanceObserver((list) => {
      const reservedAt = window.reservedAt ?? Infinity;
      for (const e of list.getEntries()) if (e.startTime > reservedAt) window.shiftsAfterReserve.push(e.value);
    }).observe({ type: "layout-shift", buffered: true });
    // The moment the widget itself arrives: its shadow root is attached (long after the reservation).
    const watch = () => {
      if (document.querySelector(".feedback-widget")?.shadowRoot) window.reservedAt = performance.now();
      else requestAnimationFrame(watch);
    };
    requestAnimationFrame(watch);
  });
  await page.goto(`${site.url}/after`);
  const host = page.locator(".feedback-widget");
  // Reserved at once, before the wasm arrives, so nothing below it moves when it appears.
  const reserved = await host.evaluate((el) => el.getBoundingClientRect().height);
  assert.ok(reserved >= 100, `reserved ${reserved}px`);
  await page.getByRole("button", { name: "Yes" }).waitFor();
  assert.equal(await host.evaluate((el) => el.getBoundingClientRect().height), reserved, "the card fits its space");
  const order = await page.evaluate(() => {
    const host = document.querySelector(".feedback-widget");
    return [host.previousElementSibling.tagName, host.nextElementSibling.id];
  });
  assert.deepEqual(order, ["SCRIPT", "next"]);
  assert.ok(await page.evaluate(() => window.reservedAt > 0));
  assert.deepEqual(await page.evaluate(() => window.shiftsAfterReserve), [], "the widget's arrival shifted nothing");
});

test("in every mode the space reserved before the widget loads is the question's own height", async () => {
  const page = await browser.newPage();
  await page.goto(`${site.url}/modes`);
  const hosts = page.locator("[data-feedback]");
  // Before the wasm arrives: the loader's reservation.
  const reserved = await hosts.evaluateAll((all) => all.map((h) => [h.dataset.mode, h.getBoundingClientRect().height]));
  await page.waitForFunction(() => [...document.querySelectorAll("[data-feedback]")].every((h) => h.shadowRoot?.querySelector(".fb")));
  // After: the card's own height, measured without any minimum: no empty band under the buttons.
  const natural = await hosts.evaluateAll((all) => all.map((h) => {
    const card = h.shadowRoot.querySelector(".fb");
    card.style.minHeight = "0";
    const height = card.getBoundingClientRect().height;
    card.style.minHeight = "";
    return [h.dataset.mode, height];
  }));
  assert.deepEqual(reserved, natural);
  assert.deepEqual(reserved.map(([, height]) => height > 100), [true, true, true, true], "space is reserved at all");
});

test("a page's own script mounts a widget through window.FeedbackWidget", async () => {
  const page = await browser.newPage();
  await page.goto(`${site.url}/api`);
  await page.locator("body[data-mounted=yes]").waitFor();
  await page.locator("#mine").getByRole("button", { name: "Okay" }).click();
  await eventually(async () => (await pagesCounted())["/api"]?.neutral === 1, { what: "the API widget's vote" });
});

test("the floating button opens the question, Escape closes it and gives the focus back", async () => {
  const page = await browser.newPage();
  await page.goto(`${collector.url}/floating.html`);
  const launcher = page.getByRole("button", { name: "Feedback" });
  assert.equal(await launcher.getAttribute("aria-expanded"), "false");
  await launcher.click();
  assert.equal(await launcher.getAttribute("aria-expanded"), "true");
  const dialog = page.getByRole("dialog", { name: "Page feedback" });
  await dialog.waitFor();
  // The first answer takes the focus when the panel opens.
  await eventually(async () => (await dialog.getByRole("button", { name: "Yes" }).evaluate(
    (el) => el.getRootNode().activeElement === el)), { what: "focus on the first answer" });
  await dialog.getByRole("button", { name: "No" }).click();
  await dialog.getByRole("status").filter({ hasText: "Thank you" }).waitFor();
  // The pressed answer's colour fades in; the picture shows it settled.
  await dialog.evaluate((el) => Promise.all(el.getRootNode().getAnimations().map((a) => a.finished)));
  await page.screenshot({ path: join(ARTIFACTS, "floating.png") });
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "hidden" });
  assert.equal(await launcher.evaluate((el) => el.getRootNode().activeElement === el), true);
  const box = await launcher.boundingBox();
  const viewport = page.viewportSize();
  assert.ok(box.x + box.width > viewport.width - 40 && box.y + box.height > viewport.height - 40, "in the corner");
  await eventually(async () => (await pagesCounted())["/pricing"]?.negative === 1, { what: "the floating vote" });
});

test("a hostile page's CSS changes nothing in the widget", async () => {
  // Every element in the widget: its box and the styles that show.
  const measure = (page) =>
    page.locator(".feedback-widget").evaluate((host) => {
      const seen = [];
      const walk = (node) => {
        for (const el of node.children) {
          const s = getComputedStyle(el);
          const r = el.getBoundingClientRect();
          seen.push([el.tagName, el.className?.baseVal ?? el.className, Math.round(r.width), Math.round(r.height),
            s.display, s.fontSize, s.fontWeight, s.color, s.backgroundColor, s.letterSpacing, s.textTransform].join(" "));
          walk(el);
        }
      };
      // The host's width is the page's layout; from the card inward everything is the widget's.
      walk(host.shadowRoot.querySelector(".fb-root"));
      return { host: getComputedStyle(host).display, seen };
    });
  const page = await browser.newPage();
  await page.goto(`${site.url}/reference`);
  await page.getByRole("button", { name: "Yes" }).waitFor();
  const reference = await measure(page);
  const widgetShot = async (p, name) => p.locator(".feedback-widget").screenshot({ path: join(ARTIFACTS, name) });
  await widgetShot(page, "styled-reference.png");
  await page.goto(`${site.url}/hostile`);
  await page.getByRole("button", { name: "Yes" }).waitFor();
  const hostile = await measure(page);
  await widgetShot(page, "styled-hostile.png");
  assert.ok(reference.seen.length > 8);
  assert.deepEqual(hostile, reference);
});
