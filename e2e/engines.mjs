// The three browser engines visitors use, behind one small interface, for the stories that must hold
// in every one of them: Chromium (Debian's, through playwright-core), Firefox (Debian's ESR, through
// puppeteer-core over WebDriver BiDi, no geckodriver) and WebKit (WebKitGTK's MiniBrowser through
// WebKitWebDriver and selenium-webdriver, on a virtual display that Xvfb provides).
//
// A story drives a page by running JavaScript in it, so one story reads the same in every engine:
// `page.run(fn, arg)` runs `fn(arg)` in the page and answers its result; `until(page, fn, arg)` waits
// until it answers something truthy.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import puppeteer from "puppeteer-core";
import { Builder } from "selenium-webdriver";
import { eventually } from "./harness.mjs";

const MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

/** A WebDriver script that runs `fn(arguments[0])` and returns its result (awaited by the driver). */
const call = (fn) => `return (${fn})(arguments[0]);`;

/** The interface over a browser whose pages speak playwright's and puppeteer's common dialect. */
function pagesOf(browser) {
  return {
    async page(url) {
      const page = await browser.newPage();
      await page.goto(url);
      return {
        run: (fn, arg) => page.evaluate(fn, arg),
        goto: (to) => page.goto(to),
        close: () => page.close(),
      };
    },
    close: () => browser.close(),
  };
}

/** Chromium, as every other story runs it. */
async function openChromium() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  return pagesOf(browser);
}

/** Debian's Firefox ESR over WebDriver BiDi, with a profile of its own that never calls home. */
async function openFirefox() {
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: process.env.FIREFOX_PATH || "/usr/bin/firefox-esr",
    headless: true,
    extraPrefsFirefox: {
      "network.captive-portal-service.enabled": false,
      "browser.safebrowsing.malware.enabled": false,
      "browser.safebrowsing.phishing.enabled": false,
      "app.update.enabled": false,
      "toolkit.telemetry.enabled": false,
      "datareporting.policy.dataSubmissionEnabled": false,
      "network.connectivity-service.enabled": false,
    },
  });
  return pagesOf(browser);
}

/** A free X display number for Xvfb. */
function freeDisplay() {
  for (let n = 90; n < 190; n++) if (!existsSync(`/tmp/.X11-unix/X${n}`) && !existsSync(`/tmp/.X${n}-lock`)) return n;
  throw new Error("no free X display between :90 and :189");
}

/** WebKitGTK's MiniBrowser through WebKitWebDriver, on an Xvfb display of its own. */
async function openWebKit() {
  const display = freeDisplay();
  const xvfb = spawn("Xvfb", [`:${display}`, "-screen", "0", "1280x900x24", "-nolisten", "tcp"], { detached: true, stdio: "ignore" });
  const stopXvfb = () => { try { process.kill(-xvfb.pid, "SIGTERM"); } catch { /* already gone */ } };
  await eventually(() => existsSync(`/tmp/.X11-unix/X${display}`), { ms: 10_000, what: "Xvfb's display" });
  const home = mkdtempSync(join(tmpdir(), "webkit-"));
  process.env.DISPLAY = `:${display}`;
  let driver;
  try {
    driver = await new Builder()
      .withCapabilities({
        browserName: "MiniBrowser",
        "webkitgtk:browserOptions": { binary: MINIBROWSER, args: ["--automation"] },
      })
      .usingServer(await webDriverServer(home, display))
      .build();
  } catch (error) {
    stopXvfb();
    throw error;
  }
  return {
    async page(url) {
      await driver.get(url);
      return {
        run: (fn, arg) => driver.executeScript(call(fn), arg),
        goto: (to) => driver.get(to),
        close: async () => {},
      };
    },
    close: async () => {
      await driver.quit().catch(() => {});
      await stopWebDriver();
      stopXvfb();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

let webDriver;
/** Starts WebKitWebDriver on a free loopback port in its own process group; answers its address. */
async function webDriverServer(home, display) {
  const port = 4444 + Math.floor(Math.random() * 1000);
  webDriver = spawn("WebKitWebDriver", [`--port=${port}`, "--host=127.0.0.1"], {
    detached: true,
    stdio: "ignore",
    env: { ...process.env, HOME: home, DISPLAY: `:${display}`, WEBKIT_DISABLE_COMPOSITING_MODE: "1" },
  });
  const url = `http://127.0.0.1:${port}`;
  await eventually(async () => (await fetch(`${url}/status`).catch(() => null))?.ok, { ms: 15_000, what: "WebKitWebDriver" });
  return url;
}

async function stopWebDriver() {
  try { process.kill(-webDriver.pid, "SIGTERM"); } catch { /* already gone */ }
}

/** Every engine a story runs in: name and how to open it. */
export const ENGINES = [
  ["Chromium", openChromium],
  ["Firefox", openFirefox],
  ["WebKit", openWebKit],
];

/** Waits until `fn` run in `page` answers something truthy; that answer. */
export function until(page, fn, arg, { ms = 20_000, what = "the page" } = {}) {
  return eventually(() => page.run(fn, arg), { ms, what });
}
