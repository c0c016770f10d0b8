// What in a wasm file costs what: code bytes per crate (from the name section), data, and the rest.
// Usage: node bench/wasm_breakdown.mjs file.wasm [--top N]
import { readFileSync } from "node:fs";
import { functions as definedFunctions, sections as allSections } from "../scripts/wasm-module.mjs";

function demangle(name) {
  const legacy = /^_ZN((?:\d+[^\d].*?)+)E$/.exec(name);
  if (!legacy) return name;
  const parts = [];
  let rest = legacy[1];
  while (rest.length) {
    const m = /^(\d+)/.exec(rest);
    if (!m) break;
    const len = Number(m[1]);
    parts.push(rest.slice(m[1].length, m[1].length + len));
    rest = rest.slice(m[1].length + len);
  }
  if (/^h[0-9a-f]{16}$/.test(parts.at(-1) ?? "")) parts.pop();
  return parts.join("::").replaceAll("$LT$", "<").replaceAll("$GT$", ">").replaceAll("$u20$", " ")
    .replaceAll("$RF$", "&").replaceAll("$C$", ",").replaceAll("..", "::");
}

// The crate a function belongs to: the first path segment, looking through `<T as Trait>` wrappers.
export function crateOf(name) {
  const clean = demangle(name).replace(/^<+/, "");
  const head = /^([A-Za-z_][A-Za-z0-9_]*)/.exec(clean)?.[1] ?? "?";
  if (clean.startsWith("__wbg") || clean.startsWith("__wbindgen")) return "wasm-bindgen glue";
  if (["core", "alloc", "std", "dlmalloc", "compiler_builtins"].includes(head)) return `${head} (Rust std)`;
  return head;
}

export function breakdown(path) {
  const bytes = readFileSync(path);
  const sections = allSections(bytes);
  const byCrate = new Map();
  const functions = [];
  for (const { name, start, end } of definedFunctions(bytes, sections)) {
    const crate = crateOf(name);
    byCrate.set(crate, (byCrate.get(crate) ?? 0) + end - start);
    functions.push({ name: demangle(name), size: end - start });
  }
  const code = functions.reduce((sum, f) => sum + f.size, 0);
  let data = 0, other = 0;
  for (const s of sections) {
    if (s.id === 11) data += s.end - s.start;
    else if (s.id !== 0 && s.id !== 10) other += s.end - s.start;
  }
  functions.sort((a, b) => b.size - a.size);
  return {
    code, data, other,
    crates: [...byCrate].sort((a, b) => b[1] - a[1]).map(([crate, size]) => ({ crate, size })),
    functions,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = process.argv[2];
  const top = Number(process.argv[process.argv.indexOf("--top") + 1]) || 25;
  const b = breakdown(path);
  console.log(`code ${b.code} B, data ${b.data} B, other sections ${b.other} B`);
  for (const { crate, size } of b.crates) console.log(`${String(size).padStart(8)}  ${crate}`);
  console.log("largest functions:");
  for (const f of b.functions.slice(0, top)) console.log(`${String(f.size).padStart(8)}  ${f.name.slice(0, 140)}`);
}
