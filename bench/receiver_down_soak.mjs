// A receiver-down soak: the integrator's receiver is not running at all (connection refused, not an
// HTTP error) while urgent items keep arriving for SOAK_SECONDS; then it starts on the registered
// address. Every item must be stored once and its webhook delivered once, verified, with nothing
// dead. Bounded: ITEMS items, loopback only, a 6-minute ceiling; retries in seconds instead of
// minutes (WEBHOOK_RETRY_UNIT_SECONDS=1). Writes its section of BENCHMARKS.md and exits non-zero
// when a count differs.   Run after ./scripts/build:   node bench/receiver_down_soak.mjs
import { cpus } from "node:os";
import { ADMIN_TOKEN, freePort, startCollector, startReceiver } from "../e2e/harness.mjs";
import { writeSection } from "./sections.mjs";

const SOAK_SECONDS = 90;
const ITEMS = 120; // one every SOAK_SECONDS / ITEMS seconds, all while the receiver is down
const DEADLINE_MS = 6 * 60_000;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const collector = await startCollector({ name: "bench-receiver-down-soak", vars: { WEBHOOK_RETRY_UNIT_SECONDS: "1" } });
let receiver;
let section;
try {
  const port = await freePort();
  const endpoint = await collector.api("/v1/admin/sites/demo/endpoints", {
    method: "POST",
    token: ADMIN_TOKEN,
    body: { url: `http://127.0.0.1:${port}/hooks` },
  });
  if (endpoint.status !== 201) throw new Error(`endpoint not created: ${endpoint.status}`);

  const started = performance.now();
  const statuses = {};
  for (let i = 0; i < ITEMS; i++) {
    const response = await collector.api("/v1/feedback", {
      method: "POST",
      headers: { "user-agent": `soak-visitor-${i}` },
      body: { site: "demo", page: `https://docs.example.com/soak/${i}`, rating: "down", comment: `Still broken, I want a refund (${i})`, idempotency_key: `soak-${i}-key` },
    });
    statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    await new Promise((resolve) => setTimeout(resolve, (SOAK_SECONDS * 1000) / ITEMS));
  }
  const downSeconds = (performance.now() - started) / 1000;
  const [during] = await collector.d1(
    "SELECT COUNT(*) AS pending, COALESCE(SUM(attempts), 0) AS attempts, COALESCE(MAX(attempts), 0) AS most FROM deliveries WHERE status = 'pending'",
  );

  receiver = await startReceiver({ port });
  await receiver.control({ secret: endpoint.body.secret });
  const upAt = performance.now();
  let delivered = new Set();
  let received = [];
  while (performance.now() - started < DEADLINE_MS) {
    received = await receiver.received();
    delivered = new Set(received.filter((r) => r.answered === 200 && r.verified).map((r) => r.id));
    if (delivered.size >= ITEMS) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const catchUpSeconds = (performance.now() - upAt) / 1000;
  // Late duplicates would arrive within a retry or two: wait a little before counting.
  await new Promise((resolve) => setTimeout(resolve, 5000));
  received = await receiver.received();
  const [rows] = await collector.d1("SELECT COUNT(*) AS n FROM feedback WHERE page LIKE 'https://docs.example.com/soak/%'");
  const log = await collector.d1("SELECT status, COUNT(*) AS n, MAX(attempts) AS most FROM deliveries GROUP BY status");
  const attempts = (await collector.d1("SELECT attempts FROM deliveries")).map((r) => r.attempts);
  const items = new Set(received.filter((r) => r.verified).map((r) => r.body?.data?.id));
  const duplicates = received.filter((r) => r.answered === 200).length - delivered.size;
  const ok = rows.n === ITEMS && delivered.size === ITEMS && items.size === ITEMS && duplicates === 0
    && log.every((l) => l.status === "delivered");

  section = `<!-- receiver-soak:start -->
## Receiver down for ${SOAK_SECONDS} s (soak)

Command: \`./scripts/build && node bench/receiver_down_soak.mjs\` · machine: ${cpus().length} × ${cpus()[0].model.trim()},
shared · date: ${new Date().toISOString().slice(0, 10)} · \`wrangler dev\` with local D1 and Queues on loopback,
\`WEBHOOK_RETRY_UNIT_SECONDS=1\` (the retry schedule in seconds instead of minutes).

The endpoint was registered at an address where nothing listened (connection refused), then ${ITEMS} urgent items
arrived one by one over ${downSeconds.toFixed(0)} s (answers: ${Object.entries(statuses).map(([s, n]) => `${n} × ${s}`).join(", ")}). At the end of the outage the
delivery log held ${during.pending} pending deliveries after ${during.attempts} failed attempts (at most ${during.most} for one). Then the
receiver started on that address.

| | expected | found |
| --- | --- | --- |
| stored rows | ${ITEMS} | ${rows.n} |
| webhook ids delivered (verified with \`standardwebhooks\`) | ${ITEMS} | ${delivered.size} |
| items those deliveries carry | ${ITEMS} | ${items.size} |
| deliveries accepted twice | 0 | ${duplicates} |
| delivery log | all delivered | ${log.map((l) => `${l.n} ${l.status}`).join(", ")} |
| attempts per delivery | – | median ${median(attempts)}, most ${Math.max(...attempts)} |

Every webhook delivered ${catchUpSeconds.toFixed(0)} s after the receiver came back (the backoff's next attempt, not a
backlog: deliveries are independent messages). ${ok ? "Result: nothing lost, nothing sent twice, nothing dead." : "**Result: a count differs — see the table.**"}
<!-- receiver-soak:end -->`;
  console.log(section);
  if (!ok) process.exitCode = 1;
} finally {
  await receiver?.stop();
  await collector.stop();
}

writeSection("receiver-soak", section, { before: "restart" });
