// What a nightly toolchain would take off the widget's wasm: the same release build and the same
// scripts/pack-wasm as scripts/build, once on stable (what ships) and once on nightly with std rebuilt
// for size (`-Zbuild-std`, `optimize_for_size`), panics that abort without a message, and no file/line
// or Debug strings. Installs nightly and rust-src on first use (as bench/fuzz.sh does). Writes its
// section of BENCHMARKS.md.   Run after ./scripts/build:   node bench/widget_nightly.mjs
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../e2e/harness.mjs";
import { writeSection } from "./sections.mjs";
import { brotli, CARGO_FIRST_PATH } from "./size.mjs";

const sh = (cmd, args, env = {}) =>
  execFileSync(cmd, args, { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, PATH: CARGO_FIRST_PATH, ...env } });
// Legacy symbol names, as stable's: scripts/stub-dead-code.mjs finds the code to stub by them.
const NIGHTLY_FLAGS = "-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none -Csymbol-mangling-version=legacy";

if (!execFileSync("rustup", ["toolchain", "list"], { encoding: "utf8" }).split("\n").some((l) => l.startsWith("nightly"))) {
  sh("rustup", ["toolchain", "install", "nightly", "--profile", "minimal"]);
}
sh("rustup", ["component", "add", "rust-src", "--toolchain", "nightly"]);
const nightly = execFileSync("rustc", ["+nightly", "--version"], { encoding: "utf8" }).trim();

const target = join(ROOT, "target", "widget-nightly");
mkdirSync(target, { recursive: true });
sh("cargo", ["+nightly", "build", "--quiet", "-p", "widget", "--release", "--target", "wasm32-unknown-unknown",
  "-Zbuild-std=std,panic_abort", "-Zbuild-std-features=optimize_for_size"],
{ CARGO_TARGET_DIR: join(target, "cargo"), RUSTFLAGS: NIGHTLY_FLAGS });
sh(join(ROOT, "scripts", "pack-wasm"), [join(target, "cargo", "wasm32-unknown-unknown", "release", "widget.wasm"), target, "widget"]);

const stable = brotli(join(ROOT, "target", "site", "widget_bg.wasm"));
const small = brotli(join(target, "widget_bg.opt.wasm"));
const section = `<!-- widget-nightly:start -->
### What a nightly toolchain would take off

Command: \`./scripts/build && node bench/widget_nightly.mjs\` · ${nightly} · date: ${new Date().toISOString().slice(0, 10)}.

| wasm, brotli 11 | bytes |
| --- | ---: |
| as shipped (stable, the workspace's release profile: size-tuned, LTO, \`panic = "abort"\`) | ${stable} |
| nightly: std rebuilt with \`optimize_for_size\`, \`${NIGHTLY_FLAGS}\` | ${small} |
| difference | −${stable - small} (${((1 - small / stable) * 100).toFixed(1)} %) |

Not shipped: it would leave the 45 KB goal far away still, a panic would become a bare \`unreachable\`
trap without the message \`console_error_panic_hook\` prints today, and the build would depend on a
nightly toolchain and the rust-src component on every machine.
<!-- widget-nightly:end -->`;
console.log(section);
writeSection("widget-nightly", section, { before: "dashboard" });
