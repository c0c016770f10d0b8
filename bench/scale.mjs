// The dashboard and the read API at 10⁴, 10⁵ and 10⁶ answers (and 10⁷ with --ten-million), side
// by side in one run: each screen's server time (p50, p95) and the rows D1 read for it, and what an
// answer costs on disk, raw and rolled up. The answers are seeded straight into the local SQLite
// file (the distribution of scripts/seed-feedback.mjs, 365 days, 30 pages, three channels), the
// rollups built the way migration 0013 builds them for stored answers, then `wrangler dev` serves
// it on loopback. One request at a time, 20 per screen after one warm-up. Writes its section of
// BENCHMARKS.md.
// Run after ./scripts/build:   node bench/scale.mjs [--ten-million]
import { readFileSync, statSync } from "node:fs";
import { cpus } from "node:os";
import { DEMO_TOKEN, startCollector } from "../e2e/harness.mjs";
import { seed, sqlite } from "./seed_sqlite.mjs";
import { writeSection } from "./sections.mjs";
import { seedRows, seedSql } from "../scripts/seed-feedback.mjs";

const RUNS = 20;
const WARM_ROUNDS = 5;
const SIZES = [10_000, 100_000, 1_000_000, ...(process.argv.includes("--ten-million") ? [10_000_000] : [])];
const page = encodeURIComponent("https://docs.example.com/billing/refunds");
const SCREENS = {
  "overview, 30 days": "/dashboard/demo",
  "overview, 365 days by week": "/dashboard/demo?days=365&by=week",
  "pages sorted by complaints, screen 2": "/dashboard/demo?days=90&sort=negative&p=2",
  "one page's detail, 90 days": `/dashboard/demo/page?days=90&page=${page}`,
  "urgent inbox": "/dashboard/demo/inbox",
  "API: items, newest 100": "/v1/sites/demo/feedback?limit=100",
  "API: one page's items, 100 of 90 days": `/v1/sites/demo/feedback?limit=100&page=${page}&from=${day(-89)}&to=${day(0)}`,
  "CSV of one page, 7 days (every answer)": `/dashboard/demo/export.csv?days=7&page=${page}`,
  "API: pages, 365 days": `/v1/sites/demo/pages?from=${day(-364)}&to=${day(0)}`,
  "API: summary, 365 days": `/v1/sites/demo/summary?from=${day(-364)}&to=${day(0)}`,
  "API: one page's summary, 90 days": `/v1/sites/demo/summary?from=${day(-89)}&to=${day(0)}&page=${page}`,
};

function day(offset) {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => sorted(xs)[Math.floor(xs.length / 2)];
const p95 = (xs) => sorted(xs)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

/**
 * Answers per second the database file itself takes with the rollup triggers, once it holds its
 * answers: `count` inserts committed one by one, then in transactions of 100 (what group commit and
 * the queue do). SQLite's own speed on this machine, without workerd: the ceiling of one database.
 */
async function ingestRate(file, count) {
  const rows = seedRows({ count, days: 1, seed: 99 });
  const rate = async (perTransaction, slice) => {
    const started = performance.now();
    await sqlite(file, (function* () {
      yield "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;\n";
      for (let i = 0; i < slice.length; i += perTransaction) {
        const sql = seedSql(slice.slice(i, i + perTransaction)).split(";\n").filter((x) => x.startsWith("INSERT INTO feedback")).join(";\n");
        yield `BEGIN;\n${sql};\nCOMMIT;\n`;
      }
      yield "PRAGMA journal_mode = DELETE;\n";
    })());
    return slice.length / ((performance.now() - started) / 1000);
  };
  const single = rows.slice(0, count / 10).map((r, i) => ({ ...r, id: `one-${i}` }));
  const grouped = rows.slice(count / 10).map((r, i) => ({ ...r, id: `hundred-${i}` }));
  return { one: await rate(1, single), hundred: await rate(100, grouped), added: count };
}

/** Bytes on disk per table and index, from SQLite's dbstat. */
async function bytesByTable(file) {
  const out = await sqlite(file, ["SELECT name || '|' || sum(pgsize) FROM dbstat GROUP BY name;\n"]);
  return Object.fromEntries(out.trim().split("\n").map((line) => line.split("|")).map(([n, b]) => [n, Number(b)]));
}

async function measure(size, largest) {
  let file;
  let ingest;
  const started = Date.now();
  const collector = await startCollector({
    name: `bench-scale-${size}`,
    prepare: async (path) => {
      file = path;
      await seed(path, size);
      if (largest) ingest = await ingestRate(path, 11_000);
    },
  });
  const seedSeconds = (Date.now() - started) / 1000;
  try {
    const tables = await bytesByTable(file);
    const raw = Object.entries(tables).filter(([n]) => n === "feedback" || n.startsWith("feedback_") || n.startsWith("sqlite_autoindex_feedback"))
      .reduce((sum, [, b]) => sum + b, 0);
    const rolled = Object.entries(tables).filter(([n]) => n.startsWith("page_day") || n.startsWith("site_day") || n.startsWith("page_titles"))
      .reduce((sum, [, b]) => sum + b, 0);
    const [{ n: rollupRows }] = await collector.d1("SELECT count(*) AS n FROM page_days");
    const login = await fetch(`${collector.url}/dashboard/login`, {
      method: "POST",
      body: new URLSearchParams({ site: "demo", token: DEMO_TOKEN }),
      redirect: "manual",
    });
    const cookie = login.headers.get("set-cookie").split(";")[0];
    const headers = { cookie, authorization: `Bearer ${DEMO_TOKEN}` };
    // Each size starts a new worker, whose code runs in V8's baseline tiers until it has run enough
    // to be optimised: WARM_ROUNDS of every screen first, so that the figures are the steady state
    // a deployed isolate serves from, not how long one takes to warm up. Then the screens take
    // turns, one request each per round, so that a slow spell of this shared machine falls on all
    // of them rather than on whichever screen was being measured.
    const ask = async (path) => {
      const t = performance.now();
      const response = await fetch(collector.url + path, { headers });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status}`);
      return { ms: performance.now() - t, rows: Number(response.headers.get("x-d1-rows-read") ?? NaN) };
    };
    for (let round = 0; round < WARM_ROUNDS; round++) {
      for (const path of Object.values(SCREENS)) await ask(path);
    }
    const samples = Object.fromEntries(Object.keys(SCREENS).map((name) => [name, []]));
    for (let round = 0; round < RUNS; round++) {
      for (const [name, path] of Object.entries(SCREENS)) samples[name].push(await ask(path));
    }
    const screens = Object.fromEntries(Object.entries(samples).map(([name, xs]) => {
      const times = xs.map((x) => x.ms);
      return [name, { median: median(times), p95: p95(times), rows: median(xs.map((x) => x.rows)) }];
    }));
    return { size, seedSeconds, screens, raw, rolled, rollupRows, fileBytes: statSync(file).size, ingest };
  } finally {
    await collector.stop();
  }
}

// `--from-log FILE`: writes the section again from the JSON lines a run printed (no new measurement).
const fromLog = process.argv.indexOf("--from-log");
const results = [];
if (fromLog > 0) {
  const lines = readFileSync(process.argv[fromLog + 1], "utf8").split("\n").filter((l) => l.startsWith("{"));
  results.push(...lines.map((l) => JSON.parse(l)));
} else {
  for (const size of SIZES) {
    results.push(await measure(size, size === SIZES.at(-1)));
    console.log(JSON.stringify(results.at(-1)));
  }
}

const ms = (x) => `${x.toFixed(0)} ms`;
const count = (n) => n.toLocaleString("en-US");
const first = results[0];
const last = results.at(-1);
const rows = Object.keys(SCREENS).map((name) => {
  const rowsRead = (n) => (Number.isFinite(n) ? `${count(n)} rows` : "rows –");
  const cells = results.map((r) => `${ms(r.screens[name].median)} / ${ms(r.screens[name].p95)} · ${rowsRead(r.screens[name].rows)}`);
  return `| ${name} | ${cells.join(" | ")} | ${(last.screens[name].median / first.screens[name].median).toFixed(2)}× |`;
});
const worst = Math.max(...Object.keys(SCREENS).map((name) => last.screens[name].median));
const counting = Object.keys(SCREENS).filter((name) => !name.startsWith("CSV") && !name.includes("items"));
const ratioOf = (name) => last.screens[name].median / first.screens[name].median;
const worstRatio = Math.max(...counting.map(ratioOf));
const worstName = counting.find((name) => ratioOf(name) === worstRatio);
const section = `<!-- dashboard:start -->
## Dashboard and read API from ${count(first.size)} to ${count(last.size)} answers

Command: \`./scripts/build && node bench/scale.mjs${last.size >= 10_000_000 ? " --ten-million" : ""}\` · machine: ${cpus().length} × ${cpus()[0].model.trim()},
shared · date: ${new Date().toISOString().slice(0, 10)} · \`wrangler dev\` with a local D1 on loopback, one
request at a time: ${WARM_ROUNDS} rounds of every screen to warm the worker up, then ${RUNS} rounds in which each screen
is asked once in turn. Answers of \`scripts/seed-feedback.mjs\` (365 days, 30 pages,
three channels, 3 % of complaints urgent) seeded straight into the SQLite file, rollups built as migration 0013 builds
them for stored answers. Each cell: server answer p50 / p95 · rows D1 read (the \`x-d1-rows-read\` header, median).
${results.some((r) => !Number.isFinite(r.screens[Object.keys(SCREENS)[0]].rows)) ? "Rows –: the database file is over 4 GiB, and workers-rs 0.8 reads D1's result meta into a \`usize\` (\`size_after\`, 32 bits in\nwasm), which then fails to deserialize, so the worker cannot read \`rows_read\` (nothing else depends on it)." : ""}

| screen | ${results.map((r) => `${count(r.size)} answers`).join(" | ")} | p50 ratio |
| --- | ${results.map(() => "---").join(" | ")} | --- |
${rows.join("\n")}

Slowest screen at ${count(last.size)}: **${ms(worst)}** (p50; goal ≤ 100 ms). Largest ratio of a counting screen between
${count(first.size)} and ${count(last.size)}: **${worstRatio.toFixed(2)}×** (goal ≤ 1.5×: ${worstRatio <= 1.5 ? "met" : `not met — ${worstName}; what still grows with the answers is the handling figures' times, measured on the range's newest urgent items (a few dozen at 10,000 answers, 1,000 from 1,000,000 on: a list of waiting times per team, which the median and 90th percentile need; their counts come from the rollups), and the rollups, sparse at 10,000 answers and full from 100,000 on`}). Every count comes from the rollups: per site (\`site_days\`,
\`site_day_reasons\`: days × channels rows) for the site's figures, per page (\`page_days\`, \`page_day_reasons\`,
\`page_titles\`) for a page's detail and short ranges, per page and week (\`page_weeks\`) for the whole weeks of long
ranges, and the inbox's tabs (\`inbox_counts\`); their rows grow with pages × days × channels, not with answers:
${results.map((r) => `${count(r.rollupRows)} rows of \`page_days\` at ${count(r.size)}`).join(", ")}. Lists (comments, the inbox, the CSV) read answers
through an index seek with a limit; the handling figures count from the rollups and time the range's newest 1,000 urgent
items through a covering partial index (by time, or by page for one page).
The CSV download holds every answer of its range, so it grows with them by design (a list, not a count).

On disk, per answer: ${results.map((r) => `${(r.raw / r.size).toFixed(0)} B raw (answers and their indexes) and ${(r.rolled / r.size).toFixed(1)} B rolled up at ${count(r.size)}`).join("; ")}.
Database file: ${results.map((r) => `${(r.fileBytes / 2 ** 20).toFixed(0)} MiB at ${count(r.size)}`).join(", ")}.
One database's own ceiling, measured on the SQLite file at ${count(last.size)} answers with the rollup triggers
(sqlite3, WAL, no workerd): ${last.ingest.one.toFixed(0)} answers/s committed one by one, ${last.ingest.hundred.toFixed(0)} answers/s
in transactions of 100 (${count(last.ingest.added)} answers added to the ${count(last.size)} for it).
Seeding and starting took ${results.map((r) => `${r.seedSeconds.toFixed(0)} s (${count(r.size)})`).join(", ")}.
<!-- dashboard:end -->`;

writeSection("dashboard", section);
console.log(section);
