// The daily cron job forgets e-mail addresses after 90 days, items after two years, and salts after
// their day, so visitor ids of different days cannot be linked.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startCollector } from "./harness.mjs";

let collector;
before(async () => {
  collector = await startCollector({ name: "retention" });
});
after(async () => {
  await collector?.stop();
});

const daysAgo = (days) => new Date(Date.now() - days * 86_400_000).toISOString();

test("the retention job keeps what is young and forgets what is old", async () => {
  const rows = [
    ["young", daysAgo(10), "ann@example.com"],
    ["contact-expired", daysAgo(100), "bob@example.com"],
    ["item-expired", daysAgo(800), "cy@example.com"],
  ];
  const values = rows
    .map(([id, at, email]) => `('${id}', 'demo', 'https://x.test/${id}', 'down', 'words', '${email}', 1, 'v-${id}', 'k-${id}-000', '${at}', '${at}')`)
    .join(", ");
  await collector.d1(
    `INSERT INTO feedback (id, site_id, page, rating, comment, contact_email, contact_consent, visitor, idempotency_key, created_at, updated_at) VALUES ${values}`,
  );
  await collector.d1(`INSERT INTO daily_salts (day, salt) VALUES ('2020-01-01', 'old'), ('${daysAgo(0).slice(0, 10)}', 'today')`);

  const run = await fetch(`${collector.url}/__scheduled?cron=${encodeURIComponent("17 3 * * *")}`);
  assert.equal(run.status, 200);

  const kept = await collector.d1("SELECT id, contact_email FROM feedback ORDER BY id");
  assert.deepEqual(kept, [
    { id: "contact-expired", contact_email: null },
    { id: "young", contact_email: "ann@example.com" },
  ]);
  const salts = await collector.d1("SELECT day FROM daily_salts");
  assert.deepEqual(salts, [{ day: daysAgo(0).slice(0, 10) }]);
});
