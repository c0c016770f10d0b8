// Answers seeded straight into a local D1 database's SQLite file, for benchmarks at sizes the API
// would take hours to fill: the rows of scripts/seed-feedback.mjs, the rollup triggers off while
// loading and the rollups built once, as migration 0013 builds them for stored answers.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../e2e/harness.mjs";
import { seedRows, seedSql } from "../scripts/seed-feedback.mjs";

/** Runs SQL from `source` (an async iterable of strings) through the sqlite3 shell on `file`. */
export function sqlite(file, source) {
  return new Promise((resolve, reject) => {
    const child = spawn("sqlite3", ["-bail", file], { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`sqlite3: ${err}`))));
    (async () => {
      for await (const chunk of source) {
        if (!child.stdin.write(chunk)) await new Promise((r) => child.stdin.once("drain", r));
      }
      child.stdin.end();
    })().catch(reject);
  });
}

/** Where a counting migration's own triggers end and what it counts of the rows stored before begins. */
const MARK = "-- What was stored before";

/** `count` answers straight into the database file: triggers off while loading, rollups built once. */
export async function seed(file, count) {
  // Every migration that keeps counts by triggers ends with what it counts of the rows stored before.
  const folder = join(ROOT, "edge-worker", "migrations");
  const migrations = readdirSync(folder).filter((name) => name.endsWith(".sql")).sort()
    .map((name) => readFileSync(join(folder, name), "utf8"))
    .filter((sql) => sql.includes(MARK));
  // A later migration may write a trigger again (0017 rewrites 0013's): the last one is the one in force.
  const latest = new Map(migrations.flatMap((m) => m.match(/CREATE TRIGGER[\s\S]*?\nEND;/g))
    .map((t) => [t.match(/CREATE TRIGGER (\w+)/)[1], t]));
  const [names, triggers] = [[...latest.keys()], [...latest.values()]];
  const backfill = migrations.map((m) => m.slice(m.indexOf(MARK))).join("\n");
  const CHUNK = 50_000;
  await sqlite(file, (async function* () {
    yield "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000;\nBEGIN;\n";
    for (const name of names) yield `DROP TRIGGER ${name};\n`;
    for (let start = 0, chunk = 0; start < count; start += CHUNK, chunk++) {
      yield seedSql(seedRows({ count: Math.min(CHUNK, count - start), days: 365, seed: 1000 + chunk }));
    }
    yield `${backfill}\n${triggers.join("\n")}\nCOMMIT;\nPRAGMA journal_mode = DELETE;\nANALYZE;\n`;
  })());
}

