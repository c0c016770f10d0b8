// One harness for every browser story: a fresh local D1, a real `wrangler dev` on a free loopback
// port in its own process group, and Debian's Chromium through playwright-core. Everything it starts
// it stops, also when a test fails or the run is interrupted.
import { spawn, execFile } from "node:child_process";
import { appendFileSync, closeSync, copyFileSync, cpSync, existsSync, mkdtempSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { chromium } from "playwright-core";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const ARTIFACTS = join(ROOT, "e2e", "artifacts");
const WRANGLER = join(ROOT, "node_modules", ".bin", "wrangler");
const run = promisify(execFile);

/** The admin secret every test collector runs with, and the demo site's read token (seed/demo-site.sql). */
export const ADMIN_TOKEN = "test-admin-token";
export const DEMO_TOKEN = "demo-read-token";
/** The e-mail link keys every test collector runs with (`id:secret`, newest first). */
export const LINK_KEYS = "t1:test-link-secret-0123456789abcdefghij";

const WRANGLER_ENV = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  WRANGLER_HIDE_BANNER: "true",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  XDG_CONFIG_HOME: join(ROOT, ".state", "config"),
};

/** Process groups still running; killed on any exit of this process. */
const groups = new Set();
function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}
process.on("exit", () => groups.forEach((pid) => killGroup(pid, "SIGKILL")));
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => process.exit(130));
}

/** A port on 127.0.0.1 that nothing listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * The last lines of wrangler's own debug log that a start's output names ("Logs were written to"):
 * what workerd said before it exited, which `--log-level warn` keeps out of the collector's log.
 */
function wranglerDebugLog(said) {
  const path = said.match(/Logs were written to "([^"]+)"/)?.[1];
  if (!path || !existsSync(path)) return "";
  return `\n--- the end of ${path}:\n${readFileSync(path, "utf8").slice(-3000)}`;
}

async function wrangler(args) {
  const { stdout } = await run(WRANGLER, args, { cwd: ROOT, env: WRANGLER_ENV, maxBuffer: 64 << 20 });
  return stdout;
}

/**
 * Writes wrangler.toml with the queued write path switched on (edge-worker/src/queued.rs: the INGEST
 * queue, its consumer and WRITE_PATH = "queued", as the README's "Queued writes" says) under target/,
 * and returns its path for `startCollector({ config })`. The shipped file stays the direct path.
 */
export function queuedConfig() {
  const dir = join(ROOT, "target", "bench-queued");
  mkdirSync(dir, { recursive: true });
  const shipped = readFileSync(join(ROOT, "wrangler.toml"), "utf8")
    // Paths in a wrangler config are relative to the file.
    .replace('main = "edge-worker/', 'main = "../../edge-worker/')
    .replace('directory = "target/site"', 'directory = "../site"')
    .replace('migrations_dir = "edge-worker/', 'migrations_dir = "../../edge-worker/')
    .replace("[vars]\n", '[vars]\nWRITE_PATH = "queued"\n');
  if (!shipped.includes('WRITE_PATH = "queued"') || !shipped.includes("../../edge-worker/entry.mjs")) {
    throw new Error("wrangler.toml changed shape: queuedConfig() cannot derive the queued variant");
  }
  writeFileSync(
    join(dir, "wrangler.toml"),
    `${shipped}
[[queues.producers]]
binding = "INGEST"
queue = "feedback-ingest"

[[queues.consumers]]
queue = "feedback-ingest"
max_batch_size = 100
max_batch_timeout = 1
`,
  );
  return "target/bench-queued/wrangler.toml";
}

/** The SQLite file of the local D1 database wrangler keeps under `state`. */
export function localDatabaseFile(state) {
  const dir = join(state, "v3", "d1", "miniflare-D1DatabaseObject");
  const files = readdirSync(dir).filter((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite");
  if (files.length !== 1) throw new Error(`expected one database in ${dir}, found ${files.join(", ") || "none"}`);
  return join(dir, files[0]);
}

/**
 * A local D1 state folder with every migration applied and the demo site seeded, for `config` (the
 * shipped wrangler.toml when none), made once per content: kept under .state/d1/<hash of the config,
 * the migrations, the seed and wrangler's version> and copied for each collector. Applying the
 * migrations with wrangler takes seconds each time, and the stories start dozens of collectors.
 */
async function seededDatabase(config) {
  const hash = createHash("sha256");
  const migrations = join(ROOT, "edge-worker", "migrations");
  const inputs = [join(ROOT, config ?? "wrangler.toml"), join(ROOT, "edge-worker", "seed", "demo-site.sql"),
    join(ROOT, "node_modules", "wrangler", "package.json"),
    ...readdirSync(migrations).sort().map((file) => join(migrations, file))];
  for (const file of inputs) hash.update(file).update("\0").update(readFileSync(file));
  const kept = join(ROOT, ".state", "d1", hash.digest("hex").slice(0, 16));
  if (existsSync(join(kept, ".complete"))) return kept;
  // Made aside and marked complete last, so a run stopped halfway leaves nothing that looks done.
  const work = mkdtempSync(join(tmpdir(), "feedback-d1-"));
  const persist = ["--local", "--persist-to", work, ...(config ? ["-c", config] : [])];
  await wrangler(["d1", "migrations", "apply", "DB", ...persist]);
  await wrangler(["d1", "execute", "DB", ...persist, "--file", "edge-worker/seed/demo-site.sql"]);
  rmSync(kept, { recursive: true, force: true });
  mkdirSync(dirname(kept), { recursive: true });
  cpSync(work, kept, { recursive: true });
  rmSync(work, { recursive: true, force: true });
  writeFileSync(join(kept, ".complete"), new Date().toISOString());
  return kept;
}

/**
 * Starts the collector as the demo runs it, on a fresh database, from the files scripts/build made.
 * Returns its address, a way to query its D1, `restart()` (same port and data), `halt()` and
 * `resume()` (an outage in between) and `stop()`.
 */
export async function startCollector({ name = "collector", vars = {}, config, readyPath = "/", prepare } = {}) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const state = mkdtempSync(join(tmpdir(), "feedback-e2e-"));
  // `config`: another wrangler.toml on the same schema (the benchmarks' JavaScript baseline).
  const seeded = await seededDatabase(config);
  cpSync(seeded, state, { recursive: true, filter: (path) => path !== join(seeded, ".complete") });
  const persist = ["--local", "--persist-to", state, ...(config ? ["-c", config] : [])];
  // `prepare(file)`: work on the local database's SQLite file before the collector starts (the
  // scale benchmark seeds millions of answers straight into it).
  if (prepare) await prepare(localDatabaseFile(state));

  let [port, inspectorPort] = [await freePort(), await freePort()];
  const logPath = join(ARTIFACTS, `${name}.log`);
  let url = `http://127.0.0.1:${port}`;
  let child;
  let exited;

  /** Starts `wrangler dev` once; resolves to null once it answers, or to why it did not. */
  const attempt = async () => {
    const log = openSync(logPath, "a");
    child = spawn(
      WRANGLER,
      ["dev", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspectorPort),
        ...(config ? ["-c", config] : []), "--persist-to", state, "--show-interactive-dev-session=false", "--log-level", "warn",
        "--test-scheduled", "--var", `ADMIN_TOKEN:${ADMIN_TOKEN}`, "--var", "WEBHOOK_ALLOW_LOCAL:true",
        "--var", `EMAIL_LINK_KEYS:${LINK_KEYS}`,
        ...Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`])],
      { cwd: ROOT, env: WRANGLER_ENV, detached: true, stdio: ["ignore", log, log] },
    );
    // The child holds its own copy of the descriptor.
    closeSync(log);
    groups.add(child.pid);
    exited = new Promise((resolve) => child.once("exit", resolve));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) break;
      try {
        const response = await fetch(`${url}${readyPath}`);
        if (response.ok) return null;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const early = child.exitCode !== null;
    await halt();
    return early ? "exited" : "timeout";
  };
  /**
   * Starts `wrangler dev` on the collector's port and database; resolves once it answers. workerd
   * itself has been seen to exit at start on a loaded CI machine ("The Workers runtime failed to
   * start", nothing else at warn level) while the same build started everywhere else: such a start is
   * tried again, up to three times, each try noted in the collector's log; anything else fails at once.
   */
  const launch = async ({ samePort = false } = {}) => {
    for (let tries = 1; ; tries += 1) {
      const from = statSync(logPath).size;
      const outcome = await attempt();
      if (outcome === null) return;
      const said = readFileSync(logPath).subarray(from).toString("utf8");
      const runtimeDied = outcome === "exited" && /Workers runtime failed to start|Address already in use/.test(said);
      if (!runtimeDied || tries === 3) {
        throw new Error(`wrangler dev did not start (${outcome}, try ${tries}); its log:\n${said.slice(-4000)}${wranglerDebugLog(said)}`);
      }
      appendFileSync(logPath, `\n[harness] wrangler dev did not start (try ${tries}): trying again${samePort ? "" : " on new ports"}\n${wranglerDebugLog(said)}\n`);
      if (!samePort) {
        [port, inspectorPort] = [await freePort(), await freePort()];
        url = `http://127.0.0.1:${port}`;
      }
    }
  };
  /** Stops `wrangler dev` (its whole process group), keeping the database. */
  const halt = async () => {
    killGroup(child.pid, "SIGTERM");
    const timeout = new Promise((resolve) => setTimeout(resolve, 5000, "timeout"));
    if ((await Promise.race([exited, timeout])) === "timeout") killGroup(child.pid, "SIGKILL");
    // workerd may outlive wrangler for a moment: make sure the whole group is gone.
    killGroup(child.pid, "SIGKILL");
    groups.delete(child.pid);
  };
  const stop = async () => {
    await halt();
    rmSync(state, { recursive: true, force: true });
  };
  /** Stops and starts `wrangler dev` again on the same port and database, as a deploy or crash would. */
  const restart = async () => {
    await halt();
    await launch({ samePort: true });
  };
  writeFileSync(logPath, "");
  try {
    await launch();
  } catch (error) {
    rmSync(state, { recursive: true, force: true });
    throw error;
  }

  /** Runs SQL against the collector's local D1 and returns the rows. */
  /**
   * Runs `sql` on the collector's local D1 from a second wrangler process. That process opens the
   * same SQLite file, and while the collector holds a write it is refused with SQLITE_BUSY: tried
   * again a few times, a moment apart.
   */
  const d1 = async (sql) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const out = await wrangler(["d1", "execute", "DB", ...persist, "--json", "--command", sql]);
        return JSON.parse(out)[0].results;
      } catch (error) {
        if (attempt === 5 || !String(error.message).includes("SQLITE_BUSY")) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
      }
    }
  };
  /** Calls the API: JSON in and out, with a token when given; returns { status, headers, body }. */
  const api = async (path, { method = "GET", body, token, headers = {} } = {}) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined || typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON (CSV, JSON lines): keep the text.
    }
    return { status: response.status, headers: response.headers, body: parsed };
  };
  /** Loads SQL (e.g. scripts/seed-feedback.mjs's seedSql) into the collector's local D1. */
  const load = async (sql) => {
    const file = join(state, `load-${Date.now()}.sql`);
    writeFileSync(file, sql);
    await wrangler(["d1", "execute", "DB", ...persist, "--file", file]);
  };
  /** Takes the collector down (the database stays) until `resume()`: an outage a visitor meets. */
  const resume = () => launch({ samePort: true });
  // `inspector()`: the DevTools port of the worker (a CPU profile of it under load, for benchmarks);
  // `group()`: the process group of `wrangler dev` and its workerd (their CPU time, for benchmarks).
  return { url, d1, api, load, stop, restart, halt, resume, inspector: () => inspectorPort, group: () => child.pid };
}

/**
 * A website owner's own site on another loopback port (so another origin than the collector), serving
 * `pages` (path -> HTML). Returns its address and `close()`.
 */
export async function startHostSite(pages) {
  const server = createHttpServer((req, res) => {
    const path = new URL(req.url, "http://host").pathname;
    if (path === "/favicon.ico") return res.writeHead(204).end();
    const html = pages[path];
    res.writeHead(html ? 200 : 404, { "content-type": "text/html; charset=utf-8" });
    res.end(html ?? "not found");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return { url, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Debian's Chromium, with the flags this closed network needs (TOOLCHAIN.md). */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
}

/**
 * Polls `probe` until it returns a truthy value or `ms` pass; the value, or the last error. 20 s by
 * default: CI has run the suite at half this machine's speed, and a longer wait costs only a failing test's time.
 */
export async function eventually(probe, { ms = 20_000, what = "the condition" } = {}) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${ms} ms${last ? `: ${last}` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Errors a page logs, failed loads and uncaught exceptions, gathered for a final "no problems" check. */
export function watchProblems(page) {
  const problems = [];
  page.on("pageerror", (error) => problems.push(String(error)));
  page.on("console", (message) => message.type() === "error" && problems.push(message.text()));
  page.on("response", (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));
  return problems;
}

const AXE = readFileSync(join(ROOT, "node_modules", "axe-core", "axe.min.js"), "utf8");

/** axe-core's WCAG 2.2 A/AA violations on the page (shadow roots included), as "rule: target" lines. */
export async function axeViolations(page, { include } = {}) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(
    (include) =>
      window.axe.run(include ? { include } : document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
      }),
    include,
  );
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id}: ${JSON.stringify(n.target)} ${n.failureSummary?.split("\n")[1] ?? ""}`),
  );
}

/**
 * An integrator's webhook receiver (e2e/webhook_receiver.py, Python with PyPI's standardwebhooks) on a
 * free loopback port, in its own process group. `control({secret, answers})` sets the secret and the
 * HTTP statuses to answer in turn; `received()` lists every request with its verification result.
 * `port`: listen there (an endpoint registered while nothing listened, for the receiver-down soak).
 */
export async function startReceiver({ port: wanted } = {}) {
  const child = spawn(join(ROOT, ".state", "venv", "bin", "python"), [join(ROOT, "e2e", "webhook_receiver.py"), ...(wanted ? [String(wanted)] : [])], {
    cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "inherit"],
  });
  groups.add(child.pid);
  const port = await new Promise((resolve, reject) => {
    child.stdout.once("data", (line) => resolve(JSON.parse(String(line).split("\n")[0]).port));
    child.once("exit", (code) => reject(new Error(`the webhook receiver exited with ${code}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    control: (settings) =>
      fetch(`${url}/control`, { method: "POST", body: JSON.stringify(settings) }).then((r) => assertOk(r)),
    received: () => fetch(`${url}/received`).then((r) => r.json()),
    stop: async () => {
      killGroup(child.pid, "SIGTERM");
      groups.delete(child.pid);
    },
  };
}

function assertOk(response) {
  if (!response.ok) throw new Error(`the receiver answered ${response.status}`);
  return response;
}

/** The files that make a site in e2e/sites/NAME: everything but what npm and the build write. */
function siteFiles(dir, prefix = "") {
  const skip = new Set(["node_modules", "dist", "cache", ".temp"]);
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .filter((entry) => !skip.has(entry.name))
    .flatMap((entry) => {
      const path = join(prefix, entry.name);
      return entry.isDirectory() ? siteFiles(dir, path) : [path];
    })
    .sort();
}

/**
 * Builds the real site in e2e/sites/NAME with its pinned framework from the npm registry (`npm ci`
 * from its lockfile, then `npm run build`), once per content: the output is kept under
 * .state/sites/NAME-<hash of its files and lockfile> and reused while nothing changed. Returns the
 * folder of built files.
 */
export async function buildSite(name) {
  const source = join(ROOT, "e2e", "sites", name);
  const files = siteFiles(source);
  const hash = createHash("sha256");
  for (const file of files) hash.update(file).update("\0").update(readFileSync(join(source, file)));
  const built = join(ROOT, ".state", "sites", `${name}-${hash.digest("hex").slice(0, 16)}`);
  if (existsSync(join(built, ".complete"))) return built;
  const work = join(ROOT, ".state", "sites", `${name}-work`);
  rmSync(work, { recursive: true, force: true });
  for (const file of files) {
    mkdirSync(dirname(join(work, file)), { recursive: true });
    copyFileSync(join(source, file), join(work, file));
  }
  const npm = (args) => promisify(execFile)("npm", args, { cwd: work, maxBuffer: 64 << 20, timeout: 300_000 });
  // Install scripts would download browsers or binaries this network does not reach (TOOLCHAIN.md).
  await npm(["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]);
  await npm(["run", "build"]);
  const output = JSON.parse(readFileSync(join(work, "package.json"), "utf8")).config.output;
  rmSync(built, { recursive: true, force: true });
  mkdirSync(dirname(built), { recursive: true });
  cpSync(join(work, output), built, { recursive: true });
  writeFileSync(join(built, ".complete"), new Date().toISOString());
  rmSync(work, { recursive: true, force: true });
  return built;
}

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".svg": "image/svg+xml", ".woff2": "font/woff2" };

/**
 * Serves a built site on its own loopback port, as its host would: files by path, `.html` for clean
 * URLs, and index.html for routes only the app knows. Every HTML page gets the feedback tag pasted
 * before </head>, pointing at `collector`, exactly as the README tells a website owner.
 */
export async function serveSite(dir, collector, { tag = "" } = {}) {
  const script = `<script src="${collector}/embed.js" data-site="demo" async${tag ? ` ${tag}` : ""}></script>`;
  const server = createHttpServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://host").pathname);
    const candidates = [path, `${path}.html`, join(path, "index.html"), "/index.html"];
    const file = candidates.map((p) => join(dir, p)).find((p) => p.startsWith(dir) && existsSync(p) && statSync(p).isFile());
    if (!file) return res.writeHead(404).end("not found");
    const type = TYPES[file.slice(file.lastIndexOf("."))] ?? "application/octet-stream";
    let body = readFileSync(file);
    if (type.startsWith("text/html")) body = body.toString("utf8").replace("</head>", `${script}</head>`);
    res.writeHead(200, { "content-type": type }).end(body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return { url, close: () => new Promise((resolve) => server.close(resolve)) };
}
