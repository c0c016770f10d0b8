// Shortens the names the widget's wasm and its JavaScript glue use for each other, after
// `wasm-opt --minify-imports-and-exports-and-modules` renamed them in the wasm.
//
// wasm-bindgen names every import `__wbg_<method>_<16 hex digits>` and the glue spells each name once
// more: about 150 random-looking names written twice, which brotli cannot compress (3.6 KB of the
// widget). Usage: node scripts/minify-names.mjs names.json widget.js out.js
// where names.json is what wasm-opt printed: { imports: [[module, old, new]], exports: [[old, new]] }.
import { readFileSync, writeFileSync } from "node:fs";

const [mapPath, gluePath, outPath] = process.argv.slice(2);
if (!outPath) {
  console.error("usage: node scripts/minify-names.mjs names.json widget.js out.js");
  process.exit(2);
}
const names = JSON.parse(readFileSync(mapPath, "utf8"));
let glue = readFileSync(gluePath, "utf8");

// Fails the build instead of shipping glue that no longer matches its wasm.
function replaceExactly(pattern, replacement, expected, what) {
  const found = glue.match(pattern)?.length ?? 0;
  if (found !== expected) {
    console.error(`error: the glue spells ${what} ${found} times, expected ${expected}; wasm-bindgen's output changed`);
    process.exit(1);
  }
  glue = glue.replace(pattern, replacement);
}

// Imports are the keys of one object literal in `__wbg_get_imports`, each written `name: function`.
for (const [, old, short] of names.imports) {
  replaceExactly(new RegExp(`\\b${old}(?=: function)`, "g"), JSON.stringify(short), 1, `import ${old}`);
}
// Exports are read as `wasm.name`; removed exports (wasm-streams') still appear in dead classes.
for (const [old, short] of names.exports) {
  const pattern = new RegExp(`\\bwasm\\.${old}\\b`, "g");
  glue = glue.replace(pattern, `wasm[${JSON.stringify(short)}]`);
}
// wasm-opt names every import module "a".
const modules = [...new Set(names.imports.map(([module]) => module))];
for (const module of modules) {
  replaceExactly(new RegExp(`${JSON.stringify(module).replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: import0`, "g"),
    "a: import0", 1, `module ${module}`);
}
writeFileSync(outPath, glue);
