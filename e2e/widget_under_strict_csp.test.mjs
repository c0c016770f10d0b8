// A website owner with a strict Content-Security-Policy: the widget works with exactly what the README
// asks for, and without 'wasm-unsafe-eval' it stays out of sight and tells the developer why.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { eventually, launchBrowser, startCollector } from "./harness.mjs";

let collector;
let browser;
before(async () => {
  collector = await startCollector({ name: "strict-csp" });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await collector?.stop();
});

function listen(page) {
  const heard = { errors: [], violations: [] };
  page.on("pageerror", (error) => heard.errors.push(String(error)));
  page.on("console", (m) => m.type() === "error" && heard.errors.push(m.text()));
  return heard;
}

test("under script-src 'self' 'wasm-unsafe-eval' and style-src 'self' the widget works", async () => {
  const page = await browser.newPage();
  const heard = listen(page);
  const response = await page.goto(`${collector.url}/csp/strict`);
  assert.match(response.headers()["content-security-policy"], /script-src 'self' 'wasm-unsafe-eval'; .*style-src 'self'/);
  await page.evaluate(() => {
    window.violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.violations.push(e.violatedDirective));
  });
  await page.getByRole("button", { name: "No" }).click();
  await page.getByRole("status").filter({ hasText: "Thank you" }).waitFor();
  // Styled as designed: the constructable stylesheet is not blocked by style-src.
  const radius = await page.locator(".feedback-widget .choice").first().evaluate((el) => getComputedStyle(el).borderRadius);
  assert.equal(radius, "999px");
  await eventually(async () => (await collector.d1("SELECT rating FROM feedback WHERE page LIKE '%/csp/strict'")).length === 1);
  assert.deepEqual(await page.evaluate(() => window.violations), []);
  assert.deepEqual(heard.errors, []);
});

test("without 'wasm-unsafe-eval' nothing broken shows, and the console says what to add", async () => {
  const page = await browser.newPage();
  const heard = listen(page);
  await page.goto(`${collector.url}/csp/no-wasm`);
  const message = await eventually(async () => heard.errors.find((e) => e.includes("[feedback widget]")), {
    what: "the widget's console message",
  });
  assert.match(message, /Content-Security-Policy blocks WebAssembly/);
  assert.match(message, /'wasm-unsafe-eval'/);
  const host = page.locator(".feedback-widget");
  assert.equal(await host.evaluate((el) => getComputedStyle(el).display), "none", "no empty box is left behind");
  assert.equal(await page.getByRole("button").count(), 0, "no half-built controls");
  assert.ok(!heard.errors.some((e) => /panicked|RuntimeError|unreachable/.test(e)), heard.errors.join("\n"));
});
