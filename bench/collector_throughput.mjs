// POST /v1/feedback under a bounded load on loopback, side by side in one run: our Rust collector as
// it ships (each item written to D1 before the answer, group-committed with the items that arrive
// while a write is in flight), the same with one D1 batch per item (`WRITE_PATH=direct`, the path
// before group commit), the same collector with queued writes (202
// once on a Queue, written by a consumer in D1 batches: `queuedConfig` in e2e/harness.mjs), a JavaScript worker
// doing the same checks and one D1 insert (bench/baseline, what a Workers user would write), and a
// constant reply without D1 (the ceiling of `wrangler dev` here). After WARM_UP requests to each, not counted, three interleaved rounds of
// REQUESTS requests at each of CONNECTIONS (concurrent connections); medians reported. Loopback only.
// Writes its section of BENCHMARKS.md.   Run after ./scripts/build:   node bench/collector_throughput.mjs
import { readdirSync, readFileSync } from "node:fs";
import { cpus } from "node:os";
import { queuedConfig, startCollector } from "../e2e/harness.mjs";
import { writeSection } from "./sections.mjs";

const REQUESTS = 1500;
// Two loads: 16 connections, where the JavaScript baseline already keeps the machine busy, and three
// times as many, where every worker does: what each carries at most (its capacity).
const CONNECTIONS = [16, 48];
const ROUNDS = 3;
// Each collector first answers this many requests, not counted: its isolate compiles the hot code
// (Wasm and JavaScript alike) on the first few hundred, and the rounds measure it running.
const WARM_UP = 500;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

/**
 * CPU seconds used so far by the processes of `collector`'s process group, by kind, and by this load
 * generator: where an answer's CPU goes. `wrangler dev` runs two workerd processes: the worker's own
 * runtime (the worker, its local D1; the one with the DevTools inspector) and a proxy runtime that
 * takes every request on the public port and relays the inspector's events; and its own node process.
 */
function cpuSeconds(collector) {
  const hz = 100; // USER_HZ on Linux
  const used = { runtime: 0, proxy: 0, wrangler: 0, generator: process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6 };
  for (const pid of readdirSync("/proc").filter((x) => /^\d+$/.test(x))) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      if (Number(fields[2]) !== collector.group()) continue;
      const command = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      const kind = !command.includes("workerd") ? "wrangler" : command.includes("--inspector-addr") ? "runtime" : "proxy";
      used[kind] += (Number(fields[11]) + Number(fields[12])) / hz;
    } catch {
      // The process ended between listing and reading.
    }
  }
  return used;
}

async function load(collector, path, round, connections, requests = REQUESTS, pages = "load") {
  const url = collector.url;
  const cpuBefore = cpuSeconds(collector);
  const latencies = [];
  const statuses = {};
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < requests) {
      const i = next++;
      const t = performance.now();
      const response = await fetch(`${url}${path}`, {
        method: "POST",
        // A distinct visitor per request keeps the per-visitor limit out of the measurement.
        headers: { "content-type": "application/json", "user-agent": `load-${round}-${i}` },
        body: JSON.stringify({
          site: "demo",
          page: `https://docs.example.com/${pages}/${i % 50}`,
          rating: i % 3 ? "up" : "down",
          comment: i % 4 ? undefined : "Clear, but the second example is outdated.",
          idempotency_key: `load-${round}-${i}-key`,
        }),
      });
      await response.arrayBuffer();
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = cpuSeconds(collector);
  // Milliseconds of CPU per answer in each kind of process during this round.
  const cpu = Object.fromEntries(Object.keys(cpuAfter).map((k) => [k, ((cpuAfter[k] - cpuBefore[k]) * 1000) / requests]));
  // Share of the machine's cores busy during the round, in all of these processes together.
  const busy = Object.values(cpu).reduce((a, b) => a + b, 0) * (requests / seconds) / 1000 / cpus().length;
  return { cpu, busy, rps: requests / seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), statuses };
}

const ours = await startCollector({ name: "bench-throughput-rust" });
const direct = await startCollector({ name: "bench-throughput-direct", vars: { WRITE_PATH: "direct" } });
const queued = await startCollector({ name: "bench-throughput-queued", config: queuedConfig() });
const baseline = await startCollector({ name: "bench-throughput-js", config: "bench/baseline/wrangler.toml", readyPath: "/v1/const" });
const names = ["rust", "direct", "queued", "js", "ceiling"];
// runs[connections][name]: one result per round.
const runs = Object.fromEntries(CONNECTIONS.map((c) => [c, Object.fromEntries(names.map((n) => [n, []]))]));
const count = async (collector) => (await collector.d1("SELECT COUNT(*) AS n FROM feedback WHERE page LIKE 'https://docs.example.com/load/%'"))[0].n;
const unique = ROUNDS * REQUESTS * CONNECTIONS.length;
try {
  for (const [collector, path] of [[ours, "/v1/feedback"], [direct, "/v1/feedback"], [queued, "/v1/feedback"], [baseline, "/v1/feedback"], [baseline, "/v1/const"]]) {
    await load(collector, path, `warm`, CONNECTIONS[0], WARM_UP, "warm-up");
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of CONNECTIONS) {
      const r = runs[c];
      r.rust.push(await load(ours, "/v1/feedback", `r${round}c${c}`, c));
      r.direct.push(await load(direct, "/v1/feedback", `d${round}c${c}`, c));
      r.queued.push(await load(queued, "/v1/feedback", `q${round}c${c}`, c));
      r.js.push(await load(baseline, "/v1/feedback", `j${round}c${c}`, c));
      r.ceiling.push(await load(baseline, "/v1/const", `k${round}c${c}`, c));
    }
  }
  // The queued path has answered before writing: wait (bounded) for its consumer to catch up.
  const drainStarted = performance.now();
  let queuedRows = await count(queued);
  while (queuedRows < unique && performance.now() - drainStarted < 60_000) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    queuedRows = await count(queued);
  }
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  const rustRows = await count(ours);
  const directRows = await count(direct);
  const jsRows = await count(baseline);
  const summary = (r) => ({
    cpu: Object.fromEntries(Object.keys(r[0].cpu).map((k) => [k, median(r.map((x) => x.cpu[k]))])),
    busy: median(r.map((x) => x.busy)),
    rps: median(r.map((x) => x.rps)),
    p50: median(r.map((x) => x.p50)),
    p99: median(r.map((x) => x.p99)),
    statuses: r.map((x) => x.statuses),
  });
  // at[connections][name]: the medians of the rounds.
  const at = Object.fromEntries(CONNECTIONS.map((c) => [c, Object.fromEntries(names.map((n) => [n, summary(runs[c][n])]))]));
  const [low, high] = CONNECTIONS;
  const answers = (name) => {
    const sum = {};
    for (const c of CONNECTIONS) for (const x of runs[c][name]) for (const [k, v] of Object.entries(x.statuses)) sum[k] = (sum[k] ?? 0) + v;
    return Object.entries(sum).map(([k, v]) => `${v} × ${k}`).join(", ");
  };
  const line = (label, name) =>
    `| ${label} | ${CONNECTIONS.map((c) => at[c][name].rps.toFixed(0)).join(" | ")} | ${CONNECTIONS.map((c) => `${at[c][name].p50.toFixed(1)} / ${at[c][name].p99.toFixed(1)} ms`).join(" | ")} | ${answers(name)} |`;
  const all = (s) => s.cpu.runtime + s.cpu.proxy + s.cpu.wrangler + s.cpu.generator;
  const cpuLine = (label, name) => {
    const s = at[high][name];
    return `| ${label} | ${s.cpu.runtime.toFixed(2)} | ${s.cpu.proxy.toFixed(2)} | ${s.cpu.wrangler.toFixed(2)} | ${s.cpu.generator.toFixed(2)} | ${all(s).toFixed(2)} | ${all(at[low][name]).toFixed(2)} | ${CONNECTIONS.map((c) => `${(at[c][name].busy * 100).toFixed(0)} %`).join(" / ")} |`;
  };
  const ratio = (c, name) => (at[c][name].rps / at[c].js.rps).toFixed(2);
  const rust = at[high].rust;
  const js = at[high].js;
  const section = `<!-- throughput:start -->
## Collector throughput

Command: \`./scripts/build && node bench/collector_throughput.mjs\` · machine: ${cpus().length} × ${cpus()[0].model.trim()},
shared · date: ${new Date().toISOString().slice(0, 10)} · \`wrangler dev\` with a local D1, loopback; ${ROUNDS} interleaved
rounds of ${REQUESTS} \`POST /v1/feedback\` at ${low} and at ${high} concurrent connections, medians of the rounds, after
${WARM_UP} requests to each worker that are not counted (its isolate compiles the hot code on the first few hundred).

| worker | requests/s at ${low} connections | at ${high} | p50 / p99 at ${low} | at ${high} | answers |
| --- | --- | --- | --- | --- | --- |
${line("ours as shipped: group commit, written to D1, then answered", "rust")}
${line("ours, one D1 batch per answer (WRITE_PATH=direct, the path before group commit)", "direct")}
${line("ours with queued writes: answered 202, written in D1 batches of ≤ 100", "queued")}
${line("JavaScript baseline (same checks, one D1 insert)", "js")}
${line("constant reply, no D1 (ceiling)", "ceiling")}

Ratio to the JavaScript baseline, requests/s as shipped (group commit): **${ratio(high, "rust")}×** at ${high} connections,
**${ratio(low, "rust")}×** at ${low}; with one batch per answer ${ratio(high, "direct")}× and ${ratio(low, "direct")}×, with queued writes
${ratio(high, "queued")}× and ${ratio(low, "queued")}×. p99 as shipped ${at[high].rust.p99.toFixed(0)} ms against ${at[high].direct.p99.toFixed(0)} ms with one batch per answer at
${high} connections, ${at[low].rust.p99.toFixed(0)} against ${at[low].direct.p99.toFixed(0)} ms at ${low}. At ${low} connections the baseline already keeps
${(at[low].js.busy * 100).toFixed(0)} % of the machine's cores busy and ours ${(at[low].rust.busy * 100).toFixed(0)} % (last column below). More connections give ours bigger
batches, so fewer D1 queries and less CPU per answer (${all(at[low].rust).toFixed(2)} → ${all(rust).toFixed(2)} ms, below) and more requests/s
(${at[low].rust.rps.toFixed(0)} → ${rust.rps.toFixed(0)}); the baseline, one query per answer, stays at ${all(at[low].js).toFixed(2)} → ${all(js).toFixed(2)} ms and carries
${at[low].js.rps.toFixed(0)} → ${js.rps.toFixed(0)}. At ${high} connections every worker keeps the machine about as busy as it gets here
(${names.map((n) => `${(at[high][n].busy * 100).toFixed(0)} %`).join(", ")}, in the order of the table), so that column is near each one's capacity. Rows stored: ${rustRows} (as
shipped), ${directRows} (one batch per answer), ${queuedRows} (queued; the last written ${drainSeconds.toFixed(1)} s after the last answer, polled
through \`wrangler d1 execute\`, so an upper bound) and ${jsRows} (baseline) for ${unique} unique items each. Ours does more
per request than the baseline: origin check, the day's visitor salt, two rate limiters, spam and mood scoring,
urgency rules, the upsert that merges a visitor's changed answers (both databases keep the dashboard's counts with
the same triggers: one schema).

CPU per answer, in milliseconds, medians of the rounds (\`/proc\` of each \`wrangler dev\`'s process group, and this
load generator): what each worker costs the machine, which the two cores share with the load. The worker's runtime
is the workerd process that runs the worker and its local D1; wrangler's proxy runtime is a second workerd that takes
every request on the public port and relays the DevTools inspector's events (four for every D1 query, each carrying
the query's answer) to wrangler's node process, which writes each to its debug log. Only the first column is there on
Cloudflare.

| worker | worker's runtime | wrangler's proxy runtime | wrangler (node) | load generator | all, at ${high} connections | all, at ${low} | cores busy at ${low} / ${high} |
| --- | --- | --- | --- | --- | --- | --- | --- |
${cpuLine("ours as shipped", "rust")}
${cpuLine("ours, one D1 batch per answer", "direct")}
${cpuLine("ours with queued writes", "queued")}
${cpuLine("JavaScript baseline", "js")}
${cpuLine("constant reply", "ceiling")}

The worker's runtime alone, at ${high} connections: ours ${rust.cpu.runtime.toFixed(2)} ms per answer against the baseline's ${js.cpu.runtime.toFixed(2)}
(${(js.cpu.runtime / rust.cpu.runtime).toFixed(2)}×); wrangler's proxy runtime and node, which \`wrangler dev\` spends per request and per D1
query: ${(rust.cpu.proxy + rust.cpu.wrangler).toFixed(2)} against ${(js.cpu.proxy + js.cpu.wrangler).toFixed(2)} ms.

Group commit: an answer that arrives while the isolate's D1 write is in flight joins the next batch, and is answered
once that batch committed, so the acknowledgement still means "stored" (\`node bench/restart_under_load.mjs\`: 0 lost)
while a batch costs one D1 round trip for all of its answers. Queued writes answer before writing: their
acknowledgement means "on a queue", and a restart of \`wrangler dev\` loses what was acknowledged and not yet written.
They carry ${(at[high].queued.rps / rust.rps).toFixed(2)}× the requests per second of group commit at ${high} connections, ${(at[low].queued.rps / at[low].rust.rps).toFixed(2)}× at ${low}, so they
stay an operator's switch (README, "Queued writes") only for a site that would rather answer sooner than know its
answer is stored.
<!-- throughput:end -->`;
  console.log(section);
  if ([rustRows, directRows, queuedRows, jsRows].some((n) => n !== unique)) {
    console.error("a collector did not store every unique item");
    process.exitCode = 1;
  }
  writeSection("throughput", section);
} finally {
  await baseline.stop();
  await queued.stop();
  await direct.stop();
  await ours.stop();
}
