// How well the collector hears mood and urgency in each of the six languages, on labelled data nobody
// on the team wrote (XED, Banking77; bench/data/). Runs the core's `hearing` example in release and
// writes its section of BENCHMARKS.md.   Run:   node bench/hearing.mjs
import { execFileSync } from "node:child_process";
import { cpus } from "node:os";
import { ROOT } from "../e2e/harness.mjs";
import { writeSection } from "./sections.mjs";
import { CARGO_FIRST_PATH } from "./size.mjs";

const section = execFileSync("cargo", ["run", "--quiet", "--release", "-p", "feedback-core", "--example", "hearing"], {
  cwd: ROOT,
  encoding: "utf8",
  stdio: ["ignore", "pipe", "inherit"],
  env: { ...process.env, PATH: CARGO_FIRST_PATH, BENCH_DATE: new Date().toISOString().slice(0, 10),
    BENCH_MACHINE: `${cpus().length} × ${cpus()[0].model.trim()}` },
});
console.log(section);
writeSection("hearing", section.trim(), { before: "dashboard" });
