// What the widget costs the page it sits on, in Chromium: long tasks, total blocking time and layout
// shift on a realistic article with and without the widget, and the time from the loader's request to
// the widget's buttons on screen; cold (new profile) and warm (reload), LOADS loads each. Beside it,
// the same article with Sentry's feedback widget (@sentry/browser + feedbackIntegration, bundled with
// esbuild, its DSN on loopback so nothing leaves the machine). Writes its section of BENCHMARKS.md.
// Run after ./scripts/build:   node bench/host_page_cost.mjs
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { cpus } from "node:os";
import { join } from "node:path";
import { ROOT, launchBrowser, startCollector } from "../e2e/harness.mjs";
import { writeSection } from "./sections.mjs";

const LOADS = 20;
const PROBE = `document.querySelector(".feedback-widget") && document.querySelector(".feedback-widget").shadowRoot && document.querySelector(".feedback-widget").shadowRoot.querySelector("button")`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Sentry's widget, bundled as a page would ship it.
const work = join(ROOT, "target", "peers");
mkdirSync(work, { recursive: true });
writeFileSync(join(work, "sentry-host.mjs"), `import { init, feedbackIntegration } from "@sentry/browser";
init({ dsn: "http://public@127.0.0.1:9/0", defaultIntegrations: false, sendClientReports: false,
  integrations: [feedbackIntegration({ autoInject: true })] });`);
execFileSync(join(ROOT, "node_modules", ".bin", "esbuild"), [join(work, "sentry-host.mjs"), "--bundle", "--minify",
  "--format=iife", "--target=es2019", "--log-level=error", `--outfile=${join(work, "sentry-host.js")}`], { cwd: ROOT });
const sentry = readFileSync(join(work, "sentry-host.js"));

const paragraph = (i) => `<p>Section ${i}: installing the widget takes one script tag. The collector validates each
answer, removes duplicates and keeps what visitors said, so the team sees which pages help and which do not.
Readers who find an error can say so in a few seconds, and the site's owners hear about urgent problems at once.</p>`;
const article = `<h1>Install the widget</h1>${Array.from({ length: 30 }, (_, i) => `<h2>Step ${i + 1}</h2>${paragraph(i)}`).join("")}`;
// Records when the feedback UI is on screen, for the loader-to-visible figure.
const watch = (probe) => `<script>
  (function check() {
    if (${probe}) { window.__visible = performance.now(); return; }
    requestAnimationFrame(check);
  })();
</script>`;
const page = (extra) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Install</title>
<style>body{font:18px/1.6 Georgia,serif;max-width:42rem;margin:2rem auto;padding:0 1rem}</style></head>
<body><main>${article}</main>${extra}</body></html>`;

let collector;
let server;
let browser;
try {
  collector = await startCollector({ name: "bench-host-page" });
  const pages = {
    "/plain": page(""),
    "/ours": page(`<script src="${collector.url}/embed.js" data-site="demo" async></script>
      ${watch(`document.querySelector(".feedback-widget") && document.querySelector(".feedback-widget").shadowRoot && document.querySelector(".feedback-widget").shadowRoot.querySelector("button")`)}`),
    "/ours-top": page("").replace("<main>", `<main><script src="${collector.url}/embed.js" data-site="demo" async></script>
      ${watch(`document.querySelector(".feedback-widget") && document.querySelector(".feedback-widget").shadowRoot && document.querySelector(".feedback-widget").shadowRoot.querySelector("button")`)}`),
    // The README's advice for a widget above the fold: a placeholder that reserves the height in CSS.
    "/ours-placeholder": page(`<script src="${collector.url}/embed.js" data-site="demo" async></script>
      ${watch(`${PROBE}`)}`).replace("<main>", `<main><div data-feedback class="feedback-slot"></div>`).replace("</style>", ".feedback-slot{min-height:150px}</style>"),
    "/sentry": page(`<script src="/sentry.js" async></script>
      ${watch(`document.querySelector("#sentry-feedback") && document.querySelector("#sentry-feedback").shadowRoot && document.querySelector("#sentry-feedback").shadowRoot.querySelector("button")`)}`),
  };
  server = createServer((req, res) => {
    const path = new URL(req.url, "http://host").pathname;
    if (path === "/sentry.js") return res.writeHead(200, { "content-type": "text/javascript", "cache-control": "max-age=3600" }).end(sentry);
    if (!pages[path]) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(pages[path]);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const host = `http://127.0.0.1:${server.address().port}`;
  browser = await launchBrowser();

  const measure = async (tab, path) => {
    await tab.addInitScript(() => {
      window.__long = [];
      window.__shift = 0;
      new PerformanceObserver((list) => list.getEntries().forEach((e) => window.__long.push([e.startTime, e.duration]))).observe({ type: "longtask", buffered: true });
      new PerformanceObserver((list) => list.getEntries().forEach((e) => { if (!e.hadRecentInput) window.__shift += e.value; })).observe({ type: "layout-shift", buffered: true });
    });
    await tab.goto(`${host}${path}`, { waitUntil: "load" });
    await tab.waitForFunction((p) => p === "/plain" || window.__visible, path, { timeout: 10_000 }).catch(() => {});
    await tab.waitForTimeout(1500); // idle loading happens after `load`
    return tab.evaluate((p) => {
      const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? 0;
      const loader = performance.getEntriesByType("resource").find((r) => r.name.endsWith("/embed.js") || r.name.endsWith("/sentry.js"));
      return {
        longTasks: window.__long.length,
        tbt: window.__long.filter(([start]) => start >= fcp).reduce((sum, [, d]) => sum + Math.max(0, d - 50), 0),
        cls: window.__shift,
        visible: p === "/plain" || !window.__visible || !loader ? null : window.__visible - loader.startTime,
      };
    }, path);
  };

  const results = {};
  for (const path of Object.keys(pages)) {
    for (const mode of ["cold", "warm"]) {
      const runs = [];
      const context = await browser.newContext();
      for (let i = 0; i < LOADS; i++) {
        const tab = mode === "cold" ? await (await browser.newContext()).newPage() : await context.newPage();
        if (mode === "warm" && i === 0) await measure(tab, path); // fill the cache
        runs.push(await measure(tab, path));
        if (mode === "cold") await tab.context().close();
        else await tab.close();
      }
      await context.close();
      results[`${path} ${mode}`] = {
        longTasks: median(runs.map((r) => r.longTasks)),
        tbt: median(runs.map((r) => r.tbt)),
        cls: median(runs.map((r) => r.cls)),
        visible: path === "/plain" ? null : median(runs.map((r) => r.visible ?? Infinity)),
      };
    }
  }
  const label = { "/plain": "article alone", "/ours": "with our widget (tag after the article)", "/ours-top": "with our widget (tag at the top, in view)", "/ours-placeholder": "with our widget (placeholder at the top, tag at the end)", "/sentry": "with Sentry's feedback widget" };
  const rows = Object.entries(results).map(([key, r]) => {
    const [path, mode] = key.split(" ");
    return `| ${label[path]} | ${mode} | ${r.longTasks} | ${r.tbt.toFixed(0)} ms | ${r.cls.toFixed(3)} | ${r.visible === null ? "–" : Number.isFinite(r.visible) ? `${r.visible.toFixed(0)} ms` : "not shown"} |`;
  });
  const section = `<!-- host-page:start -->
## What the widget costs the host page

Command: \`./scripts/build && node bench/host_page_cost.mjs\` · machine: ${cpus().length} × ${cpus()[0].model.trim()},
shared · date: ${new Date().toISOString().slice(0, 10)} · Debian's Chromium (headless) on loopback; an article of 30
sections; medians of ${LOADS} loads each, cold (a new profile per load) and warm (reloads in one profile).
Long tasks and blocking time (long tasks beyond 50 ms after first paint) over the load and the 1.5 s after
it; layout shift without input; loader to visible: from the request for \`embed.js\` (or Sentry's bundle)
to its first button on screen. What each downloads is in "Widget weight" above.

| page | cache | long tasks | total blocking time | layout shift | loader → visible |
| --- | --- | --- | --- | --- | --- |
${rows.join("\n")}

Our loader asks for the wasm only after \`load\`, when the widget is within a screen of the viewport or
the browser is idle; it reserves the widget's height when the tag runs. An \`async\` tag in the middle of
content that is already painted still moves that content once, when it inserts the reserved space (the
"tag at the top" rows); a \`[data-feedback]\` placeholder with \`min-height\` in the page's CSS, as the
README advises for widgets above the fold, or the tag after the content, shifts nothing.
<!-- host-page:end -->`;
  console.log(section);
  writeSection("host-page", section);
} finally {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  await collector?.stop();
}
