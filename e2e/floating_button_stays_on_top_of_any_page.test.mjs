// A website owner picks the floating button on pages that fight it: a body with a transform and a
// filter (common for animations), a button mounted inside a small `overflow: hidden` box, and a fixed
// header with the highest z-index there is. The button is drawn in the browser's top layer, so it sits
// in the viewport's corner, on top of everything, and still opens by keyboard and closes with Escape.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser, startCollector, startHostSite } from "./harness.mjs";

let collector;
let browser;
let site;
before(async () => {
  collector = await startCollector({ name: "floating" });
  browser = await launchBrowser();
  const tag = (extra = "") => `<script src="${collector.url}/embed.js" data-site="demo" ${extra} async></script>`;
  const page = (css, body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Floating</title>
    <style>body{margin:0} p{height:3000px} ${css}</style></head><body><h1>An article</h1><p>Long text.</p>${body}</body></html>`;
  site = await startHostSite({
    "/transformed": page("body { transform: translateY(0); filter: saturate(1.1); }", tag('data-placement="floating" data-page="/transformed"')),
    "/clipped": page(
      "#box { position: relative; width: 120px; height: 60px; overflow: hidden; contain: paint; transform: scale(1); z-index: 0; }",
      `<div id="box"><div id="slot"></div></div>${tag('data-page="/clipped"')}<script type="module">
        await new Promise((r) => addEventListener("load", r));
        await window.FeedbackWidget.mount(document.getElementById("slot"), { placement: "floating", page: "/clipped" });
        document.body.dataset.mounted = "yes";</script>`,
    ),
    "/covered": page(
      "header { position: fixed; inset: auto 0 0 0; height: 160px; z-index: 2147483647; background: #222; }",
      `<header>Cookie banner</header>${tag('data-placement="floating" data-page="/covered"')}`,
    ),
  });
});
after(async () => {
  await browser?.close();
  await site?.close();
  await collector?.stop();
});

/** The launcher, and what the page finds at its centre (a shadow host stands for what is inside it). */
async function launcherOnTop(page) {
  const launcher = page.locator("button.launcher");
  await launcher.waitFor();
  const box = await launcher.boundingBox();
  const viewport = page.viewportSize();
  const onTop = await page.evaluate(([x, y]) => {
    const hit = document.elementFromPoint(x, y);
    return hit?.classList.contains("feedback-widget") ? "the widget" : hit?.tagName ?? "nothing";
  }, [box.x + box.width / 2, box.y + box.height / 2]);
  return { launcher, box, viewport, onTop };
}

for (const [path, what] of [
  ["/transformed", "a body with a transform and a filter"],
  ["/clipped", "an overflow: hidden, painted-contained, transformed box"],
  ["/covered", "a fixed header with z-index 2147483647"],
]) {
  test(`under ${what}, the floating button sits in the viewport's corner, on top, and works by keyboard`, async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    await page.goto(`${site.url}${path}`);
    await page.mouse.wheel(0, 1200);
    const { launcher, box, viewport, onTop } = await launcherOnTop(page);
    assert.equal(onTop, "the widget", "nothing covers the button");
    assert.ok(box.x + box.width <= viewport.width && box.y + box.height <= viewport.height, `inside the viewport: ${JSON.stringify(box)}`);
    assert.ok(viewport.width - (box.x + box.width) < 40 && viewport.height - (box.y + box.height) < 40, `in the corner: ${JSON.stringify(box)}`);
    assert.ok(box.width >= 44 && box.height >= 44, "a target a finger can hit");

    await launcher.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "Yes", exact: true }).waitFor();
    const panel = await dialog.boundingBox();
    assert.ok(panel.y >= 0 && panel.y + panel.height <= viewport.height, "the question opens within the viewport");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains("feedback-widget")), true, "the focus is back on the button");
    await page.close();
  });
}
