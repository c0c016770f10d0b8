// Fits wasm-bindgen's JavaScript glue to the wasm that `scripts/pack-wasm` made of its module:
// short names, and nothing for what the wasm no longer has.
//
// - wasm-bindgen names every import `__wbg_<method>_<16 hex digits>` and the glue spells each name
//   once more: about 150 random-looking names written twice, which brotli cannot compress. After
//   `wasm-opt --minify-imports-and-exports-and-modules` renamed them in the wasm, this renames them
//   here from the mapping wasm-opt printed.
// - Imports the optimised wasm no longer asks for (wasm-streams', whose code is gone) are dropped,
//   and so are wasm-streams' three exported classes, whose wasm exports were removed: `esbuild
//   --tree-shaking=true` then drops the helpers only they used.
//
// Every edit checks that the glue reads exactly as expected and fails the build otherwise.
// Usage: node scripts/trim-glue.mjs names.json widget.js out.js
// where names.json is what wasm-opt printed: { imports: [[module, old, new]], exports: [[old, new]] }.
import { readFileSync, writeFileSync } from "node:fs";

const [mapPath, gluePath, outPath] = process.argv.slice(2);
if (!outPath) {
  console.error("usage: node scripts/trim-glue.mjs names.json widget.js out.js");
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

// Imports are the entries of one object literal in `__wbg_get_imports`, each written
// `        name: function(…) {` … `        },` at eight spaces. Those the wasm no longer imports go.
const kept = new Set(names.imports.map(([, old]) => old));
const entry = /^ {8}(__wbg\w+): function\([^)]*\) \{\n[\s\S]*?^ {8}\},\n/gm;
glue = glue.replace(entry, (whole, name) => (kept.has(name) ? whole : ""));
for (const [, old, short] of names.imports) {
  replaceExactly(new RegExp(`\\b${old}(?=: function)`, "g"), JSON.stringify(short), 1, `import ${old}`);
}
// Exports are read as `wasm.name`.
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
// wasm-streams' classes: no longer exported, never registered for disposal, no finaliser.
if (names.exports.some(([old]) => /intounderlying/.test(old))) {
  console.error("error: the wasm still exports wasm-streams' classes; scripts/pack-wasm should remove them");
  process.exit(1);
}
for (const cls of glue.match(/^export class (IntoUnderlying\w+)/gm)?.map((l) => l.slice(13)) ?? []) {
  replaceExactly(new RegExp(`^export class ${cls} \\{`, "gm"), `class ${cls} {`, 1, `class ${cls}`);
  replaceExactly(new RegExp(`^if \\(Symbol\\.dispose\\) ${cls}\\.prototype.*\\n`, "gm"), "", 1, `${cls}'s disposal`);
  replaceExactly(new RegExp(`^const ${cls}Finalization = [^;]*;\\n`, "gm"), "", 1, `${cls}'s finaliser`);
}
// The loader calls `default` (init) and `mount`, never `initSync`.
replaceExactly(/^export \{ initSync, __wbg_init as default \};$/gm, "export { __wbg_init as default };", 1, "the exports");
writeFileSync(outPath, glue);
