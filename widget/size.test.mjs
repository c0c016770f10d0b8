// The widget's shipped bytes stay within widget/budget.json. Bytes are deterministic, so this is a test.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { brotliCompressSync, constants } from "node:zlib";

const ROOT = join(import.meta.dirname, "..");
const budget = JSON.parse(readFileSync(join(ROOT, "widget", "budget.json"), "utf8"));
const SHIPPED = ["embed.js", "widget.js", "widget_bg.wasm"];

function brotli(file) {
  const bytes = readFileSync(join(ROOT, "target", "site", file));
  return brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
}

test("the loader stays within its budget", () => {
  const size = brotli("embed.js");
  assert.ok(size <= budget.loader_brotli_bytes, `embed.js is ${size} B brotli; budget ${budget.loader_brotli_bytes} B`);
});

test("everything the widget ships stays within its budget", () => {
  const sizes = Object.fromEntries(SHIPPED.map((file) => [file, brotli(file)]));
  const total = Object.values(sizes).reduce((a, b) => a + b, 0);
  console.log(`widget bytes (brotli): ${JSON.stringify(sizes)}, total ${total}`);
  assert.ok(total <= budget.total_brotli_bytes, `the widget ships ${total} B brotli; budget ${budget.total_brotli_bytes} B`);
});
