// Turns into `unreachable` the code a Leptos CSR widget carries but can never run, which wasm-opt
// cannot find dead on its own: the function table keeps it, and wasm-opt cannot tell which table
// entries only removed or never-taken code would use. Each kind is guarded, so the build stops (and
// says why) the day that code could run after all: look before loosening a guard.
//
// - wasm-streams' promise callbacks. Leptos pulls wasm-streams into every CSR build (for server
//   functions); its three exported classes return their work as promises through `future_to_promise`.
//   scripts/pack-wasm removes those exports, but the boxed callbacks stay in the table: about 9 KB of
//   wasm (2.8 KB brotli). Nothing else in the widget's dependency tree calls `future_to_promise`
//   (checked on 2026-11-23: only wasm-streams, and wasm-bindgen's `async` exports, which the widget
//   has none of): guarded by their exact count.
// - The drop glue of wasm-streams' values (its futures, its classes and their borrows), kept as vtable
//   entries: only the removed exports ever make such a value (0.3 KB brotli). How many the compiler
//   emits varies from module to module; more than were checked means a new use: guarded by a ceiling.
// - tachys's delegated event listener. Without tachys's `delegation` feature every listener is
//   attached directly, but the branch that would delegate is compiled into a shared function and
//   keeps the global handler, its closures and a hash set alive (1.6 KB brotli). With the feature on,
//   tachys would name its delegation keys ("$$$click") in the data: guarded by their absence.
// Usage: node scripts/stub-dead-code.mjs in.wasm out.wasm   (in.wasm needs its names)
import { readFileSync, writeFileSync } from "node:fs";
import { functions, sections, uleb } from "./wasm-module.mjs";

const DEAD = [
  // Five futures (three classes' pull, write, close and abort; cancel is synchronous), two closures each.
  { what: "future_to_promise callbacks", pattern: /^js_sys::futures::future_to_promise::\{\{closure\}\}/,
    fits: (n) => n === 10, expected: "exactly 10" },
  { what: "drop glue functions of wasm-streams values", pattern: /^core::ptr::drop_in_place<.*\bwasm_streams::/,
    fits: (n) => n <= 25, expected: "at most 25" },
  // The function, the global handler it installs, and their drop glue.
  { what: "functions of the delegated event listener",
    pattern: /^(core::ptr::drop_in_place<)?tachys::renderer::dom::Dom::add_event_listener_delegated::/,
    fits: (n) => n <= 4, expected: "at most 4" },
];
const isDead = (name) => DEAD.some(({ pattern }) => pattern.test(name));
// A body with no locals that traps: valid whatever the function's type.
const UNREACHABLE = [0x00, 0x00, 0x0b];
// tachys's prefix for the property a delegated listener is stored under.
const DELEGATION_KEY = Buffer.from("$$$");

const [path, outPath] = process.argv.slice(2);
if (!outPath) {
  console.error("usage: node scripts/stub-dead-code.mjs in.wasm out.wasm");
  process.exit(2);
}
const bytes = readFileSync(path);
const all = sections(bytes);
const list = functions(bytes, all);
if (!list.some((f) => !f.name.startsWith("function["))) {
  console.error(`error: ${path} has no function names; run this before anything strips them`);
  process.exit(1);
}
// A module without Leptos (the web-sys floor in bench/floors) has none of this code: nothing to do.
// One with Leptos always has the callbacks; the guards below also stop the build when the names are
// not the legacy-mangled ones the patterns read (nightly's v0 mangling, say).
if (!list.some((f) => /\b(tachys|wasm_streams)\b/.test(f.name))) {
  writeFileSync(outPath, bytes);
  process.exit(0);
}
for (const { what, pattern, fits, expected } of DEAD) {
  const dead = list.filter((f) => pattern.test(f.name));
  if (!fits(dead.length)) {
    console.error(`error: ${dead.length} ${what} in ${path}, expected ${expected}:`);
    for (const f of dead) console.error(`  ${f.name}`);
    console.error("the dependencies changed, or the names are not legacy-mangled; see the comment at the top of scripts/stub-dead-code.mjs");
    process.exit(1);
  }
}
const data = all.filter((s) => s.id === 11).map((s) => bytes.subarray(s.start, s.end));
if (data.some((d) => d.includes(DELEGATION_KEY))) {
  console.error(`error: ${path} delegates events (tachys's \`delegation\` feature is on), so its delegated`);
  console.error("listener is live; see the comment at the top of scripts/stub-dead-code.mjs");
  process.exit(1);
}

const code = all.find((s) => s.id === 10);
const bodies = [Buffer.from(uleb(list.length))];
for (const f of list) {
  const body = isDead(f.name) ? Buffer.from(UNREACHABLE) : bytes.subarray(f.start, f.end);
  bodies.push(Buffer.from(uleb(body.length)), body);
}
const payload = Buffer.concat(bodies);
writeFileSync(outPath, Buffer.concat([
  bytes.subarray(0, code.at),
  Buffer.from([10, ...uleb(payload.length)]),
  payload,
  bytes.subarray(code.end),
]));
