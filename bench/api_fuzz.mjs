// API fuzzing with schemathesis against the collector's own OpenAPI document on `wrangler dev`
// (loopback): no 5xx, and every answer's status, content type and body match the document.
// Installs schemathesis (bench/api_fuzz/requirements.txt) into .state/venv when missing. Writes its
// section of BENCHMARKS.md and exits non-zero when schemathesis finds a failure.
// Run after ./scripts/build:   node bench/api_fuzz.mjs
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { ADMIN_TOKEN, DEMO_TOKEN, ROOT, startCollector, startReceiver } from "../e2e/harness.mjs";
import { writeSection } from "./sections.mjs";

const venv = join(ROOT, ".state", "venv", "bin");
if (!existsSync(join(venv, "schemathesis"))) {
  execFileSync(join(venv, "pip"), ["install", "--quiet", "-r", join(ROOT, "bench", "api_fuzz", "requirements.txt")], { stdio: "inherit" });
}
// One attempt before a webhook is dead, so the replay operation has a dead delivery to replay.
const collector = await startCollector({ name: "bench-api-fuzz", vars: { WEBHOOK_MAX_ATTEMPTS: "1" } });
const receiver = await startReceiver();
const passes = [];
try {
  // Real rows for the operations that take an id: an urgent item, an endpoint and its delivery.
  const endpoint = await collector.api("/v1/admin/sites/demo/endpoints", { method: "POST", token: ADMIN_TOKEN, body: { url: `${receiver.url}/hooks` } });
  await receiver.control({ secret: endpoint.body.secret, answers: [500] });
  await collector.api("/v1/admin/sites/demo", { method: "PATCH", token: ADMIN_TOKEN, body: { public_results: true } });
  const item = await collector.api("/v1/feedback", {
    method: "POST",
    body: { site: "demo", page: "https://docs.example.com/fuzz", rating: "down", comment: "Wrong price, I want a refund.", idempotency_key: "api-fuzz-item-key" },
  });
  const dead = async () => (await collector.api("/v1/admin/sites/demo/deliveries?status=dead", { token: ADMIN_TOKEN })).body.deliveries ?? [];
  for (const t0 = Date.now(); (await dead()).length === 0 && Date.now() - t0 < 30_000; ) await new Promise((resolve) => setTimeout(resolve, 500));
  const deliveries = { body: { deliveries: await dead() } };
  const ids = {
    FEEDBACK_ITEM_ID: item.body.id,
    FEEDBACK_ENDPOINT_ID: endpoint.body.id,
    FEEDBACK_DELIVERY_ID: deliveries.body.deliveries?.[0]?.event_id,
  };
  if (Object.values(ids).some((id) => !id)) throw new Error(`could not make the rows to fuzz against: ${JSON.stringify(ids)}`);
  // Site-token operations first: the admin pass may rotate the demo site's read token.
  for (const [label, token, filter] of [
    ["site-token operations", DEMO_TOKEN, ["--exclude-path-regex", "/v1/admin/.*"]],
    ["admin operations", ADMIN_TOKEN, ["--include-path-regex", "/v1/admin/.*"]],
  ]) {
    const run = spawnSync(join(venv, "schemathesis"), [
      "--config-file", "bench/api_fuzz/schemathesis.toml", "run", `${collector.url}/v1/openapi.json`, "--url", collector.url,
      "--checks", "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance",
      ...filter, "--no-color",
    ], { cwd: ROOT, env: { ...process.env, ...ids, FEEDBACK_TOKEN: token }, encoding: "utf8", timeout: 600_000, maxBuffer: 64 << 20 });
    const out = `${run.stdout ?? ""}${run.stderr ?? ""}`;
    process.stdout.write(out);
    const operations = out.match(/(\d+) (?:selected|operations)/)?.[1];
    passes.push({ label, status: run.status, cases: out.match(/(\d+) generated, (\d+) passed(?:, (\d+) failed)?/), operations });
  }
} finally {
  await receiver.stop();
  await collector.stop();
}
const section = `<!-- api-fuzz:start -->
## API fuzzing

Command: \`./scripts/build && node bench/api_fuzz.mjs\` · machine: ${cpus().length} × ${cpus()[0].model.trim()},
shared · date: ${new Date().toISOString().slice(0, 10)} · schemathesis ${readFileSync(join(ROOT, "bench", "api_fuzz", "requirements.txt"), "utf8").split("==")[1].trim()}
against \`/v1/openapi.json\` on \`wrangler dev\` (loopback), site paths pinned to the demo site
(\`bench/api_fuzz/schemathesis.toml\`), checks: no server error, status code, content type and body
conform to the document.

| pass | token | generated requests | passed | failed | exit status |
| --- | --- | ---: | ---: | ---: | ---: |
${passes.map(({ label, status, cases }) => `| ${label} | ${label.startsWith("admin") ? "\`ADMIN_TOKEN\`" : "the demo site's read token"} | ${cases?.[1] ?? "?"} | ${cases?.[2] ?? "?"} | ${cases ? (cases[3] ?? 0) : "?"} | ${status} |`).join("\n")}

Item, endpoint and delivery ids are pinned to rows the script makes first (an urgent item, a webhook
endpoint on a loopback receiver that refuses, its dead delivery), the demo site publishes its results,
and half of the well-formed feedback bodies are pointed at the demo site (\`bench/api_fuzz/hooks.py\`),
so those operations reach their success paths; the site-token pass runs first because the admin pass
may rotate the demo site's token.
<!-- api-fuzz:end -->`;
writeSection("api-fuzz", section);
console.log(section);
process.exitCode = passes.length === 2 && passes.every((p) => p.status === 0) ? 0 : 1;
