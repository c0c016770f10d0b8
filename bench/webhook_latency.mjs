// From an urgent item's POST to its signed webhook at the receiver: p50/p95 on loopback, 50 items
// one after another (the queue consumer's batch timeout is 1 s in wrangler.toml). Writes its section
// of BENCHMARKS.md.   Run after ./scripts/build:   node bench/webhook_latency.mjs
import { readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { ADMIN_TOKEN, ROOT, startCollector, startReceiver } from "../e2e/harness.mjs";

const ITEMS = 50;
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

const collector = await startCollector({ name: "bench-webhook-latency" });
const receiver = await startReceiver();
let section;
try {
  const endpoint = await collector.api("/v1/admin/sites/demo/endpoints", { method: "POST", token: ADMIN_TOKEN, body: { url: `${receiver.url}/hooks` } });
  await receiver.control({ secret: endpoint.body.secret });
  const sent = new Map();
  for (let i = 0; i < ITEMS; i++) {
    const at = Date.now();
    const response = await collector.api("/v1/feedback", {
      method: "POST",
      headers: { "user-agent": `latency-${i}` },
      body: { site: "demo", page: `https://docs.example.com/latency/${i}`, rating: "down", comment: `I want a refund (${i})`, idempotency_key: `latency-${i}-key` },
    });
    if (response.status !== 201) throw new Error(`item ${i}: HTTP ${response.status}`);
    sent.set(response.body.id, at);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const deadline = Date.now() + 60_000;
  let received = [];
  while (Date.now() < deadline) {
    received = (await receiver.received()).filter((r) => r.verified && sent.has(r.body?.data?.id));
    if (received.length >= ITEMS) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (received.length < ITEMS) throw new Error(`only ${received.length} of ${ITEMS} webhooks arrived`);
  const latencies = received.map((r) => r.arrived_ms - sent.get(r.body.data.id));
  section = `<!-- webhook-latency:start -->
## Urgent item to webhook

Command: \`./scripts/build && node bench/webhook_latency.mjs\` · machine: ${cpus().length} × ${cpus()[0].model.trim()},
shared · date: ${new Date().toISOString().slice(0, 10)} · \`wrangler dev\` with local D1 and Queues, the Python receiver
verifying each request with \`standardwebhooks\`, all on loopback.

${ITEMS} urgent items, one every 200 ms; from the moment the client sent the POST to the verified request at
the receiver: **p50 ${percentile(latencies, 0.5).toFixed(0)} ms, p95 ${percentile(latencies, 0.95).toFixed(0)} ms** (min ${Math.min(...latencies).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms).
Most of it is the queue: the consumer takes a batch when 10 messages wait or after \`max_batch_timeout = 1\` s.
<!-- webhook-latency:end -->`;
  console.log(section);
} finally {
  await receiver.stop();
  await collector.stop();
}
const path = join(ROOT, "BENCHMARKS.md");
let doc = readFileSync(path, "utf8");
doc = doc.includes("<!-- webhook-latency:start -->")
  ? doc.replace(/<!-- webhook-latency:start -->[\s\S]*<!-- webhook-latency:end -->/, section)
  : `${doc.trimEnd()}\n\n${section}\n`;
if (section) writeFileSync(path, doc);
