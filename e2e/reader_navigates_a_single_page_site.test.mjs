// A reader on a site that navigates without reloading: a VitePress docs site and a React Router shop,
// both built from the npm registry at pinned versions (e2e/sites/), with the tag pasted as the README
// says, a placeholder at the end of every page and one in the site's footer. The reader answers,
// moves on through the site's own links, answers again, goes back and reloads: each page's counts are
// exactly what the reader did there. A hundred navigations later, nothing has piled up.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { DEMO_TOKEN, buildSite, eventually, launchBrowser, serveSite, startCollector } from "./harness.mjs";

let collector;
let browser;
const sites = {};
before(async () => {
  collector = await startCollector({ name: "single-page-sites" });
  browser = await launchBrowser();
  for (const name of ["vitepress-docs", "react-router-shop"]) {
    sites[name] = await serveSite(await buildSite(name), collector.url);
  }
});
after(async () => {
  await browser?.close();
  for (const site of Object.values(sites)) await site.close();
  await collector?.stop();
});

/** Every stored item as [page, rating], sorted: what the read API says the reader did. */
async function answersByPage() {
  const { body } = await collector.api("/v1/sites/demo/feedback?limit=100", { token: DEMO_TOKEN });
  return body.items.map((item) => [item.page, item.rating]).sort();
}

/** Waits until no answer is left in the widget's outbox: everything the reader did is stored. */
async function delivered(page) {
  await eventually(async () => (await page.evaluate(() => localStorage.getItem("feedback-widget:outbox:v1") ?? "{}")) === "{}", {
    what: "the outbox emptied",
  });
}

/** Answers `rating` in the widget inside `place` once it is there, and waits for the thank-you. */
async function answer(place, rating) {
  const button = place.locator(`button[data-rating="${rating}"]`);
  await button.waitFor();
  await button.click();
  await place.getByRole("status").filter({ hasText: /\S/ }).waitFor();
}

/** Waits until the widget in `place` is the new page's: a page the reader has not answered shows no
 * answer chosen (a router may keep the element, and the widget is mounted again a moment later). */
async function fresh(place) {
  await place.locator("button.choice").first().waitFor();
  await eventually(async () => (await place.locator('button[aria-pressed="true"]').count()) === 0, { what: "the widget for the new page" });
}

/** The answer the widget in `place` shows as chosen, once it shows one. */
async function chosen(place) {
  const pressed = place.locator('button[aria-pressed="true"]');
  await pressed.waitFor();
  return pressed.getAttribute("data-rating");
}

/** Marks the document, so a full reload (which a single-page site must not do) would show. */
const markDocument = (page) => page.evaluate(() => { window.__sameDocument = true; });
const sameDocument = (page) => page.evaluate(() => window.__sameDocument === true);

test("on a VitePress docs site, every page's answers count for that page, through navigation, Back and reload", async () => {
  await collector.d1("DELETE FROM feedback");
  const page = await browser.newPage();
  const doc = page.locator(".vp-doc [data-feedback]");
  const footer = page.locator("footer.site-feedback [data-feedback]");
  const sidebar = (name) => page.locator(".VPSidebar a", { hasText: name });

  await page.goto(`${sites["vitepress-docs"].url}/guide/first`);
  await markDocument(page);
  await answer(doc, "up");
  await sidebar("Configuration").click();
  await page.waitForURL(/\/guide\/second$/);
  await page.locator("h1", { hasText: "Configuration" }).waitFor();
  await fresh(doc);
  await answer(doc, "down");
  await sidebar("Troubleshooting").click();
  await page.waitForURL(/\/guide\/third$/);
  // The footer's widget stayed on the page; it must follow the reader to this page.
  await answer(footer, "happy");
  assert.ok(await sameDocument(page), "the site navigated without reloading");

  await page.goBack();
  await page.waitForURL(/\/guide\/second$/);
  assert.equal(await chosen(doc), "down", "back on a page, the reader sees their answer there");
  await delivered(page);
  await page.reload();
  assert.equal(await chosen(doc), "down", "and after a reload");

  assert.deepEqual(await answersByPage(), [
    ["https://docs.acme.example/guide/first", "up"],
    ["https://docs.acme.example/guide/second", "down"],
    ["https://docs.acme.example/guide/third", "happy"],
  ]);
  await page.close();
});

test("in a React Router shop, the same, and a widget mounted through the page's API keeps its own page", async () => {
  await collector.d1("DELETE FROM feedback");
  const shop = sites["react-router-shop"].url;
  const page = await browser.newPage();
  const article = page.locator("main [data-feedback]");
  const footer = page.locator("footer.site-feedback [data-feedback]");
  const nav = (name) => page.locator("nav a", { hasText: name });

  await page.goto(`${shop}/`);
  await markDocument(page);
  await answer(article, "up");
  await nav("Pricing").click();
  await page.waitForURL(/\/pricing$/);
  await page.locator("h1", { hasText: "Pricing" }).waitFor();
  await fresh(article);
  await answer(article, "down");
  await nav("Delivery").click();
  await page.waitForURL(/\/delivery$/);
  await answer(footer, "happy");
  await nav("Contact").click();
  await page.waitForURL(/\/contact$/);
  await answer(page.locator(".contact-feedback"), "up");
  assert.ok(await sameDocument(page), "the shop navigated without reloading");

  await page.goBack();
  await page.goBack();
  await page.waitForURL(/\/pricing$/);
  assert.equal(await chosen(article), "down");
  await delivered(page);
  await page.reload();
  assert.equal(await chosen(article), "down");

  assert.deepEqual(await answersByPage(), [
    [`${shop}/contact/form`, "up"],
    ["https://shop.acme.example/", "up"],
    ["https://shop.acme.example/delivery", "happy"],
    ["https://shop.acme.example/pricing", "down"],
  ].sort());
  await page.close();
});

test("a hundred navigations leave no listeners, nodes, widgets or wasm memory behind", async () => {
  const page = await browser.newPage();
  // The widget's linear memory, caught as the browser instantiates it (a test's window, not the product's).
  await page.addInitScript(() => {
    const keep = (result) => {
      const memory = Object.values((result.instance ?? result).exports).find((e) => e instanceof WebAssembly.Memory);
      (globalThis.__wasmMemories ??= []).push(memory);
      return result;
    };
    for (const name of ["instantiate", "instantiateStreaming"]) {
      const original = WebAssembly[name];
      WebAssembly[name] = (...args) => original.apply(WebAssembly, args).then(keep);
    }
  });
  const cdp = await page.context().newCDPSession(page);
  // A widget taken off the page while work of its own is still under way (a request, a timer) lives
  // until that work ends: collect until the count of nodes stops falling (a leak's never does), at
  // most ten times (one CI run counted 199 → 351 nodes after a single collection).
  const collected = async () => {
    let last = Infinity;
    for (let i = 0; i < 10; i++) {
      await cdp.send("HeapProfiler.collectGarbage");
      await cdp.send("HeapProfiler.collectGarbage");
      const counters = await cdp.send("Memory.getDOMCounters");
      if (counters.nodes >= last) return counters;
      last = counters.nodes;
      await page.waitForTimeout(250);
    }
    return cdp.send("Memory.getDOMCounters");
  };
  const settle = async () => {
    const { nodes, jsEventListeners } = await collected();
    const { usedSize } = await cdp.send("Runtime.getHeapUsage");
    const [hosts, wasmBytes] = await page.evaluate(() => [
      document.querySelectorAll(".feedback-widget").length,
      (globalThis.__wasmMemories ?? []).reduce((sum, memory) => sum + memory.buffer.byteLength, 0),
    ]);
    return { nodes, jsEventListeners, usedSize, hosts, wasmBytes };
  };
  const article = page.locator("main [data-feedback]");
  // One round: to Delivery and back to Pricing, each page's widget shown before moving on.
  const round = async () => {
    for (const [name, path] of [["Delivery", /\/delivery$/], ["Pricing", /\/pricing$/]]) {
      await page.locator("nav a", { hasText: name }).click();
      await page.waitForURL(path);
      await article.locator('button[data-rating="up"]').waitFor();
      await page.locator("footer.site-feedback button[data-rating='happy']").waitFor();
    }
  };
  await page.goto(`${sites["react-router-shop"].url}/pricing`);
  await article.locator('button[data-rating="up"]').waitFor();
  // Warmed up first: the engine's own caches grow for a while on any page.
  for (let i = 0; i < 25; i++) await round();
  const before = await settle();
  for (let i = 0; i < 50; i++) await round();
  const later = await settle();
  console.log(`after 50 navigations ${JSON.stringify(before)}; after 150 ${JSON.stringify(later)}`);
  assert.ok(before.wasmBytes > 0, "the widget's memory was caught");
  assert.equal(later.wasmBytes, before.wasmBytes, "the widget's wasm memory did not grow");
  assert.equal(later.hosts, 2, "the page's placeholder and the footer's, nothing else");
  assert.ok(later.jsEventListeners <= before.jsEventListeners, `listeners grew: ${before.jsEventListeners} → ${later.jsEventListeners}`);
  // A widget is some sixty nodes: a leak of a hundred would add thousands; a few are the engine's.
  assert.ok(later.nodes <= before.nodes + 16, `DOM nodes grew: ${before.nodes} → ${later.nodes}`);
  // The JS heap moves with the engine's own caches; a leak of widgets would add megabytes.
  assert.ok(later.usedSize < before.usedSize + 1_000_000, `the JS heap grew by ${later.usedSize - before.usedSize} B`);
  await page.close();
});
