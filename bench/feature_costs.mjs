// What each of the widget's features costs a host page: the widget rebuilt without one feature after
// another (and once without the panic hook), through scripts/pack-wasm, in a copy of the workspace
// under target/feature-costs so the tree stays as it is. Each removal is a text edit that must match
// the source exactly once, or the benchmark stops and says which no longer does.
// Writes its section of BENCHMARKS.md.   Run after ./scripts/build:   node bench/feature_costs.mjs
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../e2e/harness.mjs";
import { writeSection } from "./sections.mjs";
import { brotli, CARGO_FIRST_PATH } from "./size.mjs";

const WORK = join(ROOT, "target", "feature-costs");
const COPY = join(WORK, "workspace");
const sh = (cmd, args, env = {}) =>
  execFileSync(cmd, args, { cwd: COPY, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, PATH: CARGO_FIRST_PATH, ...env } });

/** A fresh copy of what the widget is built from (the worker's sources only because it is a member). */
function copyWorkspace() {
  rmSync(COPY, { recursive: true, force: true });
  mkdirSync(COPY, { recursive: true });
  for (const part of ["Cargo.toml", "Cargo.lock", "rust-toolchain.toml", "feedback-core/Cargo.toml", "feedback-core/src",
    "widget/Cargo.toml", "widget/build.rs", "widget/build", "widget/src", "edge-worker/Cargo.toml", "edge-worker/src"]) {
    cpSync(join(ROOT, part), join(COPY, part), { recursive: true });
  }
}

/** Replaces `from` by `to` in the copy's `file`; `from` must occur exactly once. */
function edit(file, from, to) {
  const path = join(COPY, file);
  const text = readFileSync(path, "utf8");
  const found = text.split(from).length - 1;
  if (found !== 1) {
    throw new Error(`${file}: expected one ${JSON.stringify(from.slice(0, 60))}, found ${found}; update bench/feature_costs.mjs`);
  }
  writeFileSync(path, text.replace(from, () => to));
}

/** Builds the copy's widget as scripts/build does; its wasm and glue in brotli bytes. */
function weigh(name) {
  sh("cargo", ["build", "--quiet", "-p", "widget", "--release", "--target", "wasm32-unknown-unknown"],
    { CARGO_TARGET_DIR: join(WORK, "cargo") });
  const out = join(WORK, name);
  sh(join(ROOT, "scripts", "pack-wasm"), [join(WORK, "cargo", "wasm32-unknown-unknown", "release", "widget.wasm"), out, "widget"]);
  return brotli(join(out, "widget_bg.opt.wasm")) + brotli(join(out, "widget.min.js"));
}

const VIEW = "widget/src/view.rs";
const LIB = "widget/src/lib.rs";
const withoutFloating = () => {
  edit(VIEW, `        Placement::Inline => leptos::either::Either::Left(body()),
        Placement::Floating => leptos::either::Either::Right(floating(ui, body())),`, "        _ => body(),");
  edit(VIEW, "fn floating(", "#[allow(dead_code)]\nfn floating(");
  edit(VIEW, "use feedback_core::{Contact, Mode, Placement,", "use feedback_core::{Contact, Mode,");
};
const withoutFollowUp = () => edit(VIEW, "            {more(ui)}\n", "            {let _ = more;}\n");
const withoutSending = () => {
  const text = readFileSync(join(COPY, VIEW), "utf8");
  const start = text.indexOf("    fn post(self, comment: Option<String>, contact: Option<Contact>) {");
  const end = text.indexOf("    fn vote(self, rating: Rating) {");
  if (start < 0 || end < start) throw new Error(`${VIEW}: Ui::post not found; update bench/feature_costs.mjs`);
  edit(VIEW, text.slice(start, end), "    fn post(self, _comment: Option<String>, _contact: Option<Contact>) {}\n\n");
  edit(LIB, "    outbox::flush();\n", "");
};
const withoutPanicHook = () => edit(LIB, "    console_error_panic_hook::set_once();\n", "");
// Issue 18's two costs: a widget the loader can take away again (without it: mounted as before issue
// 18, with `mount_to` and its handle forgotten, so nothing of the view can ever be released), and
// reading the page again when an answer is sent.
const withoutRelease = () => {
  const text = readFileSync(join(COPY, LIB), "utf8");
  const start = text.indexOf("    let _ = any_spawner::Executor::init_wasm_bindgen();");
  const end = text.indexOf("\n}\n", start);
  if (start < 0 || end < start) throw new Error(`${LIB}: the mount block not found; update bench/feature_costs.mjs`);
  edit(LIB, text.slice(start, end), `    let host = host.clone();
    leptos::mount::mount_to(root.clone(), move || view::widget(config, host)).forget();
    if floating {
        host::into_top_layer(&root);
    }
    Ok(JsValue::NULL)`);
  edit(LIB, "use leptos::prelude::{IntoView, Owner};\nuse leptos::tachys::view::{Mountable, Render};\n", "");
};
const withoutPageNow = () => edit(VIEW, "let page = config.page_now();", "let page = config.page.clone();");

copyWorkspace();
const rows = [["the whole widget", weigh("whole")]];
for (const [step, label, remove] of [
  ["no-floating", "without the floating placement", withoutFloating],
  ["no-follow-up", "also without the follow-up form: reasons, comment, contact", withoutFollowUp],
  ["no-sending", "also without sending: outbox, memory, the request body", withoutSending],
]) {
  remove();
  rows.push([label, weigh(step)]);
}
/** What the whole widget saves without one thing, alone. */
const saving = (name, remove) => {
  copyWorkspace();
  remove();
  return rows[0][1] - weigh(name);
};
const hook = saving("no-hook", withoutPanicHook);
const release = saving("no-release", withoutRelease);
const pageNow = saving("no-page-now", withoutPageNow);

// Issue 3's goal for everything a page loads: 45 KB.
const BUDGET = 46080;
const loader = brotli(join(ROOT, "target", "site", "embed.js"));
const cardOnly = rows.at(-1)[1] + loader;
const table = rows.map(([label, bytes], i) =>
  `| ${bytes} | ${label}${i ? ` (−${((rows[i - 1][1] - bytes) / 1024).toFixed(1)} KB)` : ""} |`).join("\n");
const section = `<!-- widget-features:start -->
### What each feature costs

Command: \`./scripts/build && node bench/feature_costs.mjs\` · date: ${new Date().toISOString().slice(0, 10)}. The widget
rebuilt without one feature after another (the edits are in the script), through \`scripts/pack-wasm\`;
wasm and glue, brotli 11:

| bytes | what was built |
| ---: | --- |
${table}

The floor of a Leptos widget is in "What the framework costs" below. What sits between it and the last
row is ours: six languages' texts, the stylesheet, option parsing with its messages, the signals and
the views over them, the Shadow DOM host, the results line, the returning visitor's answer, and
\`console_error_panic_hook\` (${hook} B, measured the same way). The card alone, which sends nothing,
takes with the loader (${loader} B) ${cardOnly} of the 46 080 B budget: that leaves ${BUDGET - cardOnly} B for
the three features above, which cost ${rows[0][1] - rows.at(-1)[1]} B together.

Two costs of following a single-page site (issue 18), each measured alone against the whole widget:
a widget the loader can take away again — mounted under an owner it can dispose, handing the loader
the function that empties the shadow root and drops the view's state (its listeners' closures, its
element references), against \`mount_to\` with its handle forgotten as before — ${release} B; reading
the page again when an answer is sent, so an answer given a moment after a navigation counts for the
new page, ${pageNow} B. Brotli is not additive: each figure is the whole widget with and without it.
<!-- widget-features:end -->`;
console.log(section);
writeSection("widget-features", section, { before: "widget-nightly" });
