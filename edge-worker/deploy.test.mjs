// The worker deploys: `wrangler deploy --dry-run` (no account needed) bundles it exactly as a real
// deploy would, and its compressed size stays within edge-worker/budget.json. Bytes are
// deterministic, so this is a test.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";

const ROOT = join(import.meta.dirname, "..");
const budget = JSON.parse(readFileSync(join(import.meta.dirname, "budget.json"), "utf8"));

test("the worker bundles for deployment and stays within its compressed budget", async () => {
  const outdir = mkdtempSync(join(tmpdir(), "worker-dry-run-"));
  try {
    const { stdout, stderr } = await promisify(execFile)(
      join(ROOT, "node_modules", ".bin", "wrangler"),
      ["deploy", "--dry-run", "--outdir", outdir],
      {
        cwd: ROOT,
        timeout: 120_000,
        env: {
          ...process.env,
          WRANGLER_SEND_METRICS: "false",
          WRANGLER_HIDE_BANNER: "true",
          CLOUDFLARE_CF_FETCH_ENABLED: "false",
          XDG_CONFIG_HOME: join(ROOT, ".state", "config"),
        },
      },
    );
    const output = `${stdout}\n${stderr}`;
    assert.match(output, /--dry-run: exiting now/, output);
    const sizes = output.match(/Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/);
    assert.ok(sizes, `wrangler reported no bundle size:\n${output}`);
    const [, raw, gzip] = sizes.map(Number);
    console.log(`worker bundle: ${raw} KiB raw, ${gzip} KiB gzip (budget ${budget.gzip_kib} KiB)`);
    assert.ok(gzip <= budget.gzip_kib, `the worker is ${gzip} KiB gzip; budget ${budget.gzip_kib} KiB`);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});
