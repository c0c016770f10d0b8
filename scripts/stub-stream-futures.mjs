// Turns into `unreachable` the code that only wasm-streams' exports could ever run.
//
// Leptos pulls wasm-streams into every CSR build (for server functions), and its three exported
// classes return their work as promises through `future_to_promise`. scripts/pack-wasm removes those
// exports, but the callbacks `future_to_promise` boxes stay in the function table, and wasm-opt cannot
// tell which table entries the removed code was the only one to use: about 9 KB of wasm (2.8 KB brotli)
// that nothing can call. Nothing else in the widget's dependency tree calls `future_to_promise`
// (checked on 2026-11-23: only wasm-streams, and wasm-bindgen's `async` exports, which the widget has
// none of), so once the exports are gone those callbacks are dead. The expected count makes the build
// stop the day a dependency, or the widget, starts using `future_to_promise`: look before raising it.
// Usage: node scripts/stub-stream-futures.mjs in.wasm out.wasm   (in.wasm needs its names)
import { readFileSync, writeFileSync } from "node:fs";
import { functions, sections, uleb } from "./wasm-module.mjs";

// Five futures (three classes' pull, write, close and abort; cancel is synchronous), two closures each.
const EXPECTED = 10;
const DEAD = /^js_sys::futures::future_to_promise::\{\{closure\}\}/;
// A body with no locals that traps: valid whatever the function's type.
const UNREACHABLE = [0x00, 0x00, 0x0b];

const [path, outPath] = process.argv.slice(2);
if (!outPath) {
  console.error("usage: node scripts/stub-stream-futures.mjs in.wasm out.wasm");
  process.exit(2);
}
const bytes = readFileSync(path);
const all = sections(bytes);
const list = functions(bytes, all);
if (!list.some((f) => !f.name.startsWith("function["))) {
  console.error(`error: ${path} has no function names; run this before anything strips them`);
  process.exit(1);
}
const dead = list.filter((f) => DEAD.test(f.name));
// A module without Leptos (the web-sys floor in bench/floors) has none: nothing to do.
if (dead.length === 0) {
  writeFileSync(outPath, bytes);
  process.exit(0);
}
if (dead.length !== EXPECTED) {
  console.error(`error: ${dead.length} future_to_promise callbacks in ${path}, expected ${EXPECTED}:`);
  for (const f of dead) console.error(`  ${f.name}`);
  console.error("something besides wasm-streams' removed exports now uses future_to_promise; see this script's comment");
  process.exit(1);
}

const code = all.find((s) => s.id === 10);
const bodies = [Buffer.from(uleb(list.length))];
for (const f of list) {
  const body = DEAD.test(f.name) ? Buffer.from(UNREACHABLE) : bytes.subarray(f.start, f.end);
  bodies.push(Buffer.from(uleb(body.length)), body);
}
const payload = Buffer.concat(bodies);
writeFileSync(outPath, Buffer.concat([
  bytes.subarray(0, code.at),
  Buffer.from([10, ...uleb(payload.length)]),
  payload,
  bytes.subarray(code.end),
]));
