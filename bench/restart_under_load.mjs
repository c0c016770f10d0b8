// Restart `wrangler dev` in the middle of a load: clients keep sending (retrying like the widget on
// a refused connection or a 5xx), the collector stops and starts again on the same database, and
// every item it acknowledged must be stored. Bounded: 600 items, loopback only. Writes its section
// of BENCHMARKS.md. The same run against the queued write path (e2e/harness.mjs `queuedConfig`) shows what
// acknowledging before writing risks here.   Run after ./scripts/build:   node bench/restart_under_load.mjs
import { cpus } from "node:os";
import { queuedConfig, startCollector } from "../e2e/harness.mjs";
import { writeSection } from "./sections.mjs";

const CLIENTS = 60;
const ITEMS_PER_CLIENT = 10;
const MAX_TRIES = 60; // 200 ms apart: a client gives up after 12 s of refusals (none should)

/** Runs the load against one collector, restarts it a third of the way in, and counts what survived. */
async function trial(name, config) {
  const collector = await startCollector({ name, config });
  try {
  const acknowledged = new Set();
  const counts = { attempts: 0, refused: 0, errors5xx: 0, gaveUp: 0 };
  let restartMs = 0;

  const send = async (c, i) => {
    const key = `restart-${c}-${i}-key`;
    for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
      counts.attempts++;
      try {
        const response = await fetch(`${collector.url}/v1/feedback`, {
          method: "POST",
          headers: { "content-type": "application/json", "user-agent": `restart-client-${c}` },
          body: JSON.stringify({ site: "demo", page: `https://docs.example.com/restart/${c}/${i}`, rating: "up", idempotency_key: key }),
        });
        await response.arrayBuffer();
        if (response.ok) {
          acknowledged.add(key);
          return;
        }
        if (response.status >= 500) counts.errors5xx++;
        else throw new Error(`refused with ${response.status}`);
      } catch (error) {
        if (String(error).startsWith("Error: refused")) throw error;
        counts.refused++;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    counts.gaveUp++;
  };
  const client = async (c) => {
    for (let i = 0; i < ITEMS_PER_CLIENT; i++) await send(c, i);
  };

  const load = Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
  // Restart once a third of the items are acknowledged.
  while (acknowledged.size < (CLIENTS * ITEMS_PER_CLIENT) / 3) await new Promise((resolve) => setTimeout(resolve, 20));
  const ackedBefore = acknowledged.size;
  const t = performance.now();
  await collector.restart();
  restartMs = performance.now() - t;
  await load;

  // A queued write may still be on its way: wait (bounded) until the count stops growing.
  const countRows = async () => (await collector.d1("SELECT COUNT(*) AS n FROM feedback WHERE page LIKE 'https://docs.example.com/restart/%'"))[0].n;
  for (let last = -1, n = await countRows(), t0 = performance.now(); n !== last && performance.now() - t0 < 30_000; ) {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    [last, n] = [n, await countRows()];
  }
  const rows = await collector.d1("SELECT idempotency_key FROM feedback WHERE page LIKE 'https://docs.example.com/restart/%'");
  const stored = new Set(rows.map((r) => r.idempotency_key));
  const lost = [...acknowledged].filter((key) => !stored.has(key)).length;
  const unique = CLIENTS * ITEMS_PER_CLIENT;
  const ok = lost === 0 && stored.size === unique && rows.length === unique && counts.gaveUp === 0;
  return { counts, ackedBefore, restartMs, acknowledged: acknowledged.size, lost, rows: rows.length, distinct: stored.size, ok };
  } finally {
    await collector.stop();
  }
}

const unique = CLIENTS * ITEMS_PER_CLIENT;
let section;
{
  const direct = await trial("bench-restart", undefined);
  const queued = await trial("bench-restart-queued", queuedConfig());
  const row = (label, f) => `| ${label} | ${f(direct)} | ${f(queued)} |`;
  section = `<!-- restart:start -->
## Restarting the collector under load

Command: \`./scripts/build && node bench/restart_under_load.mjs\` · machine: ${cpus().length} × ${cpus()[0].model.trim()},
shared · date: ${new Date().toISOString().slice(0, 10)} · \`wrangler dev\` with a local D1 on loopback.

${CLIENTS} clients sent ${ITEMS_PER_CLIENT} items each, one after another, retrying every 200 ms on a refused connection or a 5xx
(as the widget's outbox does, faster). After a third of the items were acknowledged \`wrangler dev\` was stopped (its whole
process group) and started again on the same database. The same run against the queued write path (answer 202 once
the item is on a Queue, write in D1 batches; see "Collector throughput") in the second column.

| | as shipped (write, then answer) | queued writes (answer, then write) |
| --- | --- | --- |
${row("acknowledged before the restart", (t) => t.ackedBefore)}
${row("seconds without a collector", (t) => (t.restartMs / 1000).toFixed(1))}
${row("attempts", (t) => t.counts.attempts)}
${row("refused connections / 5xx answers during the restart", (t) => `${t.counts.refused} / ${t.counts.errors5xx}`)}
${row("items acknowledged (2xx)", (t) => `${t.acknowledged} of ${unique}`)}
${row("acknowledged items missing from D1", (t) => `**${t.lost}**`)}
${row("rows stored (one per item: retries never doubled one)", (t) => `${t.rows} (${t.distinct} distinct keys)`)}
${row("clients that gave up", (t) => t.counts.gaveUp)}

${direct.ok ? "As shipped: nothing acknowledged was lost, nothing was stored twice." : "**As shipped: a count differs — see the table.**"}
${queued.ok ? "Queued: nothing lost either." : `Queued: ${queued.lost} acknowledged items were lost — the local Queue keeps messages in memory, so what was acknowledged but not yet written died with the process.`}
<!-- restart:end -->`;
  console.log(section);
  // The shipped path must lose nothing; the queued one is measured, not required.
  if (!direct.ok) process.exitCode = 1;
}

writeSection("restart", section);
