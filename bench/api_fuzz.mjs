// API fuzzing with schemathesis against the collector's own OpenAPI document on `wrangler dev`
// (loopback): no 5xx, and every answer's status, content type and body match the document.
// Installs schemathesis (bench/api_fuzz/requirements.txt) into .state/venv when missing. Writes its
// section of BENCHMARKS.md and exits non-zero when schemathesis finds a failure.
// Run after ./scripts/build:   node bench/api_fuzz.mjs
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { DEMO_TOKEN, ROOT, startCollector } from "../e2e/harness.mjs";

const venv = join(ROOT, ".state", "venv", "bin");
if (!existsSync(join(venv, "schemathesis"))) {
  execFileSync(join(venv, "pip"), ["install", "--quiet", "-r", join(ROOT, "bench", "api_fuzz", "requirements.txt")], { stdio: "inherit" });
}
const collector = await startCollector({ name: "bench-api-fuzz" });
let result;
try {
  result = spawnSync(join(venv, "schemathesis"), [
    "--config-file", "bench/api_fuzz/schemathesis.toml", "run", `${collector.url}/v1/openapi.json`, "--url", collector.url,
    "--checks", "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance",
    // The admin routes take the operator's token, not the site's; they are covered by the stories.
    "--exclude-path-regex", "/v1/admin/.*", "--no-color",
  ], { cwd: ROOT, env: { ...process.env, FEEDBACK_TOKEN: DEMO_TOKEN }, encoding: "utf8", timeout: 600_000, maxBuffer: 64 << 20 });
} finally {
  await collector.stop();
}
const out = `${result.stdout ?? ""}${result.stderr ?? ""}`;
process.stdout.write(out);
const cases = out.match(/(\d+) generated, (\d+) passed(?:, (\d+) failed)?/);
const section = `<!-- api-fuzz:start -->
## API fuzzing

Command: \`./scripts/build && node bench/api_fuzz.mjs\` · machine: ${cpus().length} × ${cpus()[0].model.trim()},
shared · date: ${new Date().toISOString().slice(0, 10)} · schemathesis ${readFileSync(join(ROOT, "bench", "api_fuzz", "requirements.txt"), "utf8").split("==")[1].trim()}
against \`/v1/openapi.json\` on \`wrangler dev\` (loopback), site paths pinned to the demo site
(\`bench/api_fuzz/schemathesis.toml\`), checks: no server error, status code, content type and body
conform to the document.

${cases ? `**${cases[1]} generated requests, ${cases[2]} passed${cases[3] ? `, ${cases[3]} failed` : ", 0 failed"}** over the 9 site-token operations.` : "schemathesis did not report a summary; see its output."}
Exit status ${result.status}. Operations on items and public results mostly meet 404 (random item ids,
a site that does not publish), so they are exercised for their refusals rather than their success paths.
<!-- api-fuzz:end -->`;
const path = join(ROOT, "BENCHMARKS.md");
let doc = readFileSync(path, "utf8");
doc = doc.includes("<!-- api-fuzz:start -->")
  ? doc.replace(/<!-- api-fuzz:start -->[\s\S]*<!-- api-fuzz:end -->/, section)
  : `${doc.trimEnd()}\n\n${section}\n`;
writeFileSync(path, doc);
console.log(section);
process.exitCode = result.status === 0 ? 0 : 1;
