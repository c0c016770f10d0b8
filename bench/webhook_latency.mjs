// From an urgent item's POST to its signed webhook at the receiver: p50/p95 on loopback, 50 items
// one after another (the queue consumer's batch timeout is 1 s in wrangler.toml); the same with queued
// writes (`queuedConfig` in e2e/harness.mjs), where the item itself waits for a batch first. Writes its
// section of BENCHMARKS.md.   Run after ./scripts/build:   node bench/webhook_latency.mjs
import { cpus } from "node:os";
import { ADMIN_TOKEN, queuedConfig, startCollector, startReceiver } from "../e2e/harness.mjs";
import { writeSection } from "./sections.mjs";

const ITEMS = 50;
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

/** Milliseconds from each urgent item's POST to its verified webhook, against one collector. */
async function trial(name, config, status) {
  const collector = await startCollector({ name, config });
  const receiver = await startReceiver();
  try {
    const endpoint = await collector.api("/v1/admin/sites/demo/endpoints", { method: "POST", token: ADMIN_TOKEN, body: { url: `${receiver.url}/hooks` } });
    await receiver.control({ secret: endpoint.body.secret });
    const sent = new Map();
    for (let i = 0; i < ITEMS; i++) {
      const page = `https://docs.example.com/latency/${i}`;
      const at = Date.now();
      const response = await collector.api("/v1/feedback", {
        method: "POST",
        headers: { "user-agent": `latency-${i}` },
        body: { site: "demo", page, rating: "down", comment: `I want a refund (${i})`, idempotency_key: `latency-${i}-key` },
      });
      if (response.status !== status) throw new Error(`item ${i}: HTTP ${response.status}`);
      sent.set(page, at);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const deadline = Date.now() + 60_000;
    let received = [];
    while (Date.now() < deadline) {
      received = (await receiver.received()).filter((r) => r.verified && sent.has(r.body?.data?.page));
      if (received.length >= ITEMS) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    if (received.length < ITEMS) throw new Error(`${name}: only ${received.length} of ${ITEMS} webhooks arrived`);
    return received.map((r) => r.arrived_ms - sent.get(r.body.data.page));
  } finally {
    await receiver.stop();
    await collector.stop();
  }
}

const figures = (xs) =>
  `**p50 ${percentile(xs, 0.5).toFixed(0)} ms, p95 ${percentile(xs, 0.95).toFixed(0)} ms** (min ${Math.min(...xs).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms)`;
let section;
{
  const latencies = await trial("bench-webhook-latency", undefined, 201);
  const queued = await trial("bench-webhook-latency-queued", queuedConfig(), 202);
  section = `<!-- webhook-latency:start -->
## Urgent item to webhook

Command: \`./scripts/build && node bench/webhook_latency.mjs\` · machine: ${cpus().length} × ${cpus()[0].model.trim()},
shared · date: ${new Date().toISOString().slice(0, 10)} · \`wrangler dev\` with local D1 and Queues, the Python receiver
verifying each request with \`standardwebhooks\`, all on loopback.

${ITEMS} urgent items, one every 200 ms; from the moment the client sent the POST to the verified request at
the receiver: ${figures(latencies)}.
Most of it is the queue: the consumer takes a batch when 10 messages wait or after \`max_batch_timeout = 1\` s.
With queued writes (README, "Queued writes") the item first waits for its own batch: ${figures(queued)}.
<!-- webhook-latency:end -->`;
  console.log(section);
}
writeSection("webhook-latency", section);
