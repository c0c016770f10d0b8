// A retry storm against a receiver that is down: many clients send urgent items concurrently, each
// item several times under its idempotency key, while the webhook receiver answers 503 to its first
// few hundred requests. Counts stored rows and delivered webhook ids against the unique items: the
// collector must lose nothing and double nothing. Bounded (a fixed number of requests, loopback
// only, a 5-minute ceiling). Writes its section of BENCHMARKS.md.
// Run after ./scripts/build:   node bench/retry_storm.mjs
import { cpus } from "node:os";
import { ADMIN_TOKEN, DEMO_TOKEN, startCollector, startReceiver } from "../e2e/harness.mjs";
import { writeSection } from "./sections.mjs";

const CLIENTS = 60; // distinct visitors (user agents), so the per-visitor limit of 20 a minute holds
const ITEMS_PER_CLIENT = 4;
const SENDS_PER_ITEM = 4; // the same item, same idempotency key, sent again as a flaky network would
const RECEIVER_DOWN_FOR = 300; // the receiver's first answers are 503
const DEADLINE_MS = 5 * 60_000;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p99 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.99))];

const collector = await startCollector({ name: "bench-retry-storm", vars: { WEBHOOK_RETRY_UNIT_SECONDS: "1" } });
const receiver = await startReceiver();
let section;
try {
  const endpoint = await collector.api("/v1/admin/sites/demo/endpoints", {
    method: "POST",
    token: ADMIN_TOKEN,
    body: { url: `${receiver.url}/hooks` },
  });
  await receiver.control({ secret: endpoint.body.secret, answers: Array(RECEIVER_DOWN_FOR).fill(503) });

  const latencies = [];
  const statuses = {};
  const started = performance.now();
  const client = async (c) => {
    const sends = [];
    for (let i = 0; i < ITEMS_PER_CLIENT; i++) {
      for (let s = 0; s < SENDS_PER_ITEM; s++) sends.push(i);
    }
    sends.sort(() => Math.random() - 0.5);
    await Promise.all(
      sends.map(async (i) => {
        const t = performance.now();
        const response = await fetch(`${collector.url}/v1/feedback`, {
          method: "POST",
          headers: { "content-type": "application/json", "user-agent": `storm-client-${c}` },
          body: JSON.stringify({
            site: "demo",
            page: `https://docs.example.com/storm/${c}/${i}`,
            rating: "down",
            comment: `Charged twice, I want a refund (${c}-${i})`,
            idempotency_key: `storm-${c}-${i}-key`,
          }),
        });
        await response.arrayBuffer();
        latencies.push(performance.now() - t);
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      }),
    );
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
  const stormSeconds = (performance.now() - started) / 1000;
  const unique = CLIENTS * ITEMS_PER_CLIENT;

  // Wait (bounded) until every unique item's webhook was delivered once.
  let delivered = new Set();
  let received = [];
  const waitStart = performance.now();
  while (performance.now() - started < DEADLINE_MS) {
    received = await receiver.received();
    delivered = new Set(received.filter((r) => r.answered === 200 && r.verified).map((r) => r.id));
    if (delivered.size >= unique) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const drainSeconds = (performance.now() - waitStart) / 1000;
  const [rows] = await collector.d1("SELECT COUNT(*) AS n FROM feedback WHERE page LIKE 'https://docs.example.com/storm/%'");
  const deliveries = await collector.d1("SELECT status, COUNT(*) AS n FROM deliveries GROUP BY status");
  const itemsDelivered = new Set(received.filter((r) => r.answered === 200).map((r) => r.body?.data?.id));
  const pages = await collector.api("/v1/sites/demo/pages", { token: DEMO_TOKEN });
  const counted = pages.body.pages.filter((p) => p.page.includes("/storm/")).reduce((n, p) => n + p.votes, 0);

  const lost = unique - rows.n;
  const ok = rows.n === unique && delivered.size === unique && itemsDelivered.size === unique && counted === unique;
  section = `<!-- retry-storm:start -->
## Retry storm with the receiver down

Command: \`./scripts/build && node bench/retry_storm.mjs\` · machine: ${cpus().length} × ${cpus()[0].model.trim()},
shared · date: ${new Date().toISOString().slice(0, 10)} · \`wrangler dev\` with local D1 and Queues on loopback,
\`WEBHOOK_RETRY_UNIT_SECONDS=1\` (a retry schedule of seconds instead of minutes).

${CLIENTS} clients (distinct visitors) each sent ${ITEMS_PER_CLIENT} urgent items ${SENDS_PER_ITEM} times under the same idempotency
key, all at once and shuffled: ${CLIENTS * ITEMS_PER_CLIENT * SENDS_PER_ITEM} requests for ${unique} unique items, in ${stormSeconds.toFixed(1)} s
(answers: ${Object.entries(statuses).map(([s, n]) => `${n} × ${s}`).join(", ")}; median ${median(latencies).toFixed(0)} ms, p99 ${p99(latencies).toFixed(0)} ms).
The receiver answered 503 to its first ${RECEIVER_DOWN_FOR} requests. Any 503 among the answers above comes from
\`wrangler dev\` itself under ${CLIENTS * ITEMS_PER_CLIENT * SENDS_PER_ITEM} simultaneous connections (our worker never answers 503 here); the widget
retries a 503 with the same key, which is what the repeated sends stand for.

| | expected | found |
| --- | --- | --- |
| stored rows | ${unique} | ${rows.n} |
| votes counted by the read API | ${unique} | ${counted} |
| webhook ids delivered (verified with \`standardwebhooks\`) | ${unique} | ${delivered.size} |
| items those deliveries carry | ${unique} | ${itemsDelivered.size} |
| requests the receiver saw (503s and retries included) | – | ${received.length} |
| delivery log | all delivered | ${deliveries.map((d) => `${d.n} ${d.status}`).join(", ")} |

Lost: ${lost}; doubled: ${rows.n > unique ? rows.n - unique : 0}. Every webhook delivered ${drainSeconds.toFixed(0)} s after the storm ended.
${ok ? "Result: nothing lost, nothing counted twice." : "**Result: a count differs — see the table.**"}
<!-- retry-storm:end -->`;
  console.log(section);
  if (!ok) process.exitCode = 1;
} finally {
  await receiver.stop();
  await collector.stop();
}

writeSection("retry-storm", section);
