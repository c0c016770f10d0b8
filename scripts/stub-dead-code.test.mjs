// scripts/stub-dead-code.mjs traps only the code it is sure cannot run, and stops the build when it
// cannot be sure. Checked on small modules built with binaryen, named as rustc names Leptos's code.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import binaryen from "binaryen";

const SCRIPT = join(import.meta.dirname, "stub-dead-code.mjs");
const CALLBACK = (i) => `js_sys::futures::future_to_promise::{{closure}}::h${i}`;
const LIVE = "tachys::html::element::HtmlElement::build::h1";
const DROP_GLUE = "core::ptr::drop_in_place<wasm_streams::readable::into_underlying_source::IntoUnderlyingSource>::h2";
const DELEGATED = "tachys::renderer::dom::Dom::add_event_listener_delegated::h3";

/** A module whose functions (each returning its own number) have these names, and this data. */
function module(names, { data = "", keepNames = true } = {}) {
  const m = new binaryen.Module();
  // An import first, so defined functions do not start at index 0.
  m.addFunctionImport("imported", "env", "imported", binaryen.none, binaryen.none);
  m.setMemory(1, 1, null, [{ offset: m.i32.const(1024), data: new TextEncoder().encode(data), passive: false }]);
  names.forEach((name, i) => {
    m.addFunction(name, binaryen.none, binaryen.i32, [], m.i32.const(i + 1));
    m.addFunctionExport(name, `f${i}`);
  });
  binaryen.setDebugInfo(keepNames);
  const bytes = m.emitBinary();
  m.dispose();
  return bytes;
}

/** Runs the script on `bytes`: its exit status, what it said, and the module it wrote. */
function stub(bytes) {
  const dir = mkdtempSync(join(tmpdir(), "stub-"));
  writeFileSync(join(dir, "in.wasm"), bytes);
  const run = spawnSync(process.execPath, [SCRIPT, join(dir, "in.wasm"), join(dir, "out.wasm")], { encoding: "utf8" });
  const out = run.status === 0 ? readFileSync(join(dir, "out.wasm")) : null;
  return { status: run.status, stderr: run.stderr, out };
}

/** Each function's body as text, by name. */
function bodies(bytes) {
  const m = binaryen.readBinary(bytes);
  assert.ok(m.validate(), "the module is valid");
  const found = {};
  for (let i = 0; i < m.getNumFunctions(); i++) {
    const info = binaryen.getFunctionInfo(m.getFunctionByIndex(i));
    if (info.body) found[info.name] = binaryen.emitText(info.body).trim();
  }
  m.dispose();
  return found;
}

const tenCallbacks = Array.from({ length: 10 }, (_, i) => CALLBACK(i));

test("the callbacks, drop glue and delegated listener trap; everything else is untouched", () => {
  const { status, stderr, out } = stub(module([LIVE, ...tenCallbacks, DROP_GLUE, DELEGATED]));
  assert.equal(status, 0, stderr);
  const after = bodies(out);
  assert.equal(after[LIVE], "(i32.const 1)");
  for (const name of [...tenCallbacks, DROP_GLUE, DELEGATED]) assert.equal(after[name], "(unreachable)", name);
});

test("an eleventh future_to_promise callback stops the build: something new may run it", () => {
  const { status, stderr } = stub(module([LIVE, ...tenCallbacks, CALLBACK(10)]));
  assert.equal(status, 1);
  assert.match(stderr, /11 future_to_promise callbacks .* expected exactly 10/);
});

test("delegation keys in the data stop the build: the delegated listener is live", () => {
  const { status, stderr } = stub(module([LIVE, ...tenCallbacks, DELEGATED], { data: "$$$click" }));
  assert.equal(status, 1);
  assert.match(stderr, /delegation` feature is on/);
});

test("a Leptos module whose names the patterns cannot read stops the build", () => {
  const v0 = "js_sys[2f880e4b9c93ff75]::futures::future_to_promise::<tachys[e1]::X>::{closure#0}";
  const { status, stderr } = stub(module([LIVE, v0]));
  assert.equal(status, 1);
  assert.match(stderr, /0 future_to_promise callbacks/);
});

test("a module without Leptos passes through unchanged", () => {
  const bytes = module(["floor_web_sys::mount::h1", "wasm_bindgen::convert::closures::invoke::h2"]);
  const { status, out } = stub(bytes);
  assert.equal(status, 0);
  assert.deepEqual(out, Buffer.from(bytes));
});

test("a module without names is refused: nothing could be found in it", () => {
  const { status, stderr } = stub(module([LIVE, ...tenCallbacks], { keepNames: false }));
  assert.equal(status, 1);
  assert.match(stderr, /has no function names/);
});
