// The floor of a widget: the same button and status line that thanks, built with Leptos and with
// web-sys alone (bench/floors/), through the widget's own pipeline (release profile, then
// scripts/pack-wasm), beside the whole widget. Says what the framework itself costs of the
// 45 KB budget. Writes its section of BENCHMARKS.md.   Run after ./scripts/build:   node bench/floors.mjs
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "../e2e/harness.mjs";
import { writeSection } from "./sections.mjs";
import { brotli, CARGO_FIRST_PATH } from "./size.mjs";

const sh = (cmd, args, cwd = ROOT) => execFileSync(cmd, args, { cwd, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, PATH: CARGO_FIRST_PATH } });

/** Builds one floor crate as scripts/build builds the widget; returns its wasm and glue in brotli bytes. */
function floor(name) {
  const crate = join(ROOT, "bench", "floors", name);
  const out = join(ROOT, "target", "floors", name);
  const target = join(ROOT, "target", "floors", "cargo");
  sh("cargo", ["build", "--quiet", "--release", "--target", "wasm32-unknown-unknown", "--target-dir", target], crate);
  const wasm = join(target, "wasm32-unknown-unknown", "release", `floor_${name.replace("-", "_")}.wasm`);
  sh(join(ROOT, "scripts", "pack-wasm"), [wasm, out, "floor"]);
  return { wasm: brotli(join(out, "floor_bg.opt.wasm")), glue: brotli(join(out, "floor.min.js")) };
}

const leptos = floor("leptos");
const bare = floor("web-sys");
const site = join(ROOT, "target", "site");
const widget = { wasm: brotli(join(site, "widget_bg.wasm")), glue: brotli(join(site, "widget.js")) };
const total = (x) => x.wasm + x.glue;
const row = (label, x) => `| ${label} | ${x.wasm} | ${x.glue} | ${total(x)} |`;
const section = `<!-- floors:start -->
### What the framework costs

Command: \`./scripts/build && node bench/floors.mjs\` · date: ${new Date().toISOString().slice(0, 10)}. Bytes are deterministic for
one toolchain. The same smallest widget — a button and a status line that thanks — in \`bench/floors/\`,
through the widget's pipeline (release profile, then \`scripts/pack-wasm\`), brotli 11:

| built with | wasm | JavaScript glue | together |
| --- | ---: | ---: | ---: |
${row("Leptos 0.8 (CSR), one signal", leptos)}
${row("web-sys alone, one closure", bare)}
${row("the whole widget (Leptos), for scale", widget)}

Leptos's fixed cost is **${total(leptos) - total(bare)} B** of the 46 080 B budget before a single feature; the whole widget
is ${(total(widget) / total(leptos)).toFixed(1)}× its Leptos floor.
<!-- floors:end -->`;
console.log(section);
writeSection("floors", section, { before: "dashboard" });
