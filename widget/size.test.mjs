// The widget's shipped bytes stay within widget/budget.json. Bytes are deterministic, so this is a test.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { brotli } from "../bench/size.mjs";

const ROOT = join(import.meta.dirname, "..");
const budget = JSON.parse(readFileSync(join(ROOT, "widget", "budget.json"), "utf8"));
const SHIPPED = ["embed.js", "widget.js", "widget_bg.wasm"];

/** A shipped file's bytes after brotli, measured as the benchmarks measure them. */
const shipped = (file) => brotli(join(ROOT, "target", "site", file));

test("the loader stays within its budget", () => {
  const size = shipped("embed.js");
  assert.ok(size <= budget.loader_brotli_bytes, `embed.js is ${size} B brotli; budget ${budget.loader_brotli_bytes} B`);
});

test("everything the widget ships stays within its budget", () => {
  const sizes = Object.fromEntries(SHIPPED.map((file) => [file, shipped(file)]));
  const total = Object.values(sizes).reduce((a, b) => a + b, 0);
  console.log(`widget bytes (brotli): ${JSON.stringify(sizes)}, total ${total}`);
  assert.ok(total <= budget.total_brotli_bytes, `the widget ships ${total} B brotli; budget ${budget.total_brotli_bytes} B`);
});
