// How the widget's bytes are measured, one way for the size test (widget/size.test.mjs) and every size
// benchmark, so a budget and a figure in BENCHMARKS.md always mean the same thing.
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";

/** Bytes after brotli at quality 11, what a CDN serves: of a buffer, or of the file at a path. */
export function brotli(input) {
  const bytes = typeof input === "string" ? readFileSync(input) : input;
  return brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
}

/** PATH with cargo's tools first, for the benchmarks that build with cargo; scripts/pack-wasm finds
 * npm's wasm-opt and esbuild itself (scripts/env.sh). */
export const CARGO_FIRST_PATH = [join(process.env.CARGO_HOME ?? join(homedir(), ".cargo"), "bin"), process.env.PATH].join(":");
