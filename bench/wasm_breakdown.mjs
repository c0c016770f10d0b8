// What in a wasm file costs what: code bytes per crate (from the name section), data, and the rest.
// twiggy 0.7 cannot read modules that use bulk-memory or reference types, which rustc emits by default,
// so this reads the sections itself. Usage: node bench/wasm_breakdown.mjs file.wasm [--top N]
import { readFileSync } from "node:fs";

function leb(bytes, at) {
  let value = 0, shift = 0, byte;
  do { byte = bytes[at++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
  return [value, at];
}

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
  const sections = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, start] = leb(bytes, at + 1);
    sections.push({ id, start, end: start + size });
    at = start + size;
  }
  const names = new Map();
  let imported = 0;
  for (const s of sections) {
    if (s.id === 2) { // imports: count imported functions, since they come first in the index space
      let [count, p] = leb(bytes, s.start);
      for (let i = 0; i < count; i++) {
        for (let k = 0; k < 2; k++) { const [len, q] = leb(bytes, p); p = q + len; }
        const kind = bytes[p++];
        if (kind === 0) { imported++; [, p] = leb(bytes, p); }
        else if (kind === 1) { p++; const flags = bytes[p++]; [, p] = leb(bytes, p); if (flags & 1) [, p] = leb(bytes, p); }
        else if (kind === 2) { const flags = bytes[p++]; [, p] = leb(bytes, p); if (flags & 1) [, p] = leb(bytes, p); }
        else if (kind === 3) { p += 2; }
        else if (kind === 4) { p++; [, p] = leb(bytes, p); }
      }
    }
    if (s.id === 0) {
      const [len, p] = leb(bytes, s.start);
      if (bytes.subarray(p, p + len).toString() !== "name") continue;
      let q = p + len;
      while (q < s.end) {
        const kind = bytes[q];
        const [size, r] = leb(bytes, q + 1);
        if (kind === 1) {
          let [count, t] = leb(bytes, r);
          for (let i = 0; i < count; i++) {
            const [index, u] = leb(bytes, t);
            const [nlen, v] = leb(bytes, u);
            names.set(index, bytes.subarray(v, v + nlen).toString());
            t = v + nlen;
          }
        }
        q = r + size;
      }
    }
  }
  const byCrate = new Map();
  const functions = [];
  let code = 0, data = 0, other = 0;
  for (const s of sections) {
    if (s.id === 10) {
      let [count, p] = leb(bytes, s.start);
      for (let i = 0; i < count; i++) {
        const [size, body] = leb(bytes, p);
        const name = names.get(imported + i) ?? `function[${imported + i}]`;
        const crate = crateOf(name);
        byCrate.set(crate, (byCrate.get(crate) ?? 0) + size);
        functions.push({ name: demangle(name), size });
        code += size;
        p = body + size;
      }
    } else if (s.id === 11) data += s.end - s.start;
    else if (s.id !== 0) other += s.end - s.start;
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
