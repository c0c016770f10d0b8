// Reads what the size tools need from a wasm module: its sections, and each defined function's
// body and name (from the name section). twiggy 0.7 cannot read modules that use bulk-memory or
// reference types, which rustc emits by default, so this reads the binary itself.

/** An unsigned LEB128 number at `at`: [value, the offset after it]. */
export function leb(bytes, at) {
  let value = 0, shift = 0, byte;
  do { byte = bytes[at++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
  return [value, at];
}

/** `n` as unsigned LEB128 bytes. */
export function uleb(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
}

/** Every section: its id, where its header starts (`at`), and where its payload starts and ends. */
export function sections(bytes) {
  const found = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, start] = leb(bytes, at + 1);
    found.push({ id, at, start, end: start + size });
    at = start + size;
  }
  return found;
}

/** How many functions are imported: they come first in the function index space. */
function importedFunctions(bytes, all) {
  let imported = 0;
  for (const s of all.filter((s) => s.id === 2)) {
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
  return imported;
}

/** Function names by index, from the `name` custom section (empty when the module has none). */
function functionNames(bytes, all) {
  const names = new Map();
  for (const s of all.filter((s) => s.id === 0)) {
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
  return names;
}

/** Each defined function, in order: its name (or `function[index]`) and its body's byte range. */
export function functions(bytes, all = sections(bytes)) {
  const imported = importedFunctions(bytes, all);
  const names = functionNames(bytes, all);
  const list = [];
  for (const s of all.filter((s) => s.id === 10)) {
    let [count, p] = leb(bytes, s.start);
    for (let i = 0; i < count; i++) {
      const [size, body] = leb(bytes, p);
      list.push({ name: names.get(imported + i) ?? `function[${imported + i}]`, start: body, end: body + size });
      p = body + size;
    }
  }
  return list;
}
