// A marketer trusts the dashboard's figures. They are counts kept beside the answers (rollups per
// page and day), so they must stay exactly what counting every answer gives, whatever happens to
// the answers: visitors answer, change their minds and retry, spam is marked and cleared, items are
// triaged (and acknowledged and resolved, which the handling figures count), customers answer,
// rules move items between teams — and retention deletes old answers,
// after which the counts keep their history (while the inbox's tabs count only the items left).
// Random, from a seed printed on failure (set COUNTS_SEED to replay one).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ADMIN_TOKEN, DEMO_TOKEN, startCollector } from "./harness.mjs";

const SEED = Number(process.env.COUNTS_SEED ?? Date.now() % 1_000_000);
let collector;
before(async () => {
  collector = await startCollector({ name: "rollups", vars: { RETENTION_ITEM_DAYS: "400" } });
});
after(async () => {
  await collector?.stop();
});

/** mulberry32: a small seeded generator, so a failing run can be replayed. */
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = generator(SEED);
const pick = (xs) => xs[Math.floor(random() * xs.length)];
const chance = (p) => random() < p;

const PAGES = ["/billing/invoices", "/billing/cards", "/docs/setup", "/docs/api", "/pricing", "/"].map((p) => `http://127.0.0.1:9/${p.slice(1)}`);
const RATINGS = ["up", "down", "sad", "neutral", "happy"];
const NEGATIVE_REASONS = ["incorrect", "hard_to_understand", "missing_information", "out_of_date", "translation_issue", "did_not_solve", "other"];
const POSITIVE_REASONS = ["clear", "solved", "good_examples"];
const COMMENTS = [null, null, "Thanks, that helped", "This is wrong and I want a refund now!", "Could be clearer", "Geweldig, dank je"];

/** Every rollup row that differs from counting the raw answers, both ways, per page (`page_days`)
 * and per site (`site_days`), votes and reasons, and the inbox's counts (`inbox_counts`); [] when exact. */
async function differences(where = "1") {
  const found = [];
  for (const [days, reasons, keys] of [["page_days", "page_day_reasons", "page, "], ["site_days", "site_day_reasons", ""]]) {
    const raw = `SELECT site_id, coalesce(day, substr(created_at, 1, 10)) AS day, ${keys}channel, coalesce(team, '') AS team,
      notice_id IS NOT NULL AS notice, count(*) AS items, sum(rating IS 'up') AS up, sum(rating IS 'down') AS down,
      sum(rating IS 'sad') AS sad, sum(rating IS 'neutral') AS neutral, sum(rating IS 'happy') AS happy,
      count(mood) AS moods, round(coalesce(sum(mood), 0), 6) AS mood_sum, count(urgent) AS urgent, count(comment) AS comments,
      count(customer_answer) AS answered, sum(customer_answer IS 'solved') AS solved,
      sum(urgent IS NOT NULL AND acknowledged_at IS NOT NULL) AS acknowledged, sum(urgent IS NOT NULL AND resolved_at IS NOT NULL) AS resolved,
      sum(urgent IS NOT NULL AND customer_answer IS NOT NULL) AS urgent_answered, sum(urgent IS NOT NULL AND customer_answer IS 'solved') AS urgent_solved
      FROM feedback WHERE spam IS NULL
      GROUP BY site_id, coalesce(day, substr(created_at, 1, 10)), ${keys}channel, coalesce(team, ''), notice_id IS NOT NULL`;
    const kept = `SELECT site_id, day, ${keys}channel, team, notice, items, up, down, sad, neutral, happy, moods,
      round(mood_sum, 6) AS mood_sum, urgent, comments, answered, solved, acknowledged, resolved, urgent_answered, urgent_solved FROM ${days}
      WHERE (items, up, down, sad, neutral, happy, moods, urgent, comments, answered, solved, acknowledged, resolved, urgent_answered, urgent_solved)
        != (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)`;
    const reasonsRaw = `SELECT f.site_id, coalesce(f.day, substr(f.created_at, 1, 10)) AS day, ${keys.replace("page", "f.page")}f.channel, coalesce(f.team, '') AS team,
      f.notice_id IS NOT NULL AS notice, r.value AS reason, count(*) AS votes FROM feedback f, json_each(f.reasons) r
      WHERE f.spam IS NULL GROUP BY f.site_id, coalesce(f.day, substr(f.created_at, 1, 10)), ${keys.replace("page", "f.page")}f.channel,
        coalesce(f.team, ''), f.notice_id IS NOT NULL, r.value`;
    const reasonsKept = `SELECT site_id, day, ${keys}channel, team, notice, reason, votes FROM ${reasons} WHERE votes != 0`;
    const rows = await collector.d1(`SELECT '${days} missing' AS what, * FROM (SELECT * FROM (${raw}) WHERE ${where} EXCEPT SELECT * FROM (${kept}) WHERE ${where})
      UNION ALL SELECT '${days} extra', * FROM (SELECT * FROM (${kept}) WHERE ${where} EXCEPT SELECT * FROM (${raw}) WHERE ${where}) LIMIT 10`);
    const reasonRows = await collector.d1(`SELECT '${reasons} missing' AS what, * FROM (SELECT * FROM (${reasonsRaw}) WHERE ${where} EXCEPT SELECT * FROM (${reasonsKept}) WHERE ${where})
      UNION ALL SELECT '${reasons} extra', * FROM (SELECT * FROM (${reasonsKept}) WHERE ${where} EXCEPT SELECT * FROM (${reasonsRaw}) WHERE ${where}) LIMIT 10`);
    found.push(...rows, ...reasonRows);
  }
  // Per page and week: what the days of that week hold.
  const counters = "items, up, down, sad, neutral, happy, moods, round(mood_sum, 6) AS mood_sum, urgent, comments, answered, solved";
  const weeksFromDays = `SELECT site_id, week, page, channel, team, notice, sum(items) AS items, sum(up) AS up, sum(down) AS down,
    sum(sad) AS sad, sum(neutral) AS neutral, sum(happy) AS happy, sum(moods) AS moods, round(sum(mood_sum), 6) AS mood_sum,
    sum(urgent) AS urgent, sum(comments) AS comments, sum(answered) AS answered, sum(solved) AS solved
    FROM page_days GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(items) != 0`;
  const weeksKept = `SELECT site_id, week, page, channel, team, notice, ${counters} FROM page_weeks WHERE items != 0`;
  found.push(...await collector.d1(`SELECT 'page_weeks missing' AS what, * FROM (${weeksFromDays} EXCEPT ${weeksKept})
    UNION ALL SELECT 'page_weeks extra', * FROM (${weeksKept} EXCEPT ${weeksFromDays}) LIMIT 10`));
  // The inbox's tabs count the urgent items that exist now, by team, owner and status.
  const inbox = `SELECT site_id, coalesce(team, '') AS team, coalesce(owner, '') AS owner, status, count(*) AS n
    FROM feedback WHERE urgent IS NOT NULL GROUP BY 1, 2, 3, 4`;
  const inboxKept = "SELECT site_id, team, owner, status, n FROM inbox_counts WHERE n != 0";
  found.push(...await collector.d1(`SELECT 'inbox_counts missing' AS what, * FROM (${inbox} EXCEPT ${inboxKept})
    UNION ALL SELECT 'inbox_counts extra', * FROM (${inboxKept} EXCEPT ${inbox}) LIMIT 10`));
  return found;
}

/** One visitor's answer, a change of mind or a retry, as the widget sends it. */
function answer(visitors) {
  const visitor = pick(visitors);
  const page = pick(PAGES);
  const earlier = visitor.keys.get(page);
  // A third of the time the visitor's widget sends a newer revision of an answer it sent.
  const revise = earlier && chance(0.35);
  const rating = chance(0.9) ? pick(RATINGS) : null;
  const comment = pick(COMMENTS) ?? (rating ? null : "Just a comment");
  const negative = rating === "down" || rating === "sad";
  // Reasons explain a yes or a no; a neutral face takes none.
  const reasons = rating && rating !== "neutral" && chance(0.5) ? [pick(negative ? NEGATIVE_REASONS : POSITIVE_REASONS)] : [];
  const key = revise ? earlier.key : `k-${visitor.id}-${page.length}-${Math.floor(random() * 1e9)}`;
  const revision = revise ? earlier.revision + 1 : 0;
  visitor.keys.set(page, { key, revision });
  return {
    visitor,
    body: {
      site: "demo", page, rating, reasons, comment, locale: pick(["en", "nl", "de"]),
      channel: pick(["web", "web", "kiosk"]), idempotency_key: key, revision,
      // The hidden field people never fill: now and then a bot's answer, marked as spam.
      ...(chance(0.08) ? { website: "http://spam.example" } : {}),
    },
  };
}

test("the dashboard's counts equal counting every answer, however answers change, and keep their history after retention", async (t) => {
  t.diagnostic(`COUNTS_SEED=${SEED}`);
  assert.equal((await collector.api("/v1/admin/sites/demo/teams/billing", { method: "PUT", token: ADMIN_TOKEN, body: {} })).status, 201);
  assert.equal((await collector.api("/v1/admin/sites/demo/teams/docs", { method: "PUT", token: ADMIN_TOKEN, body: {} })).status, 201);
  const route = (rules, reassign) => collector.api("/v1/admin/sites/demo/routing", { method: "PUT", token: ADMIN_TOKEN, body: { rules, reassign } });
  assert.equal((await route([{ page: "/billing/*", team: "billing" }, { page: "/docs/*", team: "docs" }], false)).status, 200);

  // 1,500 answers from 200 visitors, six at a time, as a busy site gets them.
  const visitors = Array.from({ length: 200 }, (_, id) => ({ id, keys: new Map() }));
  const planned = Array.from({ length: 1500 }, () => answer(visitors));
  const statuses = [];
  const problems = [];
  let next = 0;
  await Promise.all(Array.from({ length: 6 }, async () => {
    while (next < planned.length) {
      const { visitor, body } = planned[next++];
      const response = await fetch(`${collector.url}/v1/feedback`, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": `visitor-${visitor.id}`, origin: "http://127.0.0.1:9" },
        body: JSON.stringify(body),
      });
      statuses.push(response.status);
      const text = await response.text();
      if (response.status >= 300) problems.push(`${JSON.stringify(body)} → ${text}`);
    }
  }));
  assert.deepEqual(problems.slice(0, 3), [], "every answer accepted");
  const [{ n: stored }] = await collector.d1("SELECT count(*) AS n FROM feedback");
  assert.ok(stored > 500 && stored < 1500, `changes of mind merge into items (${stored} items)`);
  assert.deepEqual(await differences(), [], "after the answers");

  // Triage through the API (which must not touch the counts), then rules that move items.
  const items = await collector.d1("SELECT id FROM feedback ORDER BY id LIMIT 150");
  for (const { id } of items) {
    const moved = await collector.api(`/v1/sites/demo/feedback/${id}`, { method: "PATCH", token: DEMO_TOKEN, body: { status: pick(["acknowledged", "resolved", "new"]) } });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
  }
  const reassigned = await route([{ page: "/pricing", team: "billing" }, { page: "/billing/*", team: "docs" }], true);
  assert.equal(reassigned.status, 200);
  assert.ok(reassigned.body.reassigned_items > 0);
  assert.deepEqual(await differences(), [], "after triage and reassignment");

  // A thousand more changes straight to the answers, as any future code path might make them:
  // spam verdicts both ways, new ratings and reasons, customers' answers, teams, notices.
  const ids = (await collector.d1("SELECT id FROM feedback")).map((r) => r.id);
  const [{ id: notice }] = await collector.d1(`INSERT INTO page_notes (id, site_id, page, kind, lang, text, published_at, expires_at, author)
    VALUES ('n-1', 'demo', '${PAGES[0]}', 'notice', 'en', 'Known issue', 0, 32503680000000, 'api') RETURNING id`);
  const quote = (v) => (v === null ? "NULL" : `'${v}'`);
  const changes = Array.from({ length: 1000 }, () => {
    const id = pick(ids);
    const change = pick([
      () => `spam = ${quote(pick([null, null, "honeypot", "link_stuffing"]))}`,
      () => `rating = ${quote(pick(RATINGS))}`,
      () => `reasons = '${JSON.stringify(chance(0.5) ? [pick(NEGATIVE_REASONS), pick(POSITIVE_REASONS)] : [])}'`,
      () => `customer_answer = ${quote(pick([null, "solved", "not_solved"]))}`,
      () => `team = ${quote(pick([null, "billing", "docs"]))}`,
      () => `notice_id = ${quote(pick([null, notice]))}`,
      () => `mood = ${chance(0.3) ? "NULL" : (random() * 2 - 1).toFixed(4)}, comment = coalesce(comment, 'changed')`,
      () => `urgent = ${chance(0.5) ? "NULL" : `'["keyword"]'`}`,
      () => `status = '${pick(["new", "acknowledged", "resolved"])}', owner = 'sam'`,
      // When an item was first acknowledged or resolved (the handling counts), set and cleared.
      () => `acknowledged_at = ${quote(pick([null, new Date().toISOString()]))}`,
      () => `resolved_at = ${quote(pick([null, new Date().toISOString()]))}`,
    ])();
    return `UPDATE feedback SET ${change} WHERE id = '${id}';`;
  });
  await collector.load(changes.join("\n"));
  assert.deepEqual(await differences(), [], "after a thousand changes");

  // Ten weeks of answers, then ranges that start and end on any weekday: the pages of a range read
  // its whole weeks from the weekly counts and its ends from the daily ones, and must count what
  // counting the answers of the range gives.
  const spread = Array.from({ length: 600 }, (_, i) => {
    const at = new Date(Date.now() - Math.floor(random() * 70 * 86_400_000)).toISOString();
    return `('spread-${i}', 'demo', '${pick(PAGES)}', ${quote(chance(0.9) ? pick(RATINGS) : null)}, 'A comment', 'sv-${i}', 'spread-key-${i}', '${at}', '${at}', ${chance(0.05) ? "'honeypot'" : "NULL"}, '${pick(["web", "kiosk"])}')`;
  });
  const inserts = [];
  for (let i = 0; i < spread.length; i += 100) {
    inserts.push(`INSERT INTO feedback (id, site_id, page, rating, comment, visitor, idempotency_key, created_at, updated_at, spam, channel) VALUES ${spread.slice(i, i + 100).join(", ")};`);
  }
  await collector.load(inserts.join("\n"));
  assert.deepEqual(await differences(), [], "with ten weeks of answers");
  const dayBefore = (days) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
  for (let i = 0; i < 12; i++) {
    const [a, b] = [Math.floor(random() * 75), Math.floor(random() * 75)];
    const [from, to] = [dayBefore(Math.max(a, b)), dayBefore(i < 3 ? Math.max(a, b) - i * 3 : Math.min(a, b))];
    const channel = chance(0.3) ? "kiosk" : null;
    const pages = await collector.api(`/v1/sites/demo/pages?from=${from}&to=${to}${channel ? `&channel=${channel}` : ""}`, { token: DEMO_TOKEN });
    assert.equal(pages.status, 200, JSON.stringify(pages.body));
    const got = Object.fromEntries(pages.body.pages.map((p) => [p.page, [p.positive, p.negative, p.neutral]]));
    const raw = await collector.d1(`SELECT page, sum(rating IN ('up', 'happy')) AS positive, sum(rating IN ('down', 'sad')) AS negative,
      sum(rating IS 'neutral') AS neutral FROM feedback WHERE site_id = 'demo' AND spam IS NULL AND rating IS NOT NULL
      AND coalesce(day, substr(created_at, 1, 10)) BETWEEN '${from}' AND '${to}' ${channel ? `AND channel = '${channel}'` : ""} GROUP BY page`);
    const expected = Object.fromEntries(raw.map((r) => [r.page, [r.positive, r.negative, r.neutral]]));
    assert.deepEqual(got, expected, `pages from ${from} to ${to}${channel ? ` on ${channel}` : ""}`);
  }

  // Retention: answers from 500 days ago, counted, then deleted by the daily job. Their days keep
  // their totals; every other day still matches its answers.
  const old = new Date(Date.now() - 500 * 86_400_000).toISOString();
  const oldDay = old.slice(0, 10);
  const values = Array.from({ length: 200 }, (_, i) =>
    `('old-${i}', 'demo', '${pick(PAGES)}', '${pick(RATINGS)}', '${JSON.stringify(chance(0.3) ? [pick(POSITIVE_REASONS)] : [])}', 'ov-${i}', 'old-key-${i}', '${old}', '${old}', ${chance(0.1) ? "'honeypot'" : "NULL"},
      ${chance(0.2) ? `'["keyword"]'` : "NULL"}, '${pick(["new", "acknowledged", "resolved"])}', ${quote(pick([null, "billing"]))})`);
  await collector.load(`INSERT INTO feedback (id, site_id, page, rating, reasons, visitor, idempotency_key, created_at, updated_at, spam, urgent, status, team) VALUES ${values.join(", ")};`);
  assert.deepEqual(await differences(), [], "with the old answers");
  const history = await collector.d1(`SELECT page, channel, sum(items) AS items, sum(up) AS up, sum(down) AS down FROM page_days WHERE day = '${oldDay}' GROUP BY 1, 2 ORDER BY 1, 2`);
  const [{ n: counted }] = await collector.d1(`SELECT count(*) AS n FROM feedback WHERE created_at = '${old}' AND spam IS NULL`);
  assert.equal(history.reduce((sum, r) => sum + r.items, 0), counted);
  const run = await fetch(`${collector.url}/__scheduled?cron=${encodeURIComponent("17 3 * * *")}`);
  assert.equal(run.status, 200);
  assert.deepEqual(await collector.d1(`SELECT id FROM feedback WHERE created_at = '${old}'`), [], "retention deleted the old answers");
  assert.deepEqual(await collector.d1(`SELECT page, channel, sum(items) AS items, sum(up) AS up, sum(down) AS down FROM page_days WHERE day = '${oldDay}' GROUP BY 1, 2 ORDER BY 1, 2`), history,
    "their day keeps its totals");
  assert.deepEqual(await differences(`day != '${oldDay}'`), [], "every other day still matches its answers, and the inbox what is left");
  // The read API counts them too: the pages call over that day.
  const pages = await collector.api(`/v1/sites/demo/pages?from=${oldDay}&to=${oldDay}`, { token: DEMO_TOKEN });
  assert.equal(pages.status, 200);
  assert.equal(pages.body.pages.reduce((sum, p) => sum + p.votes, 0), counted);
});
