// Restart `wrangler dev` in the middle of a load: clients keep sending (retrying like the widget on
// a refused connection or a 5xx), the collector stops and starts again on the same database, and
// every item it acknowledged must be stored. Bounded: 600 items, loopback only. Writes its section
// of BENCHMARKS.md.   Run after ./scripts/build:   node bench/restart_under_load.mjs
import { readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { ROOT, startCollector } from "../e2e/harness.mjs";

const CLIENTS = 60;
const ITEMS_PER_CLIENT = 10;
const MAX_TRIES = 60; // 200 ms apart: a client gives up after 12 s of refusals (none should)

const collector = await startCollector({ name: "bench-restart" });
let section;
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

  const rows = await collector.d1("SELECT idempotency_key FROM feedback WHERE page LIKE 'https://docs.example.com/restart/%'");
  const stored = new Set(rows.map((r) => r.idempotency_key));
  const lost = [...acknowledged].filter((key) => !stored.has(key)).length;
  const unique = CLIENTS * ITEMS_PER_CLIENT;
  const ok = lost === 0 && stored.size === unique && rows.length === unique && counts.gaveUp === 0;
  section = `<!-- restart:start -->
## Restarting the collector under load

Command: \`./scripts/build && node bench/restart_under_load.mjs\` · machine: ${cpus().length} × ${cpus()[0].model.trim()},
shared · date: ${new Date().toISOString().slice(0, 10)} · \`wrangler dev\` with a local D1 on loopback.

${CLIENTS} clients sent ${ITEMS_PER_CLIENT} items each, one after another, retrying every 200 ms on a refused connection or a 5xx
(as the widget's outbox does, faster). After ${ackedBefore} acknowledgements \`wrangler dev\` was stopped (its whole process
group) and started again on the same database: ${(restartMs / 1000).toFixed(1)} s without a collector.

| | found |
| --- | --- |
| attempts | ${counts.attempts} |
| refused connections / 5xx answers during the restart | ${counts.refused} / ${counts.errors5xx} |
| items acknowledged (2xx) | ${acknowledged.size} of ${unique} |
| acknowledged items missing from D1 | **${lost}** |
| rows stored (one per item: retries never doubled one) | ${rows.length} (${stored.size} distinct keys) |
| clients that gave up | ${counts.gaveUp} |

${ok ? "Result: nothing acknowledged was lost, nothing was stored twice." : "**Result: a count differs — see the table.**"}
<!-- restart:end -->`;
  console.log(section);
  if (!ok) process.exitCode = 1;
} finally {
  await collector.stop();
}

const path = join(ROOT, "BENCHMARKS.md");
let doc = readFileSync(path, "utf8");
doc = doc.includes("<!-- restart:start -->")
  ? doc.replace(/<!-- restart:start -->[\s\S]*<!-- restart:end -->/, section)
  : `${doc.trimEnd()}\n\n${section}\n`;
if (section) writeFileSync(path, doc);
