// Where the collector's time goes under load: a CPU profile of the worker's isolate, taken through
// wrangler's DevTools inspector while 1,500 `POST /v1/feedback` arrive 16 at a time (the load of
// bench/collector_throughput.mjs), printed as the functions with the most samples, by their own
// time and with what they call. Loopback only; the collector is stopped afterwards.
// Run after ./scripts/build:   node bench/worker_profile.mjs
import WebSocket from "ws";
import { startCollector } from "../e2e/harness.mjs";

const REQUESTS = 1500;
const CONCURRENCY = 16;

const collector = await startCollector({ name: "bench-worker-profile" });
try {
  const [target] = await (await fetch(`http://127.0.0.1:${collector.inspector()}/json`)).json();
  // wrangler's inspector proxy admits DevTools from loopback origins only.
  const socket = new WebSocket(target.webSocketDebuggerUrl, { headers: { Origin: "http://127.0.0.1" } });
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  const pending = new Map();
  socket.on("message", (data) => {
    const message = JSON.parse(data.toString());
    pending.get(message.id)?.(message);
    pending.delete(message.id);
  });
  let sent = 0;
  const send = (method, params = {}) => new Promise((resolve) => {
    pending.set(++sent, resolve);
    socket.send(JSON.stringify({ id: sent, method, params }));
  });
  const post = (i) => fetch(`${collector.url}/v1/feedback`, {
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": `profile-${i}` },
    body: JSON.stringify({
      site: "demo", page: `https://docs.example.com/load/${i % 50}`, rating: i % 3 ? "up" : "down",
      comment: i % 4 ? undefined : "Clear, but the second example is outdated.", idempotency_key: `profile-${i}-key`,
    }),
  }).then((r) => r.arrayBuffer());
  for (let i = 0; i < 200; i++) await post(REQUESTS + i); // warm the isolate
  await send("Profiler.enable");
  await send("Profiler.setSamplingInterval", { interval: 100 });
  await send("Profiler.start");
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => { while (next < REQUESTS) await post(next++); }));
  const rps = REQUESTS / ((performance.now() - started) / 1000);
  const { result } = await send("Profiler.stop");
  socket.close();

  const { nodes, samples, timeDeltas } = result.profile;
  const own = new Map();
  samples.forEach((id, i) => own.set(id, (own.get(id) ?? 0) + (timeDeltas[i] ?? 0)));
  const parent = new Map(nodes.flatMap((n) => (n.children ?? []).map((c) => [c, n])));
  const name = (n) => n.callFrame.functionName || `(anonymous ${n.callFrame.url.split("/").pop() || "?"})`;
  const self = new Map();
  const total = new Map();
  for (const node of nodes) {
    const t = own.get(node.id) ?? 0;
    if (!t) continue;
    self.set(name(node), (self.get(name(node)) ?? 0) + t);
    const seen = new Set();
    for (let n = node; n; n = parent.get(n.id)) {
      if (seen.has(name(n))) continue;
      seen.add(name(n));
      total.set(name(n), (total.get(name(n)) ?? 0) + t);
    }
  }
  const all = [...own.values()].reduce((a, b) => a + b, 0);
  const top = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n)
    .map(([k, v]) => `${(100 * v / all).toFixed(1).padStart(5)} %  ${k.slice(0, 140)}`).join("\n");
  console.log(`${REQUESTS} answers at ${CONCURRENCY} at a time: ${rps.toFixed(0)} req/s while profiled; ${(all / 1e6).toFixed(1)} s sampled`);
  console.log(`\nOwn time (idle: the thread ran something other than this isolate, or nothing):\n${top(self, 25)}`);
  console.log(`\nWith what they call:\n${top(total, 40)}`);
} finally {
  await collector.stop();
}
