// A busy site: many visitors answer at the same moment, and the collector writes the answers that
// arrive together in one D1 batch (group commit). Each visitor is told "stored" only once their
// answer is; a visitor whose widget sends several revisions at once ends with the latest; retries
// never double an answer; and when one answer of a batch cannot be written, its neighbours still
// are — only that visitor hears an error, and their widget's retry stores it. When they all change
// their minds at once, each change updates that visitor's own item.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startCollector } from "./harness.mjs";

let collector;
before(async () => {
  // The first write with deliveries in the isolate fails as a whole: a write failing halfway.
  collector = await startCollector({ name: "group-commit", vars: { TEST_FAIL_DELIVERY_WRITE: "once" } });
});
after(async () => {
  await collector?.stop();
});

const send = (body, visitor) =>
  fetch(`${collector.url}/v1/feedback`, {
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": `together-${visitor}` },
    body: JSON.stringify({ site: "demo", ...body }),
  }).then(async (r) => ({ status: r.status, body: await r.json() }));

test("answers that arrive together are each stored once, a visitor's latest revision wins, and one failing write spares its neighbours", async () => {
  const page = (i) => `https://docs.example.com/together/${i % 7}`;
  // Positive answers write one statement each; only the urgent one below writes deliveries too, so
  // it is the write the test switch fails.
  const answers = Array.from({ length: 60 }, (_, i) => send({ page: page(i), rating: i % 2 ? "up" : "happy", idempotency_key: `together-${i}-key` }, i));
  // One visitor's widget sends eight revisions of one answer at once (a flaky network replaying).
  const revisions = Array.from({ length: 8 }, (_, r) => send({ page: page(100), rating: r % 2 ? "up" : "happy", comment: `revision ${r}`, idempotency_key: "one-visitor-key", revision: r }, "reviser"));
  // In the middle of the crowd, an urgent answer whose deliveries fail to write (the isolate's first
  // write with deliveries), so the batch it joins fails as a whole.
  await new Promise((resolve) => setTimeout(resolve, 5));
  const urgent = send({ page: page(300), rating: "down", comment: "I was charged twice, refund me now!", idempotency_key: "urgent-key", locale: "en" }, "urgent");
  // Exact retries of one answer, all at once.
  const retries = Array.from({ length: 10 }, () => send({ page: page(200), rating: "up", idempotency_key: "retried-key" }, "retrier"));
  const [many, revised, retried, failed] = await Promise.all([Promise.all(answers), Promise.all(revisions), Promise.all(retries), urgent]);

  assert.deepEqual(many.map((a) => a.status).filter((s) => s !== 201), [], "every neighbour stored");
  assert.equal(new Set(many.map((a) => a.body.id)).size, 60);
  assert.ok(revised.every((a) => a.status === 201 || a.status === 200), JSON.stringify(revised.map((a) => a.status)));
  assert.ok(retried.every((a) => a.status === 201 || a.status === 200));
  assert.equal(new Set(retried.map((a) => a.body.id)).size, 1, "retries name one item");
  assert.equal(failed.status, 500, JSON.stringify(failed.body));

  // The widget retries the failed answer: stored once, with its webhook's delivery.
  const again = await send({ page: page(300), rating: "down", comment: "I was charged twice, refund me now!", idempotency_key: "urgent-key", locale: "en" }, "urgent");
  assert.equal(again.status, 201, JSON.stringify(again.body));

  const rows = await collector.d1("SELECT idempotency_key, revision, comment FROM feedback WHERE page LIKE 'https://docs.example.com/together/%'");
  assert.equal(rows.length, 60 + 1 + 1 + 1, "one row per answer: no retry doubled one, none lost");
  const reviser = rows.find((r) => r.idempotency_key === "one-visitor-key");
  assert.deepEqual([reviser.revision, reviser.comment], [7, "revision 7"], "the latest revision wins");
  // The same sixty visitors change their minds at once, each with a new answer to their page: each
  // answer updates its visitor's own item (written together, one upsert for a whole batch).
  const changed = await Promise.all(Array.from({ length: 60 }, (_, i) => send({ page: page(i), rating: "down", idempotency_key: `together-${i}-changed` }, i)));
  assert.deepEqual(changed.map((a) => a.status).filter((s) => s !== 200), [], "every change of mind is an update");
  assert.deepEqual(changed.map((a) => a.body.id), many.map((a) => a.body.id), "each updated its own item");
  const downs = await collector.d1("SELECT count(*) AS n FROM feedback WHERE idempotency_key LIKE 'together-%-changed' AND rating = 'down'");
  assert.equal(downs[0].n, 60);
  const [{ n }] = await collector.d1("SELECT count(*) AS n FROM deliveries WHERE event_type = 'feedback.urgent'");
  assert.equal(n, 0, "no endpoint: the urgent answer raised no delivery, and the failed write left none behind");
  // The dashboard's counts hold the same answers.
  const [{ items }] = await collector.d1("SELECT sum(items) AS items FROM page_days WHERE page LIKE 'https://docs.example.com/together/%'");
  assert.equal(items, rows.length);
});
